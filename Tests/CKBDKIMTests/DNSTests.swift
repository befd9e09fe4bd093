import CKBDKIM
import CKBRSA
import CKBTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// DNS: the wire codec on hand-built and mutated messages, the UDP/TCP provider against small
/// servers the tests run themselves, and against dnsmasq on loopback (scripts/dns-test-server).
@Suite("DNS")
struct DNSTests {

    // MARK: - Message building helpers

    static func wireName(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in text.split(separator: ".") {
            out.append(UInt8(label.utf8.count))
            out.append(contentsOf: label.utf8)
        }
        out.append(0)
        return out
    }

    static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }

    static func header(id: UInt16, flags: UInt16 = 0x8180, qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0) -> [UInt8] {
        u16(id) + u16(flags) + u16(qd) + u16(an) + u16(ns) + u16(ar)
    }

    static func record(_ owner: [UInt8], type: UInt16, cls: UInt16 = 1, ttl: UInt32 = 300, rdata: [UInt8], rdlength: Int? = nil) -> [UInt8] {
        let length = UInt16(rdlength ?? rdata.count)
        return owner + u16(type) + u16(cls) + [UInt8(ttl >> 24), UInt8((ttl >> 16) & 0xFF), UInt8((ttl >> 8) & 0xFF), UInt8(ttl & 0xFF)]
            + u16(length) + rdata
    }

    static func txt(_ strings: [String]) -> [UInt8] {
        strings.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
    }

    static let qname = "s._domainkey.example.com"
    static func query(id: UInt16 = 0x1234) -> DNSQuery { DNSQuery(name: try! DNSName(qname), id: id) }
    /// The question section of `query()`, as a server echoes it (starts at offset 12).
    static var question: [UInt8] { Array(query().bytes[12...]) }
    /// A pointer to the question's name.
    static let toQName: [UInt8] = [0xC0, 0x0C]

    /// A well-formed answer: one TXT record in two strings, owner compressed.
    static func simpleAnswer(id: UInt16 = 0x1234) -> [UInt8] {
        header(id: id, an: 1) + question + record(toQName, type: 16, rdata: txt(["v=DKIM1; p=", "abc"]))
    }

    static func parse(_ bytes: [UInt8]) -> Result<DNSResponse, DNSMessageError> {
        Result { () throws(DNSMessageError) in try DNSResponse(parsing: bytes, answering: query()) }
    }

    static func error(_ bytes: [UInt8]) -> DNSMessageError? {
        if case .failure(let e) = parse(bytes) { return e }
        return nil
    }

    // MARK: - Names and queries

    @Test func namesFromText() throws {
        let name = try DNSName("Sel._DomainKey.Example.COM.")
        #expect(name.description == "sel._domainkey.example.com")
        #expect(name.labels.count == 4)
        #expect(name.wireBytes == Self.wireName("sel._domainkey.example.com"))
        #expect(try DNSName(String(repeating: "a", count: 63) + ".b").labels[0].count == 63)
        // 4 labels of 61 bytes + 1 of 6: 4*62 + 7 + 1 = 256 > 255; one byte less fits.
        let long = Array(repeating: String(repeating: "a", count: 61), count: 4).joined(separator: ".")
        #expect(try DNSName(long + ".bbbbb").wireLength == 255)

        func reason(_ text: String) -> DNSNameError.Reason? {
            do { _ = try DNSName(text); return nil } catch { return error.reason }
        }
        #expect(reason("") == .empty)
        #expect(reason(".") == .empty)
        #expect(reason("a..b") == .emptyLabel)
        #expect(reason(".a") == .emptyLabel)
        #expect(reason("a.b..") == .emptyLabel)
        #expect(reason(String(repeating: "a", count: 64)) == .labelTooLong)
        #expect(reason(long + ".bbbbbb") == .nameTooLong(256))
        #expect(reason("a b.example") == .invalidByte(UInt8(ascii: " ")))
        #expect(reason("ex\\.ample") == .invalidByte(UInt8(ascii: "\\")))
        #expect(reason("bücher.example") == .invalidByte(0xC3))
        do {
            _ = try DNSName("good.ba d")
            Issue.record("accepted a space")
        } catch {
            #expect(error.offset == 7)
        }
    }

    @Test func queryWireFormat() throws {
        let q = DNSQuery(name: try DNSName("A.bc"), id: 0xBEEF)
        #expect(q.bytes == [0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                            1, UInt8(ascii: "a"), 2, UInt8(ascii: "b"), UInt8(ascii: "c"), 0,
                            0, 16, 0, 1])
        // Random IDs: 64 queries are not all alike.
        let ids = Set((0..<64).map { _ in DNSQuery(name: q.name).id })
        #expect(ids.count > 32)
    }

    // MARK: - Parsing well-formed answers

    @Test func compressedTXTAnswer() throws {
        let r = try Self.parse(Self.simpleAnswer()).get()
        #expect(r.id == 0x1234 && !r.isTruncated && r.recursionAvailable && r.recursionDesired)
        #expect(r.responseCode == .noError)
        #expect(r.question?.name.description == Self.qname)
        #expect(r.answers.count == 1)
        #expect(r.answers[0].name.description == Self.qname)
        #expect(r.answers[0].ttl == 300)
        #expect(r.answers[0].offset == 12 + Self.question.count)
        #expect(r.answers[0].data == .txt([Array("v=DKIM1; p=".utf8), Array("abc".utf8)]))
        #expect(try r.txtRecords() == [[Array("v=DKIM1; p=".utf8), Array("abc".utf8)]])
    }

    @Test func pointerIntoTheMiddleOfAName() throws {
        // Owner "x._domainkey.example.com": label "x" then a pointer to "_domainkey" inside
        // the question (offset 12 + 2), and an unrelated record the chain must ignore.
        let owner: [UInt8] = [1, UInt8(ascii: "x"), 0xC0, 14]
        let bytes = Self.header(id: 0x1234, an: 2) + Self.question
            + Self.record(owner, type: 16, rdata: Self.txt(["other"]))
            + Self.record(Self.toQName, type: 16, rdata: Self.txt([""]))
        let r = try Self.parse(bytes).get()
        #expect(r.answers[0].name.description == "x._domainkey.example.com")
        #expect(try r.txtRecords() == [[[]]])
    }

    @Test func questionEchoIgnoresCase() throws {
        var bytes = Self.simpleAnswer()
        bytes[13] = UInt8(ascii: "S")  // "s" -> "S"
        bytes[16] = UInt8(ascii: "D")  // "_domainkey" -> "_Domainkey"
        #expect(throws: Never.self) { try Self.parse(bytes).get() }
    }

    @Test func cnameChains() throws {
        // qname -> a.example.net -> b.example.net (TXT); a TXT at qname itself is not used.
        let a = Self.wireName("a.example.net"), b = Self.wireName("b.example.net")
        let qEnd = 12 + Self.question.count
        var bytes = Self.header(id: 0x1234, an: 3) + Self.question
        bytes += Self.record(Self.toQName, type: 5, rdata: a)
        let aOffset = qEnd + 12 // the CNAME's RDATA starts 12 bytes into the record (2+2+2+4+2)
        bytes += Self.record([0xC0, UInt8(aOffset)], type: 5, rdata: b)
        let bOffset = aOffset + a.count + 12
        bytes += Self.record([0xC0, UInt8(bOffset)], type: 16, rdata: Self.txt(["at b"]))
        let r = try Self.parse(bytes).get()
        #expect(r.answers.map(\.type) == [.cname, .cname, .txt])
        #expect(try r.txtRecords() == [[Array("at b".utf8)]])

        // A loop: qname -> a -> qname.
        var loop = Self.header(id: 0x1234, an: 2) + Self.question
        loop += Self.record(Self.toQName, type: 5, rdata: a)
        loop += Self.record([0xC0, UInt8(aOffset)], type: 5, rdata: Self.toQName)
        let looped = try Self.parse(loop).get()
        #expect(throws: DNSMessageError(.cnameLoop(try DNSName(Self.qname)), section: .answer(1), offset: aOffset + a.count)) {
            try looped.txtRecords()
        }

        // Two CNAMEs at one name.
        var two = Self.header(id: 0x1234, an: 2) + Self.question
        two += Self.record(Self.toQName, type: 5, rdata: a)
        two += Self.record(Self.toQName, type: 5, rdata: b)
        let doubled = try Self.parse(two).get()
        #expect(throws: DNSMessageError(.multipleCNAMEs(try DNSName(Self.qname)), section: .answer(1), offset: aOffset + a.count)) {
            try doubled.txtRecords()
        }

        // A chain of 9 links (c1 ... c9): one more than allowed; 8 links are fine.
        func chain(_ links: Int) throws -> DNSResponse {
            var m = Self.header(id: 0x1234, an: UInt16(links + 1)) + Self.question
            var owner = Self.toQName
            for i in 1...links {
                let target = Self.wireName("c\(i).example.net")
                m += Self.record(owner, type: 5, rdata: target)
                owner = target
            }
            m += Self.record(owner, type: 16, rdata: Self.txt(["end"]))
            return try Self.parse(m).get()
        }
        #expect(try chain(8).txtRecords() == [[Array("end".utf8)]])
        let long = try chain(9)
        do {
            _ = try long.txtRecords()
            Issue.record("a 9-link chain was followed")
        } catch {
            #expect(error.reason == .cnameChainTooLong)
            #expect(error.section == .answer(8))
        }
    }

    @Test func responseCodesAndTruncation() throws {
        let nx = Self.header(id: 0x1234, flags: 0x8183) + Self.question
        #expect(try Self.parse(nx).get().responseCode == .nameError)
        // SERVFAIL and REFUSED may come without the question.
        let servfail = Self.header(id: 0x1234, flags: 0x8182, qd: 0)
        let r = try Self.parse(servfail).get()
        #expect(r.responseCode == .serverFailure && r.question == nil)
        #expect(try r.txtRecords() == [])
        // NOERROR and NXDOMAIN must echo it.
        #expect(Self.error(Self.header(id: 0x1234, qd: 0))?.reason == .questionCount(0))
        #expect(Self.error(Self.header(id: 0x1234, flags: 0x8183, qd: 0))?.reason == .questionCount(0))
        #expect(Self.error(Self.header(id: 0x1234, qd: 2) + Self.question + Self.question)?.reason == .questionCount(2))
        // TC: the header and the question are read; the cut answer section is not.
        let cut = Self.header(id: 0x1234, flags: 0x8380, an: 3) + Self.question + [0xC0, 0x0C, 0, 16, 0]
        let t = try Self.parse(cut).get()
        #expect(t.isTruncated && t.answers.isEmpty)
        #expect(DNSResponseCode(rawValue: 9).description == "RCODE9")
    }

    // MARK: - Malformed answers: typed errors with section and offset

    @Test func headerFaults() {
        let good = Self.simpleAnswer()
        #expect(Self.error(Self.simpleAnswer(id: 0x4321)) == DNSMessageError(.idMismatch(expected: 0x1234, received: 0x4321), section: .header, offset: 0))
        var query = good
        query[2] &= 0x7F
        #expect(Self.error(query) == DNSMessageError(.notAResponse, section: .header, offset: 2))
        var opcode = good
        opcode[2] |= 0x10  // opcode 2 (STATUS)
        #expect(Self.error(opcode) == DNSMessageError(.unexpectedOpcode(2), section: .header, offset: 2))
        #expect(Self.error([0x12]) == DNSMessageError(.truncated(needed: 1), section: .header, offset: 0))
        #expect(Self.error([0x12, 0x34, 0x81]) == DNSMessageError(.truncated(needed: 1), section: .header, offset: 2))
        let huge = [UInt8](repeating: 0, count: 65_536)
        #expect(Self.error(huge)?.reason == .messageTooLarge(65_536))
    }

    @Test func questionMismatch() throws {
        let other = DNSQuery(name: try DNSName("t._domainkey.example.com"), id: 0x1234)
        let bytes = Self.header(id: 0x1234) + Array(other.bytes[12...])
        #expect(Self.error(bytes) == DNSMessageError(
            .questionNameMismatch(expected: try DNSName(Self.qname), received: try DNSName("t._domainkey.example.com")),
            section: .question, offset: 12))
        var type = Self.header(id: 0x1234) + Self.question
        type[type.count - 3] = 1  // QTYPE A
        #expect(Self.error(type) == DNSMessageError(.questionTypeMismatch(expected: .txt, received: .a), section: .question, offset: type.count - 4))
        var cls = Self.header(id: 0x1234) + Self.question
        cls[cls.count - 1] = 3  // QCLASS CH
        #expect(Self.error(cls) == DNSMessageError(.questionClassMismatch(expected: .internet, received: DNSClass(rawValue: 3)), section: .question, offset: cls.count - 2))
    }

    @Test func compressionFaults() {
        let start = 12 + Self.question.count
        func withOwner(_ owner: [UInt8]) -> [UInt8] {
            Self.header(id: 0x1234, an: 1) + Self.question + Self.record(owner, type: 16, rdata: Self.txt(["x"]))
        }
        // A pointer to itself, and one to a later point of the message.
        #expect(Self.error(withOwner([0xC0, UInt8(start)])) == DNSMessageError(.pointerNotBackward(target: start), section: .answer(0), offset: start))
        #expect(Self.error(withOwner([0xC0, UInt8(start + 4)])) == DNSMessageError(.pointerNotBackward(target: start + 4), section: .answer(0), offset: start))
        // A pointer past the end.
        #expect(Self.error(withOwner([0xFF, 0xFF])) == DNSMessageError(.pointerOutOfRange(target: 0x3FFF), section: .answer(0), offset: start))
        // Label + pointer back to that label: a two-step loop.
        #expect(Self.error(withOwner([1, UInt8(ascii: "a"), 0xC0, UInt8(start)])) == DNSMessageError(.pointerNotBackward(target: start), section: .answer(0), offset: start + 2))
        // Label types 01 and 10.
        #expect(Self.error(withOwner([0x41, 0])) == DNSMessageError(.reservedLabelType(0x40), section: .answer(0), offset: start))
        #expect(Self.error(withOwner([0x81, 0])) == DNSMessageError(.reservedLabelType(0x80), section: .answer(0), offset: start))
        // 63-byte labels behind a pointer to the question's 24-byte name: 4*64 + 26 > 255.
        let big = (0..<4).flatMap { _ in [UInt8(63)] + [UInt8](repeating: UInt8(ascii: "a"), count: 63) }
        #expect(Self.error(withOwner(big + Self.toQName))?.reason == .nameTooLong)
        // A pointer cut in half at the end of the message.
        #expect(Self.error(Self.header(id: 0x1234, an: 1) + Self.question + [0xC0]) == DNSMessageError(.truncated(needed: 1), section: .answer(0), offset: start))
    }

    @Test func tooManyPointerHops() {
        // An unknown-type record holding 200 pointers, each to the one before it (the first
        // to the question's name), then a record whose owner is a pointer to the last: every
        // hop goes backward, but there are more hops than a name can have labels.
        let rdataStart = 12 + Self.question.count + 12
        var chain: [UInt8] = [0xC0, 12]
        for i in 1..<200 {
            let previous = rdataStart + 2 * (i - 1)
            chain += [0xC0 | UInt8(previous >> 8), UInt8(previous & 0xFF)]
        }
        let last = rdataStart + 2 * 199
        let bytes = Self.header(id: 0x1234, an: 2) + Self.question
            + Self.record([0xC0, 12], type: 99, rdata: chain)
            + Self.record([0xC0 | UInt8(last >> 8), UInt8(last & 0xFF)], type: 16, rdata: Self.txt(["x"]))
        let e = Self.error(bytes)
        #expect(e?.reason == .tooManyPointers)
        #expect(e?.section == .answer(1))
    }

    @Test func recordDataFaults() {
        let start = 12 + Self.question.count
        let prefix = Self.header(id: 0x1234, an: 1) + Self.question
        // RDLENGTH 10 with 4 bytes left.
        #expect(Self.error(prefix + Self.record(Self.toQName, type: 16, rdata: Self.txt(["abc"]), rdlength: 10))
                == DNSMessageError(.recordDataOverrun(declared: 10, available: 4), section: .answer(0), offset: start + 10))
        // A character-string of 5 bytes in an RDATA of 4.
        #expect(Self.error(prefix + Self.record(Self.toQName, type: 16, rdata: [5, 1, 2, 3]))
                == DNSMessageError(.characterStringOverrun(length: 5, remaining: 3), section: .answer(0), offset: start + 12))
        // Strings that end inside RDLENGTH but leave a dangling length byte.
        #expect(Self.error(prefix + Self.record(Self.toQName, type: 16, rdata: [1, 65, 2, 66]))?.reason == .characterStringOverrun(length: 2, remaining: 1))
        // A TXT without any string.
        #expect(Self.error(prefix + Self.record(Self.toQName, type: 16, rdata: []))
                == DNSMessageError(.emptyTXT, section: .answer(0), offset: start + 10))
        // A CNAME whose name is shorter than its RDLENGTH.
        #expect(Self.error(prefix + Self.record(Self.toQName, type: 5, rdata: Self.toQName + [0]))?.reason
                == .recordDataLengthMismatch(declared: 3, used: 2))
        // Bytes after the last record.
        #expect(Self.error(Self.simpleAnswer() + [0]) == DNSMessageError(.trailingBytes(1), section: .additional(0), offset: Self.simpleAnswer().count))
        // Fewer records than ANCOUNT says.
        var counted = Self.simpleAnswer()
        counted[7] = 2
        #expect(Self.error(counted)?.section == .answer(1))
    }

    @Test func everyPrefixOfAnAnswerIsRefused() {
        let full = Self.simpleAnswer()
        for n in 0..<full.count {
            guard let e = Self.error(Array(full[0..<n])) else {
                Issue.record("prefix of \(n) bytes accepted")
                continue
            }
            #expect(e.offset <= n, "prefix \(n): \(e)")
        }
    }

    @Test func errorsDescribeWhatAndWhere() {
        let e = DNSMessageError(.pointerNotBackward(target: 40), section: .answer(0), offset: 40)
        #expect(e.description == "DNS message: compression pointer to 40 does not point backward (loop or forward pointer) (answer record 0, offset 40)")
        #expect("\(DNSMessageError(.idMismatch(expected: 0x1234, received: 0xABCD), section: .header, offset: 0))".contains("0xabcd"))
    }

    // MARK: - Random and mutated messages

    /// 20,000 messages: valid answers with bytes flipped, inserted, deleted, cut, or set to
    /// pointer and length values, and plain random bytes. None may trap; each must parse or
    /// fail with an offset inside the message; all of it within a time bound.
    @Test func mutatedAndRandomMessages() throws {
        let seed = SeededGenerator.seed(default: 0xD15_C0DE)
        var rng = SeededGenerator(seed: seed)
        let a = Self.wireName("a.example.net")
        let qEnd = 12 + Self.question.count
        var cname = Self.header(id: 0x1234, an: 2, ar: 1) + Self.question
        cname += Self.record(Self.toQName, type: 5, rdata: a)
        cname += Self.record([0xC0, UInt8(qEnd + 12)], type: 16, rdata: Self.txt(["v=DKIM1; k=ed25519; p=", String(repeating: "A", count: 44)]))
        cname += Self.record([0], type: 41, cls: 1232, ttl: 0, rdata: [])
        let seeds = [Self.simpleAnswer(), cname,
                     Self.header(id: 0x1234, flags: 0x8183) + Self.question,
                     Self.header(id: 0x1234, an: 2) + Self.question
                        + Self.record(Self.toQName, type: 16, rdata: Self.txt([String(repeating: "x", count: 255), "y"]))
                        + Self.record(Self.toQName, type: 16, rdata: Self.txt(["z"]))]
        var accepted = 0, refused = 0
        var slowest = Duration.zero
        let clock = ContinuousClock()
        let total = clock.measure {
            for i in 0..<20_000 {
                var m: [UInt8]
                if i % 10 == 9 {
                    m = rng.bytes(Int(rng.next() % 600))
                    if m.count >= 2 { m[0] = 0x12; m[1] = 0x34 }  // past the ID check, mostly
                } else {
                    m = seeds[Int(rng.next() % UInt64(seeds.count))]
                    for _ in 0..<(1 + Int(rng.next() % 4)) {
                        let position = m.isEmpty ? 0 : Int(rng.next() % UInt64(m.count))
                        switch rng.next() % 7 {
                        case 0 where !m.isEmpty: m[position] ^= UInt8(1 << (rng.next() % 8))
                        case 1 where !m.isEmpty: m[position] = UInt8(truncatingIfNeeded: rng.next())
                        case 2: m.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
                        case 3 where !m.isEmpty: m.remove(at: position)
                        case 4: m = Array(m.prefix(position))
                        case 5 where position + 1 < m.count:
                            m[position] = 0xC0 | UInt8(rng.next() % 4)
                            m[position + 1] = UInt8(truncatingIfNeeded: rng.next())
                        case 6 where !m.isEmpty: m[position] = [0, 1, 63, 64, 128, 191, 255][Int(rng.next() % 7)]
                        default: break
                        }
                    }
                }
                let start = clock.now
                switch Self.parse(m) {
                case .success(let r):
                    accepted += 1
                    if let records = try? r.txtRecords() {
                        #expect(records.allSatisfy { $0.allSatisfy { $0.count <= 255 } })
                    }
                    #expect((r.answers + r.authority + r.additional).allSatisfy { $0.name.wireLength <= 255 && $0.offset < m.count })
                case .failure(let e):
                    refused += 1
                    #expect(e.offset >= 0 && e.offset <= m.count, "seed \(seed), case \(i): \(e)")
                }
                slowest = max(slowest, clock.now - start)
            }
        }
        // Adversarial worst cases: 65,535-byte messages of pointers and of maximal counts.
        var worst: [[UInt8]] = []
        worst.append(Self.header(id: 0x1234, an: 0xFFFF) + Self.question + [UInt8](repeating: 0xC0, count: 65_535 - 12 - Self.question.count))
        var many = Self.header(id: 0x1234, an: 0xFFFF) + Self.question
        while many.count + 14 <= 65_535 { many += Self.record(Self.toQName, type: 16, rdata: [1, 0x41]) }
        worst.append(many)
        for m in worst {
            let start = clock.now
            _ = Self.parse(m).map { try? $0.txtRecords() }
            slowest = max(slowest, clock.now - start)
        }
        #expect(accepted > 500 && refused > 5_000, "seed \(seed): \(accepted) accepted, \(refused) refused")
        // Reported, not asserted (no timing assertions in tests): a parse that hangs never
        // returns, and the worst cases above are the largest inputs there are.
        print("DNS codec fuzz, seed \(seed): slowest parse \(slowest), 20,000 messages in \(total)")
    }

    // MARK: - Resolver addresses

    @Test func resolverAddresses() throws {
        #expect(try DNSResolverAddress("127.0.0.1:5353").description == "127.0.0.1:5353")
        #expect(try DNSResolverAddress("10.1.2.3").description == "10.1.2.3:53")
        #expect(try DNSResolverAddress("[::1]:5300").description == "[::1]:5300")
        #expect(try DNSResolverAddress("::1").description == "[::1]:53")
        #expect(try DNSResolverAddress("[2001:db8::1]").port == 53)
        #expect(try DNSResolverAddress("[fe80::1%1]:53").scopeID == 1)
        for bad in ["", "1.2.3", "1.2.3.4:", "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:53x", "host.example:53",
                    "[::1", "[::1]53", "[1.2.3.4]:53", "::g", "[fe80::1%]:53"] {
            #expect(throws: DNSResolverConfigurationError.self, "\(bad)") { try DNSResolverAddress(bad) }
        }
        #expect(throws: DNSResolverConfigurationError.unknownInterface("no-such-interface0")) {
            try DNSResolverAddress("[fe80::1%no-such-interface0]:53")
        }
    }

    @Test func resolvConf() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckb-dns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ text: String) throws -> String {
            let url = dir.appendingPathComponent(UUID().uuidString)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let conf = try write("# comment\nsearch example.com\n  \noptions ndots:1\nnameserver\t192.0.2.7  # first\nnameserver 192.0.2.8\n")
        #expect(try DNSResolverAddress.systemDefault(resolvConf: conf).description == "192.0.2.7:53")
        #expect(try DNSResolverAddress.systemDefault(resolvConf: try write("nameserver 2001:db8::53\n")).description == "[2001:db8::53]:53")
        let none = try write("search example.com\n")
        #expect(throws: DNSResolverConfigurationError.noNameserver(none)) { try DNSResolverAddress.systemDefault(resolvConf: none) }
        let missing = dir.appendingPathComponent("missing").path
        #expect(throws: DNSResolverConfigurationError.unreadable(missing, ENOENT)) { try DNSResolverAddress.systemDefault(resolvConf: missing) }
        #expect(throws: DNSResolverConfigurationError.self) { try DNSKeyProvider(resolver: "127.0.0.1", timeout: .zero) }
        #expect(throws: DNSResolverConfigurationError.self) { try DNSKeyProvider(resolver: "127.0.0.1", retries: -1) }
    }

    // MARK: - Provider against servers the test runs itself

    /// A server that never answers: a bound UDP socket nobody reads. Three tries of 200 ms
    /// each, then a temporary failure.
    @Test func silentServerTimesOut() throws {
        let silent = try #require(LoopbackUDPSocket(ipv6: false))
        let (reason, elapsed) = try Self.temporaryFailure(from: "127.0.0.1:\(silent.port)", timeout: .milliseconds(200))
        #expect(reason.contains("no answer after 3 tries of 200 ms"), "\(reason)")
        // Every try waited its whole timeout (a lower bound only: a busy machine is slower).
        #expect(elapsed >= .milliseconds(590), "\(elapsed)")
    }

    /// Looks a name up through `resolver` with three tries, expecting a temporary failure: its
    /// reason and how long the lookup took.
    static func temporaryFailure(from resolver: String, timeout: Duration) throws -> (String, Duration) {
        let provider = try DNSKeyProvider(resolver: resolver, timeout: timeout, retries: 2)
        var result = DKIMKeyLookup.notFound
        let elapsed = ContinuousClock().measure { result = provider.txtRecords("s._domainkey.example.com") }
        guard case .temporaryFailure(let reason) = result else {
            Issue.record("expected a temporary failure, got \(result)")
            return ("", elapsed)
        }
        return (reason, elapsed)
    }

    /// A closed port: ICMP port unreachable makes each try fail at once.
    @Test func closedPortFailsFast() throws {
        let port = try #require(LoopbackUDPSocket(ipv6: false)).port  // bound, then closed at once
        let (reason, _) = try Self.temporaryFailure(from: "127.0.0.1:\(port)", timeout: .seconds(1))
        // The refusal itself is the cause, not a timeout.
        #expect(reason.contains("connection refused"), "\(reason)")
    }

    /// Names that are not DNS names are not looked up: `.notFound` at once.
    @Test func invalidNamesAreNotFound() throws {
        let silent = try #require(LoopbackUDPSocket(ipv6: false))
        let provider = try DNSKeyProvider(resolver: "127.0.0.1:\(silent.port)", timeout: .seconds(1), retries: 0)
        for name in ["", "a..b", "sel._domainkey.exa mple.com", String(repeating: "x", count: 64) + ".com", "bücher.de"] {
            #expect(provider.txtRecords(name) == .notFound, "\(name)")
        }
    }

    /// Datagrams with another ID, another question, or from another port are discarded; the
    /// right answer after them is used. Over IPv6 when loopback has it.
    @Test(arguments: [false, true])
    func mismatchedAnswersAreDiscarded(ipv6: Bool) throws {
        guard let server = LoopbackUDPSocket(ipv6: ipv6), let stranger = LoopbackUDPSocket(ipv6: ipv6) else {
            #expect(ipv6, "no IPv4 loopback socket")
            return  // no IPv6 loopback here
        }
        let host = ipv6 ? "[::1]" : "127.0.0.1"
        let provider = try DNSKeyProvider(resolver: "\(host):\(server.port)", timeout: .seconds(2), retries: 0)
        let responder = Thread {
            guard let (query, from) = server.receive(timeout: 3000), query.count > 12 else { return }
            let id = UInt16(query[0]) << 8 | UInt16(query[1])
            let question = Array(query[12...])
            func answer(_ id: UInt16, _ question: [UInt8], _ text: String) -> [UInt8] {
                DNSTests.header(id: id, an: 1) + question + DNSTests.record(DNSTests.toQName, type: 16, rdata: DNSTests.txt([text]))
            }
            stranger.send(answer(id, question, "from a stranger"), to: from)
            server.send(answer(id &+ 1, question, "wrong id"), to: from)
            var otherQuestion = question
            otherQuestion[1] ^= 0x01
            server.send(answer(id, otherQuestion, "wrong question"), to: from)
            server.send([0x00], to: from)
            server.send(answer(id, question, "the answer"), to: from)
        }
        responder.start()
        #expect(provider.txtRecords("s._domainkey.example.com") == .records(["the answer"]))
    }

    /// A malformed answer with the right ID and question is a temporary failure, not a crash.
    @Test func malformedAnswerIsTemporaryFailure() throws {
        let server = try #require(LoopbackUDPSocket(ipv6: false))
        let provider = try DNSKeyProvider(resolver: "127.0.0.1:\(server.port)", timeout: .seconds(2), retries: 0)
        let responder = Thread {
            guard let (query, from) = server.receive(timeout: 3000), query.count > 12 else { return }
            server.send(Array(query[0..<2]) + [0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0] + Array(query[12...]) + [0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 0, 0, 0, 9, 3, 1, 2], to: from)
        }
        responder.start()
        let result = provider.txtRecords("s._domainkey.example.com")
        guard case .temporaryFailure(let reason) = result else {
            Issue.record("expected a temporary failure, got \(result)")
            return
        }
        #expect(reason.contains("malformed answer over UDP") && reason.contains("RDLENGTH 9"), "\(reason)")
    }

    /// A truncated UDP answer from a server without TCP: the TCP try's failure is final
    /// (one UDP query, not three).
    @Test func truncatedAnswerWithoutTCP() throws {
        let server = try #require(LoopbackUDPSocket(ipv6: false))
        let provider = try DNSKeyProvider(resolver: "127.0.0.1:\(server.port)", timeout: .seconds(1), retries: 2)
        let done = DispatchSemaphore(value: 0)
        let queries = SharedCounter()
        let responder = Thread {
            while let (query, from) = server.receive(timeout: 500), query.count > 12 {
                queries.increment()
                server.send(Array(query[0..<2]) + [0x83, 0x80, 0, 1, 0, 0, 0, 0, 0, 0] + Array(query[12...]), to: from)
            }
            done.signal()
        }
        responder.start()
        let result = provider.txtRecords("s._domainkey.example.com")
        #expect(result == .temporaryFailure("DNS TXT s._domainkey.example.com at 127.0.0.1:\(server.port): connection refused (TCP)"))
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(queries.value == 1)
    }

    // MARK: - Provider against dnsmasq

    /// Against dnsmasq on 127.0.0.1 (scripts/dns-test-server), started once for these tests.
    @Suite(.serialized, .enabled(if: DNSTestServer.canStart, DNSTestServer.cannotStart), DNSTestServer.Scope())
    struct Server {
        var server: DNSTestServer {
            get throws { try #require(DNSTestServer.current, "scripts/dns-test-server did not start; see the issue above") }
        }

        func provider() throws -> DNSKeyProvider {
            try DNSKeyProvider(resolver: "127.0.0.1:\(try server.port)", timeout: .seconds(2), retries: 2)
        }

        @Test func recordSplitOverStrings() throws {
            let name = "s2048._domainkey.example.test"
            let expected = try server.records(name)
            #expect(expected.count == 1 && expected[0].utf8.count == 410)
            #expect(try provider().txtRecords(name) == .records(expected))
            // On the wire: two character-strings, 255 + 155 bytes.
            let response = try provider().query(try DNSName(name))
            #expect(!response.isTruncated)
            #expect(try response.txtRecords().map { $0.map(\.count) } == [[255, 155]])
            // Joined exactly: the p= value is a DER public key of 2048 bits.
            #expect(try rsaBits(expected[0]) == 2048)
        }

        @Test func twoRecords() throws {
            let name = "multi._domainkey.example.test"
            let expected = try server.records(name)
            guard case .records(let got) = try provider().txtRecords(name) else {
                Issue.record("no records")
                return
            }
            #expect(got.count == 2)
            #expect(got.sorted() == expected.sorted())
        }

        @Test func cnameChain() throws {
            let name = "alias._domainkey.example.test"
            #expect(try provider().txtRecords(name) == .records(try server.records("ed._domainkey.example.test")))
            let response = try provider().query(try DNSName(name))
            #expect(response.answers.map(\.type) == [.cname, .cname, .txt])
        }

        @Test func nxdomainAndNodata() throws {
            #expect(try provider().txtRecords("missing._domainkey.example.test") == .notFound)
            #expect(try provider().query(try DNSName("missing._domainkey.example.test")).responseCode == .nameError)
            #expect(try provider().txtRecords("nodata._domainkey.example.test") == .notFound)
            let nodata = try provider().query(try DNSName("nodata._domainkey.example.test"))
            #expect(nodata.responseCode == .noError && nodata.answers.isEmpty)
        }

        @Test func servfailAndRefused() throws {
            let servfail = try provider().txtRecords("k._domainkey.servfail.example")
            #expect(servfail == .temporaryFailure("DNS TXT k._domainkey.servfail.example at 127.0.0.1:\(try server.port): SERVFAIL"))
            let refused = try provider().txtRecords("k._domainkey.elsewhere.example")
            #expect(refused == .temporaryFailure("DNS TXT k._domainkey.elsewhere.example at 127.0.0.1:\(try server.port): REFUSED"))
        }

        @Test func truncatedOverUDPThenTCP() throws {
            let name = "s4096._domainkey.example.test"
            // Over UDP alone the answer is truncated.
            let udp = try #require(LoopbackUDPSocket(ipv6: false))
            let query = DNSQuery(name: try DNSName(name))
            let answer = try #require(udp.exchange(query.bytes, port: try server.port, timeout: 2000))
            let truncated = try DNSResponse(parsing: answer, answering: query)
            #expect(truncated.isTruncated && truncated.answers.isEmpty && answer.count <= 512)
            // The provider asks again over TCP and gets all of it.
            let expected = try server.records(name)
            #expect(try provider().txtRecords(name) == .records(expected))
            let full = try provider().query(try DNSName(name))
            #expect(!full.isTruncated)
            #expect(try full.txtRecords().map { $0.map(\.count) } == [[255, 255, 244]])
            #expect(try rsaBits(expected[0]) == 4096)
        }

        @Test func namesAreCaseInsensitive() throws {
            #expect(try provider().txtRecords("S2048._DomainKey.Example.TEST.") == .records(try server.records("s2048._domainkey.example.test")))
        }

        func rsaBits(_ record: String) throws -> Int {
            let p = try #require(record.components(separatedBy: "p=").last)
            let der = try #require(Data(base64Encoded: p))
            return try RSA.PublicKey(derRepresentation: Array(der)).bitCount
        }
    }
}

