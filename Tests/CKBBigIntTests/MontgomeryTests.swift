import CGMP
import CKBBigInt
import CKBTestSupport
import Testing

/// Modular exponentiation against GMP's mpz_powm on random odd moduli of 64 to 8,192 bits.
@Suite struct MontgomeryTests {
    static func gmp(_ base: BigUInt, _ exponent: BigUInt, _ modulus: BigUInt) -> BigUInt {
        var b = mpz_t(), e = mpz_t(), m = mpz_t(), r = mpz_t()
        __gmpz_init(&b); __gmpz_init(&e); __gmpz_init(&m); __gmpz_init(&r)
        defer { __gmpz_clear(&b); __gmpz_clear(&e); __gmpz_clear(&m); __gmpz_clear(&r) }
        for (value, target) in [(base, withUnsafeMutablePointer(to: &b) { $0 }), (exponent, withUnsafeMutablePointer(to: &e) { $0 }),
                                (modulus, withUnsafeMutablePointer(to: &m) { $0 })] {
            value.limbs.withUnsafeBufferPointer { __gmpz_import(target, value.limbs.count, -1, 8, 0, 0, $0.baseAddress) }
        }
        __gmpz_powm(&r, &b, &e, &m)
        var limbs = [UInt64](repeating: 0, count: modulus.limbs.count + 1)
        var count = 0
        limbs.withUnsafeMutableBufferPointer { _ = __gmpz_export($0.baseAddress, &count, -1, 8, 0, 0, &r) }
        return BigUInt(limbs: Array(limbs.prefix(max(count, 1))))
    }

    @Test func powerAgainstGMP() throws {
        let seed = SeededGenerator.seed(default: 0xB161_0001)
        var rng = SeededGenerator(seed: seed)
        var mismatches = 0
        var first: String?
        for index in 0..<2_000 {
            let bits = [64, 65, 127, 512, 1024, 1025, 2048, 3072, 4096, 8192][Int(rng.next() % 10)]
            let limbCount = (bits + 63) / 64
            var n = (0..<limbCount).map { _ in rng.next() }
            let top = bits - 64 * (limbCount - 1)
            n[limbCount - 1] = (top == 64 ? n[limbCount - 1] : n[limbCount - 1] & ((1 << UInt64(top)) - 1)) | (1 << UInt64(top - 1))
            n[0] |= 1
            let modulus = BigUInt(limbs: n)
            var base = BigUInt(limbs: (0..<limbCount).map { _ in rng.next() })
            if BigUInt.compare(base, modulus) >= 0 { base.limbs[limbCount - 1] = 0 }
            if index % 50 == 0 { base = BigUInt(limbs: [UInt64](repeating: 0, count: limbCount)) }
            if index % 50 == 1 { base = BigUInt(limbs: n.enumerated().map { $0.offset == 0 ? $0.element - 1 : $0.element }) }  // n - 1
            let exponent: BigUInt
            switch rng.next() % 4 {
            case 0: exponent = BigUInt(65_537)
            case 1: exponent = BigUInt(3)
            case 2: exponent = BigUInt(limbs: (0..<Int(1 + rng.next() % 4)).map { _ in rng.next() })
            default: exponent = BigUInt(rng.next() % 64)
            }
            let context = try MontgomeryContext(modulus: modulus)
            let ours = context.powerVariableTime(base, exponent)
            let theirs = Self.gmp(base, exponent, modulus)
            if BigUInt.compare(ours, theirs) != 0 {
                mismatches += 1
                if first == nil { first = "case \(index): \(base)^\(exponent) mod \(modulus): ours \(ours), GMP \(theirs)" }
            }
        }
        #expect(mismatches == 0, "seed \(seed): \(first ?? "")")
    }

    @Test func refusesEvenModuli() {
        #expect(throws: MontgomeryContext.Failure.evenModulus) { try MontgomeryContext(modulus: BigUInt(10)) }
        #expect(throws: MontgomeryContext.Failure.modulusTooSmall) { try MontgomeryContext(modulus: BigUInt(1)) }
    }

    @Test func bytesRoundTrip() {
        let value = BigUInt(bigEndian: [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09])
        #expect(value.limbs == [0x0203_0405_0607_0809, 0x01])
        #expect(value.bigEndianBytes(count: 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(value.bigEndianBytes(count: 8) == nil)
        #expect(value.bitWidth == 65 && value.description == "10203040506070809")
    }

