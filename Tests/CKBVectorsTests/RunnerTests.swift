import CKBHash
import CKBTestSupport
import CKBVectors
import Foundation
import Testing

/// Writes files into a fresh temporary folder for one test.
final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

func project(_ algorithm: String, _ cases: String) -> String {
    #"{"format": "ckbcrypto-vectors/1", "algorithm": "\#(algorithm)", "cases": [\#(cases)]}"#
}

@Suite struct ProjectFormatTests {
    let runner = VectorRunner()

    @Test func validAndInvalidCasesAreJudged() throws {
        let scratch = try Scratch()
        let abc = SHA256.hash(Array("abc".utf8)).description
        var wrong = Array(abc)
        wrong[0] = wrong[0] == "0" ? "1" : "0"
        let path = try scratch.write("sha.json", project("sha256", """
            {"id": 1, "input": "616263", "digest": "\(abc)"},
            {"id": 2, "input": "616263", "digest": "\(String(wrong))", "result": "invalid"},
            {"id": 3, "input": "616263", "digest": "\(String(wrong))", "result": "acceptable"}
            """))
        let report = try runner.run(file: path)
        #expect((report.cases, report.passed, report.failed, report.skipped) == (3, 3, 0, 0))
        #expect(report.format == "ckbcrypto-vectors/1")
    }

