import CKBBytes
import CKBJSON

/// Why a JSON document is not a valid CKB RPC value, and where (a JSON path such as
/// `tx.outputs[1].lock.hash_type`).
public struct ChainJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// The CKB RPC JSON forms (numbers as `0x` hex strings, bytes as `0x` hex), both directions.
public enum RPCJSON {
    // MARK: Fields

    static func member(_ json: JSON, _ key: String, _ path: String) throws(ChainJSONError) -> JSON {
        guard json.objectValue != nil else { throw ChainJSONError(path, "expected an object, found \(json.typeName)") }
        guard let value = json[key] else { throw ChainJSONError("\(path).\(key)", "missing") }
        return value
    }

    static func string(_ json: JSON, _ path: String) throws(ChainJSONError) -> String {
        guard let text = json.stringValue else { throw ChainJSONError(path, "expected a string, found \(json.typeName)") }
        return text
    }

    /// `0x`-prefixed hex bytes.
    static func bytes(_ json: JSON, _ path: String) throws(ChainJSONError) -> [UInt8] {
        let text = try string(json, path)
        guard text.hasPrefix("0x") else { throw ChainJSONError(path, "hex must start with 0x") }
        do {
            return try Hex.decode(text.dropFirst(2))
        } catch {
            throw ChainJSONError(path, error.description)
        }
    }

    static func byte32(_ json: JSON, _ path: String) throws(ChainJSONError) -> Byte32 {
        let value = try bytes(json, path)
        guard value.count == 32 else { throw ChainJSONError(path, "expected 32 bytes, found \(value.count)") }
        return value
    }

    /// A `0x` hex quantity of at most `bits` bits.
    static func uint(_ json: JSON, _ path: String, bits: Int) throws(ChainJSONError) -> UInt128 {
        let text = try string(json, path)
        guard text.hasPrefix("0x"), text.count > 2 else { throw ChainJSONError(path, "expected a 0x hex number, found \"\(text)\"") }
        var value: UInt128 = 0
        for c in text.utf8.dropFirst(2) {
            guard let digit = Hex.digitValue(c) else { throw ChainJSONError(path, "invalid hex number \"\(text)\"") }
            guard value >> UInt128(bits - 4) == 0 else { throw ChainJSONError(path, "\(text) does not fit \(bits) bits") }
            value = value << 4 | UInt128(digit)
        }
        return value
    }

    static func u64(_ json: JSON, _ path: String) throws(ChainJSONError) -> UInt64 { UInt64(try uint(json, path, bits: 64)) }
    static func u32(_ json: JSON, _ path: String) throws(ChainJSONError) -> UInt32 { UInt32(try uint(json, path, bits: 32)) }

    static func array(_ json: JSON, _ path: String) throws(ChainJSONError) -> [JSON] {
        guard let items = json.arrayValue else { throw ChainJSONError(path, "expected an array, found \(json.typeName)") }
        return items
    }

    static func hex(_ bytes: [UInt8]) -> JSON { .string("0x" + Hex.encode(bytes)) }
    static func quantity<I: BinaryInteger>(_ value: I) -> JSON { .string("0x" + String(value, radix: 16)) }

    // MARK: Script, OutPoint, CellInput, CellOutput, CellDep

    public static func script(_ json: JSON, _ path: String = "script") throws(ChainJSONError) -> Script {
        let name = try string(try member(json, "hash_type", path), path + ".hash_type")
        guard let kind = ScriptHashType.allCases.first(where: { $0.name == name }) else {
            throw ChainJSONError(path + ".hash_type", "unknown hash_type \"\(name)\"")
        }
        return Script(codeHash: try byte32(try member(json, "code_hash", path), path + ".code_hash"),
                      hashType: kind.rawValue, args: try bytes(try member(json, "args", path), path + ".args"))
    }

    public static func json(_ script: Script) -> JSON {
        .object([("code_hash", hex(script.codeHash)),
                 ("hash_type", .string(script.kind?.name ?? "0x" + String(script.hashType, radix: 16))),
                 ("args", hex(script.args))])
    }

    public static func outPoint(_ json: JSON, _ path: String) throws(ChainJSONError) -> OutPoint {
        OutPoint(txHash: try byte32(try member(json, "tx_hash", path), path + ".tx_hash"),
                 index: try u32(try member(json, "index", path), path + ".index"))
    }

