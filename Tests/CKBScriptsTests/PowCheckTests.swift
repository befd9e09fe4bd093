import CKBChain
import CKBJSON
import CKBScripts
import CKBTestSupport
import Foundation
import Testing

@Suite struct PowCheckTests {
    /// The two real mainnet headers of RFC 0023 (Vectors/chain/rfc0023-mainnet.json).
    static let mainnet: [Header] = {
        let data = try! Data(contentsOf: TestPaths.projectVectors.appendingPathComponent("chain/rfc0023-mainnet.json"))
        let facts = try! JSON.parse(Array(data))
        return facts["headers"]!.arrayValue!.map { try! RPCJSON.header($0["header"]!) }
    }()

    func run(_ headers: [Header], _ network: ProofOfWork.Network) throws -> GroupResult? {
        let harness = try TypeScriptHarness(contract: .powCheck)
        return harness.run(harness.transaction(args: PowCheck.args(network), data: [], headers: headers))
    }

    /// The script's verdict is CKBChain's, header by header.
    func expectAgreement(_ headers: [Header], _ network: ProofOfWork.Network, _ label: String) throws {
        let group = try #require(try run(headers, network))
        let expected = PowCheck.expectedFailure(headers, network: network)
        #expect(group.exitCode == (expected?.rawValue ?? 0), "\(label): \(group.error ?? "accepted")")
    }

    @Test func realMainnetHeaders() throws {
        for header in Self.mainnet {
            try expectAgreement([header], .mainnet, "mainnet #\(header.raw.number)")
            #expect(try run([header], .mainnet)?.ok == true)
            try expectAgreement([header], .testnet, "as testnet #\(header.raw.number)")
            #expect(try run([header], .testnet)?.exitCode == ContractError.pow.rawValue)
        }
        // Two real headers far apart: each has valid work, but they are not parent and child.
        #expect(try run(Self.mainnet, .mainnet)?.exitCode == ContractError.linkage.rawValue)
    }

    @Test(arguments: ProofOfWork.Network.allCases)
    func chainsAndBrokenChains(network: ProofOfWork.Network) throws {
        let chain = PowCheck.easyChain(3, network: network)
        try expectAgreement(chain, network, "chain")
        #expect(try run(chain, network)?.ok == true)
        try expectAgreement([chain[0], chain[2]], network, "gap")
        try expectAgreement([chain[1], chain[0]], network, "reversed")
        var wrongNumber = chain
        wrongNumber[1].raw.number += 1
        try expectAgreement(wrongNumber, network, "number")
        var hard = chain[0]
        hard.raw.compactTarget = 0x0300_0001  // target 1: no nonce can meet it
        try expectAgreement([hard], network, "hard target")
        #expect(try run([hard], network)?.exitCode == ContractError.pow.rawValue)
        var zero = chain[0]
        zero.raw.compactTarget = 0x2100_0001  // overflows
        #expect(try run([zero], network)?.exitCode == ContractError.compactTarget.rawValue)
        #expect(try run([], network)?.exitCode == ContractError.noHeaders.rawValue)
    }

    /// Cycles of one mainnet header (the target is 60,000).
    @Test func cyclesOfOneHeader() throws {
        let group = try #require(try run([Self.mainnet[0]], .mainnet))
        #expect(group.ok)
        #expect(group.cycles > 10_000)
    }
}
