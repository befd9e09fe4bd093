/// Base64 (RFC 4648 §4), strict: the standard alphabet, `=` padding to a multiple of four, no
/// other characters (callers remove folding whitespace first), padding bits zero.
public enum Base64 {
    public struct DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The offset of the first byte that is wrong.
        public let offset: Int
        public let reason: String
        public var description: String { "base64 at offset \(offset): \(reason)" }
    }

    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    public static func decode(_ text: some Collection<UInt8>) throws(DecodingError) -> [UInt8] {
        try decode(array: Array(text))
    }

    static func decode(array input: [UInt8]) throws(DecodingError) -> [UInt8] {
        guard input.count % 4 == 0 else { throw DecodingError(offset: input.count, reason: "length \(input.count) is not a multiple of 4") }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        let table = Self.table
        var i = 0
        while i < input.count {
            var word: UInt32 = 0
            var padding = 0
            for k in 0..<4 {
                let c = input[i + k]
                if c == UInt8(ascii: "=") {
                    guard i + 4 == input.count, k >= 2 else { throw DecodingError(offset: i + k, reason: "padding inside the text") }
                    padding += 1
                    word <<= 6
                    continue
                }
                guard padding == 0 else { throw DecodingError(offset: i + k, reason: "data after padding") }
                let v = table[Int(c)]
                guard v != 0xFF else { throw DecodingError(offset: i + k, reason: "byte 0x\(String(c, radix: 16)) is not in the alphabet") }
                word = word << 6 | UInt32(v)
            }
            out.append(UInt8(word >> 16))
            if padding < 2 { out.append(UInt8(word >> 8 & 0xFF)) }
            if padding < 1 { out.append(UInt8(word & 0xFF)) }
            if padding == 1, word & 0xFF != 0 { throw DecodingError(offset: i + 2, reason: "non-zero padding bits") }
            if padding == 2, word & 0xFFFF != 0 { throw DecodingError(offset: i + 1, reason: "non-zero padding bits") }
            i += 4
        }
        return out
    }

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let b = Array(bytes)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            let n = min(3, b.count - i)
            let word = UInt32(b[i]) << 16 | (n > 1 ? UInt32(b[i + 1]) << 8 : 0) | (n > 2 ? UInt32(b[i + 2]) : 0)
            out.append(alphabet[Int(word >> 18 & 63)])
            out.append(alphabet[Int(word >> 12 & 63)])
            out.append(n > 1 ? alphabet[Int(word >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? alphabet[Int(word & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
