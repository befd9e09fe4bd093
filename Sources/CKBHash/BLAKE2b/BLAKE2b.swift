import CKBBytes

/// BLAKE2b (RFC 7693): digests of 1 to 64 bytes, optional key, salt and personalization.
///
/// A hasher is a value: copy it to hash a common prefix once. Tree-hashing parameters are fixed
/// to sequential mode (fanout 1, depth 1, leaf length 0, node offset 0, node depth 0, inner
/// length 0), which is what RFC 7693 and CKB use.
///
/// ```swift
/// var hasher = try BLAKE2b(digestByteCount: 32, personalization: Array("ckb-default-hash".utf8))
/// hasher.update(data)
/// let digest = hasher.finalize()
/// ```
///
/// For CKB's own hash use ``CKBHasher`` or ``ckbHash(_:)``.
public struct BLAKE2b: HashFunction {
    public static let blockByteCount = 128
    /// Largest digest, in bytes.
    public static let maximumDigestByteCount = 64
    /// Largest key, in bytes.
    public static let maximumKeyByteCount = 64
    /// Size of the salt field; a shorter salt is padded with zero bytes.
    public static let saltByteCount = 16
    /// Size of the personalization field; a shorter one is padded with zero bytes.
    public static let personalizationByteCount = 16

    /// The eight-word chaining value h.
    @usableFromInline
    struct ChainingValue: Sendable {
        var h0, h1, h2, h3, h4, h5, h6, h7: UInt64
    }

    /// 128 bytes of pending input, not yet compressed.
    @usableFromInline
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                       UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    @usableFromInline var h: ChainingValue
    @usableFromInline var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// Bytes in `buffer` (0...128). A full buffer is kept until more input arrives, because the
    /// last block must be compressed with the final flag.
    @usableFromInline var buffered: Int = 0
    /// Bytes compressed so far (the counter t, 128 bits).
    @usableFromInline var t0: UInt64 = 0
    @usableFromInline var t1: UInt64 = 0
    public let digestByteCount: Int

    /// BLAKE2b-512, unkeyed.
    public init() {
        self.init(unkeyedDigestByteCount: 64, salt: (0, 0), personal: (0, 0))
    }

    /// An unkeyed hasher from already-validated parameters (salt and personalization as
    /// little-endian words).
    @usableFromInline
    init(unkeyedDigestByteCount: Int, salt: (UInt64, UInt64), personal: (UInt64, UInt64)) {
        precondition((1...64).contains(unkeyedDigestByteCount), "BLAKE2b digest length out of range")
        h = BLAKE2b.initialChainingValue(
            digestByteCount: unkeyedDigestByteCount, keyByteCount: 0, salt: salt, personal: personal)
        digestByteCount = unkeyedDigestByteCount
    }

    /// A BLAKE2b hasher with the given parameters.
    ///
    /// - Parameters:
    ///   - digestByteCount: 1 to 64.
    ///   - key: 0 to 64 bytes; a non-empty key makes this a MAC (RFC 7693 section 3.3).
    ///   - salt: 0 to 16 bytes, zero-padded to 16.
    ///   - personalization: 0 to 16 bytes, zero-padded to 16.
    /// - Throws: ``BLAKE2b/ParameterError`` when a length is out of range.
    public init(
        digestByteCount: Int = 64,
        key: some Collection<UInt8> = [UInt8](),
        salt: some Collection<UInt8> = [UInt8](),
        personalization: some Collection<UInt8> = [UInt8]()
    ) throws(ParameterError) {
        guard (1...BLAKE2b.maximumDigestByteCount).contains(digestByteCount) else {
            throw ParameterError(kind: .digestLength(digestByteCount))
        }
        guard key.count <= BLAKE2b.maximumKeyByteCount else { throw ParameterError(kind: .keyLength(key.count)) }
        guard salt.count <= BLAKE2b.saltByteCount else { throw ParameterError(kind: .saltLength(salt.count)) }
        guard personalization.count <= BLAKE2b.personalizationByteCount else {
            throw ParameterError(kind: .personalizationLength(personalization.count))
        }
        self.digestByteCount = digestByteCount
        h = BLAKE2b.initialChainingValue(
            digestByteCount: digestByteCount, keyByteCount: key.count,
            salt: BLAKE2b.twoWords(salt), personal: BLAKE2b.twoWords(personalization))
        if !key.isEmpty {
            // The key is padded to a full block and absorbed as the first block (RFC 7693 3.3).
            var block = [UInt8](repeating: 0, count: BLAKE2b.blockByteCount)
            block.replaceSubrange(0..<key.count, with: key)
            block.withUnsafeBytes { update(bufferPointer: $0) }
            Zeroize.wipe(&block)
        }
    }

    /// Why a BLAKE2b parameter was rejected.
    public struct ParameterError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Kind: Equatable, Sendable {
            case digestLength(Int)
            case keyLength(Int)
            case saltLength(Int)
            case personalizationLength(Int)
        }

        public let kind: Kind

        public init(kind: Kind) { self.kind = kind }

