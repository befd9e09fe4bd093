/* secp256k1 ECDSA verification and public-key recovery for the contracts. The twin of
   Sources/CKBSecp256k1 (verification side only: nothing on-chain signs, so everything here is
   variable-time and works on public data).

   Layers, as in the Swift module: field (GF(p), four 64-bit limbs, fully reduced), scalar
   (mod n, Montgomery products), group (affine and Jacobian points), multiplication (a P + b G
   with the GLV endomorphism, wNAF digits and Shamir's trick; the odd multiples of G and lambda G
   are a generated table), ECDSA. */
#ifndef CKBCRYPTO_SECP256K1_H
#define CKBCRYPTO_SECP256K1_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t v[4]; /* little-endian limbs, value < p */
} secp256k1_fe;

typedef struct {
    uint64_t v[4]; /* little-endian limbs, value < n */
} secp256k1_scalar;

typedef struct {
    secp256k1_fe x, y;
} secp256k1_ge;

/* Parses a SEC 1 public key: 33 bytes 02/03 || x, or 65 bytes 04 || x || y (hybrid 06/07
   refused). 0, or CKBCRYPTO_ERR_PUBLIC_KEY. */
int secp256k1_pubkey_parse(secp256k1_ge *out, const uint8_t *in, size_t len);

/* 33 bytes: 02/03 by the parity of y, then x. */
void secp256k1_pubkey_serialize_compressed(uint8_t out[33], const secp256k1_ge *point);

/* Reads 64 bytes r || s; both must be in [1, n - 1]. 0, or CKBCRYPTO_ERR_SIGNATURE. */
int secp256k1_signature_parse_compact(secp256k1_scalar *r, secp256k1_scalar *s, const uint8_t in[64]);

/* Reads strict DER (BIP 66 rules: short-form lengths, minimal non-negative INTEGERs, nothing
   trailing); r and s in [1, n - 1]. 0, or CKBCRYPTO_ERR_SIGNATURE. */
int secp256k1_signature_parse_der(secp256k1_scalar *r, secp256k1_scalar *s, const uint8_t *in, size_t len);

/* ECDSA verification of a 32-byte digest. High S is refused unless allow_high_s.
   0 when valid, else CKBCRYPTO_ERR_MISMATCH. */
int secp256k1_verify(const secp256k1_ge *key, const uint8_t digest[32], const secp256k1_scalar *r,
                     const secp256k1_scalar *s, int allow_high_s);

/* Recovers the public key from a 65-byte r || s || recovery id over a 32-byte digest (either S
   accepted, as libsecp256k1 and CKB's default lock do). 0, CKBCRYPTO_ERR_SIGNATURE (r or s not in
   [1, n - 1], id above 3) or CKBCRYPTO_ERR_RECOVER (no key). */
int secp256k1_recover(secp256k1_ge *out, const uint8_t signature[65], const uint8_t digest[32]);

#endif
