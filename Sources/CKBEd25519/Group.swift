// The edwards25519 group: -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19) (RFC 8032 section 5.1).
//
// Representations, as in Hisil, Wong, Carter and Dawson, "Twisted Edwards curves revisited"
// (ASIACRYPT 2008), with a = -1:
// - `ExtendedPoint` (X : Y : Z : T), x = X/Z, y = Y/Z, x y = T/Z: the operand of additions;
// - `ProjectivePoint` (X : Y : Z): what a doubling needs (it never reads T);
// - `CompletedPoint` ((X : Z), (Y : T)), x = X/Z, y = Y/T: what additions and doublings
//   produce; turning it into either form above costs 4 or 3 multiplications, so the double
//   multiplication pays for T only before an addition;
// - `CachedPoint` (Y + X, Y - X, Z, 2d T) and `AffineCachedPoint` (y + x, y - x, 2d x y): an
//   addend prepared once for many additions (the latter with Z = 1 saves one multiplication).
//
// Since -1 is a square and d is not, these addition and doubling formulas are complete: they
// hold for every pair of points, the identity and points of small order included, with no
// special case to branch on.

/// A point in extended coordinates.
struct ExtendedPoint: Sendable {
    var x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement

    static let identity = ExtendedPoint(x: .zero, y: .one, z: .one, t: .zero)

    /// The base point B (RFC 8032 section 5.1): y = 4/5, x even.
    static let base = ExtendedPoint(
        affineX: FieldElement(0x62D6_08F2_5D51A, 0x412A_4B4F_6592A, 0x75B7_171A_4B31D, 0x1FF6_0527_118FE, 0x2169_36D3_CD6E5),
        y: FieldElement(0x6666_6666_66658, 0x4CCC_CCCC_CCCCC, 0x1999_9999_99999, 0x3333_3333_33333, 0x6666_6666_66666))

    init(x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement) {
        self.x = x
        self.y = y
        self.z = z
        self.t = t
    }

    init(affineX x: FieldElement, y: FieldElement) {
        self.init(x: x, y: y, z: .one, t: x * y)
    }

    /// Decodes 32 bytes as RFC 8032 section 5.1.3 says, strictly: nil when y is not below p,
    /// when (y^2 - 1) / (d y^2 + 1) has no square root (not a point), or when x = 0 and the sign
    /// bit is set (RFC 8032: "If x = 0, and x_0 = 1, decoding fails").
    init?(decoding bytes: some Collection<UInt8>) {
        guard let (y, sign) = FieldElement.decodeStrict(bytes) else { return nil }
        let yy = y.squared()
        let u = yy - .one                         // y^2 - 1
        let v = (yy * FieldElement.d + .one).carried()  // d y^2 + 1
        guard var x = FieldElement.squareRootRatio(u, v) else { return nil }
        if x.isZero && sign == 1 { return nil }
        if (x.isNegative ? 1 : 0) != sign { x = -x }
        self.init(affineX: x, y: y)
    }

    /// The 32-byte encoding (RFC 8032 section 5.1.2): y, with the parity of x in bit 255.
    var encoded: [UInt8] { ProjectivePoint(self).encoded }

    var negated: ExtendedPoint { ExtendedPoint(x: -x, y: y, z: z, t: -t) }

    var cached: CachedPoint {
        CachedPoint(yPlusX: y + x, yMinusX: y - x, z: z, t2d: t * FieldElement.d2)
    }

    /// 2P.
    @inline(__always)
    func doubled() -> CompletedPoint { ProjectivePoint(x: x, y: y, z: z).doubled() }

    /// P + Q (add-2008-hwcd-3 with k = 2d): 4 multiplications, then a conversion.
    @inline(__always)
    static func + (p: ExtendedPoint, q: CachedPoint) -> CompletedPoint {
        let a = (p.y - p.x) * q.yMinusX
        let b = (p.y + p.x) * q.yPlusX
        let c = p.t * q.t2d
        let zz = p.z * q.z
        let d = zz + zz
        return CompletedPoint(x: b - a, y: b + a, z: d + c, t: d - c)
    }

