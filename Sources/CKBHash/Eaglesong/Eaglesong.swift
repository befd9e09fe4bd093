import CKBBytes

/// Eaglesong, CKB's proof-of-work hash (Nervos RFC 0010), with the 32-byte output CKB uses.
///
/// A sponge over 16 words of 32 bits: rate 256 bits, capacity 256 bits, delimiter byte 0x06.
/// Absorption follows the reference code, which is what the chain checks (see
/// `Docs/Primitives/Eaglesong.md`): each 32-byte chunk is read as eight big-endian words, except
/// that in the final chunk the word holding the last input bytes and the delimiter is built by
/// shifting in only the bytes that exist, so it is right-aligned (a lone delimiter word is
/// `0x00000006`). The 32 output bytes are state words 0 to 7, each little-endian.
public struct Eaglesong: HashFunction, BlockBuffered {
    public static let blockByteCount = 32
    public static let byteCount = 32
    /// The delimiter byte appended to the input.
    public static let delimiter: UInt8 = 0x06

    @usableFromInline
    struct State: Sendable {
        var s0: UInt32 = 0, s1: UInt32 = 0, s2: UInt32 = 0, s3: UInt32 = 0
        var s4: UInt32 = 0, s5: UInt32 = 0, s6: UInt32 = 0, s7: UInt32 = 0
        var s8: UInt32 = 0, s9: UInt32 = 0, s10: UInt32 = 0, s11: UInt32 = 0
        var s12: UInt32 = 0, s13: UInt32 = 0, s14: UInt32 = 0, s15: UInt32 = 0

        @inline(__always)
        mutating func absorb(_ w: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) {
            s0 ^= w.0; s1 ^= w.1; s2 ^= w.2; s3 ^= w.3
            s4 ^= w.4; s5 ^= w.5; s6 ^= w.6; s7 ^= w.7
        }
    }

    @usableFromInline var state = State()
    @usableFromInline var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// Bytes in `buffer` (0..<32): a full chunk is absorbed at once, since the delimiter always
    /// lands in a later chunk.
    @usableFromInline var buffered = 0

    public init() {}

    public var digestByteCount: Int { Eaglesong.byteCount }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) { absorb(bufferPointer) }

    /// Absorbs `count` whole 32-byte chunks, each followed by the permutation.
    @inline(__always)
    mutating func compressBlocks(_ chunks: UnsafeRawPointer, count: Int) {
        var s = state
        Eaglesong.injectionConstants.withUnsafeBufferPointer { constants in
            var pointer = chunks
            for _ in 0..<count {
                s.absorb((
                    pointer.loadBigEndianUInt32(at: 0), pointer.loadBigEndianUInt32(at: 4),
                    pointer.loadBigEndianUInt32(at: 8), pointer.loadBigEndianUInt32(at: 12),
                    pointer.loadBigEndianUInt32(at: 16), pointer.loadBigEndianUInt32(at: 20),
                    pointer.loadBigEndianUInt32(at: 24), pointer.loadBigEndianUInt32(at: 28)))
                Eaglesong.permute(&s, constants.baseAddress!)
                pointer += Eaglesong.blockByteCount
            }
        }
        state = s
    }

    public func finalize() -> Digest {
        // The final chunk: the buffered bytes, then the delimiter, shifted in word by word
        // (RFC 0010 reference absorb); positions past the delimiter contribute nothing.
        var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
        let count = buffered
        withUnsafeBytes(of: buffer) { pending in
            withUnsafeMutableBytes(of: &words) { out in
                for j in 0..<8 {
                    var w: UInt32 = 0
                    for k in 0..<4 {
                        let p = 4 * j + k
                        if p < count {
                            w = w << 8 ^ UInt32(pending[p])
                        } else if p == count {
                            w = w << 8 ^ UInt32(Eaglesong.delimiter)
                        }
                    }
                    out.baseAddress!.storeBytes(of: w, toByteOffset: 4 * j, as: UInt32.self)  // native order: read back as a word
                }
            }
        }
        var s = state
        s.absorb(words)
        Eaglesong.injectionConstants.withUnsafeBufferPointer { constants in
            Eaglesong.permute(&s, constants.baseAddress!)
        }
        var digest: Digest.Words = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { raw in
            let out = raw.baseAddress!
            out.storeLittleEndian(s.s0, at: 0)
            out.storeLittleEndian(s.s1, at: 4)
            out.storeLittleEndian(s.s2, at: 8)
            out.storeLittleEndian(s.s3, at: 12)
            out.storeLittleEndian(s.s4, at: 16)
            out.storeLittleEndian(s.s5, at: 20)
            out.storeLittleEndian(s.s6, at: 24)
            out.storeLittleEndian(s.s7, at: 28)
        }
        return Digest(words: digest, count: Eaglesong.byteCount)
    }

    @inline(__always)
    static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &<< n) | (x &>> (32 &- n)) }
}

/// Eaglesong-256 of `data` (see ``Eaglesong``).
public func eaglesong<Bytes: Sequence<UInt8>>(_ data: Bytes) -> Digest {
    Eaglesong.hash(data)
}