    public static func json(_ outPoint: OutPoint) -> JSON {
        .object([("tx_hash", hex(outPoint.txHash)), ("index", quantity(outPoint.index))])
    }

    public static func cellInput(_ json: JSON, _ path: String) throws(ChainJSONError) -> CellInput {
        CellInput(since: try u64(try member(json, "since", path), path + ".since"),
                  previousOutput: try outPoint(try member(json, "previous_output", path), path + ".previous_output"))
    }

    public static func json(_ input: CellInput) -> JSON {
        .object([("previous_output", json(input.previousOutput)), ("since", quantity(input.since))])
    }

    public static func cellOutput(_ json: JSON, _ path: String) throws(ChainJSONError) -> CellOutput {
        let typeJSON = json["type"] ?? .null
        return CellOutput(capacity: try u64(try member(json, "capacity", path), path + ".capacity"),
                          lock: try script(try member(json, "lock", path), path + ".lock"),
                          type: typeJSON.isNull ? nil : try script(typeJSON, path + ".type"))
    }

    public static func json(_ output: CellOutput) -> JSON {
        .object([("capacity", quantity(output.capacity)), ("lock", json(output.lock)),
                 ("type", output.type.map { json($0) } ?? .null)])
    }

    public static func cellDep(_ json: JSON, _ path: String) throws(ChainJSONError) -> CellDep {
        let name = try string(try member(json, "dep_type", path), path + ".dep_type")
        let depType: UInt8
        switch name {
        case "code": depType = CellDep.code
        case "dep_group": depType = CellDep.depGroup
        default: throw ChainJSONError(path + ".dep_type", "unknown dep_type \"\(name)\"")
        }
        return CellDep(outPoint: try outPoint(try member(json, "out_point", path), path + ".out_point"), depType: depType)
    }

    public static func json(_ dep: CellDep) -> JSON {
        .object([("out_point", json(dep.outPoint)), ("dep_type", .string(dep.depType == CellDep.depGroup ? "dep_group" : "code"))])
    }

    // MARK: Transaction

    public static func transaction(_ json: JSON, _ path: String = "tx") throws(ChainJSONError) -> Transaction {
        var raw = RawTransaction()
        raw.version = try u32(try member(json, "version", path), path + ".version")
        for (i, item) in try array(try member(json, "cell_deps", path), path + ".cell_deps").enumerated() {
            raw.cellDeps.append(try cellDep(item, "\(path).cell_deps[\(i)]"))
        }
        for (i, item) in try array(try member(json, "header_deps", path), path + ".header_deps").enumerated() {
            raw.headerDeps.append(try byte32(item, "\(path).header_deps[\(i)]"))
        }
        for (i, item) in try array(try member(json, "inputs", path), path + ".inputs").enumerated() {
            raw.inputs.append(try cellInput(item, "\(path).inputs[\(i)]"))
        }
        for (i, item) in try array(try member(json, "outputs", path), path + ".outputs").enumerated() {
            raw.outputs.append(try cellOutput(item, "\(path).outputs[\(i)]"))
        }
        for (i, item) in try array(try member(json, "outputs_data", path), path + ".outputs_data").enumerated() {
            raw.outputsData.append(try bytes(item, "\(path).outputs_data[\(i)]"))
        }
        var witnesses: [[UInt8]] = []
        for (i, item) in try array(try member(json, "witnesses", path), path + ".witnesses").enumerated() {
            witnesses.append(try bytes(item, "\(path).witnesses[\(i)]"))
        }
        return Transaction(raw: raw, witnesses: witnesses)
    }

    public static func json(_ tx: Transaction, includeHash: Bool = false) -> JSON {
        var members: [(key: String, value: JSON)] = [
            ("version", quantity(tx.raw.version)),
            ("cell_deps", .array(tx.raw.cellDeps.map { json($0) })),
            ("header_deps", .array(tx.raw.headerDeps.map(hex))),
            ("inputs", .array(tx.raw.inputs.map { json($0) })),
            ("outputs", .array(tx.raw.outputs.map { json($0) })),
            ("outputs_data", .array(tx.raw.outputsData.map(hex))),
            ("witnesses", .array(tx.witnesses.map(hex))),
        ]
        if includeHash { members.append(("hash", hex(tx.hash))) }
        return .object(members)
    }

    // MARK: Header and block

