import CKBJSON
import CKBX509
import SwiftASN1

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// x509-limbo's test-case format (C2SP/x509-limbo, `limbo-schema.json`): each case a trust
/// anchor set, an intermediate pool, a peer certificate and what to validate it for.
public struct LimboCase: Sendable {
    public let id: String
    public let description: String
    public let expectsSuccess: Bool
    public let validationKind: String
    public let trusted: [String]
    public let intermediates: [String]
    public let peer: String
    /// nil: validate at the current time.
    public let time: X509Time?
    public let peerNames: [(kind: String, value: String)]
    public let extendedKeyUsage: [String]
    public let keyUsage: [String]
    public let maxChainDepth: Int?
    public let crls: [String]
    public let features: [String]
}

/// A case's verdict.
public struct LimboVerdict: Sendable {
    public enum Actual: String, Sendable { case success = "SUCCESS", failure = "FAILURE", skipped = "SKIPPED" }
    public let id: String
    public let expected: String
    public let actual: Actual
    /// Why it failed or was skipped; the path on success.
    public let reason: String
    public var agrees: Bool { actual != .skipped && (actual == .success) == (expected == "SUCCESS") }

    public var jsonLine: String {
        JSON.object([("id", .string(id)), ("expected", .string(expected)), ("actual", .string(actual.rawValue)),
                     ("reason", .string(reason))]).serialized
    }
}

public enum Limbo {
    static let purposes: [String: ASN1ObjectIdentifier] = [
        "serverAuth": [1, 3, 6, 1, 5, 5, 7, 3, 1], "clientAuth": [1, 3, 6, 1, 5, 5, 7, 3, 2],
        "codeSigning": [1, 3, 6, 1, 5, 5, 7, 3, 3], "emailProtection": [1, 3, 6, 1, 5, 5, 7, 3, 4],
        "timeStamping": [1, 3, 6, 1, 5, 5, 7, 3, 8], "OCSPSigning": [1, 3, 6, 1, 5, 5, 7, 3, 9],
        "anyExtendedKeyUsage": [2, 5, 29, 37, 0],
    ]

    /// The system clock, for cases that give no validation time.
    public static var currentTime: X509Time { X509Time(secondsSinceEpoch: Int64(time(nil))) }

    /// Whether `json` looks like a limbo file.
    static func isLimbo(_ json: JSON) -> Bool { json["version"]?.intValue == 1 && json["testcases"]?.arrayValue != nil }

    /// Reads a limbo file: `{"version": 1, "testcases": [...]}`.
    public static func read(path: String, bytes: [UInt8]) throws(VectorError) -> [LimboCase] {
        let root: JSON
        do {
            root = try JSON.parse(bytes)
        } catch {
            throw VectorError(path: path, kind: .malformed("not JSON: \(error)"))
        }
        return try read(path: path, json: root)
    }

    static func read(path: String, json root: JSON) throws(VectorError) -> [LimboCase] {
        func malformed(_ reason: String) -> VectorError { VectorError(path: path, kind: .malformed(reason)) }
        guard isLimbo(root), let cases = root["testcases"]?.arrayValue else {
            throw malformed("not a limbo file (version 1 with testcases)")
        }
        var result: [LimboCase] = []
        for (i, c) in cases.enumerated() {
            func string(_ key: String) throws(VectorError) -> String {
                guard let v = c[key]?.stringValue else { throw malformed("testcases[\(i)]: \"\(key)\" is missing or not a string") }
                return v
            }
            func strings(_ key: String) throws(VectorError) -> [String] {
                guard let v = c[key], !v.isNull else { return [] }
                guard let list = v.arrayValue else { throw malformed("testcases[\(i)]: \"\(key)\" is not a list") }
                var out: [String] = []
                for item in list {
                    guard let s = item.stringValue else { throw malformed("testcases[\(i)]: \"\(key)\" holds a non-string") }
                    out.append(s)
                }
                return out
            }
            let id = try string("id")
            var time: X509Time?
            if let t = c["validation_time"], !t.isNull {
                guard let text = t.stringValue, let parsed = X509Time(parsing: text) else { throw malformed("\(id): bad validation_time") }
                time = parsed
            }
            var names: [(String, String)] = []
            var nameList = c["expected_peer_names"]?.arrayValue ?? []
            if let one = c["expected_peer_name"], !one.isNull { nameList.insert(one, at: 0) }
            for n in nameList {
                guard let kind = n["kind"]?.stringValue, let value = n["value"]?.stringValue else { throw malformed("\(id): bad peer name") }
                names.append((kind, value))
            }
            var depth: Int?
            if let d = c["max_chain_depth"], !d.isNull {
                guard let v = d.intValue else { throw malformed("\(id): bad max_chain_depth") }
                depth = v
            }
            let expected = try string("expected_result")
            guard expected == "SUCCESS" || expected == "FAILURE" else { throw malformed("\(id): expected_result \(expected)") }
            result.append(LimboCase(
                id: id, description: (try? string("description")) ?? "", expectsSuccess: expected == "SUCCESS",
                validationKind: try string("validation_kind"), trusted: try strings("trusted_certs"),
                intermediates: try strings("untrusted_intermediates"), peer: try string("peer_certificate"), time: time,
                peerNames: names, extendedKeyUsage: try strings("extended_key_usage"), keyUsage: try strings("key_usage"),
                maxChainDepth: depth, crls: try strings("crls"), features: try strings("features")))
        }
        return result
    }

