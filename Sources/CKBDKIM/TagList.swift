/// Why a tag list (a DKIM-Signature value or a key record) does not parse (RFC 6376 §3.2).
public struct DKIMTagListError: Error, Equatable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "tag list at byte \(offset): \(reason)" }
}

/// An RFC 6376 §3.2 tag list: `tag=value` pairs separated by semicolons, with folding
/// whitespace around names, equals signs and values. Tag names are case-sensitive; a tag may
/// appear once; unknown tags are kept (callers ignore them).
public struct DKIMTagList: Sendable {
    public let tags: [(name: String, value: String)]

    public subscript(name: String) -> String? { tags.first { $0.name == name }?.value }

    static func isWSP(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    public init(_ bytes: some Collection<UInt8>) throws(DKIMTagListError) {
        try self.init(array: Array(bytes))
    }

    init(array s: [UInt8]) throws(DKIMTagListError) {
        var tags: [(String, String)] = []
        var i = 0
        /// Skips folding whitespace: WSP, and CRLF followed by WSP.
        func skipFWS() {
            while i < s.count {
                if Self.isWSP(s[i]) { i += 1; continue }
                if s[i] == 0x0D, i + 2 < s.count, s[i + 1] == 0x0A, Self.isWSP(s[i + 2]) { i += 3; continue }
                break
            }
        }
        while true {
            skipFWS()
            if i == s.count { break }  // an empty list, or a trailing ";"
            // tag-name = ALPHA *ALNUMPUNC
            let nameStart = i
            guard (s[i] | 0x20) >= 0x61, (s[i] | 0x20) <= 0x7A else {
                throw DKIMTagListError(offset: i, reason: "a tag name must start with a letter")
            }
            while i < s.count, (s[i] | 0x20) >= 0x61 && (s[i] | 0x20) <= 0x7A || (s[i] >= 0x30 && s[i] <= 0x39) || s[i] == 0x5F { i += 1 }
            let name = String(decoding: s[nameStart..<i], as: UTF8.self)
            skipFWS()
            guard i < s.count, s[i] == UInt8(ascii: "=") else { throw DKIMTagListError(offset: i, reason: "\(name): '=' expected") }
            i += 1
            skipFWS()
            // tag-value: VALCHARs (%x21-3A / %x3C-7E) separated by FWS; trailing FWS dropped.
            let valueStart = i
            var valueEnd = i
            while i < s.count, s[i] != UInt8(ascii: ";") {
                let c = s[i]
                if Self.isWSP(c) || (c == 0x0D && i + 2 < s.count && s[i + 1] == 0x0A && Self.isWSP(s[i + 2])) {
                    skipFWS()
                    continue
                }
                guard (c >= 0x21 && c <= 0x3A) || (c >= 0x3C && c <= 0x7E) || c >= 0x80 else {
                    throw DKIMTagListError(offset: i, reason: "\(name): byte 0x\(String(c, radix: 16)) is not allowed in a value")
                }
                i += 1
                valueEnd = i
            }
            let value = String(decoding: s[valueStart..<valueEnd], as: UTF8.self)
            guard !tags.contains(where: { $0.0 == name }) else { throw DKIMTagListError(offset: nameStart, reason: "tag \(name) appears twice") }
            tags.append((name, value))
            if i == s.count { break }
            i += 1  // ";"
        }
        self.tags = tags
    }
}

extension DKIMTagList {
    /// A value with every folding whitespace byte removed (base64 values may be folded anywhere).
    static func compact(_ value: String) -> [UInt8] {
        Array(value.utf8).filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }
    }
}
