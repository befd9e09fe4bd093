// Integers modulo the group order n of secp256k1 (SEC 2 section 2.4.1).
//
// Four little-endian 64-bit limbs, always fully reduced (0 <= value < n). Products use Montgomery
// multiplication (R = 2^256). Constant-time unless a name says `VariableTime`.

/// An integer modulo the secp256k1 group order, fully reduced.
struct Scalar: Sendable, Equatable {
    var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    @inline(__always)
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    static let zero = Scalar(0, 0, 0, 0)
    static let one = Scalar(1, 0, 0, 0)
    static let n = Scalar(0xBFD2_5E8C_D036_4141, 0xBAAE_DCE6_AF48_A03B, 0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFF_FFFF_FFFF)
    static let halfN = Scalar(0xDFE9_2F46_681B_20A0, 0x5D57_6E73_57A4_501D, 0xFFFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF)
    /// R^2 mod n, to enter the Montgomery domain.
    private static let r2 = Scalar(0x896C_F214_67D7_D140, 0x7414_96C2_0E7C_F878, 0xE697_F5E4_5BCD_07C6, 0x9D67_1CD5_81C6_9BC5)
    /// -n^-1 mod 2^64.
    private static let n0inv: UInt64 = 0x4B0D_FF66_5588_B13F

    @inline(__always) var limbs: Limbs.Value { (l0, l1, l2, l3) }

    /// Reads 32 big-endian bytes; nil when the value is not below n.
    init?(bigEndian bytes: some Collection<UInt8>) {
        guard let v = Limbs.read(bigEndian: bytes) else { return nil }
        let (value, overflow) = Scalar.reducing(v.0, v.1, v.2, v.3)
        guard !overflow else { return nil }
        self = value
    }

    /// The limbs as a scalar and, without branching, 1 when they are in [1, n - 1] (else 0).
    static func checkedNonzero(_ v: Limbs.Value) -> (Scalar, UInt64) {
        let below = Limbs.subtract(v, n.limbs).borrow
        let any = v.0 | v.1 | v.2 | v.3
        let nonzero = (any | (0 &- any)) >> 63
        return (Scalar(v.0, v.1, v.2, v.3), below & nonzero)
    }

    /// Reads 32 big-endian bytes and reduces them modulo n (how ECDSA turns a 32-byte digest
    /// into an integer). Returns nil only when there are not exactly 32 bytes.
    init?(reducing bytes: some Collection<UInt8>) {
        guard let v = Limbs.read(bigEndian: bytes) else { return nil }
        self = Scalar.reducing(v.0, v.1, v.2, v.3).value
    }

    /// value mod n for a value below 2^256 (< 2n), and whether it was reduced.
    @inline(__always)
    private static func reducing(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64) -> (value: Scalar, overflow: Bool) {
        let (d, borrow) = Limbs.subtract((a0, a1, a2, a3), n.limbs)
        let value = select(borrow, Scalar(d.0, d.1, d.2, d.3), Scalar(a0, a1, a2, a3))
        return (value, borrow == 0)
    }

    var bigEndianBytes: [UInt8] { Limbs.write(bigEndian: limbs) }

    @inline(__always) var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

    /// Whether the value exceeds n / 2 (the "high-S" half).
    var isHigh: Bool { highFlag == 1 }

    /// 1 when the value exceeds n / 2, else 0, without branching.
    var highFlag: UInt64 { Limbs.subtract(Scalar.halfN.limbs, limbs).borrow }

    @inline(__always)
    private func limb(_ i: Int) -> UInt64 {
        switch i {
        case 0: return l0
        case 1: return l1
        case 2: return l2
        case 3: return l3
        default: return 0
        }
    }

    /// Bits `i ..< i + count` (count < 64) as an integer; the position is public, the value may
    /// be secret.
    @inline(__always)
    func bits(_ i: Int, _ count: Int) -> UInt64 {
        let word = i >> 6, shift = i & 63
        var x = limb(word) >> UInt64(shift)
        if shift + count > 64 { x |= limb(word + 1) << UInt64(64 - shift) }
        return x & ((1 << UInt64(count)) - 1)
    }

    @inline(__always)
    static func select(_ flag: UInt64, _ a: Scalar, _ b: Scalar) -> Scalar {
        let v = Limbs.select(flag, a.limbs, b.limbs)
        return Scalar(v.0, v.1, v.2, v.3)
    }

    static func + (a: Scalar, b: Scalar) -> Scalar {
        let ((s0, s1, s2, s3), carry) = Limbs.add(a.limbs, b.limbs)
        let (d, borrow) = Limbs.subtract((s0, s1, s2, s3), n.limbs)
        // The sum is at least n when it carried out of 256 bits or subtracting n did not borrow.
        let reduce = carry | (borrow ^ 1)
        return select(reduce, Scalar(s0, s1, s2, s3), Scalar(d.0, d.1, d.2, d.3))
    }

