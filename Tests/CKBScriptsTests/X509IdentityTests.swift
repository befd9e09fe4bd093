import CKBChain
import CKBHash
import CKBRSA
import CKBScripts
import CKBTestSupport
import CKBX509
import Testing

/// `x509_identity` in the VM against its Swift twin: a chain to the pinned anchor with the leaf
/// key's signature accepted; every way to break it refused with the same exit code.
@Suite struct X509IdentityTests {
    struct Setup {
        let harness: LockScriptHarness
        let locks: [Script]
        var tx: Transaction
        var headers: [Header]
        let args: [UInt8]
    }

    static func header(at time: X509Time) -> Header {
        var h = Header()
        h.raw.timestamp = UInt64(time.secondsSinceEpoch) * 1000
        return h
    }

    /// A signed transaction: `chain` (default the fixture), args pinning its anchor and
    /// `identity`, header deps at `times`.
    static func signed(chain: [Certificate] = X509Fixtures.chain, identity: [UInt8]?, times: [X509Time]) throws -> Setup {
        let harness = try LockScriptHarness(contract: X509Identity.contract)
        let args = X509Identity.args(anchor: chain.last!, identity: identity)
        let locks = [harness.lock(args: args)]
        var tx = harness.transaction(locks: locks)
        let headers = times.map(header(at:))
        tx.raw.headerDeps = headers.map(\.hash)
        let padding = RSA.Padding.pkcs1v15(.sha256)
        let message = try X509Identity.prepare(&tx, inputIndices: [0], chain: chain, padding: padding)
        let signature = RSAFixtures.signVariableTime(digest: SHA256.hash(message).bytes, hash: .sha256,
                                                     key: RSAFixtures.signingKey2048, privateExponent: RSAFixtures.privateExponent2048)
        try X509Identity.attach(&tx, inputIndices: [0], chain: chain, padding: padding, signature: signature)
        return Setup(harness: harness, locks: locks, tx: tx, headers: headers, args: args)
    }

    /// The on-chain exit code (0 accepted) and the Swift verdict agree; returns the exit code.
    @discardableResult
    static func check(_ s: Setup, _ what: String, expect: ContractError?) -> Int8? {
        var resolved = s.harness.resolve(s.tx, locks: s.locks)
        resolved.headerDeps = s.headers
        let onchain = s.harness.run(resolved).first
        let swift = X509Identity.verify(s.tx, inputIndices: [0], args: s.args, headers: s.headers)
        #expect(onchain?.exitCode == (expect?.rawValue ?? 0), "\(what): on-chain \(onchain?.error ?? "accepts")")
        #expect(swift == expect, "\(what): Swift \(swift.map(String.init(describing:)) ?? "accepts")")
        return onchain?.exitCode
    }

    static let time = X509Fixtures.validationTime
    static var email: [UInt8] { X509OnChainProfile.identityValues(X509Fixtures.chain[0]).last! }

    @Test func signedChainIsAccepted() throws {
        Self.check(try Self.signed(identity: Self.email, times: [Self.time]), "email identity", expect: nil)
        Self.check(try Self.signed(identity: X509Fixtures.chain[0].subject.derBytes, times: [Self.time]), "subject identity", expect: nil)
        Self.check(try Self.signed(identity: nil, times: [X509Time(secondsSinceEpoch: 0), Self.time]), "anchor only, newest of two headers", expect: nil)
    }

    @Test func everyBreakIsRefusedAlike() throws {
        Self.check(try Self.signed(identity: Array("someone@else.org".utf8), times: [Self.time]), "other identity", expect: .identity)
        Self.check(try Self.signed(identity: nil, times: []), "no header deps", expect: .noHeaders)
        let late = X509Time(year: 2040, month: 1, day: 1), early = X509Time(year: 2020, month: 1, day: 1)
        Self.check(try Self.signed(identity: nil, times: [late]), "after the leaf expires", expect: .validity)
        Self.check(try Self.signed(identity: nil, times: [early]), "before the certificates", expect: .validity)
        // Without the intermediate the leaf's issuer is not the anchor.
        let short = [X509Fixtures.chain[0], X509Fixtures.chain[2]]
        Self.check(try Self.signed(chain: short, identity: nil, times: [Self.time]), "intermediate left out", expect: .chain)

        var other = try Self.signed(identity: nil, times: [Self.time])
        var lock = try #require(try WitnessArgs(molecule: other.tx.witnesses[0]).lock)
        lock[lock.count - 5] ^= 1
        other.tx.witnesses[0] = WitnessArgs(lock: lock).molecule
        Self.check(other, "flipped signature bit", expect: .mismatch)
        other = try Self.signed(identity: nil, times: [Self.time])
        other.tx.raw.outputs[0].capacity += 1
        Self.check(other, "changed output", expect: .mismatch)
    }

    @Test func anotherAnchorIsRefused() throws {
        // Sign a transaction whose args pin the intermediate, not the root at the chain's end.
        let harness = try LockScriptHarness(contract: X509Identity.contract)
        let args = X509Identity.args(anchor: X509Fixtures.chain[1])
        let locks = [harness.lock(args: args)]
        var tx = harness.transaction(locks: locks)
        let headers = [Self.header(at: Self.time)]
        tx.raw.headerDeps = headers.map(\.hash)
        let message = try X509Identity.prepare(&tx, inputIndices: [0], chain: X509Fixtures.chain, padding: .pkcs1v15(.sha256))
        let signature = RSAFixtures.signVariableTime(digest: SHA256.hash(message).bytes, hash: .sha256,
                                                     key: RSAFixtures.signingKey2048, privateExponent: RSAFixtures.privateExponent2048)
        try X509Identity.attach(&tx, inputIndices: [0], chain: X509Fixtures.chain, padding: .pkcs1v15(.sha256), signature: signature)
        Self.check(Setup(harness: harness, locks: locks, tx: tx, headers: headers, args: args), "intermediate pinned", expect: .anchor)
    }

    /// Bytes flipped anywhere in the certificates: the script ends with one of its exit codes
    /// (never a VM error) and accepts exactly when the Swift twin does.
    @Test func mutatedChainsEndWithAnExitCode() throws {
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0x5809_1D))
        let base = try Self.signed(identity: nil, times: [Self.time])
        let lock = try #require(try WitnessArgs(molecule: base.tx.witnesses[0]).lock)
        let certificateBytes = 1 + X509Fixtures.chain.reduce(0) { $0 + 2 + $1.derBytes.count }
        for _ in 0..<60 {
            var mutated = lock
            for _ in 0..<(1 + rng.next() % 3) { mutated[Int(rng.next() % UInt64(certificateBytes))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            var s = base
            s.tx.witnesses[0] = WitnessArgs(lock: mutated).molecule
            var resolved = s.harness.resolve(s.tx, locks: s.locks)
            resolved.headerDeps = s.headers
            let onchain = try #require(s.harness.run(resolved).first)
            #expect(onchain.exitCode != nil, "a VM error: \(onchain.error ?? "")")
            let swift = X509Identity.verify(s.tx, inputIndices: [0], args: s.args, headers: s.headers)
            #expect((onchain.exitCode == 0) == (swift == nil), "on-chain \(onchain.exitCode.map(String.init) ?? "-"), Swift \(swift.map(String.init(describing:)) ?? "accepts")")
        }
    }
}
