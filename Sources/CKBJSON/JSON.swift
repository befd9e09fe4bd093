/// A JSON value (RFC 8259), as read by `JSON.parse(_:limits:)` from bytes or a string.
///
/// Numbers keep their source text, so integers of any size (CKB RPC quantities, Wycheproof
/// sizes) survive without rounding; ask for them as `Int`, `UInt64` or `Double` when used.
/// Object members keep their order; a repeated key is rejected at parse time, because two
/// readers could otherwise disagree on which one counts.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as written (already checked against the RFC 8259 grammar).
    case number(String)
    case string(String)
    case array([JSON])
    case object([(key: String, value: JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    // MARK: Access

    /// The member named `key` of an object; `nil` for a missing key or a non-object.
    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [(key: String, value: JSON)]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The number as an `Int` when it is an integer in range (no fraction or exponent).
    public var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    /// The number as a `UInt64` when it is a non-negative integer in range.
    public var uint64Value: UInt64? {
        if case .number(let text) = self { return UInt64(text) }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSON {
    /// Bounds on what a parse may build from untrusted text.
    public struct Limits: Sendable {
        /// Deepest nesting of arrays and objects.
        public var maximumDepth: Int
        /// Largest input, in bytes.
        public var maximumByteCount: Int

        public init(maximumDepth: Int = 128, maximumByteCount: Int = 256 << 20) {
            self.maximumDepth = maximumDepth
            self.maximumByteCount = maximumByteCount
        }

        public static let `default` = Limits()
    }

    /// Parses one JSON text (RFC 8259): a single value with optional surrounding white space.
    ///
    /// - Throws: ``JSONError`` with the byte offset, line and column of the first problem.
    public static func parse(_ bytes: some Collection<UInt8>, limits: Limits = .default) throws(JSONError) -> JSON {
        let array = Array(bytes)
        guard array.count <= limits.maximumByteCount else {
            throw JSONError(kind: .tooLarge(array.count, limit: limits.maximumByteCount), offset: 0, line: 1, column: 1)
        }
        var parser = Parser(bytes: array, limits: limits)
        return try parser.parseDocument()
    }

    /// Parses one JSON text from a string.
    public static func parse(_ text: String, limits: Limits = .default) throws(JSONError) -> JSON {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// Why a JSON text was rejected, and where.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case unexpectedEnd(expected: String)
        case unexpectedCharacter(UInt8, expected: String)
        case invalidNumber
        case invalidEscape
        case invalidUnicodeEscape
        case controlCharacterInString(UInt8)
        case invalidUTF8
        case duplicateKey(String)
        case tooDeep(limit: Int)
        case tooLarge(Int, limit: Int)
        case trailingContent
    }

    public let kind: Kind
    /// Byte offset from the start of the text.
    public let offset: Int
    /// 1-based line and column (columns count bytes).
    public let line: Int
    public let column: Int

    public var description: String {
        let what: String
        switch kind {
        case .unexpectedEnd(let expected): what = "unexpected end of input, expected \(expected)"
        case .unexpectedCharacter(let c, let expected):
            let shown = (0x21...0x7E).contains(c) ? "'\(Character(Unicode.Scalar(c)))'" : String(format: c)
            what = "unexpected \(shown), expected \(expected)"
        case .invalidNumber: what = "invalid number"
        case .invalidEscape: what = "invalid escape sequence in string"
        case .invalidUnicodeEscape: what = "invalid \\u escape (bad hex digits or unpaired surrogate)"
        case .controlCharacterInString(let c): what = "unescaped control character \(String(format: c)) in string"
        case .invalidUTF8: what = "invalid UTF-8 in string"
        case .duplicateKey(let key): what = "duplicate object key \"\(key)\""
        case .tooDeep(let limit): what = "nesting deeper than \(limit) levels"
        case .tooLarge(let n, let limit): what = "input of \(n) bytes exceeds the limit of \(limit)"
        case .trailingContent: what = "unexpected content after the JSON value"
        }
        return "JSON error at line \(line), column \(column) (byte \(offset)): \(what)"
    }
}

private func String(format byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return "byte 0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
}

private struct Parser {
    let bytes: [UInt8]
    let limits: JSON.Limits
    var index = 0
    var depth = 0

    init(bytes: [UInt8], limits: JSON.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONError) -> JSON {
        // A UTF-8 byte order mark is not JSON (RFC 8259 8.1 says MUST NOT add, MAY ignore):
        // we ignore it, as most readers do.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error(.trailingContent) }
        return value
    }

    func error(_ kind: JSONError.Kind, at position: Int? = nil) -> JSONError {
        let offset = min(position ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return JSONError(kind: kind, offset: offset, line: line, column: offset - lineStart + 1)
    }

    func unexpected(_ expected: String) -> JSONError {
        index < bytes.count
            ? error(.unexpectedCharacter(bytes[index], expected: expected))
            : error(.unexpectedEnd(expected: expected))
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONError) -> JSON {
        guard index < bytes.count else { throw error(.unexpectedEnd(expected: "a value")) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected("a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let start = index
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard index < bytes.count, bytes[index] == expected else {
                throw index < bytes.count
                    ? error(.unexpectedCharacter(bytes[index], expected: "'\(word)'"))
                    : error(.unexpectedEnd(expected: "'\(word)'"), at: start)
            }
            index += 1
        }
    }

    mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= limits.maximumDepth else { throw error(.tooDeep(limit: limits.maximumDepth)) }
    }

    mutating func parseArray() throws(JSONError) -> JSON {
        try enter()
        index += 1
        var elements: [JSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "',' or ']'")) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            } else {
                throw unexpected("',' or ']'")
            }
        }
    }

    mutating func parseObject() throws(JSONError) -> JSON {
        try enter()
        index += 1
        var members: [(key: String, value: JSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected("a string key") }
            let keyStart = index
            let key = try parseString()
            guard seen.insert(key).inserted else { throw error(.duplicateKey(key), at: keyStart) }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected("':'") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "',' or '}'")) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            } else {
                throw unexpected("',' or '}'")
            }
        }
    }

    /// number = [ minus ] int [ frac ] [ exp ]  (RFC 8259 section 6)
    mutating func parseNumber() throws(JSONError) -> JSON {
        let start = index
        func isDigit(_ i: Int) -> Bool { i < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error(.invalidNumber, at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error(.invalidNumber, at: start) }  // no leading zeros
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw error(.invalidNumber, at: start) }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error(.invalidNumber, at: start) }
            while isDigit(index) { index += 1 }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func parseString() throws(JSONError) -> String {
        index += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "'\"'")) }
            let c = bytes[index]
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw error(.invalidUTF8) }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error(.unexpectedEnd(expected: "an escape")) }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(&out)
                default: throw error(.invalidEscape, at: index - 2)
                }
            case 0x00..<0x20:
                throw error(.controlCharacterInString(c))
            default:
                out.append(c)
                index += 1
            }
        }
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error(.invalidUnicodeEscape) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error(.invalidUnicodeEscape)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    mutating func appendUnicodeEscape(_ out: inout [UInt8]) throws(JSONError) {
        let start = index - 2
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error(.invalidUnicodeEscape, at: start)
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error(.invalidUnicodeEscape, at: start) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw error(.invalidUnicodeEscape, at: start)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error(.invalidUnicodeEscape, at: start) }
        out.append(contentsOf: Array(String(Character(unicode)).utf8))
    }
}

