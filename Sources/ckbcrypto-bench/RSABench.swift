import CKBBigInt
import CKBRSA
import COpenSSL

/// RSA verification against OpenSSL (EVP_PKEY_verify with the key parsed once, as our
/// `RSA.PublicKey` keeps its Montgomery context) on keys OpenSSL generates in the same run.
func benchRSA(filters: [String], json: Bool) -> Int {
    var ran = 0
    for bits in [2048, 4096] {
        let name = "rsa/verify-\(bits)-pkcs1-sha256"
        guard filters.isEmpty || filters.contains(where: { name.contains($0) }) else { continue }
        guard let fixture = OpenSSLVerifyFixture(bits: bits) else { continue }
        let ours = try! RSA.PublicKey(derRepresentation: fixture.der)
        let (signature, digest) = (fixture.signature, fixture.digest)
        precondition(ours.isValidSignature(signature, digest: digest, padding: .pkcs1v15(.sha256)))
        let (ns, referenceNs) = measure(
            { blackHole(ours.isValidSignature(signature, digest: digest, padding: .pkcs1v15(.sha256))) },
            { blackHole(fixture.verify()) })
        report(name: name, ns: ns, referenceName: "openssl", referenceNs: referenceNs, bytes: 0, json: json)
        // The same figure against OpenSSL with ADX and BMI2 masked (bits 19 and 8 of the second
        // capability word): its x86-64 assembly without mulx/adcx/adox, which no portable code has.
        let masked = childMeasurement(["--child-openssl-rsa", String(bits)], capabilityMask: ":~0x80100")
        report(name: "rsa/verify-\(bits)/openssl-no-adx", ns: ns, referenceName: "openssl-no-adx", referenceNs: masked, bytes: 0, json: json)
        ran += 1
    }
    return ran
}

/// An OpenSSL RSA key, a PKCS#1 v1.5 SHA-256 signature it made, and a verification context
/// ready to check it (which it does once here).
final class OpenSSLVerifyFixture {
    let key: OpaquePointer
    let der: [UInt8]
    let signature: [UInt8]
    let digest: [UInt8]
    let verifyContext: OpaquePointer

    init?(bits: Int) {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1,
              EVP_PKEY_keygen(ctx, &pkey) == 1, let key = pkey else { return nil }
        self.key = key
        digest = RSA.Hash.sha256.hash(Array("ckbcrypto benchmark message".utf8))
        var signature = [UInt8](repeating: 0, count: bits / 8)
        var signatureLength = signature.count
        let signCtx = EVP_PKEY_CTX_new(key, nil)!
        defer { EVP_PKEY_CTX_free(signCtx) }
        _ = EVP_PKEY_sign_init(signCtx)
        _ = EVP_PKEY_CTX_set_rsa_padding(signCtx, RSA_PKCS1_PADDING)
        _ = EVP_PKEY_CTX_set_signature_md(signCtx, EVP_sha256())
        _ = EVP_PKEY_sign(signCtx, &signature, &signatureLength, digest, digest.count)
        self.signature = signature
        // The public key as DER SubjectPublicKeyInfo.
        var derPointer: UnsafeMutablePointer<UInt8>?
        let derLength = i2d_PUBKEY(key, &derPointer)
        der = Array(UnsafeBufferPointer(start: derPointer, count: Int(derLength)))
        CRYPTO_free(derPointer, #file, #line)
        verifyContext = EVP_PKEY_CTX_new(key, nil)!
        _ = EVP_PKEY_verify_init(verifyContext)
        _ = EVP_PKEY_CTX_set_rsa_padding(verifyContext, RSA_PKCS1_PADDING)
        _ = EVP_PKEY_CTX_set_signature_md(verifyContext, EVP_sha256())
        precondition(EVP_PKEY_verify(verifyContext, signature, signature.count, digest, digest.count) == 1)
    }

    deinit {
        EVP_PKEY_CTX_free(verifyContext)
        EVP_PKEY_free(key)
    }

    func verify() -> Int32 { EVP_PKEY_verify(verifyContext, signature, signature.count, digest, digest.count) }
}

/// In a child process with OpenSSL's capabilities masked: prints OpenSSL's ns per RSA verification.
func childOpenSSLRSAVerify(bits: Int) {
    guard let fixture = OpenSSLVerifyFixture(bits: bits) else { return }
    let (ns, _) = measure({ blackHole(fixture.verify()) }, nil)
    print(ns)
}

/// The modular exponentiation inside RSA verification (s^65537 mod n) on its own, against
/// OpenSSL's BN_mod_exp_mont with its Montgomery context built once, as both verifiers keep one.
func benchModExp(filters: [String], json: Bool) -> Int {
    var ran = 0
    for bits in [2048, 4096] {
        let name = "bigint/modexp-65537-\(bits)"
        guard filters.isEmpty || filters.contains(where: { name.contains($0) }) else { continue }
        // An odd modulus with its top bit set and a base below it, from a fixed seed.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(bits)
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
        var modulus = (0..<(bits / 64)).map { _ in next() }
        modulus[0] |= 1
        modulus[modulus.count - 1] |= 1 << 63
        var base = (0..<(bits / 64)).map { _ in next() }
        base[base.count - 1] >>= 1
        let context = try! MontgomeryContext(modulus: BigUInt(limbs: modulus))
        let b = BigUInt(limbs: base), e = BigUInt(65537)
        // The same numbers as OpenSSL BIGNUMs (little-endian bytes).
        func bignum(_ limbs: [UInt64]) -> OpaquePointer {
            let bytes = limbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> (8 * $0)) } }
            return BN_lebin2bn(bytes, Int32(bytes.count), nil)!
        }
        let n = bignum(modulus), s = bignum(base), exponent = bignum([65537]), r = BN_new()!
        let bnContext = BN_CTX_new()!, mont = BN_MONT_CTX_new()!
        defer {
            BN_free(n); BN_free(s); BN_free(exponent); BN_free(r)
            BN_CTX_free(bnContext); BN_MONT_CTX_free(mont)
        }
        precondition(BN_MONT_CTX_set(mont, n, bnContext) == 1)
        precondition(BN_mod_exp_mont(r, s, exponent, n, bnContext, mont) == 1)
        let ours = context.powerVariableTime(b, e)
        let check = bignum(ours.limbs)
        precondition(BN_cmp(check, r) == 0)
        BN_free(check)
        let (ns, referenceNs) = measure(
            { blackHole(context.powerVariableTime(b, e)) },
            { blackHole(BN_mod_exp_mont(r, s, exponent, n, bnContext, mont)) })
        report(name: name, ns: ns, referenceName: "openssl", referenceNs: referenceNs, bytes: 0, json: json)
        ran += 1
    }
    return ran
}
