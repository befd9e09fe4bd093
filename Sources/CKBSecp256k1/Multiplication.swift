// Scalar multiplication: a variable-time double multiplication for verification and recovery,
// and a constant-time multiplication of the generator for signing and key generation.

enum Multiplication {
    /// The wNAF window for the variable point (8 precomputed odd multiples).
    static let pointWindow = 5
    /// The wNAF window for G and lambda G (64 precomputed odd multiples each).
    static let generatorWindow = 8

    // MARK: - Tables (computed once, on first use; all public data)

    /// (2i + 1) G and (2i + 1) lambda G for i < 64, affine.
    static let generatorOddMultiples: (g: [AffinePoint], lambdaG: [AffinePoint]) = {
        let count = 1 << (generatorWindow - 2)
        let g = oddMultiplesAffineVariableTime(of: .generator, count: count)
        return (g, g.map(\.timesLambda))
    }()

    /// The signing comb: entry 16 i + j is j 16^i G (infinity for j = 0), i < 64.
    static let generatorComb: [ProjectivePoint] = {
        var points: [JacobianPoint] = []
        points.reserveCapacity(64 * 15)
        var base = JacobianPoint(AffinePoint.generator)
        for _ in 0..<64 {
            var multiple = base
            for _ in 1..<16 {
                points.append(multiple)
                multiple = multiple.addingVariableTime(base)
            }
            base = multiple  // 16 * base
        }
        let affine = normalizeBatchVariableTime(points)
        var table: [ProjectivePoint] = []
        table.reserveCapacity(64 * 16)
        for i in 0..<64 {
            table.append(.infinity)
            for j in 0..<15 { table.append(ProjectivePoint(affine[15 * i + j])) }
        }
        return table
    }()

    static func oddMultiplesAffineVariableTime(of p: AffinePoint, count: Int) -> [AffinePoint] {
        let twice = JacobianPoint(p).doubledVariableTime()
        var points = [JacobianPoint(p)]
        for i in 1..<count { points.append(points[i - 1].addingVariableTime(twice)) }
        return normalizeBatchVariableTime(points)
    }

    /// Affine forms of finite points with one inversion (Montgomery's trick).
    static func normalizeBatchVariableTime(_ points: [JacobianPoint]) -> [AffinePoint] {
        guard !points.isEmpty else { return [] }
        var prefix = [FieldElement](repeating: .one, count: points.count)
        var acc = FieldElement.one
        for (i, p) in points.enumerated() {
            precondition(!p.isInfinity, "table point at infinity")
            prefix[i] = acc
            acc = acc * p.z
        }
        var inv = acc.inverse()
        var out = [AffinePoint](repeating: .generator, count: points.count)
        for i in stride(from: points.count - 1, through: 0, by: -1) {
            let zi = inv * prefix[i]
            inv = inv * points[i].z
            let zi2 = zi.squared()
            out[i] = AffinePoint(x: points[i].x * zi2, y: points[i].y * zi2 * zi)
        }
        return out
    }

    // MARK: - Variable time: a P + b G

    /// The width-w non-adjacent form of a value below 2^128: digits are 0 or odd with
    /// |d| < 2^(w-1), and any two nonzero digits are at least w apart.
    static func wnafVariableTime(_ s: Scalar, window w: Int) -> [Int8] {
        let length = 130
        var digits = [Int8](repeating: 0, count: length)
        var carry: UInt64 = 0
        var bit = 0
        while bit < length {
            if s.bits(bit, 1) == carry {
                bit += 1
                continue
            }
            let now = min(w, length - bit)
            var word = Int64(s.bits(bit, now) &+ carry)
            carry = UInt64(word >> (w - 1)) & 1
            word -= Int64(carry) << w
            digits[bit] = Int8(word)
            bit += now
        }
        return digits
    }

    /// A value below 2^128 and whether it is the negation of `s`.
    private static func small(_ s: Scalar) -> (Scalar, Bool) {
        s.isHigh ? (-s, true) : (s, false)
    }

    /// a P + b G, variable-time (verification and recovery only).
    static func multiplyVariableTime(_ p: AffinePoint, _ a: Scalar, _ b: Scalar) -> JacobianPoint {
        let (a1, a2) = a.splitLambdaVariableTime()
        let (b1, b2) = b.splitLambdaVariableTime()
        let (pa1, na1) = small(a1), (pa2, na2) = small(a2)
        let (pb1, nb1) = small(b1), (pb2, nb2) = small(b2)

        // Odd multiples of P and lambda P, signs folded in.
        let count = 1 << (pointWindow - 2)
        var tableP = [JacobianPoint(p)]
        let twice = tableP[0].doubledVariableTime()
        for i in 1..<count { tableP.append(tableP[i - 1].addingVariableTime(twice)) }
        let tableLambdaP = tableP.map { na2 ? $0.timesLambda.negated : $0.timesLambda }
        if na1 { tableP = tableP.map(\.negated) }

        let w1 = wnafVariableTime(pa1, window: pointWindow)
        let w2 = wnafVariableTime(pa2, window: pointWindow)
        let w3 = wnafVariableTime(pb1, window: generatorWindow)
        let w4 = wnafVariableTime(pb2, window: generatorWindow)
        let (tableG, tableLambdaG) = generatorOddMultiples

        var top = w1.count - 1
        while top >= 0 && w1[top] == 0 && w2[top] == 0 && w3[top] == 0 && w4[top] == 0 { top -= 1 }
        var r = JacobianPoint.infinity
        var i = top
        while i >= 0 {
            r = r.doubledVariableTime()
            let d1 = Int(w1[i]), d2 = Int(w2[i]), d3 = Int(w3[i]), d4 = Int(w4[i])
            if d1 > 0 { r = r.addingVariableTime(tableP[(d1 - 1) / 2]) }
            if d1 < 0 { r = r.addingVariableTime(tableP[(-d1 - 1) / 2].negated) }
            if d2 > 0 { r = r.addingVariableTime(tableLambdaP[(d2 - 1) / 2]) }
            if d2 < 0 { r = r.addingVariableTime(tableLambdaP[(-d2 - 1) / 2].negated) }
            if d3 != 0 {
                let q = tableG[(abs(d3) - 1) / 2]
                r = r.addingVariableTime((d3 > 0) != nb1 ? q : q.negated)
            }
            if d4 != 0 {
                let q = tableLambdaG[(abs(d4) - 1) / 2]
                r = r.addingVariableTime((d4 > 0) != nb2 ? q : q.negated)
            }
            i -= 1
        }
        return r
    }

    // MARK: - Constant time: k G

    /// k G in constant time: 64 complete additions of comb entries, each chosen by a masked scan
    /// of its 16 candidates, so neither branches nor memory addresses depend on k.
    static func multiplyGenerator(_ k: Scalar) -> ProjectivePoint {
        let table = generatorComb
        var r = ProjectivePoint.infinity
        table.withUnsafeBufferPointer { entries in
            for i in 0..<64 {
                let nibble = k.bits(4 * i, 4)
                var chosen = ProjectivePoint.infinity
                for j in 0..<16 {
                    let x = UInt64(j) ^ nibble
                    let equal = 1 ^ ((x | (0 &- x)) >> 63)
                    chosen = ProjectivePoint.select(equal, chosen, entries[16 * i + j])
                }
                r = r.adding(chosen)
            }
        }
        return r
    }
}
