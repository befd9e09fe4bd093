// The layers below the public API, exposed to this package's tests (never public): each is
// compared with libsodium's own primitives on random inputs.

package enum Ed25519Arithmetic {
    /// A 64-byte little-endian integer modulo L, as 32 bytes (libsodium's
    /// `crypto_core_ed25519_scalar_reduce`).
    package static func reduce(_ wide: [UInt8]) -> [UInt8] {
        Scalar.reducingVariableTime(wide).bytes
    }

    /// Whether 32 bytes are an integer below L.
    package static func isCanonicalScalar(_ bytes: [UInt8]) -> Bool {
        Scalar(canonical: bytes) != nil
    }

    /// The encoding of the point 32 bytes decode to (RFC 8032, strict), or nil.
    package static func decodeAndEncode(_ bytes: [UInt8]) -> [UInt8]? {
        ExtendedPoint(decoding: bytes)?.encoded
    }

    /// Whether the bytes are on libsodium's list of small-order encodings.
    package static func isSmallOrderEncoding(_ bytes: [UInt8]) -> Bool {
        SmallOrder.isSmallOrderEncoding(bytes)
    }

    /// [8]P for the point `bytes` decode to (strictly), or nil when they do not decode.
    package static func timesEight(_ bytes: [UInt8]) -> [UInt8]? {
        guard let p = ExtendedPoint(decoding: bytes) else { return nil }
        return p.doubled().extended.doubled().extended.doubled().projective.encoded
    }

    /// [s]B - [k]A for scalars below L (as 32 little-endian bytes) and a point A that decodes;
    /// nil otherwise.
    package static func baseMinusPoint(s: [UInt8], k: [UInt8], a: [UInt8]) -> [UInt8]? {
        guard let s = Scalar(canonical: s), let k = Scalar(canonical: k), let a = ExtendedPoint(decoding: a) else {
            return nil
        }
        return Multiplication.baseMinusPointVariableTime(s: s, k: k, a: a).encoded
    }

    /// P + Q for two points that decode (strictly); nil otherwise.
    package static func add(_ p: [UInt8], _ q: [UInt8]) -> [UInt8]? {
        guard let p = ExtendedPoint(decoding: p), let q = ExtendedPoint(decoding: q) else { return nil }
        return (p + q.cached).projective.encoded
    }

    /// The field identities the layers rely on, on one element given as 32 bytes below p:
    /// a · a⁻¹ = 1 (for a ≠ 0), (a²)'s square root squares back to a², sqrt(-1)² = -1, and the
    /// encoding of a round-trips. Returns the names of the identities that fail.
    package static func fieldIdentityFailures(_ bytes: [UInt8]) -> [String] {
        guard let (a, _) = FieldElement.decodeStrict(bytes) else { return ["decode"] }
        var failures: [String] = []
        if !a.isZero && !(a * a.inverse() == .one) { failures.append("inverse") }
        if a.isZero && !a.inverse().isZero { failures.append("inverse of zero") }
        let square = a.squared()
        if let root = FieldElement.squareRootRatio(square, .one) {
            if !(root.squared() == square) { failures.append("square root") }
        } else {
            failures.append("square has no root")
        }
        if !(FieldElement.sqrtMinusOne.squared() == -FieldElement.one) { failures.append("sqrt(-1)") }
        var top = bytes
        top[31] &= 0x7F
        if a.bytes != top { failures.append("round trip") }
        if !((a + a) * a == a.squared() + a.squared()) { failures.append("distributivity") }
        if !(a - a).isZero { failures.append("a - a") }
        return failures
    }
}