        public var description: String {
            switch kind {
            case .digestLength(let n): return "BLAKE2b digest length \(n) is out of range 1...64"
            case .keyLength(let n): return "BLAKE2b key length \(n) is out of range 0...64"
            case .saltLength(let n): return "BLAKE2b salt length \(n) is out of range 0...16"
            case .personalizationLength(let n): return "BLAKE2b personalization length \(n) is out of range 0...16"
            }
        }
    }

    /// h = IV xor parameter block (RFC 7693 section 2.5 and 3.2; BLAKE2 paper section 2.8).
    ///
    /// Parameter block words: p0 = digest length | key length << 8 | fanout 1 << 16 | depth 1 << 24;
    /// p1, p2, p3 = 0 (leaf length, node offset, node depth, inner length); p4, p5 = salt;
    /// p6, p7 = personalization.
    static func initialChainingValue(
        digestByteCount: Int, keyByteCount: Int, salt: (UInt64, UInt64), personal: (UInt64, UInt64)
    ) -> ChainingValue {
        let p0 = UInt64(digestByteCount) | UInt64(keyByteCount) << 8 | 0x0101_0000
        return ChainingValue(
            h0: 0x6a09_e667_f3bc_c908 ^ p0, h1: 0xbb67_ae85_84ca_a73b, h2: 0x3c6e_f372_fe94_f82b,
            h3: 0xa54f_f53a_5f1d_36f1, h4: 0x510e_527f_ade6_82d1 ^ salt.0, h5: 0x9b05_688c_2b3e_6c1f ^ salt.1,
            h6: 0x1f83_d9ab_fb41_bd6b ^ personal.0, h7: 0x5be0_cd19_137e_2179 ^ personal.1)
    }

    /// Up to 16 bytes, zero-padded, as two little-endian words.
    static func twoWords(_ bytes: some Collection<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for (index, byte) in bytes.prefix(16).enumerated() { raw[index] = byte }
        }
        return (UInt64(littleEndian: words.0), UInt64(littleEndian: words.1))
    }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard var input = bufferPointer.baseAddress, bufferPointer.count > 0 else { return }
        var remaining = bufferPointer.count
        if buffered > 0 || remaining <= BLAKE2b.blockByteCount {
            // Top up the pending block; compress it only when more input follows it.
            let take = min(BLAKE2b.blockByteCount - buffered, remaining)
            let offset = buffered
            withUnsafeMutableBytes(of: &buffer) { raw in
                raw.baseAddress!.advanced(by: offset).copyMemory(from: input, byteCount: take)
            }
            buffered += take
            input += take
            remaining -= take
            guard remaining > 0 else { return }
            withUnsafeBytes(of: buffer) { raw in compressBlocks(raw.baseAddress!, count: 1) }
            buffered = 0
        }
        // Compress whole blocks straight from the input, keeping the last (possibly full) block.
        let direct = (remaining - 1) / BLAKE2b.blockByteCount
        if direct > 0 {
            compressBlocks(input, count: direct)
            input += direct * BLAKE2b.blockByteCount
            remaining -= direct * BLAKE2b.blockByteCount
        }
        withUnsafeMutableBytes(of: &buffer) { raw in
            raw.baseAddress!.copyMemory(from: input, byteCount: remaining)
        }
        buffered = remaining
    }

    /// Compresses `count` full, non-final blocks.
    @inline(__always)
    mutating func compressBlocks(_ blocks: UnsafeRawPointer, count: Int) {
        var state = h
        var low = t0
        var high = t1
        var pointer = blocks
        for _ in 0..<count {
            // The counter is a 128-bit byte count; overflow of the low word carries.
            let (sum, carry) = low.addingReportingOverflow(UInt64(BLAKE2b.blockByteCount))
            low = sum
            if carry { high &+= 1 }
            BLAKE2b.compress(&state, pointer, low, high, 0)
            pointer += BLAKE2b.blockByteCount
        }
        h = state
        t0 = low
        t1 = high
    }

    public func finalize() -> Digest {
        var state = h
        var block = buffer
        let count = buffered
        withUnsafeMutableBytes(of: &block) { raw in
            for index in count..<BLAKE2b.blockByteCount { raw[index] = 0 }
        }
        let (low, carry) = t0.addingReportingOverflow(UInt64(count))
        let high = carry ? t1 &+ 1 : t1
        withUnsafeBytes(of: block) { raw in
            BLAKE2b.compress(&state, raw.baseAddress!, low, high, ~0)
        }
        var words: Digest.Words = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            let out = raw.baseAddress!
            out.storeLittleEndian(state.h0, at: 0)
            out.storeLittleEndian(state.h1, at: 8)
            out.storeLittleEndian(state.h2, at: 16)
            out.storeLittleEndian(state.h3, at: 24)
            out.storeLittleEndian(state.h4, at: 32)
            out.storeLittleEndian(state.h5, at: 40)
            out.storeLittleEndian(state.h6, at: 48)
            out.storeLittleEndian(state.h7, at: 56)
        }
        return Digest(words: words, count: digestByteCount).zeroingTail()
    }

    /// The mixing function G (RFC 7693 section 3.1) with rotation constants 32, 24, 16, 63.
    @inline(__always)
    static func G(
        _ a: inout UInt64, _ b: inout UInt64, _ c: inout UInt64, _ d: inout UInt64, _ x: UInt64, _ y: UInt64
    ) {
        // All additions are modulo 2^64 by definition.
        a = a &+ b &+ x
        d = (d ^ a).rotatedRight(32)
        c = c &+ d
        b = (b ^ c).rotatedRight(24)
        a = a &+ b &+ y
        d = (d ^ a).rotatedRight(16)
        c = c &+ d
        b = (b ^ c).rotatedRight(63)
    }
}

extension UInt64 {
    @inline(__always)
    func rotatedRight(_ n: UInt64) -> UInt64 { (self &>> n) | (self &<< (64 &- n)) }
}

extension UInt32 {
    @inline(__always)
    func rotatedRight(_ n: UInt32) -> UInt32 { (self &>> n) | (self &<< (32 &- n)) }
    @inline(__always)
    func rotatedLeft(_ n: UInt32) -> UInt32 { (self &<< n) | (self &>> (32 &- n)) }
}
