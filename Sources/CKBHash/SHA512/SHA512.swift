import CKBBytes

/// The SHA-512 family's state and compression function (FIPS 180-4 section 6.4), shared by
/// ``SHA512`` and ``SHA384``, which differ only in the initial value and the output length.
@usableFromInline
struct SHA512Core: Sendable, BlockBuffered {
    static let blockByteCount = 128

    @usableFromInline var h: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    /// The pending partial block (fewer than 128 bytes).
    @usableFromInline var buffer: (SIMD16<UInt64>) = .zero
    @usableFromInline var buffered = 0
    /// Message length in bytes (FIPS 180-4 allows up to 2^128 bits).
    @usableFromInline var length: UInt128 = 0

    init(iv: [UInt64]) {
        h = (iv[0], iv[1], iv[2], iv[3], iv[4], iv[5], iv[6], iv[7])
    }

    mutating func update(_ bufferPointer: UnsafeRawBufferPointer) {
        length &+= UInt128(bufferPointer.count)
        absorb(bufferPointer)
    }

    /// The final hash value after padding (section 5.1.2): 0x80, zeros, the bit length as a
    /// big-endian 128-bit integer.
    func finalized() -> (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        var copy = self
        var blocks: (SIMD16<UInt64>, SIMD16<UInt64>) = (.zero, .zero)
        let count = buffered
        let bits = length &<< 3
        withUnsafeMutableBytes(of: &blocks) { raw in
            withUnsafeBytes(of: buffer) { pending in raw.baseAddress!.copyMemory(from: pending.baseAddress!, byteCount: count) }
            raw[count] = 0x80
            let total = count < 112 ? 128 : 256
            raw.baseAddress!.storeBigEndian(UInt64(truncatingIfNeeded: bits >> 64), at: total - 16)
            raw.baseAddress!.storeBigEndian(UInt64(truncatingIfNeeded: bits), at: total - 8)
            copy.compressBlocks(UnsafeRawPointer(raw.baseAddress!), count: total / 128)
        }
        return copy.h
    }

    @inline(__always) static func bigSigma0(_ x: UInt64) -> UInt64 { x.rotatedRight(28) ^ x.rotatedRight(34) ^ x.rotatedRight(39) }
    @inline(__always) static func bigSigma1(_ x: UInt64) -> UInt64 { x.rotatedRight(14) ^ x.rotatedRight(18) ^ x.rotatedRight(41) }
    @inline(__always) static func sigma0(_ x: UInt64) -> UInt64 { x.rotatedRight(1) ^ x.rotatedRight(8) ^ (x >> 7) }
    @inline(__always) static func sigma1(_ x: UInt64) -> UInt64 { x.rotatedRight(19) ^ x.rotatedRight(61) ^ (x >> 6) }

    mutating func compressBlocks(_ blocks: UnsafeRawPointer, count: Int) {
        var (h0, h1, h2, h3, h4, h5, h6, h7) = h
        var w = SIMD16<UInt64>.zero
        SHA512Core.k.withUnsafeBufferPointer { k in
            for b in 0..<count {
                let block = blocks + b * SHA512Core.blockByteCount
                for i in 0..<16 { w[i] = block.loadBigEndianUInt64(at: 8 * i) }
                var a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7
                for t in 0..<80 {
                    let i = t & 15
                    if t >= 16 {
                        w[i] &+= SHA512Core.sigma1(w[(t - 2) & 15]) &+ w[(t - 7) & 15] &+ SHA512Core.sigma0(w[(t - 15) & 15])
                    }
                    let t1 = hh &+ SHA512Core.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ k[t] &+ w[i]
                    let t2 = SHA512Core.bigSigma0(a) &+ ((a & bb) | (c & (a | bb)))
                    hh = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = bb
                    bb = a
                    a = t1 &+ t2
                }
                h0 &+= a; h1 &+= bb; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= hh
            }
        }
        h = (h0, h1, h2, h3, h4, h5, h6, h7)
    }

    static func digest(_ h: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), count: Int) -> Digest {
        var words: Digest.Words = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            let out = raw.baseAddress!
            for (i, value) in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7].enumerated() { out.storeBigEndian(value, at: 8 * i) }
        }
        return Digest(words: words, count: count)
    }
}

/// SHA-512 (FIPS 180-4).
///
/// A hasher is a value: copying it copies the state. ``finalize()`` leaves it unchanged.
public struct SHA512: HashFunction {
    public static let blockByteCount = 128
    public static let byteCount = 64

    @usableFromInline var core = SHA512Core(iv: SHA512Core.iv512)

    public init() {}

    public var digestByteCount: Int { SHA512.byteCount }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) { core.update(bufferPointer) }

    public func finalize() -> Digest { SHA512Core.digest(core.finalized(), count: SHA512.byteCount) }
}

/// SHA-384 (FIPS 180-4): SHA-512 with its own initial value, truncated to 48 bytes.
public struct SHA384: HashFunction {
    public static let blockByteCount = 128
    public static let byteCount = 48

    @usableFromInline var core = SHA512Core(iv: SHA512Core.iv384)

    public init() {}

    public var digestByteCount: Int { SHA384.byteCount }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) { core.update(bufferPointer) }

    public func finalize() -> Digest { SHA512Core.digest(core.finalized(), count: SHA384.byteCount) }
}