    static prefix func - (a: Scalar) -> Scalar {
        let (d, _) = Limbs.subtract(n.limbs, a.limbs)
        let any = a.l0 | a.l1 | a.l2 | a.l3
        let zero = 1 ^ ((any | (0 &- any)) >> 63)
        return select(zero, Scalar(d.0, d.1, d.2, d.3), .zero)
    }

    static func - (a: Scalar, b: Scalar) -> Scalar { a + (-b) }

    /// Montgomery product a b R^-1 mod n (CIOS), for inputs below n.
    @inline(__always)
    private static func montgomery(_ a: Limbs.Value, _ b: Limbs.Value) -> Scalar {
        @inline(__always) func mac(_ t: inout UInt64, _ x: UInt64, _ y: UInt64, _ carry: inout UInt64) {
            let v = UInt128(x) &* UInt128(y) &+ UInt128(t) &+ UInt128(carry)
            t = UInt64(truncatingIfNeeded: v)
            carry = UInt64(truncatingIfNeeded: v >> 64)
        }
        let m = n.limbs
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0, t4: UInt64 = 0
        for i in 0..<4 {
            let ai: UInt64
            switch i {
            case 0: ai = a.0
            case 1: ai = a.1
            case 2: ai = a.2
            default: ai = a.3
            }
            var c: UInt64 = 0
            mac(&t0, ai, b.0, &c)
            mac(&t1, ai, b.1, &c)
            mac(&t2, ai, b.2, &c)
            mac(&t3, ai, b.3, &c)
            let sum4 = UInt128(t4) &+ UInt128(c)
            let s4 = UInt64(truncatingIfNeeded: sum4)
            let t5 = UInt64(truncatingIfNeeded: sum4 >> 64)
            let q = t0 &* n0inv
            c = 0
            var z = t0
            mac(&z, q, m.0, &c)
            var u = t1
            mac(&u, q, m.1, &c); t0 = u
            u = t2
            mac(&u, q, m.2, &c); t1 = u
            u = t3
            mac(&u, q, m.3, &c); t2 = u
            let sum3 = UInt128(s4) &+ UInt128(c)
            t3 = UInt64(truncatingIfNeeded: sum3)
            t4 = t5 &+ UInt64(truncatingIfNeeded: sum3 >> 64)
        }
        let (d, borrow) = Limbs.subtract((t0, t1, t2, t3), m)
        let reduce = t4 | (borrow ^ 1)
        return select(reduce, Scalar(t0, t1, t2, t3), Scalar(d.0, d.1, d.2, d.3))
    }

    static func * (a: Scalar, b: Scalar) -> Scalar {
        montgomery(montgomery(a.limbs, b.limbs).limbs, r2.limbs)
    }

    /// The inverse (a^(n-2)); zero maps to zero. Constant-time: the exponent is public and the
    /// window schedule fixed.
    func inverse() -> Scalar {
        // Fixed 4-bit windows over n - 2 in the Montgomery domain.
        let xm = Scalar.montgomery(limbs, Scalar.r2.limbs)
        var powers = [Scalar](repeating: .zero, count: 16)
        powers[0] = Scalar.montgomery(Scalar.one.limbs, Scalar.r2.limbs)
        for i in 1..<16 { powers[i] = Scalar.montgomery(powers[i - 1].limbs, xm.limbs) }
        let e = Scalar(Scalar.n.l0 &- 2, Scalar.n.l1, Scalar.n.l2, Scalar.n.l3)
        var acc = powers[0]
        for window in stride(from: 63, through: 0, by: -1) {
            for _ in 0..<4 { acc = Scalar.montgomery(acc.limbs, acc.limbs) }
            acc = Scalar.montgomery(acc.limbs, powers[Int(e.bits(4 * window, 4))].limbs)
        }
        return Scalar.montgomery(acc.limbs, Scalar.one.limbs)
    }

    // MARK: - Variable-time inverse (verification and recovery only)

