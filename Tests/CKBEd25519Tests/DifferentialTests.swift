import CKBBytes
import CKBEd25519
import CKBHash
import CKBTestSupport
import Testing

/// CKBEd25519 against libsodium 1.0.18's `crypto_sign_verify_detached` on random and malformed
/// inputs: the verdicts must be equal on every case. Each sweep folds both sides' verdicts into
/// one SHA-256 each and reports the first differing case with the seed (set CKBCRYPTO_SEED to
/// replay another run).
@Suite struct DifferentialTests {
    static let signedCases = 2_000
    static let craftedCases = 1_500

    struct Sweep {
        var ours = SHA256()
        var theirs = SHA256()
        var firstMismatch: String?
        var count = 0
        var accepted = 0
        var byKind: [String: (cases: Int, accepted: Int)] = [:]

        /// Runs one case through both verifiers.
        mutating func check(_ kind: String, signature: [UInt8], message: [UInt8], publicKey: [UInt8]) {
            let a: Bool
            if let key = try? Ed25519.PublicKey(rawRepresentation: publicKey) {
                a = key.isValidSignatureVariableTime(signature, for: message)
            } else {
                a = false
            }
            let b = Sodium.verify(signature, message, publicKey: publicKey)
            ours.update([a ? 1 : 0])
            theirs.update([b ? 1 : 0])
            count += 1
            if a { accepted += 1 }
            byKind[kind, default: (0, 0)].cases += 1
            if b { byKind[kind, default: (0, 0)].accepted += 1 }
            if a != b, firstMismatch == nil {
                firstMismatch = "\(kind): ours \(a), libsodium \(b); key \(publicKey.hexString), "
                    + "signature \(signature.hexString), message \(message.hexString)"
            }
        }

        func expectAgreement(_ name: String, seed: UInt64) {
            #expect(ours.finalize() == theirs.finalize(), "\(name) (seed \(seed)): \(firstMismatch ?? "folds differ")")
            #expect(firstMismatch == nil, "\(name) (seed \(seed))")
        }
    }

    static func flip(_ bytes: [UInt8], bit: Int) -> [UInt8] {
        var out = bytes
        out[bit >> 3] ^= 1 << (bit & 7)
        return out
    }

    /// A y in [p, 2^255) (a non-canonical encoding), with a random sign bit.
    static func nonCanonical(_ rng: inout SeededGenerator) -> [UInt8] {
        var e = fieldPrime
        e[0] &+= UInt8(rng.next() % 19)
        if rng.next() & 1 == 1 { e[31] |= 0x80 }
        return e
    }

