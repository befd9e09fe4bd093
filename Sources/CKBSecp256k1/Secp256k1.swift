// The public API: keys, signatures and their encodings.

import CKBBytes

/// secp256k1 ECDSA as Bitcoin and CKB use it.
///
/// Digests are 32 bytes that the caller has already hashed (CKB signs the `sighash_all`
/// message; Wycheproof files hash with SHA-256). Signing is constant-time and deterministic
/// (RFC 6979) and always yields low-S signatures; ``PublicKey/isValidSignature(_:for:allowingHighS:)``
/// requires low S unless told otherwise; recovery accepts either S, as CKB's default lock does.
public enum Secp256k1 {}

/// Why a key, signature or digest was rejected.
public struct Secp256k1Error: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A private key that is zero or not below the group order, or not 32 bytes.
        case invalidPrivateKey
        /// A public key with a bad length or prefix, an x or y not below p, or off the curve.
        case invalidPublicKey
        /// A signature encoding that breaks the format's rules.
        case invalidSignatureEncoding
        /// A recovery id outside 0...3.
        case invalidRecoveryID
        /// A digest that is not 32 bytes.
        case invalidDigest
        /// No public key recovers from this signature and digest.
        case recoveryFailed
    }

    public let kind: Kind
    /// What was wrong and where.
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}

func digestScalar(_ digest: some Collection<UInt8>) throws(Secp256k1Error) -> Scalar {
    guard let z = Scalar(reducing: digest) else {
        throw Secp256k1Error(.invalidDigest, "digest is \(digest.count) bytes, expected 32")
    }
    return z
}

extension Secp256k1 {
    /// A private key: an integer in [1, n - 1].
    public struct PrivateKey: Sendable {
        /// Holds the secret so that it is wiped when the last copy goes away.
        final class Storage: @unchecked Sendable {
            var scalar: Scalar
            init(_ scalar: Scalar) { self.scalar = scalar }
            deinit {
                withUnsafeMutableBytes(of: &scalar) { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
            }
        }

        let storage: Storage

        /// A new random key from the system's secure generator.
        public init() {
            var generator = SystemRandomNumberGenerator()
            while true {
                var bytes = (0..<4).flatMap { _ -> [UInt8] in
                    let word = generator.next() as UInt64
                    return (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
                }
                defer { for i in bytes.indices { bytes[i] = 0 } }
                if let scalar = Scalar(bigEndian: bytes), !scalar.isZero {
                    storage = Storage(scalar)
                    return
                }
            }
        }

        /// Reads a 32-byte big-endian key; throws unless it is in [1, n - 1].
        public init(rawRepresentation bytes: some Collection<UInt8>) throws(Secp256k1Error) {
            guard bytes.count == 32 else {
                throw Secp256k1Error(.invalidPrivateKey, "private key is \(bytes.count) bytes, expected 32")
            }
            // Whether the key is valid is public (it is refused or not); the key itself is not.
            let (scalar, valid) = Scalar.checkedNonzero(Limbs.read(bigEndian: bytes)!)
            guard ConstantTimeCheck.publish(valid) == 1 else {
                throw Secp256k1Error(.invalidPrivateKey, "private key is zero or not below the group order")
            }
            storage = Storage(scalar)
        }

        /// The 32-byte big-endian key.
        public var rawRepresentation: [UInt8] { storage.scalar.bigEndianBytes }

        /// The public key d G, computed in constant time.
        public var publicKey: PublicKey {
            // d is in [1, n - 1], so d G is never infinity; the point is public.
            PublicKey(point: ConstantTimeCheck.publish(Multiplication.multiplyGenerator(storage.scalar).affine()!))
        }

        /// A deterministic (RFC 6979), low-S signature of a 32-byte digest, in constant time.
        public func signature(for digest: some Collection<UInt8>) throws(Secp256k1Error) -> ECDSASignature {
            try recoverableSignature(for: digest).signature
        }

        /// A deterministic, low-S signature with its recovery id (CKB's witness form).
        public func recoverableSignature(for digest: some Collection<UInt8>) throws(Secp256k1Error) -> RecoverableSignature {
            let z = try digestScalar(digest)
            let (r, s, id) = ECDSA.sign(secret: storage.scalar, digest: z)
            return RecoverableSignature(signature: ECDSASignature(r: r, s: s), recoveryID: id)
        }
    }

    /// A public key: a point on the curve other than infinity.
    public struct PublicKey: Sendable, Equatable, CustomStringConvertible {
        let point: AffinePoint

        init(point: AffinePoint) { self.point = point }

        /// Parses SEC 1 encodings: 33 bytes compressed (02/03 || x) or 65 bytes uncompressed
        /// (04 || x || y). The hybrid forms (06/07) are rejected, and so is any point off the
        /// curve or coordinate not below p.
        public init(serialized bytes: some Collection<UInt8>) throws(Secp256k1Error) {
            let b = Array(bytes)
            switch (b.count, b.first) {
            case (33, 0x02), (33, 0x03):
                guard let x = FieldElement(bigEndian: b[1..<33]) else {
                    throw Secp256k1Error(.invalidPublicKey, "public key x is not below the field prime")
                }
                guard let point = AffinePoint(x: x, oddY: b[0] == 0x03) else {
                    throw Secp256k1Error(.invalidPublicKey, "public key x is not on the curve")
                }
                self.point = point
            case (65, 0x04):
                guard let x = FieldElement(bigEndian: b[1..<33]), let y = FieldElement(bigEndian: b[33..<65]) else {
                    throw Secp256k1Error(.invalidPublicKey, "public key coordinate is not below the field prime")
                }
                let point = AffinePoint(x: x, y: y)
                guard point.isOnCurve else {
                    throw Secp256k1Error(.invalidPublicKey, "public key point is not on the curve")
                }
                self.point = point
            case (33, _), (65, _):
                let prefix = b.first.map { String($0, radix: 16) } ?? ""
                throw Secp256k1Error(.invalidPublicKey, "public key prefix 0x\(prefix) does not fit its length \(b.count)")
            default:
                throw Secp256k1Error(.invalidPublicKey, "public key is \(b.count) bytes, expected 33 or 65")
            }
        }

