/* SHA-256 for the contracts. See sha256.h. The compression function is generated RV64 assembly
   (lib/generated/sha256_blocks.S) that keeps every value in a register; this file buffers. */
#include "sha256.h"

#include "ckb_string.h"

/* Compresses `blocks` whole 64-byte blocks of `in` into H. */
void sha256_blocks(uint32_t H[8], const uint8_t *in, size_t blocks);

void sha256_init(sha256_state *S) {
    static const uint32_t iv[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    __builtin_memcpy(S->h, iv, sizeof iv);
    S->length = 0;
    S->buffered = 0;
}

void sha256_update(sha256_state *S, const uint8_t *in, size_t len) {
    S->length += len;
    if (S->buffered > 0) {
        size_t take = 64 - S->buffered < len ? 64 - S->buffered : len;
        __builtin_memcpy(S->buffer + S->buffered, in, take);
        S->buffered += take;
        in += take;
        len -= take;
        if (S->buffered < 64) return;
        sha256_blocks(S->h, S->buffer, 1);
        S->buffered = 0;
    }
    sha256_blocks(S->h, in, len / 64);
    in += len & ~(size_t)63;
    len &= 63;
    __builtin_memcpy(S->buffer, in, len);
    S->buffered = len;
}

void sha256_final(sha256_state *S, uint8_t out[32]) {
    uint64_t bits = S->length * 8;
    S->buffer[S->buffered++] = 0x80;
    if (S->buffered > 56) {
        __builtin_memset(S->buffer + S->buffered, 0, 64 - S->buffered);
        sha256_blocks(S->h, S->buffer, 1);
        S->buffered = 0;
    }
    __builtin_memset(S->buffer + S->buffered, 0, 56 - S->buffered);
    for (int i = 0; i < 8; i++) S->buffer[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_blocks(S->h, S->buffer, 1);
    for (int i = 0; i < 8; i++) {
        uint32_t x = __builtin_bswap32(S->h[i]);
        __builtin_memcpy(out + 4 * i, &x, 4);
    }
}
