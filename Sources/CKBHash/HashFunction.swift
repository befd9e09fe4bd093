import CKBBytes

/// A streaming hash function with value semantics.
///
/// A hasher is a struct of integers: copying it copies the whole state, so a copy can be
/// finalized or fed different data without affecting the original (`finalize()` does not
/// consume or change the hasher).
public protocol HashFunction: Sendable {
    /// Bytes the compression function consumes at a time.
    static var blockByteCount: Int { get }

    /// A hasher in its standard configuration (for BLAKE2b: 64-byte digest, no key).
    init()

    /// Bytes of the digest this hasher produces.
    var digestByteCount: Int { get }

    /// Absorbs `bufferPointer`.
    mutating func update(bufferPointer: UnsafeRawBufferPointer)

    /// The digest of everything absorbed so far. The hasher is left unchanged.
    func finalize() -> Digest
}

extension HashFunction {
    /// Absorbs the bytes of `data`.
    @inlinable
    public mutating func update<Bytes: Sequence<UInt8>>(_ data: Bytes) {
        let done: Void? = data.withContiguousStorageIfAvailable { buffer in
            self.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(data).withUnsafeBytes { self.update(bufferPointer: $0) }
        }
    }

    /// The digest of `data` under the standard configuration.
    @inlinable
    public static func hash<Bytes: Sequence<UInt8>>(_ data: Bytes) -> Digest {
        var hasher = Self()
        hasher.update(data)
        return hasher.finalize()
    }
}

/// A hash value of 1 to 64 bytes, stored inline (no heap allocation).
///
/// Equality compares in time that depends only on the lengths (`CKBBytes.ConstantTime`), so a digest
/// can be compared with an expected authentication code safely.
public struct Digest: Sendable, Hashable, RandomAccessCollection, CustomStringConvertible {
    public typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The digest bytes, little-endian word by word: byte i is byte (i % 8) of word i / 8.
    @usableFromInline var words: Words
    @usableFromInline let length: UInt8

    /// A digest of the first `count` bytes of `words`, each word stored little-endian.
    @inlinable
    init(words: Words, count: Int) {
        precondition(count >= 1 && count <= 64, "digest length out of range")
        self.words = words
        self.length = UInt8(count)
    }

    /// A digest holding a copy of `bytes` (1 to 64 of them).
    public init?(_ bytes: some Collection<UInt8>) {
        guard (1...64).contains(bytes.count) else { return nil }
        var words: Words = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        self.init(words: words, count: bytes.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(length) }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < Int(length), "Digest index out of range")
        return withUnsafeBytes { $0[position] }
    }

    /// Calls `body` with the digest bytes.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words) { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[0..<Int(length)]))
        }
    }

    /// The digest as an array.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lower-case hexadecimal.
    public var description: String { bytes.hexString }

    /// The first `count` bytes (for example blake160, the first 20 bytes of a CKB hash).
    public func prefix(_ count: Int) -> Digest {
        precondition(count >= 1 && count <= Int(length), "prefix length out of range")
        return Digest(words: words, count: count).zeroingTail()
    }

    @usableFromInline
    func zeroingTail() -> Digest {
        var copy = self
        Swift.withUnsafeMutableBytes(of: &copy.words) { raw in
            for index in Int(length)..<64 { raw[index] = 0 }
        }
        return copy
    }

    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
