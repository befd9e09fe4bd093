// The secp256k1 base field GF(p), p = 2^256 - 2^32 - 977 (SEC 2 section 2.4.1).
//
// Representation: four little-endian 64-bit limbs, always fully reduced (0 <= value < p), so
// equality is limb equality and serialisation needs no normalisation step. Every operation here
// is constant-time (no branch or index depends on a value) unless its name says `VariableTime`.

/// An element of the secp256k1 base field, fully reduced.
struct FieldElement: Sendable, Equatable {
    var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    @inline(__always)
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    @inline(__always)
    init(_ small: UInt64) { self.init(small, 0, 0, 0) }

    static let zero = FieldElement(0)
    static let one = FieldElement(1)
    /// 2^256 - p: reducing modulo p folds a multiple of 2^256 into this multiple of `c`.
    static let c: UInt64 = 0x1_0000_03D1
    static let p = FieldElement(0xFFFF_FFFE_FFFF_FC2F, ~0, ~0, ~0)
    /// The curve constant b = 7 (y^2 = x^3 + 7).
    static let b = FieldElement(7)
    /// beta, a primitive cube root of unity: (x, y) -> (beta x, y) is multiplication by lambda.
    static let beta = FieldElement(
        0xC139_6C28_7195_01EE, 0x9CF0_4975_12F5_8995, 0x6E64_479E_AC34_34E9, 0x7AE9_6A2B_657C_0710)

    /// Reads 32 big-endian bytes; nil when the value is not below p.
    init?(bigEndian bytes: some Collection<UInt8>) {
        guard let limbs = Limbs.read(bigEndian: bytes) else { return nil }
        let value = FieldElement(limbs.0, limbs.1, limbs.2, limbs.3)
        guard value.isBelowP else { return nil }
        self = value
    }

    /// 32 big-endian bytes.
    var bigEndianBytes: [UInt8] { Limbs.write(bigEndian: (l0, l1, l2, l3)) }

    /// Whether the limbs, read as an integer, are below p (used on untrusted input).
    var isBelowP: Bool { plusC().carry == 0 }

    /// value + c as limbs, and the carry out of 256 bits (1 exactly when value >= p).
    @inline(__always)
    private func plusC() -> (FieldElement, carry: UInt64) {
        var t = UInt128(l0) &+ UInt128(FieldElement.c)
        let u0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(l1) &+ (t >> 64)
        let u1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(l2) &+ (t >> 64)
        let u2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(l3) &+ (t >> 64)
        return (FieldElement(u0, u1, u2, UInt64(truncatingIfNeeded: t)), UInt64(truncatingIfNeeded: t >> 64))
    }

