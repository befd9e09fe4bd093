// The double multiplication [s]B - [k]A that verification needs, in variable time (its inputs
// are public): Shamir's trick over width-w non-adjacent forms, one shared chain of doublings.

enum Multiplication {
    /// The wNAF window for A: 8 odd multiples, computed per call.
    static let pointWindow = 5
    /// The wNAF window for B: 64 odd multiples, affine, computed once.
    static let baseWindow = 8

    /// (2i + 1) B for i < 64, affine and prepared for addition. Public data, computed once on
    /// first use (one inversion for all of them, by Montgomery's trick).
    static let baseOddMultiples: [AffineCachedPoint] = {
        let count = 1 << (baseWindow - 2)
        let twice = ExtendedPoint.base.doubled().extended.cached
        var points = [ExtendedPoint.base]
        for i in 1..<count { points.append((points[i - 1] + twice).extended) }
        // Batch inversion of the Z coordinates.
        var prefix = [FieldElement](repeating: .one, count: count)
        var acc = FieldElement.one
        for i in 0..<count {
            prefix[i] = acc
            acc = acc * points[i].z
        }
        var inverse = acc.inverse()
        var table = [AffineCachedPoint](repeating: AffineCachedPoint(yPlusX: .one, yMinusX: .one, xy2d: .zero), count: count)
        for i in stride(from: count - 1, through: 0, by: -1) {
            let zInverse = inverse * prefix[i]
            inverse = inverse * points[i].z
            let x = points[i].x * zInverse, y = points[i].y * zInverse
            table[i] = AffineCachedPoint(yPlusX: (y + x).carried(), yMinusX: y - x, xy2d: x * y * FieldElement.d2)
        }
        return table
    }()

    /// [s]B - [k]A, variable time.
    static func baseMinusPointVariableTime(s: Scalar, k: Scalar, a: ExtendedPoint) -> ProjectivePoint {
        // Odd multiples of -A: (2i + 1)(-A), i < 8.
        let minusA = a.negated
        let twice = minusA.doubled().extended.cached
        var tableA = [CachedPoint](repeating: minusA.cached, count: 1 << (pointWindow - 2))
        var multiple = minusA
        for i in 1..<tableA.count {
            multiple = (multiple + twice).extended
            tableA[i] = multiple.cached
        }

        return withUnsafeTemporaryAllocation(of: Int8.self, capacity: 512) { digits in
            let ks = digits.baseAddress!, ss = digits.baseAddress! + 256
            k.nonAdjacentFormVariableTime(window: pointWindow, into: ks)
            s.nonAdjacentFormVariableTime(window: baseWindow, into: ss)
            var top = 255
            while top >= 0 && ks[top] == 0 && ss[top] == 0 { top -= 1 }
            guard top >= 0 else { return .identity }

            return tableA.withUnsafeBufferPointer { pointTable in
                baseOddMultiples.withUnsafeBufferPointer { baseTable in
                    var r = ProjectivePoint.identity
                    var i = top
                    while i >= 0 {
                        var t = r.doubled()
                        let dk = Int(ks[i]), ds = Int(ss[i])
                        if dk > 0 {
                            t = t.extended + pointTable[dk >> 1]
                        } else if dk < 0 {
                            t = t.extended - pointTable[(-dk) >> 1]
                        }
                        if ds > 0 {
                            t = t.extended + baseTable[ds >> 1]
                        } else if ds < 0 {
                            t = t.extended - baseTable[(-ds) >> 1]
                        }
                        r = t.projective
                        i -= 1
                    }
                    return r
                }
            }
        }
    }
}
