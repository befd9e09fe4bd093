import SwiftASN1

/// A GeneralName (RFC 5280 §4.2.1.6). The forms this package matches on are decoded; the rest
/// are kept so that constraints on them can be refused.
public enum GeneralName: Hashable, Sendable, CustomStringConvertible {
    case otherName([UInt8])
    case email(String)
    case dns(String)
    case x400Address([UInt8])
    case directoryName(DistinguishedName)
    case ediPartyName([UInt8])
    case uri(String)
    /// 4 or 16 bytes in a certificate; address and mask (8 or 32 bytes) in a name constraint.
    case ipAddress([UInt8])
    case registeredID(ASN1ObjectIdentifier)

    public var description: String {
        switch self {
        case .otherName: return "otherName"
        case .email(let v): return "email:\(v)"
        case .dns(let v): return "DNS:\(v)"
        case .x400Address: return "x400Address"
        case .directoryName(let n): return "DirName:\(n)"
        case .ediPartyName: return "ediPartyName"
        case .uri(let v): return "URI:\(v)"
        case .ipAddress(let b): return "IP:\(IPAddress.text(b))"
        case .registeredID(let oid): return "RID:\(oid)"
        }
    }

    /// The kind, for matching constraints to names of the same kind.
    var kind: Int {
        switch self {
        case .otherName: return 0
        case .email: return 1
        case .dns: return 2
        case .x400Address: return 3
        case .directoryName: return 4
        case .ediPartyName: return 5
        case .uri: return 6
        case .ipAddress: return 7
        case .registeredID: return 8
        }
    }

    static func parse(_ node: ASN1Node, _ path: String) throws -> GeneralName {
        guard node.identifier.tagClass == .contextSpecific else {
            throw X509Error(.encoding, "\(path): a GeneralName must be context tagged")
        }
        func ia5(_ what: String) throws -> String {
            guard case .primitive(let bytes) = node.content else { throw X509Error(.encoding, "\(path): \(what) must be primitive") }
            guard bytes.allSatisfy({ $0 < 0x80 }) else { throw X509Error(.encoding, "\(path): \(what) is not IA5 text") }
            return String(decoding: bytes, as: UTF8.self)
        }
        switch node.identifier.tagNumber {
        case 0:
            guard case .constructed = node.content else { throw X509Error(.encoding, "\(path): otherName must be constructed") }
            return .otherName(Array(node.encodedBytes))
        case 1: return .email(try ia5("rfc822Name"))
        case 2: return .dns(try ia5("dNSName"))
        case 3: return .x400Address(Array(node.encodedBytes))
        case 4:
            var reader = try DERReader(node, path, identifier: node.identifier)
            let name = try DistinguishedName(try reader.next("directoryName"), "\(path).directoryName")
            try reader.end()
            return .directoryName(name)
        case 5: return .ediPartyName(Array(node.encodedBytes))
        case 6: return .uri(try ia5("uniformResourceIdentifier"))
        case 7:
            guard case .primitive(let bytes) = node.content else { throw X509Error(.encoding, "\(path): iPAddress must be primitive") }
            return .ipAddress(Array(bytes))
        case 8:
            guard case .primitive(let bytes) = node.content else { throw X509Error(.encoding, "\(path): registeredID must be primitive") }
            let oid = try decode(path) {
                try ASN1ObjectIdentifier(derEncoded: try DER.parse([0x06, UInt8(bytes.count)] + bytes))
            }
            return .registeredID(oid)
        default:
            throw X509Error(.encoding, "\(path): GeneralName tag [\(node.identifier.tagNumber)] does not exist")
        }
    }

    static func parseList(_ node: ASN1Node, _ path: String, identifier: ASN1Identifier = .sequence) throws -> [GeneralName] {
        var reader = try DERReader(node, path, identifier: identifier)
        let names = try reader.rest().enumerated().map { try parse($1, "\(path)[\($0)]") }
        guard !names.isEmpty else { throw X509Error(.encoding, "\(path): GeneralNames must not be empty") }
        return names
    }
}

/// One extension as it appears in the certificate.
public struct Extension: Hashable, Sendable {
    public let oid: ASN1ObjectIdentifier
    public let critical: Bool
    /// The content of extnValue (the extension's own DER).
    public let value: [UInt8]
}

/// The extensions this package understands, decoded. An extension not listed here that is
/// marked critical makes the certificate unusable (RFC 5280 §4.2).
public struct Extensions: Sendable {
    public struct BasicConstraints: Hashable, Sendable {
        public let isCA: Bool
        public let pathLength: Int?
        public let critical: Bool
    }

