// SubjectPublicKeyInfo for Ed25519 keys (RFC 8410 sections 3 and 4, RFC 5280 section 4.1).

import SwiftASN1

enum KeyEncoding {
    /// id-Ed25519.
    static let ed25519: ASN1ObjectIdentifier = [1, 3, 101, 112]

    /// DER of SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits, then the 32
    /// key bytes) } up to the key.
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The 32 key bytes of a DER SubjectPublicKeyInfo:
    ///
    ///     SubjectPublicKeyInfo ::= SEQUENCE {
    ///         algorithm         AlgorithmIdentifier,   -- { id-Ed25519 }, parameters absent
    ///         subjectPublicKey  BIT STRING }           -- the 32-byte key, no unused bits
    static func parse(_ der: [UInt8]) throws(Ed25519Error) -> [UInt8] {
        do {
            let root = try DER.parse(der)
            return try DER.sequence(root, identifier: .sequence) { nodes in
                guard let algorithm = nodes.next() else {
                    throw Ed25519Error(.encoding, "SubjectPublicKeyInfo has no algorithm")
                }
                try DER.sequence(algorithm, identifier: .sequence) { fields in
                    guard let oidNode = fields.next() else {
                        throw Ed25519Error(.encoding, "AlgorithmIdentifier has no OID")
                    }
                    let oid = try ASN1ObjectIdentifier(derEncoded: oidNode)
                    guard oid == ed25519 else {
                        throw Ed25519Error(.unsupportedAlgorithm, "SubjectPublicKeyInfo algorithm \(oid) is not Ed25519 (1.3.101.112)")
                    }
                    guard fields.next() == nil else {
                        throw Ed25519Error(.unsupportedAlgorithm, "Ed25519 AlgorithmIdentifier has parameters (RFC 8410 section 3: they must be absent)")
                    }
                }
                guard let keyNode = nodes.next() else {
                    throw Ed25519Error(.encoding, "SubjectPublicKeyInfo has no subjectPublicKey")
                }
                let bits = try ASN1BitString(derEncoded: keyNode)
                guard bits.paddingBits == 0 else {
                    throw Ed25519Error(.encoding, "subjectPublicKey has \(bits.paddingBits) unused bits")
                }
                guard bits.bytes.count == 32 else {
                    throw Ed25519Error(.invalidLength, "subjectPublicKey is \(bits.bytes.count) bytes, expected 32")
                }
                return Array(bits.bytes)
            }
        } catch let error as Ed25519Error {
            throw error
        } catch {
            throw Ed25519Error(.encoding, "not a DER SubjectPublicKeyInfo: \(error)")
        }
    }

    /// The DER inside a PEM `PUBLIC KEY` block.
    static func parsePEM(_ text: String) throws(Ed25519Error) -> [UInt8] {
        let document: PEMDocument
        do {
            document = try PEMDocument(pemString: text)
        } catch {
            throw Ed25519Error(.encoding, "not a PEM document: \(error)")
        }
        guard document.discriminator == "PUBLIC KEY" else {
            throw Ed25519Error(.encoding, "PEM type \"\(document.discriminator)\" is not PUBLIC KEY")
        }
        return document.derBytes
    }

    static func pem(_ der: [UInt8]) -> String {
        PEMDocument(type: "PUBLIC KEY", derBytes: der).pemString
    }
}
