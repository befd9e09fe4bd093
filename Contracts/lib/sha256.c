/* SHA-256 for the contracts. See sha256.h. The 64 steps are generated (lib/generated); with the
   B extension every rotation is one instruction and the byte swap of each word is rev8. */
#include "sha256.h"

#include "ckb_string.h"

#define ROTR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define SHA256_S0(x) (ROTR32(x, 2) ^ ROTR32(x, 13) ^ ROTR32(x, 22))
#define SHA256_S1(x) (ROTR32(x, 6) ^ ROTR32(x, 11) ^ ROTR32(x, 25))
#define SHA256_s0(x) (ROTR32(x, 7) ^ ROTR32(x, 18) ^ ((x) >> 3))
#define SHA256_s1(x) (ROTR32(x, 17) ^ ROTR32(x, 19) ^ ((x) >> 10))
#include "generated/sha256_steps.h"

static void sha256_compress(uint32_t H[8], const uint8_t *block) {
    volatile int64_t wk[64];
    uint32_t w[16];
    for (int i = 0; i < 16; i++) {
        uint32_t x;
        __builtin_memcpy(&x, block + 4 * i, 4);
        w[i] = __builtin_bswap32(x);
    }
    uint32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7];
    uint32_t w8 = w[8], w9 = w[9], w10 = w[10], w11 = w[11], w12 = w[12], w13 = w[13], w14 = w[14], w15 = w[15];
    SHA256_SCHEDULE
    uint32_t a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
    uint32_t ab, bc = b ^ c;
    SHA256_STEPS
    H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
}

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
        sha256_compress(S->h, S->buffer);
        S->buffered = 0;
    }
    for (; len >= 64; len -= 64, in += 64) sha256_compress(S->h, in);
    __builtin_memcpy(S->buffer, in, len);
    S->buffered = len;
}

void sha256_final(sha256_state *S, uint8_t out[32]) {
    uint64_t bits = S->length * 8;
    S->buffer[S->buffered++] = 0x80;
    if (S->buffered > 56) {
        __builtin_memset(S->buffer + S->buffered, 0, 64 - S->buffered);
        sha256_compress(S->h, S->buffer);
        S->buffered = 0;
    }
    __builtin_memset(S->buffer + S->buffered, 0, 56 - S->buffered);
    for (int i = 0; i < 8; i++) S->buffer[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_compress(S->h, S->buffer);
    for (int i = 0; i < 8; i++) {
        uint32_t x = __builtin_bswap32(S->h[i]);
        __builtin_memcpy(out + 4 * i, &x, 4);
    }
}