    public struct KeyUsage: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let digitalSignature = KeyUsage(rawValue: 1 << 0)
        public static let nonRepudiation = KeyUsage(rawValue: 1 << 1)
        public static let keyEncipherment = KeyUsage(rawValue: 1 << 2)
        public static let dataEncipherment = KeyUsage(rawValue: 1 << 3)
        public static let keyAgreement = KeyUsage(rawValue: 1 << 4)
        public static let keyCertSign = KeyUsage(rawValue: 1 << 5)
        public static let cRLSign = KeyUsage(rawValue: 1 << 6)
        public static let encipherOnly = KeyUsage(rawValue: 1 << 7)
        public static let decipherOnly = KeyUsage(rawValue: 1 << 8)

        static let names: [(KeyUsage, String)] = [
            (.digitalSignature, "digitalSignature"), (.nonRepudiation, "contentCommitment"),
            (.keyEncipherment, "keyEncipherment"), (.dataEncipherment, "dataEncipherment"),
            (.keyAgreement, "keyAgreement"), (.keyCertSign, "keyCertSign"), (.cRLSign, "cRLSign"),
            (.encipherOnly, "encipherOnly"), (.decipherOnly, "decipherOnly"),
        ]

        public init?(name: String) {
            guard let usage = Self.names.first(where: { $0.1 == name })?.0 else { return nil }
            self = usage
        }

