import ArgumentParser
import CKBScripts
import CKBVectors

#if canImport(Glibc)
import Glibc
#endif

/// `ckbcrypto vectors`: test-vector suites.
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Run test-vector suites.",
        subcommands: [Run.self]
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run vector files and report, per file, cases passed, failed and skipped.",
            discussion: """
                Recognised formats: NIST CAVP .rsp (SHA-256 short, long and Monte Carlo), the
                BLAKE2 KAT text and JSON files, RFC 7693 self-test JSON, hash-case JSON, the
                Eaglesong vector file, Wycheproof JSON, and this project's ckbcrypto-vectors/1
                JSON. Folders are searched recursively. With no PATH, runs the project's Vectors/
                and, when present, ../shared/vectors. Skipped cases are ones this project cannot
                judge yet (an algorithm it does not implement), each counted.

                Exit status: 0 all passed, 1 any case failed, 2 a path is unreadable, malformed
                or not a vector file.
                """
        )

        @Flag(help: "Print one JSON object per file and line instead of a table.")
        var json = false

        @Argument(help: "Vector files or folders.")
        var paths: [String] = []

        func run() throws {
            let runner = VectorRunner(judges: .chain)
            let files = try VectorFiles.load(paths)

            var totals = (files: 0, cases: 0, passed: 0, failed: 0, skipped: 0)
            var errors = 0
            for loaded in files {
                let report: FileReport
                switch loaded {
                case .success(let file):
                    report = runner.run(file)
                case .failure(let error):
                    Standard.error("ckbcrypto: \(error)")
                    errors += 1
                    continue
                }
                totals.files += 1
                totals.cases += report.cases
                totals.passed += report.passed
                totals.failed += report.failed
                totals.skipped += report.skipped
                if json {
                    print(report.jsonLine)
                    for failure in report.failures.prefix(20) {
                        Standard.error("\(report.path): case \(failure.id): \(failure.reason)")
                    }
                } else {
                    printTable(report)
                }
            }
            if !json {
                print("\(totals.files) file(s), \(totals.cases) cases")
                print("total: \(totals.passed) passed, \(totals.failed) failed, \(totals.skipped) skipped")
            }
            if errors > 0 { throw ExitCode(2) }
            if totals.failed > 0 { throw ExitCode(1) }
        }

        func printTable(_ report: FileReport) {
            let status = report.ok ? "ok  " : "FAIL"
            print("\(status)  \(report.path)  [\(report.format)]  cases \(report.cases)  passed \(report.passed)  failed \(report.failed)  skipped \(report.skipped)")
            for failure in report.failures.prefix(10) {
                let comment = failure.comment.isEmpty ? "" : " (\(failure.comment))"
                print("      case \(failure.id)\(comment): \(failure.reason)")
            }
            if report.failures.count > 10 { print("      ... and \(report.failures.count - 10) more failures") }
            for skip in report.skipReasons { print("      skipped \(skip.count): \(skip.reason)") }
        }
    }
}

/// Vector-file discovery shared by `vectors run` and `crosscheck`.
enum VectorFiles {
    /// The vector files under `paths`, or under the default roots (the project's Vectors/ and
    /// ../shared/vectors) when `paths` is empty; each unreadable file is one failure.
    /// - Throws: ``InputError`` when there is no root, a root cannot be read, or no file is found.
    static func load(_ paths: [String]) throws -> [Result<VectorFile, VectorError>] {
        var roots = paths
        if roots.isEmpty {
            roots = VectorRunner.defaultPaths(environment: ProcessEnvironment.current)
            guard !roots.isEmpty else {
                throw InputError("no vector folders found: pass PATHs, run from the project, or set CKBCRYPTO_VECTORS")
            }
        }
        let files: [Result<VectorFile, VectorError>]
        do {
            files = try VectorRunner().load(roots)
        } catch {
            throw InputError(error.description)
        }
        if files.isEmpty { throw InputError("no vector files found under \(roots.joined(separator: ", "))") }
        return files
    }
}

enum ProcessEnvironment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(decoding: UnsafeRawBufferPointer(start: entry, count: strlen(entry)), as: UTF8.self)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }
}
