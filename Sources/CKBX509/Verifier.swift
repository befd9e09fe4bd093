import CKBRSA
import SwiftASN1

/// A name the leaf certificate must carry (RFC 6125 reference identifiers).
public enum PeerName: Hashable, Sendable, CustomStringConvertible {
    case dns(String)
    case ipAddress([UInt8])
    case email(String)

    public var description: String {
        switch self {
        case .dns(let n): return "DNS:\(n)"
        case .ipAddress(let b): return "IP:\(IPAddress.text(b))"
        case .email(let e): return "email:\(e)"
        }
    }

    /// A DNS name, an IPv4/IPv6 address, or an email address, told apart by their form.
    public init?(parsing text: String) {
        if let ip = IPAddress.parse(text) {
            self = .ipAddress(ip)
        } else if text.contains("@") {
            self = .email(text)
        } else {
            self = .dns(text)
        }
    }
}

/// What a path must satisfy. Strict by default: RSA keys of 2048 to 4096 bits (whole bytes),
/// SHA-256/384/512 with PKCS#1 v1.5 or PSS, no SHA-1, no MD5, at most 8 intermediates.
public struct X509Policy: Sendable {
    /// The time every certificate (trust anchor included) must be valid at.
    public var time: X509Time
    public var minimumRSABits = 2048
    public var maximumRSABits = 4096
    /// Require the modulus length to be a whole number of bytes (CA/Browser Forum).
    public var requiresWholeByteModulus = true
    /// Accept sha1WithRSAEncryption and SHA-1 in PSS. Insecure; off by default.
    public var allowsInsecureSHA1 = false
    /// Purposes the leaf must be fit for (serverAuth, clientAuth, ...); empty for any.
    public var extendedKeyUsage: [ASN1ObjectIdentifier] = []
    /// Key usages the leaf must assert (when it has a keyUsage extension).
    public var requiredKeyUsage: Extensions.KeyUsage = []
    /// Names the leaf must match (all of them).
    public var peerNames: [PeerName] = []
    /// Intermediates that are not self-issued, at most.
    public var maximumIntermediates = 8
    /// Signature checks the path search may make before it gives up.
    public var maximumSignatureChecks = 200
    /// CRLs to check revocation against (each used for the certificates its issuer signed).
    public var crls: [CRL] = []

    public init(time: X509Time) { self.time = time }
}

/// Which rule a chain broke.
public enum X509Rule: String, Sendable {
    case noPath = "no path to a trust anchor"
    case expired = "validity"
    case signature = "signature"
    case algorithm = "signature algorithm"
    case key = "public key"
    case malformed = "certificate profile"
    case criticalExtension = "unknown critical extension"
    case basicConstraints = "basicConstraints"
    case pathLength = "pathLenConstraint"
    case keyUsage = "keyUsage"
    case extendedKeyUsage = "extKeyUsage"
    case nameConstraints = "nameConstraints"
    case peerName = "peer name"
    case depth = "path length budget"
    case budget = "signature budget"
    case revoked = "revoked"
    case crl = "CRL"
}

/// Why validation failed: the rule, the certificate it failed on, and details.
public struct X509Failure: Error, Sendable, CustomStringConvertible {
    public let rule: X509Rule
    public let certificate: Certificate?
    public let detail: String

    public var description: String {
        "\(rule.rawValue): \(detail)" + (certificate.map { " (certificate \($0.subject))" } ?? "")
    }
}

/// RFC 5280 §6 path validation for RSA identity chains: builds a path from a leaf through an
/// unordered pool of intermediates to a trust anchor, backtracking over candidates, within a
/// depth and a signature-check budget, and checks every rule on the way.
public struct X509Verifier: Sendable {
    public let trustAnchors: [Certificate]

    public init(trustAnchors: [Certificate]) { self.trustAnchors = trustAnchors }

