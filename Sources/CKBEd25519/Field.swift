// The edwards25519 base field GF(p), p = 2^255 - 19 (RFC 8032 section 5.1).
//
// Representation: five unsigned 64-bit limbs of radix 2^51, value = l0 + l1 2^51 + l2 2^102 +
// l3 2^153 + l4 2^204, not necessarily reduced. Two bounds are tracked (per limb):
//
// - *tight*: every limb below 2^51 + 2^17. Products, squares, differences and decoded values
//   are tight.
// - *loose*: every limb below 2^54. The sum of two tight values (or of a tight value and a sum
//   of two tight values) is loose; `*`, `squared()` and `-` accept loose inputs.
//
// Products are schoolbook with `UInt128` accumulators; since 2^255 ≡ 19, the limbs that overflow
// 2^255 fold back multiplied by 19. A value is reduced to [0, p) only when it is serialised or
// compared (`canonicalLimbs`). Inversion and the square root use fixed exponentiation chains.
//
// The arithmetic (sums, differences, products, squares, the exponentiation chains, reduction to
// canonical form) has no branch or memory index that depends on a value. Decoding and
// `squareRootRatio` branch on their outcome (is the input canonical, is there a root). The only
// user is verification, whose inputs are all public, so nothing here relies on constant time.

/// An element of GF(2^255 - 19), five 51-bit limbs (see the bounds above).
struct FieldElement: Sendable, Equatable {
    var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64, l4: UInt64

