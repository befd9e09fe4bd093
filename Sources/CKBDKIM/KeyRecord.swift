import CKBBytes
import CKBEd25519
import CKBRSA

/// A DKIM key record (RFC 6376 §3.6.1; RFC 8463 for `k=ed25519`).
public struct DKIMKeyRecord: Sendable {
    public enum Key: Sendable {
        case rsa(RSA.PublicKey)
        case ed25519(Ed25519.PublicKey)
    }

    public let tags: DKIMTagList
    public let key: Key
    /// h=: hash algorithms the key may be used with (nil: any).
    public let hashes: [String]?
    /// t=y: the domain is testing DKIM.
    public let testing: Bool
    /// t=s: i= must be exactly in d=, not a subdomain.
    public let strictIdentity: Bool

    /// Why a record cannot be used: a syntax error, an empty `p=` (revoked), a key that does
    /// not parse, or one outside the key policy.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// permerror: the record is malformed or names something unknown.
        case invalid(String)
        /// permerror: the key was revoked (p= empty).
        case revoked
        /// fail: a key the policy refuses (an RSA key under 1,024 bits, RFC 8301).
        case refused(String)

        public var description: String {
            switch self {
            case .invalid(let r): return r
            case .revoked: return "the key is revoked (empty p=)"
            case .refused(let r): return r
            }
        }
    }

    /// RSA keys accepted: 1,024 to 4,096 bits (RFC 8301: verifiers must accept 1,024 to 4,096).
    public static let rsaPolicy = RSA.Policy(minimumKeyBits: 1024, maximumKeyBits: 4096, allowingInsecureSHA1: true)

    public init(_ text: String) throws(Problem) {
        do {
            tags = try DKIMTagList(Array(text.utf8))
        } catch {
            throw .invalid("malformed key record: \(error)")
        }
        // v=, if present, must be DKIM1 and come first.
        if let v = tags["v"] {
            guard v == "DKIM1" else { throw .invalid("v=\(v) is not DKIM1") }
            guard tags.tags.first?.name == "v" else { throw .invalid("v= is not the first tag") }
        }
        if let s = tags["s"] {
            let services = s.split(separator: ":").map { $0.trimmingSpaces() }
            guard services.contains("*") || services.contains("email") else { throw .invalid("s=\(s) excludes email") }
        }
        hashes = tags["h"].map { $0.split(separator: ":").map { $0.trimmingSpaces().lowercased() } }
        let flags = tags["t"].map { $0.split(separator: ":").map { $0.trimmingSpaces() } } ?? []
        testing = flags.contains("y")
        strictIdentity = flags.contains("s")
        guard let p = tags["p"] else { throw .invalid("missing p=") }
        let material = DKIMTagList.compact(p)
        guard !material.isEmpty else { throw .revoked }
        let bytes: [UInt8]
        do {
            bytes = try Base64.decode(material)
        } catch {
            throw .invalid("p= is not base64: \(error)")
        }
        switch (tags["k"] ?? "rsa").lowercased() {
        case "rsa":
            // SubjectPublicKeyInfo (RFC 6376), or a bare RSAPublicKey as some signers publish.
            do {
                key = .rsa(try RSA.PublicKey(derRepresentation: bytes, policy: Self.rsaPolicy))
            } catch {
                if error.kind == .policy { throw .refused("RSA key refused: \(error.detail)") }
                throw .invalid("p= is not an RSA public key: \(error.detail)")
            }
        case "ed25519":
            do {
                key = .ed25519(try Ed25519.PublicKey(rawRepresentation: bytes))
            } catch {
                throw .invalid("p= is not an Ed25519 public key: \(error)")
            }
        case let k:
            throw .invalid("unknown key type k=\(k)")
        }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
