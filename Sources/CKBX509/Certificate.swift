import CKBHash
import CKBRSA
import SwiftASN1

/// How a certificate or CRL is signed.
public enum SignatureAlgorithm: Equatable, Sendable, CustomStringConvertible {
    /// sha{1,256,384,512}WithRSAEncryption (RFC 4055 §5); SHA-1 only under a policy that allows it.
    case rsaPKCS1v15(RSA.Hash)
    /// RSASSA-PSS with its parameters (RFC 4055 §3.1).
    case rsaPSS(RSA.Padding)
    /// md5WithRSAEncryption: recognised so that it can be refused by name.
    case md5WithRSA
    /// Anything else (ECDSA, Ed25519, ...): parsed, never verified here.
    case unsupported(ASN1ObjectIdentifier)

    public var description: String {
        switch self {
        case .rsaPKCS1v15(let hash): return "\(hash)WithRSAEncryption"
        case .rsaPSS(let padding):
            if case .pss(let hash, let mgf, let salt) = padding { return "RSASSA-PSS(\(hash), MGF1-\(mgf), salt \(salt.map(String.init) ?? "any"))" }
            return "RSASSA-PSS"
        case .md5WithRSA: return "md5WithRSAEncryption"
        case .unsupported(let oid): return "unsupported algorithm \(oid)"
        }
    }

    var usesSHA1: Bool {
        switch self {
        case .rsaPKCS1v15(let hash): return hash == .insecureSHA1
        case .rsaPSS(let padding): return padding.usesInsecureSHA1
        default: return false
        }
    }

    static let pkcs1: [ASN1ObjectIdentifier: RSA.Hash] = [
        [1, 2, 840, 113_549, 1, 1, 5]: .insecureSHA1, [1, 2, 840, 113_549, 1, 1, 11]: .sha256,
        [1, 2, 840, 113_549, 1, 1, 12]: .sha384, [1, 2, 840, 113_549, 1, 1, 13]: .sha512,
    ]

    /// Reads an AlgorithmIdentifier used for a signature.
    static func parse(_ node: ASN1Node, _ path: String) throws -> SignatureAlgorithm {
        var r = try DERReader(node, path)
        let oid = try decode(path) { try ASN1ObjectIdentifier(derEncoded: try r.next("algorithm")) }
        let parameters = r.rest()
        guard parameters.count <= 1 else { throw X509Error(.encoding, "\(path): more than one parameter") }
        if let hash = pkcs1[oid] {
            // RFC 4055 §5: NULL, and absent parameters are accepted too.
            if let p = parameters.first { guard p.identifier == .null, p.encodedBytes.count == 2 else { throw X509Error(.encoding, "\(path): \(oid) parameters must be NULL") } }
            return .rsaPKCS1v15(hash)
        }
        switch oid {
        case [1, 2, 840, 113_549, 1, 1, 4]:
            return .md5WithRSA
        case [1, 2, 840, 113_549, 1, 1, 10]:
            guard let p = parameters.first else { throw X509Error(.encoding, "\(path): RSASSA-PSS needs its parameters (RFC 4055 3.1)") }
            let padding = try decode("\(path).parameters") { try KeyEncoding.pssParameters(p) }
            guard let padding else { throw X509Error(.encoding, "\(path): RSASSA-PSS needs its parameters") }
            return .rsaPSS(padding)
        default:
            return .unsupported(oid)
        }
    }
}

/// A subject public key.
public enum SubjectPublicKey: Sendable {
    /// An RSA key (rsaEncryption or id-RSASSA-PSS), with its size.
    case rsa(RSA.PublicKey)
    /// An RSA key CKBRSA refuses (even modulus, exponent out of range, ...), with the reason.
    case invalidRSA(String)
    /// Another algorithm, by its OID.
    case unsupported(ASN1ObjectIdentifier)

