import ArgumentParser
import CKBBytes
import CKBJSON
import CKBScripts

/// `ckbcrypto contracts`: each contract's size, code hash and measured cycles.
struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "List the bundled contracts with their size, code hash and measured cycles.",
        discussion: """
            Runs each contract's reference cases in the validator (VM2) and reports the script
            group's cycles. For hash_check the empty and 64 KiB cases give its cost per byte.
            Exit status: 0, or 1 when a reference case was refused.
            """
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        let rows: [ContractMeasurement]
        do {
            rows = try ContractMeasurement.all()
        } catch {
            throw InputError(error.description)
        }
        if json {
            print(JSON.array(rows.map { r in
                .object([("contract", .string(r.contract)), ("size", .int(r.size)), ("code_hash", .string("0x" + r.codeHash.hexString)),
                         ("case", .string(r.scenario)), ("cycles", .int(r.cycles)), ("ok", .bool(r.ok))])
            }).serialized)
        } else {
            for r in rows {
                print("\(r.contract)  \(r.size) bytes  0x\(r.codeHash.hexString)  \(r.scenario): \(r.cycles) cycles\(r.ok ? "" : "  REFUSED")")
            }
            // Per-byte cost from each empty / 64 KiB pair.
            for (first, second) in zip(rows, rows.dropFirst())
            where first.contract == second.contract && first.scenario.hasSuffix(", 0 bytes") && second.scenario.hasSuffix(", 65536 bytes") {
                let perByte = Double(second.cycles - first.cycles) / 65_536
                let label = first.scenario.components(separatedBy: ",").first ?? first.scenario
                print("\(first.contract)  \(label): \(String(format: "%.2f", perByte)) cycles per byte")
            }
        }
        if rows.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
