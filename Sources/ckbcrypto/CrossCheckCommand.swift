import ArgumentParser
import CKBJSON
import CKBScripts
import CKBVectors
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// `ckbcrypto crosscheck`: every vector off-chain and on-chain; any disagreement is a failure.
struct CrossCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Run vector suites off-chain (Swift) and on-chain (contracts in CKB-VM) and compare the verdicts.",
        discussion: """
            Each case runs once with the Swift primitive and once as a transaction whose type
            script is the matching contract (hash_check for digests), verified by the CKB
            validator. A verdict is whether the check succeeded; the two must agree. Cases with
            no on-chain twin (HMAC, truncated digests, Monte Carlo chains) run off-chain only and
            are counted. With no PATH, runs the project's Vectors/ and, when present,
            ../shared/vectors.

            Exit status: 0 every verdict agreed, 1 any disagreement, 2 bad input.
            """
    )

    @Option(help: "Only suites whose file path contains this text.")
    var suite: String?

    @Option(help: "Worker threads (default: every core).")
    var jobs: Int?

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    @Argument(help: "Vector files or folders.")
    var paths: [String] = []

    func run() throws {
        let loaded = try VectorFiles.load(paths)
        var files: [VectorFile] = []
        var unreadable = 0
        for item in loaded {
            switch item {
            case .success(let file):
                if let suite, !file.path.contains(suite) { continue }
                files.append(file)
            case .failure(let error):
                Standard.error("ckbcrypto: \(error)")
                unreadable += 1
            }
        }
        let checker: CrossChecker
        do {
            checker = try CrossChecker()
        } catch {
            throw InputError(error.description)
        }
        let workers = max(1, jobs ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let total = files.reduce(0) { $0 + $1.cases.count }
        let bar = isatty(2) == 1 && !json ? ProgressBar(total: total) : nil
        var reports: [CrossChecker.SuiteReport] = []
        for file in files {
            let base = bar?.done ?? 0
            reports.append(checker.run(file, jobs: workers) { n in bar?.update(base + n) })
            bar?.done = base + file.cases.count
        }
        bar?.finish()
        let disagreements = reports.flatMap { r in r.outcomes.filter { $0.agreed == false }.map { (r.name, $0) } }
        if json {
            printJSON(reports, disagreements)
        } else {
            printTables(reports, disagreements)
        }
        if unreadable > 0 { throw ExitCode(2) }
        if !disagreements.isEmpty { throw ExitCode(1) }
    }

    func printTables(_ reports: [CrossChecker.SuiteReport], _ disagreements: [(String, CrossChecker.Outcome)]) {
        var rows = [["suite", "cases", "agreed", "disagreed", "off-chain only", "skipped", "off-chain ok", "on-chain ok",
                     "cycles min/median/max"]]
        for r in reports {
            let cycles = r.cycles.map { "\($0.min)/\($0.median)/\($0.max)" } ?? "-"
            rows.append([displayName(r.name), "\(r.cases)", "\(r.agreed)", "\(r.disagreed)", "\(r.offchainOnly)", "\(r.skipped)",
                         "\(r.offchainAccepted)", "\(r.onchainAccepted)", cycles])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
        for row in rows {
            let cells = row.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return c == 0 ? text + pad : pad + text
            }
            print(cells.joined(separator: "  "))
        }
        for (suite, outcome) in disagreements.prefix(50) {
            print("DISAGREE  \(displayName(suite))  case \(outcome.id): off-chain \(verdict(outcome.offchain)), on-chain \(verdict(outcome.onchain))\(outcome.note.map { " (\($0))" } ?? "")")
        }
        let cases = reports.reduce(0) { $0 + $1.cases }
        let agreed = reports.reduce(0) { $0 + $1.agreed }
        let offchainOnly = reports.reduce(0) { $0 + $1.offchainOnly }
        let skipped = reports.reduce(0) { $0 + $1.skipped }
        print("total: \(reports.count) suite(s), \(cases) cases: \(agreed) agreed, \(disagreements.count) disagreed, \(offchainOnly) off-chain only, \(skipped) skipped")
    }

    /// A suite's path relative to the working directory when it is under it.
    func displayName(_ path: String) -> String {
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        let prefix = String(cString: cwd) + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    func verdict(_ value: Bool?) -> String { value.map { $0 ? "accepted" : "refused" } ?? "-" }

    func printJSON(_ reports: [CrossChecker.SuiteReport], _ disagreements: [(String, CrossChecker.Outcome)]) {
        let suites = JSON.array(reports.map { r in
            var fields: [(String, JSON)] = [
                ("name", .string(r.name)), ("cases", .int(r.cases)), ("agreed", .int(r.agreed)),
                ("disagreed", .int(r.disagreed)), ("offchain_only", .int(r.offchainOnly)), ("skipped", .int(r.skipped)),
                ("offchain_accepted", .int(r.offchainAccepted)), ("onchain_accepted", .int(r.onchainAccepted)),
            ]
            if let c = r.cycles {
                fields.append(("cycles", .object([("min", .int(c.min)), ("median", .int(c.median)), ("max", .int(c.max))])))
            } else {
                fields.append(("cycles", .null))
            }
            return .object(fields)
        })
        let list = JSON.array(disagreements.map { suite, o in
            .object([("suite", .string(suite)), ("case", .string(o.id)),
                     ("offchain", o.offchain.map { .bool($0) } ?? .null), ("onchain", o.onchain.map { .bool($0) } ?? .null)])
        })
        print(JSON.object([("ok", .bool(disagreements.isEmpty)), ("suites", suites), ("disagreements", list)]).serialized)
    }
}

/// A one-line progress bar on standard error (only when it is a terminal). Workers call
/// `update` concurrently; a semaphore serialises them.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    /// Cases of finished suites (set between suites, from the main thread).
    var done = 0
    private var shown = -1
    private let lock = DispatchSemaphore(value: 1)

    init(total: Int) { self.total = total }

    func update(_ n: Int) {
        lock.wait()
        defer { lock.signal() }
        let percent = total == 0 ? 100 : n * 100 / total
        guard percent > shown else { return }
        shown = percent
        let filled = percent / 4
        Standard.errorRaw("\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 25 - filled) + "] \(n)/\(total)")
    }

    func finish() { Standard.errorRaw("\r" + String(repeating: " ", count: 60) + "\r") }
}
