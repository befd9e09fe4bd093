/// Why message bytes could not be read as an RFC 5322 message.
public struct DKIMMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte offset (after line-end normalisation) of the line at fault.
    public let offset: Int
    public let reason: String
    public var description: String { "message at byte \(offset): \(reason)" }
}

/// An email message as DKIM sees it (RFC 5322): header fields in order, each kept as its exact
/// bytes, and the body.
///
/// Line ends: DKIM is defined over CRLF. A bare LF (one not preceded by CR) is read as CRLF, so
/// a message stored with Unix line ends verifies as it was sent; a bare CR is kept as it is.
/// 8-bit and non-ASCII bytes are kept as they are.
public struct DKIMMessage: Sendable {
    /// One header field: its name as written, and the whole field (name, colon, value, folded
    /// lines with their CRLFs) without the final CRLF.
    public struct Field: Sendable, Equatable {
        public let name: String
        public let raw: [UInt8]
        /// `name` in lower case, for comparisons without case.
        let lowercasedName: String

        init(name: String, raw: [UInt8]) {
            self.name = name
            self.raw = raw
            lowercasedName = name.lowercased()
        }

        /// The value after the colon, as written (unfolded lines included).
        public var value: ArraySlice<UInt8> {
            let colon = raw.firstIndex(of: UInt8(ascii: ":"))!
            return raw[(colon + 1)...]
        }

        /// `name` compared without case.
        public func isNamed(_ other: String) -> Bool { lowercasedName == other.lowercased() }

        /// `name` compared with an already lower-cased name.
        func isNamed(lowercased other: String) -> Bool { lowercasedName == other }
    }

    public let fields: [Field]
    /// The message after line-end normalisation, and where its body starts.
    let storage: [UInt8]
    let bodyStart: Int
    /// The body, CRLF line ends; empty when the message has no body.
    public var body: ArraySlice<UInt8> { storage[bodyStart...] }

    /// Most header fields read, and longest field.
    public static let maximumFields = 1000
    public static let maximumFieldLength = 1 << 20

    public init(_ bytes: some Collection<UInt8>) throws(DKIMMessageError) {
        try self.init(bytes: Array(bytes))
    }

    init(bytes: [UInt8]) throws(DKIMMessageError) {
        let data = Self.normalizingLineEnds(bytes)
        var fields: [Field] = []
        var i = 0
        var bodyStart = data.count
        while i < data.count {
            // An empty line ends the header.
            if i + 1 < data.count, data[i] == 0x0D, data[i + 1] == 0x0A {
                bodyStart = i + 2
                break
            }
            guard data[i] != 0x20, data[i] != 0x09 else {
                throw DKIMMessageError(offset: i, reason: "a continuation line with no field before it")
            }
            // A field runs to a CRLF not followed by WSP (or to the end of the data).
            let start = i
            var end = data.count
            var j = i
            while j < data.count {
                if data[j] == 0x0D, j + 1 < data.count, data[j + 1] == 0x0A {
                    if j + 2 < data.count, data[j + 2] == 0x20 || data[j + 2] == 0x09 {
                        j += 2
                        continue
                    }
                    end = j
                    break
                }
                j += 1
            }
            let raw = Array(data[start..<end])
            guard raw.count <= Self.maximumFieldLength else { throw DKIMMessageError(offset: start, reason: "a header field over 1 MiB") }
            guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else {
                throw DKIMMessageError(offset: start, reason: "a header line without a colon")
            }
            // RFC 5322 2.2: a field name is printable US-ASCII other than the colon; RFC 6376 3.4.2
            // allows whitespace before the colon, which is not part of the name.
            var nameEnd = colon
            while nameEnd > 0, raw[nameEnd - 1] == 0x20 || raw[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            let name = raw[..<nameEnd]
            guard !name.isEmpty, name.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
                throw DKIMMessageError(offset: start, reason: "a header field name that is empty or not printable ASCII")
            }
            fields.append(Field(name: String(decoding: name, as: UTF8.self), raw: raw))
            guard fields.count <= Self.maximumFields else { throw DKIMMessageError(offset: start, reason: "more than \(Self.maximumFields) header fields") }
            i = end == data.count ? data.count : end + 2
        }
        self.fields = fields
        storage = data
        self.bodyStart = min(bodyStart, data.count)
    }

    /// Every bare LF becomes CRLF.
    static func normalizingLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var bare = 0
        bytes.withUnsafeBufferPointer { b in
            for i in b.indices where b[i] == 0x0A && (i == 0 || b[i - 1] != 0x0D) { bare += 1 }
        }
        if bare == 0 { return bytes }
        var out = [UInt8](repeating: 0, count: bytes.count + bare)
        out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { b in
                var k = 0
                for i in b.indices {
                    if b[i] == 0x0A, i == 0 || b[i - 1] != 0x0D {
                        o[k] = 0x0D
                        k += 1
                    }
                    o[k] = b[i]
                    k += 1
                }
            }
        }
        return out
    }

    /// The fields named `name` (without case), in order.
    public func fields(named name: String) -> [Field] {
        let lowered = name.lowercased()
        return fields.filter { $0.isNamed(lowercased: lowered) }
    }
}
