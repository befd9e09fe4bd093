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

        /// The value after the colon, as written (unfolded lines included).
        public var value: ArraySlice<UInt8> {
            let colon = raw.firstIndex(of: UInt8(ascii: ":"))!
            return raw[(colon + 1)...]
        }

        /// `name` compared without case.
        public func isNamed(_ other: String) -> Bool { name.lowercased() == other.lowercased() }
    }

    public let fields: [Field]
    /// The body, CRLF line ends; empty when the message has no body.
    public let body: [UInt8]

    /// Most header fields read, and longest field.
    public static let maximumFields = 1000
    public static let maximumFieldLength = 1 << 20

    public init(_ bytes: some Collection<UInt8>) throws(DKIMMessageError) {
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
        body = bodyStart < data.count ? Array(data[bodyStart...]) : []
    }

    /// Every bare LF becomes CRLF.
    static func normalizingLineEnds(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A, previous != 0x0D { out.append(0x0D) }
            out.append(byte)
            previous = byte
        }
        return out
    }

    /// The fields named `name` (without case), in order.
    public func fields(named name: String) -> [Field] { fields.filter { $0.isNamed(name) } }
}
