import CKBHash

/// A 32-byte value (hash), as bytes.
public typealias Byte32 = [UInt8]

/// `Script.hash_type` (`spec/ckb.md` §1.1): how `code_hash` finds the code and which VM runs it.
public enum ScriptHashType: UInt8, Sendable, CaseIterable {
    /// Code by data hash, VM0.
    case data = 0
    /// Code by the type-script hash of a dep cell, the latest VM.
    case type = 1
    /// Code by data hash, VM1.
    case data1 = 2
    /// Code by data hash, VM2.
    case data2 = 4

    /// The VM version this hash type selects (`latest` for `type`).
    public func vmVersion(latest: Int = 2) -> Int {
        switch self {
        case .data: return 0
        case .type: return latest
        case .data1: return 1
        case .data2: return 2
        }
    }

    /// The name CKB's RPC uses.
    public var name: String {
        switch self {
        case .data: return "data"
        case .type: return "type"
        case .data1: return "data1"
        case .data2: return "data2"
        }
    }
}

/// `Script`: table { code_hash: Byte32, hash_type: byte, args: Bytes }.
public struct Script: Hashable, Sendable {
    public var codeHash: Byte32
    /// The raw byte; see ``kind`` (values other than 0, 1, 2, 4 are invalid in a transaction).
    public var hashType: UInt8
    public var args: [UInt8]

    public init(codeHash: Byte32, hashType: UInt8, args: [UInt8]) {
        self.codeHash = codeHash
        self.hashType = hashType
        self.args = args
    }

    public var kind: ScriptHashType? { ScriptHashType(rawValue: hashType) }

    public var molecule: [UInt8] { Molecule.dynvec([codeHash, [hashType], Molecule.bytes(args)]) }

    public init(molecule: some Collection<UInt8>, path: String = "Script") throws(MoleculeError) {
        try self.init(slice: ArraySlice(molecule), path)
    }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let f = try Molecule.readDynvec(slice, fieldCount: 3, path)
        codeHash = try Molecule.fixed(f[0], 32, path + ".code_hash")
        hashType = try Molecule.fixed(f[1], 1, path + ".hash_type")[0]
        args = try Molecule.readBytes(f[2], path + ".args")
    }

    /// The script hash: CKB's hash of the Molecule bytes.
    public var hash: Byte32 { ckbHash(molecule).bytes }
}

/// `OutPoint`: struct { tx_hash: Byte32, index: Uint32 }, 36 bytes.
public struct OutPoint: Hashable, Sendable {
    public var txHash: Byte32
    public var index: UInt32

    public init(txHash: Byte32, index: UInt32) {
        self.txHash = txHash
        self.index = index
    }

    public var molecule: [UInt8] { txHash + Molecule.u32(Int(index)) }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let raw = try Molecule.fixed(slice, 36, path)
        txHash = Array(raw[0..<32])
        index = try Molecule.uint32(raw[32..<36], path + ".index")
    }
}

/// `CellInput`: struct { since: Uint64, previous_output: OutPoint }, 44 bytes.
public struct CellInput: Hashable, Sendable {
    public var since: UInt64
    public var previousOutput: OutPoint

    public init(since: UInt64, previousOutput: OutPoint) {
        self.since = since
        self.previousOutput = previousOutput
    }

    public var molecule: [UInt8] { Molecule.le64(since) + previousOutput.molecule }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let raw = try Molecule.fixed(slice, 44, path)
        since = try Molecule.uint64(raw[0..<8], path + ".since")
        previousOutput = try OutPoint(slice: raw[8..<44], path + ".previous_output")
    }
}

/// `CellOutput`: table { capacity: Uint64, lock: Script, type_: ScriptOpt }.
public struct CellOutput: Hashable, Sendable {
    public var capacity: UInt64
    public var lock: Script
    public var type: Script?

    public init(capacity: UInt64, lock: Script, type: Script? = nil) {
        self.capacity = capacity
        self.lock = lock
        self.type = type
    }

    public var molecule: [UInt8] { Molecule.dynvec([Molecule.le64(capacity), lock.molecule, type?.molecule ?? []]) }

    public init(molecule: some Collection<UInt8>, path: String = "CellOutput") throws(MoleculeError) {
        try self.init(slice: ArraySlice(molecule), path)
    }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let f = try Molecule.readDynvec(slice, fieldCount: 3, path)
        capacity = try Molecule.uint64(f[0], path + ".capacity")
        lock = try Script(slice: f[1], path + ".lock")
        type = f[2].isEmpty ? nil : try Script(slice: f[2], path + ".type")
    }

    /// Occupied capacity in bytes: 8 (capacity) + lock (32 + 1 + args) + type (32 + 1 + args,
    /// if any) + the data (ckb `capacity.rs`). Multiply by 10^8 for shannons.
    public func occupiedBytes(dataCount: Int) -> UInt64 {
        var bytes = 8 + 33 + UInt64(lock.args.count) + UInt64(dataCount)
        if let type { bytes += 33 + UInt64(type.args.count) }
        return bytes
    }
}

/// `CellDep`: struct { out_point: OutPoint, dep_type: byte (0 code, 1 dep_group) }, 37 bytes.
public struct CellDep: Hashable, Sendable {
    public var outPoint: OutPoint
    public var depType: UInt8

    public static let code: UInt8 = 0
    public static let depGroup: UInt8 = 1

    public init(outPoint: OutPoint, depType: UInt8) {
        self.outPoint = outPoint
        self.depType = depType
    }

