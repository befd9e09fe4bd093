import CKBBytes

/// SHA-256 (FIPS 180-4).
///
/// A hasher is a value: copying it copies the state. ``finalize()`` leaves it unchanged.
public struct SHA256: HashFunction, BlockBuffered {
    public static let blockByteCount = 64
    public static let byteCount = 32

    @usableFromInline
    struct State: Sendable {
        var h0, h1, h2, h3, h4, h5, h6, h7: UInt32
    }

    @usableFromInline
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    @usableFromInline var state = State(
        h0: 0x6a09_e667, h1: 0xbb67_ae85, h2: 0x3c6e_f372, h3: 0xa54f_f53a,
        h4: 0x510e_527f, h5: 0x9b05_688c, h6: 0x1f83_d9ab, h7: 0x5be0_cd19)
    @usableFromInline var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Bytes in `buffer` (0..<64): a full block is compressed at once.
    @usableFromInline var buffered = 0
    /// Message length in bytes so far. SHA-256 is defined for fewer than 2^64 bits.
    @usableFromInline var length: UInt64 = 0

    public init() {}

    public var digestByteCount: Int { SHA256.byteCount }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        length &+= UInt64(bufferPointer.count)  // wraps only beyond 2^64 bytes, outside the standard's domain
        absorb(bufferPointer)
    }

    /// Scratch space for the 64-word expanded message schedule.
    @usableFromInline
    typealias Schedule = (SIMD32<UInt32>, SIMD32<UInt32>)

    @inline(__always)
    mutating func compressBlocks(_ blocks: UnsafeRawPointer, count: Int) {
        var H = state
        let constants = VectorConstants.make()
        var schedule = Schedule(.zero, .zero)
        withUnsafeMutableBytes(of: &schedule) { scratch in
            var pointer = blocks
            for _ in 0..<count {
                SHA256.compress(&H, pointer, scratch.baseAddress!, constants)
                pointer += SHA256.blockByteCount
            }
        }
        state = H
    }

    public func finalize() -> Digest {
        // Padding (FIPS 180-4 5.1.1): 0x80, zeros, then the bit length as a big-endian u64.
        var H = state
        var blocks: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        let count = buffered
        let bitLength = length &<< 3
        let constants = VectorConstants.make()
        var schedule = Schedule(.zero, .zero)
        withUnsafeMutableBytes(of: &blocks) { raw in
            withUnsafeBytes(of: buffer) { pending in
                raw.baseAddress!.copyMemory(from: pending.baseAddress!, byteCount: count)
            }
            raw[count] = 0x80
            let total = count < 56 ? 64 : 128
            raw.baseAddress!.storeBigEndian(bitLength, at: total - 8)
            withUnsafeMutableBytes(of: &schedule) { scratch in
                for offset in stride(from: 0, to: total, by: 64) {
                    SHA256.compress(&H, UnsafeRawPointer(raw.baseAddress! + offset), scratch.baseAddress!, constants)
                }
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
            out.storeBigEndian(H.h5, at: 20)
            out.storeBigEndian(H.h6, at: 24)
            out.storeBigEndian(H.h7, at: 28)
        }
        return Digest(words: words, count: SHA256.byteCount)
    }

    // FIPS 180-4 4.1.2 functions.
    // Three independent rotations: a shorter dependency chain than the nested form.
    @inline(__always) static func bigSigma0(_ x: UInt32) -> UInt32 { x.rotatedRight(2) ^ x.rotatedRight(13) ^ x.rotatedRight(22) }
    @inline(__always) static func bigSigma1(_ x: UInt32) -> UInt32 { x.rotatedRight(6) ^ x.rotatedRight(11) ^ x.rotatedRight(25) }
    // The small sigmas run on four schedule words at once:
    // sigma0(x) = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3), sigma1(x) = rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10),
    // each rotation written as its two shifts.
    @inline(__always) static func sigma0(_ x: SIMD4<UInt32>, _ c: VectorConstants) -> SIMD4<UInt32> {
        (x &>> c.r7) ^ (x &<< c.l25) ^ (x &>> c.r18) ^ (x &<< c.l14) ^ (x &>> c.r3)
    }
    @inline(__always) static func sigma1(_ x: SIMD4<UInt32>, _ c: VectorConstants) -> SIMD4<UInt32> {
        (x &>> c.r17) ^ (x &<< c.l15) ^ (x &>> c.r19) ^ (x &<< c.l13) ^ (x &>> c.r10)
    }

    /// Shift counts and lane masks for the vector schedule, produced where the optimiser cannot
    /// see their values. With constant counts LLVM recognises each shift pair as a rotation, and
    /// baseline x86-64 has no vector rotation, so it moves every lane to an integer register and
    /// back; with constant masks it narrows the half-width steps to scalar code. Either way the
    /// integer units, which the 64 steps already saturate, would do the work.
    @usableFromInline
    struct VectorConstants: Sendable {
        var r7, l25, r18, l14, r3, r17, l15, r19, l13, r10: UInt32
        var lowLanes, highLanes: SIMD4<UInt32>

        @inline(never)
        static func make() -> VectorConstants {
            VectorConstants(
                r7: 7, l25: 25, r18: 18, l14: 14, r3: 3, r17: 17, l15: 15, r19: 19, l13: 13, r10: 10,
                lowLanes: SIMD4(~0, ~0, 0, 0), highLanes: SIMD4(0, 0, ~0, ~0))
        }
    }
}
