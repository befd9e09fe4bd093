// RSA signature verification (RFC 8017): public keys, PKCS#1 v1.5 and PSS.

import CKBBigInt
import CKBHash
import SwiftASN1

/// RSA signature verification as certificate authorities and DKIM signers use it.
///
/// Strict by default: keys of 2048 to 4096 bits (``Policy``), odd modulus, odd public exponent of
/// at least 3, signatures of exactly the modulus length and below it, PKCS#1 v1.5 compared as a
/// whole encoded message, never a suffix. Verification returns `Bool`; malformed keys throw
/// ``RSAError``. Verification runs in variable time: everything it touches is public.
public enum RSA {}

/// Why a key or a policy value was refused.
public struct RSAError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The DER or PEM does not hold an RSA public key of a supported form.
        case encoding
        /// A key outside the policy: its size, an even modulus, an exponent that is even or
        /// below 3.
        case policy
        /// An algorithm this project does not implement, or refuses (SHA-1, unless the policy
        /// allows it by name).
        case unsupportedAlgorithm
    }

    public let kind: Kind
    /// What was wrong, and where.
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}

extension RSA {
    /// The digests RSA signatures are made over here. ``insecureSHA1`` is only for old data: a
    /// key verifies with it only when its ``Policy`` says ``Policy/allowsInsecureSHA1``.
    public enum Hash: String, Sendable, CaseIterable {
        case sha256, sha384, sha512
        /// SHA-1, whose collisions are practical: refused unless the policy allows it.
        case insecureSHA1 = "sha1"

        public var byteCount: Int {
            switch self {
            case .insecureSHA1: return 20
            case .sha256: return 32
            case .sha384: return 48
            case .sha512: return 64
            }
        }

        public func hash(_ data: some Sequence<UInt8>) -> [UInt8] {
            switch self {
            case .insecureSHA1: return Insecure.SHA1.hash(data).bytes
            case .sha256: return SHA256.hash(data).bytes
            case .sha384: return SHA384.hash(data).bytes
            case .sha512: return SHA512.hash(data).bytes
            }
        }

        /// The DER `DigestInfo` prefix (RFC 8017 section 9.2, note 1): SEQUENCE { AlgorithmIdentifier
        /// { OID, NULL }, OCTET STRING } up to the digest.
        var digestInfoPrefix: [UInt8] {
            switch self {
            case .insecureSHA1: return [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14]
            case .sha256: return [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]
            case .sha384: return [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30]
            case .sha512: return [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40]
            }
        }
    }

    /// Limits a key must meet. The defaults are the strict ones.
    public struct Policy: Sendable, Equatable {
        /// The smallest modulus accepted, in bits (DKIM needs 1024).
        public var minimumKeyBits = 2048
        /// The largest modulus accepted, in bits.
        public var maximumKeyBits = 4096
        /// Whether SHA-1 may be used: in a PKCS#1 v1.5 or PSS signature, and in a key's
        /// RSASSA-PSS parameters (whose defaults name SHA-1). Off by default; SHA-1 collisions are
        /// practical, so turn it on only to inspect old data, never to accept new proofs. The
        /// contracts never accept SHA-1.
        public var allowsInsecureSHA1 = false

        public init(minimumKeyBits: Int = 2048, maximumKeyBits: Int = 4096, allowingInsecureSHA1: Bool = false) {
            self.minimumKeyBits = minimumKeyBits
            self.maximumKeyBits = maximumKeyBits
            allowsInsecureSHA1 = allowingInsecureSHA1
        }

        public static let strict = Policy()
    }

    /// How a signature is padded.
    public enum Padding: Sendable, Equatable {
        /// EMSA-PKCS1-v1_5 with the DigestInfo of `hash` (RFC 8017 section 9.2).
        case pkcs1v15(Hash)
        /// EMSA-PSS (RFC 8017 section 9.1) with MGF1 over `mgf1Hash` and `saltLength` bytes of
        /// salt, or any salt length when `saltLength` is nil (recovered from the encoding).
        case pss(Hash, mgf1Hash: Hash, saltLength: Int?)

        /// Whether the padding names SHA-1 anywhere.
        public var usesInsecureSHA1: Bool {
            switch self {
            case .pkcs1v15(let hash): return hash == .insecureSHA1
            case .pss(let hash, let mgf, _): return hash == .insecureSHA1 || mgf == .insecureSHA1
            }
        }
    }
}
