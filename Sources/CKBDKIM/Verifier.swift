import CKBEd25519
import CKBHash
import CKBRSA
import Synchronization

/// An RFC 8601 authentication result.
public enum DKIMResult: String, Sendable, Comparable {
    case pass, fail, neutral, policy, temperror, permerror, none

    /// How telling a result is for a message with several signatures: pass first, then policy
    /// (it verified, but a rule refuses it), fail, temperror, permerror, neutral, none.
    var rank: Int {
        switch self {
        case .pass: return 0
        case .policy: return 1
        case .fail: return 2
        case .temperror: return 3
        case .permerror: return 4
        case .neutral: return 5
        case .none: return 6
        }
    }

    public static func < (a: DKIMResult, b: DKIMResult) -> Bool { a.rank < b.rank }
}

/// One signature's verdict.
public struct DKIMSignatureResult: Sendable {
    public let result: DKIMResult
    public let reason: String
    /// The parsed signature, when it parsed.
    public let signature: DKIMSignature?
    /// d= and s= as written, even when the rest did not parse (for reports).
    public let domain: String?
    public let selector: String?
    public let algorithm: String?
    /// The key record's t=y flag.
    public let testing: Bool
    /// The canonicalized body's length, when the signature got that far.
    var canonicalBodyLength: Int? = nil
}

/// Identifier alignment, as DMARC defines it (RFC 7489 §3.1.1).
public enum DKIMAlignment: String, Sendable {
    /// d= equals the From domain.
    case strict
    /// d= and the From domain are in a parent-child relation (a conservative stand-in for
    /// DMARC's organizational-domain test, which needs the Public Suffix List).
    case relaxed
    case none
}

/// A message's verdict: every signature's, and what an email proof needs.
public struct DKIMMessageResult: Sendable {
    public let signatures: [DKIMSignatureResult]
    /// pass when a signature passes; otherwise the most telling result (`none` without signatures).
    public var result: DKIMResult { signatures.map(\.result).min() ?? .none }
    /// Exactly one From field, with one address, signed by a passing signature.
    public let fromSigned: Bool
    /// A passing signature covers the whole body (no l=, or l= the whole canonicalized body).
    public let bodyFullyCovered: Bool
    /// The best alignment of a passing signature's d= with the From address's domain.
    public let alignment: DKIMAlignment
    /// The From address's domain, when there is exactly one.
    public let fromDomain: String?
}

/// Verifies the DKIM signatures of messages (RFC 6376, RFC 8301, RFC 8463), strictly: v=1,
/// rsa-sha256 with keys of 1,024 to 4,096 bits, ed25519-sha256, and rsa-sha1 only when asked.
/// Signatures are checked in variable time (everything is public).
public struct DKIMVerifier: Sendable {
    public let keys: any DKIMKeyProvider
    /// Signatures expire against this time (Unix seconds); nil: x= is not checked.
    public var time: UInt64?
    /// Accept rsa-sha1 (insecure: SHA-1 collisions are practical). Off by default.
    public var allowsInsecureSHA1 = false
    /// Most DKIM-Signature fields checked per message.
    public var maximumSignatures = 16
    /// Parsed key records by their text (parsing an RSA key costs about as much as a
    /// verification; a verifier sees the same few keys again and again).
    let keyCache = DKIMKeyCache()

    public init(keys: any DKIMKeyProvider, time: UInt64?) {
        self.keys = keys
        self.time = time
    }

    public func verify(_ message: DKIMMessage) -> DKIMMessageResult {
        let signatureFields = message.fields(named: "DKIM-Signature").prefix(maximumSignatures)
        let results = signatureFields.map { verify(field: $0, in: message) }
        // What an email proof needs.
        let froms = message.fields(named: "From")
        var fromDomain: String?
        if froms.count == 1, let address = DKIMAddress.single(in: Array(froms[0].value)) { fromDomain = address.domain }
        let passing = results.filter { $0.result == .pass }.compactMap(\.signature)
        let fromSigned = fromDomain != nil && passing.contains { $0.signedHeaders.contains("from") }
        let whole = results.contains { r in
            guard r.result == .pass, let sig = r.signature, let n = r.canonicalBodyLength else { return false }
            return sig.bodyLength == nil || sig.bodyLength! >= UInt64(n)
        }
        var alignment = DKIMAlignment.none
        if let from = fromDomain {
            for sig in passing {
                if sig.domain == from { alignment = .strict; break }
                if from.hasSuffix("." + sig.domain) || sig.domain.hasSuffix("." + from) { alignment = .relaxed }
            }
        }
        return DKIMMessageResult(signatures: results, fromSigned: fromSigned, bodyFullyCovered: whole, alignment: alignment, fromDomain: fromDomain)
    }

