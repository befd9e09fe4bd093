import CKBBytes
import CKBHash
import CKBJSON
import CKBTestSupport
import Foundation
import Testing

/// Known-answer tests: facts stated in specifications, and the shared third-party suites.
@Suite struct KnownAnswerTests {
    @Test func ckbHashOfEmptyInputIsBlankHash() {
        // Nervos RFC 0027 / CKB BLANK_HASH.
        #expect(ckbHash([UInt8]()).description == "44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e")
        #expect(blake160([UInt8]()).description == "44f4c69744d5f8c55d642062949dcae49bc4e7ef")
        #expect(blake160([UInt8]()).count == 20)
    }

    @Test func ckbHasherEqualsPersonalizedBLAKE2b() throws {
        let data = Array("The quick brown fox jumps over the lazy dog".utf8)
        let viaParameters = try BLAKE2b(digestByteCount: 32, personalization: Array("ckb-default-hash".utf8))
        var hasher = viaParameters
        hasher.update(data)
        #expect(hasher.finalize() == ckbHash(data))
        #expect(ckbHash(data).description == "abfa2c08d62f6f567d088d6ba41d3bbbb9a45c241a8e3789ef39700060b5cee2")
    }

    @Test func blake2bAbcFromRFC7693AppendixA() {
        #expect(BLAKE2b.hash(Array("abc".utf8)).description
            == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    /// RFC 7693 Appendix E: every (digest length, input length, keyed) combination folded into one
    /// BLAKE2b-256 "grand hash" published in the RFC.
    @Test func rfc7693GrandHashSelfTest() {
        #expect(BLAKE2b.rfc7693SelfTestGrandHash().description == "c23a7800d98123bd10f506c61e29da5603d763b8bbad2e737f5e765a7bccd475")
    }

    @Test func sha256ShortFacts() {
        #expect(SHA256.hash([UInt8]()).description == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).description == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // FIPS 180-4 example: the 448-bit message that forces a second padding block.
        #expect(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).description
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// FIPS 180-4's SHA-512 and SHA-384 examples: one block, and the 896-bit message whose
    /// padding needs a second block.
    /// FIPS 180-4 examples (NIST's SHA1.pdf) and the million-'a' message.
    @Test func insecureSHA1Facts() {
        #expect(Insecure.SHA1.hash([UInt8]()).description == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Insecure.SHA1.hash(Array("abc".utf8)).description == "a9993e364706816aba3e25717850c26c9cd0d89d")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Insecure.SHA1.hash(two).description == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        var hasher = Insecure.SHA1()
        for _ in 0..<1000 { hasher.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(hasher.finalize().description == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(hasher.digestByteCount == 20)
    }

    @Test func sha512And384Facts() {
        let two = Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        #expect(SHA512.hash(Array("abc".utf8)).description == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(SHA384.hash(Array("abc".utf8)).description == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(SHA512.hash(two).description == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
        #expect(SHA384.hash(two).description == "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039")
        #expect(SHA512().digestByteCount == 64 && SHA384().digestByteCount == 48)
    }

    /// RFC 4231 section 4 test cases 1-7 (case 5, truncated output, compares the first 16 bytes).
    @Test(arguments: [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e",
         "a3b6167473100ee06e0c796c2955552b"),
        (String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func hmacSHA256RFC4231(key: String, data: String, mac: String) throws {
        let code = HMAC<SHA256>.authenticationCode(for: try [UInt8](hex: data), key: try [UInt8](hex: key))
        #expect(code.description.hasPrefix(mac))
        let expected = try [UInt8](hex: mac)
        if expected.count == 32 {
            #expect(HMAC<SHA256>.isValidAuthenticationCode(expected, for: try [UInt8](hex: data), key: try [UInt8](hex: key)))
        }
    }

    /// Nervos RFC 0010 and the spec's table (spec/ckb.md 5.4).
    @Test(arguments: [
        ("", "9e4452fc7aed93d7240b7b55263792befd1be09252b456401122ba71a56f62a0"),
        ("a", "34d81e6aa4551c99edba23e65b69af25b478f5e8233461a7a8c0eb3f40407c97"),
        ("abc", "1e93baa3ff9f8afa381430b7811d428c5b4514f39f6a78d00511b20305067b68"),
        ("Hello, world!\n", "64867e2441d162615dc2430b6bcb4d3f4b95e4d0db529fca1eece73c077d72d6"),
        ("1111111111111111111111111111111111\n", "a50a3310f78cbaeadcffe2d46262119eeeda9d6568b4df1b636399742c867aca"),
    ])
    func eaglesongFacts(input: String, output: String) {
        #expect(eaglesong(Array(input.utf8)).description == output)
    }

    /// Mainnet proof of work (spec/ckb.md 5.5): Eaglesong(pow_hash || nonce as u128 LE).
    @Test(arguments: [
        ("4a27fabbcfb17319ca0dbffba2fd61669211eb72c09fa98b5deba48adf50eba6", "19759fb43000000000000000b28a9573",
         "0000000000001a29275a8740b896829a3d01dda52f9c89080b59bfeef284e3f5"),
        ("f5ef1543122f31e43969db37718a6b9a3c1958080f4eeabb2fe5ff22311d2934", "74e39f370400000000000000bb4b3299",
         "000000000000228dd4f7f86f68b7defc13a73325806493fd88a03cae5ad6517c"),
    ])
    func eaglesongMainnetProofOfWork(powHash: String, nonce: String, expected: String) throws {
        let message = try [UInt8](hex: powHash) + [UInt8](hex: nonce).reversed()
        #expect(message.count == 48)
        #expect(eaglesong(message).description == expected)
    }

    @Test func blake2bParameterErrors() {
        #expect(throws: BLAKE2b.ParameterError(kind: .digestLength(0))) { try BLAKE2b(digestByteCount: 0) }
        #expect(throws: BLAKE2b.ParameterError(kind: .digestLength(65))) { try BLAKE2b(digestByteCount: 65) }
        #expect(throws: BLAKE2b.ParameterError(kind: .keyLength(65))) { try BLAKE2b(key: [UInt8](repeating: 1, count: 65)) }
        #expect(throws: BLAKE2b.ParameterError(kind: .saltLength(17))) { try BLAKE2b(salt: [UInt8](repeating: 1, count: 17)) }
        #expect(throws: BLAKE2b.ParameterError(kind: .personalizationLength(17))) {
            try BLAKE2b(personalization: [UInt8](repeating: 1, count: 17))
        }
    }

    @Test func shortSaltAndPersonalizationArePaddedWithZeros() throws {
        var short = try BLAKE2b(digestByteCount: 32, salt: [1, 2, 3], personalization: [9])
        var padded = try BLAKE2b(
            digestByteCount: 32, salt: [1, 2, 3] + [UInt8](repeating: 0, count: 13),
            personalization: [9] + [UInt8](repeating: 0, count: 15))
        short.update([7, 7])
        padded.update([7, 7])
        #expect(short.finalize() == padded.finalize())
    }
}

/// The third-party suites in ../shared/vectors, read directly (not through the runner).
@Suite(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing))
struct SharedSuiteTests {
    func lines(_ relative: String) throws -> [Substring] {
        String(decoding: try TestPaths.shared(relative), as: UTF8.self).split(omittingEmptySubsequences: false) {
            $0 == "\n" || $0 == "\r\n"
        }
    }

    @Test func blake2bKATText() throws {
        var count = 0
        var input: [UInt8] = []
        var key: [UInt8] = []
        for line in try lines("blake2b/blake2b-kat.txt") {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let value = try [UInt8](hex: parts[1].trimmingCharacters(in: .whitespaces))
            switch parts[0] {
            case "in:": input = value
            case "key:": key = value
            case "hash:":
                var hasher = try BLAKE2b(digestByteCount: value.count, key: key)
                hasher.update(input)
                #expect(hasher.finalize().bytes == value, "case \(count)")
                count += 1
            default: Issue.record("unexpected label \(parts[0])")
            }
        }
        #expect(count == 256)
    }

    @Test func blake2KATJSON() throws {
        let json = try JSON.parse(Array(try TestPaths.shared("blake2b/blake2-kat.json")))
        var count = 0
        for record in json.arrayValue ?? [] where record["hash"]?.stringValue == "blake2b" {
            let expected = try [UInt8](hex: record["out"]!.stringValue!)
            var hasher = try BLAKE2b(digestByteCount: expected.count, key: try [UInt8](hex: record["key"]!.stringValue!))
            hasher.update(try [UInt8](hex: record["in"]!.stringValue!))
            #expect(hasher.finalize().bytes == expected)
            count += 1
        }
        #expect(count == 512)
    }

    @Test func rfc7693Components() throws {
        let json = try JSON.parse(Array(try TestPaths.shared("blake2b/rfc7693.json")))
        let components = json["appendix_e"]?["components"]?.arrayValue ?? []
        #expect(components.count == 48)
        var grand = try BLAKE2b(digestByteCount: 32)
        for c in components {
            var hasher = try BLAKE2b(digestByteCount: c["outlen"]!.intValue!, key: try [UInt8](hex: c["key"]!.stringValue!))
            hasher.update(try [UInt8](hex: c["input"]!.stringValue!))
            let digest = hasher.finalize()
            #expect(digest.description == c["digest"]!.stringValue!)
            grand.update(digest)
        }
        #expect(grand.finalize().description == json["appendix_e"]!["grand_hash"]!.stringValue!)
    }

    @Test func ckbBLAKE2b256() throws {
        let json = try JSON.parse(Array(try TestPaths.shared("blake2b/ckb_blake2b_256.json")))
        let cases = json["cases"]?.arrayValue ?? []
        #expect(cases.count == 3)
        for c in cases {
            #expect(ckbHash(try [UInt8](hex: c["input_hex"]!.stringValue!)).description == c["digest"]!.stringValue!)
        }
    }

    @Test(arguments: ["sha256/SHA256ShortMsg.rsp", "sha256/SHA256LongMsg.rsp"])
    func nistSHA256(file: String) throws {
        var bits = 0
        var message: [UInt8] = []
        var count = 0
        for line in try lines(file) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "Len": bits = Int(parts[1])!
            case "Msg": message = Array(try [UInt8](hex: parts[1]).prefix(bits / 8))
            case "MD":
                #expect(SHA256.hash(message).description == parts[1], "Len = \(bits)")
                count += 1
            default: break
            }
        }
        #expect(count == (file.contains("Short") ? 65 : 64))
    }

    @Test func eaglesongTestVectors() throws {
        var input: [UInt8] = []
        var count = 0
        for line in try lines("eaglesong/test_vectors.txt") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "Input" { input = try [UInt8](hex: parts[1]) }
            if parts[0] == "Output" {
                #expect(eaglesong(input).description == parts[1].lowercased())
                count += 1
            }
        }
        #expect(count == 8)
    }

    @Test func eaglesongDocumented() throws {
        let json = try JSON.parse(Array(try TestPaths.shared("eaglesong/eaglesong_documented.json")))
        for c in json["cases"]?.arrayValue ?? [] {
            #expect(eaglesong(try [UInt8](hex: c["input_hex"]!.stringValue!)).description == c["output"]!.stringValue!)
        }
    }
}