    @inline(__always) var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }
    @inline(__always) var isOdd: Bool { l0 & 1 == 1 }

    /// Constant-time select: `flag` must be 0 or 1; returns `b` when it is 1.
    @inline(__always)
    static func select(_ flag: UInt64, _ a: FieldElement, _ b: FieldElement) -> FieldElement {
        let v = Limbs.select(flag, (a.l0, a.l1, a.l2, a.l3), (b.l0, b.l1, b.l2, b.l3))
        return FieldElement(v.0, v.1, v.2, v.3)
    }

    // MARK: - Arithmetic

    /// Adds `k` (a carry word) times 2^256 ≡ k·c to a 256-bit value already below 2^256, then
    /// reduces fully. `k` may be up to 2^34.
    @inline(__always)
    private static func finish(_ s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64, carry k: UInt64) -> FieldElement {
        var t = UInt128(k) &* UInt128(c) &+ UInt128(s0)
        var r0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(s1) &+ (t >> 64)
        var r1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(s2) &+ (t >> 64)
        let r2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(s3) &+ (t >> 64)
        let r3 = UInt64(truncatingIfNeeded: t)
        // A further carry means the value was 2^256 + (r0..r3) with r0..r3 below k c < 2^67, so
        // r1 is at most 7: adding c to r0 can carry into r1 but no further.
        let folded = UInt128(r0) &+ UInt128(UInt64(truncatingIfNeeded: t >> 64) &* c)
        r0 = UInt64(truncatingIfNeeded: folded)
        r1 &+= UInt64(truncatingIfNeeded: folded >> 64)
        return FieldElement(r0, r1, r2, r3).subtractingPIfNeeded()
    }

    /// value < 2^256 -> value mod p, given value < 2p (always true below 2^256).
    @inline(__always)
    private func subtractingPIfNeeded() -> FieldElement {
        // value >= p  <=>  value + c carries, and then value - p is value + c - 2^256.
        let (u, carry) = plusC()
        return FieldElement.select(carry, self, u)
    }

    @inline(__always)
    static func + (a: FieldElement, b: FieldElement) -> FieldElement {
        // a + b < 2p. With s = a + b mod 2^256 and carry k: a + b >= p exactly when k is set or
        // s + c carries, and then the result is s + c mod 2^256.
        let (v, k) = Limbs.add((a.l0, a.l1, a.l2, a.l3), (b.l0, b.l1, b.l2, b.l3))
        let sum = FieldElement(v.0, v.1, v.2, v.3)
        let (u, carry) = sum.plusC()
        return select(k | carry, sum, u)
    }

    @inline(__always)
    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        let ((d0, d1, d2, d3), borrow) = Limbs.subtract((a.l0, a.l1, a.l2, a.l3), (b.l0, b.l1, b.l2, b.l3))
        // On borrow the limbs hold a - b + 2^256; a - b + p is that minus c (and is below p).
        var t = UInt128(d0) &- UInt128(borrow &* c)
        let r0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(d1) &- (t >> 127)
        let r1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(d2) &- (t >> 127)
        let r2 = UInt64(truncatingIfNeeded: t)
        let r3 = d3 &- UInt64(truncatingIfNeeded: t >> 127)
        return FieldElement(r0, r1, r2, r3)
    }

    @inline(__always)
    static prefix func - (a: FieldElement) -> FieldElement { .zero - a }

    /// Reduces the 512-bit product r0..r7 modulo p.
    @inline(__always)
    private static func reduce(
        _ r0: UInt64, _ r1: UInt64, _ r2: UInt64, _ r3: UInt64,
        _ r4: UInt64, _ r5: UInt64, _ r6: UInt64, _ r7: UInt64
    ) -> FieldElement {
        let cc = UInt128(c)
        var t = UInt128(r4) &* cc &+ UInt128(r0)
        let s0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(r5) &* cc &+ UInt128(r1) &+ (t >> 64)
        let s1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(r6) &* cc &+ UInt128(r2) &+ (t >> 64)
        let s2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(r7) &* cc &+ UInt128(r3) &+ (t >> 64)
        let s3 = UInt64(truncatingIfNeeded: t)
        return finish(s0, s1, s2, s3, carry: UInt64(truncatingIfNeeded: t >> 64))
    }

    @inline(__always)
    static func * (a: FieldElement, b: FieldElement) -> FieldElement {
        let r = Limbs.multiply((a.l0, a.l1, a.l2, a.l3), (b.l0, b.l1, b.l2, b.l3))
        return reduce(r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7)
    }

    /// The square; the six cross products are computed once and doubled.
    @inline(__always)
    func squared() -> FieldElement {
        let a0 = UInt128(l0), a1 = UInt128(l1), a2 = UInt128(l2), a3 = UInt128(l3)
        @inline(__always) func lo(_ x: UInt128) -> UInt64 { UInt64(truncatingIfNeeded: x) }
        // Cross products a_i a_j (i < j) into x1..x6.
        var t = a0 &* a1
        let x1 = lo(t)
        t = a0 &* a2 &+ (t >> 64); var x2 = lo(t)
        t = a0 &* a3 &+ (t >> 64); var x3 = lo(t)
        var x4 = lo(t >> 64)
        t = a1 &* a2 &+ UInt128(x3); x3 = lo(t)
        t = a1 &* a3 &+ UInt128(x4) &+ (t >> 64); x4 = lo(t)
        var x5 = lo(t >> 64)
        t = a2 &* a3 &+ UInt128(x5); x5 = lo(t)
        let x6 = lo(t >> 64)
        // Double them (x7 is the bit shifted out), then add the squares a_i^2.
        let x7 = x6 >> 63
        let d6 = x6 << 1 | x5 >> 63, d5 = x5 << 1 | x4 >> 63, d4 = x4 << 1 | x3 >> 63
        let d3 = x3 << 1 | x2 >> 63
        x2 = x2 << 1 | x1 >> 63
        let d1 = x1 << 1
        t = a0 &* a0
        let r0 = lo(t)
        var s = a1 &* a1
        t = UInt128(d1) &+ (t >> 64); let r1 = lo(t)
        t = UInt128(x2) &+ (s & UInt128(UInt64.max)) &+ (t >> 64); let r2 = lo(t)
        t = UInt128(d3) &+ (s >> 64) &+ (t >> 64); let r3 = lo(t)
        s = a2 &* a2
        t = UInt128(d4) &+ (s & UInt128(UInt64.max)) &+ (t >> 64); let r4 = lo(t)
        t = UInt128(d5) &+ (s >> 64) &+ (t >> 64); let r5 = lo(t)
        s = a3 &* a3
        t = UInt128(d6) &+ (s & UInt128(UInt64.max)) &+ (t >> 64); let r6 = lo(t)
        t = UInt128(x7) &+ (s >> 64) &+ (t >> 64); let r7 = lo(t)
        return FieldElement.reduce(r0, r1, r2, r3, r4, r5, r6, r7)
    }

    /// The product with a small constant (below 2^32).
    @inline(__always)
    func times(_ k: UInt64) -> FieldElement {
        let kk = UInt128(k)
        var t = UInt128(l0) &* kk
        let s0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(l1) &* kk &+ (t >> 64)
        let s1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(l2) &* kk &+ (t >> 64)
        let s2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(l3) &* kk &+ (t >> 64)
        let s3 = UInt64(truncatingIfNeeded: t)
        return FieldElement.finish(s0, s1, s2, s3, carry: UInt64(truncatingIfNeeded: t >> 64))
    }

    @inline(__always)
    func squared(times n: Int) -> FieldElement {
        var x = self
        for _ in 0..<n { x = x.squared() }
        return x
    }

    /// x^(2^k - 1) for the addition chains of `inverse` and `squareRoot` (libsecp256k1's chain
    /// shape): returns (x2, x22, x223).
    private func chainBlocks() -> (x2: FieldElement, x22: FieldElement, x223: FieldElement) {
        let x2 = squared() * self
        let x3 = x2.squared() * self
        let x6 = x3.squared(times: 3) * x3
        let x9 = x6.squared(times: 3) * x3
        let x11 = x9.squared(times: 2) * x2
        let x22 = x11.squared(times: 11) * x11
        let x44 = x22.squared(times: 22) * x22
        let x88 = x44.squared(times: 44) * x44
        let x176 = x88.squared(times: 88) * x88
        let x220 = x176.squared(times: 44) * x44
        let x223 = x220.squared(times: 3) * x3
        return (x2, x22, x223)
    }

    /// The inverse (x^(p-2)); zero maps to zero. Constant-time.
    func inverse() -> FieldElement {
        let (x2, x22, x223) = chainBlocks()
        var t = x223.squared(times: 23) * x22
        t = t.squared(times: 5) * self
        t = t.squared(times: 3) * x2
        return t.squared(times: 2) * self
    }

    /// A square root (x^((p+1)/4)), or nil when x is not a square. Constant-time apart from
    /// the answer.
    func squareRoot() -> FieldElement? {
        let (x2, x22, x223) = chainBlocks()
        var t = x223.squared(times: 23) * x22
        t = t.squared(times: 6) * x2
        t = t.squared(times: 2)
        return t.squared() == self ? t : nil
    }
}
