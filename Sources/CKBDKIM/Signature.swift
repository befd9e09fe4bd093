import CKBBytes

/// A DKIM-Signature header field, read as RFC 6376 §3.5 says.
public struct DKIMSignature: Sendable {
    public enum Algorithm: String, Sendable {
        case rsaSHA256 = "rsa-sha256"
        case ed25519SHA256 = "ed25519-sha256"
        /// rsa-sha1: refused unless the verifier's options name its insecurity (RFC 8301).
        case insecureRSASHA1 = "rsa-sha1"
    }

    public enum Canonicalization: String, Sendable {
        case simple, relaxed
    }

    /// The field as it appears in the message.
    public let field: DKIMMessage.Field
    public let tags: DKIMTagList
    public let algorithm: Algorithm
    public let signature: [UInt8]
    public let bodyHash: [UInt8]
    public let headerCanonicalization: Canonicalization
    public let bodyCanonicalization: Canonicalization
    /// The signing domain, lower-cased.
    public let domain: String
    public let selector: String
    /// h=: the signed header field names, in order, lower-cased.
    public let signedHeaders: [String]
    /// i=: the agent or user identifier (default `@` + d=).
    public let identity: String
    /// l=: the body length signed, or nil for the whole body.
    public let bodyLength: UInt64?
    /// t= and x=, in Unix seconds.
    public let timestamp: UInt64?
    public let expiration: UInt64?

