/* BLAKE2b (RFC 7693) with key, salt and personalization, and CKB's hash (BLAKE2b-256
   personalized "ckb-default-hash"). The twin of Sources/CKBHash/BLAKE2b. */
#ifndef CKBCRYPTO_BLAKE2B_H
#define CKBCRYPTO_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t h[8];
    uint64_t t;          /* bytes compressed so far (inputs stay far below 2^64) */
    uint8_t buffer[128];
    size_t buffered;
    size_t outlen;
} blake2b_state;

/* outlen 1..64, keylen 0..64; salt and personal are 16 bytes each or NULL. Returns 0, or -1 for
   out-of-range lengths. */
int blake2b_init(blake2b_state *S, size_t outlen, const uint8_t *key, size_t keylen,
                 const uint8_t *salt, const uint8_t *personal);
void blake2b_update(blake2b_state *S, const uint8_t *in, size_t len);
void blake2b_final(blake2b_state *S, uint8_t *out);

/* CKB's hash. */
void ckb_hash_init(blake2b_state *S);

#endif