// MARK: - The dnsmasq test server

/// scripts/dns-test-server, started once around ``DNSTests/Server``.
final class DNSTestServer: Sendable {
    let port: UInt16
    let directory: URL
    let pidFile: URL

    @TaskLocal static var current: DNSTestServer?

    static let script = TestPaths.projectRoot.appendingPathComponent("scripts/dns-test-server")

    /// dnsmasq is there, or we are root and the script can install it.
    static let canStart: Bool = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return geteuid() == 0 || paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/dnsmasq") }
    }()

    static let cannotStart: Comment = "dnsmasq is not installed and we are not root to install it (apt-get install dnsmasq-base): skipping the tests against a real DNS server"

    private init(port: UInt16, directory: URL) {
        self.port = port
        self.directory = directory
        self.pidFile = directory.appendingPathComponent("dns.pid")
    }

    /// Starts the servers on a random free port (5 tries); records an issue and returns nil
    /// when the script fails.
    static func start() -> DNSTestServer? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ckb-dnsmasq-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            Issue.record("cannot create \(directory.path): \(error)")
            return nil
        }
        for _ in 0..<5 {
            let port = UInt16.random(in: 20_000...60_000)
            let server = DNSTestServer(port: port, directory: directory)
            let output = directory.appendingPathComponent("start.out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = Process()
            process.executableURL = script
            process.arguments = [String(port), server.pidFile.path]
            do {
                let handle = try FileHandle(forWritingTo: output)
                process.standardOutput = handle
                process.standardError = handle
                process.standardInput = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                try handle.close()
            } catch {
                Issue.record("cannot run \(script.path): \(error)")
                return nil
            }
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            switch process.terminationStatus {
            case 0: return server
            case 3: continue  // port in use
            default:
                Issue.record("scripts/dns-test-server exited with \(process.terminationStatus): \(text)")
                return nil
            }
        }
        Issue.record("scripts/dns-test-server: no free port in 5 tries")
        return nil
    }

    func stop() {
        let process = Process()
        process.executableURL = Self.script
        process.arguments = ["--stop", pidFile.path]
        process.standardInput = FileHandle.nullDevice
        if (try? process.run()) != nil { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The records the script put at `name` (records.tsv: name TAB text), in file order.
    func records(_ name: String) throws -> [String] {
        let text = try String(contentsOf: directory.appendingPathComponent("records.tsv"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            return fields.count == 2 && fields[0] == name ? String(fields[1]) : nil
        }
    }

    /// Starts the server before the suite's tests and stops it after them.
    struct Scope: SuiteTrait, TestScoping {
        var isRecursive: Bool { false }

        func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
            let server = DNSTestServer.start()
            defer { server?.stop() }
            try await DNSTestServer.$current.withValue(server) { try await function() }
        }
    }
}

/// A counter shared with a responder thread.
final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

// MARK: - A loopback UDP socket for hand-made servers

/// A UDP socket bound to a free loopback port; closed when released.
final class LoopbackUDPSocket: @unchecked Sendable {
    let fd: Int32
    let port: UInt16
    let ipv6: Bool

    init?(ipv6: Bool) {
        self.ipv6 = ipv6
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var bound: Int32
        var port: UInt16 = 0
        if ipv6 {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &sa.sin6_addr) { $0[15] = 1 }  // ::1
            bound = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
            var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            if bound == 0 {
                bound = withUnsafeMutablePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
                port = UInt16(bigEndian: sa.sin6_port)
            }
        } else {
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            bound = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            if bound == 0 {
                bound = withUnsafeMutablePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
                port = UInt16(bigEndian: sa.sin_port)
            }
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.port = port
    }

    deinit { close(fd) }

    /// One datagram and its source, or nil after `timeout` milliseconds.
    func receive(timeout: Int32) -> ([UInt8], sockaddr_storage)? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeout) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var from = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let n = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &from) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length) } }
        }
        guard n >= 0 else { return nil }
        return (Array(buffer[0..<n]), from)
    }

    func send(_ bytes: [UInt8], to address: sockaddr_storage) {
        var address = address
        let length = socklen_t(ipv6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        _ = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, raw.baseAddress, raw.count, 0, $0, length) } }
        }
    }

    /// Sends `bytes` to 127.0.0.1:`port` and returns the first datagram back.
    func exchange(_ bytes: [UInt8], port: UInt16, timeout: Int32) -> [UInt8]? {
        var storage = sockaddr_storage()
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                $0.pointee.sin_family = sa_family_t(AF_INET)
                $0.pointee.sin_port = port.bigEndian
                $0.pointee.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            }
        }
        send(bytes, to: storage)
        return receive(timeout: timeout)?.0
    }
}
