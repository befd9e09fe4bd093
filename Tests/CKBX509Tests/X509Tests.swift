import CKBTestSupport
import CKBVectors
import CKBX509
import Foundation
import Testing

@Suite struct X509CorpusTests {
    static func limbo(_ url: URL) throws -> [LimboCase] {
        try Limbo.read(path: url.path, bytes: Array(try Data(contentsOf: url)))
    }

    /// The project's own corpus (Tools/generate_x509_vectors.py): every case as expected.
    @Test func projectCorpus() throws {
        let cases = try Self.limbo(TestPaths.projectVectors.appendingPathComponent("x509/chains.json"))
        #expect(cases.count >= 30)
        for c in cases {
            let v = Limbo.judge(c, now: Limbo.currentTime)
            #expect(v.agrees, "\(c.id): expected \(v.expected), got \(v.actual.rawValue): \(v.reason)")
        }
    }

    /// The visible x509-limbo sample: no disagreement; skips only for features not claimed.
    @Test(.enabled(if: TestPaths.hasSharedVectors, TestPaths.sharedVectorsMissing))
    func limboSample() throws {
        let cases = try Self.limbo(TestPaths.sharedVectors!.appendingPathComponent("x509-limbo/limbo-rsa-sample.json"))
        var agreed = 0
        for c in cases {
            let v = Limbo.judge(c, now: Limbo.currentTime)
            if v.actual == .skipped {
                #expect(c.features.contains { Limbo.unsupportedFeatures[$0] != nil }, "\(c.id) skipped: \(v.reason)")
                continue
            }
            #expect(v.agrees, "\(c.id): expected \(v.expected), got \(v.actual.rawValue): \(v.reason)")
            if v.agrees { agreed += 1 }
        }
        #expect(agreed >= 90)
    }

    /// OpenSSL's `verify` on the same corpus (Tools/x509_openssl_verdicts.py): it agrees with
    /// the expected results, and so with this validator (`Docs/Primitives/X509.md`).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "the openssl command is absent"))
    func openSSLAgrees() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.projectRoot.appendingPathComponent("Tools/x509_openssl_verdicts.py").path,
                             TestPaths.projectVectors.appendingPathComponent("x509/chains.json").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count >= 30)
        for line in lines {
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(record["expected"] as? String == record["openssl"] as? String, "\(record["id"] ?? ""): \(record["detail"] ?? "")")
        }
    }
}

@Suite struct X509ParserTests {
    static func corpusCertificates() throws -> [Certificate] {
        let cases = try X509CorpusTests.limbo(TestPaths.projectVectors.appendingPathComponent("x509/chains.json"))
        return cases.prefix(6).flatMap { c in ([c.peer] + c.trusted + c.intermediates).compactMap { try? Certificate.load(Array($0.utf8)).first } }
    }

