// The secp256k1 group: y^2 = x^3 + 7 over GF(p).
//
// Three representations, as in libsecp256k1's group layer:
// - `AffinePoint` (x, y), for tables, keys and serialisation;
// - `JacobianPoint` (X, Y, Z) with x = X/Z^2, y = Y/Z^3, and variable-time formulas that
//   branch on the special cases (doubling, inverse points, infinity) for verification;
// - `ProjectivePoint` (X, Y, Z) with x = X/Z, y = Y/Z and the complete addition formula of
//   Renes, Costello and Batina (EUROCRYPT 2016, algorithm 7 for a = 0), which has no special
//   cases and no branches, for signing and key generation.

/// A point in affine coordinates (never the point at infinity).
struct AffinePoint: Sendable, Equatable {
    var x: FieldElement
    var y: FieldElement

    /// The generator G.
    static let generator = AffinePoint(
        x: FieldElement(0x59F2_815B_16F8_1798, 0x029B_FCDB_2DCE_28D9, 0x55A0_6295_CE87_0B07, 0x79BE_667E_F9DC_BBAC),
        y: FieldElement(0x9C47_D08F_FB10_D4B8, 0xFD17_B448_A685_5419, 0x5DA4_FBFC_0E11_08A8, 0x483A_DA77_26A3_C465))

    var isOnCurve: Bool { y.squared() == x.squared() * x + FieldElement.b }

    /// The point with this x and a y of the given parity, if x is on the curve.
    init?(x: FieldElement, oddY: Bool) {
        guard var y = (x.squared() * x + FieldElement.b).squareRoot() else { return nil }
        if y.isOdd != oddY { y = -y }
        self.x = x
        self.y = y
    }

    init(x: FieldElement, y: FieldElement) {
        self.x = x
        self.y = y
    }

    var negated: AffinePoint { AffinePoint(x: x, y: -y) }

    /// lambda P = (beta x, y).
    var timesLambda: AffinePoint { AffinePoint(x: x * FieldElement.beta, y: y) }
}

/// A point in Jacobian coordinates, with variable-time arithmetic.
struct JacobianPoint: Sendable {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement
    var isInfinity: Bool

    static let infinity = JacobianPoint(x: .zero, y: .one, z: .zero, isInfinity: true)

    init(x: FieldElement, y: FieldElement, z: FieldElement, isInfinity: Bool = false) {
        self.x = x
        self.y = y
        self.z = z
        self.isInfinity = isInfinity
    }

    init(_ p: AffinePoint) { self.init(x: p.x, y: p.y, z: .one) }

    var negated: JacobianPoint { JacobianPoint(x: x, y: -y, z: z, isInfinity: isInfinity) }

    /// lambda P = (beta X, Y, Z).
    var timesLambda: JacobianPoint { JacobianPoint(x: x * FieldElement.beta, y: y, z: z, isInfinity: isInfinity) }

    /// The affine point, or nil for infinity.
    func affineVariableTime() -> AffinePoint? {
        guard !isInfinity else { return nil }
        let zi = z.inverse()
        let zi2 = zi.squared()
        return AffinePoint(x: x * zi2, y: y * zi2 * zi)
    }

    /// 2P (dbl-2009-l: 2M + 5S).
    func doubledVariableTime() -> JacobianPoint {
        if isInfinity || y.isZero { return .infinity }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let xb = x + b
        let d2 = xb.squared() - a - c
        let d = d2 + d2
        let e = a + a + a
        let f = e.squared()
        let x3 = f - d - d
        let c8 = c.times(8)
        let y3 = e * (d - x3) - c8
        let yz = y * z
        return JacobianPoint(x: x3, y: y3, z: yz + yz)
    }