    /// Signatures made by libsodium with random keys over random messages, then corrupted.
    @Test func signedAndCorrupted() {
        let seed = SeededGenerator.seed(default: 0xED25_5190_0000_0001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        for _ in 0..<Self.signedCases {
            let (pk, sk) = Sodium.keyPair(seed: rng.bytes(32))
            let message = rng.bytes(Int(rng.next() % 200))
            let sig = Sodium.sign(message, secretKey: sk)
            let r = Array(sig[0..<32]), s = Array(sig[32..<64])
            sweep.check("valid", signature: sig, message: message, publicKey: pk)
            sweep.check("flip R", signature: Self.flip(sig, bit: Int(rng.next() % 256)), message: message, publicKey: pk)
            sweep.check("flip S", signature: Self.flip(sig, bit: 256 + Int(rng.next() % 256)), message: message, publicKey: pk)
            sweep.check("flip A", signature: sig, message: message, publicKey: Self.flip(pk, bit: Int(rng.next() % 256)))
            if message.isEmpty {
                sweep.check("extend M", signature: sig, message: [UInt8(rng.next() & 0xFF)], publicKey: pk)
            } else {
                sweep.check("flip M", signature: sig, message: Self.flip(message, bit: Int(rng.next() % UInt64(8 * message.count))), publicKey: pk)
            }
            sweep.check("S + L", signature: r + add256(s, groupOrder), message: message, publicKey: pk)
            var randomS = rng.bytes(32)
            if rng.next() & 1 == 1 { randomS[31] &= 0x1F }  // around L: half below, half above
            sweep.check("random S", signature: r + randomS, message: message, publicKey: pk)
            let small = SmallOrderPoints.allEncodings
            sweep.check("small-order R", signature: small[Int(rng.next() % UInt64(small.count))] + s, message: message, publicKey: pk)
            sweep.check("small-order A", signature: sig, message: message, publicKey: small[Int(rng.next() % UInt64(small.count))])
            sweep.check("non-canonical A", signature: sig, message: message, publicKey: Self.nonCanonical(&rng))
            sweep.check("non-canonical R", signature: Self.nonCanonical(&rng) + s, message: message, publicKey: pk)
            sweep.check("random A", signature: sig, message: message, publicKey: rng.bytes(32))
            sweep.check("random R", signature: rng.bytes(32) + s, message: message, publicKey: pk)
            // R with the sign bit flipped: the negated point (a valid encoding, wrong equation).
            sweep.check("negated R", signature: Self.flip(sig, bit: 255), message: message, publicKey: pk)
        }
        sweep.expectAgreement("signed and corrupted", seed: seed)
        #expect(sweep.byKind["valid"]?.accepted == Self.signedCases)
        #expect(sweep.byKind["S + L"]?.accepted == 0)
        #expect(sweep.byKind["small-order A"]?.accepted == 0)
        print("Ed25519 differential, signed and corrupted: \(sweep.count) cases, \(sweep.accepted) accepted by both")
    }

    /// Signatures built by hand so that the unusual branches are reached: keys of mixed order
    /// A = [a]B + T (T of small order), R of mixed or small order, and equations that hold only
    /// because of the small-order components. libsodium's cofactorless check accepts some of
    /// these (when [k]T = 0) and refuses others; the verdicts must match case by case.
    @Test func craftedMixedOrder() {
        let seed = SeededGenerator.seed(default: 0xED25_5190_0000_0002)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        let small = SmallOrderPoints.canonical
        func pick(_ rng: inout SeededGenerator) -> [UInt8] { small[Int(rng.next() % UInt64(small.count))] }
        for _ in 0..<Self.craftedCases {
            let a = rng.scalar(), r = rng.scalar()
            guard let aB = Sodium.multiplyBase(a), let rB = Sodium.multiplyBase(r) else { continue }
            let t = pick(&rng), tR = pick(&rng)
            let publicKey = Sodium.add(aB, t)!
            let message = rng.bytes(Int(rng.next() % 64))

            // A of mixed order, R = [r]B: valid exactly when [k]T = 0.
            var k = Sodium.reduce(Sodium.sha512(rB + publicKey + message))
            var s = Sodium.scalarAdd(r, Sodium.scalarMultiply(k, a))
            sweep.check("mixed A", signature: rB + s, message: message, publicKey: publicKey)

            // R = [r]B + T', A of mixed order: [S]B - [k]A = [r]B - [k]T, compared with [r]B + T'.
            let mixedR = Sodium.add(rB, tR)!
            k = Sodium.reduce(Sodium.sha512(mixedR + publicKey + message))
            s = Sodium.scalarAdd(r, Sodium.scalarMultiply(k, a))
            sweep.check("mixed A and R", signature: mixedR + s, message: message, publicKey: publicKey)

            // R = -[k]T exactly (of small order) with S = k a: the equation holds, R is refused.
            let cleanKey = aB
            k = Sodium.reduce(Sodium.sha512(SmallOrderPoints.identity + cleanKey + message))
            s = Sodium.scalarMultiply(k, a)
            sweep.check("small-order R, equation holds", signature: SmallOrderPoints.identity + s, message: message, publicKey: cleanKey)

            // A of small order, R = [r]B, S = r: holds when [k]A = 0; A is refused.
            k = Sodium.reduce(Sodium.sha512(rB + t + message))
            sweep.check("small-order A, equation may hold", signature: rB + r, message: message, publicKey: t)
        }
        sweep.expectAgreement("crafted mixed order", seed: seed)
        // Both outcomes must occur, or the sweep tests nothing about the cofactor.
        let mixed = sweep.byKind["mixed A"]!
        #expect(mixed.accepted > 0 && mixed.accepted < mixed.cases)
        let mixedBoth = sweep.byKind["mixed A and R"]!
        #expect(mixedBoth.accepted > 0 && mixedBoth.accepted < mixedBoth.cases)
        #expect(sweep.byKind["small-order R, equation holds"]?.accepted == 0)
        print("Ed25519 differential, crafted mixed order: \(sweep.count) cases, \(sweep.accepted) accepted by both; "
            + "mixed A \(mixed.accepted)/\(mixed.cases), mixed A and R \(mixedBoth.accepted)/\(mixedBoth.cases)")
    }

    /// The layers against libsodium's primitives: scalar reduction, [s]B, [s]B - [k]A, point
    /// addition and decoding.
    @Test func arithmeticLayers() {
        let seed = SeededGenerator.seed(default: 0xED25_5190_0000_0003)
        var rng = SeededGenerator(seed: seed)
        var mismatches: [String] = []
        for i in 0..<1_000 {
            var wide = rng.bytes(64)
            if i % 10 == 0 { for j in 0..<64 { wide[j] = 0xFF } }
            if i % 10 == 1 { wide = [UInt8](repeating: 0, count: 64) }
            if Ed25519Arithmetic.reduce(wide) != Sodium.reduce(wide) { mismatches.append("reduce \(wide.hexString)") }

            let s = rng.scalar(), k = rng.scalar(), a = rng.scalar()
            guard let sB = Sodium.multiplyBase(s), let aB = Sodium.multiplyBase(a) else { continue }
            let zero = [UInt8](repeating: 0, count: 32)
            if Ed25519Arithmetic.baseMinusPoint(s: s, k: zero, a: aB) != sB { mismatches.append("[s]B for \(s.hexString)") }
            if Ed25519Arithmetic.decodeAndEncode(aB) != aB { mismatches.append("decode \(aB.hexString)") }
            if Ed25519Arithmetic.add(sB, aB) != Sodium.add(sB, aB) { mismatches.append("add") }
            // [s]B - [k]([a]B) = [s - k a]B
            let t = SmallOrderPoints.canonical[i % 5]
            let mixed = Sodium.add(aB, t)!
            let expected = Sodium.sub(sB, Sodium.add(Sodium.multiplyBase(Sodium.scalarMultiply(k, a))!, Self.times(k, t))!)
            if Ed25519Arithmetic.baseMinusPoint(s: s, k: k, a: mixed) != expected { mismatches.append("[s]B - [k]A") }
            if Ed25519Arithmetic.isCanonicalScalar(s) != true || Ed25519Arithmetic.isCanonicalScalar(add256(s, groupOrder)) {
                mismatches.append("scalar range")
            }
            if !Ed25519Arithmetic.fieldIdentityFailures(aB).isEmpty { mismatches.append("field \(aB.hexString)") }
        }
        #expect(mismatches.isEmpty, "seed \(seed): \(mismatches.prefix(5))")
    }

    /// [k]T for a point T of small order, by repeated addition of k mod 8 copies (8T = 0).
    static func times(_ k: [UInt8], _ t: [UInt8]) -> [UInt8] {
        var acc = SmallOrderPoints.identity
        for _ in 0..<Int(k[0] & 7) { acc = Sodium.add(acc, t)! }
        return acc
    }
}