        /// 33 bytes: 02 or 03 (the parity of y), then x.
        public var compressedRepresentation: [UInt8] {
            [point.y.isOdd ? 0x03 : 0x02] + point.x.bigEndianBytes
        }

        /// 65 bytes: 04, x, y.
        public var uncompressedRepresentation: [UInt8] {
            [0x04] + point.x.bigEndianBytes + point.y.bigEndianBytes
        }

        public var description: String { compressedRepresentation.hexString }

        /// Whether `signature` signs the 32-byte `digest` under this key (variable time; the
        /// inputs are public). High-S signatures are rejected unless `allowingHighS` is true.
        public func isValidSignature(_ signature: ECDSASignature, for digest: some Collection<UInt8>, allowingHighS: Bool = false) -> Bool {
            guard let z = try? digestScalar(digest) else { return false }
            return ECDSA.verifyVariableTime(publicKey: point, digest: z, r: signature.r, s: signature.s, allowingHighS: allowingHighS)
        }
    }

    /// An ECDSA signature (r, s), both in [1, n - 1].
    public struct ECDSASignature: Sendable, Equatable, CustomStringConvertible {
        let r: Scalar
        let s: Scalar

        init(r: Scalar, s: Scalar) {
            self.r = r
            self.s = s
        }

        /// Reads 64 bytes r || s (big-endian); throws when either is zero or not below n.
        public init(compactRepresentation bytes: some Collection<UInt8>) throws(Secp256k1Error) {
            let b = Array(bytes)
            guard b.count == 64 else {
                throw Secp256k1Error(.invalidSignatureEncoding, "compact signature is \(b.count) bytes, expected 64")
            }
            try self.init(rBytes: b[0..<32], sBytes: b[32..<64])
        }

        init(rBytes: ArraySlice<UInt8>, sBytes: ArraySlice<UInt8>) throws(Secp256k1Error) {
            guard let r = Scalar(bigEndian: rBytes), !r.isZero else {
                throw Secp256k1Error(.invalidSignatureEncoding, "signature r is zero or not below the group order")
            }
            guard let s = Scalar(bigEndian: sBytes), !s.isZero else {
                throw Secp256k1Error(.invalidSignatureEncoding, "signature s is zero or not below the group order")
            }
            self.init(r: r, s: s)
        }

        /// Reads strict DER (BIP 66): SEQUENCE { INTEGER r, INTEGER s } with definite short-form
        /// lengths, minimal positive integers and nothing after; r and s in [1, n - 1].
        public init(derRepresentation bytes: some Collection<UInt8>) throws(Secp256k1Error) {
            let (r, s) = try DER.parseSignature(Array(bytes))
            try self.init(rBytes: r[...], sBytes: s[...])
        }

        /// 64 bytes r || s.
        public var compactRepresentation: [UInt8] { r.bigEndianBytes + s.bigEndianBytes }

        /// Strict DER.
        public var derRepresentation: [UInt8] { DER.encodeSignature(r: r.bigEndianBytes, s: s.bigEndianBytes) }

        /// Whether s is in the lower half of [1, n - 1], the only form signing produces and
        /// verification accepts by default.
        public var isLowS: Bool { !s.isHigh }

        /// The same signature with s replaced by n - s when it is high.
        public var lowSNormalized: ECDSASignature { isLowS ? self : ECDSASignature(r: r, s: -s) }

        public var description: String { compactRepresentation.hexString }
    }

    /// A signature with the id that selects the public key among the candidates: bit 0 is the
    /// parity of R's y, bit 1 says R's x is r + n. CKB's default-lock witness holds its 65-byte
    /// form r || s || id.
    public struct RecoverableSignature: Sendable, Equatable, CustomStringConvertible {
        public let signature: ECDSASignature
        public let recoveryID: UInt8

        init(signature: ECDSASignature, recoveryID: UInt8) {
            self.signature = signature
            self.recoveryID = recoveryID
        }

        /// Reads 65 bytes r || s || id (id 0...3). Either S is accepted.
        public init(rawRepresentation bytes: some Collection<UInt8>) throws(Secp256k1Error) {
            let b = Array(bytes)
            guard b.count == 65 else {
                throw Secp256k1Error(.invalidSignatureEncoding, "recoverable signature is \(b.count) bytes, expected 65")
            }
            guard b[64] < 4 else {
                throw Secp256k1Error(.invalidRecoveryID, "recovery id \(b[64]) at byte 64 is not in 0...3")
            }
            signature = try ECDSASignature(compactRepresentation: b[0..<64])
            recoveryID = b[64]
        }

        /// 65 bytes r || s || id.
        public var rawRepresentation: [UInt8] { signature.compactRepresentation + [recoveryID] }

        /// The public key that this signature verifies under for `digest` (variable time).
        public func recoverPublicKey(for digest: some Collection<UInt8>) throws(Secp256k1Error) -> PublicKey {
            let z = try digestScalar(digest)
            guard let point = ECDSA.recoverVariableTime(digest: z, r: signature.r, s: signature.s, recoveryID: recoveryID) else {
                throw Secp256k1Error(.recoveryFailed, "no public key recovers from this signature and digest")
            }
            return PublicKey(point: point)
        }

        public var description: String { rawRepresentation.hexString }
    }
}