    /// P + Q for affine Q (madd-2007-bl: 7M + 4S).
    func addingVariableTime(_ q: AffinePoint) -> JacobianPoint {
        if isInfinity { return JacobianPoint(q) }
        let z1z1 = z.squared()
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let r0 = s2 - y
        if h.isZero {
            return r0.isZero ? doubledVariableTime() : .infinity
        }
        let hh = h.squared()
        let i = hh.times(4)
        let j = h * i
        let r = r0 + r0
        let v = x * i
        let x3 = r.squared() - j - v - v
        let yj = y * j
        let y3 = r * (v - x3) - yj - yj
        let z3 = (z + h).squared() - z1z1 - hh
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P + Q (add-2007-bl: 11M + 5S).
    func addingVariableTime(_ q: JacobianPoint) -> JacobianPoint {
        if isInfinity { return q }
        if q.isInfinity { return self }
        let z1z1 = z.squared()
        let z2z2 = q.z.squared()
        let u1 = x * z2z2
        let u2 = q.x * z1z1
        let s1 = y * q.z * z2z2
        let s2 = q.y * z * z1z1
        let h = u2 - u1
        let r0 = s2 - s1
        if h.isZero {
            return r0.isZero ? doubledVariableTime() : .infinity
        }
        let h2 = h + h
        let i = h2.squared()
        let j = h * i
        let r = r0 + r0
        let v = u1 * i
        let x3 = r.squared() - j - v - v
        let s1j = s1 * j
        let y3 = r * (v - x3) - s1j - s1j
        let z3 = ((z + q.z).squared() - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }
}

/// A point in homogeneous projective coordinates with complete, branch-free addition.
struct ProjectivePoint: Sendable {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement

    static let infinity = ProjectivePoint(x: .zero, y: .one, z: .zero)

    init(x: FieldElement, y: FieldElement, z: FieldElement) {
        self.x = x
        self.y = y
        self.z = z
    }

    init(_ p: AffinePoint) { self.init(x: p.x, y: p.y, z: .one) }

    /// Constant-time select: `flag` 0 or 1; returns `b` when it is 1.
    @inline(__always)
    static func select(_ flag: UInt64, _ a: ProjectivePoint, _ b: ProjectivePoint) -> ProjectivePoint {
        ProjectivePoint(
            x: FieldElement.select(flag, a.x, b.x), y: FieldElement.select(flag, a.y, b.y),
            z: FieldElement.select(flag, a.z, b.z))
    }

    /// P + Q for any P and Q, including equal, inverse and infinite points (Renes-Costello-
    /// Batina algorithm 7, a = 0, 3b = 21: 12M + 2 multiplications by 21).
    @inline(__always)
    func adding(_ q: ProjectivePoint) -> ProjectivePoint {
        var t0 = x * q.x
        var t1 = y * q.y
        var t2 = z * q.z
        var t3 = x + y
        var t4 = q.x + q.y
        t3 = t3 * t4
        t4 = t0 + t1
        t3 = t3 - t4
        t4 = y + z
        var x3 = q.y + q.z
        t4 = t4 * x3
        x3 = t1 + t2
        t4 = t4 - x3
        x3 = x + z
        var y3 = q.x + q.z
        x3 = x3 * y3
        y3 = t0 + t2
        y3 = x3 - y3
        x3 = t0 + t0
        t0 = x3 + t0
        t2 = t2.times(21)
        var z3 = t1 + t2
        t1 = t1 - t2
        y3 = y3.times(21)
        x3 = t4 * y3
        t2 = t3 * t1
        x3 = t2 - x3
        y3 = y3 * t0
        t1 = t1 * z3
        y3 = t1 + y3
        t0 = t0 * t3
        z3 = z3 * t4
        z3 = z3 + t0
        return ProjectivePoint(x: x3, y: y3, z: z3)
    }

    /// The affine point (constant-time), or nil for infinity (whose z is zero). Whether the
    /// point is infinity is treated as public: it only happens for a zero scalar.
    func affine() -> AffinePoint? {
        let zi = z.inverse()
        let p = AffinePoint(x: x * zi, y: y * zi)
        return ConstantTimeCheck.publish(z.isZero) ? nil : p
    }
}
