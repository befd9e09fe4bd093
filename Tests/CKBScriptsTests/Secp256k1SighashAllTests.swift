import CKBBytes
import CKBChain
import CKBHash
import CKBJSON
import CKBScripts
import CKBSecp256k1
import CKBTestSupport
import Foundation
import Testing

@Suite struct Secp256k1SighashAllTests {
    static func hex(_ text: String) -> [UInt8] { try! Hex.decode(text, allowPrefix: true) }

    static let mainnet: [String: Transaction] = {
        let data = try! Data(contentsOf: TestPaths.projectVectors.appendingPathComponent("chain/rfc0023-mainnet.json"))
        let facts = try! JSON.parse(Array(data))
        var out: [String: Transaction] = [:]
        for item in facts["transactions"]!.arrayValue! {
            out[item["hash"]!.stringValue!] = try! RPCJSON.transaction(item["tx"]!)
        }
        return out
    }()

    /// Real mainnet transactions signed by the default lock (`spec/ckb.md` §7): the message, the
    /// recovered key and its blake160 match the chain, and the twin accepts them.
    @Test(arguments: [
        ("0x9ab05d622dc6d9816f70094242740cca594e677009b88c3f2b367d8b32f928fd", "782f4d6854489761d8c076088eddb55ab8e9b4d8dd94e6940432adefdc509573"),
        ("0x1c375948bae003ef1a9e86e6b049199480987d7dcf96bdfa2a914ecd4dadd42b", "35c91017821c91f59c65103ee94a07cb25dc23328444a9ba4ca12f0b06f6d6b6"),
    ])
    func mainnetSignatures(txHash: String, message: String) throws {
        let tx = try #require(Self.mainnet[txHash])
        // Input 0's group is input 0 alone in both (input 1 of the first is locked by another key).
        let produced = try SighashAll.message(tx, inputIndices: [0], lockLength: 65)
        #expect(produced == Self.hex(message))
        let lock = try #require(try WitnessArgs(molecule: tx.witnesses[0]).lock)
        let key = try Secp256k1.RecoverableSignature(rawRepresentation: lock).recoverPublicKey(for: produced)
        #expect(key.compressedRepresentation == Self.hex("02ef3c74c5e54aba4139c90cb93507a7337112036d99e96bcc34eb9ddd9ad3971a"))
        let args = Self.hex("e5f99902495d04d9dcb013aefc96093d365b77dc")
        #expect(Secp256k1SighashAll.args(for: key) == args)
        #expect(Secp256k1SighashAll.verify(tx, inputIndices: [0], args: args) == nil)
        var wrongArgs = args
        wrongArgs[0] ^= 1
        #expect(Secp256k1SighashAll.verify(tx, inputIndices: [0], args: wrongArgs) == .mismatch)
    }

    /// The same mainnet transactions through the C lock in the VM: with input 0 locked by the
    /// twin under the real owner's args, the real signature is accepted; under other args it is
    /// refused with the code the Swift twin gives.
    @Test(arguments: [
        "0x9ab05d622dc6d9816f70094242740cca594e677009b88c3f2b367d8b32f928fd",
        "0x1c375948bae003ef1a9e86e6b049199480987d7dcf96bdfa2a914ecd4dadd42b",
    ])
    func mainnetSignaturesOnChain(txHash: String) throws {
        let tx = try #require(Self.mainnet[txHash])
        let harness = try LockScriptHarness(contract: Secp256k1SighashAll.contract)
        let args = Self.hex("e5f99902495d04d9dcb013aefc96093d365b77dc")
        for (owner, expected) in [(args, Int8(0)), (Array(args.reversed()), ContractError.mismatch.rawValue)] {
            let locks = tx.raw.inputs.indices.map { $0 == 0 ? harness.lock(args: owner) : harness.anyoneCanSpend }
            let anyone = Script(codeHash: [UInt8](repeating: 0, count: 32), hashType: 0, args: [])
            let inputs = zip(tx.raw.inputs, locks).map { input, lock in
                ResolvedCell(outPoint: input.previousOutput, output: CellOutput(capacity: 1 << 60, lock: lock), data: [])
            }
            // The real cell deps are replaced by the two contracts; the transaction hash, which the
            // message covers, depends only on the raw transaction and is unchanged.
            let deps = [harness.alwaysSuccess, harness.contract].enumerated().map { i, contract in
                ResolvedCell(outPoint: OutPoint(txHash: [UInt8](repeating: 0xD0 + UInt8(i), count: 32), index: 0),
                             output: CellOutput(capacity: 0, lock: anyone), data: contract.binary)
            }
            let resolved = ResolvedTransaction(transaction: tx, inputs: inputs, cellDeps: deps, headerDeps: [])
            let group = try #require(harness.run(resolved).first)
            #expect(group.exitCode == expected, "\(group.error ?? "")")
            #expect(Secp256k1SighashAll.verify(tx, inputIndices: [0], args: owner)?.rawValue ?? 0 == expected)
        }
    }

