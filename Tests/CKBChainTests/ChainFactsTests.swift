import CKBBytes
import CKBChain
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
