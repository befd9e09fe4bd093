import CKBBytes
import CKBEd25519
import CKBTestSupport
import Foundation
import Testing

/// Key decoding rules, SubjectPublicKeyInfo and PEM, and malformed input.
@Suite struct DecodingTests {
    static func kind(_ body: () throws(Ed25519Error) -> Ed25519.PublicKey) -> Ed25519Error.Kind? {
        do {
            _ = try body()
            return nil
        } catch {
            #expect(!error.detail.isEmpty)
            return error.kind
        }
    }

    static func rawKind(_ bytes: [UInt8]) -> Ed25519Error.Kind? {
        kind { () throws(Ed25519Error) in try Ed25519.PublicKey(rawRepresentation: bytes) }
    }

    static func derKind(_ bytes: [UInt8]) -> Ed25519Error.Kind? {
        kind { () throws(Ed25519Error) in try Ed25519.PublicKey(derRepresentation: bytes) }
    }

    // MARK: - Raw keys

    @Test func lengths() {
        for n in [0, 1, 31, 33, 64] {
            #expect(Self.rawKind([UInt8](repeating: 0x42, count: n)) == .invalidLength)
        }
    }

    /// y >= p in every form: p + 0 ... p + 18 and 2^255 - 1, both signs. p and p + 1 are y = 0
    /// and y = 1, but the canonical check comes first.
    @Test func nonCanonicalY() {
        for delta in 0..<19 {
            for sign: UInt8 in [0, 0x80] {
                var e = fieldPrime
                e[0] &+= UInt8(delta)
                e[31] |= sign
                #expect(Self.rawKind(e) == .nonCanonicalEncoding, "p + \(delta), sign \(sign)")
                #expect(!Sodium.verify([UInt8](repeating: 0, count: 64), [], publicKey: e))
            }
        }
        #expect(Self.rawKind([UInt8](repeating: 0xFF, count: 32)) == .nonCanonicalEncoding)
    }

    /// The eight points of small order, with either sign bit (x = 0 with the sign bit set is a
    /// non-canonical x, refused as small order because it is checked first).
    @Test func smallOrder() {
        for e in SmallOrderPoints.canonical {
            var signed = e
            signed[31] |= 0x80
            #expect(Self.rawKind(e) == .smallOrder, "\(e.hexString)")
            #expect(Self.rawKind(signed) == .smallOrder, "\(signed.hexString)")
            #expect(Ed25519Arithmetic.isSmallOrderEncoding(e) && Ed25519Arithmetic.isSmallOrderEncoding(signed))
        }
        // libsodium's non-canonical entries y = p, p + 1 are on the list too.
        #expect(Ed25519Arithmetic.isSmallOrderEncoding(SmallOrderPoints.yIsP))
        #expect(Ed25519Arithmetic.isSmallOrderEncoding(SmallOrderPoints.yIsPPlusOne))
    }

    /// The list really is the small-order points: each decodable entry times 8 is the identity,
    /// its times 4 is not (for the order-8 ones), and random points times 8 are not.
    @Test func smallOrderListIsRight() {
        let identity = SmallOrderPoints.identity
        for e in SmallOrderPoints.canonical {
            #expect(Ed25519Arithmetic.timesEight(e) == identity, "\(e.hexString)")
        }
        for e in [SmallOrderPoints.orderEight, SmallOrderPoints.orderEightOther] {
            let twice = Ed25519Arithmetic.add(e, e)!
            let four = Ed25519Arithmetic.add(twice, twice)!
            #expect(four != identity)
            #expect(Ed25519Arithmetic.add(four, four) == identity)
        }
        // x = 0 with the sign bit set does not decode (RFC 8032 section 5.1.3).
        var negativeZero = identity
        negativeZero[31] |= 0x80
        #expect(Ed25519Arithmetic.decodeAndEncode(negativeZero) == nil)
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<50 {
            let p = Sodium.multiplyBase(rng.scalar())!
            #expect(Ed25519Arithmetic.timesEight(p) != identity)
            #expect(!Ed25519Arithmetic.isSmallOrderEncoding(p))
        }
    }

