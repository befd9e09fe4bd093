// DNS wire format (RFC 1035 §4), as much as a TXT lookup needs: build one query, and parse the
// answer strictly. Every length and every pointer is checked before it is used; nothing in a
// message can make the parser trap, loop or allocate more than a small multiple of the
// message's own size (which is at most 65,535 bytes).
//
// Layout of a message (RFC 1035 §4.1):
//
//     header    12 bytes: ID, flags (QR opcode AA TC RD RA Z RCODE), QDCOUNT ANCOUNT NSCOUNT ARCOUNT
//     question  QNAME QTYPE QCLASS                       (QDCOUNT times)
//     answer    NAME TYPE CLASS TTL RDLENGTH RDATA       (ANCOUNT times)
//     authority                                          (NSCOUNT times)
//     additional                                         (ARCOUNT times)
//
// Names are sequences of labels (a length byte 1...63, then the bytes), ended by a zero byte or
// by a compression pointer (two bytes `11` + a 14-bit offset from the message start) to a
// *prior* occurrence of the rest of the name (§4.1.4).

// MARK: - Names

/// A domain name as a list of labels, each stored in lower case (ASCII letters only: DNS
/// compares names without regard to ASCII case, RFC 4343).
///
/// Built from text with ``init(_:)``, which accepts only the characters a DKIM key name can
/// hold (letters, digits, `-`, `_`), or read from a message, where a label may hold any byte.
public struct DNSName: Sendable, Hashable, CustomStringConvertible {
    /// The longest label, in bytes (RFC 1035 §2.3.4).
    public static let maximumLabelLength = 63
    /// The longest name in wire form, length bytes and the final zero byte included (RFC 1035 §2.3.4).
    public static let maximumWireLength = 255

    /// The labels, most specific first, without the empty root label; ASCII letters in lower case.
    public let labels: [[UInt8]]

    /// The length of the name in wire form: one length byte per label, the labels, and the
    /// terminating zero byte.
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// Parses a name written as text: labels separated by `.`, an optional final `.`.
    ///
    /// Each label is 1...63 bytes of ASCII letters, digits, `-` or `_` (host names plus the
    /// underscore of `_domainkey`); letters are folded to lower case. The wire form must fit in
    /// 255 bytes. Escapes (`\.`, `\DDD`) are not accepted: a DKIM key name never needs them.
    ///
    /// - Throws: ``DNSNameError`` naming the rule broken and the byte offset in `text`.
    public init(_ text: String) throws(DNSNameError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes != [UInt8(ascii: ".")] else {
            throw DNSNameError(reason: .empty, offset: 0)
        }
        var end = bytes.count
        if bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        var labels: [[UInt8]] = []
        var label: [UInt8] = []
        var labelStart = 0
        var wireLength = 1
        var i = 0
        while i <= end {
            if i == end || bytes[i] == UInt8(ascii: ".") {
                guard !label.isEmpty else { throw DNSNameError(reason: .emptyLabel, offset: labelStart) }
                wireLength += 1 + label.count
                guard wireLength <= DNSName.maximumWireLength else {
                    throw DNSNameError(reason: .nameTooLong(wireLength), offset: labelStart)
                }
                labels.append(label)
                label = []
                labelStart = i + 1
                i += 1
                continue
            }
            let c = bytes[i]
            let folded: UInt8
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                folded = c
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                folded = c | 0x20
            default:
                throw DNSNameError(reason: .invalidByte(c), offset: i)
            }
            guard label.count < DNSName.maximumLabelLength else {
                throw DNSNameError(reason: .labelTooLong, offset: labelStart)
            }
            label.append(folded)
            i += 1
        }
        self.labels = labels
    }

    /// A name from labels already checked (each 1...63 bytes, lower case, wire length ≤ 255).
    init(checkedLabels: [[UInt8]]) { labels = checkedLabels }

    /// The name in wire form, uncompressed.
    public var wireBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(wireLength)
        for label in labels {
            out.append(UInt8(label.count))
            out.append(contentsOf: label)
        }
        out.append(0)
        return out
    }

    /// The name as text, without the final dot; `.` for the root. Bytes other than letters,
    /// digits, `-` and `_` are written `\DDD` (decimal), as in zone files.
    public var description: String {
        if labels.isEmpty { return "." }
        var out = ""
        for (n, label) in labels.enumerated() {
            if n > 0 { out += "." }
            for c in label {
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "_"):
                    out.unicodeScalars.append(Unicode.Scalar(c))
                default:
                    let digits = String(c)
                    out += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
        }
        return out
    }
}

