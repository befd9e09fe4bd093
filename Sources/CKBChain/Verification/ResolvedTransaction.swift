import CKBJSON

/// A cell a transaction reads: its output, data, out point, and the block that holds it.
public struct ResolvedCell: Hashable, Sendable {
    public var outPoint: OutPoint
    public var output: CellOutput
    public var data: [UInt8]
    /// Hash of the block that committed the cell, when known (for `load_header`).
    public var blockHash: Byte32?

    public init(outPoint: OutPoint, output: CellOutput, data: [UInt8], blockHash: Byte32? = nil) {
        self.outPoint = outPoint
        self.output = output
        self.data = data
        self.blockHash = blockHash
    }

    public var dataHash: Byte32 { BlockHashes.dataHash(data) }
}

/// A transaction with every cell and header it refers to (`spec/ckb.md` §6.1).
public struct ResolvedTransaction: Sendable {
    public var transaction: Transaction
    /// One per input, in order.
    public var inputs: [ResolvedCell]
    /// The cell deps after dep-group expansion: a dep group is replaced, in place, by the cells
    /// its data lists (the group cell itself is not in this list). Source CELL_DEP indexes here.
    public var cellDeps: [ResolvedCell]
    /// One per header dep, in order.
    public var headerDeps: [Header]
    /// Block extensions by block hash (for `load_block_extension`).
    public var extensions: [Byte32: [UInt8]]

    public init(transaction: Transaction, inputs: [ResolvedCell], cellDeps: [ResolvedCell], headerDeps: [Header],
                extensions: [Byte32: [UInt8]] = [:]) {
        self.transaction = transaction
        self.inputs = inputs
        self.cellDeps = cellDeps
        self.headerDeps = headerDeps
        self.extensions = extensions
    }

    /// Most dep-group members a transaction may expand to (`MAX_DEP_EXPANSION_LIMIT`).
    public static let maximumExpandedDeps = 2048
}

/// Why a transaction could not be resolved.
public struct ResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The CKB debugger's mock-transaction file (spec appendix):
/// `{"mock_info": {"inputs": [...], "cell_deps": [...], "header_deps": [...]}, "tx": {...}}`.
public enum MockTransaction {
    /// Reads a mock-transaction document and resolves the transaction against its cells.
    public static func resolve(_ json: JSON) throws -> ResolvedTransaction {
        let info = try RPCJSON.member(json, "mock_info", "")
        let tx = try RPCJSON.transaction(try RPCJSON.member(json, "tx", ""), "tx")

        var cells: [OutPoint: ResolvedCell] = [:]
        for (i, item) in try RPCJSON.array(try RPCJSON.member(info, "inputs", "mock_info"), "mock_info.inputs").enumerated() {
            let path = "mock_info.inputs[\(i)]"
            let input = try RPCJSON.cellInput(try RPCJSON.member(item, "input", path), path + ".input")
            let header = item["header"].flatMap { $0.isNull ? nil : $0 }
            cells[input.previousOutput] = ResolvedCell(
                outPoint: input.previousOutput,
                output: try RPCJSON.cellOutput(try RPCJSON.member(item, "output", path), path + ".output"),
                data: try RPCJSON.bytes(try RPCJSON.member(item, "data", path), path + ".data"),
                blockHash: header == nil ? nil : try RPCJSON.byte32(header!, path + ".header"))
        }
        var depCells: [OutPoint: ResolvedCell] = [:]
        for (i, item) in try RPCJSON.array(try RPCJSON.member(info, "cell_deps", "mock_info"), "mock_info.cell_deps").enumerated() {
            let path = "mock_info.cell_deps[\(i)]"
            let dep = try RPCJSON.cellDep(try RPCJSON.member(item, "cell_dep", path), path + ".cell_dep")
            let header = item["header"].flatMap { $0.isNull ? nil : $0 }
            depCells[dep.outPoint] = ResolvedCell(
                outPoint: dep.outPoint,
                output: try RPCJSON.cellOutput(try RPCJSON.member(item, "output", path), path + ".output"),
                data: try RPCJSON.bytes(try RPCJSON.member(item, "data", path), path + ".data"),
                blockHash: header == nil ? nil : try RPCJSON.byte32(header!, path + ".header"))
        }
        var headers: [Byte32: Header] = [:]
        var extensions: [Byte32: [UInt8]] = [:]
        for (i, item) in try RPCJSON.array(try RPCJSON.member(info, "header_deps", "mock_info"), "mock_info.header_deps").enumerated() {
            let header = try RPCJSON.header(item, "mock_info.header_deps[\(i)]")
            headers[header.hash] = header
            if let ext = item["extension"], !ext.isNull {
                extensions[header.hash] = try RPCJSON.bytes(ext, "mock_info.header_deps[\(i)].extension")
            }
        }
        if let ext = info["extensions"]?.arrayValue {
            for (i, item) in ext.enumerated() {
                let path = "mock_info.extensions[\(i)]"
                extensions[try RPCJSON.byte32(try RPCJSON.member(item, "block_hash", path), path + ".block_hash")] =
                    try RPCJSON.bytes(try RPCJSON.member(item, "extension", path), path + ".extension")
            }
        }
        return try resolve(tx, cells: cells, depCells: depCells, headers: headers, extensions: extensions)
    }

