import SwiftASN1

/// An X.501 distinguished name, kept as its DER: names are compared byte for byte, as
/// RFC 5280 §7.1 allows and as strict validators do.
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// One attribute of a relative distinguished name.
    public struct Attribute: Hashable, Sendable {
        public let type: ASN1ObjectIdentifier
        /// The value's ASN.1 tag (UTF8String, PrintableString, ...) and content bytes.
        public let valueTag: ASN1Identifier
        public let value: [UInt8]
    }

    /// The encoded `Name` (a SEQUENCE of RDNs).
    public let derBytes: [UInt8]
    /// The RDNs in order, each a set of attributes, with each RDN's own DER for prefix matching.
    public let rdns: [[Attribute]]
    let rdnDER: [[UInt8]]

    static let commonName: ASN1ObjectIdentifier = [2, 5, 4, 3]
    static let emailAddress: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 1]

    public var isEmpty: Bool { rdns.isEmpty }

    /// The values of the commonName attributes, as text where they are text.
    public var commonNames: [String] { rdns.flatMap { $0 }.filter { $0.type == Self.commonName }.map { String(decoding: $0.value, as: UTF8.self) } }

    /// The values of the (deprecated) emailAddress attributes.
    var emailAddresses: [[UInt8]] { rdns.flatMap { $0 }.filter { $0.type == Self.emailAddress }.map(\.value) }

    /// Whether `prefix`'s RDNs are the first RDNs of this name (RFC 5280 §4.2.1.10 directoryName).
    func hasPrefix(_ prefix: DistinguishedName) -> Bool {
        prefix.rdnDER.count <= rdnDER.count && zip(prefix.rdnDER, rdnDER).allSatisfy { $0 == $1 }
    }

    static let abbreviations: [ASN1ObjectIdentifier: String] = [
        [2, 5, 4, 3]: "CN", [2, 5, 4, 6]: "C", [2, 5, 4, 7]: "L", [2, 5, 4, 8]: "ST", [2, 5, 4, 10]: "O",
        [2, 5, 4, 11]: "OU", [2, 5, 4, 5]: "serialNumber", [0, 9, 2342, 19_200_300, 100, 1, 25]: "DC",
        [1, 2, 840, 113_549, 1, 9, 1]: "emailAddress",
    ]

    /// `CN=..., O=..., C=...` in the certificate's order.
    public var description: String {
        rdns.map { rdn in
            rdn.map { a in "\(Self.abbreviations[a.type] ?? a.type.description)=\(String(decoding: a.value, as: UTF8.self))" }
                .joined(separator: "+")
        }.joined(separator: ", ")
    }

    static let stringTags: Set<ASN1Identifier> = [
        .utf8String, .printableString, .teletexString, .universalString, .bmpString, .ia5String, .numericString,
        .visibleString,
    ]

    /// Reads a `Name` strictly: each RDN a non-empty SET of `{ type, value }`.
    init(_ node: ASN1Node, _ path: String) throws {
        derBytes = Array(node.encodedBytes)
        var reader = try DERReader(node, path)
        var rdns: [[Attribute]] = []
        var rdnDER: [[UInt8]] = []
        for (i, rdnNode) in reader.rest().enumerated() {
            let rdnPath = "\(path).rdn[\(i)]"
            var set = try DERReader(rdnNode, rdnPath, identifier: .set)
            var attributes: [Attribute] = []
            for (j, attribute) in set.rest().enumerated() {
                let attributePath = "\(rdnPath)[\(j)]"
                var fields = try DERReader(attribute, attributePath)
                let type = try decode(attributePath) { try ASN1ObjectIdentifier(derEncoded: try fields.next("type")) }
                let value = try fields.next("value")
                try fields.end()
                let bytes: [UInt8]
                switch value.content {
                case .primitive(let content):
                    if Self.stringTags.contains(value.identifier) {
                        bytes = Array(content)
                    } else {
                        bytes = Array(value.encodedBytes)
                    }
                case .constructed:
                    bytes = Array(value.encodedBytes)
                }
                attributes.append(Attribute(type: type, valueTag: value.identifier, value: bytes))
            }
            guard !attributes.isEmpty else { throw X509Error(.encoding, "\(rdnPath): an empty RDN") }
            rdns.append(attributes)
            rdnDER.append(Array(rdnNode.encodedBytes))
        }
        self.rdns = rdns
        self.rdnDER = rdnDER
    }

    /// Reads a DER `Name`.
    public init(derEncoded bytes: [UInt8]) throws(X509Error) {
        do {
            try self.init(try decode("Name") { try DER.parse(bytes) }, "Name")
        } catch let error as X509Error {
            throw error
        } catch {
            throw X509Error(.encoding, "Name: \(error)")
        }
    }

    public static func == (a: DistinguishedName, b: DistinguishedName) -> Bool { a.derBytes == b.derBytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(derBytes) }
}
