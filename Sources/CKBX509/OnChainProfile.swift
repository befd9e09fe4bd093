import CKBHash
import SwiftASN1

/// The rules the `x509_identity` lock and the `x509_vector` script check on-chain
/// (`Contracts/lib/x509.c`), stated over this package's certificates so that the cross-check can
/// compare the two halves. `Docs/Primitives/X509.md` lists them beside the off-chain rules.
///
/// The chain is given in order (leaf first, trust anchor last; no path building on-chain), two
/// to six certificates. Every certificate, the anchor included: version 3; signed with SHA-2
/// RSA (PKCS#1 v1.5, or RSASSA-PSS with its hashes named); an `rsaEncryption` key of 2,048 to
/// 4,096 bits in whole bytes; no nameConstraints (not enforced on-chain, so refused); valid at
/// the time. Then the off-chain rules of ``X509Verifier`` for such a path with no purpose asked
/// and keyUsage digitalSignature required of the leaf (its key signs the transaction):
/// ``Search/checkLeaf(_:)``, ``Search/checkIssuer(_:isAnchor:)``, name chaining,
/// pathLenConstraint and each link's signature. Revocation is not checked on-chain.
public enum X509OnChainProfile {
    /// Certificates in a chain the scripts read: a leaf, at most four intermediates, an anchor.
    public static let maximumChainLength = 6

    /// The policy the shared rules run under.
    static func policy(_ time: X509Time) -> X509Policy {
        var policy = X509Policy(time: time)
        policy.requiredKeyUsage = [.digitalSignature]
        return policy
    }

    /// nil when `chain` validates at `time` under the on-chain profile; else why not.
    public static func verify(chain: [Certificate], time: X509Time) -> X509Failure? {
        let search = Search(anchors: [], pool: [], policy: policy(time))
        guard (2...maximumChainLength).contains(chain.count) else {
            return X509Failure(rule: .depth, certificate: nil, detail: "an on-chain path has 2 to \(maximumChainLength) certificates")
        }
        for c in chain {
            guard c.version == 3 else { return search.fail(.malformed, c, "the on-chain profile reads version 3 only") }
            switch c.signatureAlgorithm {
            case .rsaPKCS1v15(let hash) where hash != .insecureSHA1: break
            case .rsaPSS(let padding) where !padding.usesInsecureSHA1: break
            default: return search.fail(.algorithm, c, "\(c.signatureAlgorithm) is not a SHA-2 RSA signature")
            }
            if let key = c.publicKey.rsa, key.isRestrictedToPSS {
                return search.fail(.key, c, "the on-chain profile reads rsaEncryption keys only")
            }
            if c.extensions.nameConstraints != nil {
                return search.fail(.nameConstraints, c, "name constraints are not enforced on-chain, so refused")
            }
        }
        if let failure = search.checkLeaf(chain[0]) { return failure }
        for i in 1..<chain.count {
            let issuer = chain[i], subject = chain[i - 1]
            if let failure = search.checkIssuer(issuer, isAnchor: i == chain.count - 1) { return failure }
            guard subject.issuer == issuer.subject else {
                return search.fail(.noPath, subject, "issued by \(subject.issuer), not by \(issuer.subject)")
            }
            if let limit = issuer.extensions.basicConstraints?.pathLength {
                let below = chain[1..<i].filter { !$0.isSelfIssued }.count
                if below > limit { return search.fail(.pathLength, issuer, "\(below) intermediates below a pathLenConstraint of \(limit)") }
            }
            guard let key = issuer.publicKey.rsa, subject.isSignedVariableTime(by: key) else {
                return search.fail(.signature, subject, "not signed by \(issuer.subject)")
            }
        }
        return nil
    }

    /// A path for the on-chain scripts by names alone: from `leaf`, the first trust anchor (then
    /// pool certificate) whose subject is the current certificate's issuer, until an anchor;
    /// nil when there is none within ``maximumChainLength``.
    public static func namePath(leaf: Certificate, pool: [Certificate], anchors: [Certificate]) -> [Certificate]? {
        var path = [leaf]
        while path.count < maximumChainLength {
            let current = path.last!
            if let anchor = anchors.first(where: { $0.subject == current.issuer && !path.contains($0) }) {
                return path + [anchor]
            }
            guard let next = pool.first(where: { $0.subject == current.issuer && !path.contains($0) }) else { return nil }
            path.append(next)
        }
        return nil
    }

    /// CKB's hash of the anchor's SubjectPublicKeyInfo DER: what `x509_identity`'s args pin.
    public static func anchorHash(_ anchor: Certificate) -> [UInt8] { ckbHash(anchor.subjectPublicKeyInfoBytes).bytes }

    /// The identity values of a leaf the lock's optional second args half may pin (by CKB's
    /// hash): its subject Name DER, then each subjectAltName GeneralName's DER.
    public static func identityValues(_ leaf: Certificate) -> [[UInt8]] {
        [leaf.subject.derBytes] + leaf.extensions.subjectAltNameEncodings
    }
}
