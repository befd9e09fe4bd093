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
        /// An algorithm this project does not implement, or refuses (SHA-1).
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
    /// The digests RSA signatures are made over here.
    public enum Hash: String, Sendable, CaseIterable {
        case sha256, sha384, sha512

        public var byteCount: Int {
            switch self {
            case .sha256: return 32
            case .sha384: return 48
            case .sha512: return 64
            }
        }

        public func hash(_ data: some Sequence<UInt8>) -> [UInt8] {
            switch self {
            case .sha256: return SHA256.hash(data).bytes
            case .sha384: return SHA384.hash(data).bytes
            case .sha512: return SHA512.hash(data).bytes
            }
        }

        /// The DER `DigestInfo` prefix (RFC 8017 section 9.2, note 1): SEQUENCE { AlgorithmIdentifier
        /// { OID, NULL }, OCTET STRING } up to the digest.
        var digestInfoPrefix: [UInt8] {
            switch self {
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

        public init(minimumKeyBits: Int = 2048, maximumKeyBits: Int = 4096) {
            self.minimumKeyBits = minimumKeyBits
            self.maximumKeyBits = maximumKeyBits
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
    }
}