/// Why a text name is not a valid DNS name, and where (a byte offset into the UTF-8 text).
public struct DNSNameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule a name broke.
    public enum Reason: Sendable, Equatable {
        /// The name is empty (or only `.`, the root, which holds no DKIM key).
        case empty
        /// Two dots in a row, or a dot at the start.
        case emptyLabel
        /// A label longer than 63 bytes.
        case labelTooLong
        /// The name's wire form would be longer than 255 bytes (the length reached so far).
        case nameTooLong(Int)
        /// A byte other than an ASCII letter, digit, `-` or `_`.
        case invalidByte(UInt8)
    }

    /// The rule broken.
    public let reason: Reason
    /// Byte offset in the name's UTF-8 text: the start of the label at fault, or the bad byte.
    public let offset: Int

    public var description: String {
        let what: String
        switch reason {
        case .empty: what = "the name is empty"
        case .emptyLabel: what = "empty label"
        case .labelTooLong: what = "label longer than \(DNSName.maximumLabelLength) bytes"
        case .nameTooLong(let n): what = "name longer than \(DNSName.maximumWireLength) bytes in wire form (\(n))"
        case .invalidByte(let c): what = "byte 0x\(dnsHex(c)) is not a letter, digit, '-' or '_'"
        }
        return "invalid DNS name: \(what) at offset \(offset)"
    }
}

// MARK: - Types, classes, response codes

/// A resource record type (RFC 1035 §3.2.2).
public struct DNSRecordType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 16-bit value on the wire.
    public let rawValue: UInt16
    /// Any value, known or not.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `A`, an IPv4 address.
    public static let a = DNSRecordType(rawValue: 1)
    /// `CNAME`, the canonical name of an alias.
    public static let cname = DNSRecordType(rawValue: 5)
    /// `TXT`, one or more character-strings.
    public static let txt = DNSRecordType(rawValue: 16)
    /// `AAAA`, an IPv6 address.
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// `OPT`, the EDNS pseudo-record (RFC 6891).
    public static let opt = DNSRecordType(rawValue: 41)

    public var description: String {
        switch rawValue {
        case 1: "A"
        case 5: "CNAME"
        case 16: "TXT"
        case 28: "AAAA"
        case 41: "OPT"
        default: "TYPE\(rawValue)"
        }
    }
}

/// A resource record class (RFC 1035 §3.2.4).
public struct DNSClass: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 16-bit value on the wire.
    public let rawValue: UInt16
    /// Any value, known or not.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `IN`, the Internet.
    public static let internet = DNSClass(rawValue: 1)

    public var description: String { rawValue == 1 ? "IN" : "CLASS\(rawValue)" }
}

/// The 4-bit RCODE of a response header (RFC 1035 §4.1.1; the extended EDNS bits are not used,
/// since our queries carry no OPT record).
public struct DNSResponseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 4-bit value on the wire (0...15).
    public let rawValue: UInt8
    /// Any value, known or not.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0, NOERROR.
    public static let noError = DNSResponseCode(rawValue: 0)
    /// 1, FORMERR: the server could not read the query.
    public static let formatError = DNSResponseCode(rawValue: 1)
    /// 2, SERVFAIL: the server could not answer (upstream failure, DNSSEC failure, ...).
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    /// 3, NXDOMAIN: the name does not exist.
    public static let nameError = DNSResponseCode(rawValue: 3)
    /// 4, NOTIMP.
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    /// 5, REFUSED.
    public static let refused = DNSResponseCode(rawValue: 5)

    public var description: String {
        switch rawValue {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "RCODE\(rawValue)"
        }
    }
}

// MARK: - Query

