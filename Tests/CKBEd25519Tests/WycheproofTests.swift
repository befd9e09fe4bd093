import CKBEd25519
import CKBJSON
import CKBTestSupport
import Foundation
import Testing

/// Wycheproof's `ed25519_test.json` (schema `eddsa_verify_schema_v1.json`), read from
/// ../shared/vectors.
///
/// Policy: "valid" must verify and "invalid" must not. "acceptable" (none in the file at the
/// time of writing: 88 valid, 63 invalid) is decided by libsodium 1.0.18's verdict, which this
/// module implements; the count of such cases is recorded in the test output. Every case is
/// also run through libsodium, and the two verdicts must agree on all of them.
@Suite(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing))
struct WycheproofTests {
    struct Case {
        let id: Int
        let group: Int
        let publicKey: [UInt8]
        let publicKeyDER: [UInt8]?
        let publicKeyPEM: String?
        let message: [UInt8]
        let signature: [UInt8]
        let result: String
        let flags: [String]
    }

    static func cases() throws -> [Case] {
        let data = try TestPaths.shared("wycheproof/testvectors_v1/ed25519_test.json")
        let root = try JSON.parse(Array(data))
        #expect(root["schema"]?.stringValue == "eddsa_verify_schema_v1.json")
        var out: [Case] = []
        for (g, group) in (root["testGroups"]?.arrayValue ?? []).enumerated() {
            let pk = hex(group["publicKey"]?["pk"]?.stringValue ?? "")
            let der = group["publicKeyDer"]?.stringValue.map(hex)
            let pem = group["publicKeyPem"]?.stringValue
            for test in group["tests"]?.arrayValue ?? [] {
                out.append(Case(
                    id: test["tcId"]?.intValue ?? -1, group: g, publicKey: pk, publicKeyDER: der, publicKeyPEM: pem,
                    message: hex(test["msg"]?.stringValue ?? ""), signature: hex(test["sig"]?.stringValue ?? ""),
                    result: test["result"]?.stringValue ?? "?",
                    flags: test["flags"]?.arrayValue?.compactMap(\.stringValue) ?? []))
            }
        }
        #expect(out.count == root["numberOfTests"]?.intValue)
        return out
    }

    static func verify(_ c: Case) -> Bool {
        guard let key = try? Ed25519.PublicKey(rawRepresentation: c.publicKey) else { return false }
        return key.isValidSignatureVariableTime(c.signature, for: c.message)
    }

    @Test func verdicts() throws {
        let all = try Self.cases()
        var counts: [String: Int] = [:]
        var failures: [String] = []
        var disagreements: [String] = []
        for c in all {
            counts[c.result, default: 0] += 1
            let ours = Self.verify(c)
            let theirs = Sodium.verify(c.signature, c.message, publicKey: c.publicKey)
            if ours != theirs { disagreements.append("tcId \(c.id): ours \(ours), libsodium \(theirs)") }
            switch c.result {
            case "valid": if !ours { failures.append("tcId \(c.id) (valid, \(c.flags)) refused") }
            case "invalid": if ours { failures.append("tcId \(c.id) (invalid, \(c.flags)) accepted") }
            case "acceptable": break  // libsodium's verdict, checked through `disagreements`
            default: failures.append("tcId \(c.id): unknown result \(c.result)")
            }
        }
        print("Wycheproof ed25519_test.json: \(all.count) cases, \(counts["valid", default: 0]) valid, "
            + "\(counts["invalid", default: 0]) invalid, \(counts["acceptable", default: 0]) acceptable "
            + "(decided as libsodium does)")
        #expect(all.count >= 151)
        #expect(counts["valid", default: 0] > 0 && counts["invalid", default: 0] > 0)
        #expect(failures.isEmpty, "\(failures)")
        #expect(disagreements.isEmpty, "\(disagreements)")
    }

    /// Every group's DER and PEM key decodes to its raw key.
    @Test func keyEncodings() throws {
        var seen = Set<[UInt8]>()
        for c in try Self.cases() where seen.insert(c.publicKey).inserted {
            let raw = try Ed25519.PublicKey(rawRepresentation: c.publicKey)
            if let der = c.publicKeyDER {
                let key = try Ed25519.PublicKey(derRepresentation: der)
                #expect(key == raw)
                #expect(key.derRepresentation == der)
            }
            if let pem = c.publicKeyPEM {
                #expect(try Ed25519.PublicKey(pemRepresentation: pem) == raw)
            }
        }
        #expect(seen.count > 10)
    }
}