    /// P - Q.
    @inline(__always)
    static func - (p: ExtendedPoint, q: CachedPoint) -> CompletedPoint {
        let a = (p.y - p.x) * q.yPlusX
        let b = (p.y + p.x) * q.yMinusX
        let c = p.t * q.t2d
        let zz = p.z * q.z
        let d = zz + zz
        return CompletedPoint(x: b - a, y: b + a, z: d - c, t: d + c)
    }

    /// P + Q with Q affine: 3 multiplications, then a conversion.
    @inline(__always)
    static func + (p: ExtendedPoint, q: AffineCachedPoint) -> CompletedPoint {
        let a = (p.y - p.x) * q.yMinusX
        let b = (p.y + p.x) * q.yPlusX
        let c = p.t * q.xy2d
        let d = p.z + p.z
        return CompletedPoint(x: b - a, y: b + a, z: d + c, t: d - c)
    }

    /// P - Q with Q affine.
    @inline(__always)
    static func - (p: ExtendedPoint, q: AffineCachedPoint) -> CompletedPoint {
        let a = (p.y - p.x) * q.yPlusX
        let b = (p.y + p.x) * q.yMinusX
        let c = p.t * q.xy2d
        let d = p.z + p.z
        return CompletedPoint(x: b - a, y: b + a, z: d - c, t: d + c)
    }

    /// Whether P is the identity (X = 0 and Y = Z).
    var isIdentity: Bool { x.isZero && y == z }
}

/// A point in projective coordinates (X : Y : Z).
struct ProjectivePoint: Sendable {
    var x: FieldElement, y: FieldElement, z: FieldElement

    static let identity = ProjectivePoint(x: .zero, y: .one, z: .one)

    init(x: FieldElement, y: FieldElement, z: FieldElement) {
        self.x = x
        self.y = y
        self.z = z
    }

    init(_ p: ExtendedPoint) { self.init(x: p.x, y: p.y, z: p.z) }

    /// 2P (dbl-2008-hwcd with a = -1): 4 squarings.
    ///
    /// With A = X^2, B = Y^2, C = 2 Z^2, E = (X + Y)^2 - A - B, G = B - A, F = G - C and
    /// H = -A - B, the double is (E F : G H : F G : E H), that is ((E : G), (H : F)) completed.
    /// Both pairs are negated here (x = -E/-G, y = -H/-F), which avoids a negation.
    @inline(__always)
    func doubled() -> CompletedPoint {
        let a = x.squared()
        let b = y.squared()
        let c = z.squaredDoubled()
        let h = a + b                        // -H
        let e = h - (x + y).squared()        // -E
        let g = a - b                        // -G
        let f = c + g                        // -F
        return CompletedPoint(x: e, y: h, z: g, t: f)
    }

    /// The 32-byte encoding: one inversion.
    var encoded: [UInt8] {
        let zInverse = z.inverse()
        let ax = x * zInverse
        var out = (y * zInverse).bytes
        if ax.isNegative { out[31] |= 0x80 }
        return out
    }
}

/// A point ((X : Z), (Y : T)) with x = X/Z and y = Y/T, as additions and doublings leave it.
struct CompletedPoint: Sendable {
    var x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement

    @inline(__always)
    var extended: ExtendedPoint { ExtendedPoint(x: x * t, y: y * z, z: z * t, t: x * y) }

    @inline(__always)
    var projective: ProjectivePoint { ProjectivePoint(x: x * t, y: y * z, z: z * t) }
}

/// An addend prepared for repeated additions: (Y + X, Y - X, Z, 2d T).
struct CachedPoint: Sendable {
    var yPlusX: FieldElement, yMinusX: FieldElement, z: FieldElement, t2d: FieldElement
}

/// An affine addend prepared for repeated additions: (y + x, y - x, 2d x y).
struct AffineCachedPoint: Sendable {
    var yPlusX: FieldElement, yMinusX: FieldElement, xy2d: FieldElement
}