    @Test func notOnCurve() {
        // y = 2: (y^2 - 1) / (d y^2 + 1) is not a square.
        var e = [UInt8](repeating: 0, count: 32)
        e[0] = 2
        #expect(Self.rawKind(e) == .notOnCurve)
        e[31] = 0x80
        #expect(Self.rawKind(e) == .notOnCurve)
    }

    /// A key of mixed order (order 8L) is accepted, as libsodium accepts it.
    @Test func mixedOrderKeyAccepted() throws {
        let point = Sodium.add(Sodium.multiplyBase(hex("0500000000000000000000000000000000000000000000000000000000000000"))!,
                               SmallOrderPoints.orderEight)!
        let key = try Ed25519.PublicKey(rawRepresentation: point)
        #expect(key.rawRepresentation == point)
        #expect(Ed25519Arithmetic.timesEight(point) != SmallOrderPoints.identity)
    }

    /// Both signs of the base point decode and re-encode to themselves.
    @Test func basePoint() throws {
        let base = hex("5866666666666666666666666666666666666666666666666666666666666666")
        #expect(Ed25519Arithmetic.decodeAndEncode(base) == base)
        var negated = base
        negated[31] |= 0x80
        #expect(Ed25519Arithmetic.decodeAndEncode(negated) == negated)
        #expect(Sodium.multiplyBase(hex("0100000000000000000000000000000000000000000000000000000000000000")) == base)
        #expect(try Ed25519.PublicKey(rawRepresentation: base).description == base.hexString)
    }