    public var rsa: RSA.PublicKey? {
        if case .rsa(let key) = self { return key }
        return nil
    }

    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 1]
    static let rsassaPSS: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 10]

    static func parse(_ node: ASN1Node, _ path: String) throws -> SubjectPublicKey {
        var r = try DERReader(node, path)
        var algorithm = try DERReader(try r.next("algorithm"), "\(path).algorithm")
        let oid = try decode(path) { try ASN1ObjectIdentifier(derEncoded: try algorithm.next("algorithm")) }
        let bits = try decode("\(path).subjectPublicKey") { try ASN1BitString(derEncoded: try r.next("subjectPublicKey")) }
        try r.end()
        guard oid == rsaEncryption || oid == rsassaPSS else { return .unsupported(oid) }
        guard bits.paddingBits == 0 else { throw X509Error(.encoding, "\(path): subjectPublicKey has padding bits") }
        if oid == rsaEncryption {
            // AlgorithmIdentifier parameters: NULL, and nothing else.
            let parameters = algorithm.rest()
            guard parameters.count == 1, parameters[0].identifier == .null, parameters[0].encodedBytes.count == 2 else {
                throw X509Error(.encoding, "\(path): rsaEncryption parameters must be NULL")
            }
        }
        // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, exactly, both
        // positive and minimal.
        var key = try DERReader(try decode(path) { try DER.parse(bits.bytes) }, "\(path).RSAPublicKey")
        for field in ["modulus", "publicExponent"] {
            let node = try key.next(field)
            let v = try primitive(node, .integer, "\(path).RSAPublicKey.\(field)")
            _ = try decode(path) { try ArraySlice<UInt8>(derEncoded: node) }
            guard let first = v.first, first & 0x80 == 0, v.contains(where: { $0 != 0 }) else {
                throw X509Error(.encoding, "\(path).RSAPublicKey.\(field) must be positive")
            }
        }
        try key.end()
        // Parse under a wide policy: the validation policy decides on the size later.
        do {
            let key = try RSA.PublicKey(derRepresentation: node.encodedBytes,
                                        policy: RSA.Policy(minimumKeyBits: 256, maximumKeyBits: 16_384, allowingInsecureSHA1: true))
            return .rsa(key)
        } catch {
            if error.kind == .encoding { throw X509Error(.encoding, "\(path): \(error.detail)") }
            return .invalidRSA(error.detail)
        }
    }
}

/// An X.509 v1–v3 certificate (RFC 5280 §4.1), read strictly, with its DER kept.
public struct Certificate: Hashable, Sendable, CustomStringConvertible {
    /// The whole certificate.
    public let derBytes: [UInt8]
    /// What the signature covers.
    public let tbsBytes: [UInt8]
    /// 1, 2 or 3.
    public let version: Int
    /// The serial number's content octets (positive, at most 20 octets of value).
    public let serialNumber: [UInt8]
    public let signatureAlgorithm: SignatureAlgorithm
    public let issuer: DistinguishedName
    public let subject: DistinguishedName
    public let notBefore: X509Time
    public let notAfter: X509Time
    /// The SubjectPublicKeyInfo DER (what key pins hash).
    public let subjectPublicKeyInfoBytes: [UInt8]
    public let publicKey: SubjectPublicKey
    public let extensions: Extensions
    public let signature: [UInt8]
    /// Whether tbsCertificate.signature and signatureAlgorithm are the same DER.
    public let signatureAlgorithmsMatch: Bool

    public static func == (a: Certificate, b: Certificate) -> Bool { a.derBytes == b.derBytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(derBytes) }

    /// Issuer and subject are the same name (RFC 5280 "self-issued").
    public var isSelfIssued: Bool { issuer == subject }
    /// basicConstraints with cA TRUE.
    public var isCA: Bool { extensions.basicConstraints?.isCA ?? false }
    /// SHA-256 of the DER, for identifying certificates.
    public var fingerprint: [UInt8] { SHA256.hash(derBytes).bytes }

    public var description: String { "\(subject) (serial \(serialNumber.map { String($0, radix: 16) }.joined()))" }

    /// Reads one DER certificate.
    public init(derEncoded bytes: [UInt8]) throws(X509Error) {
        do {
            try self.init(node: try decode("Certificate") { try DER.parse(bytes) }, bytes: bytes)
        } catch let error as X509Error {
            throw error
        } catch {
            throw X509Error(.encoding, "Certificate: \(error)")
        }
    }

