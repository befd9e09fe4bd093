import CKBBytes

/// Algorithms kept only to check old data, whose security no longer holds.
///
/// The namespace says so at every use, as swift-crypto's `Insecure` does: nothing in this package
/// accepts them by default.
public enum Insecure {}

extension Insecure {
    /// SHA-1 (FIPS 180-4 section 6.1). Collisions have been computed (SHAttered, 2017), so a
    /// SHA-1 signature proves nothing against a chosen-prefix attacker. Here for old RSA
    /// certificates and keys that callers opt into by name (`RSA.Policy.allowsInsecureSHA1`).
    ///
    /// A hasher is a value: copying it copies the state. ``finalize()`` leaves it unchanged.
    public struct SHA1: HashFunction, BlockBuffered {
        public static let blockByteCount = 64
        public static let byteCount = 20

        @usableFromInline
        struct State: Sendable {
            var h0: UInt32 = 0x6745_2301, h1: UInt32 = 0xEFCD_AB89, h2: UInt32 = 0x98BA_DCFE
            var h3: UInt32 = 0x1032_5476, h4: UInt32 = 0xC3D2_E1F0
        }

        @usableFromInline
        typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

        @usableFromInline var state = State()
        @usableFromInline var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0)
        /// Bytes in `buffer` (0..<64).
        @usableFromInline var buffered = 0
        /// Message length in bytes so far (the standard's domain is below 2^64 bits).
        @usableFromInline var length: UInt64 = 0

        public init() {}

        public var digestByteCount: Int { SHA1.byteCount }

        public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
            length &+= UInt64(bufferPointer.count)  // wraps only beyond 2^64 bytes, outside the standard's domain
            absorb(bufferPointer)
        }

        mutating func compressBlocks(_ blocks: UnsafeRawPointer, count: Int) {
            for i in 0..<count { SHA1.compress(&state, blocks + i * SHA1.blockByteCount) }
        }

        public func finalize() -> Digest {
            // Padding (FIPS 180-4 5.1.1): 0x80, zeros, then the bit length as a big-endian u64.
            var H = state
            var blocks: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
            let count = buffered
            let bitLength = length &<< 3
            withUnsafeMutableBytes(of: &blocks) { raw in
                withUnsafeBytes(of: buffer) { pending in
                    raw.baseAddress!.copyMemory(from: pending.baseAddress!, byteCount: count)
                }
                raw[count] = 0x80
                let total = count < 56 ? 64 : 128
                raw.baseAddress!.storeBigEndian(bitLength, at: total - 8)
                for offset in stride(from: 0, to: total, by: 64) {
                    SHA1.compress(&H, UnsafeRawPointer(raw.baseAddress! + offset))
                }
            }
            var words: Digest.Words = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { raw in
                let out = raw.baseAddress!
                out.storeBigEndian(H.h0, at: 0)
                out.storeBigEndian(H.h1, at: 4)
                out.storeBigEndian(H.h2, at: 8)
                out.storeBigEndian(H.h3, at: 12)
                out.storeBigEndian(H.h4, at: 16)
            }
            return Digest(words: words, count: SHA1.byteCount)
        }

        /// One block (FIPS 180-4 6.1.2): 80 steps over a 16-word rolling schedule.
        @inline(__always)
        static func compress(_ H: inout State, _ block: UnsafeRawPointer) {
            var w = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                     UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
            withUnsafeMutableBytes(of: &w) { raw in
                let words = raw.bindMemory(to: UInt32.self)
                for t in 0..<16 {
                    words[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
                }
                var a = H.h0, b = H.h1, c = H.h2, d = H.h3, e = H.h4
                for t in 0..<80 {
                    let word: UInt32
                    if t < 16 {
                        word = words[t]
                    } else {
                        // W[t] = rotl1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]), in place modulo 16.
                        word = (words[(t &- 3) & 15] ^ words[(t &- 8) & 15] ^ words[(t &- 14) & 15] ^ words[t & 15]).rotatedLeft(1)
                        words[t & 15] = word
                    }
                    let f: UInt32, k: UInt32
                    switch t {
                    case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                    case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                    case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                    default: f = b ^ c ^ d; k = 0xCA62_C1D6
                    }
                    // Additions modulo 2^32 (FIPS 180-4 section 6.1.2, step 3).
                    let temp = a.rotatedLeft(5) &+ f &+ e &+ k &+ word
                    e = d
                    d = c
                    c = b.rotatedLeft(30)
                    b = a
                    a = temp
                }
                H.h0 &+= a
                H.h1 &+= b
                H.h2 &+= c
                H.h3 &+= d
                H.h4 &+= e
            }
        }
    }
}
