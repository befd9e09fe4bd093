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
        let top = Int.bitWidth - exponent.leadingZeroBitCount
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * k + 2)
        defer { scratch.deallocate() }
        let n0 = self.n0
        n.limbs.withUnsafeBufferPointer { nBuffer in
            for bit in stride(from: top - 1, through: 0, by: -1) {
                x.withUnsafeMutableBufferPointer { y in
                    MontgomeryContext.square(y.baseAddress!, y.baseAddress!, nBuffer.baseAddress!, n0, k, scratch)
                }
                if (exponent >> bit) & 1 == 1 { MontgomeryContext.doubleMod(&x, n.limbs) }
            }
        }
        rr = x
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

    /// r = a b R^-1 mod n on raw limbs (k each); `t` has room for k + 2 limbs. r may alias a or b.
    @inline(__always)
    static func multiply(
        _ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>,
        _ n: UnsafePointer<UInt64>, _ n0: UInt64, _ k: Int, _ t: UnsafeMutablePointer<UInt64>
    ) {
        t.update(repeating: 0, count: k + 1)
        let lowMask = UInt128(UInt64.max)
        for i in 0..<k {
            let ai = UInt128(a[i])
            var p = ai &* UInt128(b[0]) &+ UInt128(t[0])
            let mm = UInt128(UInt64(truncatingIfNeeded: p) &* n0)
            var q = mm &* UInt128(n[0]) &+ (p & lowMask)
            var c1 = p >> 64
            var c2 = q >> 64
            var j = 1
            while j < k {
                p = ai &* UInt128(b[j]) &+ UInt128(t[j]) &+ c1
                c1 = p >> 64
                q = mm &* UInt128(n[j]) &+ (p & lowMask) &+ c2
                c2 = q >> 64
                t[j &- 1] = UInt64(truncatingIfNeeded: q)
                j &+= 1
            }
            let s = UInt128(t[k]) &+ c1 &+ c2
            t[k - 1] = UInt64(truncatingIfNeeded: s)
            t[k] = UInt64(truncatingIfNeeded: s >> 64)
        }
        finish(r, t, n, k)
    }

    /// r = a^2 R^-1 mod n: the k(k-1)/2 cross products once, doubled, plus the squares, then a
    /// separate Montgomery reduction (t has room for 2k + 1 limbs).
    @inline(__always)
    static func square(
        _ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>,
        _ n: UnsafePointer<UInt64>, _ n0: UInt64, _ k: Int, _ t: UnsafeMutablePointer<UInt64>
    ) {
        t.update(repeating: 0, count: 2 * k + 1)
        // Cross products a_i a_j, i < j.
        for i in 0..<(k - 1) {
            let ai = UInt128(a[i])
            var c: UInt128 = 0
            var j = i + 1
            while j < k {
                let p = ai &* UInt128(a[j]) &+ UInt128(t[i &+ j]) &+ c
                t[i &+ j] = UInt64(truncatingIfNeeded: p)
                c = p >> 64
                j &+= 1
            }
            t[i + k] = UInt64(truncatingIfNeeded: c)
        }
        // Double, and add the squares.
        var carry: UInt64 = 0
        var add: UInt128 = 0
        for i in 0..<k {
            let lo = t[2 * i], hi = t[2 * i + 1]
            let dlo = lo << 1 | carry
            let dhi = hi << 1 | lo >> 63
            carry = hi >> 63
            let sq = UInt128(a[i]) &* UInt128(a[i])
            add = UInt128(dlo) &+ (sq & UInt128(UInt64.max)) &+ (add >> 64)
            t[2 * i] = UInt64(truncatingIfNeeded: add)
            add = UInt128(dhi) &+ (sq >> 64) &+ (add >> 64)
            t[2 * i + 1] = UInt64(truncatingIfNeeded: add)
        }
        t[2 * k] = UInt64(truncatingIfNeeded: add >> 64) &+ carry
        // Montgomery reduction: add m n at position i so that word i becomes zero, two rows at a
        // time (the second row's m is known once the first row has passed word i + 1), so each
        // pass over t carries two independent chains and loads and stores each word once.
        let mask = UInt128(UInt64.max)
        var i = 0
        while i &+ 1 < k {
            let row = t + i
            let m0 = UInt128(row[0] &* n0)
            var p = m0 &* UInt128(n[0]) &+ UInt128(row[0])
            var c0 = p >> 64
            p = m0 &* UInt128(n[1]) &+ UInt128(row[1]) &+ c0
            c0 = p >> 64
            let w1 = UInt64(truncatingIfNeeded: p)
            let m1 = UInt128(w1 &* n0)
            var q = m1 &* UInt128(n[0]) &+ UInt128(w1)
            var c1 = q >> 64
            var j = 2
            while j < k {
                p = m0 &* UInt128(n[j]) &+ UInt128(row[j]) &+ c0
                c0 = p >> 64
                q = m1 &* UInt128(n[j &- 1]) &+ (p & mask) &+ c1
                c1 = q >> 64
                row[j] = UInt64(truncatingIfNeeded: q)
                j &+= 1
            }
            p = UInt128(row[k]) &+ c0
            q = m1 &* UInt128(n[k &- 1]) &+ (p & mask) &+ c1
            row[k] = UInt64(truncatingIfNeeded: q)
            var c = (p >> 64) &+ (q >> 64)
            var idx = i &+ k &+ 1
            while c != 0 && idx <= 2 &* k {
                let s = UInt128(t[idx]) &+ c
                t[idx] = UInt64(truncatingIfNeeded: s)
                c = s >> 64
                idx &+= 1
            }
            i &+= 2
        }
        if i < k {
            // An odd limb count leaves one row.
            let m = UInt128(t[i] &* n0)
            var c: UInt128 = 0
            for j in 0..<k {
                let p = m &* UInt128(n[j]) &+ UInt128(t[i &+ j]) &+ c
                t[i &+ j] = UInt64(truncatingIfNeeded: p)
                c = p >> 64
            }
            var idx = i &+ k
            while c != 0 && idx <= 2 &* k {
                let s = UInt128(t[idx]) &+ c
                t[idx] = UInt64(truncatingIfNeeded: s)
                c = s >> 64
                idx &+= 1
            }
        }
        finish(r, t + k, n, k)
    }

    /// r = t mod n for t (k + 1 limbs) below 2n.
    @inline(__always)
    static func finish(_ r: UnsafeMutablePointer<UInt64>, _ t: UnsafePointer<UInt64>, _ n: UnsafePointer<UInt64>, _ k: Int) {
        var subtract = t[k] != 0
        if !subtract {
            subtract = true
            var i = k - 1
            while i >= 0 {
                if t[i] != n[i] {
                    subtract = t[i] > n[i]
                    break
                }
                i -= 1
            }
        }
        if subtract {
            var borrow: UInt128 = 0
            for i in 0..<k {
                let d = UInt128(t[i]) &- UInt128(n[i]) &- borrow
                r[i] = UInt64(truncatingIfNeeded: d)
                borrow = d >> 127
            }
        } else {
            for i in 0..<k { r[i] = t[i] }
        }
    }

    /// base^exponent mod n, variable time (public operands only). `base` must be below n.
    public func powerVariableTime(_ base: BigUInt, _ exponent: BigUInt) -> BigUInt {
        let k = width
        let bits = exponent.bitWidth
        var result = [UInt64](repeating: 0, count: k)
        guard bits > 0 else {
            result[0] = 1
            return BigUInt(limbs: result)
        }
        let b = base.resized(to: k).limbs
        // One allocation: the base in the domain, the accumulator, "one", and scratch.
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: 5 * k + 4)
        defer { buffer.deallocate() }
        let bm = buffer, acc = buffer + k, one = buffer + 2 * k, scratch = buffer + 3 * k
        one.update(repeating: 0, count: k)
        one[0] = 1
        modulus.limbs.withUnsafeBufferPointer { nBuffer in
            rr.withUnsafeBufferPointer { rrBuffer in
                b.withUnsafeBufferPointer { bBuffer in
                    let n = nBuffer.baseAddress!
                    // Into the domain: b R = mont(b, R^2).
                    MontgomeryContext.multiply(bm, bBuffer.baseAddress!, rrBuffer.baseAddress!, n, n0, k, scratch)
                    acc.update(from: bm, count: k)
                    for i in stride(from: bits - 2, through: 0, by: -1) {
                        MontgomeryContext.square(acc, acc, n, n0, k, scratch)
                        if exponent.bit(i) { MontgomeryContext.multiply(acc, acc, bm, n, n0, k, scratch) }
                    }
                    // Out of the domain: mont(acc, 1).
                    result.withUnsafeMutableBufferPointer { out in
                        MontgomeryContext.multiply(out.baseAddress!, acc, one, n, n0, k, scratch)
                    }
                }
            }
        }
        return BigUInt(limbs: result)
    }
}
