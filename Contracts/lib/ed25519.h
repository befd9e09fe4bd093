/* Ed25519 signature verification (RFC 8032), the on-chain twin of Sources/CKBEd25519, with the
   same choices (libsodium 1.0.18's): the public key's y below p, the key not of small order and
   a point of the curve (x = 0 with the sign bit set refused); S below L; R not of small order;
   the cofactorless equation [S]B - [k]A = R checked on encodings. Variable time: every input of a
   verification is public. */
#ifndef CKBCRYPTO_ED25519_H
#define CKBCRYPTO_ED25519_H

#include <stddef.h>
#include <stdint.h>

/* 0 when the 32-byte key is acceptable, else CKBCRYPTO_ERR_PUBLIC_KEY. */
int ed25519_check_public_key(const uint8_t key[32]);

/* 0 when `signature` (R || S) is a valid signature of `message` under `key`; else
   CKBCRYPTO_ERR_PUBLIC_KEY, CKBCRYPTO_ERR_SIGNATURE (S not below L, R of small order) or
   CKBCRYPTO_ERR_MISMATCH. */
int ed25519_verify_variable_time(const uint8_t key[32], const uint8_t signature[64], const uint8_t *message,
                                 size_t length);

/* The streaming form, for a message read in pieces: `prepare` checks the key and the signature's
   encodings (the same errors) and starts k = SHA-512(R || A || M); the caller feeds M to
   `hash` with sha512_update; `finish` completes the check. */
#include "sha512.h"
typedef struct {
    sha512_state hash;
    uint8_t signature[64];
    uint64_t point[20]; /* the decoded key, lib/ed25519.c's own representation */
} ed25519_verifier;
int ed25519_verify_prepare(ed25519_verifier *v, const uint8_t key[32], const uint8_t signature[64]);
int ed25519_verify_finish(ed25519_verifier *v);

#endif