    @inline(__always)
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
        self.l4 = l4
    }

    static let mask: UInt64 = (1 << 51) - 1
    static let zero = FieldElement(0, 0, 0, 0, 0)
    static let one = FieldElement(1, 0, 0, 0, 0)
    /// d = -121665 / 121666, the curve constant of -x^2 + y^2 = 1 + d x^2 y^2.
    static let d = FieldElement(0x34DC_A135_978A3, 0x1A82_83B1_56EBD, 0x5E7A_2600_1C029, 0x739C_663A_03CBB, 0x5203_6CEE_2B6FF)
    /// 2d, used by the addition formulas.
    static let d2 = FieldElement(0x69B9_426B_2F159, 0x3505_0762_ADD7A, 0x3CF4_4C00_38052, 0x6738_CC74_07977, 0x2406_D9DC_56DFF)
    /// sqrt(-1) = 2^((p - 1) / 4).
    static let sqrtMinusOne = FieldElement(0x61B2_74A0_EA0B0, 0xD5A5_FC8F_189D, 0x7EF5_E9CB_D0C60, 0x7859_5A68_04C9E, 0x2B83_2480_4FC1D)

    // MARK: - Encoding

    /// The field element of 32 little-endian bytes with bit 255 ignored, and bit 255 itself;
    /// nil unless the 255-bit value is below p (the strict decoding of RFC 8032 section 5.1.3,
    /// step 1) or there are not exactly 32 bytes.
    static func decodeStrict(_ bytes: some Collection<UInt8>) -> (FieldElement, signBit: UInt64)? {
        guard let words = FieldElement.words(bytes) else { return nil }
        let sign = words.3 >> 63
        let w3 = words.3 & 0x7FFF_FFFF_FFFF_FFFF
        // y >= p exactly when the top 254 bits are all ones and the low word is >= 2^64 - 19.
        if w3 == 0x7FFF_FFFF_FFFF_FFFF && words.2 == .max && words.1 == .max && words.0 >= 0xFFFF_FFFF_FFFF_FFED {
            return nil
        }
        return (FieldElement(words: (words.0, words.1, words.2, w3)), sign)
    }

    /// Four little-endian 64-bit words of exactly 32 bytes.
    static func words(_ bytes: some Collection<UInt8>) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard bytes.count == 32 else { return nil }
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var index = bytes.startIndex
        for i in 0..<32 {
            let byte = UInt64(bytes[index])
            index = bytes.index(after: index)
            switch i >> 3 {
            case 0: w.0 |= byte << (8 * (i & 7))
            case 1: w.1 |= byte << (8 * (i & 7))
            case 2: w.2 |= byte << (8 * (i & 7))
            default: w.3 |= byte << (8 * (i & 7))
            }
        }
        return w
    }

    /// The element of a 255-bit value given as four words (the top bit of the last must be 0).
    init(words w: (UInt64, UInt64, UInt64, UInt64)) {
        let m = FieldElement.mask
        self.init(w.0 & m, (w.0 >> 51 | w.1 << 13) & m, (w.1 >> 38 | w.2 << 26) & m,
                  (w.2 >> 25 | w.3 << 39) & m, w.3 >> 12)
    }

    /// The value reduced to [0, p), as four little-endian words.
    var canonicalWords: (UInt64, UInt64, UInt64, UInt64) {
        let m = FieldElement.mask
        // One carry pass: limbs below 2^51 except l0 below 2^51 + 19 * 2^13, value below 2p.
        var h = carried()
        // q = 1 exactly when h >= p, i.e. h + 19 >= 2^255.
        var q = (h.l0 &+ 19) >> 51
        q = (h.l1 &+ q) >> 51
        q = (h.l2 &+ q) >> 51
        q = (h.l3 &+ q) >> 51
        q = (h.l4 &+ q) >> 51
        // h - p = h + 19 - 2^255: add 19 q, propagate, drop bit 255.
        h.l0 &+= 19 &* q
        h.l1 &+= h.l0 >> 51; h.l0 &= m
        h.l2 &+= h.l1 >> 51; h.l1 &= m
        h.l3 &+= h.l2 >> 51; h.l2 &= m
        h.l4 &+= h.l3 >> 51; h.l3 &= m
        h.l4 &= m
        return (h.l0 | h.l1 << 51, h.l1 >> 13 | h.l2 << 38, h.l2 >> 26 | h.l3 << 25, h.l3 >> 39 | h.l4 << 12)
    }

    /// 32 little-endian bytes of the reduced value (bit 255 clear).
    var bytes: [UInt8] {
        let w = canonicalWords
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: w.0 >> (8 * i))
            out[8 + i] = UInt8(truncatingIfNeeded: w.1 >> (8 * i))
            out[16 + i] = UInt8(truncatingIfNeeded: w.2 >> (8 * i))
            out[24 + i] = UInt8(truncatingIfNeeded: w.3 >> (8 * i))
        }
        return out
    }

    /// Whether the reduced value is odd ("negative" in RFC 8032's sign convention).
    var isNegative: Bool { canonicalWords.0 & 1 == 1 }

    /// Whether the value is 0 mod p.
    var isZero: Bool {
        let w = canonicalWords
        return (w.0 | w.1 | w.2 | w.3) == 0
    }

    /// Equality mod p (not limb equality: the representation is not unique).
    static func == (a: FieldElement, b: FieldElement) -> Bool { (a - b).isZero }

    // MARK: - Arithmetic

    /// One carry pass: loose (or any limbs below 2^63) in, tight out.
    @inline(__always)
    func carried() -> FieldElement {
        let m = FieldElement.mask
        let c0 = l0 >> 51, c1 = l1 >> 51, c2 = l2 >> 51, c3 = l3 >> 51, c4 = l4 >> 51
        return FieldElement((l0 & m) &+ 19 &* c4, (l1 & m) &+ c0, (l2 & m) &+ c1, (l3 & m) &+ c2, (l4 & m) &+ c3)
    }

    /// The sum, not reduced: tight + tight is loose, and so is tight + (tight + tight).
    @inline(__always)
    static func + (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(a.l0 &+ b.l0, a.l1 &+ b.l1, a.l2 &+ b.l2, a.l3 &+ b.l3, a.l4 &+ b.l4)
    }

    /// The difference, tight: computes a + 16p - b, so `b` may be loose (limbs below 2^54).
    @inline(__always)
    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        // 16p in radix 2^51: 16 (2^51 - 19), then 16 (2^51 - 1) four times.
        let p0: UInt64 = 0x7F_FFFF_FFFF_FED0, pi: UInt64 = 0x7F_FFFF_FFFF_FFF0
        return FieldElement(a.l0 &+ p0 &- b.l0, a.l1 &+ pi &- b.l1, a.l2 &+ pi &- b.l2,
                            a.l3 &+ pi &- b.l3, a.l4 &+ pi &- b.l4).carried()
    }

    @inline(__always)
    static prefix func - (a: FieldElement) -> FieldElement { .zero - a }

    /// Folds five 128-bit column sums (each below 2^115) into a tight element.
    @inline(__always)
    static func reduce(_ t0: UInt128, _ t1: UInt128, _ t2: UInt128, _ t3: UInt128, _ t4: UInt128) -> FieldElement {
        let m = FieldElement.mask
        let r0 = UInt64(truncatingIfNeeded: t0) & m
        let s1 = t1 &+ (t0 >> 51)
        let r1 = UInt64(truncatingIfNeeded: s1) & m
        let s2 = t2 &+ (s1 >> 51)
        let r2 = UInt64(truncatingIfNeeded: s2) & m
        let s3 = t3 &+ (s2 >> 51)
        let r3 = UInt64(truncatingIfNeeded: s3) & m
        let s4 = t4 &+ (s3 >> 51)
        let r4 = UInt64(truncatingIfNeeded: s4) & m
        // s4 < 2^115, so the carry is below 2^64 and 19 times it below 2^69: fold in 128 bits.
        let carry = UInt64(truncatingIfNeeded: s4 >> 51)
        let f = UInt128(r0) &+ UInt128(carry) &* 19
        return FieldElement(UInt64(truncatingIfNeeded: f) & m, r1 &+ UInt64(truncatingIfNeeded: f >> 51), r2, r3, r4)
    }

    /// The product: loose inputs, tight output.
    @inline(__always)
    static func * (a: FieldElement, b: FieldElement) -> FieldElement {
        @inline(__always) func m(_ x: UInt64, _ y: UInt64) -> UInt128 { UInt128(x) &* UInt128(y) }
        let b1 = b.l1 &* 19, b2 = b.l2 &* 19, b3 = b.l3 &* 19, b4 = b.l4 &* 19
        // Each limb is below 2^54 and 19 times one below 2^58.3: every column is below 2^115.
        let t0 = m(a.l0, b.l0) &+ m(a.l1, b4) &+ m(a.l2, b3) &+ m(a.l3, b2) &+ m(a.l4, b1)
        let t1 = m(a.l0, b.l1) &+ m(a.l1, b.l0) &+ m(a.l2, b4) &+ m(a.l3, b3) &+ m(a.l4, b2)
        let t2 = m(a.l0, b.l2) &+ m(a.l1, b.l1) &+ m(a.l2, b.l0) &+ m(a.l3, b4) &+ m(a.l4, b3)
        let t3 = m(a.l0, b.l3) &+ m(a.l1, b.l2) &+ m(a.l2, b.l1) &+ m(a.l3, b.l0) &+ m(a.l4, b4)
        let t4 = m(a.l0, b.l4) &+ m(a.l1, b.l3) &+ m(a.l2, b.l2) &+ m(a.l3, b.l1) &+ m(a.l4, b.l0)
        return reduce(t0, t1, t2, t3, t4)
    }

    /// The square (15 products instead of 25): loose input, tight output.
    @inline(__always)
    func squared() -> FieldElement {
        @inline(__always) func m(_ x: UInt64, _ y: UInt64) -> UInt128 { UInt128(x) &* UInt128(y) }
        let d0 = l0 &* 2, d1 = l1 &* 2, d2 = l2 &* 2, d3 = l3 &* 2
        let n3 = l3 &* 19, n4 = l4 &* 19
        let t0 = m(l0, l0) &+ m(d1, n4) &+ m(d2, n3)
        let t1 = m(d0, l1) &+ m(d2, n4) &+ m(l3, n3)
        let t2 = m(d0, l2) &+ m(l1, l1) &+ m(d3, n4)
        let t3 = m(d0, l3) &+ m(d1, l2) &+ m(l4, n4)
        let t4 = m(d0, l4) &+ m(d1, l3) &+ m(l2, l2)
        return FieldElement.reduce(t0, t1, t2, t3, t4)
    }

    /// 2 x^2 (for point doubling): loose input, tight output.
    @inline(__always)
    func squaredDoubled() -> FieldElement {
        let s = squared()
        return FieldElement(s.l0 &* 2, s.l1 &* 2, s.l2 &* 2, s.l3 &* 2, s.l4 &* 2).carried()
    }

    /// x^(2^n), n >= 1.
    @inline(__always)
    func squared(times n: Int) -> FieldElement {
        var x = squared()
        for _ in 1..<n { x = x.squared() }
        return x
    }

    /// (x^11, x^(2^250 - 1)): the blocks both exponentiation chains end with.
    private func chain250() -> (x11: FieldElement, x250: FieldElement) {
        let x2 = squared()
        let x9 = x2.squared(times: 2) * self
        let x11 = x9 * x2
        let x5 = x11.squared() * x9                 // x^(2^5 - 1)
        let x10 = x5.squared(times: 5) * x5         // x^(2^10 - 1)
        let x20 = x10.squared(times: 10) * x10
        let x40 = x20.squared(times: 20) * x20
        let x50 = x40.squared(times: 10) * x10
        let x100 = x50.squared(times: 50) * x50
        let x200 = x100.squared(times: 100) * x100
        let x250 = x200.squared(times: 50) * x50
        return (x11, x250)
    }

    /// 1/x = x^(p - 2), p - 2 = (2^250 - 1) 2^5 + 11; zero maps to zero.
    func inverse() -> FieldElement {
        let (x11, x250) = chain250()
        return x250.squared(times: 5) * x11
    }

    /// x^((p - 5) / 8), (p - 5) / 8 = (2^250 - 1) 2^2 + 1.
    func powPMinus5Over8() -> FieldElement {
        let (_, x250) = chain250()
        return x250.squared(times: 2) * self
    }

    /// A square root of u / v when there is one (RFC 8032 section 5.1.3, step 2): x with
    /// v x^2 = u, or nil. Which of the two roots comes back is not specified.
    static func squareRootRatio(_ u: FieldElement, _ v: FieldElement) -> FieldElement? {
        let v3 = v.squared() * v
        let v7 = v3.squared() * v
        var x = u * v3 * (u * v7).powPMinus5Over8()
        let check = v * x.squared()
        if check == u { return x }
        if check == -u {
            x = x * sqrtMinusOne
            return x
        }
        return nil
    }
}