    /// Signing then verifying in Swift, with each kind of tampering refused with its code.
    @Test func signAndTamper() throws {
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0x5164_0001))
        for round in 0..<20 {
            let key = try Secp256k1.PrivateKey(rawRepresentation: rng.bytes(32))
            let args = Secp256k1SighashAll.args(for: key.publicKey)
            var tx = Transaction()
            let inputs = 1 + Int(rng.next() % 4)
            for i in 0..<inputs {
                tx.raw.inputs.append(CellInput(since: 0, previousOutput: OutPoint(txHash: rng.bytes(32), index: UInt32(i))))
            }
            tx.raw.outputs.append(CellOutput(capacity: 1000, lock: Script(codeHash: rng.bytes(32), hashType: 1, args: args)))
            tx.raw.outputsData.append([])
            let group = Array(0..<inputs).filter { $0 == 0 || rng.next() % 2 == 0 }
            // Witnesses for other group inputs and one beyond the inputs are covered too.
            tx.witnesses = (0..<inputs).map { _ in rng.bytes(Int(rng.next() % 40)) } + [rng.bytes(10)]
            tx.witnesses[0] = WitnessArgs(inputType: rng.bytes(8)).molecule
            try Secp256k1SighashAll.sign(&tx, inputIndices: group, key: key)
            #expect(Secp256k1SighashAll.verify(tx, inputIndices: group, args: args) == nil, "round \(round)")

            var other = tx
            other.raw.outputs[0].capacity += 1
            #expect(Secp256k1SighashAll.verify(other, inputIndices: group, args: args) == .mismatch)
            other = tx
            other.witnesses[inputs].append(0)
            #expect(Secp256k1SighashAll.verify(other, inputIndices: group, args: args) == .mismatch)
            if group.count > 1 {
                other = tx
                other.witnesses[group[1]].append(1)
                #expect(Secp256k1SighashAll.verify(other, inputIndices: group, args: args) == .mismatch)
            }
            var lock = try #require(try WitnessArgs(molecule: tx.witnesses[0]).lock)
            lock[64] = (lock[64] + 1) % 4
            other = tx
            other.witnesses[0] = WitnessArgs(lock: lock, inputType: try WitnessArgs(molecule: tx.witnesses[0]).inputType).molecule
            let wrongID = Secp256k1SighashAll.verify(other, inputIndices: group, args: args)
            #expect(wrongID == .mismatch || wrongID == .recover)
            lock[64] = 4
            other.witnesses[0] = WitnessArgs(lock: lock).molecule
            #expect(Secp256k1SighashAll.verify(other, inputIndices: group, args: args) == .signature)
            other.witnesses[0] = WitnessArgs(lock: Array(lock.prefix(64))).molecule
            #expect(Secp256k1SighashAll.verify(other, inputIndices: group, args: args) == .signature)
            other.witnesses[0] = [1, 2, 3]
            #expect(Secp256k1SighashAll.verify(other, inputIndices: group, args: args) == .encoding)
            #expect(Secp256k1SighashAll.verify(tx, inputIndices: group, args: Array(args.prefix(19))) == .argsLength)
        }
    }
}

