/// A cursor over untrusted bytes that never reads past the end.
///
/// Every read checks the remaining length first and throws a ``ByteReaderError`` that says what
/// was being read, where, and how many bytes were needed and available.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    /// Offset of the next unread byte.
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Bytes left to read.
    public var remaining: Int { bytes.count - offset }

    /// `true` when every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }

    /// Reads `count` bytes.
    public mutating func read(_ count: Int, _ what: @autoclosure () -> String = "bytes") throws(ByteReaderError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw ByteReaderError(what: what(), offset: offset, needed: count, available: remaining)
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func readUInt8(_ what: @autoclosure () -> String = "byte") throws(ByteReaderError) -> UInt8 {
        try read(1, what()).first!
    }

    public mutating func readUInt32LE(_ what: @autoclosure () -> String = "u32") throws(ByteReaderError) -> UInt32 {
        let slice = try read(4, what())
        return slice.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    public mutating func readUInt64LE(_ what: @autoclosure () -> String = "u64") throws(ByteReaderError) -> UInt64 {
        let slice = try read(8, what())
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Throws unless every byte has been consumed.
    public func expectEnd(_ what: @autoclosure () -> String = "input") throws(ByteReaderError) {
        guard isAtEnd else {
            throw ByteReaderError(what: "end of \(what())", offset: offset, needed: 0, available: remaining, trailing: true)
        }
    }
}

/// A read past the end of the input, or bytes left over where none may be.
public struct ByteReaderError: Error, Equatable, Sendable, CustomStringConvertible {
    public let what: String
    public let offset: Int
    public let needed: Int
    public let available: Int
    /// `true` when the error is unexpected trailing bytes rather than a short read.
    public let trailing: Bool

    public init(what: String, offset: Int, needed: Int, available: Int, trailing: Bool = false) {
        self.what = what
        self.offset = offset
        self.needed = needed
        self.available = available
        self.trailing = trailing
    }

    public var description: String {
        if trailing {
            return "\(available) unexpected trailing byte(s) at offset \(offset), expected \(what)"
        }
        return "truncated \(what) at offset \(offset): needs \(needed) byte(s), \(available) left"
    }
}