    /// The validated path (leaf first, trust anchor last), or the rule that failed.
    public func verify(leaf: Certificate, intermediates: [Certificate], policy: X509Policy) -> Result<[Certificate], X509Failure> {
        var search = Search(anchors: trustAnchors, pool: intermediates, policy: policy)
        if let failure = search.checkLeaf(leaf) { return .failure(failure) }
        switch search.extend([leaf]) {
        case .success(let path):
            if let failure = search.checkRevocation(path) { return .failure(failure) }
            return .success(path)
        case .failure(let failure):
            return .failure(failure)
        }
    }
}

struct Search {
    let anchors: [Certificate]
    let pool: [Certificate]
    let policy: X509Policy
    var signatureChecks = 0

    init(anchors: [Certificate], pool: [Certificate], policy: X509Policy) {
        self.anchors = anchors
        self.pool = pool
        self.policy = policy
    }

    func fail(_ rule: X509Rule, _ certificate: Certificate?, _ detail: String) -> X509Failure {
        X509Failure(rule: rule, certificate: certificate, detail: detail)
    }

    // MARK: Every certificate

    func checkKey(_ c: Certificate) -> X509Failure? {
        switch c.publicKey {
        case .rsa(let key):
            guard key.bitCount >= policy.minimumRSABits, key.bitCount <= policy.maximumRSABits else {
                return fail(.key, c, "RSA key of \(key.bitCount) bits; the policy allows \(policy.minimumRSABits) to \(policy.maximumRSABits)")
            }
            if policy.requiresWholeByteModulus, key.bitCount % 8 != 0 {
                return fail(.key, c, "RSA modulus of \(key.bitCount) bits is not a whole number of bytes")
            }
            return nil
        case .invalidRSA(let reason): return fail(.key, c, "invalid RSA key: \(reason)")
        case .unsupported(let oid): return fail(.key, c, "public key algorithm \(oid) is not RSA")
        }
    }

    func checkAlgorithm(_ algorithm: SignatureAlgorithm, _ c: Certificate) -> X509Failure? {
        switch algorithm {
        case .md5WithRSA: return fail(.algorithm, c, "MD5 signatures are refused")
        case .unsupported(let oid): return fail(.algorithm, c, "signature algorithm \(oid) is not supported")
        default:
            if algorithm.usesSHA1, !policy.allowsInsecureSHA1 { return fail(.algorithm, c, "SHA-1 signatures are refused") }
            return nil
        }
    }

    /// Whether the CA/Browser Forum's rules for TLS server certificates apply (the policy asks
    /// for serverAuth): no critical extKeyUsage in the leaf, none at all in a root, and each
    /// commonName of the leaf a byte-for-byte copy of one of its subjectAltNames.
    var serverRules: Bool { policy.extendedKeyUsage.contains(Extensions.serverAuth) }