    /// Limbo features this validator does not implement, and why; their cases are skipped,
    /// as limbo's harnesses skip what a validator does not claim.
    public static let unsupportedFeatures: [String: String] = [
        "pedantic-public-suffix-wildcard": "wildcards over public suffixes need the Public Suffix List, which is not bundled",
        "pedantic-rfc5280": "trust anchors are RFC 5280 inputs here (6.1.1 d), not certificates held to the profile",
    ]

    /// Judges one case with this package's validator at `now` when the case gives no time.
    public static func judge(_ c: LimboCase, now: X509Time) -> LimboVerdict {
        let expected = c.expectsSuccess ? "SUCCESS" : "FAILURE"
        func verdict(_ actual: LimboVerdict.Actual, _ reason: String) -> LimboVerdict {
            LimboVerdict(id: c.id, expected: expected, actual: actual, reason: reason)
        }
        if let feature = c.features.first(where: { unsupportedFeatures[$0] != nil }) {
            return verdict(.skipped, "feature \(feature): \(unsupportedFeatures[feature]!)")
        }
        let peer: Certificate
        do {
            guard let first = try Certificate.load(Array(c.peer.utf8)).first else { return verdict(.failure, "no peer certificate") }
            peer = first
        } catch {
            return verdict(.failure, "peer certificate: \(error)")
        }
        if case .unsupported(let oid) = peer.publicKey { return verdict(.skipped, "the peer's key algorithm \(oid) is not RSA") }
        // Unreadable pool and anchor certificates are left out, as a path builder would.
        let anchors = c.trusted.compactMap { try? Certificate.load(Array($0.utf8)).first }
        let pool = c.intermediates.compactMap { try? Certificate.load(Array($0.utf8)).first }
        var policy = X509Policy(time: c.time ?? now)
        // A SERVER (CLIENT) validation asks for serverAuth (clientAuth), as limbo's harnesses do.
        let implied = c.validationKind == "SERVER" ? "serverAuth" : c.validationKind == "CLIENT" ? "clientAuth" : nil
        for name in c.extendedKeyUsage + (implied.map { c.extendedKeyUsage.contains($0) ? [] : [$0] } ?? []) {
            guard let oid = purposes[name] else { return verdict(.skipped, "extended key usage \(name) is not known") }
            policy.extendedKeyUsage.append(oid)
        }
        for name in c.keyUsage {
            guard let usage = Extensions.KeyUsage(name: name) else { return verdict(.skipped, "key usage \(name) is not known") }
            policy.requiredKeyUsage.insert(usage)
        }
        for (kind, value) in c.peerNames {
            switch kind {
            case "DNS": policy.peerNames.append(.dns(value))
            case "IP":
                guard let ip = PeerName(parsing: value), case .ipAddress = ip else { return verdict(.failure, "peer IP \(value) does not parse") }
                policy.peerNames.append(ip)
            case "RFC822": policy.peerNames.append(.email(value))
            default: return verdict(.skipped, "peer name kind \(kind)")
            }
        }
        if let depth = c.maxChainDepth { policy.maximumIntermediates = depth }
        for text in c.crls {
            do {
                policy.crls += try CRL.load(Array(text.utf8))
            } catch {
                return verdict(.failure, "CRL: \(error)")
            }
        }
        switch X509Verifier(trustAnchors: anchors).verify(leaf: peer, intermediates: pool, policy: policy) {
        case .success(let path): return verdict(.success, path.map { "\($0.subject)" }.joined(separator: " <- "))
        case .failure(let failure): return verdict(.failure, failure.description)
        }
    }
}
