import CKBBytes
import CKBScripts
import CKBTestSupport
import CKBVectors
import CSodium
import Foundation
import Testing

/// `ed25519_vector` (Contracts/lib/ed25519.c) against CKBEd25519 and libsodium 1.0.18.
@Suite struct Ed25519CrossCheckTests {
    /// Wycheproof's Ed25519 file both ways: every case with a 32-byte key and a 64-byte
    /// signature runs on-chain and agrees, and every verdict meets the file's expectation.
    @Test(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing))
    func wycheproofOnChain() throws {
        let path = TestPaths.sharedVectors!.appendingPathComponent("wycheproof/testvectors_v1/ed25519_test.json").path
        let vectors = try #require(try VectorFormats.read(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        let report = try CrossChecker().run(vectors, jobs: 2)
        #expect(report.cases == vectors.cases.count && report.cases >= 151)
        #expect(report.disagreed == 0)
        #expect(report.agreed >= 139, "\(report.agreed) agreed, \(report.offchainOnly) off-chain only")
        for (vector, outcome) in zip(vectors.cases, report.outcomes) {
            #expect(outcome.offchain == (vector.expectation == .valid), "tcId \(vector.id)")
        }
    }

    /// Signatures made by libsodium on random keys and messages (across SHA-512's block
    /// boundaries and past the script's 32 KiB witness chunk), and their corruptions: the
    /// script, CKBEd25519 and libsodium give the same verdict on every one.
    @Test func libsodiumSignaturesAndCorruptions() throws {
        #expect(sodium_init() >= 0)
        let checker = try CrossChecker()
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0xED25_0001))
        let order: [UInt8] = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14]
            + [UInt8](repeating: 0, count: 15) + [0x10]
        var accepted = 0, refused = 0
        for (round, length) in [0, 1, 64, 111, 112, 127, 128, 129, 1000, 40_000].enumerated() {
            var pk = [UInt8](repeating: 0, count: 32), sk = [UInt8](repeating: 0, count: 64)
            _ = crypto_sign_seed_keypair(&pk, &sk, rng.bytes(32))
            let message = rng.bytes(length)
            var signature = [UInt8](repeating: 0, count: 64)
            _ = message.withUnsafeBufferPointer { crypto_sign_detached(&signature, nil, $0.baseAddress, UInt64($0.count), sk) }

            var cases: [(String, [UInt8], [UInt8], [UInt8])] = [("signed", pk, signature, message)]
            var r = signature; r[Int(rng.next() % 32)] ^= 1 << (rng.next() % 8); cases.append(("R changed", pk, r, message))
            var s = signature; s[32 + Int(rng.next() % 31)] ^= 1 << (rng.next() % 8); cases.append(("S changed", pk, s, message))
            var k = pk; k[Int(rng.next() % 32)] ^= 1 << (rng.next() % 8); cases.append(("key changed", k, signature, message))
            cases.append(("message changed", pk, signature, message + [UInt8(round)]))
            // S + L: the same point equation, a non-canonical S (refused by every side).
            var sPlusL = Array(signature[32...]), carry = 0
            for i in 0..<32 {
                let sum = Int(sPlusL[i]) + Int(order[i]) + carry
                sPlusL[i] = UInt8(sum & 0xFF)
                carry = sum >> 8
            }
            cases.append(("S + L", pk, Array(signature[..<32]) + sPlusL, message))
            // A key of small order (the identity) and a key that is not canonical (y = p + 1).
            cases.append(("identity key", [1] + [UInt8](repeating: 0, count: 31), signature, message))
            cases.append(("key y = p + 1", [0xEE] + [UInt8](repeating: 0xFF, count: 30) + [0x7F], signature, message))

            for (name, key, sig, msg) in cases {
                let sodium = msg.withUnsafeBufferPointer { crypto_sign_verify_detached(sig, $0.baseAddress, UInt64($0.count), key) == 0 }
                let outcome = checker.check(VectorCase(id: "\(round) \(name)", check: .ed25519(publicKey: key, message: msg, signature: sig)))
                #expect(outcome.offchain == sodium && outcome.onchain == sodium,
                        "\(length)-byte message, \(name): libsodium \(sodium), Swift \(String(describing: outcome.offchain)), script \(String(describing: outcome.onchain)) \(outcome.note ?? "")")
                if sodium { accepted += 1 } else { refused += 1 }
            }
        }
        #expect(accepted == 10 && refused == 70)
    }

    /// The script refuses for the same reason CKBEd25519 does: its exit code names the check.
    @Test func exitCodesNameTheCheck() throws {
        let checker = try CrossChecker()
        let key: [UInt8] = try [UInt8](hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature: [UInt8] = try [UInt8](hex: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        let p: [UInt8] = [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
        let pPlus1: [UInt8] = [0xEE] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
        let identity: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)
        let cases: [(String, [UInt8], [UInt8], [UInt8], ContractError?)] = [
            ("RFC 8032 TEST 1", key, signature, [], nil),
            ("message changed", key, signature, [0], .mismatch),
            ("key of small order", identity, signature, [], .publicKey),
            ("key y = p + 1 (not canonical)", pPlus1, signature, [], .publicKey),
            ("R = p (y = 0, not canonical, small order)", key, p + Array(signature[32...]), [], .signature),
            ("R = p + 1 (y = 1, not canonical, small order)", key, pPlus1 + Array(signature[32...]), [], .signature),
            ("R = identity", key, identity + Array(signature[32...]), [], .signature),
            ("S = L", key, Array(signature[..<32]) + [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14]
                + [UInt8](repeating: 0, count: 15) + [0x10], [], .signature),
        ]
        for (name, key, signature, message, error) in cases {
            let outcome = checker.check(VectorCase(id: name, check: .ed25519(publicKey: key, message: message, signature: signature)))
            #expect(outcome.offchain == (error == nil) && outcome.onchain == (error == nil), "\(name)")
            if let error {
                #expect(outcome.note?.contains("exit code \(error.rawValue)") == true, "\(name): \(outcome.note ?? "")")
            }
        }
    }
}