/// One standard query: a random 16-bit ID, RD (recursion desired) set, one question, no other
/// section and no EDNS record (so a UDP answer is at most 512 bytes, or has TC set).
public struct DNSQuery: Sendable, Equatable {
    /// The transaction ID the answer must echo.
    public let id: UInt16
    /// The name asked for.
    public let name: DNSName
    /// The type asked for.
    public let type: DNSRecordType
    /// The class asked for (always IN here).
    public let recordClass: DNSClass
    /// The message in wire form (12-byte header, then the question).
    public let bytes: [UInt8]

    /// A query for `type` records (TXT unless told) at `name`, class IN.
    ///
    /// - Parameter id: the transaction ID; a fresh random one from the system generator unless
    ///   given (a predictable ID makes cache poisoning easier, RFC 5452).
    public init(name: DNSName, type: DNSRecordType = .txt, id: UInt16 = UInt16.random(in: .min ... .max)) {
        self.id = id
        self.name = name
        self.type = type
        self.recordClass = .internet
        var b: [UInt8] = []
        b.reserveCapacity(12 + name.wireLength + 4)
        b.append(UInt8(id >> 8)); b.append(UInt8(id & 0xFF))
        b.append(0x01); b.append(0x00)          // QR=0, opcode QUERY, RD=1; RA, Z, RCODE 0
        b.append(0x00); b.append(0x01)          // QDCOUNT 1
        b.append(contentsOf: [0, 0, 0, 0, 0, 0]) // ANCOUNT, NSCOUNT, ARCOUNT 0
        b.append(contentsOf: name.wireBytes)
        b.append(UInt8(type.rawValue >> 8)); b.append(UInt8(type.rawValue & 0xFF))
        b.append(0x00); b.append(0x01)          // QCLASS IN
        bytes = b
    }
}

// MARK: - Response

/// The question of a message.
public struct DNSQuestion: Sendable, Equatable {
    /// QNAME.
    public let name: DNSName
    /// QTYPE.
    public let type: DNSRecordType
    /// QCLASS.
    public let recordClass: DNSClass
}

/// The data of a resource record, decoded for the types a TXT lookup meets.
public enum DNSRecordData: Sendable, Equatable {
    /// TXT: the character-strings, in order (each 0...255 bytes; at least one).
    case txt([[UInt8]])
    /// CNAME: the canonical name.
    case cname(DNSName)
    /// Any other type: the RDATA bytes, unread.
    case other([UInt8])
}

/// One resource record of a response.
public struct DNSResourceRecord: Sendable, Equatable {
    /// The owner name.
    public let name: DNSName
    /// TYPE.
    public let type: DNSRecordType
    /// CLASS (for OPT, the sender's UDP payload size).
    public let recordClass: DNSClass
    /// TTL, in seconds.
    public let ttl: UInt32
    /// RDATA, decoded for TXT and CNAME.
    public let data: DNSRecordData
    /// Byte offset of the record (its owner name) in the message.
    public let offset: Int
}

/// Where in a message a ``DNSMessageError`` was found.
public enum DNSMessageSection: Sendable, Equatable, CustomStringConvertible {
    /// The 12-byte header.
    case header
    /// The question section.
    case question
    /// The answer section's record at this index (from 0).
    case answer(Int)
    /// The authority section's record at this index.
    case authority(Int)
    /// The additional section's record at this index.
    case additional(Int)

    public var description: String {
        switch self {
        case .header: "header"
        case .question: "question"
        case .answer(let n): "answer record \(n)"
        case .authority(let n): "authority record \(n)"
        case .additional(let n): "additional record \(n)"
        }
    }
}

