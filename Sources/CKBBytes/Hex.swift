/// Hexadecimal encoding and strict decoding.
///
/// Decoding accepts upper- and lower-case digits and, when asked, one leading `0x` (the CKB
/// convention). Anything else is rejected with a ``HexError`` that names the offending character
/// and its position, counted in characters from the start of the text (prefix included).
public enum Hex {
    /// Lower-case hexadecimal of `bytes`, with no prefix.
    public static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `text` into bytes.
    ///
    /// - Parameters:
    ///   - text: the hexadecimal text; it must have an even number of digits.
    ///   - allowPrefix: accept (and skip) one leading `0x` or `0X`.
    /// - Throws: ``HexError`` naming the first bad character, or an odd digit count.
    public static func decode(_ text: some StringProtocol, allowPrefix: Bool = false) throws(HexError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        var offset = 0
        if allowPrefix, utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            utf8.removeFirst(2)
            offset = 2
        }
        guard utf8.count % 2 == 0 else { throw HexError(kind: .oddLength(digits: utf8.count)) }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = digitValue(utf8[index]) else {
                throw HexError(kind: .invalidCharacter(utf8[index], position: index + offset))
            }
            guard let low = digitValue(utf8[index + 1]) else {
                throw HexError(kind: .invalidCharacter(utf8[index + 1], position: index + 1 + offset))
            }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// The value of one hexadecimal digit (either case), or nil.
    @inline(__always)
    public static func digitValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }
}

/// Why a piece of hexadecimal text was rejected.
public struct HexError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The text (after any prefix) has an odd number of digits.
        case oddLength(digits: Int)
        /// A byte that is not a hexadecimal digit, at a character position.
        case invalidCharacter(UInt8, position: Int)
    }

    public let kind: Kind

    public init(kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .oddLength(let digits):
            return "hex has an odd number of digits (\(digits))"
        case .invalidCharacter(let byte, let position):
            let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(Hex.encode([byte]))"
            return "invalid hex digit \(shown) at position \(position)"
        }
    }
}

extension Array where Element == UInt8 {
    /// Bytes from hexadecimal text; see ``Hex/decode(_:allowPrefix:)``.
    public init(hex: some StringProtocol, allowPrefix: Bool = false) throws(HexError) {
        self = try Hex.decode(hex, allowPrefix: allowPrefix)
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, no prefix.
    public var hexString: String { Hex.encode(self) }
}
