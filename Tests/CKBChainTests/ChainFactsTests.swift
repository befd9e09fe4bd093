import CKBBytes
import CKBChain
import CKBHash
import CKBJSON
import CKBTestSupport
import Foundation
import Testing

/// Real mainnet data quoted in Nervos RFC 0023 (Vectors/chain/rfc0023-mainnet.json).
@Suite struct ChainFactsTests {
    static let facts: JSON = {
        let data = try! Data(contentsOf: TestPaths.projectVectors.appendingPathComponent("chain/rfc0023-mainnet.json"))
        return try! JSON.parse(Array(data))
    }()

    static func hex(_ text: String) -> [UInt8] { try! Hex.decode(text, allowPrefix: true) }

    @Test func transactionHashesMatchTheChain() throws {
        let transactions = Self.facts["transactions"]!.arrayValue!
        #expect(transactions.count == 3)
        for item in transactions {
            let tx = try RPCJSON.transaction(item["tx"]!)
            #expect(tx.hash == Self.hex(item["hash"]!.stringValue!), "\(item["name"]!.stringValue!)")
            // Molecule round trip, and JSON round trip.
            #expect(try Transaction(molecule: tx.molecule) == tx)
            #expect(try RPCJSON.transaction(try JSON.parse(RPCJSON.json(tx).serialized)) == tx)
        }
    }

    @Test func headerHashesAndMainnetProofOfWork() throws {
        for item in Self.facts["headers"]!.arrayValue! {
            let header = try RPCJSON.header(item["header"]!)
            #expect(header.hash == Self.hex(item["hash"]!.stringValue!))
            #expect(try Header(molecule: header.molecule) == header)
            #expect(ProofOfWork.verify(header, network: .mainnet) == nil)
            // The same header fails the testnet rule (Eaglesong then BLAKE2b).
            #expect(ProofOfWork.verify(header, network: .testnet) != nil)
            // A different nonce fails.
            var tampered = header
            tampered.nonce ^= 1
            #expect(ProofOfWork.verify(tampered, network: .mainnet) != nil)
        }
    }

    @Test func powOutputOfBlock4191() throws {
        // spec/ckb.md §5.5: Eaglesong(pow_message) of mainnet block 4191.
        let header = try RPCJSON.header(Self.facts["headers"]!.arrayValue![0]["header"]!)
        #expect(header.raw.powHash.hexString == "4a27fabbcfb17319ca0dbffba2fd61669211eb72c09fa98b5deba48adf50eba6")
        #expect(ProofOfWork.output(header, network: .mainnet).hexString
            == "0000000000001a29275a8740b896829a3d01dda52f9c89080b59bfeef284e3f5")
        #expect(header.raw.epochParts == (2, 648, 1677))
    }

    @Test func compactTargets() {
        // 0x1a2158d9: mantissa 0x2158d9 shifted left 8 × (0x1a − 3) bits.
        #expect(ProofOfWork.target(compact: 0x1A21_58D9)?.hexString
            == "0000000000002158d9" + String(repeating: "00", count: 23))
        #expect(ProofOfWork.target(compact: 0x0312_3456)?.hexString == String(repeating: "00", count: 29) + "123456")
        #expect(ProofOfWork.target(compact: 0x0212_3456)?.hexString == String(repeating: "00", count: 30) + "1234")
        #expect(ProofOfWork.target(compact: 0x0000_0000) == nil)          // zero
        #expect(ProofOfWork.target(compact: 0x2101_0000) == nil)          // overflow: exponent 33
        #expect(ProofOfWork.target(compact: 0x2000_0001) != nil)          // exponent 32 fits
        #expect(ProofOfWork.target(compact: 0x2100_0000) == nil)          // zero mantissa: zero target
    }
}

extension Array where Element == UInt8 {
    var hexString: String { Hex.encode(self) }
}

@Suite struct MoleculeTests {
    /// spec/ckb.md §4.3 worked examples.
    @Test func workedExamples() throws {
        let args = Array(repeating: UInt8(0x85), count: 32)
        let script = Script(codeHash: Array(repeating: 0x11, count: 32), hashType: 1, args: args)
        let bytes = script.molecule
        #expect(bytes.count == 85)
        #expect(Array(bytes[0..<16]) == [0x55, 0, 0, 0, 0x10, 0, 0, 0, 0x30, 0, 0, 0, 0x31, 0, 0, 0])
        #expect(Array(bytes[48...52]) == [0x01, 0x20, 0, 0, 0])
        let witness = WitnessArgs(lock: Array(repeating: 0, count: 65)).molecule
        #expect(witness.count == 85)
        #expect(Array(witness[0..<20]) == [0x55, 0, 0, 0, 0x10, 0, 0, 0, 0x55, 0, 0, 0, 0x55, 0, 0, 0, 0x41, 0, 0, 0])
        #expect(try WitnessArgs(molecule: witness) == WitnessArgs(lock: Array(repeating: 0, count: 65)))
        #expect(Molecule.dynvec([]) == [4, 0, 0, 0])
        #expect(Molecule.fixvec([]) == [0, 0, 0, 0])
    }