/// Why a DNS message was refused: what was wrong, in which section, at which byte offset.
public struct DNSMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Equatable {
        /// The message ended before a field that had to be there (`needed` bytes from `offset`).
        case truncated(needed: Int)
        /// More than 65,535 bytes: no DNS message is that long.
        case messageTooLarge(Int)
        /// QR is 0: a query, not a response.
        case notAResponse
        /// The ID is not the query's.
        case idMismatch(expected: UInt16, received: UInt16)
        /// The opcode is not QUERY (0).
        case unexpectedOpcode(UInt8)
        /// QDCOUNT is not 1 (0 is allowed only with an error RCODE other than NXDOMAIN).
        case questionCount(UInt16)
        /// The question's name is not the one asked.
        case questionNameMismatch(expected: DNSName, received: DNSName)
        /// The question's type is not the one asked.
        case questionTypeMismatch(expected: DNSRecordType, received: DNSRecordType)
        /// The question's class is not the one asked.
        case questionClassMismatch(expected: DNSClass, received: DNSClass)
        /// A label length byte whose top bits are `01` or `10` (extended or reserved label types).
        case reservedLabelType(UInt8)
        /// A name whose wire form exceeds 255 bytes after decompression.
        case nameTooLong
        /// A compression pointer past the end of the message.
        case pointerOutOfRange(target: Int)
        /// A compression pointer that does not point strictly before the labels it continues:
        /// a loop, a pointer to itself, or a forward pointer (RFC 1035 §4.1.4: "a prior occurrence").
        case pointerNotBackward(target: Int)
        /// More compression pointers in one name than it could have labels.
        case tooManyPointers
        /// RDLENGTH runs past the end of the message.
        case recordDataOverrun(declared: Int, available: Int)
        /// A TXT record with RDLENGTH 0: RFC 1035 §3.3.14 requires one or more character-strings.
        case emptyTXT
        /// A character-string's length byte runs past RDLENGTH.
        case characterStringOverrun(length: Int, remaining: Int)
        /// A name inside RDATA (CNAME) does not end exactly at RDLENGTH.
        case recordDataLengthMismatch(declared: Int, used: Int)
        /// Bytes after the last record the header announced.
        case trailingBytes(Int)
        /// Two CNAME records for one owner name in the answer.
        case multipleCNAMEs(DNSName)
        /// The CNAME chain in the answer comes back to a name already seen.
        case cnameLoop(DNSName)
        /// More CNAME links than ``DNSResponse/maximumCNAMEChain``.
        case cnameChainTooLong
    }

    /// What was wrong.
    public let reason: Reason
    /// The section being read.
    public let section: DNSMessageSection
    /// Byte offset from the start of the message where the fault is.
    public let offset: Int

    public init(_ reason: Reason, section: DNSMessageSection, offset: Int) {
        self.reason = reason
        self.section = section
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch reason {
        case .truncated(let n): what = "message ends before \(n) more byte(s)"
        case .messageTooLarge(let n): what = "message of \(n) bytes is longer than 65535"
        case .notAResponse: what = "QR is 0 (a query, not a response)"
        case .idMismatch(let e, let r): what = "ID 0x\(dnsHex16(r)) is not the query's 0x\(dnsHex16(e))"
        case .unexpectedOpcode(let o): what = "opcode \(o) is not QUERY"
        case .questionCount(let n): what = "QDCOUNT is \(n), expected 1"
        case .questionNameMismatch(let e, let r): what = "question name \(r) is not \(e)"
        case .questionTypeMismatch(let e, let r): what = "question type \(r) is not \(e)"
        case .questionClassMismatch(let e, let r): what = "question class \(r) is not \(e)"
        case .reservedLabelType(let b): what = "label type 0x\(dnsHex(b)) is reserved"
        case .nameTooLong: what = "name longer than 255 bytes"
        case .pointerOutOfRange(let t): what = "compression pointer to \(t) is past the end"
        case .pointerNotBackward(let t): what = "compression pointer to \(t) does not point backward (loop or forward pointer)"
        case .tooManyPointers: what = "too many compression pointers in one name"
        case .recordDataOverrun(let d, let a): what = "RDLENGTH \(d) but only \(a) byte(s) left"
        case .emptyTXT: what = "TXT record without a character-string"
        case .characterStringOverrun(let l, let r): what = "character-string of \(l) bytes but \(r) byte(s) left in RDATA"
        case .recordDataLengthMismatch(let d, let u): what = "RDLENGTH \(d) but the name in it takes \(u)"
        case .trailingBytes(let n): what = "\(n) byte(s) after the last record"
        case .multipleCNAMEs(let n): what = "two CNAME records for \(n)"
        case .cnameLoop(let n): what = "CNAME chain loops back to \(n)"
        case .cnameChainTooLong: what = "CNAME chain longer than \(DNSResponse.maximumCNAMEChain)"
        }
        return "DNS message: \(what) (\(section), offset \(offset))"
    }
}

