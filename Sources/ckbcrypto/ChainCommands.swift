import ArgumentParser
import CKBBytes
import CKBChain
import CKBJSON
import CKBVM
import CKBVectors

func readJSON(_ path: String) throws -> JSON {
    let bytes: [UInt8]
    do {
        bytes = try FileSystem.readAll(path)
    } catch {
        throw InputError(error.description)
    }
    do {
        return try JSON.parse(bytes)
    } catch {
        throw InputError("'\(path)': \(error)")
    }
}

func hex(_ bytes: [UInt8]) -> String { "0x" + Hex.encode(bytes) }

/// `ckbcrypto tx`: transactions.
struct TxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx", abstract: "Verify transactions as a CKB node would, and sign them.", subcommands: [Verify.self, TxSign.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every script group of a mock transaction (the CKB debugger's format).",
            discussion: """
                Prints one line per script group (lock/type, script hash, VM version, exit code,
                cycles) and the total. Groups run in CKB's order: lock groups, then type groups,
                each sorted by script hash; the first failure stops the run.

                Exit status: 0 when every group passes, 1 when any fails (or a structural or
                capacity check fails), 2 for bad input (unreadable or malformed file, an out point
                or header missing from mock_info).
                """)

        @Option(name: .customLong("vm-version"), help: "The VM version hash_type `type` selects (default 2).")
        var vmVersion: Int?

        @Option(name: .customLong("max-cycles"), help: "Cycle limit for the whole transaction.")
        var maxCycles: UInt64 = 70_000_000

        @Flag(help: "Print one JSON object.")
        var json = false

        @Argument(help: "The mock-transaction JSON file.")
        var file: String

        func validate() throws {
            if let vmVersion, VMVersion(rawValue: vmVersion) == nil { throw ValidationError("--vm-version must be 0, 1 or 2") }
        }

        func run() throws {
            let document = try readJSON(file)
            let resolved: ResolvedTransaction
            do {
                resolved = try MockTransaction.resolve(document)
            } catch {
                throw InputError("'\(file)': \(error)")
            }
            var verifier = TransactionVerifier()
            verifier.maxCycles = maxCycles
            if let vmVersion { verifier.latestVersion = VMVersion(rawValue: vmVersion)! }
            verifier.debugOutput = { line in Standard.error(line) }
            let result = verifier.verify(resolved)
            if let problem = result.error { Standard.error("ckbcrypto: \(problem)") }
            if json {
                let groups = JSON.array(result.groups.map { g in
                    .object([("kind", .string(g.kind.rawValue)), ("script_hash", .string(hex(g.scriptHash))),
                             ("vm_version", g.vmVersion.map { .int($0) } ?? .null),
                             ("exit_code", g.exitCode.map { .int($0) } ?? .null),
                             ("cycles", .int(g.cycles)), ("error", g.error.map { .string($0) } ?? .null)])
                })
                print(JSON.object([("tx_hash", .string(hex(result.txHash))), ("ok", .bool(result.ok)),
                                   ("cycles", .int(result.cycles)), ("groups", groups)]).serialized)
            } else {
                print("tx \(hex(result.txHash))")
                for g in result.groups {
                    let vm = g.vmVersion.map { "VM\($0)" } ?? "built-in"
                    let exit = g.exitCode.map { "exit \($0)" } ?? "no exit"
                    var line = "\(g.ok ? "ok  " : "FAIL")  \(g.kind == .lock ? "lock" : "type")  \(hex(g.scriptHash))  \(vm)  \(exit)  cycles \(g.cycles)"
                    if let error = g.error { line += "  \(error)" }
                    print(line)
                }
                print("total: \(result.cycles) cycles, \(result.ok ? "accepted" : "rejected")")
            }
            if !result.ok { throw ExitCode(1) }
        }
    }
}

