import CKBHash
import CKBVM

/// A script group: every input (and, for type scripts, output) that carries one script
/// (`spec/ckb.md` §6.4). The script runs once for the whole group.
public struct ScriptGroup: Sendable {
    public enum Kind: String, Sendable { case lock, type }

    public let kind: Kind
    public let script: Script
    public let hash: Byte32
    public internal(set) var inputIndices: [Int] = []
    public internal(set) var outputIndices: [Int] = []
}

/// What running one group found.
public struct GroupResult: Sendable {
    public let kind: ScriptGroup.Kind
    public let scriptHash: Byte32
    /// The VM version that ran (nil when the script never started: not found, built-in).
    public let vmVersion: Int?
    public let exitCode: Int8?
    public let cycles: UInt64
    public let error: String?

    public var ok: Bool { error == nil && exitCode == 0 }
}

/// The verdict on a transaction.
public struct VerificationResult: Sendable {
    public let txHash: Byte32
    public let groups: [GroupResult]
    /// A failure that is not one group's: structure, capacity, cycle limit.
    public let error: String?

    public var ok: Bool { error == nil && groups.allSatisfy(\.ok) }
    public var cycles: UInt64 { groups.reduce(0) { $0 &+ $1.cycles } }
}

/// Decides, as a CKB node would, whether a resolved transaction's scripts accept it and what
/// they cost.
public struct TransactionVerifier: Sendable {
    /// The per-transaction cycle limit (CKB's tx-pool `max_tx_verify_cycles`).
    public var maxCycles: UInt64 = 70_000_000
    /// The VM version `hash_type = type` selects (2 after the Meepo hard fork).
    public var latestVersion: VMVersion = .latest
    /// Where scripts' `debug` output goes (discarded when nil).
    public var debugOutput: (@Sendable (String) -> Void)?

    public init() {}

    /// "TYPE_ID" right-aligned in 32 bytes: CKB's built-in Type ID script.
    public static let typeIDCodeHash: Byte32 = Array(repeating: 0, count: 25) + Array("TYPE_ID".utf8)
    /// Cycles the built-in Type ID script costs.
    public static let typeIDCycles: UInt64 = 1_000_000
    /// The Nervos DAO type script (mainnet and testnet), whose withdrawals may output more
    /// capacity than they spend.
    public static let daoCodeHash: Byte32 = [
        0x82, 0xd7, 0x6d, 0x1b, 0x75, 0xfe, 0x2f, 0xd9, 0xa2, 0x7d, 0xfb, 0xaa, 0x65, 0xa0, 0x39, 0x22,
        0x1a, 0x38, 0x0d, 0x76, 0xc9, 0x26, 0xf3, 0x78, 0xd3, 0xf8, 0x1c, 0xf3, 0xe7, 0xe1, 0x3f, 0x2e,
    ]

    /// Lock groups over inputs, then type groups over inputs and outputs, each sorted by
    /// script hash (CKB runs them in this order).
    public func groups(_ tx: ResolvedTransaction) -> [ScriptGroup] {
        var locks: [Byte32: ScriptGroup] = [:]
        var types: [Byte32: ScriptGroup] = [:]
        for (i, cell) in tx.inputs.enumerated() {
            let lock = cell.output.lock
            locks[lock.hash, default: ScriptGroup(kind: .lock, script: lock, hash: lock.hash)].inputIndices.append(i)
            if let type = cell.output.type {
                types[type.hash, default: ScriptGroup(kind: .type, script: type, hash: type.hash)].inputIndices.append(i)
            }
        }
        for (i, output) in tx.transaction.raw.outputs.enumerated() {
            if let type = output.type {
                types[type.hash, default: ScriptGroup(kind: .type, script: type, hash: type.hash)].outputIndices.append(i)
            }
        }
        func sorted(_ groups: [Byte32: ScriptGroup]) -> [ScriptGroup] {
            groups.values.sorted { $0.hash.lexicographicallyPrecedes($1.hash) }
        }
        return sorted(locks) + sorted(types)
    }

    /// Structural and capacity checks (`spec/ckb.md` §6.2, §6.3); the first problem, or nil.
    public func checkStructure(_ tx: ResolvedTransaction) -> String? {
        let raw = tx.transaction.raw
        if raw.version != 0 { return "transaction version \(raw.version) is not 0" }
        if raw.inputs.isEmpty { return "a transaction needs at least one input" }
        if raw.outputs.isEmpty { return "a transaction needs at least one output" }
        if raw.outputs.count != raw.outputsData.count {
            return "\(raw.outputs.count) outputs but \(raw.outputsData.count) outputs_data"
        }
        if Set(raw.cellDeps).count != raw.cellDeps.count { return "duplicate cell deps" }
        if Set(raw.headerDeps).count != raw.headerDeps.count { return "duplicate header deps" }
        for (i, output) in raw.outputs.enumerated() {
            if output.lock.kind == nil { return "output \(i): invalid lock hash_type \(output.lock.hashType)" }
            let occupied = output.occupiedBytes(dataCount: raw.outputsData[i].count).multipliedReportingOverflow(by: 100_000_000)
            if occupied.overflow || output.capacity < occupied.partialValue {
                return "output \(i): capacity \(output.capacity) is below its occupied capacity \(occupied.partialValue) shannons"
            }
        }
        let spendsDAO = tx.inputs.contains { $0.output.type?.codeHash == Self.daoCodeHash && $0.output.type?.kind == .type }
        if !spendsDAO {
            var inputsTotal: UInt64 = 0, outputsTotal: UInt64 = 0
            for cell in tx.inputs {
                let (sum, overflow) = inputsTotal.addingReportingOverflow(cell.output.capacity)
                if overflow { return "input capacities overflow" }
                inputsTotal = sum
            }
            for output in raw.outputs {
                let (sum, overflow) = outputsTotal.addingReportingOverflow(output.capacity)
                if overflow { return "output capacities overflow" }
                outputsTotal = sum
            }
            if inputsTotal < outputsTotal { return "outputs (\(outputsTotal)) exceed inputs (\(inputsTotal)) in capacity" }
        }
        return nil
    }

