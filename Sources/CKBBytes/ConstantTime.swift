/// Comparison whose running time depends only on the lengths of its inputs.
///
/// Use it for secrets and authentication codes. The lengths themselves are not secret: inputs
/// of different lengths compare unequal at once.
public enum ConstantTime {
    /// `true` when `a` and `b` hold the same bytes; time depends on the lengths only.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count {
            difference |= a[index] ^ b[index]
        }
        return isZero(difference)
    }

    /// `true` when the two byte collections are equal; time depends on the lengths only.
    public static func equals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) {
            difference |= x ^ y
        }
        return isZero(difference)
    }

    /// 1 if `value` is zero, else 0, computed without a branch on `value`.
    @inline(never)
    static func isZero(_ value: UInt8) -> Bool {
        // (value - 1) has its top bit set only when value == 0 (as a 9+-bit quantity).
        let wide = UInt32(value) &- 1
        return (wide >> 31) == 1
    }
}