/// `ckbcrypto block`: headers and blocks.
struct BlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "Verify block headers and blocks.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check hash, proof of work, transactions root and linkage of blocks or headers.",
            discussion: """
                Each FILE holds a block or a header in CKB RPC JSON, an array of them, or an RPC
                response whose `result` is one. Checks: the stated `hash` (if any) equals the
                computed one; proof of work (mainnet: Eaglesong; testnet: Eaglesong then BLAKE2b;
                the genesis block is not checked); for blocks, transactions_root, proposals_hash
                and extra_hash; across all inputs in order, each parent_hash and number follows
                the previous block.

                Exit status: 0 all valid, 1 any invalid, 2 bad input.
                """)

        @Option(help: "mainnet or testnet.")
        var network: ProofOfWork.Network = .mainnet

        @Flag(help: "Print one JSON object.")
        var json = false

        @Argument(help: "Files with blocks or headers.")
        var files: [String]

        func run() throws {
            var items: [(header: Header, block: Block?, stated: [UInt8]?, path: String)] = []
            for file in files {
                var document = try readJSON(file)
                if let result = document["result"], document["jsonrpc"] != nil { document = result }
                let list = document.arrayValue ?? [document]
                for (i, item) in list.enumerated() {
                    let path = list.count == 1 ? file : "\(file)[\(i)]"
                    do {
                        let stated = item["hash"] ?? item["header"]?["hash"]
                        let statedHash = try stated.map { try Hex.decode($0.stringValue ?? "", allowPrefix: true) }
                        if item["header"] != nil {
                            let block = try RPCJSON.block(item, path)
                            items.append((block.header, block, statedHash, path))
                        } else {
                            items.append((try RPCJSON.header(item, path), nil, statedHash, path))
                        }
                    } catch {
                        throw InputError("'\(path)': \(error)")
                    }
                }
            }
            var reports: [(path: String, number: UInt64, hash: [UInt8], errors: [String])] = []
            var previous: Header?
            for item in items {
                var errors: [String] = []
                let hash = item.header.hash
                if let stated = item.stated, stated != hash { errors.append("hash is \(hex(hash)), not the stated \(hex(stated))") }
                if item.header.raw.number > 0, let problem = ProofOfWork.verify(item.header, network: network) { errors.append(problem) }
                if let block = item.block {
                    let root = BlockHashes.transactionsRoot(block.transactions)
                    if root != block.header.raw.transactionsRoot { errors.append("transactions_root should be \(hex(root))") }
                    let proposals = BlockHashes.proposalsHash(block.proposals)
                    if proposals != block.header.raw.proposalsHash { errors.append("proposals_hash should be \(hex(proposals))") }
                    let extra = BlockHashes.extraHash(uncles: block.uncles, extension: block.extension)
                    if extra != block.header.raw.extraHash { errors.append("extra_hash should be \(hex(extra))") }
                }
                if let previous {
                    if item.header.raw.parentHash != previous.hash { errors.append("parent_hash does not match the previous block") }
                    if item.header.raw.number != previous.raw.number &+ 1 { errors.append("number does not follow the previous block") }
                }
                reports.append((item.path, item.header.raw.number, hash, errors))
                previous = item.header
            }
            let ok = reports.allSatisfy { $0.errors.isEmpty }
            if json {
                let blocks = JSON.array(reports.map { r in
                    .object([("number", .int(r.number)), ("hash", .string(hex(r.hash))), ("ok", .bool(r.errors.isEmpty)),
                             ("errors", .array(r.errors.map { .string($0) }))])
                })
                print(JSON.object([("ok", .bool(ok)), ("network", .string(network.rawValue)), ("blocks", blocks)]).serialized)
            } else {
                for r in reports {
                    print("\(r.errors.isEmpty ? "ok  " : "FAIL")  #\(r.number)  \(hex(r.hash))  \(r.path)")
                    for e in r.errors { print("      \(e)") }
                }
            }
            if !ok { throw ExitCode(1) }
        }
    }
}

extension ProofOfWork.Network: ExpressibleByArgument {}
