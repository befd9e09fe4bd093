// Unsigned integers of a width fixed at creation, as little-endian 64-bit limbs, and Montgomery
// arithmetic modulo an odd modulus: what RSA verification needs, and no more.

/// An unsigned integer held as little-endian 64-bit limbs (no leading-zero normalisation: the
/// width is the limb count it was created with).
public struct BigUInt: Sendable, Hashable, CustomStringConvertible {
    /// Little-endian limbs.
    public var limbs: [UInt64]

    public init(limbs: [UInt64]) { self.limbs = limbs }

    /// A value from big-endian bytes, in as many limbs as the bytes need (at least one).
    public init(bigEndian bytes: some Collection<UInt8>) {
        let array = Array(bytes)
        let count = max(1, (array.count + 7) / 8)
        var limbs = [UInt64](repeating: 0, count: count)
        array.withUnsafeBufferPointer { source in
            limbs.withUnsafeMutableBufferPointer { target in
                // Byte i from the end is bits 8 (i mod 8) of limb i / 8: whole limbs first.
                var end = source.count
                var limb = 0
                while end >= 8 {
                    var word: UInt64 = 0
                    for j in (end - 8)..<end { word = word << 8 | UInt64(source[j]) }
                    target[limb] = word
                    limb += 1
                    end -= 8
                }
                var word: UInt64 = 0
                for j in 0..<end { word = word << 8 | UInt64(source[j]) }
                if end > 0 { target[limb] = word }
            }
        }
        self.limbs = limbs
    }

    /// A small value.
    public init(_ value: UInt64) { limbs = [value] }

    /// The value as exactly `count` big-endian bytes, or nil when it does not fit.
    public func bigEndianBytes(count: Int) -> [UInt8]? {
        guard bitWidth <= 8 * count else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        let available = min(count, 8 * limbs.count)
        limbs.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for i in 0..<available {
                    target[count - 1 - i] = UInt8(truncatingIfNeeded: source[i >> 3] >> UInt64((i & 7) << 3))
                }
            }
        }
        return out
    }

    /// The number of significant bits (0 for zero).
    public var bitWidth: Int {
        for i in stride(from: limbs.count - 1, through: 0, by: -1) where limbs[i] != 0 {
            return 64 * i + (64 - limbs[i].leadingZeroBitCount)
        }
        return 0
    }

    public var isZero: Bool { limbs.allSatisfy { $0 == 0 } }
    public var isOdd: Bool { limbs[0] & 1 == 1 }

    /// Bit `i` (0 = least significant); zero beyond the width.
    public func bit(_ i: Int) -> Bool {
        let word = i / 64
        return word < limbs.count && (limbs[word] >> UInt64(i % 64)) & 1 == 1
    }

    /// Numeric comparison, whatever the limb counts.
    public static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        let n = max(a.limbs.count, b.limbs.count)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let x = i < a.limbs.count ? a.limbs[i] : 0
            let y = i < b.limbs.count ? b.limbs[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// The value with its limb count changed to `count` (high limbs must be zero when shrinking).
    public func resized(to count: Int) -> BigUInt {
        var l = Array(limbs.prefix(count))
        if l.count < count { l += [UInt64](repeating: 0, count: count - l.count) }
        return BigUInt(limbs: l)
    }

    /// Lower-case hexadecimal without leading zeros.
    public var description: String {
        let bytes = bigEndianBytes(count: 8 * limbs.count)!
        let hex = bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        let trimmed = hex.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}
