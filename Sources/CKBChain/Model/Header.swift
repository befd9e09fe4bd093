import CKBHash

/// `RawHeader`: struct of 192 bytes (`spec/ckb.md` §4.3).
public struct RawHeader: Hashable, Sendable {
    public var version: UInt32 = 0
    public var compactTarget: UInt32 = 0
    /// Milliseconds since the Unix epoch.
    public var timestamp: UInt64 = 0
    public var number: UInt64 = 0
    /// EpochNumberWithFraction: number bits 0–23, index bits 24–39, length bits 40–55.
    public var epoch: UInt64 = 0
    public var parentHash: Byte32 = Array(repeating: 0, count: 32)
    public var transactionsRoot: Byte32 = Array(repeating: 0, count: 32)
    public var proposalsHash: Byte32 = Array(repeating: 0, count: 32)
    /// The uncles hash, or (with a block extension) blake2b(uncles_hash ‖ extension_hash).
    public var extraHash: Byte32 = Array(repeating: 0, count: 32)
    public var dao: Byte32 = Array(repeating: 0, count: 32)

    public init() {}

    public var molecule: [UInt8] {
        Molecule.u32(Int(version)) + Molecule.u32(Int(compactTarget)) + Molecule.le64(timestamp) + Molecule.le64(number)
            + Molecule.le64(epoch) + parentHash + transactionsRoot + proposalsHash + extraHash + dao
    }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let raw = try Molecule.fixed(slice, 192, path)
        version = try Molecule.uint32(raw[0..<4], path)
        compactTarget = try Molecule.uint32(raw[4..<8], path)
        timestamp = try Molecule.uint64(raw[8..<16], path)
        number = try Molecule.uint64(raw[16..<24], path)
        epoch = try Molecule.uint64(raw[24..<32], path)
        parentHash = Array(raw[32..<64])
        transactionsRoot = Array(raw[64..<96])
        proposalsHash = Array(raw[96..<128])
        extraHash = Array(raw[128..<160])
        dao = Array(raw[160..<192])
    }

    /// The proof-of-work hash: CKB's hash of these 192 bytes.
    public var powHash: Byte32 { ckbHash(molecule).bytes }

    /// The epoch's number, the block's index in it, and the epoch length.
    public var epochParts: (number: UInt64, index: UInt64, length: UInt64) {
        (epoch & 0xFF_FFFF, (epoch >> 24) & 0xFFFF, (epoch >> 40) & 0xFFFF)
    }
}

/// `Header`: struct { raw: RawHeader, nonce: Uint128 }, 208 bytes.
public struct Header: Hashable, Sendable {
    public var raw: RawHeader
    public var nonce: UInt128

    public init(raw: RawHeader = RawHeader(), nonce: UInt128 = 0) {
        self.raw = raw
        self.nonce = nonce
    }

    public var molecule: [UInt8] { raw.molecule + Molecule.le128(nonce) }

    public init(molecule: some Collection<UInt8>, path: String = "Header") throws(MoleculeError) {
        try self.init(slice: ArraySlice(molecule), path)
    }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let raw = try Molecule.fixed(slice, 208, path)
        self.raw = try RawHeader(slice: raw[0..<192], path + ".raw")
        nonce = raw[192..<208].reversed().reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    /// The block hash: CKB's hash of the 208-byte header.
    public var hash: Byte32 { ckbHash(molecule).bytes }
}

/// `UncleBlock`: table { header: Header, proposals: ProposalShortIdVec }.
public struct UncleBlock: Hashable, Sendable {
    public var header: Header
    public var proposals: [[UInt8]]

    public init(header: Header, proposals: [[UInt8]] = []) {
        self.header = header
        self.proposals = proposals
    }

    public var molecule: [UInt8] { Molecule.dynvec([header.molecule, Molecule.fixvec(proposals)]) }

    init(slice: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) {
        let f = try Molecule.readDynvec(slice, fieldCount: 2, path)
        header = try Header(slice: f[0], path + ".header")
        proposals = try Molecule.readFixvec(f[1], itemSize: 10, path + ".proposals").map(Array.init)
    }
}

/// `Block` (4 fields) or `BlockV1` (with `extension: Bytes`).
public struct Block: Hashable, Sendable {
    public var header: Header
    public var uncles: [UncleBlock]
    public var transactions: [Transaction]
    public var proposals: [[UInt8]]
    /// Present in `BlockV1` (after the CKB2021 hard fork, when a block carries an extension).
    public var `extension`: [UInt8]?