    /// Every length from 0 to 40 bytes against a byte-at-a-time reading: the word-wise loops
    /// must place a partial top limb and pad the output on the left.
    @Test func bytesAgainstByteWiseReading() {
        var rng = SeededGenerator(seed: 0xB161_0002)
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var expected = [UInt64](repeating: 0, count: max(1, (length + 7) / 8))
            for (i, byte) in bytes.reversed().enumerated() { expected[i / 8] |= UInt64(byte) << UInt64(8 * (i % 8)) }
            let value = BigUInt(bigEndian: bytes)
            #expect(value.limbs == expected, "length \(length)")
            #expect(value.bigEndianBytes(count: length + 3) == [0, 0, 0] + bytes, "length \(length)")
        }
    }

    /// A reference with nothing in common with the Montgomery code: multiplication modulo n by
    /// doubling and adding one bit at a time (every intermediate below n, compared limb by
    /// limb), then right-to-left square-and-multiply.
    enum DoubleAndAdd {
        static func lessThan(_ a: [UInt64], _ b: [UInt64]) -> Bool {
            for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
            return false
        }
        /// (a + b) mod n for a, b < n.
        static func addMod(_ a: [UInt64], _ b: [UInt64], _ n: [UInt64]) -> [UInt64] {
            var sum = [UInt64](repeating: 0, count: n.count)
            var carry: UInt64 = 0
            for i in 0..<n.count {
                let (s1, o1) = a[i].addingReportingOverflow(b[i])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                sum[i] = s2
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            guard carry == 1 || !lessThan(sum, n) else { return sum }
            var borrow: UInt64 = 0
            for i in 0..<n.count {
                let (d1, b1) = sum[i].subtractingReportingOverflow(n[i])
                let (d2, b2) = d1.subtractingReportingOverflow(borrow)
                sum[i] = d2
                borrow = (b1 ? 1 : 0) + (b2 ? 1 : 0)
            }
            return sum
        }
        static func mulMod(_ a: [UInt64], _ b: [UInt64], _ n: [UInt64]) -> [UInt64] {
            var r = [UInt64](repeating: 0, count: n.count)
            for bit in stride(from: 64 * n.count - 1, through: 0, by: -1) {
                r = addMod(r, r, n)
                if (b[bit / 64] >> UInt64(bit % 64)) & 1 == 1 { r = addMod(r, a, n) }
            }
            return r
        }
        static func power(_ base: [UInt64], _ exponent: [UInt64], _ n: [UInt64]) -> [UInt64] {
            var result = [UInt64](repeating: 0, count: n.count)
            result[0] = 1
            if n.count == 1 && n[0] == 1 { result[0] = 0 }
            var b = base
            for bit in 0..<(64 * exponent.count) {
                if (exponent[bit / 64] >> UInt64(bit % 64)) & 1 == 1 { result = mulMod(result, b, n) }
                b = mulMod(b, b, n)
            }
            return result
        }
    }

    @Test func powerAgainstDoubleAndAdd() throws {
        let seed = SeededGenerator.seed(default: 0xB161_0003)
        var rng = SeededGenerator(seed: seed)
        for index in 0..<120 {
            let bits = [64, 65, 127, 128, 200, 512, 1024, 1031][index % 8]
            let limbCount = (bits + 63) / 64
            var n = (0..<limbCount).map { _ in rng.next() }
            let top = bits - 64 * (limbCount - 1)
            n[limbCount - 1] = (top == 64 ? n[limbCount - 1] : n[limbCount - 1] & ((1 << UInt64(top)) - 1)) | (1 << UInt64(top - 1))
            n[0] |= 1
            var base = (0..<limbCount).map { _ in rng.next() }
            base[limbCount - 1] &= n[limbCount - 1] >> 1  // below n
            let exponent: [UInt64] = [[3], [65_537], [rng.next() % 64], [rng.next()]][index % 4]
            let ours = try MontgomeryContext(modulus: BigUInt(limbs: n)).powerVariableTime(BigUInt(limbs: base), BigUInt(limbs: exponent))
            let reference = DoubleAndAdd.power(base, exponent, n)
            #expect(ours.resized(to: limbCount).limbs == reference, "seed \(seed) case \(index): \(bits) bits, exponent \(exponent)")
        }
    }
}