/// A parsed DNS response.
///
/// ``init(parsing:answering:)`` checks it against the query it answers: the ID, QR, the opcode,
/// and the question echoed (name, type, class). When TC is set only the header and the question
/// are read, since the sections may be cut anywhere; the caller should ask again over TCP.
/// Otherwise every record of every section is read and checked, and the records must end
/// exactly at the end of the message.
public struct DNSResponse: Sendable, Equatable {
    /// The longest message (a TCP length prefix is 16 bits).
    public static let maximumMessageLength = 65_535
    /// The most CNAME links ``txtRecords()`` follows.
    public static let maximumCNAMEChain = 8
    /// The most compression pointers followed in one name (one per possible label).
    public static let maximumPointerHops = 127

    /// The transaction ID.
    public let id: UInt16
    /// AA: the answer comes from an authoritative server.
    public let isAuthoritative: Bool
    /// TC: the message was truncated to fit the transport; ask again over TCP.
    public let isTruncated: Bool
    /// RD, echoed from the query.
    public let recursionDesired: Bool
    /// RA: the server offers recursion.
    public let recursionAvailable: Bool
    /// RCODE.
    public let responseCode: DNSResponseCode
    /// The echoed question (`nil` only for an error RCODE sent without one).
    public let question: DNSQuestion?
    /// The answer section (empty when TC is set).
    public let answers: [DNSResourceRecord]
    /// The authority section (empty when TC is set).
    public let authority: [DNSResourceRecord]
    /// The additional section (empty when TC is set).
    public let additional: [DNSResourceRecord]

    /// Parses `bytes` as the response to `query`.
    ///
    /// - Throws: ``DNSMessageError`` for the first fault met, with its section and byte offset.
    public init(parsing bytes: [UInt8], answering query: DNSQuery) throws(DNSMessageError) {
        try self.init(parsing: bytes, expecting: query)
    }

    /// Parses `bytes` as a response without comparing it to a query (ID and question are not
    /// checked; everything else is).
    public init(parsing bytes: [UInt8]) throws(DNSMessageError) {
        try self.init(parsing: bytes, expecting: nil)
    }

    private init(parsing bytes: [UInt8], expecting query: DNSQuery?) throws(DNSMessageError) {
        guard bytes.count <= DNSResponse.maximumMessageLength else {
            throw DNSMessageError(.messageTooLarge(bytes.count), section: .header, offset: 0)
        }
        var r = WireReader(bytes: bytes)
        let id = try r.u16(.header)
        if let query, id != query.id {
            throw DNSMessageError(.idMismatch(expected: query.id, received: id), section: .header, offset: 0)
        }
        let flags = try r.u16(.header)
        guard flags & 0x8000 != 0 else { throw DNSMessageError(.notAResponse, section: .header, offset: 2) }
        let opcode = UInt8((flags >> 11) & 0x0F)
        guard opcode == 0 else { throw DNSMessageError(.unexpectedOpcode(opcode), section: .header, offset: 2) }
        self.id = id
        isAuthoritative = flags & 0x0400 != 0
        isTruncated = flags & 0x0200 != 0
        recursionDesired = flags & 0x0100 != 0
        recursionAvailable = flags & 0x0080 != 0
        let rcode = DNSResponseCode(rawValue: UInt8(flags & 0x000F))
        responseCode = rcode
        let qdcount = try r.u16(.header)
        let ancount = Int(try r.u16(.header))
        let nscount = Int(try r.u16(.header))
        let arcount = Int(try r.u16(.header))

        // Question: exactly one; none only for an error other than NXDOMAIN (some servers send
        // FORMERR or REFUSED without echoing the question).
        let questionOptional = rcode != .noError && rcode != .nameError
        guard qdcount == 1 || (qdcount == 0 && questionOptional) else {
            throw DNSMessageError(.questionCount(qdcount), section: .header, offset: 4)
        }
        if qdcount == 1 {
            let start = r.position
            let name = try r.name(.question)
            let type = DNSRecordType(rawValue: try r.u16(.question))
            let cls = DNSClass(rawValue: try r.u16(.question))
            if let query {
                guard name == query.name else {
                    throw DNSMessageError(.questionNameMismatch(expected: query.name, received: name), section: .question, offset: start)
                }
                guard type == query.type else {
                    throw DNSMessageError(.questionTypeMismatch(expected: query.type, received: type), section: .question, offset: r.position - 4)
                }
                guard cls == query.recordClass else {
                    throw DNSMessageError(.questionClassMismatch(expected: query.recordClass, received: cls), section: .question, offset: r.position - 2)
                }
            }
            question = DNSQuestion(name: name, type: type, recordClass: cls)
        } else {
            question = nil
        }

        if isTruncated {
            answers = []; authority = []; additional = []
            return
        }
        // Each record takes at least 11 bytes, so the counts cannot make us reserve more than
        // the message could hold; `record` throws at the first record that does not fit.
        answers = try r.records(ancount, section: DNSMessageSection.answer)
        authority = try r.records(nscount, section: DNSMessageSection.authority)
        additional = try r.records(arcount, section: DNSMessageSection.additional)
        guard r.position == bytes.count else {
            throw DNSMessageError(.trailingBytes(bytes.count - r.position), section: .additional(arcount), offset: r.position)
        }
    }

