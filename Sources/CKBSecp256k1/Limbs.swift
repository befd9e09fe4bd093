/// Conversions between 32 big-endian bytes and four little-endian 64-bit limbs.
enum Limbs {
    typealias Value = (UInt64, UInt64, UInt64, UInt64)

    /// The limbs of 32 big-endian bytes, or nil when there are not exactly 32.
    static func read(bigEndian bytes: some Collection<UInt8>) -> Value? {
        guard bytes.count == 32 else { return nil }
        var words: Value = (0, 0, 0, 0)
        var index = bytes.startIndex
        for word in 0..<4 {
            var x: UInt64 = 0
            for _ in 0..<8 {
                x = x << 8 | UInt64(bytes[index])
                index = bytes.index(after: index)
            }
            switch word {
            case 0: words.3 = x
            case 1: words.2 = x
            case 2: words.1 = x
            default: words.0 = x
            }
        }
        return words
    }

    /// a + b mod 2^256 and the carry (0 or 1), without flags or branches.
    @inline(__always)
    static func add(_ a: Value, _ b: Value) -> (Value, carry: UInt64) {
        var t = UInt128(a.0) &+ UInt128(b.0)
        let s0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.1) &+ UInt128(b.1) &+ (t >> 64)
        let s1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.2) &+ UInt128(b.2) &+ (t >> 64)
        let s2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.3) &+ UInt128(b.3) &+ (t >> 64)
        return ((s0, s1, s2, UInt64(truncatingIfNeeded: t)), UInt64(truncatingIfNeeded: t >> 64))
    }

    /// a - b mod 2^256 and the borrow (0 or 1): bit 127 of each wrapped 128-bit difference, so no
    /// flags and no branches.
    @inline(__always)
    static func subtract(_ a: Value, _ b: Value) -> (Value, borrow: UInt64) {
        var t = UInt128(a.0) &- UInt128(b.0)
        let d0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.1) &- UInt128(b.1) &- (t >> 127)
        let d1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.2) &- UInt128(b.2) &- (t >> 127)
        let d2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.3) &- UInt128(b.3) &- (t >> 127)
        return ((d0, d1, d2, UInt64(truncatingIfNeeded: t)), UInt64(truncatingIfNeeded: t >> 127))
    }

    /// Constant-time select: `flag` must be 0 or 1; returns `b` when it is 1.
    @inline(__always)
    static func select(_ flag: UInt64, _ a: Value, _ b: Value) -> Value {
        let mask = 0 &- flag
        return (a.0 ^ (mask & (a.0 ^ b.0)), a.1 ^ (mask & (a.1 ^ b.1)),
                a.2 ^ (mask & (a.2 ^ b.2)), a.3 ^ (mask & (a.3 ^ b.3)))
    }

    /// 32 big-endian bytes.
    static func write(bigEndian value: Value) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let words = [value.3, value.2, value.1, value.0]
        for i in 0..<4 {
            for j in 0..<8 { out[8 * i + j] = UInt8(truncatingIfNeeded: words[i] >> (56 - 8 * j)) }
        }
        return out
    }
}

extension Limbs {
    typealias Wide = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The full 512-bit product, schoolbook, constant-time.
    @inline(__always)
    static func multiply(_ a: Value, _ b: Value) -> Wide {
        let a0 = UInt128(a.0), a1 = UInt128(a.1), a2 = UInt128(a.2), a3 = UInt128(a.3)
        let b0 = UInt128(b.0), b1 = UInt128(b.1), b2 = UInt128(b.2), b3 = UInt128(b.3)
        @inline(__always) func lo(_ x: UInt128) -> UInt64 { UInt64(truncatingIfNeeded: x) }
        var t = a0 &* b0
        let r0 = lo(t)
        t = a0 &* b1 &+ (t >> 64); var r1 = lo(t)
        t = a0 &* b2 &+ (t >> 64); var r2 = lo(t)
        t = a0 &* b3 &+ (t >> 64); var r3 = lo(t)
        var r4 = lo(t >> 64)
        t = a1 &* b0 &+ UInt128(r1); r1 = lo(t)
        t = a1 &* b1 &+ UInt128(r2) &+ (t >> 64); r2 = lo(t)
        t = a1 &* b2 &+ UInt128(r3) &+ (t >> 64); r3 = lo(t)
        t = a1 &* b3 &+ UInt128(r4) &+ (t >> 64); r4 = lo(t)
        var r5 = lo(t >> 64)
        t = a2 &* b0 &+ UInt128(r2); r2 = lo(t)
        t = a2 &* b1 &+ UInt128(r3) &+ (t >> 64); r3 = lo(t)
        t = a2 &* b2 &+ UInt128(r4) &+ (t >> 64); r4 = lo(t)
        t = a2 &* b3 &+ UInt128(r5) &+ (t >> 64); r5 = lo(t)
        var r6 = lo(t >> 64)
        t = a3 &* b0 &+ UInt128(r3); r3 = lo(t)
        t = a3 &* b1 &+ UInt128(r4) &+ (t >> 64); r4 = lo(t)
        t = a3 &* b2 &+ UInt128(r5) &+ (t >> 64); r5 = lo(t)
        t = a3 &* b3 &+ UInt128(r6) &+ (t >> 64); r6 = lo(t)
        return (r0, r1, r2, r3, r4, r5, r6, lo(t >> 64))
    }
}
