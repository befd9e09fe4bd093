// Integers modulo the group order L = 2^252 + 27742317777372353535851937790883648493
// (RFC 8032 section 5.1). Verification needs only two things: whether a signature's S is below
// L, and SHA-512(R || A || M) reduced modulo L. Both work on public data and run in variable
// time.

/// A scalar below L, as four little-endian 64-bit words.
struct Scalar: Sendable, Equatable {
    var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// L, little-endian words.
    static let order = Scalar(0x5812_631A_5CF5_D3ED, 0x14DE_F9DE_A2F7_9CD6, 0, 0x1000_0000_0000_0000)
    /// c = L - 2^252 (125 bits), so 2^252 ≡ -c (mod L).
    static let c0: UInt64 = 0x5812_631A_5CF5_D3ED
    static let c1: UInt64 = 0x14DE_F9DE_A2F7_9CD6

    /// 32 little-endian bytes read as an integer when it is below L (RFC 8032 section 5.1.7,
    /// step 1: "If [S] is not in the range 0 <= s < L, the signature is invalid"); nil otherwise.
    init?(canonical bytes: some Collection<UInt8>) {
        guard let w = FieldElement.words(bytes) else { return nil }
        let l = Scalar.order
        // Compare from the top word down.
        if w.3 != l.w3 { guard w.3 < l.w3 else { return nil } }
        else if w.2 != l.w2 { guard w.2 < l.w2 else { return nil } }
        else if w.1 != l.w1 { guard w.1 < l.w1 else { return nil } }
        else { guard w.0 < l.w0 else { return nil } }
        self.init(w.0, w.1, w.2, w.3)
    }

    /// A 64-byte little-endian integer (a SHA-512 digest) modulo L, variable time.
    ///
    /// Horner's rule over 32-bit chunks from the top: r <- (r 2^32 + chunk) mod L. With
    /// r < L < 2^253 the value v = r 2^32 + chunk is below 2^285; writing v = h 2^252 + l with
    /// l < 2^252 and h < 2^33, v ≡ l - h c (mod L), where h c < 2^158. If l - h c is negative,
    /// adding L once brings it into [0, L); otherwise it is at most l < 2^252 < L.
    static func reducingVariableTime(_ digest: some Collection<UInt8>) -> Scalar {
        precondition(digest.count == 64, "expected a 64-byte digest")
        var chunks = [UInt32](repeating: 0, count: 16)
        for (i, byte) in digest.enumerated() { chunks[i >> 2] |= UInt32(byte) << (8 * (i & 3)) }
        var r = Scalar(0, 0, 0, 0)
        for chunk in chunks.reversed() {
            // v = r 2^32 + chunk as five words (v4 < 2^29).
            let v0 = r.w0 << 32 | UInt64(chunk)
            let v1 = r.w1 << 32 | r.w0 >> 32
            let v2 = r.w2 << 32 | r.w1 >> 32
            let v3 = r.w3 << 32 | r.w2 >> 32
            let v4 = r.w3 >> 32
            let h = v3 >> 60 | v4 << 4            // bits 252 and up (below 2^33)
            let l3 = v3 & 0x0FFF_FFFF_FFFF_FFFF
            // h c as three words.
            let p0 = h.multipliedFullWidth(by: c0)
            let p1 = h.multipliedFullWidth(by: c1)
            let (m1, carry) = p0.high.addingReportingOverflow(p1.low)
            let hc0 = p0.low, hc1 = m1, hc2 = p1.high &+ (carry ? 1 : 0)
            // l - h c, with the borrow out.
            let (d0, b0) = v0.subtractingReportingOverflow(hc0)
            var (d1, b1) = v1.subtractingReportingOverflow(hc1)
            var b1b = false
            if b0 { (d1, b1b) = d1.subtractingReportingOverflow(1) }
            var (d2, b2) = v2.subtractingReportingOverflow(hc2)
            var b2b = false
            if b1 || b1b { (d2, b2b) = d2.subtractingReportingOverflow(1) }
            var d3 = l3
            var negative = false
            if b2 || b2b {
                if d3 == 0 { negative = true }
                d3 = d3 &- 1
            }
            r = Scalar(d0, d1, d2, d3)
            if negative { r = r.addingOrderWrapping() }
        }
        return r
    }

    /// self + L mod 2^256 (used on a negative value held in two's complement).
    private func addingOrderWrapping() -> Scalar {
        let l = Scalar.order
        let (s0, c0) = w0.addingReportingOverflow(l.w0)
        var (s1, c1) = w1.addingReportingOverflow(l.w1)
        var c1b = false
        if c0 { (s1, c1b) = s1.addingReportingOverflow(1) }
        var (s2, c2) = w2.addingReportingOverflow(l.w2)
        var c2b = false
        if c1 || c1b { (s2, c2b) = s2.addingReportingOverflow(1) }
        var s3 = w3 &+ l.w3
        if c2 || c2b { s3 = s3 &+ 1 }
        return Scalar(s0, s1, s2, s3)
    }

    /// The `count` bits (count <= 32) starting at bit `offset` (offset < 256), zeros above 255.
    @inline(__always)
    func bits(_ offset: Int, _ count: Int) -> UInt64 {
        let word = offset >> 6, shift = offset & 63
        let lo = self[word] >> shift
        let hi = (shift == 0 || word == 3) ? 0 : self[word + 1] << (64 - shift)
        return (lo | hi) & ((1 << count) - 1)
    }

    @inline(__always)
    subscript(word: Int) -> UInt64 {
        switch word {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        default: return w3
        }
    }

    /// 32 little-endian bytes.
    var bytes: [UInt8] {
        (0..<32).map { UInt8(truncatingIfNeeded: self[$0 >> 3] >> (8 * ($0 & 7))) }
    }

    /// The width-w non-adjacent form, variable time: `digits[i]` is 0 or odd with
    /// |digits[i]| < 2^(w-1), any two nonzero digits are at least w positions apart, and
    /// sum digits[i] 2^i equals the scalar. Needs 256 digits for a value below 2^253.
    func nonAdjacentFormVariableTime(window w: Int, into digits: UnsafeMutablePointer<Int8>) {
        for i in 0..<256 { digits[i] = 0 }
        var carry: UInt64 = 0
        var bit = 0
        while bit < 256 {
            if bits(bit, 1) == carry {
                bit += 1
                continue
            }
            let now = min(w, 256 - bit)
            var word = Int64(bits(bit, now) &+ carry)
            carry = UInt64(word >> (w - 1)) & 1
            word -= Int64(carry) << w
            digits[bit] = Int8(word)
            bit += now
        }
    }
}