    /// Field identities on edge values (0, 1, p - 1, 2^255 - 20, limbs of all ones) and random ones.
    @Test func fieldEdges() {
        var values: [[UInt8]] = [
            [UInt8](repeating: 0, count: 32),
            hex("0100000000000000000000000000000000000000000000000000000000000000"),
            hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            hex("ebffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            hex("ffffffffffff0700000000000000000000000000000000000000000000000000"),
            hex("0000000000000000000000000000000000000000000000000000000000000040"),
        ]
        var rng = SeededGenerator(seed: 25519)
        for _ in 0..<200 {
            var v = rng.bytes(32)
            v[31] &= 0x7F
            if v[31] == 0x7F { v[31] = 0x3F }
            values.append(v)
        }
        for v in values {
            #expect(Ed25519Arithmetic.fieldIdentityFailures(v).isEmpty, "\(v.hexString): \(Ed25519Arithmetic.fieldIdentityFailures(v))")
        }
    }

    @Test func scalarRange() {
        #expect(!Ed25519Arithmetic.isCanonicalScalar(groupOrder))
        var below = groupOrder
        below[0] -= 1
        #expect(Ed25519Arithmetic.isCanonicalScalar(below))
        #expect(Ed25519Arithmetic.isCanonicalScalar([UInt8](repeating: 0, count: 32)))
        #expect(!Ed25519Arithmetic.isCanonicalScalar([UInt8](repeating: 0xFF, count: 32)))
        var justAbove = groupOrder
        justAbove[16] = 1
        #expect(!Ed25519Arithmetic.isCanonicalScalar(justAbove))
    }

    // MARK: - SubjectPublicKeyInfo and PEM

    /// RFC 8410 section 10.1.
    static let rfc8410PEM = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
        -----END PUBLIC KEY-----
        """
    static let rfc8410Key = hex("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1")
    static let rfc8410DER = hex("302a300506032b6570032100") + rfc8410Key

    @Test func spki() throws {
        let key = try Ed25519.PublicKey(pemRepresentation: Self.rfc8410PEM)
        #expect(key.rawRepresentation == Self.rfc8410Key)
        #expect(key.derRepresentation == Self.rfc8410DER)
        #expect(try Ed25519.PublicKey(derRepresentation: Self.rfc8410DER) == key)
        #expect(try Ed25519.PublicKey(pemRepresentation: key.pemRepresentation) == key)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN PUBLIC KEY-----"))
    }

    @Test func spkiRejections() {
        let key = Self.rfc8410Key
        // Ed448's OID.
        #expect(Self.derKind(hex("302a300506032b6571032100") + key) == .unsupportedAlgorithm)
        // X25519's OID.
        #expect(Self.derKind(hex("302a300506032b656e032100") + key) == .unsupportedAlgorithm)
        // Parameters present (NULL): RFC 8410 says absent.
        #expect(Self.derKind(hex("302c300706032b65700500032100") + key) == .unsupportedAlgorithm)
        // One unused bit.
        #expect(Self.derKind(hex("302a300506032b6570032101") + key) == .encoding)
        // A 31-byte and a 33-byte key.
        #expect(Self.derKind(hex("3029300506032b6570032000") + key.dropLast()) == .invalidLength)
        #expect(Self.derKind(hex("302b300506032b6570032200") + key + [0]) == .invalidLength)
        // Trailing bytes, a truncated encoding, an extra field, an OCTET STRING instead of BIT STRING.
        #expect(Self.derKind(Self.rfc8410DER + [0]) == .encoding)
        #expect(Self.derKind(Array(Self.rfc8410DER.dropLast())) == .encoding)
        #expect(Self.derKind(hex("302c300506032b6570032100") + key + [0x05, 0x00]) == .encoding)
        #expect(Self.derKind(hex("302a300506032b6570042100") + key) == .encoding)
        // A small-order key in a well-formed SPKI.
        #expect(Self.derKind(hex("302a300506032b6570032100") + SmallOrderPoints.identity) == .smallOrder)
        // PEM of another type.
        let privatePEM = Self.rfc8410PEM.replacingOccurrences(of: "PUBLIC KEY", with: "PRIVATE KEY")
        #expect(Self.kind { () throws(Ed25519Error) in try Ed25519.PublicKey(pemRepresentation: privatePEM) } == .encoding)
        #expect(Self.kind { () throws(Ed25519Error) in try Ed25519.PublicKey(pemRepresentation: "not PEM") } == .encoding)
    }

    // MARK: - Malformed input never traps

    @Test func mutatedInputsNeverTrap() {
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0xED25_5190_0000_0004))
        let key = try! Ed25519.PublicKey(rawRepresentation: Self.rfc8410Key)
        let der = Self.rfc8410DER
        var parsed = 0
        for i in 0..<5_000 {
            // Random lengths and bytes.
            let n = Int(rng.next() % 80)
            let junk = rng.bytes(n)
            _ = try? Ed25519.PublicKey(rawRepresentation: junk)
            _ = try? Ed25519.PublicKey(derRepresentation: junk)
            _ = key.isValidSignatureVariableTime(junk, for: junk)
            // Mutated DER: flips, truncations, insertions.
            var m = der
            switch i % 4 {
            case 0: m[Int(rng.next() % UInt64(m.count))] ^= UInt8(1 << (rng.next() % 8))
            case 1: m = Array(m.prefix(Int(rng.next() % UInt64(m.count))))
            case 2: m.insert(UInt8(rng.next() & 0xFF), at: Int(rng.next() % UInt64(m.count + 1)))
            default: m[Int(rng.next() % 12)] = UInt8(rng.next() & 0xFF)
            }
            if (try? Ed25519.PublicKey(derRepresentation: m)) != nil { parsed += 1 }
            // Mutated PEM text.
            var text = Array(Self.rfc8410PEM.utf8)
            text[Int(rng.next() % UInt64(text.count))] = UInt8(rng.next() % 128)
            _ = try? Ed25519.PublicKey(pemRepresentation: String(decoding: text, as: UTF8.self))
        }
        // Flips inside the key bytes of the DER mostly still parse (valid points), so the
        // mutation loop reached the key decoder.
        #expect(parsed > 0)
    }

    @Test func signatureLengths() throws {
        let key = try Ed25519.PublicKey(rawRepresentation: RFC8032Tests.vectors[0].publicKey)
        let sig = RFC8032Tests.vectors[0].signature
        for n in [0, 1, 32, 63, 65, 128] {
            let s = (sig + sig + sig).prefix(n)
            #expect(!key.isValidSignatureVariableTime(s, for: []))
        }
    }
}