    /// The rules each certificate of a path obeys, whatever its place. A trust anchor is an
    /// input, not a certificate this path validates (RFC 5280 6.1.1 d): it is exempt from the
    /// authorityKeyIdentifier rule.
    func checkCommon(_ c: Certificate, isAnchor: Bool = false) -> X509Failure? {
        guard policy.time >= c.notBefore else { return fail(.expired, c, "not valid before \(c.notBefore)") }
        guard policy.time <= c.notAfter else { return fail(.expired, c, "expired at \(c.notAfter)") }
        guard c.signatureAlgorithmsMatch else { return fail(.malformed, c, "tbsCertificate.signature differs from signatureAlgorithm") }
        if let oid = c.extensions.unhandledCritical.first { return fail(.criticalExtension, c, "critical extension \(oid)") }
        let e = c.extensions
        if e.authorityInfoAccessCritical { return fail(.malformed, c, "authorityInfoAccess must not be critical") }
        if let aki = e.authorityKeyIdentifier {
            if aki.critical { return fail(.malformed, c, "authorityKeyIdentifier must not be critical") }
            if aki.authorityCertIssuer != nil { return fail(.malformed, c, "authorityKeyIdentifier names an issuer and serial") }
        } else if !c.isSelfIssued, !isAnchor {
            return fail(.malformed, c, "no authorityKeyIdentifier in a certificate that is not self-issued")
        }
        if e.subjectKeyIdentifierCritical { return fail(.malformed, c, "subjectKeyIdentifier must not be critical") }
        if let ku = e.keyUsage, ku.contains(.keyCertSign), !c.isCA {
            return fail(.keyUsage, c, "keyCertSign without basicConstraints cA")
        }
        if let names = e.subjectAltNames {
            if c.subject.isEmpty, !e.subjectAltNameCritical { return fail(.malformed, c, "subjectAltName must be critical when the subject is empty") }
            for name in names {
                switch name {
                case .dns(let n) where !DNSName.isValidPresented(n): return fail(.malformed, c, "subjectAltName \(name) is not a valid DNS name")
                case .ipAddress(let b) where b.count != 4 && b.count != 16: return fail(.malformed, c, "subjectAltName IP address of \(b.count) bytes")
                case .email(let a) where !EmailAddress.isValid(a): return fail(.malformed, c, "subjectAltName \(name) is not a valid address")
                default: break
                }
            }
        } else if c.subject.isEmpty {
            return fail(.malformed, c, "an empty subject and no subjectAltName")
        }
        return checkKey(c)
    }

    /// The rules of a certificate that signs others (intermediate or trust anchor).
    func checkIssuer(_ c: Certificate, isAnchor: Bool) -> X509Failure? {
        if let failure = checkCommon(c, isAnchor: isAnchor) { return failure }
        if isAnchor, serverRules, c.extensions.extendedKeyUsage != nil {
            return fail(.extendedKeyUsage, c, "a root with extKeyUsage (CA/Browser Forum 7.1.2.1.2)")
        }
        guard let bc = c.extensions.basicConstraints else { return fail(.basicConstraints, c, "a CA without basicConstraints") }
        guard bc.isCA else { return fail(.basicConstraints, c, "basicConstraints cA is not set") }
        guard bc.critical else { return fail(.basicConstraints, c, "basicConstraints must be critical in a CA") }
        guard let ku = c.extensions.keyUsage else { return fail(.keyUsage, c, "a CA without keyUsage") }
        guard ku.contains(.keyCertSign) else { return fail(.keyUsage, c, "keyUsage lacks keyCertSign") }
        guard !c.subject.isEmpty else { return fail(.malformed, c, "a CA with an empty subject") }
        guard c.extensions.subjectKeyIdentifier != nil else { return fail(.malformed, c, "a CA without subjectKeyIdentifier") }
        if let eku = c.extensions.extendedKeyUsage, !eku.contains(Extensions.anyExtendedKeyUsage),
           let purpose = policy.extendedKeyUsage.first(where: { !eku.contains($0) }) {
            return fail(.extendedKeyUsage, c, "the CA's extKeyUsage does not allow \(purpose)")
        }
        return nil
    }