    /// Truncated, mutated and random DER: a typed error or a certificate, never a trap.
    @Test func mutatedCertificatesNeverTrap() throws {
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0x5809))
        let seeds = try Self.corpusCertificates().map(\.derBytes)
        #expect(!seeds.isEmpty)
        var parsed = 0, refused = 0
        for i in 0..<6000 {
            var bytes = seeds[i % seeds.count]
            switch i % 4 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            case 1:
                for _ in 0..<(1 + rng.next() % 4) { bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            case 2:
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: rng.bytes(Int(rng.next() % 8)), at: at)
            default: bytes = rng.bytes(Int(rng.next() % 600))
            }
            do {
                _ = try Certificate(derEncoded: bytes)
                _ = try? CRL(derEncoded: bytes)
                parsed += 1
            } catch {
                #expect(!error.detail.isEmpty)
                refused += 1
            }
        }
        #expect(refused > 3000)
    }

    @Test func timesFollowRFC5280() {
        #expect(X509Time(parsing: "2049-12-31T23:59:59Z")!.description == "2049-12-31T23:59:59Z")
        #expect(X509Time(parsing: "2026-06-01T02:00:00+02:00") == X509Time(year: 2026, month: 6, day: 1))
        #expect(X509Time(parsing: "1780272000") == X509Time(year: 2026, month: 6, day: 1))
        #expect(X509Time(parsing: "2026-02-30T00:00:00Z") == nil)
        #expect(X509Time(year: 1970, month: 1, day: 1).secondsSinceEpoch == 0)
        #expect(X509Time(year: 2000, month: 3, day: 1).secondsSinceEpoch == 951_868_800)
    }

    @Test func peerNames() {
        #expect(PeerName(parsing: "192.0.2.1") == .ipAddress([192, 0, 2, 1]))
        #expect(PeerName(parsing: "2001:db8::1") == .ipAddress([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]))
        #expect(PeerName(parsing: "a@example.com") == .email("a@example.com"))
        #expect(PeerName(parsing: "example.com") == .dns("example.com"))
        #expect(PeerName(parsing: "192.0.2.01") == .dns("192.0.2.01"))  // not an address: leading zero
    }

    @Test func garbageIsATypedError() {
        #expect(throws: X509Error.self) { try Certificate.load(Array("not a certificate".utf8)) }
        #expect(throws: X509Error.self) { try Certificate(derEncoded: []) }
        #expect(throws: X509Error.self) { try CRL(derEncoded: [0x30, 0x00]) }
    }
}

@Suite struct X509PathTests {
    static func corpusCase(_ id: String) throws -> LimboCase {
        try X509CorpusTests.limbo(TestPaths.projectVectors.appendingPathComponent("x509/chains.json")).first { $0.id == "ckbcrypto::\(id)" }!
    }

    /// The path comes back leaf first, trust anchor last; the failure names rule and certificate.
    @Test func pathAndFailureReport() throws {
        let valid = try Self.corpusCase("valid-chain-intermediate-pool")
        let anchors = try valid.trusted.flatMap { try Certificate.load(Array($0.utf8)) }
        let pool = try valid.intermediates.flatMap { try Certificate.load(Array($0.utf8)) }
        let leaf = try Certificate.load(Array(valid.peer.utf8))[0]
        var policy = X509Policy(time: valid.time!)
        policy.peerNames = [.dns("example.com")]
        guard case .success(let path) = X509Verifier(trustAnchors: anchors).verify(leaf: leaf, intermediates: pool, policy: policy) else {
            Issue.record("the pool case does not validate")
            return
        }
        #expect(path.count == 3 && path[0] == leaf && anchors.contains(path[2]))
        // A day after the leaf expires: the rule and the leaf.
        policy.time = X509Time(secondsSinceEpoch: leaf.notAfter.secondsSinceEpoch + 86_400)
        guard case .failure(let failure) = X509Verifier(trustAnchors: anchors).verify(leaf: leaf, intermediates: pool, policy: policy) else {
            Issue.record("an expired leaf validates")
            return
        }
        #expect(failure.rule == .expired && failure.certificate == leaf)
        // Without the pool there is no path.
        policy.time = valid.time!
        guard case .failure(let none) = X509Verifier(trustAnchors: anchors).verify(leaf: leaf, intermediates: [], policy: policy) else {
            Issue.record("a leaf validates without its intermediate")
            return
        }
        #expect(none.rule == .noPath)
    }

    /// A hostile pool (every intermediate cross-signs every other) ends within the budget.
    @Test func signatureBudgetBoundsTheSearch() throws {
        let loop = try Self.corpusCase("intermediate-loop")
        let anchors = try loop.trusted.flatMap { try Certificate.load(Array($0.utf8)) }
        let pool = try loop.intermediates.flatMap { try Certificate.load(Array($0.utf8)) }
        let leaf = try Certificate.load(Array(loop.peer.utf8))[0]
        var policy = X509Policy(time: loop.time!)
        policy.maximumSignatureChecks = 3
        let result = X509Verifier(trustAnchors: anchors).verify(leaf: leaf, intermediates: pool + pool, policy: policy)
        guard case .failure = result else {
            Issue.record("the loop validates")
            return
        }
    }
}
