import CKBBytes
import CKBChain
import CKBHash
import CKBScripts
import Testing

@Suite struct HashCheckTests {
    static let algorithms: [HashAlgorithm] = [
        .ckb, .sha256, .eaglesong,
        .blake2b(digestByteCount: 64),
        .blake2b(digestByteCount: 20, key: Array(0..<32), salt: Array(repeating: 7, count: 16), personalization: Array("ckbcrypto test!!".utf8)),
        .blake2b(digestByteCount: 32, key: Array(0..<64)),
    ]

    /// Each algorithm on lengths around the block boundaries and across the script's 32 KiB
    /// chunks: the digest the Swift hasher computes is accepted, a one-bit change is refused.
    @Test(arguments: algorithms)
    func agreesWithSwift(algorithm: HashAlgorithm) throws {
        let harness = try TypeScriptHarness(contract: .hashCheck)
        for length in [0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 32768, 32769, 70000] {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
            let digest = try algorithm.hash(data).bytes
            let good = try #require(HashCheck.args(algorithm, expected: digest))
            let accepted = harness.run(harness.transaction(args: good, data: data))
            #expect(accepted?.ok == true, "\(algorithm) \(length): \(accepted?.error ?? "no type group")")
            var wrong = digest
            wrong[wrong.count - 1] ^= 1
            let refused = harness.run(harness.transaction(args: try #require(HashCheck.args(algorithm, expected: wrong)), data: data))
            #expect(refused?.exitCode == ContractError.mismatch.rawValue, "\(algorithm) \(length)")
        }
    }

    @Test func malformedArgs() throws {
        let harness = try TypeScriptHarness(contract: .hashCheck)
        #expect(harness.run(harness.transaction(args: [], data: []))?.exitCode == ContractError.argsLength.rawValue)
        #expect(harness.run(harness.transaction(args: [9] + Array(repeating: 0, count: 32), data: []))?.exitCode == ContractError.unknownAlgorithm.rawValue)
        #expect(harness.run(harness.transaction(args: [0] + Array(repeating: 0, count: 31), data: []))?.exitCode == ContractError.argsLength.rawValue)
        #expect(harness.run(harness.transaction(args: [3, 65, 0] + Array(repeating: 0, count: 32 + 65), data: []))?.exitCode == ContractError.parameters.rawValue)
    }
}

@Suite struct HashVectorTests {
    /// The witness-driven vector script agrees with Swift, as hash_check does.
    @Test(arguments: HashCheckTests.algorithms)
    func agreesWithSwift(algorithm: HashAlgorithm) throws {
        let harness = try TypeScriptHarness(contract: .hashVector)
        for length in [0, 1, 63, 64, 65, 128, 129, 32768, 32769, 70000] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 77 &+ 3) }
            let digest = try algorithm.hash(message).bytes
            let witness = try #require(HashVector.witness(algorithm, expected: digest, message: message))
            let accepted = harness.run(harness.transaction(args: [], data: [], witness: witness))
            #expect(accepted?.ok == true, "\(algorithm) \(length): \(accepted?.error ?? "no type group")")
            var wrong = digest
            wrong[0] ^= 0x40
            let refused = harness.run(harness.transaction(args: [], data: [],
                                                          witness: try #require(HashVector.witness(algorithm, expected: wrong, message: message))))
            #expect(refused?.exitCode == ContractError.mismatch.rawValue, "\(algorithm) \(length)")
        }
    }

    @Test func missingOrShortWitness() throws {
        let harness = try TypeScriptHarness(contract: .hashVector)
        #expect(harness.run(harness.transaction(args: [], data: []))?.exitCode == ContractError.noWitness.rawValue)
        #expect(harness.run(harness.transaction(args: [], data: [], witness: [1, 2, 3]))?.exitCode == ContractError.argsLength.rawValue)
    }
}
