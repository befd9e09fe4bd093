import CKBRSA
import COpenSSL

/// An RSA key pair made by OpenSSL, which signs for the tests (this project only verifies RSA)
/// and verifies as the reference. Test support only: no library target links OpenSSL.
public final class OpenSSLRSAKey: @unchecked Sendable {
    public let key: OpaquePointer

    /// A fresh key of `bits` bits with public exponent `exponent`.
    public init?(bits: Int, exponent: UInt = 65_537) {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1 else { return nil }
        if exponent != 65_537 {
            let e = BN_new()!
            defer { BN_free(e) }
            guard BN_set_word(e, exponent) == 1, EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) == 1 else { return nil }
        }
        guard EVP_PKEY_keygen(ctx, &pkey) == 1, let pkey else { return nil }
        key = pkey
    }

    deinit { EVP_PKEY_free(key) }

    /// Bits of the modulus, as OpenSSL counts them (it may land a bit short of an odd request).
    public var bits: Int { Int(EVP_PKEY_get_bits(key)) }
    /// SubjectPublicKeyInfo DER.
    public var spki: [UInt8] { encode { i2d_PUBKEY(key, &$0) } }
    /// PKCS#1 RSAPublicKey DER.
    public var pkcs1: [UInt8] { encode { i2d_PublicKey(key, &$0) } }
    /// The public key under the default policy.
    public var publicKey: RSA.PublicKey { try! RSA.PublicKey(derRepresentation: spki) }

    private func encode(_ body: (inout UnsafeMutablePointer<UInt8>?) -> Int32) -> [UInt8] {
        var pointer: UnsafeMutablePointer<UInt8>?
        let length = body(&pointer)
        defer { CRYPTO_free(pointer, #file, #line) }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }

    public static func md(_ hash: RSA.Hash) -> OpaquePointer {
        switch hash {
        case .insecureSHA1: return EVP_sha1()
        case .sha256: return EVP_sha256()
        case .sha384: return EVP_sha384()
        case .sha512: return EVP_sha512()
        }
    }

    /// A context for `padding`. A PSS salt length of nil means the hash length when signing and
    /// "recover it" (RSA_PSS_SALTLEN_AUTO) when verifying.
    private func context(_ padding: RSA.Padding, signing: Bool) -> OpaquePointer {
        let ctx = EVP_PKEY_CTX_new(key, nil)!
        _ = signing ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx)
        switch padding {
        case .pkcs1v15(let hash):
            _ = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING)
            _ = EVP_PKEY_CTX_set_signature_md(ctx, Self.md(hash))
        case .pss(let hash, let mgf, let salt):
            _ = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING)
            _ = EVP_PKEY_CTX_set_signature_md(ctx, Self.md(hash))
            _ = EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, Self.md(mgf))
            _ = EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, Int32(salt ?? (signing ? hash.byteCount : -2)))
        }
        return ctx
    }

    /// A signature of `digest` (already hashed with the padding's hash).
    public func sign(_ digest: [UInt8], _ padding: RSA.Padding) -> [UInt8] {
        let ctx = context(padding, signing: true)
        defer { EVP_PKEY_CTX_free(ctx) }
        var length = 0
        _ = EVP_PKEY_sign(ctx, nil, &length, digest, digest.count)
        var out = [UInt8](repeating: 0, count: length)
        _ = EVP_PKEY_sign(ctx, &out, &length, digest, digest.count)
        return Array(out.prefix(length))
    }

    /// A signature of `message`, hashed here with the padding's hash.
    public func sign(message: [UInt8], _ padding: RSA.Padding) -> [UInt8] {
        switch padding {
        case .pkcs1v15(let hash), .pss(let hash, _, _): return sign(hash.hash(message), padding)
        }
    }

    /// OpenSSL's verdict on a signature of `digest`.
    public func verify(_ signature: [UInt8], _ digest: [UInt8], _ padding: RSA.Padding) -> Bool {
        let ctx = context(padding, signing: false)
        defer { EVP_PKEY_CTX_free(ctx) }
        ERR_clear_error()
        let ok = EVP_PKEY_verify(ctx, signature, signature.count, digest, digest.count) == 1
        ERR_clear_error()
        return ok
    }
}