// MARK: - Writing

extension JSON {
    /// Compact JSON text of this value, with strings escaped per RFC 8259 section 7.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// JSON text with each array element and object member on its own line, indented by two
    /// spaces per level (empty arrays and objects stay on one line).
    public var prettySerialized: String {
        var out = ""
        writePretty(to: &out, depth: 0)
        return out
    }

    func writePretty(to out: inout String, depth: Int) {
        let inner = String(repeating: "  ", count: depth + 1)
        switch self {
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (i, e) in elements.enumerated() {
                out += inner
                e.writePretty(to: &out, depth: depth + 1)
                out += i + 1 < elements.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: depth) + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (i, m) in members.enumerated() {
                out += inner
                JSON.writeString(m.key, to: &out)
                out += ": "
                m.value.writePretty(to: &out, depth: depth + 1)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: depth) + "}"
        default:
            write(to: &out)
        }
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let elements):
            out += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { out += ", " }
                e.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += ", " }
                JSON.writeString(m.key, to: &out)
                out += ": "
                m.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a quoted JSON string.
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1f}":
                let digits = Array("0123456789abcdef")
                let v = Int(scalar.value)
                out += "\\u00" + String(digits[v >> 4]) + String(digits[v & 15])
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Convenience constructors for building output.
    public static func int<I: BinaryInteger>(_ value: I) -> JSON { .number(String(value)) }
}
