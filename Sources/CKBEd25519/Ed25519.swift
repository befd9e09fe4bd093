// The public API: Ed25519 public keys, their encodings, and signature verification.

import CKBHash

/// Ed25519 signature verification (RFC 8032 section 5.1.7), as libsodium 1.0.18's
/// `crypto_sign_verify_detached` decides it.
///
/// This module verifies only; it never signs and holds no secrets. A signature `R || S` over a
/// message `M` is accepted by a key `A` exactly when all of the following hold, which is
/// libsodium's rule set (and the one the on-chain twin is to implement):
///
/// 1. The signature is 64 bytes.
/// 2. `S`, read little-endian, is below the group order L (RFC 8032 requires it; a signature
///    with `S + L` in place of `S` is refused, so S cannot be malleated).
/// 3. `R` is not the encoding of a point of small order (order 1, 2, 4 or 8), in any of its
///    encodings: the sign bit is ignored and the non-canonical encodings p and p + 1 of y = 0
///    and y = 1 are included.
/// 4. `A` is a canonical encoding (y below p), is not of small order, and decodes to a point
///    (RFC 8032 section 5.1.3). ``PublicKey`` checks this when it is made.
/// 5. With k = SHA-512(R || A || M) mod L, the point [S]B - [k]A *encodes to the 32 bytes of
///    `R`*. This is the cofactorless equation, compared on encodings: a non-canonical `R`
///    (y ≥ p, or x = 0 with the sign bit set) never matches, because an encoding computed here
///    is always canonical.
///
/// Keys of mixed order (a prime-order point plus a nonzero small-order one) are
/// accepted, as libsodium accepts them; the cofactorless equation then holds or fails depending
/// on k, exactly as it does in libsodium.
///
/// Verification runs in variable time, which its name says: everything it touches (key,
/// message, signature) is public.
public enum Ed25519 {}

/// Why a key was rejected.
public struct Ed25519Error: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A raw public key that is not 32 bytes, or a SubjectPublicKeyInfo whose key is not.
        case invalidLength
        /// A public key whose y coordinate is not below p = 2^255 - 19.
        case nonCanonicalEncoding
        /// 32 bytes that encode no point of the curve.
        case notOnCurve
        /// A public key of small order (1, 2, 4 or 8). Signatures under such a key bind no signer
        /// (one signature can verify for many messages), and libsodium refuses it.
        case smallOrder
        /// DER or PEM that is not a well-formed SubjectPublicKeyInfo.
        case encoding
        /// A SubjectPublicKeyInfo for an algorithm other than Ed25519 (1.3.101.112), or with
        /// parameters, which RFC 8410 forbids.
        case unsupportedAlgorithm
    }

    public let kind: Kind
    /// What was wrong, and where.
    public let detail: String

    /// An error of `kind`, with a `detail` saying what and where.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The ``detail``.
    public var description: String { detail }
}

extension Ed25519 {
    /// An Ed25519 public key: a canonical encoding of a point of the curve that is not of small
    /// order.
    public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
        /// The 32-byte encoding the key was made from (canonical, so unique to the point).
        public let rawRepresentation: [UInt8]
        let point: ExtendedPoint

        /// Whether two keys are the same point (their canonical encodings are equal).
        public static func == (a: PublicKey, b: PublicKey) -> Bool { a.rawRepresentation == b.rawRepresentation }

        public func hash(into hasher: inout Hasher) { hasher.combine(rawRepresentation) }

        /// Reads the 32-byte encoding of RFC 8032 section 5.1.2.
        ///
        /// Throws unless the bytes are a canonical encoding (y below p) of a point of the curve
        /// (RFC 8032 section 5.1.3, including "if x = 0 and the sign bit is 1, decoding fails")
        /// whose order is not 1, 2, 4 or 8 (libsodium's rule; such a key could verify
        /// signatures that prove nothing).
        public init(rawRepresentation bytes: some Collection<UInt8>) throws(Ed25519Error) {
            guard bytes.count == 32 else {
                throw Ed25519Error(.invalidLength, "public key is \(bytes.count) bytes, expected 32")
            }
            let raw = Array(bytes)
            guard FieldElement.decodeStrict(raw) != nil else {
                throw Ed25519Error(.nonCanonicalEncoding, "public key y coordinate is not below 2^255 - 19")
            }
            // Before decoding: every encoding with x = 0 (y = 1 or y = -1) is on this list, so a
            // decoding failure below can only mean "not on the curve".
            guard !SmallOrder.isSmallOrderEncoding(raw) else {
                throw Ed25519Error(.smallOrder, "public key is a point of small order")
            }
            guard let point = ExtendedPoint(decoding: raw) else {
                throw Ed25519Error(.notOnCurve, "public key is not the encoding of a curve point")
            }
            rawRepresentation = raw
            self.point = point
        }

