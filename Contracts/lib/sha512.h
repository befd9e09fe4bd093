/* SHA-512 and SHA-384 (FIPS 180-4). The twin of Sources/CKBHash/SHA512. */
#ifndef CKBCRYPTO_SHA512_H
#define CKBCRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t h[8];
    uint64_t length; /* bytes (inputs stay far below 2^61) */
    uint8_t buffer[128];
    size_t buffered;
    size_t outlen;   /* 64 for SHA-512, 48 for SHA-384 */
} sha512_state;

void sha512_init(sha512_state *S);
void sha384_init(sha512_state *S);
void sha512_update(sha512_state *S, const uint8_t *in, size_t len);
/* Writes outlen bytes. */
void sha512_final(sha512_state *S, uint8_t *out);

#endif
