import CKBBigInt
import CKBHash
import CKBRSA
import CKBRSAReference
import CKBTestSupport
import Testing

/// CKBRSA against OpenSSL: keys OpenSSL generates, signatures it makes, and corruptions of them;
/// both sides' verdicts must agree on every case.
@Suite struct DifferentialTests {
    @Test func verdictsAgreeWithOpenSSL() throws {
        let seed = SeededGenerator.seed(default: 0x5A_0001)
        var rng = SeededGenerator(seed: seed)
        let sizes = [2048, 2048, 2048, 2048, 2048, 2048, 2048, 2048, 3072, 3072, 4096]
        var cases = 0
        var disagreements: [String] = []
        for (keyIndex, bits) in sizes.enumerated() {
            let reference = try #require(OpenSSLRSAKey(bits: bits))
            let key = try RSA.PublicKey(derRepresentation: reference.spki)
            #expect(key.bitCount == bits)
            #expect(key.pkcs1DERRepresentation == reference.pkcs1, "key \(keyIndex): canonical encoding")
            #expect(try RSA.PublicKey(derRepresentation: reference.pkcs1) == key)
            let signatures = bits == 4096 ? 40 : 130
            for _ in 0..<signatures {
                let hash = RSA.Hash.allCases[Int(rng.next() % 3)]
                let message = rng.bytes(Int(rng.next() % 300))
                let digest = hash.hash(message)
                let maxSalt = (bits - 1 + 7) / 8 - hash.byteCount - 2
                let padding: RSA.Padding = rng.next() % 2 == 0
                    ? .pkcs1v15(hash)
                    : .pss(hash, mgf1Hash: RSA.Hash.allCases[Int(rng.next() % 3)],
                           saltLength: [0, 20, hash.byteCount, Int(rng.next() % UInt64(maxSalt + 1))][Int(rng.next() % 4)])
                let signature = reference.sign(digest, padding)
                // The signature, three corruptions, and a verification under other parameters.
                var flipped = signature
                flipped[Int(rng.next() % UInt64(flipped.count))] ^= 1 << UInt8(rng.next() % 8)
                var otherDigest = digest
                otherDigest[Int(rng.next() % UInt64(otherDigest.count))] ^= 1
                let otherPadding: RSA.Padding
                switch padding {
                case .pkcs1v15(let h): otherPadding = .pkcs1v15(h == .sha256 ? .sha512 : .sha256)
                case .pss(let h, let m, let s):
                    otherPadding = rng.next() % 2 == 0 ? .pss(h, mgf1Hash: m, saltLength: nil) : .pss(h, mgf1Hash: m, saltLength: (s ?? 0) + 1)
                }
                let otherDigestForPadding: [UInt8]
                if case .pkcs1v15(let h) = otherPadding, h != hash { otherDigestForPadding = h.hash(message) } else { otherDigestForPadding = digest }
                let trials: [([UInt8], [UInt8], RSA.Padding, String)] = [
                    (signature, digest, padding, "signed"),
                    (flipped, digest, padding, "flipped signature bit"),
                    (signature, otherDigest, padding, "other digest"),
                    (Array(signature.dropFirst()), digest, padding, "short signature"),
                    (signature, otherDigestForPadding, otherPadding, "other parameters"),
                ]
                for (sig, dig, pad, what) in trials {
                    let ours = key.isValidSignature(sig, digest: dig, padding: pad)
                    cases += 1
                    if what == "short signature" {
                        // RFC 8017 8.1.2 and 8.2.2 step 1: a signature that is not k bytes is
                        // invalid. OpenSSL accepts a PSS signature whose leading zero byte was
                        // dropped; this project follows the RFC.
                        #expect(!ours, "key \(keyIndex) \(pad): a short signature must be refused")
                        continue
                    }
                    let theirs = reference.verify(sig, dig, pad)
                    if ours != theirs {
                        disagreements.append("key \(keyIndex) (\(bits)) \(pad) \(what): ours \(ours), OpenSSL \(theirs)")
                    }
                    if what == "signed" { #expect(ours, "key \(keyIndex) \(pad): a fresh signature must verify") }
                }
            }
        }
        #expect(cases >= 5_000)
        #expect(disagreements.isEmpty, "seed \(seed): \(disagreements.count) disagreements, first: \(disagreements.first ?? "")")
    }

    /// Fifty more keys, of sizes that leave a partial top limb and with public exponents 3, 17
    /// and 65537, under a lowered policy: each signs twenty random messages, and every
    /// signature is checked as made, with a flipped bit, and over another digest.
    @Test func manyKeysOfOddSizesAndExponents() throws {
        let seed = SeededGenerator.seed(default: 0x5A_0002)
        var rng = SeededGenerator(seed: seed)
        let policy = RSA.Policy(minimumKeyBits: 1024, maximumKeyBits: 4096)
        var cases = 0
        var disagreements: [String] = []
        for index in 0..<50 {
            let requested = [1024, 1025, 1031, 1100, 1536, 1537, 2047, 2049, 2100, 2500][index % 10]
            let exponent: UInt = [3, 17, 65_537][index % 3]
            let reference = try #require(OpenSSLRSAKey(bits: requested, exponent: exponent))
            let key = try RSA.PublicKey(derRepresentation: reference.spki, policy: policy)
            // OpenSSL may land a bit short of an odd request; its own count is the reference.
            let bits = reference.bits
            #expect(key.bitCount == bits && key.exponent.limbs[0] == UInt64(exponent), "key \(index)")
            for _ in 0..<20 {
                let hash = RSA.Hash.allCases[Int(rng.next() % 3)]
                let message = rng.bytes(Int(rng.next() % 200))
                let digest = hash.hash(message)
                let maxSalt = (bits - 1 + 7) / 8 - hash.byteCount - 2
                guard maxSalt >= 0 else { continue }
                let padding: RSA.Padding = rng.next() % 2 == 0
                    ? .pkcs1v15(hash)
                    : .pss(hash, mgf1Hash: RSA.Hash.allCases[Int(rng.next() % 3)], saltLength: Int(rng.next() % UInt64(maxSalt + 1)))
                if case .pkcs1v15 = padding, (bits + 7) / 8 < hash.byteCount + 30 { continue }
                let signature = reference.sign(digest, padding)
                try #require(signature.count == key.signatureByteCount, "key \(index) \(padding): OpenSSL did not sign")
                var flipped = signature
                flipped[Int(rng.next() % UInt64(flipped.count))] ^= 1 << UInt8(rng.next() % 8)
                var otherDigest = digest
                otherDigest[Int(rng.next() % UInt64(otherDigest.count))] ^= 1
                for (sig, dig, what) in [(signature, digest, "signed"), (flipped, digest, "flipped"), (signature, otherDigest, "other digest")] {
                    let ours = key.isValidSignature(sig, digest: dig, padding: padding)
                    let theirs = reference.verify(sig, dig, padding)
                    cases += 1
                    if ours != theirs { disagreements.append("key \(index) (\(bits), e \(exponent)) \(padding) \(what): ours \(ours), OpenSSL \(theirs)") }
                    if what == "signed" { #expect(ours, "key \(index) \(padding): a fresh signature must verify") }
                }
            }
        }
        #expect(cases >= 2_500)
        #expect(disagreements.isEmpty, "seed \(seed): \(disagreements.count) disagreements, first: \(disagreements.first ?? "")")
    }

    @Test func keyPolicyAndParsing() throws {
        let reference = try #require(OpenSSLRSAKey(bits: 1024))
        #expect(throws: RSAError.self) { try RSA.PublicKey(derRepresentation: reference.spki) }  // below 2048
        let lowered = try RSA.PublicKey(derRepresentation: reference.spki, policy: RSA.Policy(minimumKeyBits: 1024))
        #expect(lowered.bitCount == 1024)
        // Trailing bytes, a truncated key, an even modulus and a tiny exponent are refused.
        #expect(throws: RSAError.self) { try RSA.PublicKey(derRepresentation: reference.spki + [0]) }
        #expect(throws: RSAError.self) { try RSA.PublicKey(derRepresentation: reference.spki.dropLast()) }
        var even = lowered.modulus
        even.limbs[0] &= ~1
        #expect(throws: RSAError.self) { try RSA.PublicKey(modulus: even, exponent: BigUInt(65_537), policy: RSA.Policy(minimumKeyBits: 1024)) }
        #expect(throws: RSAError.self) { try RSA.PublicKey(modulus: lowered.modulus, exponent: BigUInt(1), policy: RSA.Policy(minimumKeyBits: 1024)) }
        // PEM, both forms.
        let pem = "-----BEGIN PUBLIC KEY-----\n" + base64(reference.spki) + "\n-----END PUBLIC KEY-----\n"
        #expect(try RSA.PublicKey(pemRepresentation: pem, policy: RSA.Policy(minimumKeyBits: 1024)) == lowered)
        let rsaPem = "-----BEGIN RSA PUBLIC KEY-----\n" + base64(reference.pkcs1) + "\n-----END RSA PUBLIC KEY-----\n"
        #expect(try RSA.PublicKey(pemRepresentation: rsaPem, policy: RSA.Policy(minimumKeyBits: 1024)) == lowered)
        #expect(throws: RSAError.self) { try RSA.PublicKey(pemRepresentation: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") }
    }

    /// SHA-1 verifies only under a policy that names it: PKCS#1 v1.5 and PSS signatures OpenSSL
    /// makes with SHA-1 are refused by a strict key and accepted by a permissive one; a PSS key
    /// whose parameters take RFC 4055's SHA-1 defaults parses only under the permissive policy.
    @Test func insecureSHA1OnlyWhenThePolicyAllowsIt() throws {
        let reference = try #require(OpenSSLRSAKey(bits: 2048))
        let strict = try RSA.PublicKey(derRepresentation: reference.spki)
        let permissive = try RSA.PublicKey(derRepresentation: reference.spki, policy: RSA.Policy(allowingInsecureSHA1: true))
        let message = Array("an old certificate".utf8)
        let paddings: [RSA.Padding] = [.pkcs1v15(.insecureSHA1), .pss(.insecureSHA1, mgf1Hash: .insecureSHA1, saltLength: 20),
                                       .pss(.sha256, mgf1Hash: .insecureSHA1, saltLength: 32)]
        for padding in paddings {
            let hash: RSA.Hash
            switch padding {
            case .pkcs1v15(let h): hash = h
            case .pss(let h, _, _): hash = h
            }
            let digest = hash.hash(message)
            let signature = reference.sign(digest, padding)
            #expect(reference.verify(signature, digest, padding), "\(padding)")
            #expect(!strict.isValidSignature(signature, digest: digest, padding: padding), "\(padding)")
            #expect(permissive.isValidSignature(signature, digest: digest, padding: padding), "\(padding)")
            #expect(permissive.isValidSignature(signature, message: message, padding: padding), "\(padding)")
            var flipped = signature
            flipped[17] ^= 0x40
            #expect(!permissive.isValidSignature(flipped, digest: digest, padding: padding), "\(padding)")
        }
        // SubjectPublicKeyInfo { id-RSASSA-PSS with an empty RSASSA-PSS-params, the PKCS#1 key }.
        let tlv = Self.tlv
        let algorithm = tlv(0x30, tlv(0x06, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a]) + tlv(0x30, []))
        let spki = tlv(0x30, algorithm + tlv(0x03, [0] + reference.pkcs1))
        #expect(throws: RSAError.self) { try RSA.PublicKey(derRepresentation: spki) }
        let defaults = try RSA.PublicKey(derRepresentation: spki, policy: RSA.Policy(allowingInsecureSHA1: true))
        #expect(defaults.pssParameters == .pss(.insecureSHA1, mgf1Hash: .insecureSHA1, saltLength: 20))
    }

    static func tlv(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
        let n = body.count
        let length: [UInt8] = n < 0x80 ? [UInt8(n)] : n < 0x100 ? [0x81, UInt8(n)] : [0x82, UInt8(n >> 8), UInt8(n & 0xFF)]
        return [tag] + length + body
    }

    /// An `id-RSASSA-PSS` key verifies PSS only, and with parameters only the same hash and MGF1
    /// hash and a salt at least as long (RFC 4055 sections 3.1 and 3.3), whatever OpenSSL's own
    /// signature primitive accepts.
    @Test func pssKeysRestrictTheirSignatures() throws {
        let reference = try #require(OpenSSLRSAKey(bits: 2048))
        let pssOID = Self.tlv(0x06, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a])
        let sha256 = Self.tlv(0x30, Self.tlv(0x06, [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]) + [0x05, 0x00])
        let mgf1 = Self.tlv(0x30, Self.tlv(0x06, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08]) + sha256)
        let params = Self.tlv(0x30, Self.tlv(0xa0, sha256) + Self.tlv(0xa1, mgf1) + Self.tlv(0xa2, Self.tlv(0x02, [32])))
        func spki(_ algorithm: [UInt8]) -> [UInt8] { Self.tlv(0x30, Self.tlv(0x30, algorithm) + Self.tlv(0x03, [0] + reference.pkcs1)) }
        let restricted = try RSA.PublicKey(derRepresentation: spki(pssOID + params))
        let anyPSS = try RSA.PublicKey(derRepresentation: spki(pssOID))
        let plain = try RSA.PublicKey(derRepresentation: reference.spki)
        #expect(restricted.isRestrictedToPSS && anyPSS.isRestrictedToPSS && !plain.isRestrictedToPSS)
        #expect(restricted.pssParameters == .pss(.sha256, mgf1Hash: .sha256, saltLength: 32) && anyPSS.pssParameters == nil)

