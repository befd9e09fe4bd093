import CKBBytes
import CKBHash
import CKBTestSupport
import CLibB2
import COpenSSL
import Testing

/// This project's hashes against the reference C libraries on random inputs and parameters.
///
/// Each sweep feeds both sides the same cases and folds every output of each side into one
/// running SHA-256 (OpenSSL's, so the fold does not depend on the code under test). The two
/// folds must agree; when they do not, the first differing case is reported with its seed.
@Suite struct DifferentialTests {
    static let cases = 10_000

    struct Sweep {
        var ours = SHA256()
        var theirs = SHA256()
        var firstMismatch: String?

        mutating func record(_ description: @autoclosure () -> String, ours a: [UInt8], reference b: [UInt8]) {
            ours.update(a)
            theirs.update(b)
            if a != b, firstMismatch == nil {
                firstMismatch = "\(description()): ours \(a.hexString), reference \(b.hexString)"
            }
        }

        func check(_ name: String, seed: UInt64) {
            #expect(ours.finalize() == theirs.finalize(), "\(name) (seed \(seed)): \(firstMismatch ?? "folds differ")")
            #expect(firstMismatch == nil)
        }
    }

    /// Lengths biased towards block boundaries, up to a few blocks, with some long inputs.
    static func length(_ rng: inout SeededGenerator) -> Int {
        switch rng.next() % 4 {
        case 0: return Int(rng.next() % 300)
        case 1: return [0, 1, 31, 32, 33, 55, 56, 63, 64, 65, 127, 128, 129, 255, 256, 257][Int(rng.next() % 16)]
        case 2: return Int(rng.next() % 2000)
        default: return Int(rng.next() % 20000)
        }
    }