    init(node: ASN1Node, bytes: [UInt8]) throws {
        derBytes = bytes
        var outer = try DERReader(node, "Certificate")
        let tbs = try outer.next("tbsCertificate")
        let outerAlgorithm = try outer.next("signatureAlgorithm")
        let signatureBits = try decode("Certificate.signatureValue") { try ASN1BitString(derEncoded: try outer.next("signatureValue")) }
        try outer.end()
        guard signatureBits.paddingBits == 0 else { throw X509Error(.encoding, "Certificate.signatureValue has padding bits") }
        signature = Array(signatureBits.bytes)
        signatureAlgorithm = try SignatureAlgorithm.parse(outerAlgorithm, "Certificate.signatureAlgorithm")
        tbsBytes = Array(tbs.encodedBytes)

        let p = "Certificate.tbsCertificate"
        var r = try DERReader(tbs, p)
        var version = 1
        if let v = r.optional(.context(0)) {
            var inner = try DERReader(v, "\(p).version", identifier: .context(0))
            let value = try decode("\(p).version") { try Int64(derEncoded: try inner.next("version")) }
            try inner.end()
            guard value == 1 || value == 2 else {
                throw X509Error(value == 0 ? .encoding : .unsupported, value == 0 ? "\(p).version: v1 must be omitted in DER" : "\(p).version: \(value) is not v2 or v3")
            }
            version = Int(value) + 1
        }
        self.version = version
        let serialNode = try r.next("serialNumber")
        let serial = try primitive(serialNode, .integer, "\(p).serialNumber")
        _ = try decode("\(p).serialNumber") { try ArraySlice<UInt8>(derEncoded: serialNode) }  // minimal encoding
        guard let first = serial.first, first & 0x80 == 0 else { throw X509Error(.encoding, "\(p).serialNumber: must be positive") }
        guard serial.contains(where: { $0 != 0 }) else { throw X509Error(.encoding, "\(p).serialNumber: must be positive, not zero") }
        guard serial.count <= 20 || (serial.count == 21 && first == 0) else {
            throw X509Error(.encoding, "\(p).serialNumber: longer than 20 octets (RFC 5280 4.1.2.2)")
        }
        serialNumber = Array(serial)
        let innerAlgorithm = try r.next("signature")
        signatureAlgorithmsMatch = innerAlgorithm.encodedBytes.elementsEqual(outerAlgorithm.encodedBytes)
        issuer = try DistinguishedName(try r.next("issuer"), "\(p).issuer")
        var validity = try DERReader(try r.next("validity"), "\(p).validity")
        notBefore = try X509Time.parse(try validity.next("notBefore"), "\(p).validity.notBefore")
        notAfter = try X509Time.parse(try validity.next("notAfter"), "\(p).validity.notAfter")
        try validity.end()
        subject = try DistinguishedName(try r.next("subject"), "\(p).subject")
        let spki = try r.next("subjectPublicKeyInfo")
        subjectPublicKeyInfoBytes = Array(spki.encodedBytes)
        publicKey = try SubjectPublicKey.parse(spki, "\(p).subjectPublicKeyInfo")
        for tag: UInt in [1, 2] {
            if r.optional(ASN1Identifier(tagWithNumber: tag, tagClass: .contextSpecific)) != nil {
                guard version >= 2 else { throw X509Error(.encoding, "\(p): unique identifiers need v2 or v3") }
            }
        }
        if let e = r.optional(.context(3)) {
            guard version == 3 else { throw X509Error(.encoding, "\(p): extensions need v3") }
            var inner = try DERReader(e, "\(p).extensions", identifier: .context(3))
            extensions = try Extensions(try inner.next("Extensions"), "\(p).extensions")
            try inner.end()
        } else {
            extensions = .none
        }
        try r.end()
    }

    /// Every `CERTIFICATE` in PEM text (other blocks are skipped), or the one certificate of DER
    /// bytes.
    public static func load(_ bytes: [UInt8]) throws(X509Error) -> [Certificate] {
        if bytes.first == 0x30 { return [try Certificate(derEncoded: bytes)] }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw X509Error(.pem, "not DER and not PEM: \(error)")
        }
        var certificates: [Certificate] = []
        for (i, document) in documents.enumerated() where document.discriminator == "CERTIFICATE" {
            do {
                certificates.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw X509Error(error.kind, "PEM block \(i + 1): \(error.detail)")
            }
        }
        guard !certificates.isEmpty else { throw X509Error(.pem, "no CERTIFICATE block") }
        return certificates
    }

    /// Whether `issuer`'s key signed this certificate (variable time). The policy's algorithm
    /// rules are the caller's; this only checks the mathematics.
    public func isSignedVariableTime(by issuerKey: RSA.PublicKey) -> Bool {
        Self.verifyVariableTime(signature, over: tbsBytes, algorithm: signatureAlgorithm, key: issuerKey)
    }

    static func verifyVariableTime(_ signature: [UInt8], over message: [UInt8], algorithm: SignatureAlgorithm, key: RSA.PublicKey) -> Bool {
        switch algorithm {
        case .rsaPKCS1v15(let hash): return key.isValidSignature(signature, message: message, padding: .pkcs1v15(hash))
        case .rsaPSS(let padding): return key.isValidSignature(signature, message: message, padding: padding)
        case .md5WithRSA, .unsupported: return false
        }
    }
}