    func verify(field: DKIMMessage.Field, in message: DKIMMessage) -> DKIMSignatureResult {
        var bodyLength: Int?
        func result(_ r: DKIMResult, _ reason: String, _ sig: DKIMSignature? = nil, testing: Bool = false) -> DKIMSignatureResult {
            if let sig {
                return DKIMSignatureResult(result: r, reason: reason, signature: sig, domain: sig.domain, selector: sig.selector,
                                           algorithm: sig.algorithm.rawValue, testing: testing, canonicalBodyLength: bodyLength)
            }
            // Names for the report even when the tag list is not a valid signature.
            let loose = try? DKIMTagList(field.value)
            return DKIMSignatureResult(result: r, reason: reason, signature: nil, domain: loose?["d"], selector: loose?["s"],
                                       algorithm: loose?["a"], testing: testing, canonicalBodyLength: bodyLength)
        }
        let sig: DKIMSignature
        do {
            sig = try DKIMSignature(field: field)
        } catch {
            return result(.permerror, error.reason)
        }
        // RFC 6376 3.5: an expired signature is a permanent failure (PERMFAIL); the strict
        // corpora call it permerror.
        if let x = sig.expiration, let now = time, now > x {
            return result(.permerror, "the signature expired (x=\(x))", sig)
        }
        // The key.
        let records: [String]
        switch keys.txtRecords(sig.keyName) {
        case .records(let r): records = r
        case .notFound: return result(.permerror, "no key record at \(sig.keyName)", sig)
        case .temporaryFailure(let why): return result(.temperror, "key lookup for \(sig.keyName) failed: \(why)", sig)
        }
        guard records.count == 1 else {
            return result(.permerror, records.isEmpty ? "no key record at \(sig.keyName)" : "\(records.count) key records at \(sig.keyName)", sig)
        }
        let record: DKIMKeyRecord
        do {
            record = try keyCache.record(records[0])
        } catch {
            switch error {
            case .refused(let why): return result(.fail, why, sig)
            default: return result(.permerror, error.description, sig)
            }
        }
        // rsa-sha1 is refused once the key is known (a failed lookup is the more telling result).
        if sig.algorithm == .insecureRSASHA1, !allowsInsecureSHA1 {
            return result(.fail, "rsa-sha1 is refused (RFC 8301); allow it only for old mail", sig, testing: record.testing)
        }
        let hashName = sig.algorithm == .insecureRSASHA1 ? "sha1" : "sha256"
        if let hashes = record.hashes, !hashes.contains(hashName) {
            return result(.permerror, "the key's h= does not allow \(hashName)", sig, testing: record.testing)
        }
        switch (sig.algorithm, record.key) {
        case (.rsaSHA256, .rsa), (.insecureRSASHA1, .rsa), (.ed25519SHA256, .ed25519): break
        default: return result(.permerror, "a=\(sig.algorithm.rawValue) does not match the key type", sig, testing: record.testing)
        }
        if record.strictIdentity {
            let iDomain = String(sig.identity[sig.identity.index(after: sig.identity.lastIndex(of: "@")!)...]).lowercased()
            guard iDomain == sig.domain else {
                return result(.permerror, "the key's t=s requires i= in d= itself", sig, testing: record.testing)
            }
        }
        // The body hash.
        let body = Canonical.body(message.body, sig.bodyCanonicalization)
        bodyLength = body.count
        var covered = body[...]
        if let l = sig.bodyLength {
            guard l <= UInt64(body.count) else {
                return result(.permerror, "l=\(l) is longer than the canonicalized body (\(body.count) bytes)", sig, testing: record.testing)
            }
            covered = body.prefix(Int(l))
        }
        let bodyHash = sig.algorithm == .insecureRSASHA1 ? Insecure.SHA1.hash(covered).bytes : SHA256.hash(covered).bytes
        guard bodyHash == sig.bodyHash else { return result(.fail, "the body hash does not match (bh=)", sig, testing: record.testing) }
        let input = sig.headerHashInput(message)
        let valid: Bool
        switch record.key {
        case .rsa(let key):
            let hash: RSA.Hash = sig.algorithm == .insecureRSASHA1 ? .insecureSHA1 : .sha256
            valid = key.isValidSignature(sig.signature, message: input, padding: .pkcs1v15(hash))
        case .ed25519(let key):
            valid = key.isValidSignatureVariableTime(sig.signature, for: SHA256.hash(input).bytes)
        }
        guard valid else { return result(.fail, "the signature does not verify", sig, testing: record.testing) }
        if let l = sig.bodyLength, l < UInt64(body.count) {
            return result(.policy, "l=\(l) leaves \(UInt64(body.count) - l) bytes of the body unsigned", sig, testing: record.testing)
        }
        return result(.pass, "verified", sig, testing: record.testing)
    }
}