    /// The TXT records that answer the question, following CNAME records in the answer
    /// section from the question's name (at most ``maximumCNAMEChain`` links). Each record is
    /// its list of character-strings; records are in the order received. Records for other
    /// names, other types and other classes than IN are ignored.
    ///
    /// - Throws: ``DNSMessageError`` for two CNAMEs at one name, a CNAME loop, or a chain too long.
    public func txtRecords() throws(DNSMessageError) -> [[[UInt8]]] {
        guard let question else { return [] }
        var name = question.name
        var seen: Set<DNSName> = [name]
        var links = 0
        while true {
            var link: (index: Int, target: DNSName)?
            for (i, record) in answers.enumerated()
            where record.type == .cname && record.recordClass == .internet && record.name == name {
                guard link == nil else {
                    throw DNSMessageError(.multipleCNAMEs(name), section: .answer(i), offset: record.offset)
                }
                if case .cname(let target) = record.data { link = (i, target) }
            }
            guard let (index, target) = link else { break }
            let offset = answers[index].offset
            links += 1
            guard links <= DNSResponse.maximumCNAMEChain else {
                throw DNSMessageError(.cnameChainTooLong, section: .answer(index), offset: offset)
            }
            guard seen.insert(target).inserted else {
                throw DNSMessageError(.cnameLoop(target), section: .answer(index), offset: offset)
            }
            name = target
        }
        var out: [[[UInt8]]] = []
        for record in answers where record.type == .txt && record.recordClass == .internet && record.name == name {
            if case .txt(let strings) = record.data { out.append(strings) }
        }
        return out
    }
}

// MARK: - Reader

