import CKBRSA
import SwiftASN1

/// A certificate revocation list (RFC 5280 §5), read strictly.
public struct CRL: Hashable, Sendable {
    public let derBytes: [UInt8]
    public let tbsBytes: [UInt8]
    public let signatureAlgorithm: SignatureAlgorithm
    public let signatureAlgorithmsMatch: Bool
    public let issuer: DistinguishedName
    public let thisUpdate: X509Time
    public let nextUpdate: X509Time?
    /// Revoked serial numbers (content octets, as in ``Certificate/serialNumber``).
    public let revokedSerialNumbers: [[UInt8]]
    /// The CRL number, when the CRLNumber extension is there (RFC 5280 §5.2.3 makes it required).
    public let crlNumber: [UInt8]?
    /// Critical CRL extensions this package does not process (issuingDistributionPoint,
    /// deltaCRLIndicator, ...): a CRL with any is not used.
    public let unhandledCritical: [ASN1ObjectIdentifier]
    public let signature: [UInt8]

    public static func == (a: CRL, b: CRL) -> Bool { a.derBytes == b.derBytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(derBytes) }

    static let crlNumberOID: ASN1ObjectIdentifier = [2, 5, 29, 20]
    static let authorityKeyIdentifierOID: ASN1ObjectIdentifier = [2, 5, 29, 35]

    public init(derEncoded bytes: [UInt8]) throws(X509Error) {
        do {
            try self.init(node: try decode("CertificateList") { try DER.parse(bytes) }, bytes: bytes)
        } catch let error as X509Error {
            throw error
        } catch {
            throw X509Error(.encoding, "CertificateList: \(error)")
        }
    }

    init(node: ASN1Node, bytes: [UInt8]) throws {
        derBytes = bytes
        var outer = try DERReader(node, "CertificateList")
        let tbs = try outer.next("tbsCertList")
        let outerAlgorithm = try outer.next("signatureAlgorithm")
        let bits = try decode("CertificateList.signatureValue") { try ASN1BitString(derEncoded: try outer.next("signatureValue")) }
        try outer.end()
        signature = Array(bits.bytes)
        signatureAlgorithm = try SignatureAlgorithm.parse(outerAlgorithm, "CertificateList.signatureAlgorithm")
        tbsBytes = Array(tbs.encodedBytes)
        let p = "CertificateList.tbsCertList"
        var r = try DERReader(tbs, p)
        if let v = r.optional(.integer) {
            let value = try decode("\(p).version") { try Int64(derEncoded: v) }
            guard value == 1 else { throw X509Error(.unsupported, "\(p).version: \(value) is not v2") }
        }
        let inner = try r.next("signature")
        signatureAlgorithmsMatch = inner.encodedBytes.elementsEqual(outerAlgorithm.encodedBytes)
        issuer = try DistinguishedName(try r.next("issuer"), "\(p).issuer")
        thisUpdate = try X509Time.parse(try r.next("thisUpdate"), "\(p).thisUpdate")
        var next: X509Time?
        if let n = r.optional(.utcTime) ?? r.optional(.generalizedTime) { next = try X509Time.parse(n, "\(p).nextUpdate") }
        nextUpdate = next
        var revoked: [[UInt8]] = []
        if let list = r.optional(.sequence) {
            var entries = try DERReader(list, "\(p).revokedCertificates")
            for (i, entry) in entries.rest().enumerated() {
                var e = try DERReader(entry, "\(p).revokedCertificates[\(i)]")
                let serial = try e.next("userCertificate")
                revoked.append(Array(try primitive(serial, .integer, "\(p).revokedCertificates[\(i)].userCertificate")))
                _ = try X509Time.parse(try e.next("revocationDate"), "\(p).revokedCertificates[\(i)].revocationDate")
                if let extensions = e.optional(.sequence) {
                    let parsed = try Extensions(extensions, "\(p).revokedCertificates[\(i)].crlEntryExtensions")
                    guard parsed.unhandledCritical.isEmpty else {
                        throw X509Error(.unsupported, "\(p).revokedCertificates[\(i)]: critical entry extension \(parsed.unhandledCritical[0])")
                    }
                }
                try e.end()
            }
        }
        revokedSerialNumbers = revoked
        var number: [UInt8]?
        var unhandled: [ASN1ObjectIdentifier] = []
        if let e = r.optional(.context(0)) {
            var wrapper = try DERReader(e, "\(p).crlExtensions", identifier: .context(0))
            let parsed = try Extensions(try wrapper.next("Extensions"), "\(p).crlExtensions")
            try wrapper.end()
            for ext in parsed.all {
                switch ext.oid {
                case Self.crlNumberOID:
                    let n = try decode("\(p).crlNumber") { try DER.parse(ext.value) }
                    number = Array(try primitive(n, .integer, "\(p).crlNumber"))
                case Self.authorityKeyIdentifierOID:
                    break
                default:
                    if ext.critical { unhandled.append(ext.oid) }
                }
            }
        }
        crlNumber = number
        unhandledCritical = unhandled
        try r.end()
    }

    /// Every `X509 CRL` in PEM text, or the one CRL of DER bytes.
    public static func load(_ bytes: [UInt8]) throws(X509Error) -> [CRL] {
        if bytes.first == 0x30 { return [try CRL(derEncoded: bytes)] }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw X509Error(.pem, "not DER and not PEM: \(error)")
        }
        let crls = try documents.filter { $0.discriminator == "X509 CRL" }.map { (d) throws(X509Error) in try CRL(derEncoded: d.derBytes) }
        guard !crls.isEmpty else { throw X509Error(.pem, "no X509 CRL block") }
        return crls
    }
}
