/* Eaglesong-256 (Nervos RFC 0010), CKB's proof-of-work hash, absorbing as the reference code
   does (see Docs/Primitives/Eaglesong.md). The twin of Sources/CKBHash/Eaglesong. */
#ifndef CKBCRYPTO_EAGLESONG_H
#define CKBCRYPTO_EAGLESONG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t s[16];
    uint8_t buffer[32];
    size_t buffered;
} eaglesong_state;

void eaglesong_init(eaglesong_state *S);
void eaglesong_update(eaglesong_state *S, const uint8_t *in, size_t len);
void eaglesong_final(eaglesong_state *S, uint8_t out[32]);

#endif