/// A cursor over a message; every read checks the bounds first and throws instead of trapping.
private struct WireReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func need(_ n: Int, _ section: DNSMessageSection) throws(DNSMessageError) {
        guard n <= bytes.count - position else {
            throw DNSMessageError(.truncated(needed: n - (bytes.count - position)), section: section, offset: position)
        }
    }

    mutating func u8(_ section: DNSMessageSection) throws(DNSMessageError) -> UInt8 {
        try need(1, section)
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16(_ section: DNSMessageSection) throws(DNSMessageError) -> UInt16 {
        try need(2, section)
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    mutating func u32(_ section: DNSMessageSection) throws(DNSMessageError) -> UInt32 {
        try need(4, section)
        defer { position += 4 }
        return UInt32(bytes[position]) << 24 | UInt32(bytes[position + 1]) << 16
            | UInt32(bytes[position + 2]) << 8 | UInt32(bytes[position + 3])
    }

    /// Reads a possibly compressed name at `position` and moves past it (past the first
    /// pointer, or past the zero byte when there is none).
    ///
    /// Termination: each pointer must point strictly before the start of the run of labels it
    /// ends, so successive runs start at strictly decreasing offsets; the hop count is bounded
    /// as well, and the decompressed length may not exceed 255 bytes.
    mutating func name(_ section: DNSMessageSection) throws(DNSMessageError) -> DNSName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var p = position
        var runStart = position
        var resume: Int?
        var hops = 0
        while true {
            guard p < bytes.count else {
                throw DNSMessageError(.truncated(needed: 1), section: section, offset: p)
            }
            let length = bytes[p]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    position = resume ?? (p + 1)
                    return DNSName(checkedLabels: labels)
                }
                let n = Int(length)  // at most 63 by construction
                wireLength += 1 + n
                guard wireLength <= DNSName.maximumWireLength else {
                    throw DNSMessageError(.nameTooLong, section: section, offset: p)
                }
                guard n <= bytes.count - p - 1 else {
                    throw DNSMessageError(.truncated(needed: n - (bytes.count - p - 1)), section: section, offset: p)
                }
                var label = Array(bytes[(p + 1)..<(p + 1 + n)])
                for i in label.indices where label[i] >= UInt8(ascii: "A") && label[i] <= UInt8(ascii: "Z") {
                    label[i] |= 0x20
                }
                labels.append(label)
                p += 1 + n
            case 0xC0:
                guard p + 1 < bytes.count else {
                    throw DNSMessageError(.truncated(needed: 1), section: section, offset: p)
                }
                let target = Int(length & 0x3F) << 8 | Int(bytes[p + 1])
                hops += 1
                guard hops <= DNSResponse.maximumPointerHops else {
                    throw DNSMessageError(.tooManyPointers, section: section, offset: p)
                }
                guard target < bytes.count else {
                    throw DNSMessageError(.pointerOutOfRange(target: target), section: section, offset: p)
                }
                guard target < runStart else {
                    throw DNSMessageError(.pointerNotBackward(target: target), section: section, offset: p)
                }
                if resume == nil { resume = p + 2 }
                p = target
                runStart = target
            default:
                throw DNSMessageError(.reservedLabelType(length & 0xC0), section: section, offset: p)
            }
        }
    }

    mutating func records(_ count: Int, section: (Int) -> DNSMessageSection) throws(DNSMessageError) -> [DNSResourceRecord] {
        var out: [DNSResourceRecord] = []
        out.reserveCapacity(min(count, (bytes.count - position) / 11))
        for i in 0..<count {
            out.append(try record(section(i)))
        }
        return out
    }

    mutating func record(_ section: DNSMessageSection) throws(DNSMessageError) -> DNSResourceRecord {
        let start = position
        let owner = try name(section)
        let type = DNSRecordType(rawValue: try u16(section))
        let cls = DNSClass(rawValue: try u16(section))
        let ttl = try u32(section)
        let rdlengthAt = position
        let rdlength = Int(try u16(section))
        guard rdlength <= bytes.count - position else {
            throw DNSMessageError(.recordDataOverrun(declared: rdlength, available: bytes.count - position), section: section, offset: rdlengthAt)
        }
        let rdataStart = position
        let rdataEnd = position + rdlength
        let data: DNSRecordData
        switch type {
        case .txt:
            guard rdlength > 0 else { throw DNSMessageError(.emptyTXT, section: section, offset: rdlengthAt) }
            var strings: [[UInt8]] = []
            var p = rdataStart
            while p < rdataEnd {
                let n = Int(bytes[p])
                guard n <= rdataEnd - p - 1 else {
                    throw DNSMessageError(.characterStringOverrun(length: n, remaining: rdataEnd - p - 1), section: section, offset: p)
                }
                strings.append(Array(bytes[(p + 1)..<(p + 1 + n)]))
                p += 1 + n
            }
            data = .txt(strings)
        case .cname:
            let target = try name(section)
            guard position == rdataEnd else {
                throw DNSMessageError(.recordDataLengthMismatch(declared: rdlength, used: position - rdataStart), section: section, offset: rdataStart)
            }
            data = .cname(target)
        default:
            data = .other(Array(bytes[rdataStart..<rdataEnd]))
        }
        position = rdataEnd
        return DNSResourceRecord(name: owner, type: type, recordClass: cls, ttl: ttl, data: data, offset: start)
    }
}

private func dnsHex(_ b: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(b >> 4)], digits[Int(b & 0x0F)]])
}

private func dnsHex16(_ v: UInt16) -> String { dnsHex(UInt8(v >> 8)) + dnsHex(UInt8(v & 0xFF)) }