    /// The program for `script`: a cell dep whose data hash (data, data1, data2) or type
    /// script hash (type) is the script's code hash.
    struct CodeLookupError: Error { let reason: String }

    func findCode(_ script: Script, in tx: ResolvedTransaction) -> Result<[UInt8], CodeLookupError> {
        guard let kind = script.kind else { return .failure(CodeLookupError(reason: "invalid hash_type \(script.hashType)")) }
        if kind == .type {
            let matches = tx.cellDeps.filter { $0.output.type?.hash == script.codeHash }
            guard let first = matches.first else { return .failure(CodeLookupError(reason: "ScriptNotFound")) }
            if matches.contains(where: { $0.dataHash != first.dataHash }) { return .failure(CodeLookupError(reason: "MultipleMatches")) }
            return .success(first.data)
        }
        // Several deps with this data hash hold the same bytes; CKB takes the last.
        guard let cell = tx.cellDeps.last(where: { $0.dataHash == script.codeHash }) else {
            return .failure(CodeLookupError(reason: "ScriptNotFound"))
        }
        return .success(cell.data)
    }

    /// Runs every script group.
    public func verify(_ tx: ResolvedTransaction) -> VerificationResult {
        let txHash = tx.transaction.hash
        if let problem = checkStructure(tx) {
            return VerificationResult(txHash: txHash, groups: [], error: problem)
        }
        let txMolecule = tx.transaction.molecule
        var results: [GroupResult] = []
        var used: UInt64 = 0
        for group in groups(tx) {
            let remaining = maxCycles - used
            let result = run(group, tx, txHash: txHash, txMolecule: txMolecule, maxCycles: remaining)
            results.append(result)
            used &+= result.cycles
            if !result.ok { break }  // CKB stops at the first failing group
        }
        return VerificationResult(txHash: txHash, groups: results, error: nil)
    }

    func run(_ group: ScriptGroup, _ tx: ResolvedTransaction, txHash: Byte32, txMolecule: [UInt8], maxCycles: UInt64) -> GroupResult {
        func failed(_ message: String, version: Int? = nil, cycles: UInt64 = 0) -> GroupResult {
            GroupResult(kind: group.kind, scriptHash: group.hash, vmVersion: version, exitCode: nil, cycles: cycles, error: message)
        }
        if group.kind == .type, group.script.codeHash == Self.typeIDCodeHash, group.script.kind == .type {
            return typeID(group, tx, maxCycles: maxCycles)
        }
        let program: [UInt8]
        switch findCode(group.script, in: tx) {
        case .success(let code): program = code
        case .failure(let lookup): return failed(lookup.reason)
        }
        guard let kind = group.script.kind,
              let version = VMVersion(rawValue: kind == .type ? latestVersion.rawValue : kind.vmVersion()) else {
            return failed("invalid hash_type \(group.script.hashType)")
        }
        let debug = debugOutput
        let scheduler = Scheduler(tx: tx, group: group, version: version, txHash: txHash, txMolecule: txMolecule,
                                  debug: { line in debug?(line) })
        do {
            let (code, cycles) = try scheduler.run(program: program, maxCycles: maxCycles)
            return GroupResult(kind: group.kind, scriptHash: group.hash, vmVersion: version.rawValue, exitCode: code,
                               cycles: cycles, error: code == 0 ? nil : "ValidationFailure: exit code \(code)")
        } catch {
            let place = scheduler.lastRun == Scheduler.rootID ? "" : " (in spawned VM \(scheduler.lastRun))"
            return failed(error.description + place, version: version.rawValue, cycles: scheduler.consumedCycles)
        }
    }

    /// CKB's built-in Type ID (ckb `type_id.rs`): args of 32 bytes (else −1); at most one input
    /// and one output in the group (else −2); when creating (no input), args must be the hash of
    /// the first CellInput and the u64 index of the group's first output (else −3).
    func typeID(_ group: ScriptGroup, _ tx: ResolvedTransaction, maxCycles: UInt64) -> GroupResult {
        func result(_ code: Int8) -> GroupResult {
            GroupResult(kind: group.kind, scriptHash: group.hash, vmVersion: nil, exitCode: code, cycles: Self.typeIDCycles,
                        error: code == 0 ? nil : "ValidationFailure: exit code \(code)")
        }
        guard Self.typeIDCycles <= maxCycles else {
            return GroupResult(kind: group.kind, scriptHash: group.hash, vmVersion: nil, exitCode: nil,
                               cycles: maxCycles, error: "CyclesExceeded: limit \(maxCycles)")
        }
        guard group.script.args.count == 32 else { return result(-1) }
        guard group.inputIndices.count <= 1, group.outputIndices.count <= 1 else { return result(-2) }
        if group.inputIndices.isEmpty, let first = tx.transaction.raw.inputs.first, let output = group.outputIndices.first {
            var hasher = CKBHasher()
            hasher.update(first.molecule)
            hasher.update(ScriptSyscalls.le64(UInt64(output)))
            guard hasher.finalize().bytes == group.script.args else { return result(-3) }
        }
        return result(0)
    }
}