        public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }
    }

    public struct NameConstraints: Hashable, Sendable {
        public let permitted: [GeneralName]?
        public let excluded: [GeneralName]?
    }

    public struct AuthorityKeyIdentifier: Hashable, Sendable {
        public let keyIdentifier: [UInt8]?
        public let authorityCertIssuer: [GeneralName]?
        public let authorityCertSerialNumber: [UInt8]?
        public let critical: Bool
    }

    public static let serverAuth: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 3, 1]
    public static let clientAuth: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 3, 2]
    public static let anyExtendedKeyUsage: ASN1ObjectIdentifier = [2, 5, 29, 37, 0]

    static let basicConstraintsOID: ASN1ObjectIdentifier = [2, 5, 29, 19]
    static let keyUsageOID: ASN1ObjectIdentifier = [2, 5, 29, 15]
    static let extKeyUsageOID: ASN1ObjectIdentifier = [2, 5, 29, 37]
    static let subjectAltNameOID: ASN1ObjectIdentifier = [2, 5, 29, 17]
    static let issuerAltNameOID: ASN1ObjectIdentifier = [2, 5, 29, 18]
    static let nameConstraintsOID: ASN1ObjectIdentifier = [2, 5, 29, 30]
    static let authorityKeyIdentifierOID: ASN1ObjectIdentifier = [2, 5, 29, 35]
    static let subjectKeyIdentifierOID: ASN1ObjectIdentifier = [2, 5, 29, 14]
    static let certificatePoliciesOID: ASN1ObjectIdentifier = [2, 5, 29, 32]
    static let crlDistributionPointsOID: ASN1ObjectIdentifier = [2, 5, 29, 31]
    static let authorityInfoAccessOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 1, 1]

    /// Every extension, in order.
    public let all: [Extension]
    public let basicConstraints: BasicConstraints?
    public let keyUsage: KeyUsage?
    public let extendedKeyUsage: [ASN1ObjectIdentifier]?
    public let subjectAltNames: [GeneralName]?
    /// Each subjectAltName entry's own DER (tag, length, value), in order.
    public let subjectAltNameEncodings: [[UInt8]]
    public let subjectAltNameCritical: Bool
    public let nameConstraints: NameConstraints?
    public let nameConstraintsCritical: Bool
    public let authorityKeyIdentifier: AuthorityKeyIdentifier?
    public let subjectKeyIdentifier: [UInt8]?
    public let subjectKeyIdentifierCritical: Bool
    /// The policy OIDs of certificatePolicies (parsed, not processed).
    public let certificatePolicies: [ASN1ObjectIdentifier]?
    /// Whether authorityInfoAccess is present and marked critical (RFC 5280 says it MUST NOT be).
    public let authorityInfoAccessCritical: Bool
    /// Critical extensions this package does not understand.
    public let unhandledCritical: [ASN1ObjectIdentifier]

    static let none = Extensions()

    private init() {
        all = []
        basicConstraints = nil
        keyUsage = nil
        extendedKeyUsage = nil
        subjectAltNames = nil
        subjectAltNameEncodings = []
        subjectAltNameCritical = false
        nameConstraints = nil
        nameConstraintsCritical = false
        authorityKeyIdentifier = nil
        subjectKeyIdentifier = nil
        subjectKeyIdentifierCritical = false
        certificatePolicies = nil
        authorityInfoAccessCritical = false
        unhandledCritical = []
    }

    /// Reads `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` strictly: unique OIDs, the
    /// critical flag DER-encoded (absent when false), each known extension's value well formed.
    init(_ node: ASN1Node, _ path: String) throws {
        var reader = try DERReader(node, path)
        var list: [Extension] = []
        for (i, extensionNode) in reader.rest().enumerated() {
            let p = "\(path)[\(i)]"
            var fields = try DERReader(extensionNode, p)
            let oid = try decode(p) { try ASN1ObjectIdentifier(derEncoded: try fields.next("extnID")) }
            var critical = false
            if let flag = fields.optional(.boolean) {
                critical = try decode(p) { try Bool(derEncoded: flag) }
                guard critical else { throw X509Error(.encoding, "\(p): critical FALSE must be omitted in DER") }
            }
            let value = try decode(p) { try ASN1OctetString(derEncoded: try fields.next("extnValue")) }
            try fields.end()
            guard !list.contains(where: { $0.oid == oid }) else { throw X509Error(.encoding, "\(p): extension \(oid) appears twice") }
            list.append(Extension(oid: oid, critical: critical, value: Array(value.bytes)))
        }
        guard !list.isEmpty else { throw X509Error(.encoding, "\(path): Extensions must not be empty") }
        all = list

        var basicConstraints: BasicConstraints?
        var keyUsage: KeyUsage?
        var eku: [ASN1ObjectIdentifier]?
        var san: [GeneralName]?, sanCritical = false, sanEncodings: [[UInt8]] = []
        var nc: NameConstraints?, ncCritical = false
        var aki: AuthorityKeyIdentifier?
        var ski: [UInt8]?, skiCritical = false
        var policies: [ASN1ObjectIdentifier]?
        var aiaCritical = false
        var unhandled: [ASN1ObjectIdentifier] = []
        for (i, e) in list.enumerated() {
            let p = "\(path)[\(i)]"
            let root = try decode(p) { try DER.parse(e.value) }
            switch e.oid {
            case Self.basicConstraintsOID:
                var r = try DERReader(root, "\(p).basicConstraints")
                var isCA = false
                if let flag = r.optional(.boolean) {
                    isCA = try decode(p) { try Bool(derEncoded: flag) }
                    guard isCA else { throw X509Error(.encoding, "\(p).basicConstraints: cA FALSE must be omitted in DER") }
                }
                var pathLength: Int?
                if let n = r.optional(.integer) {
                    let value = try decode(p) { try Int64(derEncoded: n) }
                    guard value >= 0, value <= Int64(Int32.max) else { throw X509Error(.encoding, "\(p).basicConstraints: pathLenConstraint \(value) out of range") }
                    pathLength = Int(value)
                }
                try r.end()
                basicConstraints = BasicConstraints(isCA: isCA, pathLength: pathLength, critical: e.critical)
            case Self.keyUsageOID:
                let bits = try decode(p) { try ASN1BitString(derEncoded: root) }
                let bytes = Array(bits.bytes)
                guard bytes.count <= 2 else { throw X509Error(.encoding, "\(p).keyUsage: more bits than KeyUsage has") }
                var value: UInt16 = 0
                for (k, byte) in bytes.enumerated() {
                    for bit in 0..<8 where byte & (0x80 >> bit) != 0 { value |= 1 << (k * 8 + bit) }
                }
                guard value != 0 else { throw X509Error(.encoding, "\(p).keyUsage: no bit is set") }
                guard value & ~0x1FF == 0 else { throw X509Error(.encoding, "\(p).keyUsage: an undefined bit is set") }
                keyUsage = KeyUsage(rawValue: value)
            case Self.extKeyUsageOID:
                var r = try DERReader(root, "\(p).extKeyUsage")
                let oids = try r.rest().map { n in try decode(p) { try ASN1ObjectIdentifier(derEncoded: n) } }
                guard !oids.isEmpty else { throw X509Error(.encoding, "\(p).extKeyUsage: must not be empty") }
                eku = oids
            case Self.subjectAltNameOID:
                san = try GeneralName.parseList(root, "\(p).subjectAltName")
                var entries = try DERReader(root, "\(p).subjectAltName")
                sanEncodings = entries.rest().map { Array($0.encodedBytes) }
                sanCritical = e.critical
            case Self.nameConstraintsOID:
                var r = try DERReader(root, "\(p).nameConstraints")
                func subtrees(_ tag: UInt) throws -> [GeneralName]? {
                    guard let node = r.optional(.context(tag)) else { return nil }
                    var trees = try DERReader(node, "\(p).nameConstraints[\(tag)]", identifier: .context(tag))
                    var bases: [GeneralName] = []
                    for (k, subtree) in trees.rest().enumerated() {
                        let sp = "\(p).nameConstraints[\(tag)][\(k)]"
                        var s = try DERReader(subtree, sp)
                        bases.append(try GeneralName.parse(try s.next("base"), "\(sp).base"))
                        // minimum MUST be zero (DEFAULT, so absent) and maximum absent (RFC 5280).
                        guard s.isAtEnd else { throw X509Error(.encoding, "\(sp): minimum and maximum must be absent") }
                    }
                    guard !bases.isEmpty else { throw X509Error(.encoding, "\(p).nameConstraints[\(tag)]: empty subtrees") }
                    return bases
                }
                let permitted = try subtrees(0)
                let excluded = try subtrees(1)
                try r.end()
                guard permitted != nil || excluded != nil else { throw X509Error(.encoding, "\(p).nameConstraints: empty") }
                nc = NameConstraints(permitted: permitted, excluded: excluded)
                ncCritical = e.critical
            case Self.authorityKeyIdentifierOID:
                var r = try DERReader(root, "\(p).authorityKeyIdentifier")
                let keyID = try r.optional(.context(0)).map { Array(try primitive($0, .context(0), p)) }
                let issuer = try r.optional(.context(1)).map { try GeneralName.parseList($0, "\(p).authorityCertIssuer", identifier: .context(1)) }
                let serial = try r.optional(.context(2)).map { Array(try primitive($0, .context(2), p)) }
                try r.end()
                guard (issuer == nil) == (serial == nil) else {
                    throw X509Error(.encoding, "\(p).authorityKeyIdentifier: authorityCertIssuer and authorityCertSerialNumber go together")
                }
                aki = AuthorityKeyIdentifier(keyIdentifier: keyID, authorityCertIssuer: issuer, authorityCertSerialNumber: serial, critical: e.critical)
            case Self.subjectKeyIdentifierOID:
                ski = Array(try decode(p) { try ASN1OctetString(derEncoded: root) }.bytes)
                skiCritical = e.critical
            case Self.certificatePoliciesOID:
                var r = try DERReader(root, "\(p).certificatePolicies")
                var oids: [ASN1ObjectIdentifier] = []
                for (k, info) in r.rest().enumerated() {
                    var f = try DERReader(info, "\(p).certificatePolicies[\(k)]")
                    let oid = try decode(p) { try ASN1ObjectIdentifier(derEncoded: try f.next("policyIdentifier")) }
                    guard !oids.contains(oid) else { throw X509Error(.encoding, "\(p).certificatePolicies: policy \(oid) appears twice") }
                    oids.append(oid)
                }
                guard !oids.isEmpty else { throw X509Error(.encoding, "\(p).certificatePolicies: empty") }
                policies = oids
                if e.critical { unhandled.append(e.oid) }  // policies are parsed, not processed
            case Self.authorityInfoAccessOID:
                var r = try DERReader(root, "\(p).authorityInfoAccess")
                for (k, description) in r.rest().enumerated() {
                    var f = try DERReader(description, "\(p).authorityInfoAccess[\(k)]")
                    _ = try decode(p) { try ASN1ObjectIdentifier(derEncoded: try f.next("accessMethod")) }
                    _ = try GeneralName.parse(try f.next("accessLocation"), "\(p).authorityInfoAccess[\(k)].accessLocation")
                    try f.end()
                }
                aiaCritical = e.critical
            case Self.crlDistributionPointsOID, Self.issuerAltNameOID:
                guard root.identifier == .sequence else { throw X509Error(.encoding, "\(p): expected a SEQUENCE") }
                if e.critical { unhandled.append(e.oid) }
            default:
                if e.critical { unhandled.append(e.oid) }
            }
        }
        self.basicConstraints = basicConstraints
        self.keyUsage = keyUsage
        extendedKeyUsage = eku
        subjectAltNames = san
        subjectAltNameEncodings = sanEncodings
        subjectAltNameCritical = sanCritical
        nameConstraints = nc
        nameConstraintsCritical = ncCritical
        authorityKeyIdentifier = aki
        subjectKeyIdentifier = ski
        subjectKeyIdentifierCritical = skiCritical
        certificatePolicies = policies
        authorityInfoAccessCritical = aiaCritical
        unhandledCritical = unhandled
    }
}