        /// Reads a DER SubjectPublicKeyInfo (RFC 8410 section 4): algorithm 1.3.101.112 with no
        /// parameters, and a BIT STRING holding the 32-byte key. Trailing bytes are refused.
        public init(derRepresentation bytes: some Collection<UInt8>) throws(Ed25519Error) {
            try self.init(rawRepresentation: try KeyEncoding.parse(Array(bytes)))
        }

        /// Reads a PEM `PUBLIC KEY` block holding a SubjectPublicKeyInfo.
        public init(pemRepresentation text: String) throws(Ed25519Error) {
            try self.init(derRepresentation: try KeyEncoding.parsePEM(text))
        }

        /// The DER SubjectPublicKeyInfo (44 bytes).
        public var derRepresentation: [UInt8] { KeyEncoding.spkiPrefix + rawRepresentation }

        /// The PEM `PUBLIC KEY` block of ``derRepresentation``.
        public var pemRepresentation: String { KeyEncoding.pem(derRepresentation) }

        /// Lower-case hexadecimal of ``rawRepresentation``.
        public var description: String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            for byte in rawRepresentation {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 15)])
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// Whether `signature` (64 bytes, `R || S`) is a valid Ed25519 signature of `message`
        /// under this key, by the rules listed on ``Ed25519``: S below L, R not of small order,
        /// and the cofactorless equation [S]B - [k]A = R checked on encodings.
        ///
        /// Pure Ed25519 only (no context, no prehash: not Ed25519ctx or Ed25519ph). Runs in
        /// variable time; all of its inputs are public.
        public func isValidSignatureVariableTime(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
            guard signature.count == 64 else { return false }
            let bytes = Array(signature)
            let r = bytes[0..<32]
            guard let s = Scalar(canonical: bytes[32..<64]) else { return false }
            guard !SmallOrder.isSmallOrderEncoding(r) else { return false }
            var hasher = SHA512()
            hasher.update(r)
            hasher.update(rawRepresentation)
            hasher.update(message)
            let k = Scalar.reducingVariableTime(hasher.finalize())
            let check = Multiplication.baseMinusPointVariableTime(s: s, k: k, a: point)
            return check.encoded.elementsEqual(r)
        }
    }
}

/// The encodings of small-order points (libsodium's `ge25519_has_small_order` list).
enum SmallOrder {
    /// y of the two pairs of points of order 8, ±(x, y8) and ±(x', -y8).
    static let y8: (UInt64, UInt64, UInt64, UInt64) =
        (0xB027_B2C2_8F95_E826, 0xF098_EFF2_89F4_C345, 0x3933_C6D3_05AC_DFD5, 0x05FC_536D_8802_38B1)
    static let p: (UInt64, UInt64, UInt64, UInt64) =
        (0xFFFF_FFFF_FFFF_FFED, .max, .max, 0x7FFF_FFFF_FFFF_FFFF)

    /// Whether 32 bytes, sign bit ignored and y taken modulo p, give the y of a point of order
    /// 1, 2, 4 or 8: y = 1 (the identity), y = -1 (order 2), y = 0 (order 4), y = ±y8 (order 8).
    /// This is libsodium's list: its non-canonical entries p and p + 1 are y = 0 and y = 1 here.
    static func isSmallOrderEncoding(_ bytes: some Collection<UInt8>) -> Bool {
        guard var w = FieldElement.words(bytes) else { return false }
        w.3 &= 0x7FFF_FFFF_FFFF_FFFF
        // y in [p, 2^255): subtract p (only the low word differs from p's, by less than 19).
        if w.3 == p.3 && w.2 == p.2 && w.1 == p.1 && w.0 >= p.0 { w = (w.0 - p.0, 0, 0, 0) }
        if w.1 == 0 && w.2 == 0 && w.3 == 0 && w.0 <= 1 { return true }                 // 0, 1
        if w == (p.0 - 1, p.1, p.2, p.3) { return true }                                  // -1
        if w == y8 { return true }
        // p - y8
        let (n0, b0) = p.0.subtractingReportingOverflow(y8.0)
        let (n1, b1) = (p.1 - y8.1).subtractingReportingOverflow(b0 ? 1 : 0)
        let (n2, b2) = (p.2 - y8.2).subtractingReportingOverflow(b1 ? 1 : 0)
        let n3 = p.3 - y8.3 - (b2 ? 1 : 0)
        return w == (n0, n1, n2, n3)
    }
}
