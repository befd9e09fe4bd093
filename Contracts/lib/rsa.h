/* RSA signature verification for the contracts (RFC 8017): strict PKCS#1 RSAPublicKey DER,
   Montgomery arithmetic on 64-bit limbs, PKCS#1 v1.5 and PSS. The twin of Sources/CKBRSA and
   Sources/CKBBigInt. Variable time: everything here is public. */
#ifndef CKBCRYPTO_RSA_H
#define CKBCRYPTO_RSA_H

#include <stddef.h>
#include <stdint.h>

/* Moduli of up to 8192 bits. */
#define RSA_MAX_LIMBS 128

typedef struct {
    uint64_t n[RSA_MAX_LIMBS];  /* little-endian limbs */
    size_t limbs;               /* limbs in n */
    size_t bits;                /* bits of n */
    const uint8_t *e;           /* the exponent's big-endian bytes, minimal (inside the DER) */
    size_t e_len;
} rsa_key;

/* Hash ids, as the witnesses carry them. */
#define RSA_HASH_SHA256 0
#define RSA_HASH_SHA384 1
#define RSA_HASH_SHA512 2

/* Reads a PKCS#1 RSAPublicKey (SEQUENCE { INTEGER n, INTEGER e }) in strict DER. Refuses a modulus
   outside [min_bits, 8192] bits or even, an exponent that is even or below 3. 0, or
   CKBCRYPTO_ERR_PUBLIC_KEY. */
int rsa_parse_pkcs1(rsa_key *key, const uint8_t *der, size_t len, size_t min_bits);

/* Hashes `len` bytes with the hash `id` into `out`; returns the digest length (0 for an unknown id). */
size_t rsa_hash(int id, const uint8_t *in, size_t len, uint8_t *out);

/* Verifies a signature of the digest (already hashed with `hash`). PSS: salt_len < 0 recovers
   the salt length. 0 when valid, CKBCRYPTO_ERR_MISMATCH otherwise. */
int rsa_verify_pkcs1v15(const rsa_key *key, const uint8_t *sig, size_t sig_len, const uint8_t *digest, int hash);
int rsa_verify_pss(const rsa_key *key, const uint8_t *sig, size_t sig_len, const uint8_t *digest, int hash,
                   int mgf_hash, long salt_len);

#endif
