import CKBChain
import CKBHash
import CKBRSA
import CKBRSAReference
import CKBScripts
import CKBTestSupport
import CKBVectors
import Testing

/// The RSA lock in the VM against its Swift twin: signed transactions accepted, tampered ones
/// refused with the same exit code.
@Suite struct RSASighashAllTests {
    @Test func agreesWithSwift() throws {
        let harness = try LockScriptHarness(contract: RSASighashAll.contract)
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0x45A_0001))
        var cycles: [Int: [UInt64]] = [:]
        for (round, bits) in [2048, 2048, 3072, 4096].enumerated() {
            let signer = try #require(OpenSSLRSAKey(bits: bits))
            let key = signer.publicKey
            let args = RSASighashAll.args(for: key)
            let paddings: [RSA.Padding] = [.pkcs1v15(.sha256), .pss(.sha256, mgf1Hash: .sha256, saltLength: 32),
                                           .pss(.sha512, mgf1Hash: .sha256, saltLength: nil), .pkcs1v15(.sha384)]
            let padding = paddings[round % paddings.count]
            let script = harness.lock(args: args)
            let count = 1 + Int(rng.next() % 3)
            let locks = (0..<count).map { $0 == 0 || rng.next() % 2 == 0 ? script : harness.anyoneCanSpend }
            var tx = harness.transaction(locks: locks, seed: UInt8(round))
            tx.witnesses = (0..<count).map { _ in rng.bytes(Int(rng.next() % 30)) }
            tx.witnesses[0] = []
            let group = locks.indices.filter { locks[$0] == script }
            let message = try RSASighashAll.prepare(&tx, inputIndices: group, key: key, padding: padding)
            try RSASighashAll.attach(&tx, inputIndices: group, key: key, padding: padding, signature: signer.sign(message: message, padding))

            func check(_ candidate: Transaction, _ what: String, accepted: Bool) {
                let swift = RSASighashAll.verify(candidate, inputIndices: group, args: args)
                let onchain = harness.run(harness.resolve(candidate, locks: locks)).first { $0.scriptHash == script.hash }
                #expect(onchain?.exitCode == (swift?.rawValue ?? 0), "\(bits) \(padding) \(what): Swift \(swift.map(String.init(describing:)) ?? "accepts"), on-chain \(onchain?.error ?? "accepts")")
                #expect((swift == nil) == accepted, "\(bits) \(padding) \(what)")
                if accepted, let c = onchain?.cycles { cycles[bits, default: []].append(c) }
            }
            check(tx, "signed", accepted: true)
            var other = tx
            other.raw.outputs[0].capacity += 1
            check(other, "changed output", accepted: false)
            var lock = try #require(try WitnessArgs(molecule: tx.witnesses[0]).lock)
            other = tx
            lock[lock.count - 1 - Int(rng.next() % 100)] ^= 1
            other.witnesses[0] = WitnessArgs(lock: lock).molecule
            check(other, "flipped signature bit", accepted: false)
            lock = try #require(try WitnessArgs(molecule: tx.witnesses[0]).lock)
            lock[20] ^= 1  // inside the key: no longer the args' key
            other.witnesses[0] = WitnessArgs(lock: lock).molecule
            check(other, "other key", accepted: false)
            lock = try #require(try WitnessArgs(molecule: tx.witnesses[0]).lock)
            other.witnesses[0] = WitnessArgs(lock: Array(lock.dropLast())).molecule
            check(other, "truncated lock", accepted: false)
            lock[1] = (lock[1] + 1) % 3  // another hash
            other.witnesses[0] = WitnessArgs(lock: lock).molecule
            check(other, "other hash", accepted: false)
            other = tx
            other.witnesses.append([1, 2, 3])
            check(other, "added witness", accepted: false)
        }
        for (bits, values) in cycles.sorted(by: { $0.key < $1.key }) {
            print("rsa_sighash_all RSA-\(bits): \(values.min()!)...\(values.max()!) cycles")
        }
    }
}

/// `rsa_vector` on keys whose size is not a multiple of 64 bits (the normalising shift of the
/// on-chain division is then not zero), for both paddings; the verdicts must agree with Swift.
@Suite struct RSAVectorOddSizeTests {
    @Test func oddKeySizesAgree() throws {
        let checker = try CrossChecker()
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0x45A_0002))
        for bits in [1031, 1536, 2047, 2111, 3000] {
            let signer = try #require(OpenSSLRSAKey(bits: bits))
            let der = signer.spki
            for padding in [RSA.Padding.pkcs1v15(.sha256), .pss(.sha256, mgf1Hash: .sha256, saltLength: 20)] {
                let message = rng.bytes(Int(rng.next() % 100))
                let signature = signer.sign(message: message, padding)
                var corrupted = signature
                corrupted[Int(rng.next() % UInt64(corrupted.count))] ^= 1
                for (sig, expected) in [(signature, true), (corrupted, false)] {
                    let outcome = checker.check(VectorCase(id: "\(bits)", check: .rsaSignature(
                        publicKey: der, message: message, signature: sig, padding: padding)))
                    #expect(outcome.offchain == expected && outcome.onchain == expected,
                            "\(bits) \(padding): off-chain \(String(describing: outcome.offchain)), on-chain \(String(describing: outcome.onchain)) \(outcome.note ?? "")")
                }
            }
        }
    }
}
