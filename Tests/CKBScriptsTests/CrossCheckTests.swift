import CKBChain
import CKBHash
import CKBScripts
import CKBSecp256k1
import CKBTestSupport
import CKBVectors
import Foundation
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

@Suite struct ECDSACrossCheckTests {
    /// Wycheproof's secp256k1 files (DER and P1363) run both ways: every case agrees and every
    /// verdict meets the file's expectation (the files hold no "acceptable" cases).
    @Test(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing),
          arguments: ["ecdsa_secp256k1_sha256_test.json", "ecdsa_secp256k1_sha256_p1363_test.json"])
    func wycheproofOnChain(file: String) throws {
        let path = TestPaths.sharedVectors!.appendingPathComponent("wycheproof/testvectors_v1/\(file)").path
        let vectors = try #require(try VectorFormats.read(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        let report = try CrossChecker().run(vectors, jobs: 2)
        #expect(report.cases == vectors.cases.count && report.cases > 200)
        #expect(report.agreed == report.cases, "\(report.disagreed) disagreed, \(report.offchainOnly) off-chain only")
        for (vector, outcome) in zip(vectors.cases, report.outcomes) {
            #expect(outcome.offchain == (vector.expectation == .valid), "tcId \(vector.id)")
        }
    }

    /// A signature made in Swift verifies on-chain with either encoding and each hash (whose
    /// digest is truncated to 32 bytes), over messages across the hashes' block boundaries; a
    /// changed message is refused.
    @Test(arguments: [HashAlgorithm.sha256, .sha384, .sha512])
    func swiftSignaturesOnChain(hash: HashAlgorithm) throws {
        let checker = try CrossChecker()
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0xECD5_0001))
        for (round, length) in [0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 129, 300].enumerated() {
            let key = try Secp256k1.PrivateKey(rawRepresentation: rng.bytes(32))
            let message = rng.bytes(length)
            let signature = try key.signature(for: VectorCase.ecdsaDigestForTests(hash, message))
            let publicKey = round % 2 == 0 ? key.publicKey.compressedRepresentation : key.publicKey.uncompressedRepresentation
            for (bytes, encoding) in [(signature.derRepresentation, VectorCase.SignatureEncoding.der), (signature.compactRepresentation, .p1363)] {
                let outcome = checker.check(VectorCase(id: "\(round)", check: .ecdsaSecp256k1(
                    publicKey: publicKey, message: message, hash: hash, signature: bytes, encoding: encoding, allowingHighS: false)))
                #expect(outcome.offchain == true && outcome.onchain == true, "\(hash) \(length) \(encoding): \(outcome.note ?? "")")
            }
            var tampered = message
            tampered.append(1)
            let refused = checker.check(VectorCase(id: "\(round)", check: .ecdsaSecp256k1(
                publicKey: publicKey, message: tampered, hash: hash, signature: signature.compactRepresentation,
                encoding: .p1363, allowingHighS: true)))
            #expect(refused.offchain == false && refused.onchain == false)
            #expect(refused.note?.contains("exit code \(ContractError.mismatch.rawValue)") == true)
        }
    }
}

extension VectorCase {
    /// The digest ECDSA signs for `message`: the hash, truncated to 32 bytes (SEC 1 §4.1.3).
    static func ecdsaDigestForTests(_ hash: HashAlgorithm, _ message: [UInt8]) throws -> [UInt8] {
        Array(try hash.hash(message).bytes.prefix(32))
    }
}