    /// Header chains need a judge from above (CKBChain): skipped without one, judged with one,
    /// and a malformed "headers" field is a located error.
    @Test func headerChainsUseTheirJudge() throws {
        let scratch = try Scratch()
        let path = try scratch.write("pow.json", project("pow-mainnet", """
            {"id": 1, "headers": ["00ff"], "result": "valid"},
            {"id": 2, "headers": [], "result": "invalid"}
            """))
        let skipped = try runner.run(file: path)
        #expect((skipped.cases, skipped.skipped) == (2, 2))
        let judged = try VectorRunner(judges: VectorJudges(headerChain: { network, headers in
            network == "mainnet" && headers == [[0x00, 0xFF]]
        })).run(file: path)
        #expect((judged.passed, judged.failed) == (2, 0))
        let bad = try scratch.write("bad.json", project("pow-testnet", #"{"id": 7, "headers": "00"}"#))
        #expect(throws: VectorError.self) { try runner.run(file: bad) }
    }

    @Test func aWrongDigestIsAFailureNamingTheCase() throws {
        let scratch = try Scratch()
        let path = try scratch.write("bad.json", project("ckb", #"{"id": "x7", "input": "", "digest": "00"}"#))
        let report = try runner.run(file: path)
        #expect((report.passed, report.failed) == (0, 1))
        #expect(report.failures.first?.id == "x7")
        #expect(report.failures.first?.reason.contains("44f4c697") == true)
        // And a correct digest that the file claims is invalid fails too.
        let inverted = try scratch.write("inv.json", project("ckb", """
            {"input": "", "digest": "44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e", "result": "invalid"}
            """))
        #expect(try runner.run(file: inverted).failed == 1)
    }

    @Test func everyAlgorithmIsWired() throws {
        let scratch = try Scratch()
        let input = Array("ckbcrypto".utf8)
        let hex = input.map { String(format: "%02x", $0) }.joined()
        var keyed = try BLAKE2b(digestByteCount: 20, key: [1, 2], salt: [3], personalization: [4])
        keyed.update(input)
        let files = [
            project("ckb", #"{"input": "\#(hex)", "digest": "\#(ckbHash(input))"}"#),
            project("blake160", #"{"input": "\#(hex)", "digest": "\#(blake160(input))"}"#),
            project("blake2b", #"{"input": "\#(hex)", "length": 20, "key": "0102", "salt": "03", "personal": "04", "digest": "\#(keyed.finalize())"}"#),
            project("sha256", #"{"input": "\#(hex)", "digest": "\#(SHA256.hash(input))"}"#),
            project("hmac-sha256", #"{"input": "\#(hex)", "key": "0a", "digest": "\#(HMAC<SHA256>.authenticationCode(for: input, key: [10]).prefix(16))"}"#),
            project("eaglesong", #"{"input": "\#(hex)", "digest": "\#(eaglesong(input))"}"#),
        ]
        for (index, text) in files.enumerated() {
            let report = try runner.run(file: try scratch.write("f\(index).json", text))
            #expect(report.passed == 1, "\(text): \(report.failures)")
        }
    }

    @Test func unknownAlgorithmIsSkippedAndCounted() throws {
        let scratch = try Scratch()
        let report = try runner.run(file: try scratch.write("x.json", project("md5", #"{"input": "", "digest": "00"}, {"input": "", "digest": "00"}"#)))
        #expect((report.cases, report.skipped) == (2, 2))
        #expect(report.skipReasons.first?.count == 2)
    }

    @Test func malformedFilesNameThePlace() throws {
        let scratch = try Scratch()
        let badHex = try scratch.write("a.json", project("sha256", #"{"id": 4, "input": "zz", "digest": "00"}"#))
        #expect(throws: VectorError(path: badHex, kind: .malformed(#"case 4 "input": invalid hex digit 'z' at position 0"#))) {
            try runner.run(file: badHex)
        }
        let missing = try scratch.write("b.json", project("sha256", #"{"id": 5, "input": ""}"#))
        #expect(throws: VectorError(path: missing, kind: .malformed(#"case 5: missing "digest""#))) { try runner.run(file: missing) }
        let badResult = try scratch.write("c.json", project("sha256", #"{"id": 6, "input": "", "digest": "00", "result": "maybe"}"#))
        #expect(throws: VectorError.self) { try runner.run(file: badResult) }
        let future = try scratch.write("d.json", #"{"format": "ckbcrypto-vectors/9", "cases": []}"#)
        #expect(throws: VectorError.self) { try runner.run(file: future) }
        let broken = try scratch.write("e.json", #"{"format": "#)
        do {
            _ = try runner.run(file: broken)
            Issue.record("accepted broken JSON")
        } catch {
            #expect(error.description.contains("line 1, column 12"))
        }
    }

    @Test func unreadableAndUnrecognisedFiles() throws {
        let scratch = try Scratch()
        let path = scratch.directory.appendingPathComponent("absent.json").path
        #expect(throws: VectorError(path: path, kind: .unreadable("No such file or directory"))) { try runner.run(file: path) }
        let other = try scratch.write("other.json", #"{"name": "not vectors"}"#)
        #expect(throws: VectorError(path: other, kind: .notRecognised)) { try runner.run(file: other) }
    }

    @Test func jsonLineHasExactlyTheDocumentedKeys() throws {
        let scratch = try Scratch()
        let path = try scratch.write("q\"uote.json", project("md5", #"{"input": "", "digest": "00"}"#))
        let line = try runner.run(file: path).jsonLine
        #expect(line == #"{"file": "\#(path.replacingOccurrences(of: "\"", with: "\\\""))", "cases": 1, "passed": 0, "failed": 0, "skipped": 1}"#)
    }
}

@Suite struct ThirdPartyFormatTests {
    let runner = VectorRunner()

    @Test func nistShortMessagesWithCRLF() throws {
        let scratch = try Scratch()
        let path = try scratch.write("SHA256ShortMsg.rsp", "#  CAVS 11.0\r\n[L = 32]\r\n\r\nLen = 0\r\nMsg = 00\r\nMD = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n\r\nLen = 8\r\nMsg = d3\r\nMD = 28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1\r\n\r\nLen = 5\r\nMsg = 68\r\nMD = 0000\r\n")
        let report = try runner.run(file: path)
        #expect((report.cases, report.passed, report.failed, report.skipped) == (3, 2, 0, 1))
        #expect(report.format == "nist-rsp")
    }

    @Test func nistMonteCarlo() throws {
        // Seed and first two checkpoints of NIST SHAVS SHA256Monte.rsp (values re-derived with
        // Python hashlib).
        let scratch = try Scratch()
        let path = try scratch.write("SHA256Monte.rsp", """
            [L = 32]

            Seed = 6d1e72ad03ddeb5de891e572e2396f8da015d899ef0e79503152d6010a3fe691

            COUNT = 0
            MD = e93c330ae5447738c8aa85d71a6c80f2a58381d05872d26bdd39f1fcd4f2b788

            COUNT = 1
            MD = 2e78f8c8772ea7c9331d41ed3f9cdf27d8f514a99342ee766ee3b8b0d0b121c0

            """)
        let report = try runner.run(file: path)
        #expect((report.cases, report.passed) == (2, 2))
    }

    @Test func sha384FilesAreJudged() throws {
        let scratch = try Scratch()
        let path = try scratch.write("SHA384ShortMsg.rsp", "[L = 48]\n\nLen = 0\nMsg = 00\nMD = 38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b\n\nLen = 8\nMsg = c5\nMD = 00\n")
        let report = try runner.run(file: path)
        #expect((report.cases, report.passed, report.failed) == (2, 1, 1))
    }

    @Test func otherSHAFamiliesAreSkippedNotDropped() throws {
        let scratch = try Scratch()
        let path = try scratch.write("SHA224ShortMsg.rsp", "[L = 28]\n\nLen = 0\nMsg = 00\nMD = 00\n\nLen = 8\nMsg = c5\nMD = 00\n")
        let report = try runner.run(file: path)
        #expect((report.cases, report.skipped) == (2, 2))
        #expect(report.skipReasons.first?.reason == "SHA-224 is not implemented")
    }

    @Test func blake2KATText() throws {
        let scratch = try Scratch()
        let keyed = try BLAKE2b(digestByteCount: 64, key: [0, 1])
        let path = try scratch.write("blake2b-kat.txt", "\nin:\t\nkey:\t0001\nhash:\t\(keyed.finalize())\n\nin:\t00\nkey:\t0001\nhash:\t00\n")
        let report = try runner.run(file: path)
        #expect((report.cases, report.passed, report.failed) == (2, 1, 1))
        let other = try scratch.write("blake2s-kat.txt", "in:\t\nkey:\t00\nhash:\t00\n")
        #expect(try runner.run(file: other).skipped == 1)
    }

    @Test func blake2KATJSON() throws {
        let scratch = try Scratch()
        let path = try scratch.write("blake2-kat.json", """
            [{"hash": "blake2s", "in": "", "key": "", "out": "00"},
             {"hash": "blake2b", "in": "616263", "key": "", "out": "\(BLAKE2b.hash(Array("abc".utf8)))"}]
            """)
        let report = try runner.run(file: path)
        #expect((report.cases, report.passed, report.skipped) == (2, 1, 1))
    }

    @Test func eaglesongText() throws {
        let scratch = try Scratch()
        let text = "# a\nInput = 61\nOutput = 34D81E6AA4551C99EDBA23E65B69AF25B478F5E8233461A7A8C0EB3F40407C97\n"
        let report = try runner.run(file: try scratch.write("eaglesong_vectors.txt", text))
        #expect((report.cases, report.passed) == (1, 1))
        // The same lines in a file that never names Eaglesong are not guessed at.
        let unnamed = try scratch.write("pairs.txt", "Input = 61\nOutput = 00\n")
        #expect(throws: VectorError(path: unnamed, kind: .notRecognised)) { try runner.run(file: unnamed) }
    }

    @Test func hashCasesWithParameters() throws {
        let scratch = try Scratch()
        let path = try scratch.write("ckb.json", """
            {"params": {"outlen": 32, "key": "", "salt": "", "personal_hex": "636b622d64656661756c742d68617368"},
             "cases": [{"input_hex": "", "digest": "44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e"}]}
            """)
        #expect(try runner.run(file: path).passed == 1)
    }

    @Test func wycheproofHMACAndUnsupportedSchemes() throws {
        let scratch = try Scratch()
        let hmac = try scratch.write("hmac_sha256_test.json", """
            {"algorithm": "HMACSHA256", "schema": "mac_test_schema.json", "numberOfTests": 3,
             "testGroups": [{"keySize": 128, "tagSize": 128, "type": "MacTest", "tests": [
               {"tcId": 1, "comment": "", "flags": [], "key": "01010101010101010101010101010101", "msg": "616263", "tag": "249df4b14eeba30aa9eb8b33481015fe", "result": "valid"},
               {"tcId": 2, "comment": "", "flags": [], "key": "01010101010101010101010101010101", "msg": "616264", "tag": "249df4b14eeba30aa9eb8b33481015fe", "result": "invalid"}]},
              {"keySize": 0, "tagSize": 256, "type": "MacTest", "tests": [
               {"tcId": 3, "comment": "", "flags": [], "key": "", "msg": "", "tag": "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", "result": "valid"}]}]}
            """)
        let report = try runner.run(file: hmac)
        #expect((report.cases, report.passed, report.failed) == (3, 3, 0))

        // ECDSA on a curve or with a hash this project does not have is counted as skipped.
        let p256 = try scratch.write("ecdsa_secp256r1_test.json", """
            {"algorithm": "ECDSA", "numberOfTests": 2, "testGroups": [{"type": "EcdsaVerify", "sha": "SHA-256",
              "publicKey": {"curve": "secp256r1", "uncompressed": "04"}, "tests": [
              {"tcId": 1, "msg": "", "sig": "", "result": "valid"}, {"tcId": 2, "msg": "", "sig": "", "result": "invalid"}]}]}
            """)
        let skipped = try runner.run(file: p256)
        #expect((skipped.cases, skipped.skipped, skipped.failed) == (2, 2, 0))
        let noKey = try scratch.write("ecdsa_test.json", """
            {"algorithm": "ECDSA", "numberOfTests": 1, "testGroups": [{"tests": [{"tcId": 1, "msg": "", "sig": "", "result": "valid"}]}]}
            """)
        #expect(throws: VectorError(path: noKey, kind: .malformed("testGroups[0]: \"publicKey\" is missing"))) {
            try runner.run(file: noKey)
        }

        let miscounted = try scratch.write("bad_test.json", #"{"algorithm": "ECDSA", "numberOfTests": 5, "testGroups": []}"#)
        #expect(throws: VectorError(path: miscounted, kind: .malformed("numberOfTests is 5 but the groups hold 0 tests"))) {
            try runner.run(file: miscounted)
        }
    }

    @Test func wycheproofEdDSA() throws {
        let scratch = try Scratch()
        // RFC 8032 section 7.1, TEST 1; the same signature with its last byte changed; an Ed448
        // group, which this project does not have.
        let sig = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        let bad = String(sig.dropLast(2)) + "0c"
        let file = try scratch.write("ed25519_test.json", """
            {"algorithm": "EDDSA", "schema": "eddsa_verify_schema_v1.json", "numberOfTests": 4, "testGroups": [
              {"type": "EddsaVerify", "publicKey": {"curve": "edwards25519", "keySize": 255,
                "pk": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"}, "tests": [
                {"tcId": 1, "msg": "", "sig": "\(sig)", "result": "valid"},
                {"tcId": 2, "msg": "", "sig": "\(bad)", "result": "invalid"},
                {"tcId": 3, "msg": "00", "sig": "\(sig)", "result": "invalid"}]},
              {"type": "EddsaVerify", "publicKey": {"curve": "edwards448", "pk": "00"}, "tests": [
                {"tcId": 4, "msg": "", "sig": "", "result": "valid"}]}]}
            """)
        let report = try runner.run(file: file)
        #expect((report.cases, report.passed, report.failed, report.skipped) == (4, 3, 0, 1))
        // A verdict the other way round fails.
        let wrong = try scratch.write("ed25519_wrong_test.json", """
            {"algorithm": "EDDSA", "numberOfTests": 1, "testGroups": [{"publicKey": {"curve": "edwards25519",
              "pk": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"}, "tests": [
              {"tcId": 1, "msg": "", "sig": "\(bad)", "result": "valid"}]}]}
            """)
        #expect(try runner.run(file: wrong).failed == 1)
        let noKey = try scratch.write("eddsa_test.json", """
            {"algorithm": "EDDSA", "numberOfTests": 1, "testGroups": [{"tests": [{"tcId": 1, "msg": "", "sig": "", "result": "valid"}]}]}
            """)
        #expect(throws: VectorError(path: noKey, kind: .malformed("testGroups[0]: \"publicKey\" is missing"))) {
            try runner.run(file: noKey)
        }
    }

    @Test func discoveryWalksFoldersAndKeepsOnlyVectorFiles() throws {
        let scratch = try Scratch()
        try scratch.write("a/one.json", project("ckb", #"{"input": "", "digest": "00"}"#))
        try scratch.write("a/b/two.rsp", "Len = 0\nMsg = 00\nMD = 00\n")
        try scratch.write("a/schema.json", #"{"$schema": "x"}"#)
        try scratch.write("a/README.md", "# not vectors")
        try scratch.write("a/.hidden.json", project("ckb", ""))
        try scratch.write("a/broken.json", #"{"format": "ckbcrypto-vectors/1", "algorithm": "ckb", "cases": [{"input": "zz", "digest": "00"}]}"#)
        let loaded = try runner.load([scratch.directory.path])
        // Folders are walked depth first in name order: a/b/two.rsp, then a/broken.json, a/one.json.
        #expect(loaded.count == 3)
        #expect((try? loaded[0].get())?.format == "nist-rsp")
        if case .failure(let error) = loaded[1] {
            #expect(error.description.contains("broken.json"))
            #expect(error.description.contains("invalid hex digit"))
        } else {
            Issue.record("a malformed vector file in a folder must be reported")
        }
        #expect((try? loaded[2].get())?.format == "ckbcrypto-vectors/1")
        // A file named explicitly is always returned, recognised or not.
        let readme = scratch.directory.appendingPathComponent("a/README.md").path
        let named = try runner.load([readme])
        if case .failure(let error) = named.first { #expect(error.kind == .notRecognised) } else { Issue.record("README accepted") }
        #expect(throws: VectorError.self) { try runner.load([scratch.directory.appendingPathComponent("nope").path]) }
    }
}

/// The bundled suites and the shared suites run clean through the runner.
@Suite struct BundledSuiteTests {
    @Test func projectVectorsAllPass() throws {
        let runner = VectorRunner()
        let files = try runner.load([TestPaths.projectVectors.path]).map { try $0.get() }
        #expect(files.count >= 7)
        var invalid = 0
        for file in files {
            let report = runner.run(file)
            // Header chains need CKBChain's judge (CLITests run them judged); nothing else skips.
            let needJudge = file.cases.filter { if case .headerChain = $0.check { true } else { false } }.count
            #expect(report.failed == 0 && report.skipped == needJudge, "\(file.path): \(report.failures.prefix(3))")
            invalid += file.cases.filter { $0.expectation == .invalid }.count
        }
        #expect(invalid > 50)  // the suites carry negative cases, so a checker that accepts all fails
    }

    @Test(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing))
    func sharedVectorsHaveNoFailures() throws {
        let runner = VectorRunner()
        var passed = 0
        for loaded in try runner.load([TestPaths.sharedVectors!.path]) {
            let report = runner.run(try loaded.get())
            #expect(report.failed == 0, "\(report.path): \(report.failures.prefix(3))")
            passed += report.passed
        }
        #expect(passed >= 962)
    }
}
