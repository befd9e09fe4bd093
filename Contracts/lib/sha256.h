/* SHA-256 (FIPS 180-4). The twin of Sources/CKBHash/SHA256. */
#ifndef CKBCRYPTO_SHA256_H
#define CKBCRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];
    uint64_t length; /* bytes */
    uint8_t buffer[64];
    size_t buffered;
} sha256_state;

void sha256_init(sha256_state *S);
void sha256_update(sha256_state *S, const uint8_t *in, size_t len);
void sha256_final(sha256_state *S, uint8_t out[32]);

#endif