    public var molecule: [UInt8] { outPoint.molecule + [depType] }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let raw = try Molecule.fixed(slice, 37, path)
        outPoint = try OutPoint(slice: raw[0..<36], path + ".out_point")
        depType = raw[36]
    }
}

/// `RawTransaction`: table { version, cell_deps, header_deps, inputs, outputs, outputs_data }.
public struct RawTransaction: Hashable, Sendable {
    public var version: UInt32 = 0
    public var cellDeps: [CellDep] = []
    public var headerDeps: [Byte32] = []
    public var inputs: [CellInput] = []
    public var outputs: [CellOutput] = []
    public var outputsData: [[UInt8]] = []

    public init() {}

    public var molecule: [UInt8] {
        Molecule.dynvec([
            Molecule.u32(Int(version)),
            Molecule.fixvec(cellDeps.map(\.molecule)),
            Molecule.fixvec(headerDeps),
            Molecule.fixvec(inputs.map(\.molecule)),
            Molecule.dynvec(outputs.map(\.molecule)),
            Molecule.dynvec(outputsData.map(Molecule.bytes)),
        ])
    }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let f = try Molecule.readDynvec(slice, fieldCount: 6, path)
        version = try Molecule.uint32(f[0], path + ".version")
        var deps: [CellDep] = []
        for (i, item) in try Molecule.readFixvec(f[1], itemSize: 37, path + ".cell_deps").enumerated() {
            deps.append(try CellDep(slice: item, path + ".cell_deps[\(i)]"))
        }
        cellDeps = deps
        headerDeps = try Molecule.readFixvec(f[2], itemSize: 32, path + ".header_deps").map(Array.init)
        var ins: [CellInput] = []
        for (i, item) in try Molecule.readFixvec(f[3], itemSize: 44, path + ".inputs").enumerated() {
            ins.append(try CellInput(slice: item, path + ".inputs[\(i)]"))
        }
        inputs = ins
        var outs: [CellOutput] = []
        for (i, item) in try Molecule.readDynvec(f[4], path + ".outputs").enumerated() {
            outs.append(try CellOutput(slice: item, path + ".outputs[\(i)]"))
        }
        outputs = outs
        var data: [[UInt8]] = []
        for (i, item) in try Molecule.readDynvec(f[5], path + ".outputs_data").enumerated() {
            data.append(try Molecule.readBytes(item, path + ".outputs_data[\(i)]"))
        }
        outputsData = data
    }
}

/// `Transaction`: table { raw: RawTransaction, witnesses: BytesVec }.
public struct Transaction: Hashable, Sendable {
    public var raw: RawTransaction
    public var witnesses: [[UInt8]]

    public init(raw: RawTransaction = RawTransaction(), witnesses: [[UInt8]] = []) {
        self.raw = raw
        self.witnesses = witnesses
    }

    public var molecule: [UInt8] { Molecule.dynvec([raw.molecule, Molecule.dynvec(witnesses.map(Molecule.bytes))]) }

    public init(molecule: some Collection<UInt8>, path: String = "Transaction") throws(MoleculeError) {
        try self.init(slice: ArraySlice(molecule), path)
    }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let f = try Molecule.readDynvec(slice, fieldCount: 2, path)
        raw = try RawTransaction(slice: f[0], path + ".raw")
        var list: [[UInt8]] = []
        for (i, item) in try Molecule.readDynvec(f[1], path + ".witnesses").enumerated() {
            list.append(try Molecule.readBytes(item, path + ".witnesses[\(i)]"))
        }
        witnesses = list
    }

    /// The transaction hash: CKB's hash of the `RawTransaction` bytes (witnesses excluded).
    public var hash: Byte32 { ckbHash(raw.molecule).bytes }
    /// The witness hash: CKB's hash of the whole `Transaction`.
    public var witnessHash: Byte32 { ckbHash(molecule).bytes }
}

/// `WitnessArgs`: table { lock: BytesOpt, input_type: BytesOpt, output_type: BytesOpt }.
public struct WitnessArgs: Hashable, Sendable {
    public var lock: [UInt8]?
    public var inputType: [UInt8]?
    public var outputType: [UInt8]?

    public init(lock: [UInt8]? = nil, inputType: [UInt8]? = nil, outputType: [UInt8]? = nil) {
        self.lock = lock
        self.inputType = inputType
        self.outputType = outputType
    }

    public var molecule: [UInt8] {
        Molecule.dynvec([lock.map(Molecule.bytes) ?? [], inputType.map(Molecule.bytes) ?? [], outputType.map(Molecule.bytes) ?? []])
    }

    /// Strict decoding (as the default lock verifies it: compatible = false).
    public init(molecule: some Collection<UInt8>, compatible: Bool = false) throws(MoleculeError) {
        let path = "WitnessArgs"
        let f = try Molecule.readDynvec(ArraySlice(molecule), fieldCount: 3, compatible: compatible, path)
        lock = f[0].isEmpty ? nil : try Molecule.readBytes(f[0], path + ".lock")
        inputType = f[1].isEmpty ? nil : try Molecule.readBytes(f[1], path + ".input_type")
        outputType = f[2].isEmpty ? nil : try Molecule.readBytes(f[2], path + ".output_type")
    }
}

extension Molecule {
    static func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
    static func le128(_ value: UInt128) -> [UInt8] { (0..<16).map { UInt8(truncatingIfNeeded: value >> (8 * UInt128($0))) } }
}