    func checkLeaf(_ c: Certificate) -> X509Failure? {
        if let failure = checkCommon(c) { return failure }
        if c.isCA { return fail(.basicConstraints, c, "the leaf is a CA") }
        if c.extensions.nameConstraints != nil { return fail(.nameConstraints, c, "nameConstraints in a leaf") }
        if let eku = c.extensions.extendedKeyUsage, let purpose = policy.extendedKeyUsage.first(where: { !eku.contains($0) }) {
            return fail(.extendedKeyUsage, c, "extKeyUsage does not include \(purpose)")
        }
        let sans = c.extensions.subjectAltNames ?? []
        if serverRules {
            if c.extensions.all.contains(where: { $0.oid == Extensions.extKeyUsageOID && $0.critical }) {
                return fail(.extendedKeyUsage, c, "a critical extKeyUsage in a server certificate (CA/Browser Forum 7.1.2.7.6)")
            }
            // A commonName that names one of the subjectAltNames must be its exact copy.
            for cn in c.subject.commonNames {
                for name in sans {
                    switch name {
                    case .dns(let n) where n.lowercased() == cn.lowercased() && n != cn:
                        return fail(.malformed, c, "commonName \(cn) is not a byte-for-byte copy of subjectAltName \(n) (CA/Browser Forum 7.1.4.3)")
                    case .ipAddress(let b) where IPAddress.parse(cn, allowingLeadingZeros: true) == b && IPAddress.canonicalText(b) != cn:
                        return fail(.malformed, c, "commonName \(cn) is not the canonical text of subjectAltName \(name) (CA/Browser Forum 7.1.4.3)")
                    default: break
                    }
                }
            }
        }
        for name in policy.peerNames {
            let found: Bool
            switch name {
            case .dns(let reference):
                guard DNSName.isValidReference(reference) else { return fail(.peerName, c, "\(name) is not a valid DNS name") }
                found = sans.contains { if case .dns(let p) = $0 { DNSName.matches(pattern: p, reference: reference) } else { false } }
            case .ipAddress(let bytes):
                found = sans.contains { $0 == .ipAddress(bytes) }
            case .email(let reference):
                found = sans.contains { if case .email(let p) = $0 { EmailAddress.matches(p, reference) } else { false } }
            }
            if !found { return fail(.peerName, c, "no subjectAltName matches \(name)") }
        }
        return nil
    }

    // MARK: Building

    /// Candidate issuers of `c`: trust anchors first, then the pool, by name (and key
    /// identifier when both sides have one).
    func candidates(for c: Certificate) -> [(Certificate, isAnchor: Bool)] {
        let keyID = c.extensions.authorityKeyIdentifier?.keyIdentifier
        func fits(_ issuer: Certificate) -> Bool {
            guard issuer.subject == c.issuer else { return false }
            if let keyID, let ski = issuer.extensions.subjectKeyIdentifier, ski != keyID { return false }
            return true
        }
        return anchors.filter(fits).map { ($0, true) } + pool.filter(fits).map { ($0, false) }
    }

    /// Extends `chain` (leaf first) to a trust anchor, depth first.
    mutating func extend(_ chain: [Certificate]) -> Result<[Certificate], X509Failure> {
        let current = chain.last!
        var best: X509Failure?
        func note(_ failure: X509Failure) {
            if best == nil || best!.rule == .noPath { best = failure }
        }
        for (issuer, isAnchor) in candidates(for: current) {
            if chain.contains(issuer) || chain.contains(where: { $0.subject == issuer.subject && $0.subjectPublicKeyInfoBytes == issuer.subjectPublicKeyInfoBytes }) {
                note(fail(.noPath, issuer, "the path would loop"))
                continue
            }
            // Intermediates that are not self-issued, if `issuer` joins as one.
            let intermediates = chain.dropFirst().filter { !$0.isSelfIssued }.count + (isAnchor || issuer.isSelfIssued ? 0 : 1)
            if !isAnchor, intermediates > policy.maximumIntermediates {
                note(fail(.depth, issuer, "more than \(policy.maximumIntermediates) intermediates"))
                continue
            }
            if let failure = checkAlgorithm(current.signatureAlgorithm, current) { return .failure(failure) }
            if let failure = checkIssuer(issuer, isAnchor: isAnchor) { note(failure); continue }
            guard signatureChecks < policy.maximumSignatureChecks else {
                return .failure(fail(.budget, current, "more than \(policy.maximumSignatureChecks) signature checks"))
            }
            signatureChecks += 1
            guard let key = issuer.publicKey.rsa, current.isSignedVariableTime(by: key) else {
                note(fail(.signature, current, "not signed by \(issuer.subject)"))
                continue
            }
            // pathLenConstraint: non-self-issued intermediates below the issuer.
            if let limit = issuer.extensions.basicConstraints?.pathLength {
                let below = chain.dropFirst().filter { !$0.isSelfIssued }.count
                if below > limit {
                    note(fail(.pathLength, issuer, "\(below) intermediates below a pathLenConstraint of \(limit)"))
                    continue
                }
            }
            if let nc = issuer.extensions.nameConstraints, let failure = checkNameConstraints(nc, issuer, chain) {
                note(failure)
                continue
            }
            if isAnchor { return .success(chain + [issuer]) }
            switch extend(chain + [issuer]) {
            case .success(let path): return .success(path)
            case .failure(let failure):
                if failure.rule == .budget { return .failure(failure) }
                note(failure)
            }
        }
        return .failure(best ?? fail(.noPath, current, "no issuer named \(current.issuer) among the trust anchors and intermediates"))
    }