    @Test func sha256AgainstOpenSSL() {
        let seed = SeededGenerator.seed(default: 0x5A25_6001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        var out = [UInt8](repeating: 0, count: 32)
        for index in 0..<Self.cases {
            let data = rng.bytes(Self.length(&rng))
            _ = data.withUnsafeBufferPointer { COpenSSL.SHA256($0.baseAddress, $0.count, &out) }
            sweep.record("case \(index), \(data.count) bytes", ours: CKBHash.SHA256.hash(data).bytes, reference: out)
        }
        sweep.check("SHA-256 vs OpenSSL", seed: seed)
    }

    @Test func insecureSHA1AgainstOpenSSL() {
        let seed = SeededGenerator.seed(default: 0x5A01_0001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        var out = [UInt8](repeating: 0, count: 20)
        for index in 0..<Self.cases {
            let data = rng.bytes(Self.length(&rng))
            _ = data.withUnsafeBufferPointer { COpenSSL.SHA1($0.baseAddress, $0.count, &out) }
            sweep.record("case \(index), \(data.count) bytes", ours: Insecure.SHA1.hash(data).bytes, reference: out)
            let cut = data.isEmpty ? 0 : Int(rng.next() % UInt64(data.count + 1))
            var hasher = Insecure.SHA1()
            hasher.update(data[..<cut])
            hasher.update(data[cut...])
            sweep.record("split case \(index) at \(cut)", ours: hasher.finalize().bytes, reference: out)
        }
        sweep.check("SHA-1 vs OpenSSL", seed: seed)
    }

    @Test func sha384AndSHA512AgainstOpenSSL() {
        let seed = SeededGenerator.seed(default: 0x5A51_2001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        var out = [UInt8](repeating: 0, count: 64)
        for index in 0..<Self.cases {
            let data = rng.bytes(Self.length(&rng))
            _ = data.withUnsafeBufferPointer { COpenSSL.SHA512($0.baseAddress, $0.count, &out) }
            sweep.record("SHA-512 case \(index), \(data.count) bytes", ours: CKBHash.SHA512.hash(data).bytes, reference: out)
            _ = data.withUnsafeBufferPointer { COpenSSL.SHA384($0.baseAddress, $0.count, &out) }
            sweep.record("SHA-384 case \(index), \(data.count) bytes", ours: CKBHash.SHA384.hash(data).bytes, reference: Array(out.prefix(48)))
            // Streaming in two uneven parts gives the same digest.
            let cut = data.isEmpty ? 0 : Int(rng.next() % UInt64(data.count + 1))
            var hasher = CKBHash.SHA512()
            hasher.update(data[..<cut])
            hasher.update(data[cut...])
            sweep.record("SHA-512 split case \(index) at \(cut)", ours: hasher.finalize().bytes, reference: CKBHash.SHA512.hash(data).bytes)
        }
        sweep.check("SHA-384 and SHA-512 vs OpenSSL", seed: seed)
    }

    @Test func blake2b512AgainstOpenSSL() {
        let seed = SeededGenerator.seed(default: 0xB1A4_E001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        var out = [UInt8](repeating: 0, count: 64)
        for index in 0..<Self.cases {
            let data = rng.bytes(Self.length(&rng))
            var size: UInt32 = 0
            _ = data.withUnsafeBufferPointer { EVP_Digest($0.baseAddress, $0.count, &out, &size, EVP_blake2b512(), nil) }
            sweep.record("case \(index), \(data.count) bytes", ours: BLAKE2b.hash(data).bytes, reference: out)
        }
        sweep.check("BLAKE2b-512 vs OpenSSL", seed: seed)
    }

    /// libb2 with a parameter block: every digest length, key, salt and personalization.
    static func libb2(_ data: [UInt8], length: Int, key: [UInt8], salt: [UInt8], personal: [UInt8]) -> [UInt8] {
        var param = blake2b_param()
        param.digest_length = UInt8(length)
        param.key_length = UInt8(key.count)
        param.fanout = 1
        param.depth = 1
        withUnsafeMutableBytes(of: &param.salt) { raw in for (i, b) in salt.enumerated() { raw[i] = b } }
        withUnsafeMutableBytes(of: &param.personal) { raw in for (i, b) in personal.enumerated() { raw[i] = b } }
        var state = blake2b_state()
        blake2b_init_param(&state, &param)
        if !key.isEmpty {
            var block = [UInt8](repeating: 0, count: 128)
            block.replaceSubrange(0..<key.count, with: key)
            blake2b_update(&state, block, 128)
        }
        data.withUnsafeBufferPointer { _ = blake2b_update(&state, $0.baseAddress, $0.count) }
        var out = [UInt8](repeating: 0, count: length)
        blake2b_final(&state, &out, length)
        return out
    }

    @Test func blake2bParametersAgainstLibB2() throws {
        let seed = SeededGenerator.seed(default: 0xB1A4_E002)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        for index in 0..<Self.cases {
            // Every output length 1...64 appears about 150 times.
            let length = index % 64 + 1
            let key = rng.bytes(rng.next() % 3 == 0 ? 0 : Int(rng.next() % 65))
            let salt = rng.bytes(rng.next() % 2 == 0 ? 0 : 16)
            let personal = rng.bytes(rng.next() % 2 == 0 ? 0 : 16)
            let data = rng.bytes(Self.length(&rng))
            var ours = try BLAKE2b(digestByteCount: length, key: key, salt: salt, personalization: personal)
            ours.update(data)
            sweep.record("case \(index): length \(length), key \(key.hexString), salt \(salt.hexString), personal \(personal.hexString), \(data.count) bytes",
                         ours: ours.finalize().bytes,
                         reference: Self.libb2(data, length: length, key: key, salt: salt, personal: personal))
        }
        sweep.check("BLAKE2b parameters vs libb2", seed: seed)
    }

    @Test func ckbHashAgainstLibB2() {
        let seed = SeededGenerator.seed(default: 0xC4B0_0001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        let personal = Array("ckb-default-hash".utf8)
        for index in 0..<Self.cases {
            let data = rng.bytes(Self.length(&rng))
            sweep.record("case \(index), \(data.count) bytes", ours: ckbHash(data).bytes,
                         reference: Self.libb2(data, length: 32, key: [], salt: [], personal: personal))
        }
        sweep.check("CKB hash vs libb2", seed: seed)
    }

    @Test func hmacSHA256AgainstOpenSSL() {
        let seed = SeededGenerator.seed(default: 0x4AC0_0001)
        var rng = SeededGenerator(seed: seed)
        var sweep = Sweep()
        var out = [UInt8](repeating: 0, count: 32)
        for index in 0..<Self.cases {
            let key = rng.bytes(Int(rng.next() % 200))
            let data = rng.bytes(Self.length(&rng))
            var size: UInt32 = 32
            key.withUnsafeBufferPointer { k in
                data.withUnsafeBufferPointer { d in
                    _ = COpenSSL.HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), d.baseAddress, d.count, &out, &size)
                }
            }
            sweep.record("case \(index), key \(key.count) bytes, \(data.count) bytes",
                         ours: HMAC<CKBHash.SHA256>.authenticationCode(for: data, key: key).bytes, reference: out)
        }
        sweep.check("HMAC-SHA256 vs OpenSSL", seed: seed)
    }
}