    public init(header: Header, uncles: [UncleBlock] = [], transactions: [Transaction] = [],
                proposals: [[UInt8]] = [], extension: [UInt8]? = nil) {
        self.header = header
        self.uncles = uncles
        self.transactions = transactions
        self.proposals = proposals
        self.extension = `extension`
    }

    public var molecule: [UInt8] {
        var fields = [header.molecule, Molecule.dynvec(uncles.map(\.molecule)),
                      Molecule.dynvec(transactions.map(\.molecule)), Molecule.fixvec(proposals)]
        if let ext = `extension` { fields.append(Molecule.bytes(ext)) }
        return Molecule.dynvec(fields)
    }

    public init(molecule: some Collection<UInt8>) throws(MoleculeError) {
        let path = "Block"
        let f = try Molecule.readDynvec(ArraySlice(molecule), fieldCount: 4, compatible: true, path)
        guard f.count <= 5 else { throw MoleculeError(.fieldCount(expected: 5, actual: f.count), path) }
        header = try Header(slice: f[0], path + ".header")
        var u: [UncleBlock] = []
        for (i, item) in try Molecule.readDynvec(f[1], path + ".uncles").enumerated() {
            u.append(try UncleBlock(slice: item, path + ".uncles[\(i)]"))
        }
        uncles = u
        var t: [Transaction] = []
        for (i, item) in try Molecule.readDynvec(f[2], path + ".transactions").enumerated() {
            t.append(try Transaction(slice: item, path + ".transactions[\(i)]"))
        }
        transactions = t
        proposals = try Molecule.readFixvec(f[3], itemSize: 10, path + ".proposals").map(Array.init)
        `extension` = f.count == 5 ? try Molecule.readBytes(f[4], path + ".extension") : nil
    }
}

// MARK: - Block hashes (spec/ckb.md §5.2)

public enum BlockHashes {
    static let zero: Byte32 = Array(repeating: 0, count: 32)

    /// The hash of cell data: 32 zero bytes for empty data, else CKB's hash.
    public static func dataHash(_ data: [UInt8]) -> Byte32 { data.isEmpty ? zero : ckbHash(data).bytes }

    /// CBMT root (RFC 0006): leaves at positions n−1…2n−2; node[i] = hash(node[2i+1] ‖ node[2i+2]).
    /// No leaves: zero; one leaf: the leaf.
    public static func merkleRoot(_ leaves: [Byte32]) -> Byte32 {
        guard !leaves.isEmpty else { return zero }
        let n = leaves.count
        var nodes = [Byte32](repeating: zero, count: 2 * n - 1)
        for (i, leaf) in leaves.enumerated() { nodes[n - 1 + i] = leaf }
        var i = n - 2
        while i >= 0 {
            var hasher = CKBHasher()
            hasher.update(nodes[2 * i + 1])
            hasher.update(nodes[2 * i + 2])
            nodes[i] = hasher.finalize().bytes
            i -= 1
        }
        return nodes[0]
    }

    /// transactions_root = hash(CBMT(tx hashes) ‖ CBMT(witness hashes)).
    public static func transactionsRoot(_ transactions: [Transaction]) -> Byte32 {
        let raw = merkleRoot(transactions.map(\.hash))
        let witnesses = merkleRoot(transactions.map(\.witnessHash))
        return ckbHash(raw + witnesses).bytes
    }

    /// Zero without proposals, else the hash of the concatenated 10-byte short ids.
    public static func proposalsHash(_ proposals: [[UInt8]]) -> Byte32 {
        proposals.isEmpty ? zero : ckbHash(proposals.flatMap { $0 }).bytes
    }

    /// Zero without uncles, else the hash of the concatenated uncle header hashes.
    public static func unclesHash(_ uncles: [UncleBlock]) -> Byte32 {
        uncles.isEmpty ? zero : ckbHash(uncles.flatMap { $0.header.hash }).bytes
    }

    /// The header's extra_hash: the uncles hash, or hash(uncles_hash ‖ hash(extension)).
    public static func extraHash(uncles: [UncleBlock], extension ext: [UInt8]?) -> Byte32 {
        let unclesHash = unclesHash(uncles)
        guard let ext else { return unclesHash }
        return ckbHash(unclesHash + ckbHash(ext).bytes).bytes
    }
}
