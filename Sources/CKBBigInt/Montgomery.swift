/// Arithmetic modulo an odd modulus n of k 64-bit limbs in the Montgomery domain (R = 2^(64k)).
///
/// Built once per modulus (it computes `-n^-1 mod 2^64` and `R^2 mod n`) and reused: an RSA
/// public key keeps one. Every operation here runs in variable time (it branches on the final
/// subtraction and on exponent bits): it is for public values, as in signature verification.
public struct MontgomeryContext: Sendable {
    /// The modulus.
    public let modulus: BigUInt
    /// Limbs per value.
    public let width: Int
    let n0: UInt64
    /// R^2 mod n, to enter the domain.
    let rr: [UInt64]

    /// Why a modulus was refused.
    public enum Failure: Error, Sendable, Equatable {
        case evenModulus
        case modulusTooSmall
    }

    /// A context for `modulus`, which must be odd and at least 3.
    public init(modulus: BigUInt) throws(Failure) {
        guard modulus.isOdd else { throw .evenModulus }
        let bits = modulus.bitWidth
        guard bits >= 2 else { throw .modulusTooSmall }
        let k = (bits + 63) / 64
        let n = modulus.resized(to: k)
        self.modulus = n
        width = k
        // -n^-1 mod 2^64 by Newton's iteration (each step doubles the correct low bits).
        var inverse: UInt64 = 1
        for _ in 0..<6 { inverse = inverse &* (2 &- n.limbs[0] &* inverse) }
        n0 = 0 &- inverse
        // R mod n: 2^(bits-1) < n, doubled (64k - bits + 1) times modulo n.
        var x = [UInt64](repeating: 0, count: k)
        x[(bits - 1) / 64] = 1 << UInt64((bits - 1) % 64)
        for _ in 0..<(64 * k - bits + 1) { MontgomeryContext.doubleMod(&x, n.limbs) }
        // R^2 mod n is the Montgomery form of 2^(64k): square-and-double from the form of 1 (R).
        let exponent = 64 * k
        var y = x
        var scratch = [UInt64](repeating: 0, count: k + 2)
        var product = [UInt64](repeating: 0, count: k)
        let top = Int.bitWidth - exponent.leadingZeroBitCount
        for bit in stride(from: top - 1, through: 0, by: -1) {
            MontgomeryContext.multiply(&product, y, y, n.limbs, n0, &scratch)
            y = product
            if (exponent >> bit) & 1 == 1 { MontgomeryContext.doubleMod(&y, n.limbs) }
        }
        rr = y
    }

    /// x = 2x mod n, for x < n.
    static func doubleMod(_ x: inout [UInt64], _ n: [UInt64]) {
        var carry: UInt64 = 0
        for i in 0..<x.count {
            let v = x[i]
            x[i] = v << 1 | carry
            carry = v >> 63
        }
        if carry == 1 || !lessThan(x, n) { subtract(&x, n) }
    }

    static func lessThan(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    /// a -= b, modulo 2^(64k).
    static func subtract(_ a: inout [UInt64], _ b: [UInt64]) {
        var borrow: UInt64 = 0
        for i in 0..<a.count {
            let d = UInt128(a[i]) &- UInt128(b[i]) &- UInt128(borrow)
            a[i] = UInt64(truncatingIfNeeded: d)
            borrow = UInt64(truncatingIfNeeded: d >> 127)
        }
    }

    /// r = a b R^-1 mod n (finely integrated operand scanning: each outer step adds a_i b and
    /// the multiple of n that clears the low word, shifting one word down). Inputs below n.
    @inline(__always)
    static func multiply(_ r: inout [UInt64], _ a: [UInt64], _ b: [UInt64], _ n: [UInt64], _ n0: UInt64, _ scratch: inout [UInt64]) {
        let k = n.count
        scratch.withUnsafeMutableBufferPointer { t in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    n.withUnsafeBufferPointer { n in
                        for j in 0...k { t[j] = 0 }
                        for i in 0..<k {
                            let ai = UInt128(a[i])
                            var p = ai &* UInt128(b[0]) &+ UInt128(t[0])
                            let m = UInt64(truncatingIfNeeded: p) &* n0
                            let mm = UInt128(m)
                            var q = mm &* UInt128(n[0]) &+ (p & 0xFFFF_FFFF_FFFF_FFFF)
                            var c1 = p >> 64
                            var c2 = q >> 64
                            var j = 1
                            while j < k {
                                p = ai &* UInt128(b[j]) &+ UInt128(t[j]) &+ c1
                                c1 = p >> 64
                                q = mm &* UInt128(n[j]) &+ (p & 0xFFFF_FFFF_FFFF_FFFF) &+ c2
                                c2 = q >> 64
                                t[j - 1] = UInt64(truncatingIfNeeded: q)
                                j += 1
                            }
                            let s = UInt128(t[k]) &+ c1 &+ c2
                            t[k - 1] = UInt64(truncatingIfNeeded: s)
                            t[k] = UInt64(truncatingIfNeeded: s >> 64)
                        }
                    }
                }
            }
        }
        // t < 2n: one conditional subtraction.
        var needs = scratch[k] != 0
        if !needs {
            needs = true
            for i in stride(from: k - 1, through: 0, by: -1) where scratch[i] != n[i] {
                needs = scratch[i] > n[i]
                break
            }
        }
        for i in 0..<k { r[i] = scratch[i] }
        if needs { subtract(&r, n) }
    }

    /// base^exponent mod n, variable time (public operands only). `base` must be below n.
    public func powerVariableTime(_ base: BigUInt, _ exponent: BigUInt) -> BigUInt {
        let k = width
        let n = modulus.limbs
        var scratch = [UInt64](repeating: 0, count: k + 2)
        var x = [UInt64](repeating: 0, count: k)
        let b = base.resized(to: k).limbs
        // Into the domain: b R = mont(b, R^2).
        MontgomeryContext.multiply(&x, b, rr, n, n0, &scratch)
        let bm = x
        var acc = x
        var tmp = [UInt64](repeating: 0, count: k)
        let bits = exponent.bitWidth
        guard bits > 0 else {
            var one = [UInt64](repeating: 0, count: k)
            one[0] = 1
            return BigUInt(limbs: one)
        }
        for i in stride(from: bits - 2, through: 0, by: -1) {
            MontgomeryContext.multiply(&tmp, acc, acc, n, n0, &scratch)
            swap(&acc, &tmp)
            if exponent.bit(i) {
                MontgomeryContext.multiply(&tmp, acc, bm, n, n0, &scratch)
                swap(&acc, &tmp)
            }
        }
        // Out of the domain: mont(acc, 1).
        var one = [UInt64](repeating: 0, count: k)
        one[0] = 1
        MontgomeryContext.multiply(&tmp, acc, one, n, n0, &scratch)
        return BigUInt(limbs: tmp)
    }
}