    /// The mock-transaction document for a resolved transaction (the inverse of
    /// ``resolve(_:)-(JSON)``). Dep-group members are listed as cell deps of their own, so the
    /// document resolves back to the same transaction.
    public static func json(_ resolved: ResolvedTransaction, depGroups: [OutPoint: ResolvedCell] = [:]) -> JSON {
        func hex(_ bytes: [UInt8]) -> JSON { .string("0x" + bytes.map { String(format2: $0) }.joined()) }
        let inputs = JSON.array(zip(resolved.transaction.raw.inputs, resolved.inputs).map { input, cell in
            .object([("input", RPCJSON.json(input)), ("output", RPCJSON.json(cell.output)), ("data", hex(cell.data)),
                     ("header", cell.blockHash.map(hex) ?? .null)])
        })
        var depEntries: [JSON] = []
        var listed = Set<OutPoint>()
        func add(_ cell: ResolvedCell, depType: UInt8) {
            guard listed.insert(cell.outPoint).inserted else { return }
            depEntries.append(.object([
                ("cell_dep", RPCJSON.json(CellDep(outPoint: cell.outPoint, depType: depType))),
                ("output", RPCJSON.json(cell.output)), ("data", hex(cell.data)),
                ("header", cell.blockHash.map(hex) ?? .null),
            ]))
        }
        for dep in resolved.transaction.raw.cellDeps where dep.depType == CellDep.depGroup {
            if let group = depGroups[dep.outPoint] { add(group, depType: CellDep.depGroup) }
        }
        for cell in resolved.cellDeps { add(cell, depType: CellDep.code) }
        let headers = JSON.array(resolved.headerDeps.map { RPCJSON.json($0) })
        return .object([
            ("mock_info", .object([("inputs", inputs), ("cell_deps", .array(depEntries)), ("header_deps", headers)])),
            ("tx", RPCJSON.json(resolved.transaction)),
        ])
    }

    /// Resolves `tx` against known cells and headers.
    public static func resolve(
        _ tx: Transaction, cells: [OutPoint: ResolvedCell], depCells: [OutPoint: ResolvedCell],
        headers: [Byte32: Header], extensions: [Byte32: [UInt8]] = [:]
    ) throws(ResolutionError) -> ResolvedTransaction {
        func hex(_ p: OutPoint) -> String { "0x" + p.txHash.map { String(format2: $0) }.joined() + "#\(p.index)" }
        var inputs: [ResolvedCell] = []
        var seen = Set<OutPoint>()
        for (i, input) in tx.raw.inputs.enumerated() {
            guard let cell = cells[input.previousOutput] ?? depCells[input.previousOutput] else {
                throw ResolutionError("input \(i): out point \(hex(input.previousOutput)) is not among the mock cells")
            }
            guard seen.insert(input.previousOutput).inserted else {
                throw ResolutionError("input \(i): out point \(hex(input.previousOutput)) is spent twice")
            }
            inputs.append(cell)
        }
        var deps: [ResolvedCell] = []
        for (i, dep) in tx.raw.cellDeps.enumerated() {
            guard let cell = depCells[dep.outPoint] ?? cells[dep.outPoint] else {
                throw ResolutionError("cell dep \(i): out point \(hex(dep.outPoint)) is not among the mock cells")
            }
            switch dep.depType {
            case CellDep.code:
                deps.append(cell)
            case CellDep.depGroup:
                let members: [ArraySlice<UInt8>]
                do {
                    members = try Molecule.readFixvec(ArraySlice(cell.data), itemSize: 36, "cell dep \(i) (dep group data)")
                } catch {
                    throw ResolutionError(error.description)
                }
                guard !members.isEmpty else { throw ResolutionError("cell dep \(i): the dep group is empty") }
                for (k, member) in members.enumerated() {
                    let outPoint = try! OutPoint(slice: member, "")  // 36 bytes by construction
                    guard let memberCell = depCells[outPoint] ?? cells[outPoint] else {
                        throw ResolutionError("cell dep \(i), dep group member \(k): out point \(hex(outPoint)) is not among the mock cells")
                    }
                    deps.append(memberCell)
                }
            default:
                throw ResolutionError("cell dep \(i): unknown dep_type \(dep.depType)")
            }
            guard deps.count <= ResolvedTransaction.maximumExpandedDeps else {
                throw ResolutionError("cell deps expand to more than \(ResolvedTransaction.maximumExpandedDeps) cells")
            }
        }
        var headerDeps: [Header] = []
        for (i, hash) in tx.raw.headerDeps.enumerated() {
            guard let header = headers[hash] else {
                throw ResolutionError("header dep \(i): 0x\(hash.map { String(format2: $0) }.joined()) is not among the mock headers")
            }
            headerDeps.append(header)
        }
        return ResolvedTransaction(transaction: tx, inputs: inputs, cellDeps: deps, headerDeps: headerDeps, extensions: extensions)
    }
}