/// Parsed key records by their text, at most 256 (then emptied), shared by the copies of a
/// verifier across threads.
final class DKIMKeyCache: Sendable {
    let records = Mutex<[String: Result<DKIMKeyRecord, DKIMKeyRecord.Problem>]>([:])

    func record(_ text: String) throws(DKIMKeyRecord.Problem) -> DKIMKeyRecord {
        if let cached = records.withLock({ $0[text] }) { return try cached.get() }
        let parsed: Result<DKIMKeyRecord, DKIMKeyRecord.Problem>
        do {
            parsed = .success(try DKIMKeyRecord(text))
        } catch {
            parsed = .failure(error)
        }
        records.withLock { cache in
            if cache.count >= 256 { cache.removeAll() }
            cache[text] = parsed
        }
        return try parsed.get()
    }
}

/// The address in a From field: `Name <local@domain>` or a bare `local@domain`.
enum DKIMAddress {
    /// The one address of a mailbox list with exactly one mailbox, or nil.
    static func single(in value: [UInt8]) -> (local: String, domain: String)? {
        // Drop comments and quoted strings' special meaning only as far as needed to find one
        // angle-addr or addr-spec; a list with a comma outside quotes and angles has several.
        // `outside` keeps what is not inside a comment, for a bare addr-spec.
        var depth = 0, inQuote = false, angleStart: Int?, angleEnd: Int?, commas = 0, angles = 0
        var outside: [UInt8] = []
        var i = 0
        while i < value.count {
            let c = value[i]
            if inQuote {
                outside.append(c)
                if c == UInt8(ascii: "\\"), i + 1 < value.count { outside.append(value[i + 1]); i += 2; continue }
                if c == UInt8(ascii: "\"") { inQuote = false }
            } else if depth > 0 {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "(") { depth += 1 } else if c == UInt8(ascii: ")") { depth -= 1 }
            } else {
                switch c {
                case UInt8(ascii: "\""): inQuote = true; outside.append(c)
                case UInt8(ascii: "("): depth = 1
                case UInt8(ascii: "<"): angleStart = i + 1; angles += 1
                case UInt8(ascii: ">"): angleEnd = i
                case UInt8(ascii: ","): commas += 1
                default: outside.append(c)
                }
            }
            i += 1
        }
        guard commas == 0, angles <= 1, !inQuote, depth == 0 else { return nil }
        var spec: [UInt8]
        if let s = angleStart, let e = angleEnd, e >= s { spec = Array(value[s..<e]) } else if angles == 0 { spec = outside } else { return nil }
        spec = spec.filter { $0 != 0x0D && $0 != 0x0A }
        while let f = spec.first, f == 0x20 || f == 0x09 { spec.removeFirst() }
        while let l = spec.last, l == 0x20 || l == 0x09 { spec.removeLast() }
        guard let at = spec.lastIndex(of: UInt8(ascii: "@")), at > 0, at + 1 < spec.count else { return nil }
        let domain = String(decoding: spec[(at + 1)...], as: UTF8.self).lowercased()
        guard DKIMDomain.isValid(domain) else { return nil }
        return (String(decoding: spec[..<at], as: UTF8.self), domain)
    }
}