    @Test func occupiedCapacityOfTheRFC0023DAOCell() {
        // 8 + (32 + 1 + 20) + (32 + 1 + 0) + 8 = 102 bytes.
        let output = CellOutput(capacity: 0, lock: Script(codeHash: Array(repeating: 0, count: 32), hashType: 1, args: Array(repeating: 0, count: 20)),
                                type: Script(codeHash: Array(repeating: 0, count: 32), hashType: 1, args: []))
        #expect(output.occupiedBytes(dataCount: 8) == 102)
    }

    @Test func strictDecodingRejectsMalformedBytes() {
        let good = Script(codeHash: Array(repeating: 1, count: 32), hashType: 2, args: [1, 2, 3]).molecule
        var truncated = good
        truncated.removeLast()
        #expect(throws: MoleculeError.self) { try Script(molecule: truncated) }
        var badTotal = good
        badTotal[0] &+= 1
        #expect(throws: MoleculeError.self) { try Script(molecule: badTotal) }
        var badOffset = good
        badOffset[4] = 9  // not a multiple of 4
        #expect(throws: MoleculeError.self) { try Script(molecule: badOffset) }
        // A table with an extra field: rejected strictly, accepted in compatible mode.
        let extended = Molecule.dynvec([[], [], [], [7]])
        #expect(throws: MoleculeError.self) { try WitnessArgs(molecule: extended) }
        #expect((try? WitnessArgs(molecule: extended, compatible: true)) == WitnessArgs())
        // The error names the place.
        var badArgs = Transaction(raw: RawTransaction(), witnesses: [[1, 2]]).molecule
        badArgs[badArgs.count - 6] = 9  // the witness Bytes header claims 9 bytes
        do {
            _ = try Transaction(molecule: badArgs)
            Issue.record("accepted")
        } catch {
            #expect(error.path.hasPrefix("Transaction.witnesses"), "\(error)")
        }
    }

    /// Random mutations of a real transaction: decoding ends in a value or a typed error.
    @Test func mutatedTransactionsNeverTrap() throws {
        let facts = ChainFactsTests.facts["transactions"]!.arrayValue!
        let bytes = try RPCJSON.transaction(facts[1]["tx"]!).molecule
        var state: UInt64 = 42
        var decoded = 0
        for round in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var mutated = bytes
            for k in 0..<(1 + round % 4) {
                let position = Int((state >> (16 + UInt64(k) * 8)) % UInt64(mutated.count))
                mutated[position] = UInt8(truncatingIfNeeded: state >> (8 * UInt64(k)))
            }
            if round % 7 == 0 { mutated = Array(mutated.prefix(Int(state % UInt64(mutated.count)))) }
            if (try? Transaction(molecule: mutated)) != nil { decoded += 1 }
            _ = try? Block(molecule: mutated)
        }
        #expect(decoded >= 0)
    }

    @Test func cbmtRootsAndBlockHashes() {
        let a = Array(repeating: UInt8(1), count: 32), b = Array(repeating: UInt8(2), count: 32), c = Array(repeating: UInt8(3), count: 32)
        #expect(BlockHashes.merkleRoot([]) == Array(repeating: 0, count: 32))
        #expect(BlockHashes.merkleRoot([a]) == a)
        #expect(BlockHashes.merkleRoot([a, b]) == ckbHash(a + b).bytes)
        // Three leaves at positions 2, 3, 4: node1 = H(n3 ‖ n4) = H(b ‖ c); root = H(node1 ‖ a).
        #expect(BlockHashes.merkleRoot([a, b, c]) == ckbHash(ckbHash(b + c).bytes + a).bytes)
        #expect(BlockHashes.dataHash([]) == Array(repeating: 0, count: 32))
        #expect(BlockHashes.extraHash(uncles: [], extension: nil) == Array(repeating: 0, count: 32))
        #expect(BlockHashes.extraHash(uncles: [], extension: [1]) == ckbHash(Array(repeating: 0, count: 32) + ckbHash([1]).bytes).bytes)
    }

    @Test func blockJSONRoundTrip() throws {
        let tx = try RPCJSON.transaction(ChainFactsTests.facts["transactions"]!.arrayValue![0]["tx"]!)
        var header = Header()
        header.raw.transactionsRoot = BlockHashes.transactionsRoot([tx])
        let block = Block(header: header, uncles: [UncleBlock(header: Header(), proposals: [Array(repeating: 5, count: 10)])],
                          transactions: [tx], proposals: [Array(repeating: 6, count: 10)], extension: [1, 2, 3])
        #expect(try RPCJSON.block(try JSON.parse(RPCJSON.json(block).serialized)) == block)
        #expect(try Block(molecule: block.molecule) == block)
    }
}