    /// Why a DKIM-Signature is not usable: RFC 8601 `permerror` with a reason.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Reads a DKIM-Signature field. `allowingInsecureSHA1` admits rsa-sha1 (collisions are practical).
    public init(field: DKIMMessage.Field) throws(Invalid) {
        self.field = field
        let tags: DKIMTagList
        do {
            tags = try DKIMTagList(field.value)
        } catch {
            throw Invalid(reason: "malformed tag list: \(error)")
        }
        self.tags = tags
        func required(_ name: String) throws(Invalid) -> String {
            guard let v = tags[name] else { throw Invalid(reason: "missing required tag \(name)=") }
            return v
        }
        // RFC 6376 3.5: v=1 (pre-standard 0.5, or none, is not this protocol).
        guard let version = tags["v"] else { throw Invalid(reason: "missing required tag v=") }
        guard version == "1" else { throw Invalid(reason: "v=\(version) is not 1") }
        let a = try required("a")
        guard let algorithm = Algorithm(rawValue: a.lowercased()) else { throw Invalid(reason: "unknown algorithm a=\(a)") }
        self.algorithm = algorithm
        let b = try required("b"), bh = try required("bh")
        do {
            signature = try Base64.decode(DKIMTagList.compact(b))
            bodyHash = try Base64.decode(DKIMTagList.compact(bh))
        } catch {
            throw Invalid(reason: "b= or bh= is not base64: \(error)")
        }
        guard !signature.isEmpty else { throw Invalid(reason: "b= is empty") }
        // c=header[/body], each simple or relaxed; default simple/simple; a lone one is the header's.
        let c = tags["c"] ?? "simple/simple"
        let parts = c.split(separator: "/", omittingEmptySubsequences: false).map { String($0).lowercased() }
        guard (1...2).contains(parts.count), let header = Canonicalization(rawValue: parts[0]),
              let body = Canonicalization(rawValue: parts.count == 2 ? parts[1] : "simple") else {
            throw Invalid(reason: "unknown canonicalization c=\(c)")
        }
        headerCanonicalization = header
        bodyCanonicalization = body
        let d = try required("d")
        guard DKIMDomain.isValid(d) else { throw Invalid(reason: "d=\(d) is not a domain name") }
        domain = d.lowercased()
        selector = try required("s")
        guard selector.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ DKIMDomain.isLabel(Array($0.utf8)) }) else {
            throw Invalid(reason: "s=\(selector) is not a selector")
        }
        let h = try required("h")
        signedHeaders = h.split(separator: ":", omittingEmptySubsequences: false).map {
            // Byte by byte: "\r\n" is one Character, so a Character filter would miss it.
            String(decoding: $0.utf8.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }, as: UTF8.self).lowercased()
        }
        guard !signedHeaders.contains(where: \.isEmpty) else { throw Invalid(reason: "h= has an empty field name") }
        guard signedHeaders.contains("from") else { throw Invalid(reason: "h= does not sign From (RFC 6376 5.4)") }
        // i=: its domain must be d= or a subdomain of it.
        // i= is dkim-quoted-printable (RFC 6376 2.11): =XX stands for a byte.
        let i: String
        if let raw = tags["i"] {
            guard let decoded = Self.quotedPrintable(raw) else { throw Invalid(reason: "i=\(raw) is not dkim-quoted-printable") }
            i = decoded
        } else {
            i = "@" + domain
        }
        guard let at = i.lastIndex(of: "@") else { throw Invalid(reason: "i=\(i) has no @") }
        let iDomain = String(i[i.index(after: at)...]).lowercased()
        guard iDomain == domain || iDomain.hasSuffix("." + domain) else { throw Invalid(reason: "i= domain \(iDomain) is not within d=\(domain)") }
        identity = i
        func number(_ name: String) throws(Invalid) -> UInt64? {
            // (reads the local tag list)
            guard let v = tags[name] else { return nil }
            // Decimal, at most 76 digits by the grammar; values past 2^64 saturate.
            guard !v.isEmpty, v.count <= 76, v.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw Invalid(reason: "\(name)=\(v) is not a number") }
            return UInt64(v) ?? .max
        }
        bodyLength = try number("l")
        timestamp = try number("t")
        expiration = try number("x")
        if let t = timestamp, let x = expiration, x < t { throw Invalid(reason: "x= is before t= (RFC 6376 3.5)") }
        // q=: dns/txt is the only method.
        if let q = tags["q"] {
            let methods = q.split(separator: ":").map { $0.lowercased() }
            guard methods.contains(where: { $0 == "dns/txt" || $0.hasPrefix("dns/txt") }) else { throw Invalid(reason: "q=\(q) names no dns/txt") }
        }
    }

    /// What the signature signs (RFC 6376 §5.4.2, §3.7): the fields h= names, each the last one
    /// not yet used (bottom-up; a name with none left adds nothing), canonicalized, then this
    /// DKIM-Signature field with b= emptied, canonicalized, without its final CRLF.
    public func headerHashInput(_ message: DKIMMessage) -> [UInt8] {
        var input: [UInt8] = []
        var used = Set<Int>()
        for name in signedHeaders {
            guard let index = message.fields.indices.reversed().first(where: { !used.contains($0) && message.fields[$0].isNamed(lowercased: name) }) else {
                continue
            }
            used.insert(index)
            input += Canonical.header(message.fields[index].raw, headerCanonicalization)
        }
        input += Canonical.header(Canonical.withoutSignature(field.raw), headerCanonicalization).dropLast(2)
        return input
    }

    /// dkim-quoted-printable: `=` and two hex digits stand for a byte; whitespace is dropped.
    static func quotedPrintable(_ text: String) -> String? {
        let b = DKIMTagList.compact(text)
        var out: [UInt8] = []
        var k = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x37
            case 0x61...0x66: return c - 0x57
            default: return nil
            }
        }
        while k < b.count {
            if b[k] == UInt8(ascii: "=") {
                guard k + 2 < b.count + 0, k + 2 <= b.count - 1, let hi = hex(b[k + 1]), let lo = hex(b[k + 2]) else { return nil }
                out.append(hi << 4 | lo)
                k += 3
            } else {
                out.append(b[k])
                k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The name the key record lives at: `s._domainkey.d`.
    public var keyName: String { "\(selector)._domainkey.\(domain)" }
}

/// Domain names as DKIM uses them.
enum DKIMDomain {
    static func isLabel(_ b: [UInt8]) -> Bool {
        guard !b.isEmpty, b.count <= 63, b.first != 0x2D, b.last != 0x2D else { return false }
        return b.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
    }

    static func isValid(_ d: String) -> Bool {
        let labels = d.split(separator: ".", omittingEmptySubsequences: false)
        return d.utf8.count <= 253 && labels.allSatisfy { isLabel(Array($0.utf8)) }
    }
}
