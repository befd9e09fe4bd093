import CKBChain
import CKBHash
import CKBScripts
import CKBVectors
import Testing

@Suite struct CrossCheckTests {
    @Test func verdictsBothWays() throws {
        let checker = try CrossChecker()
        let message = Array("abc".utf8)
        let digest = try HashAlgorithm.sha256.hash(message).bytes
        let good = checker.check(VectorCase(id: "good", check: .digest(.sha256, input: message, expected: digest, truncated: false)))
        #expect(good.offchain == true && good.onchain == true && good.agreed == true)
        #expect((good.cycles ?? 0) > 10_000)
        var wrong = digest
        wrong[0] ^= 0x80
        let bad = checker.check(VectorCase(id: "bad", check: .digest(.sha256, input: message, expected: wrong, truncated: false),
                                           expectation: .invalid))
        #expect(bad.offchain == false && bad.onchain == false && bad.agreed == true)
        #expect(bad.note?.contains("exit code \(ContractError.mismatch.rawValue)") == true)
    }

    @Test func casesWithoutAnOnChainTwin() throws {
        let checker = try CrossChecker()
        let hmac = checker.check(VectorCase(id: "h", check: .digest(.hmacSHA256(key: [1]), input: [], expected: Array(repeating: 0, count: 32), truncated: false)))
        #expect(hmac.offchain == false && hmac.onchain == nil && hmac.agreed == nil)
        let skipped = checker.check(VectorCase(id: "s", check: .unsupported(reason: "not yet")))
        #expect(skipped.offchain == nil && skipped.note == "not yet")
    }
}
