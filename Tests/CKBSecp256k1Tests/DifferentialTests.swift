import CKBBytes
import CKBHash
import CKBSecp256k1
import CKBTestSupport
import CSecp256k1
import Testing

/// libsecp256k1 through its C API: the reference the differential tests compare against.
final class LibSecp256k1: @unchecked Sendable {
    let context: OpaquePointer

    init() {
        // SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY (accepted by every version).
        context = secp256k1_context_create(UInt32((1 << 0) | (1 << 9) | (1 << 8)))!
    }

    deinit { secp256k1_context_destroy(context) }

    func publicKey(secret: [UInt8], compressed: Bool) -> [UInt8]? {
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(context, &key, secret) == 1 else { return nil }
        return serialize(key, compressed: compressed)
    }

    func serialize(_ key: secp256k1_pubkey, compressed: Bool) -> [UInt8] {
        var key = key
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(context, &out, &length, &key, UInt32(compressed ? (1 << 1) | (1 << 8) : (1 << 1)))
        return Array(out.prefix(length))
    }

    func parsePublicKey(_ bytes: [UInt8]) -> secp256k1_pubkey? {
        var key = secp256k1_pubkey()
        return secp256k1_ec_pubkey_parse(context, &key, bytes, bytes.count) == 1 ? key : nil
    }

    /// (compact r || s, recovery id) from the default (RFC 6979) nonce function.
    func signRecoverable(secret: [UInt8], digest: [UInt8]) -> ([UInt8], UInt8)? {
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(context, &sig, digest, secret, nil, nil) == 1 else { return nil }
        var out = [UInt8](repeating: 0, count: 64)
        var id: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &out, &id, &sig)
        return (out, UInt8(id))
    }

    func signDER(secret: [UInt8], digest: [UInt8]) -> [UInt8] {
        var sig = secp256k1_ecdsa_signature()
        _ = secp256k1_ecdsa_sign(context, &sig, digest, secret, nil, nil)
        var out = [UInt8](repeating: 0, count: 80)
        var length = 80
        _ = secp256k1_ecdsa_signature_serialize_der(context, &out, &length, &sig)
        return Array(out.prefix(length))
    }

    /// Verifies a compact signature (libsecp256k1 rejects high S); nil when the bytes do not parse.
    func verify(compact: [UInt8], digest: [UInt8], publicKey: [UInt8]) -> Bool? {
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(context, &sig, compact) == 1,
              var key = parsePublicKey(publicKey) else { return nil }
        return secp256k1_ecdsa_verify(context, &sig, digest, &key) == 1
    }

    /// The compact form of a DER signature libsecp256k1 parses (out-of-range values read as zero).
    func parseDER(_ der: [UInt8]) -> [UInt8]? {
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_der(context, &sig, der, der.count) == 1 else { return nil }
        var out = [UInt8](repeating: 0, count: 64)
        _ = secp256k1_ecdsa_signature_serialize_compact(context, &out, &sig)
        return out
    }

    func recover(compact: [UInt8], id: UInt8, digest: [UInt8]) -> [UInt8]? {
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &sig, compact, Int32(id)) == 1 else { return nil }
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &key, &sig, digest) == 1 else { return nil }
        return serialize(key, compressed: true)
    }
}

/// CKBSecp256k1 against libsecp256k1 on random and malformed inputs. Each sweep folds both
/// sides' outputs into one SHA-256 each; the folds must agree, and the first differing case is
/// reported with the seed (set CKBCRYPTO_SEED to replay another).
@Suite struct DifferentialTests {
    static let cases = 10_000
    let reference = LibSecp256k1()

    struct Sweep {
        var ours = SHA256()
        var theirs = SHA256()
        var firstMismatch: String?
        var count = 0

        mutating func record(_ description: @autoclosure () -> String, ours a: [UInt8], reference b: [UInt8]) {
            ours.update([UInt8(truncatingIfNeeded: a.count)] + a)
            theirs.update([UInt8(truncatingIfNeeded: b.count)] + b)
            count += 1
            if a != b, firstMismatch == nil {
                firstMismatch = "\(description()): ours \(a.hexString), reference \(b.hexString)"
            }
        }

        func check(_ name: String, seed: UInt64) {
            #expect(ours.finalize() == theirs.finalize(), "\(name) (seed \(seed)): \(firstMismatch ?? "folds differ")")
            #expect(firstMismatch == nil)
        }
    }

