/* Eaglesong for the contracts. See eaglesong.h. The permutation is generated (lib/generated). */
#include "eaglesong.h"

#include "ckb_string.h"

#define ROTL32(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#include "generated/eaglesong_permutation.h"

void eaglesong_init(eaglesong_state *S) {
    __builtin_memset(S, 0, sizeof *S);
}

/* One full 32-byte chunk: eight big-endian words into the rate. */
static void absorb_chunk(uint32_t s[16], const uint8_t *chunk) {
    for (int j = 0; j < 8; j++) {
        uint32_t x;
        __builtin_memcpy(&x, chunk + 4 * j, 4);
        s[j] ^= __builtin_bswap32(x);
    }
    eaglesong_permute(s);
}

void eaglesong_update(eaglesong_state *S, const uint8_t *in, size_t len) {
    if (S->buffered > 0) {
        size_t take = 32 - S->buffered < len ? 32 - S->buffered : len;
        __builtin_memcpy(S->buffer + S->buffered, in, take);
        S->buffered += take;
        in += take;
        len -= take;
        if (S->buffered < 32) return;
        absorb_chunk(S->s, S->buffer);
        S->buffered = 0;
    }
    for (; len >= 32; len -= 32, in += 32) absorb_chunk(S->s, in);
    __builtin_memcpy(S->buffer, in, len);
    S->buffered = len;
}

void eaglesong_final(eaglesong_state *S, uint8_t out[32]) {
    /* The final chunk: the buffered bytes then the delimiter 0x06, shifted in word by word, so
       the word holding the end is right-aligned (the reference absorb). */
    for (int j = 0; j < 8; j++) {
        uint32_t w = 0;
        for (int k = 0; k < 4; k++) {
            size_t p = 4 * (size_t)j + (size_t)k;
            if (p < S->buffered) w = w << 8 ^ S->buffer[p];
            else if (p == S->buffered) w = w << 8 ^ 0x06;
        }
        S->s[j] ^= w;
    }
    eaglesong_permute(S->s);
    __builtin_memcpy(out, S->s, 32); /* words 0..7, little-endian */
}