/// The C lock in the VM against the Swift twin: the same verdict and exit code on signed,
/// tampered and malformed transactions.
@Suite struct Secp256k1SighashAllContractTests {
    @Test func agreesWithSwift() throws {
        let harness = try LockScriptHarness(contract: Secp256k1SighashAll.contract)
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0x5164_0002))
        var cycles: [UInt64] = []
        for round in 0..<24 {
            let keys = try (0..<2).map { _ in try Secp256k1.PrivateKey(rawRepresentation: rng.bytes(32)) }
            let scripts = keys.map { harness.lock(args: Secp256k1SighashAll.args(for: $0.publicKey)) }
            let count = 1 + Int(rng.next() % 4)
            let locks = (0..<count).map { i -> Script in
                i == 0 ? scripts[0] : [scripts[0], scripts[1], harness.anyoneCanSpend][Int(rng.next() % 3)]
            }
            var tx = harness.transaction(locks: locks, seed: UInt8(round))
            tx.witnesses = (0..<count).map { _ in rng.next() % 3 == 0 ? [] : rng.bytes(Int(rng.next() % 50)) }
            if rng.next() % 2 == 0 { tx.witnesses.append(rng.bytes(Int(rng.next() % 100))) }
            for (k, key) in keys.enumerated() {
                let group = locks.indices.filter { locks[$0] == scripts[k] }
                guard let first = group.first else { continue }
                // Signing keeps an existing WitnessArgs' other fields; any other bytes are refused.
                tx.witnesses[first] = rng.next() % 2 == 0 ? [] : WitnessArgs(inputType: rng.bytes(5)).molecule
                try Secp256k1SighashAll.sign(&tx, inputIndices: group, key: key)
            }

            func check(_ candidate: Transaction, _ what: String, expectOK: Bool? = nil) {
                let results = harness.run(harness.resolve(candidate, locks: locks))
                for (k, script) in scripts.enumerated() {
                    let group = locks.indices.filter { locks[$0] == script }
                    guard !group.isEmpty else { continue }
                    let swift = Secp256k1SighashAll.verify(candidate, inputIndices: group, args: script.args)
                    // CKB stops at the first failing group: a group that did not run follows one that failed.
                    guard let onchain = results.first(where: { $0.scriptHash == script.hash }) else {
                        #expect(results.contains { !$0.ok }, "round \(round) \(what) key \(k): the group did not run")
                        continue
                    }
                    #expect(onchain.exitCode == (swift?.rawValue ?? 0),
                            "round \(round) \(what) key \(k): Swift \(swift.map(String.init(describing:)) ?? "accepts"), on-chain \(onchain.exitCode.map(String.init) ?? "none") \(onchain.error ?? "")")
                    if let expectOK, k == 0 { #expect((swift == nil) == expectOK, "round \(round) \(what)") }
                    if swift == nil { cycles.append(onchain.cycles) }
                }
            }
            check(tx, "signed", expectOK: true)
            var other = tx
            other.raw.outputs[0].capacity += 1
            check(other, "changed output", expectOK: false)
            other = tx
            var lock = try WitnessArgs(molecule: tx.witnesses[0]).lock!
            lock[Int(rng.next() % 64)] ^= 1 << UInt8(rng.next() % 8)
            other.witnesses[0] = WitnessArgs(lock: lock).molecule
            check(other, "flipped signature bit", expectOK: false)
            lock = try WitnessArgs(molecule: tx.witnesses[0]).lock!
            lock[64] = (lock[64] + 1 + UInt8(rng.next() % 3)) % 4
            other.witnesses[0] = WitnessArgs(lock: lock).molecule
            check(other, "wrong recovery id", expectOK: false)
            lock[64] = 4 + UInt8(rng.next() % 250)
            other.witnesses[0] = WitnessArgs(lock: lock).molecule
            check(other, "recovery id out of range", expectOK: false)
            other = tx
            other.witnesses.append(rng.bytes(3))
            check(other, "added witness", expectOK: false)
            other = tx
            other.witnesses[0] = Array(other.witnesses[0].dropLast())
            check(other, "truncated witness", expectOK: false)
            other = tx
            other.witnesses[0] = []
            check(other, "empty witness", expectOK: false)
            other = tx
            other.witnesses = []
            check(other, "no witnesses", expectOK: false)
            other = tx
            other.witnesses.append([UInt8](repeating: 7, count: 32_769))
            check(other, "oversized witness", expectOK: false)
            let wrongKey = try Secp256k1.PrivateKey(rawRepresentation: rng.bytes(32))
            other = tx
            try Secp256k1SighashAll.sign(&other, inputIndices: locks.indices.filter { locks[$0] == scripts[0] }, key: wrongKey)
            check(other, "wrong key", expectOK: false)
        }
        #expect(!cycles.isEmpty)
        print("secp256k1_sighash_all: \(cycles.count) accepted groups, cycles \(cycles.min()!)...\(cycles.max()!)")
    }
}
