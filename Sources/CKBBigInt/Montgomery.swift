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

    // MARK: - Product scanning
    //
    // Both kernels walk the columns of the result (Comba's product scanning, with the Montgomery
    // reduction folded in column by column): column c adds every a_i b_j with i + j = c and every
    // m_j n_l with j + l = c into a three-word accumulator, fixes m_c when c < k (the multiple of n
    // that clears the column), and emits one word of the result when c >= k. Each product then
    // costs one `mul` and three additions with carry, with no load or store of a partial row;
    // the 64x64-bit multiplier is the bound, where row-by-row code also waits on carries.

    /// A three-word accumulator: `low` holds the current column and the next, `top` the third.
    @usableFromInline
    struct Accumulator {
        var low: UInt128 = 0
        var top: UInt64 = 0

        /// self += x y.
        @inline(__always)
        mutating func add(_ x: UInt64, _ y: UInt64) {
            let (h, l) = x.multipliedFullWidth(by: y)
            let (sum, overflow) = low.addingReportingOverflow(UInt128(h) &<< 64 | UInt128(l))
            low = sum
            top &+= overflow ? 1 : 0
        }

        /// self += x[i] y[-i] for i in 0..<count: one anti-diagonal of a product.
        @inline(__always)
        mutating func addProducts(_ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>, _ count: Int) {
            var x = x, y = y, i = 0
            while i &+ 2 <= count {
                add(x[0], y[0])
                add(x[1], y[-1])
                x += 2
                y -= 2
                i &+= 2
            }
            if i < count { add(x[0], y[0]) }
        }

        /// self += 2 other.
        @inline(__always)
        mutating func addTwice(_ other: Accumulator) {
            let (sum, overflow) = low.addingReportingOverflow(other.low &<< 1)
            low = sum
            top &+= (other.top &<< 1 | UInt64(truncatingIfNeeded: other.low &>> 127)) &+ (overflow ? 1 : 0)
        }

        /// The lowest word, and the accumulator moved down one word.
        @inline(__always)
        mutating func shift() -> UInt64 {
            let word = UInt64(truncatingIfNeeded: low)
            low = low &>> 64 | UInt128(top) &<< 64
            top = 0
            return word
        }
    }

    /// The Montgomery half of column c: adds m_j n_(c-j) over the m fixed so far; below column k
    /// it then fixes m_c (stored in m) so that the column's low word becomes zero.
    @inline(__always)
    static func reduceColumn(
        _ s: inout Accumulator, _ c: Int, _ m: UnsafeMutablePointer<UInt64>,
        _ n: UnsafePointer<UInt64>, _ n0: UInt64, _ k: Int
    ) {
        if c < k {
            s.addProducts(m, n + c, c)
            let mc = UInt64(truncatingIfNeeded: s.low) &* n0
            m[c] = mc
            s.add(mc, n[0])
        } else {
            s.addProducts(m + (c &- k &+ 1), n + (k &- 1), 2 &* k &- 1 &- c)
        }
    }

    /// r = a b R^-1 mod n on raw limbs (k each); `m` has room for k limbs. r may alias a or b:
    /// column c writes r[c - k] after the last read of a[c - k] and b[c - k].
    @inline(__always)
    static func multiply(
        _ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>,
        _ n: UnsafePointer<UInt64>, _ n0: UInt64, _ k: Int, _ m: UnsafeMutablePointer<UInt64>
    ) {
        var s = Accumulator()
        for c in 0..<(2 &* k &- 1) {
            let low = c < k ? 0 : c &- k &+ 1  // a_i b_(c-i) for i in low ... c - low
            s.addProducts(a + low, b + (c &- low), c &- 2 &* low &+ 1)
            reduceColumn(&s, c, m, n, n0, k)
            let word = s.shift()
            if c >= k { r[c &- k] = word }
        }
        r[k &- 1] = UInt64(truncatingIfNeeded: s.low)
        finish(r, UInt64(truncatingIfNeeded: s.low &>> 64), n, k)
    }

    /// r = a^2 R^-1 mod n: each column's cross products a_i a_j (i < j) once, doubled, plus the
    /// square on even columns. `m` has room for k limbs; r may alias a.
    @inline(__always)
    static func square(
        _ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>,
        _ n: UnsafePointer<UInt64>, _ n0: UInt64, _ k: Int, _ m: UnsafeMutablePointer<UInt64>
    ) {
        var s = Accumulator()
        for c in 0..<(2 &* k &- 1) {
            let low = c < k ? 0 : c &- k &+ 1
            let high = (c &- 1) >> 1  // the cross products pair i in low ... high with c - i
            if high >= low {
                var cross = Accumulator()
                cross.addProducts(a + low, a + (c &- low), high &- low &+ 1)
                s.addTwice(cross)
            }
            if c & 1 == 0 { s.add(a[c >> 1], a[c >> 1]) }
            reduceColumn(&s, c, m, n, n0, k)
            let word = s.shift()
            if c >= k { r[c &- k] = word }
        }
        r[k &- 1] = UInt64(truncatingIfNeeded: s.low)
        finish(r, UInt64(truncatingIfNeeded: s.low &>> 64), n, k)
    }

    /// r = (top 2^(64k) + r) mod n, for a value below 2n.
    @inline(__always)
    static func finish(_ r: UnsafeMutablePointer<UInt64>, _ top: UInt64, _ n: UnsafePointer<UInt64>, _ k: Int) {
        var subtract = top != 0
        if !subtract {
            subtract = true
            var i = k &- 1
            while i >= 0 {
                if r[i] != n[i] {
                    subtract = r[i] > n[i]
                    break
                }
                i &-= 1
            }
        }
        guard subtract else { return }
        var borrow: UInt64 = 0
        for i in 0..<k {
            let (d1, b1) = r[i].subtractingReportingOverflow(n[i])
            let (d2, b2) = d1.subtractingReportingOverflow(borrow)
            r[i] = d2
            borrow = (b1 ? 1 : 0) | (b2 ? 1 : 0)
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
        let b = base.limbs.count == k ? base.limbs : base.resized(to: k).limbs
        // One allocation: the base in the domain, the accumulator, "one", and scratch.
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: 4 * k)
        defer { buffer.deallocate() }
        let bm = buffer, acc = buffer + k, one = buffer + 2 * k, scratch = buffer + 3 * k
        one.update(repeating: 0, count: k)
        one[0] = 1
        modulus.limbs.withUnsafeBufferPointer { nBuffer in
            rr.withUnsafeBufferPointer { rrBuffer in
                b.withUnsafeBufferPointer { bBuffer in
                    result.withUnsafeMutableBufferPointer { outBuffer in
                        let n = nBuffer.baseAddress!, plain = bBuffer.baseAddress!, out = outBuffer.baseAddress!
                        // Into the domain: b R = mont(b, R^2).
                        MontgomeryContext.multiply(bm, plain, rrBuffer.baseAddress!, n, n0, k, scratch)
                        acc.update(from: bm, count: k)
                        // Left to right over the bits after the leading one; the last bit is
                        // handled below.
                        var i = bits &- 2
                        while i >= 1 {
                            MontgomeryContext.square(acc, acc, n, n0, k, scratch)
                            if exponent.bit(i) { MontgomeryContext.multiply(acc, acc, bm, n, n0, k, scratch) }
                            i &-= 1
                        }
                        if bits == 1 {
                            // base^1: out of the domain again.
                            MontgomeryContext.multiply(out, acc, one, n, n0, k, scratch)
                        } else {
                            MontgomeryContext.square(acc, acc, n, n0, k, scratch)
                            // The last bit set (every odd exponent, so every RSA verification):
                            // mont(acc, b) with b outside the domain multiplies and leaves the
                            // domain in one product. Otherwise mont(acc, 1) leaves it.
                            MontgomeryContext.multiply(out, acc, exponent.bit(0) ? plain : UnsafePointer(one), n, n0, k, scratch)
                        }
                    }
                }
            }
        }
        return BigUInt(limbs: result)
    }
}
