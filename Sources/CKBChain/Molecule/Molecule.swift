/// Molecule, CKB's serialization (Nervos RFC 0008; `spec/ckb.md` §4).
///
/// All header numbers are u32 little-endian.
///
/// | kind | layout |
/// |---|---|
/// | array, struct | items or fields back to back, fixed size, no header |
/// | fixvec | `count`, then the fixed-size items; empty = `00000000` |
/// | dynvec, table | `total_size`, one `offset` per item (from the start), then the items; empty = `04000000` |
/// | option | None = no bytes; Some(x) = the bytes of x |
///
/// Readers are strict (as CKB decodes transactions and blocks): sizes must match exactly,
/// offsets must be in order and inside the data, and tables must have exactly the schema's
/// field count unless the caller asks for compatible mode (extra trailing fields allowed).
public enum Molecule {
    // MARK: Writing

    static func u32(_ value: Int) -> [UInt8] {
        let v = UInt32(value)
        return [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }

    /// A fixvec of already-serialised fixed-size items.
    public static func fixvec(_ items: [[UInt8]]) -> [UInt8] {
        u32(items.count) + items.flatMap { $0 }
    }

    /// `Bytes`: a fixvec of bytes.
    public static func bytes(_ data: [UInt8]) -> [UInt8] { u32(data.count) + data }

    /// A dynvec (or a table: the same layout) of already-serialised items.
    public static func dynvec(_ items: [[UInt8]]) -> [UInt8] {
        let header = 4 * (items.count + 1)
        var offsets: [UInt8] = []
        var position = header
        for item in items {
            offsets += u32(position)
            position += item.count
        }
        return u32(position) + offsets + items.flatMap { $0 }
    }

    // MARK: Reading

    @inline(__always)
    static func readU32(_ bytes: ArraySlice<UInt8>, _ at: Int) -> Int {
        let i = bytes.startIndex + at
        return Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24
    }

    /// The items of a fixvec of `itemSize`-byte items.
    static func readFixvec(_ bytes: ArraySlice<UInt8>, itemSize: Int, _ path: String) throws(MoleculeError) -> [ArraySlice<UInt8>] {
        guard bytes.count >= 4 else { throw MoleculeError(.headerTooShort(bytes.count), path) }
        let count = readU32(bytes, 0)
        let expected = 4 + count * itemSize
        guard count <= (bytes.count - 4) / Swift.max(itemSize, 1), bytes.count == expected else {
            throw MoleculeError(.sizeMismatch(expected: count > Int(Int32.max) ? -1 : expected, actual: bytes.count), path)
        }
        let base = bytes.startIndex + 4
        return (0..<count).map { bytes[(base + $0 * itemSize)..<(base + ($0 + 1) * itemSize)] }
    }

    /// `Bytes` content.
    static func readBytes(_ bytes: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) -> [UInt8] {
        guard bytes.count >= 4 else { throw MoleculeError(.headerTooShort(bytes.count), path) }
        let count = readU32(bytes, 0)
        guard bytes.count == 4 + count else { throw MoleculeError(.sizeMismatch(expected: 4 + count, actual: bytes.count), path) }
        return Array(bytes.dropFirst(4))
    }

    /// The items of a dynvec, or the fields of a table.
    ///
    /// - Parameter fieldCount: for a table, the schema's field count (nil for a dynvec).
    static func readDynvec(
        _ bytes: ArraySlice<UInt8>, fieldCount: Int? = nil, compatible: Bool = false, _ path: String
    ) throws(MoleculeError) -> [ArraySlice<UInt8>] {
        guard bytes.count >= 4 else { throw MoleculeError(.headerTooShort(bytes.count), path) }
        let total = readU32(bytes, 0)
        guard total == bytes.count else { throw MoleculeError(.sizeMismatch(expected: total, actual: bytes.count), path) }
        var items: [ArraySlice<UInt8>] = []
        if total == 4 {
            if let fieldCount, fieldCount != 0 { throw MoleculeError(.fieldCount(expected: fieldCount, actual: 0), path) }
            return items
        }
        guard total >= 8 else { throw MoleculeError(.headerTooShort(total), path) }
        let first = readU32(bytes, 4)
        guard first % 4 == 0, first >= 8, first <= total else { throw MoleculeError(.badOffset(first), path) }
        let count = first / 4 - 1
        if let fieldCount {
            guard count == fieldCount || (compatible && count > fieldCount) else {
                throw MoleculeError(.fieldCount(expected: fieldCount, actual: count), path)
            }
        }
        var offsets: [Int] = []
        offsets.reserveCapacity(count + 1)
        for i in 0..<count { offsets.append(readU32(bytes, 4 + 4 * i)) }
        offsets.append(total)
        for i in 0..<count {
            // Offsets must be non-decreasing, after the header, and inside the data.
            guard offsets[i] >= first, offsets[i] <= offsets[i + 1], offsets[i + 1] <= total else {
                throw MoleculeError(.badOffset(offsets[i + 1] > total ? offsets[i + 1] : offsets[i]), path)
            }
            let start = bytes.startIndex + offsets[i]
            items.append(bytes[start..<(bytes.startIndex + offsets[i + 1])])
        }
        return items
    }

    /// Exactly `size` bytes.
    static func fixed(_ bytes: ArraySlice<UInt8>, _ size: Int, _ path: String) throws(MoleculeError) -> [UInt8] {
        guard bytes.count == size else { throw MoleculeError(.sizeMismatch(expected: size, actual: bytes.count), path) }
        return Array(bytes)
    }

    static func uint64(_ bytes: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) -> UInt64 {
        let raw = try fixed(bytes, 8, path)
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func uint32(_ bytes: ArraySlice<UInt8>, _ path: String) throws(MoleculeError) -> UInt32 {
        let raw = try fixed(bytes, 4, path)
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// Why bytes are not a valid Molecule value of the expected type, and where.
public struct MoleculeError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// Fewer bytes than the 4-byte header (or 8 for a non-empty dynvec).
        case headerTooShort(Int)
        /// The header or the schema says one size, the data has another.
        case sizeMismatch(expected: Int, actual: Int)
        /// An offset out of order, unaligned, or outside the data.
        case badOffset(Int)
        /// A table with the wrong number of fields.
        case fieldCount(expected: Int, actual: Int)
        /// A byte with a value the schema does not allow (hash_type, dep_type, option flag).
        case invalidValue(String)
    }

    public let kind: Kind
    /// Where in the value, e.g. `Transaction.raw.outputs[1].lock.args`.
    public let path: String

    init(_ kind: Kind, _ path: String) {
        self.kind = kind
        self.path = path
    }

    public var description: String {
        let what: String
        switch kind {
        case .headerTooShort(let n): what = "only \(n) bytes, too short for a header"
        case .sizeMismatch(let e, let a): what = e < 0 ? "item count too large for \(a) bytes" : "expected \(e) bytes, found \(a)"
        case .badOffset(let o): what = "invalid offset \(o)"
        case .fieldCount(let e, let a): what = "expected \(e) fields, found \(a)"
        case .invalidValue(let v): what = v
        }
        return "molecule: \(path): \(what)"
    }
}