    /// x 2^-k mod n for 1 <= k <= 63: adds the multiple of n that clears the low k bits
    /// (m = -x n^-1 mod 2^k), then shifts.
    private func halvedVariableTime(_ k: Int) -> Scalar {
        let m = (l0 &* Scalar.n0inv) & ((1 << UInt64(k)) &- 1)
        var t = UInt128(m) &* UInt128(Scalar.n.l0) &+ UInt128(l0)
        let w0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(m) &* UInt128(Scalar.n.l1) &+ UInt128(l1) &+ (t >> 64)
        let w1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(m) &* UInt128(Scalar.n.l2) &+ UInt128(l2) &+ (t >> 64)
        let w2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(m) &* UInt128(Scalar.n.l3) &+ UInt128(l3) &+ (t >> 64)
        let w3 = UInt64(truncatingIfNeeded: t)
        let w4 = UInt64(truncatingIfNeeded: t >> 64)
        let s = UInt64(k), r = 64 - UInt64(k)
        let v = (w0 >> s | w1 << r, w1 >> s | w2 << r, w2 >> s | w3 << r, w3 >> s | w4 << r)
        let (d, borrow) = Limbs.subtract(v, Scalar.n.limbs)
        // The quotient is below 1.5 n (and w4 >> k is zero): at most one subtraction.
        return borrow == 1 ? Scalar(v.0, v.1, v.2, v.3) : Scalar(d.0, d.1, d.2, d.3)
    }

    /// The inverse by the binary extended Euclidean algorithm, for a nonzero value; variable
    /// time, for public values only (about three times faster than ``inverse()``).
    func inverseVariableTime() -> Scalar {
        typealias L = Limbs.Value
        @inline(__always) func isOne(_ a: L) -> Bool { a.0 == 1 && (a.1 | a.2 | a.3) == 0 }
        @inline(__always) func shifted(_ a: L, _ k: Int) -> L {
            let s = UInt64(k), r = 64 - UInt64(k)
            return (a.0 >> s | a.1 << r, a.1 >> s | a.2 << r, a.2 >> s | a.3 << r, a.3 >> s)
        }
        @inline(__always) func atLeast(_ a: L, _ b: L) -> Bool {
            if a.3 != b.3 { return a.3 > b.3 }
            if a.2 != b.2 { return a.2 > b.2 }
            if a.1 != b.1 { return a.1 > b.1 }
            return a.0 >= b.0
        }
        // Invariants: x1 self = u and x2 self = v (mod n).
        var u = limbs, v = Scalar.n.limbs
        var x1 = Scalar.one, x2 = Scalar.zero
        while !isOne(u) && !isOne(v) {
            while u.0 & 1 == 0 {
                let k = min(u.0.trailingZeroBitCount, 63)
                u = shifted(u, k)
                x1 = x1.halvedVariableTime(k)
            }
            while v.0 & 1 == 0 {
                let k = min(v.0.trailingZeroBitCount, 63)
                v = shifted(v, k)
                x2 = x2.halvedVariableTime(k)
            }
            if atLeast(u, v) {
                u = Limbs.subtract(u, v).0
                x1 = x1 - x2
            } else {
                v = Limbs.subtract(v, u).0
                x2 = x2 - x1
            }
        }
        return isOne(u) ? x1 : x2
    }

    // MARK: - GLV decomposition (variable time; verification and recovery only)

    private static let g1: Limbs.Value = (0xE893_209A_45DB_B031, 0x3DAA_8A14_71E8_CA7F, 0xE86C_90E4_9284_EB15, 0x3086_D221_A7D4_6BCD)
    private static let g2: Limbs.Value = (0x1571_B4AE_8AC4_7F71, 0x2212_08AC_9DF5_06C6, 0x6F54_7FA9_0ABF_E4C4, 0xE443_7ED6_010E_8828)
    private static let minusB1 = Scalar(0x6F54_7FA9_0ABF_E4C3, 0xE443_7ED6_010E_8828, 0, 0)
    private static let minusB2 = Scalar(0xD765_CDA8_3DB1_562C, 0x8A28_0AC5_0774_346D, 0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFF_FFFF_FFFF)
    private static let minusLambda = Scalar(0xE0CF_C810_B512_83CF, 0xA880_B9FC_8EC7_39C2, 0x5AD9_E3FD_77ED_9BA4, 0xAC9C_52B3_3FA3_CF1F)

    /// round(k g / 2^384) for the 256-bit constant g.
    private func mulShift384(_ g: Limbs.Value) -> Scalar {
        let w = Limbs.multiply(limbs, g)
        let round = w.5 >> 63
        let (r0, o) = w.6.addingReportingOverflow(round)
        return Scalar(r0, w.7 &+ (o ? 1 : 0), 0, 0)
    }

    /// Splits k into (k1, k2) with k = k1 + k2 lambda (mod n), where k1 and k2 (or their
    /// negations) are below 2^128 (Gallant-Lambert-Vanstone; the lattice basis of
    /// "Guide to Elliptic Curve Cryptography" section 3.5, with rounding constants g1, g2).
    func splitLambdaVariableTime() -> (Scalar, Scalar) {
        let c1 = mulShift384(Scalar.g1) * Scalar.minusB1
        let c2 = mulShift384(Scalar.g2) * Scalar.minusB2
        let k2 = c1 + c2
        let k1 = k2 * Scalar.minusLambda + self
        return (k1, k2)
    }
}