        let message = Array("restricted".utf8)
        let digest = RSA.Hash.sha256.hash(message)
        let pkcs1 = reference.sign(digest, .pkcs1v15(.sha256))
        #expect(plain.isValidSignature(pkcs1, digest: digest, padding: .pkcs1v15(.sha256)))
        #expect(!restricted.isValidSignature(pkcs1, digest: digest, padding: .pkcs1v15(.sha256)))
        #expect(!anyPSS.isValidSignature(pkcs1, digest: digest, padding: .pkcs1v15(.sha256)))
        // (salt of the signature, padding asked for, verdict under the restricted key)
        let cases: [(Int, RSA.Padding, Bool)] = [
            (32, .pss(.sha256, mgf1Hash: .sha256, saltLength: 32), true),
            (32, .pss(.sha256, mgf1Hash: .sha256, saltLength: nil), true),
            (48, .pss(.sha256, mgf1Hash: .sha256, saltLength: 48), true),
            (48, .pss(.sha256, mgf1Hash: .sha256, saltLength: nil), true),
            (20, .pss(.sha256, mgf1Hash: .sha256, saltLength: 20), false),
            (20, .pss(.sha256, mgf1Hash: .sha256, saltLength: nil), false),
            (0, .pss(.sha256, mgf1Hash: .sha256, saltLength: nil), false),
        ]
        for (salt, padding, expected) in cases {
            let signature = reference.sign(digest, .pss(.sha256, mgf1Hash: .sha256, saltLength: salt))
            #expect(plain.isValidSignature(signature, digest: digest, padding: padding), "salt \(salt) \(padding)")
            #expect(anyPSS.isValidSignature(signature, digest: digest, padding: padding), "salt \(salt) \(padding)")
            #expect(restricted.isValidSignature(signature, digest: digest, padding: padding) == expected, "salt \(salt) \(padding)")
        }
        // Another hash or MGF1 hash than the key's.
        let digest384 = RSA.Hash.sha384.hash(message)
        let other = reference.sign(digest384, .pss(.sha384, mgf1Hash: .sha384, saltLength: 48))
        #expect(anyPSS.isValidSignature(other, digest: digest384, padding: .pss(.sha384, mgf1Hash: .sha384, saltLength: 48)))
        #expect(!restricted.isValidSignature(other, digest: digest384, padding: .pss(.sha384, mgf1Hash: .sha384, saltLength: 48)))
        let otherMGF = reference.sign(digest, .pss(.sha256, mgf1Hash: .sha512, saltLength: 32))
        #expect(anyPSS.isValidSignature(otherMGF, digest: digest, padding: .pss(.sha256, mgf1Hash: .sha512, saltLength: 32)))
        #expect(!restricted.isValidSignature(otherMGF, digest: digest, padding: .pss(.sha256, mgf1Hash: .sha512, saltLength: 32)))
    }

    func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(i + 3, bytes.count)])
            let v = (UInt32(chunk[0]) << 16) | (chunk.count > 1 ? UInt32(chunk[1]) << 8 : 0) | (chunk.count > 2 ? UInt32(chunk[2]) : 0)
            for j in 0..<4 {
                out.append(j <= chunk.count ? alphabet[Int((v >> UInt32(18 - 6 * j)) & 63)] : "=")
            }
            i += 3
            if i % 48 == 0 && i < bytes.count { out.append("\n") }
        }
        return out
    }
}