    /// `issuer`'s name constraints over every certificate below it (self-issued intermediates
    /// are exempt; the leaf never is).
    func checkNameConstraints(_ nc: Extensions.NameConstraints, _ issuer: Certificate, _ chain: [Certificate]) -> X509Failure? {
        for (i, c) in chain.enumerated() where i == 0 || !c.isSelfIssued {
            var names = c.extensions.subjectAltNames ?? []
            if !c.subject.isEmpty { names.append(.directoryName(c.subject)) }
            names += c.subject.emailAddresses.map { .email(String(decoding: $0, as: UTF8.self)) }
            if let reason = NameConstraintCheck.violation(names, nc) { return fail(.nameConstraints, c, "\(reason) (constraints of \(issuer.subject))") }
        }
        return nil
    }

    // MARK: Revocation

    func checkRevocation(_ path: [Certificate]) -> X509Failure? {
        for (i, c) in path.dropLast().enumerated() {
            let issuer = path[i + 1]
            for crl in policy.crls where crl.issuer == c.issuer {
                if let failure = checkCRL(crl, issuer: issuer) { return failure }
                let serial = c.serialNumber.drop { $0 == 0 }
                if crl.revokedSerialNumbers.contains(where: { $0.drop { $0 == 0 }.elementsEqual(serial) }) {
                    return fail(.revoked, c, "serial is on the CRL of \(issuer.subject)")
                }
            }
        }
        return nil
    }

    func checkCRL(_ crl: CRL, issuer: Certificate) -> X509Failure? {
        guard crl.signatureAlgorithmsMatch else { return fail(.crl, issuer, "the CRL's two signature algorithms differ") }
        guard crl.crlNumber != nil else { return fail(.crl, issuer, "the CRL has no CRLNumber (RFC 5280 5.2.3)") }
        if let oid = crl.unhandledCritical.first { return fail(.crl, issuer, "the CRL has critical extension \(oid)") }
        if let ku = issuer.extensions.keyUsage, !ku.contains(.cRLSign) { return fail(.crl, issuer, "the CRL's issuer lacks keyUsage cRLSign") }
        guard crl.thisUpdate <= policy.time else { return fail(.crl, issuer, "the CRL is not yet valid") }
        if let next = crl.nextUpdate, next < policy.time { return fail(.crl, issuer, "the CRL is out of date") }
        switch crl.signatureAlgorithm {
        case .md5WithRSA, .unsupported: return fail(.crl, issuer, "the CRL's signature algorithm is not supported")
        default: if crl.signatureAlgorithm.usesSHA1, !policy.allowsInsecureSHA1 { return fail(.crl, issuer, "the CRL is signed with SHA-1") }
        }
        guard let key = issuer.publicKey.rsa,
              Certificate.verifyVariableTime(crl.signature, over: crl.tbsBytes, algorithm: crl.signatureAlgorithm, key: key) else {
            return fail(.crl, issuer, "the CRL's signature does not verify")
        }
        return nil
    }
}
