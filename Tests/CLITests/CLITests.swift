import CKBTestSupport
import Foundation
import Testing

/// Runs the built `ckbcrypto` executable, which SwiftPM builds beside the test bundle.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("ckbcrypto")
    }()

    static func run(_ arguments: [String], stdin: Data = Data(), directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? TestPaths.projectRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }
}

@Suite struct HashCommandTests {
    @Test func defaultIsCKBHashOfStandardInput() throws {
        let result = try CLI.run(["hash"])
        #expect(result.status == 0)
        #expect(result.stdout == "44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e  -\n")
    }

    @Test(arguments: [
        (["hash", "-a", "sha256"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (["hash", "--algorithm", "eaglesong", "-"], "1e93baa3ff9f8afa381430b7811d428c5b4514f39f6a78d00511b20305067b68"),
        (["hash", "--algorithm", "blake2b"],
         "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
        (["hash", "--algorithm", "blake2b", "--length", "32", "--personal", "ckb-default-hash"],
         "521c604cc09b814b0a9106305395def35d0211b9996a3e0f326ae4d671bd8fc2"),
        (["hash", "-a", "hmac-sha256", "--key", "0x01010101010101010101010101010101"],
         "249df4b14eeba30aa9eb8b33481015fe86b34601ca430d17040289ef2441c48d"),
    ])
    func algorithmsOnABC(arguments: [String], digest: String) throws {
        let result = try CLI.run(arguments, stdin: Data("abc".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(digest)  -\n")
    }

    @Test func filesAreNamedLikeSha256sum() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("abc".utf8).write(to: directory.appendingPathComponent("a.txt"))
        try Data().write(to: directory.appendingPathComponent("empty"))
        let result = try CLI.run(["hash", "-a", "sha256", "a.txt", "empty"], directory: directory)
        #expect(result.status == 0)
        #expect(result.stdout == """
            ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty

            """)
    }

    @Test(arguments: [
        (["hash", "-a", "blake2b", "--length", "65"], "digest length 65 is out of range"),
        (["hash", "-a", "blake2b", "--length", "0"], "digest length 0 is out of range"),
        (["hash", "-a", "blake2b", "--key", String(repeating: "00", count: 65)], "key length 65"),
        (["hash", "-a", "blake2b", "--key", "0g"], "invalid hex digit 'g' at position 1"),
        (["hash", "-a", "blake2b", "--key", "abc"], "odd number of digits"),
        (["hash", "-a", "blake2b", "--personal", "seventeen bytes!!"], "personalization length 17"),
        (["hash", "-a", "sha256", "--length", "32"], "--length applies only to --algorithm blake2b"),
        (["hash", "-a", "ckb", "--key", "00"], "--key applies only"),
        (["hash", "-a", "hmac-sha256"], "needs --key"),
        (["hash", "-a", "md5"], "md5"),
        (["hash", "/nonexistent/file"], "cannot read '/nonexistent/file': No such file or directory"),
        (["hash", "/"], "cannot read '/': Is a directory"),
        (["frobnicate"], "frobnicate"),
    ])
    func badInputExitsTwoWithAMessage(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func helpExitsZero() throws {
        let result = try CLI.run(["hash", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: ckbcrypto hash"))
    }
}

@Suite struct VectorsCommandTests {
    @Test func defaultRunCoversTheBundledVectors() throws {
        let result = try CLI.run(["vectors", "run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Vectors/hash/ckb-hash.json"))
        #expect(result.stdout.contains("total: "))
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test func defaultRunWorksFromAnotherDirectory() throws {
        // The executable's own location leads back to the project.
        let result = try CLI.run(["vectors", "run", "--json"], directory: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ckb-hash.json"))
    }

    @Test func jsonLinesHaveTheDocumentedShape() throws {
        let result = try CLI.run(["vectors", "run", "--json", "Vectors/hash"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 9)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(Set(object.keys) == ["file", "cases", "passed", "failed", "skipped"])
            #expect(object["failed"] as? Int == 0)
        }
    }

    @Test func aFailingCaseExitsOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-v-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.json")
        try Data(#"{"format": "ckbcrypto-vectors/1", "algorithm": "sha256", "cases": [{"id": 9, "input": "", "digest": "00"}]}"#.utf8).write(to: file)
        let result = try CLI.run(["vectors", "run", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL"))
        #expect(result.stdout.contains("case 9"))
        #expect(result.stdout.contains("total: 0 passed, 1 failed, 0 skipped"))
    }

    @Test func unrecognisedOrMissingPathExitsTwo() throws {
        let missing = try CLI.run(["vectors", "run", "/nonexistent"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("No such file or directory"))
        let notVectors = try CLI.run(["vectors", "run", "Package.swift"])
        #expect(notVectors.status == 2)
        #expect(notVectors.stderr.contains("not a vector file"))
    }
}

@Suite struct CrossCheckCommandTests {
    @Test func bundledSuiteAgrees() throws {
        let result = try CLI.run(["crosscheck", "Vectors/hash/sha256.json", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Vectors/hash/sha256.json"))
        #expect(result.stdout.contains("301 agreed, 0 disagreed"))
    }

    /// Header chains: the Python generator, CKBChain and pow_check must all agree.
    @Test func proofOfWorkSuites() throws {
        let result = try CLI.run(["crosscheck", "Vectors/chain"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("28 cases: 28 agreed, 0 disagreed"))
        let judged = try CLI.run(["vectors", "run", "Vectors/chain"])
        #expect(judged.stdout.contains("total: 28 passed, 0 failed, 0 skipped"), "\(judged.stdout)")
    }

    @Test func jsonReport() throws {
        let result = try CLI.run(["crosscheck", "Vectors/hash/ckb-hash.json", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true)
        let suite = try #require((object["suites"] as? [[String: Any]])?.first)
        #expect(suite["cases"] as? Int == 200)
        #expect(suite["agreed"] as? Int == 200)
        #expect(((suite["cycles"] as? [String: Any])?["median"] as? Int ?? 0) > 10_000)
    }

    @Test func contractsTable() throws {
        let result = try CLI.run(["contracts", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        // Every contract is measured, and every measured run was accepted.
        let names = Set(rows.compactMap { $0["contract"] as? String })
        for name in ["hash_check", "hash_vector", "pow_check", "secp256k1_sighash_all", "ecdsa_vector", "rsa_vector", "rsa_sighash_all", "ed25519_vector"] {
            #expect(names.contains(name), "\(name) missing")
        }
        for row in rows {
            #expect(row["ok"] as? Bool == true, "\(row)")
            #expect((row["cycles"] as? Int ?? 0) > 0, "\(row)")
        }
    }

    @Test func missingPathIsBadInput() throws {
        let result = try CLI.run(["crosscheck", "no/such/file.json"])
        #expect(result.status == 2)
    }
}

@Suite struct VMCommandTests {
    static func programPath(_ name: String) -> String {
        TestPaths.projectRoot.appendingPathComponent("Tests/CKBVMTests/Programs/build/\(name).elf").path
    }

    @Test func textOutput() throws {
        let result = try CLI.run(["vm", "run", Self.programPath("exit0")])
        #expect(result.status == 0)
        #expect(result.stdout == "exit code: 0\ncycles: 509\n")
    }

    @Test func jsonOutputAndExitStatuses() throws {
        let ok = try CLI.run(["vm", "run", "--json", "--vm-version", "0", Self.programPath("exit0")])
        #expect(ok.status == 0)
        #expect(ok.stdout == #"{"exit_code": 0, "cycles": 507, "error": null}"# + "\n")

        let nonzero = try CLI.run(["vm", "run", "--json", Self.programPath("cpop")])
        #expect(nonzero.status == 1)
        #expect(nonzero.stdout.contains(#""exit_code": 13"#))

        let failed = try CLI.run(["vm", "run", "--json", "--vm-version", "0", Self.programPath("cpop")])
        #expect(failed.status == 1)
        #expect(failed.stdout.hasPrefix(#"{"exit_code": null, "cycles": 17, "error": "InvalidInstruction: pc 0x10018"#))

        let limited = try CLI.run(["vm", "run", "--json", "--max-cycles", "1000", Self.programPath("spin")])
        #expect(limited.status == 1)
        #expect(limited.stdout == #"{"exit_code": null, "cycles": 998, "error": "CyclesExceeded: limit 1000"}"# + "\n")
    }

    @Test func argumentsAfterTheTerminator() throws {
        let result = try CLI.run(["vm", "run", "--json", Self.programPath("args"), "--", "hello", "world", "abc"])
        #expect(result.stdout.contains(#""exit_code": 51"#))
    }

    @Test func debugGoesToStandardErrorOneLineEach() throws {
        let result = try CLI.run(["vm", "run", Self.programPath("syscalls")])
        #expect(result.stderr == "ckbcrypto vm\n")
        #expect(result.stdout.hasPrefix("exit code: 7\n"))
    }

    @Test(arguments: [
        (["vm", "run", "/nonexistent.elf"], "cannot read"),
        (["vm", "run", "--vm-version", "3", "x"], "--vm-version must be 0, 1 or 2"),
        (["vm", "run", "--max-cycles", "lots", "x"], "lots"),
        (["vm", "run"], "Missing expected argument"),
    ])
    func badInputExitsTwo(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func notAnELFIsAFailedRunNotBadInput() throws {
        let result = try CLI.run(["vm", "run", "--json", TestPaths.projectRoot.appendingPathComponent("Package.swift").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains(#""error": "ElfParseError: bad ELF magic""#))
    }
}

@Suite struct ChainCommandTests {
    static let facts = TestPaths.projectVectors.appendingPathComponent("chain/rfc0023-mainnet.json")

    static func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-\(UUID()).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func blockVerifyOnRealMainnetHeaders() throws {
        let facts = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.facts)) as! [String: Any]
        let headers = (facts["headers"] as! [[String: Any]]).map { $0["header"]! }
        for (index, header) in headers.enumerated() {
            let file = try Self.write(String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self))
            defer { try? FileManager.default.removeItem(at: file) }
            let mainnet = try CLI.run(["block", "verify", file.path])
            #expect(mainnet.status == 0, "header \(index): \(mainnet.stdout)")
            let testnet = try CLI.run(["block", "verify", "--network", "testnet", "--json", file.path])
            #expect(testnet.status == 1)
            #expect(testnet.stdout.contains("proof of work"))
        }
        // The two together are not consecutive: linkage fails.
        let both = try Self.write(String(decoding: try JSONSerialization.data(withJSONObject: headers), as: UTF8.self))
        defer { try? FileManager.default.removeItem(at: both) }
        let linked = try CLI.run(["block", "verify", both.path])
        #expect(linked.status == 1)
        #expect(linked.stdout.contains("parent_hash does not match the previous block"))
    }

    @Test func txVerifyOnAMockTransaction() throws {
        let program = try Data(contentsOf: TestPaths.projectRoot.appendingPathComponent("Tests/CKBVMTests/Programs/build/exit0.elf"))
        let code = "0x" + program.map { String(format: "%02x", $0) }.joined()
        let dataHash = try CLI.run(["hash", "-"], stdin: program).stdout.prefix(64)
        let zero = "0x" + String(repeating: "00", count: 32)
        let lock = #"{"code_hash": "0x\#(dataHash)", "hash_type": "data2", "args": "0x"}"#
        let anyLock = #"{"code_hash": "\#(zero)", "hash_type": "data", "args": "0x"}"#
        let depPoint = #"{"tx_hash": "0x\#(String(repeating: "11", count: 32))", "index": "0x0"}"#
        let inPoint = #"{"tx_hash": "0x\#(String(repeating: "22", count: 32))", "index": "0x1"}"#
        let mock = """
            {"mock_info": {
               "inputs": [{"input": {"previous_output": \(inPoint), "since": "0x0"},
                           "output": {"capacity": "0x174876e800", "lock": \(lock), "type": null}, "data": "0x", "header": null}],
               "cell_deps": [{"cell_dep": {"out_point": \(depPoint), "dep_type": "code"},
                              "output": {"capacity": "0x0", "lock": \(anyLock), "type": null}, "data": "\(code)"}],
               "header_deps": []},
             "tx": {"version": "0x0", "cell_deps": [{"out_point": \(depPoint), "dep_type": "code"}], "header_deps": [],
                    "inputs": [{"previous_output": \(inPoint), "since": "0x0"}],
                    "outputs": [{"capacity": "0x174876e800", "lock": \(lock), "type": null}],
                    "outputs_data": ["0x"], "witnesses": []}}
            """
        let file = try Self.write(mock)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.run(["tx", "verify", "--json", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["tx_hash", "ok", "cycles", "groups"])
        #expect(object["ok"] as? Bool == true)
        #expect(object["cycles"] as? Int == 509)  // exit0 under VM2: ceil((10 + 16) / 4) + 502
        let group = (object["groups"] as! [[String: Any]])[0]
        #expect(Set(group.keys) == ["kind", "script_hash", "vm_version", "exit_code", "cycles", "error"])
        #expect(group["kind"] as? String == "lock" && group["vm_version"] as? Int == 2 && group["exit_code"] as? Int == 0)

        let text = try CLI.run(["tx", "verify", file.path])
        #expect(text.stdout.contains("total: 509 cycles, accepted"))

        // A missing cell dep is bad input (exit 2), naming the out point.
        let broken = try Self.write(mock.replacingOccurrences(of: #""cell_deps": [{"cell_dep""#, with: #""cell_deps": [], "unused": [{"cell_dep""#))
        defer { try? FileManager.default.removeItem(at: broken) }
        let missing = try CLI.run(["tx", "verify", broken.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cell dep 0: out point 0x1111"))
    }
}

@Suite struct Secp256k1CommandTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-\(UUID())-\(name)")
    }

    @Test func keysSignaturesAndRecovery() throws {
        let keyFile = Self.temporary("key")
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let generated = try CLI.run(["secp256k1", "keygen", "-o", keyFile.path])
        #expect(generated.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try CLI.run(["secp256k1", "keygen", "-o", keyFile.path]).status == 2)  // never overwrites

        let publicKey = try CLI.run(["secp256k1", "pubkey", "--key", keyFile.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(publicKey.count == 66 && generated.stdout.contains(publicKey))
        let args = try CLI.run(["secp256k1", "pubkey", "--key", keyFile.path, "--lock-args"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(args.count == 40 && generated.stdout.contains(args))

        let digest = String(repeating: "ab", count: 32)
        let signature = try CLI.run(["secp256k1", "sign", "-k", keyFile.path, digest]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(signature.count == 130)
        #expect(try CLI.run(["secp256k1", "verify", publicKey, digest, signature]).stdout == "valid\n")
        for format in ["compact", "der"] {
            let other = try CLI.run(["secp256k1", "sign", "-k", keyFile.path, "--format", format, digest]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let verified = try CLI.run(["secp256k1", "verify", publicKey, digest, other])
            #expect(verified.status == 0, "\(format): \(verified.stderr)")
        }
        let wrongDigest = String(repeating: "ab", count: 31) + "ac"
        let refused = try CLI.run(["secp256k1", "verify", publicKey, wrongDigest, signature])
        #expect(refused.status == 1 && refused.stdout == "invalid\n")
        #expect(try CLI.run(["secp256k1", "recover", digest, signature]).stdout == publicKey + "\n")
        #expect(try CLI.run(["secp256k1", "recover", "--lock-args", digest, signature]).stdout == args + "\n")

        // Bad input exits 2 with one line: short digest, bad key file, malformed signature.
        #expect(try CLI.run(["secp256k1", "sign", "-k", keyFile.path, "abcd"]).status == 2)
        #expect(try CLI.run(["secp256k1", "sign", "-k", "/nonexistent/key", digest]).status == 2)
        let malformed = try CLI.run(["secp256k1", "recover", digest, "00"])
        #expect(malformed.status == 2 && malformed.stderr.hasPrefix("ckbcrypto: "))
    }

    /// `tx sign` fills the witness of a group locked by the twin; `tx verify` then accepts it.
    @Test func txSignThenVerify() throws {
        let keyFile = Self.temporary("key"), otherKey = Self.temporary("other")
        defer { for url in [keyFile, otherKey] { try? FileManager.default.removeItem(at: url) } }
        _ = try CLI.run(["secp256k1", "keygen", "-o", keyFile.path])
        _ = try CLI.run(["secp256k1", "keygen", "-o", otherKey.path])
        let args = try CLI.run(["secp256k1", "pubkey", "--key", keyFile.path, "--lock-args"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let program = try Data(contentsOf: TestPaths.projectRoot.appendingPathComponent("Contracts/build/secp256k1_sighash_all"))
        let code = "0x" + program.map { String(format: "%02x", $0) }.joined()
        let dataHash = try CLI.run(["hash", "-"], stdin: program).stdout.prefix(64)
        let zero = "0x" + String(repeating: "00", count: 32)
        let lock = #"{"code_hash": "0x\#(dataHash)", "hash_type": "data2", "args": "0x\#(args)"}"#
        let anyLock = #"{"code_hash": "\#(zero)", "hash_type": "data", "args": "0x"}"#
        let depPoint = #"{"tx_hash": "0x\#(String(repeating: "11", count: 32))", "index": "0x0"}"#
        let inPoints = (1...2).map { #"{"tx_hash": "0x\#(String(repeating: "22", count: 32))", "index": "0x\#($0)"}"# }
        let mock = """
            {"mock_info": {
               "inputs": [\(inPoints.map { #"{"input": {"previous_output": \#($0), "since": "0x0"}, "output": {"capacity": "0x174876e800", "lock": \#(lock), "type": null}, "data": "0x", "header": null}"# }.joined(separator: ", "))],
               "cell_deps": [{"cell_dep": {"out_point": \(depPoint), "dep_type": "code"},
                              "output": {"capacity": "0x0", "lock": \(anyLock), "type": null}, "data": "\(code)"}],
               "header_deps": []},
             "tx": {"version": "0x0", "cell_deps": [{"out_point": \(depPoint), "dep_type": "code"}], "header_deps": [],
                    "inputs": [\(inPoints.map { #"{"previous_output": \#($0), "since": "0x0"}"# }.joined(separator: ", "))],
                    "outputs": [{"capacity": "0x174876e800", "lock": \(lock), "type": null}],
                    "outputs_data": ["0x"], "witnesses": []}}
            """
        let file = try ChainCommandTests.write(mock)
        let signedFile = Self.temporary("signed.json")
        defer { for url in [file, signedFile] { try? FileManager.default.removeItem(at: url) } }
        #expect(try CLI.run(["tx", "verify", file.path]).status == 1)  // no witness yet
        let wrong = try CLI.run(["tx", "sign", file.path, "--key", otherKey.path])
        #expect(wrong.status == 1 && wrong.stderr.contains("no default-lock group"))
        let signed = try CLI.run(["tx", "sign", file.path, "--key", keyFile.path, "-o", signedFile.path])
        #expect(signed.status == 0, "\(signed.stderr)")
        let verified = try CLI.run(["tx", "verify", signedFile.path])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        // In place, by default.
        #expect(try CLI.run(["tx", "sign", file.path, "--key", keyFile.path]).status == 0)
        #expect(try CLI.run(["tx", "verify", file.path]).status == 0)
    }
}

@Suite(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing))
struct RSACommandTests {
    /// The first group of a Wycheproof RSA file with its key written as PEM into a fresh folder
    /// (removed by the caller), and a hex decoder for the cases' fields.
    struct Fixture {
        let tests: [[String: Any]]
        let directory: URL
        let keyFile: URL

        init(_ file: String) throws {
            let data = try TestPaths.shared("wycheproof/testvectors_v1/\(file)")
            let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let group = (object["testGroups"] as! [[String: Any]])[0]
            tests = group["tests"] as! [[String: Any]]
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-rsa-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            keyFile = directory.appendingPathComponent("key.pem")
            try Data((group["publicKeyPem"] as! String).utf8).write(to: keyFile)
        }

        func first(_ result: String) -> [String: Any] { tests.first { $0["result"] as? String == result }! }

        static func bytes(_ hex: String) -> Data {
            Data(stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! })
        }
    }

    /// The first valid and first invalid case of Wycheproof's RSA-2048 PKCS#1 file, through the
    /// command line: PEM key file, hex or file signature, message file or standard input.
    @Test func wycheproofCases() throws {
        let fixture = try Fixture("rsa_signature_2048_sha256_test.json")
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let (directory, keyFile, bytes) = (fixture.directory, fixture.keyFile, Fixture.bytes)
        let valid = fixture.first("valid"), invalid = fixture.first("invalid")
        for (test, expected) in [(valid, Int32(0)), (invalid, Int32(1))] {
            let message = directory.appendingPathComponent("message")
            try bytes(test["msg"] as! String).write(to: message)
            let hexSignature = test["sig"] as! String
            let viaFile = try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", hexSignature, message.path])
            #expect(viaFile.status == expected, "tcId \(test["tcId"]!): \(viaFile.stdout) \(viaFile.stderr)")
            let signatureFile = directory.appendingPathComponent("sig")
            try bytes(hexSignature).write(to: signatureFile)
            let viaStdin = try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", signatureFile.path, "-"],
                                       stdin: bytes(test["msg"] as! String))
            #expect(viaStdin.status == expected)
            #expect(viaStdin.stdout == (expected == 0 ? "valid\n" : "invalid\n"))
        }
        // Bad input: a key file that is not a key, a signature that is neither file nor hex.
        #expect(try CLI.run(["rsa", "verify", "--key", directory.appendingPathComponent("message").path, "--signature", "00", "-"]).status == 2)
        #expect(try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", "zz-not-hex", "-"]).status == 2)
        // SHA-1 is a usage error unless asked for by name; then it is verified (this signature
        // is a SHA-256 one, so it does not verify under SHA-1).
        let sha1 = try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", valid["sig"] as! String, "--hash", "sha1", "-"],
                               stdin: bytes(valid["msg"] as! String))
        #expect(sha1.status == 2 && sha1.stderr.contains("--allow-insecure-sha1"), "\(sha1.stderr)")
        let allowed = try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", valid["sig"] as! String, "--hash", "sha1",
                                   "--allow-insecure-sha1", "-"], stdin: bytes(valid["msg"] as! String))
        #expect(allowed.status == 1 && allowed.stdout == "invalid\n", "\(allowed.stderr)")
    }

    /// An id-RSASSA-PSS key with parameters: its hash, MGF1 hash and minimum salt are the
    /// defaults, and PKCS#1 v1.5 is refused with it.
    @Test func pssKeyDefaults() throws {
        let fixture = try Fixture("rsa_pss_2048_sha256_mgf1_32_params_test.json")
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let keyFile = fixture.keyFile
        let valid = fixture.first("valid")
        let message = Fixture.bytes(valid["msg"] as! String)
        let signature = valid["sig"] as! String
        let defaults = try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", signature, "-"], stdin: message)
        #expect(defaults.status == 0 && defaults.stdout == "valid\n", "\(defaults.stderr)")
        let pkcs1 = try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", signature, "--padding", "pkcs1", "-"], stdin: message)
        #expect(pkcs1.status == 1)
        let shortSalt = try CLI.run(["rsa", "verify", "--key", keyFile.path, "--signature", signature, "--salt-length", "20", "-"], stdin: message)
        #expect(shortSalt.status == 1)
    }
}

@Suite struct X509CommandTests {
    static let corpus = TestPaths.projectVectors.appendingPathComponent("x509/chains.json")

    /// Writes one corpus case's certificates to files: leaf, pool, roots.
    static func files(_ id: String) throws -> (leaf: String, pool: String, roots: String, time: String) {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: corpus)) as! [String: Any]
        let c = (root["testcases"] as! [[String: Any]]).first { $0["id"] as? String == "ckbcrypto::\(id)" }!
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-x509-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func write(_ name: String, _ pems: [String]) throws -> String {
            let url = dir.appendingPathComponent(name)
            try Data(pems.joined(separator: "\n").utf8).write(to: url)
            return url.path
        }
        return (try write("leaf.pem", [c["peer_certificate"] as! String]),
                try write("pool.pem", c["untrusted_intermediates"] as! [String]),
                try write("roots.pem", c["trusted_certs"] as! [String]), c["validation_time"] as! String)
    }

    @Test func verifyExitStatuses() throws {
        let ok = try Self.files("valid-chain-intermediate-pool")
        let valid = try CLI.run(["x509", "verify", ok.leaf, "--chain", ok.pool, "--trust", ok.roots, "--at", ok.time,
                                 "--purpose", "server", "--name", "example.com"])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        #expect(valid.stdout.hasPrefix("valid"))
        let wrongName = try CLI.run(["x509", "verify", ok.leaf, "--chain", ok.pool, "--trust", ok.roots, "--at", ok.time,
                                     "--name", "example.org", "--json"])
        #expect(wrongName.status == 1)
        #expect(wrongName.stdout.contains("\"rule\": \"peer name\""))
        let later = try CLI.run(["x509", "verify", ok.leaf, "--chain", ok.pool, "--trust", ok.roots, "--at", "2200-01-01T00:00:00Z"])
        #expect(later.status == 1 && later.stdout.contains("validity"))
        let badTime = try CLI.run(["x509", "verify", ok.leaf, "--trust", ok.roots, "--at", "yesterday"])
        #expect(badTime.status == 2 && badTime.stderr.contains("--at"))
        let notPEM = try CLI.run(["x509", "verify", Self.corpus.path, "--trust", ok.roots])
        #expect(notPEM.status == 2)
        let show = try CLI.run(["x509", "show", ok.leaf])
        #expect(show.status == 0 && show.stdout.contains("Subject alternative names: DNS:example.com"))
    }

    @Test func limboJSONLines() throws {
        let result = try CLI.run(["x509", "limbo", "--json", Self.corpus.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let summary = try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as! [String: Int]
        #expect(summary["cases"] == lines.count - 1 && summary["disagreed"] == 0)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: String]
        #expect(Set(first.keys) == ["id", "expected", "actual", "reason"])
    }
}

@Suite struct DKIMCommandTests {
    /// A case of the project's DKIM vectors written out as a message file and a key file.
    static func files(_ theme: String, _ id: String) throws -> (message: String, keys: String, time: String) {
        let url = TestPaths.projectVectors.appendingPathComponent("dkim/\(theme).json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let c = (root["cases"] as! [[String: Any]]).first { $0["id"] as? String == id }!
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-dkim-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let message = dir.appendingPathComponent("message.eml"), keys = dir.appendingPathComponent("keys.json")
        try Data(base64Encoded: c["message_base64"] as! String)!.write(to: message)
        try JSONSerialization.data(withJSONObject: root["keys"]!).write(to: keys)
        return (message.path, keys.path, String(root["time"] as! Int))
    }

    @Test func verifyExitStatusesAndJSON() throws {
        let good = try Self.files("canonicalization", "relaxed-relaxed")
        let pass = try CLI.run(["dkim", "verify", good.message, "--keys", good.keys, "--at", good.time])
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains(" pass: verified"))
        let json = try CLI.run(["dkim", "verify", "--json", good.message, "--keys", good.keys, "--at", good.time])
        let line = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(line["result"] as? String == "pass" && line["from_signed"] as? Bool == true && line["aligned"] as? String == "strict")
        let bad = try Self.files("tampering", "tamper-body-word")
        let fail = try CLI.run(["dkim", "verify", bad.message, "--keys", bad.keys, "--at", bad.time])
        #expect(fail.status == 1 && fail.stdout.contains("fail"))
        let usage = try CLI.run(["dkim", "verify", good.message])
        #expect(usage.status == 2)
    }

    @Test func verifyReadsEachEntryOfAnMbox() throws {
        let good = try Self.files("canonicalization", "relaxed-relaxed")
        let bad = try Self.files("tampering", "tamper-body-word")
        let dir = URL(fileURLWithPath: good.message).deletingLastPathComponent()
        let mbox = dir.appendingPathComponent("box.mbox")
        var data = Data()
        for file in [good.message, bad.message] {
            data += Data("From sender@example.com Thu Nov 14 22:13:20 2023\n".utf8)
            data += try Data(contentsOf: URL(fileURLWithPath: file))
            data += Data("\n".utf8)
        }
        try data.write(to: mbox)
        let run = try CLI.run(["dkim", "verify", "--json", mbox.path, "--keys", good.keys, "--keys", bad.keys, "--at", good.time])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let lines = try run.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 2)
        #expect(lines.map { $0["entry"] as? Int } == [1, 2])
        #expect(lines.map { $0["result"] as? String } == ["pass", "fail"])
        let text = try CLI.run(["dkim", "verify", mbox.path, "--keys", good.keys, "--keys", bad.keys, "--at", good.time])
        #expect(text.stdout.contains("box.mbox#1: ") && text.stdout.contains("box.mbox#2: "))
    }

    @Test func ed25519VerifyRFC8032Test1() throws {
        // RFC 8032 7.1 TEST 1: the empty message.
        let key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        let signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        let valid = try CLI.run(["ed25519", "verify", "--key", key, "--signature", signature, "-"])
        #expect(valid.status == 0 && valid.stdout == "valid\n")
        let invalid = try CLI.run(["ed25519", "verify", "--key", key, "--signature", signature, "-"], stdin: Data("x".utf8))
        #expect(invalid.status == 1)
        let badKey = try CLI.run(["ed25519", "verify", "--key", "zz", "--signature", signature])
        #expect(badKey.status == 2)
    }
}
