import CKBDKIM
import CKBTestSupport
import Foundation
import Testing

/// Every DKIM parser on truncated, mutated and random bytes: a typed error or a value, never a
/// trap, in bounded time.
@Suite struct DKIMParserTests {
    static func corpusMessages() throws -> [[UInt8]] {
        let url = TestPaths.projectVectors.appendingPathComponent("dkim/canonicalization.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (root["cases"] as! [[String: Any]]).prefix(8).map { Array(Data(base64Encoded: $0["message_base64"] as! String)!) }
    }

    @Test func mutatedMessagesSignaturesAndRecordsNeverTrap() throws {
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0xD41_4))
        let seeds = try Self.corpusMessages()
        let records = ["v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
                       "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "k=rsa; t=y:s; h=sha256; s=email; p="]
        var messages = 0, signatures = 0, keyRecords = 0, mboxEntries = 0
        for i in 0..<3000 {
            var bytes = seeds[i % seeds.count]
            switch i % 4 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            case 1: for _ in 0..<(1 + rng.next() % 4) { bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            case 2: bytes.insert(contentsOf: [0x0D, 0x0A, 0x20, 0x3B, 0x3D, 0x3A][...].shuffled(using: &rng), at: Int(rng.next() % UInt64(bytes.count)))
            default: bytes = rng.bytes(Int(rng.next() % 400))
            }
            if let message = try? DKIMMessage(bytes) {
                messages += 1
                for field in message.fields(named: "DKIM-Signature") where (try? DKIMSignature(field: field)) != nil { signatures += 1 }
                // The verifier itself on whatever parsed, with every key answer.
                let keys = DKIMFileKeyProvider(entries: ["rsa2048._domainkey.example.com": .records(records)])
                _ = DKIMVerifier(keys: keys, time: 1_760_000_000).verify(message)
            }
            var record = Array(records[i % records.count].utf8)
            if !record.isEmpty { record[Int(rng.next() % UInt64(record.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            if (try? DKIMKeyRecord(String(decoding: record, as: UTF8.self))) != nil { keyRecords += 1 }
            _ = try? DKIMTagList(bytes.prefix(300))
            // The same bytes as an mbox (a separator line, `From ` lines quoted or not): every
            // entry is a part of the input, never longer than it.
            let box = Array("From a@example.com Thu Jan  1 00:00:00 1970\n".utf8) + bytes
                + Array("\n\nFrom b\n>From c\n".utf8) + bytes.prefix(50)
            let entries = Mbox.messages(box)
            #expect(entries.count >= 2 && entries.reduce(0) { $0 + $1.count } <= box.count)
            mboxEntries += entries.count
        }
        #expect(messages > 500)
        #expect(mboxEntries >= 6000)
    }

    @Test func typedErrorsSayWhereAndWhat() {
        #expect(throws: DKIMMessageError.self) { try DKIMMessage(Array("no colon here\r\n\r\nbody".utf8)) }
        #expect(throws: DKIMTagListError.self) { try DKIMTagList(Array("a=1; a=2".utf8)) }
        #expect(throws: DKIMTagListError.self) { try DKIMTagList(Array("1a=2".utf8)) }
        do {
            _ = try DKIMTagList(Array("v=1; b=x\u{01}y".utf8))
            Issue.record("a control byte in a value parsed")
        } catch {
            #expect(error.offset == 8)
        }
        #expect(throws: DKIMKeyRecord.Problem.self) { try DKIMKeyRecord("k=rsa; p=") }
        #expect(throws: DKIMKeyRecord.Problem.self) { try DKIMKeyRecord("p=AAAA; v=DKIM1") }
    }

    @Test func tagListGrammar() throws {
        let t = try DKIMTagList(Array(" v = 1 ;\r\n\ta=rsa-sha256; b= AB\r\n CD ;".utf8))
        #expect(t["v"] == "1" && t["a"] == "rsa-sha256")
        #expect(t["b"].map { Array($0.utf8).filter { $0 > 0x20 } } == Array("ABCD".utf8))
        #expect(try DKIMTagList([]).tags.isEmpty)
    }
}