    /// Secret keys: mostly random, some at the edges of [1, n - 1], some invalid.
    static func secret(_ rng: inout SeededGenerator) -> [UInt8] {
        let n: [UInt8] = try! Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        switch rng.next() % 16 {
        case 0: return [UInt8](repeating: 0, count: 31) + [UInt8(rng.next() % 4)]
        case 1:
            var k = n
            k[31] &-= UInt8(rng.next() % 3)
            return k
        case 2: return [UInt8](repeating: 0xFF, count: 32)
        default: return rng.bytes(32)
        }
    }

    @Test func keysSignaturesAndRecovery() throws {
        let seed = SeededGenerator.seed(default: 0x5EC9_0001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        for index in 0..<Self.cases {
            let secret = Self.secret(&rng)
            let digest = rng.next() % 32 == 0 ? [UInt8](repeating: 0xFF, count: 32) : rng.bytes(32)
            let place = "case \(index), key \(secret.hexString), digest \(digest.hexString)"
            let key = try? Secp256k1.PrivateKey(rawRepresentation: secret)
            let referenceCompressed = reference.publicKey(secret: secret, compressed: true)
            sweep.record("\(place): key validity", ours: [key == nil ? 0 : 1], reference: [referenceCompressed == nil ? 0 : 1])
            guard let key, let referenceCompressed else { continue }
            let publicKey = key.publicKey
            sweep.record("\(place): compressed", ours: publicKey.compressedRepresentation, reference: referenceCompressed)
            sweep.record("\(place): uncompressed", ours: publicKey.uncompressedRepresentation,
                         reference: reference.publicKey(secret: secret, compressed: false) ?? [])

            let signature = try key.recoverableSignature(for: digest)
            let (compact, id) = reference.signRecoverable(secret: secret, digest: digest)!
            sweep.record("\(place): signature", ours: signature.rawRepresentation, reference: compact + [id])
            sweep.record("\(place): DER", ours: signature.signature.derRepresentation,
                         reference: reference.signDER(secret: secret, digest: digest))
            sweep.record("\(place): verify", ours: [publicKey.isValidSignature(signature.signature, for: digest) ? 1 : 0], reference: [1])
            sweep.record("\(place): recover", ours: (try? signature.recoverPublicKey(for: digest))?.compressedRepresentation ?? [],
                         reference: reference.recover(compact: compact, id: id, digest: digest) ?? [])

            // Tampering: another digest, a flipped signature bit, the high-S twin, a wrong id.
            var other = digest
            other[Int(rng.next() % 32)] ^= 1 << UInt8(rng.next() % 8)
            sweep.record("\(place): verify other digest", ours: [publicKey.isValidSignature(signature.signature, for: other) ? 1 : 0],
                         reference: [reference.verify(compact: compact, digest: other, publicKey: referenceCompressed)! ? 1 : 0])
            var flipped = compact
            flipped[Int(rng.next() % 64)] ^= 1 << UInt8(rng.next() % 8)
            let ourFlipped = try? Secp256k1.ECDSASignature(compactRepresentation: flipped)
            sweep.record("\(place): verify flipped",
                         ours: [ourFlipped.map { publicKey.isValidSignature($0, for: digest) ? 1 : 0 } ?? 2],
                         reference: [reference.verify(compact: flipped, digest: digest, publicKey: referenceCompressed).map { $0 ? 1 : 0 } ?? 2])
            let wrongID = (id + 1 + UInt8(rng.next() % 3)) % 4
            let ourWrong = try? Secp256k1.RecoverableSignature(rawRepresentation: compact + [wrongID])
            sweep.record("\(place): recover wrong id",
                         ours: (try? ourWrong?.recoverPublicKey(for: digest))?.compressedRepresentation ?? [],
                         reference: reference.recover(compact: compact, id: wrongID, digest: digest) ?? [])
            sweep.record("\(place): recover flipped",
                         ours: ourFlipped.flatMap { sig in
                             (try? Secp256k1.RecoverableSignature(rawRepresentation: sig.compactRepresentation + [id]))
                                 .flatMap { try? $0.recoverPublicKey(for: digest) }
                         }?.compressedRepresentation ?? [],
                         reference: reference.recover(compact: flipped, id: id, digest: digest) ?? [])
        }
        sweep.check("keys, signing, verification and recovery vs libsecp256k1", seed: seed)
    }

    @Test func highSIsRejectedUnlessAllowed() throws {
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 0x5EC9_0002))
        for _ in 0..<200 {
            let key = try Secp256k1.PrivateKey(rawRepresentation: rng.bytes(32))
            let digest = rng.bytes(32)
            let signature = try key.signature(for: digest)
            #expect(signature.isLowS)
            // n - s: subtract the compact s from n by big-endian schoolbook.
            let n: [UInt8] = try Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
            let compact = signature.compactRepresentation
            var high = [UInt8](repeating: 0, count: 32)
            var borrow = 0
            for i in stride(from: 31, through: 0, by: -1) {
                let d = Int(n[i]) - Int(compact[32 + i]) - borrow
                high[i] = UInt8((d + 256) % 256)
                borrow = d < 0 ? 1 : 0
            }
            let highS = try Secp256k1.ECDSASignature(compactRepresentation: Array(compact[0..<32]) + high)
            #expect(!highS.isLowS)
            #expect(highS.lowSNormalized == signature)
            #expect(!key.publicKey.isValidSignature(highS, for: digest))
            #expect(key.publicKey.isValidSignature(highS, for: digest, allowingHighS: true))
            #expect(reference.verify(compact: highS.compactRepresentation, digest: digest,
                                     publicKey: key.publicKey.compressedRepresentation) == false)
        }
    }

    @Test func publicKeyParsing() {
        let seed = SeededGenerator.seed(default: 0x5EC9_0003)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        for index in 0..<Self.cases {
            var bytes: [UInt8]
            switch rng.next() % 4 {
            case 0: bytes = [UInt8(2 + rng.next() % 2)] + rng.bytes(32)
            case 1:
                // A valid key, perhaps with one bit flipped.
                let key = reference.publicKey(secret: rng.bytes(32), compressed: rng.next() % 2 == 0) ?? []
                bytes = key
                if rng.next() % 2 == 0, !bytes.isEmpty { bytes[Int(rng.next() % UInt64(bytes.count))] ^= 1 << UInt8(rng.next() % 8) }
            case 2: bytes = [4] + rng.bytes(64)
            default: bytes = rng.bytes([0, 1, 32, 33, 64, 65, 66][Int(rng.next() % 7)])
            }
            // libsecp256k1 also accepts the hybrid prefixes 06/07; this project rejects them.
            let hybrid = bytes.count == 65 && (bytes[0] == 6 || bytes[0] == 7)
            let ours = (try? Secp256k1.PublicKey(serialized: bytes))?.uncompressedRepresentation ?? []
            let theirs = hybrid ? [] : reference.parsePublicKey(bytes).map { reference.serialize($0, compressed: false) } ?? []
            sweep.record("case \(index), \(bytes.hexString)", ours: ours, reference: theirs)
        }
        sweep.check("public key parsing vs libsecp256k1", seed: seed)
    }

    @Test func derParsing() throws {
        let seed = SeededGenerator.seed(default: 0x5EC9_0004)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        let key = try Secp256k1.PrivateKey(rawRepresentation: rng.bytes(32))
        for index in 0..<Self.cases {
            var der = try key.signature(for: rng.bytes(32)).derRepresentation
            switch rng.next() % 4 {
            case 0: break
            case 1: der[Int(rng.next() % UInt64(der.count))] = UInt8(truncatingIfNeeded: rng.next())
            case 2: der.insert(UInt8(truncatingIfNeeded: rng.next()), at: Int(rng.next() % UInt64(der.count + 1)))
            default: der.remove(at: Int(rng.next() % UInt64(der.count)))
            }
            let ours = (try? Secp256k1.ECDSASignature(derRepresentation: der))?.compactRepresentation
            var theirs = reference.parseDER(der)
            // libsecp256k1 parses out-of-range or zero r/s (reading them as zero); this project
            // rejects them at parse time. Both then refuse to verify.
            if let compact = theirs, compact[0..<32].allSatisfy({ $0 == 0 }) || compact[32..<64].allSatisfy({ $0 == 0 }) { theirs = nil }
            sweep.record("case \(index), \(der.hexString)", ours: ours ?? [], reference: theirs ?? [])
        }
        sweep.check("DER parsing vs libsecp256k1", seed: seed)
    }
}