    /// A header in RPC form. `extra_hash` (current) and `uncles_hash` (before CKB2021) are the
    /// same field.
    public static func header(_ json: JSON, _ path: String = "header") throws(ChainJSONError) -> Header {
        var raw = RawHeader()
        raw.version = try u32(try member(json, "version", path), path + ".version")
        raw.compactTarget = try u32(try member(json, "compact_target", path), path + ".compact_target")
        raw.timestamp = try u64(try member(json, "timestamp", path), path + ".timestamp")
        raw.number = try u64(try member(json, "number", path), path + ".number")
        raw.epoch = try u64(try member(json, "epoch", path), path + ".epoch")
        raw.parentHash = try byte32(try member(json, "parent_hash", path), path + ".parent_hash")
        raw.transactionsRoot = try byte32(try member(json, "transactions_root", path), path + ".transactions_root")
        raw.proposalsHash = try byte32(try member(json, "proposals_hash", path), path + ".proposals_hash")
        let extraKey = json["extra_hash"] != nil ? "extra_hash" : "uncles_hash"
        raw.extraHash = try byte32(try member(json, extraKey, path), path + "." + extraKey)
        raw.dao = try byte32(try member(json, "dao", path), path + ".dao")
        let nonce = try uint(try member(json, "nonce", path), path + ".nonce", bits: 128)
        return Header(raw: raw, nonce: nonce)
    }

    public static func json(_ header: Header) -> JSON {
        let r = header.raw
        return .object([
            ("compact_target", quantity(r.compactTarget)), ("dao", hex(r.dao)), ("epoch", quantity(r.epoch)),
            ("extra_hash", hex(r.extraHash)), ("hash", hex(header.hash)), ("nonce", quantity(header.nonce)),
            ("number", quantity(r.number)), ("parent_hash", hex(r.parentHash)), ("proposals_hash", hex(r.proposalsHash)),
            ("timestamp", quantity(r.timestamp)), ("transactions_root", hex(r.transactionsRoot)), ("version", quantity(r.version)),
        ])
    }

    /// A block in RPC form: `header`, `uncles` (each `{header, proposals}`), `transactions`,
    /// `proposals`, and an optional `extension`.
    public static func block(_ json: JSON, _ path: String = "block") throws(ChainJSONError) -> Block {
        let header = try header(try member(json, "header", path), path + ".header")
        var uncles: [UncleBlock] = []
        for (i, item) in try array(try member(json, "uncles", path), path + ".uncles").enumerated() {
            let p = "\(path).uncles[\(i)]"
            var proposals: [[UInt8]] = []
            for (k, id) in try array(try member(item, "proposals", p), p + ".proposals").enumerated() {
                proposals.append(try shortId(id, "\(p).proposals[\(k)]"))
            }
            uncles.append(UncleBlock(header: try self.header(try member(item, "header", p), p + ".header"), proposals: proposals))
        }
        var transactions: [Transaction] = []
        for (i, item) in try array(try member(json, "transactions", path), path + ".transactions").enumerated() {
            transactions.append(try transaction(item, "\(path).transactions[\(i)]"))
        }
        var proposals: [[UInt8]] = []
        for (i, item) in try array(try member(json, "proposals", path), path + ".proposals").enumerated() {
            proposals.append(try shortId(item, "\(path).proposals[\(i)]"))
        }
        let ext = json["extension"].flatMap { $0.isNull ? nil : $0 }
        return Block(header: header, uncles: uncles, transactions: transactions, proposals: proposals,
                     extension: ext == nil ? nil : try bytes(ext!, path + ".extension"))
    }

    public static func json(_ block: Block) -> JSON {
        var members: [(key: String, value: JSON)] = [
            ("header", json(block.header)),
            ("uncles", .array(block.uncles.map { .object([("header", json($0.header)), ("proposals", .array($0.proposals.map(hex)))]) })),
            ("transactions", .array(block.transactions.map { json($0, includeHash: true) })),
            ("proposals", .array(block.proposals.map(hex))),
        ]
        if let ext = block.extension { members.append(("extension", hex(ext))) }
        return .object(members)
    }

    static func shortId(_ json: JSON, _ path: String) throws(ChainJSONError) -> [UInt8] {
        let id = try bytes(json, path)
        guard id.count == 10 else { throw ChainJSONError(path, "a proposal short id is 10 bytes, found \(id.count)") }
        return id
    }
}
