/* SHA-512 and SHA-384 for the contracts. See sha512.h. A plain loop with a 16-word rolling
   schedule; with the B extension each rotation is one instruction. */
#include "sha512.h"

#include "ckb_string.h"
#include "generated/sha512_constants.h"

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static uint64_t load_be64(const uint8_t *p) {
    uint64_t x;
    __builtin_memcpy(&x, p, 8);
    return __builtin_bswap64(x);
}

static void sha512_compress(uint64_t H[8], const uint8_t *block) {
    uint64_t w[16];
    for (int i = 0; i < 16; i++) w[i] = load_be64(block + 8 * i);
    uint64_t a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
    for (int t = 0; t < 80; t++) {
        uint64_t wt;
        if (t < 16) {
            wt = w[t];
        } else {
            uint64_t x = w[(t - 15) & 15], y = w[(t - 2) & 15];
            uint64_t s0 = ROTR64(x, 1) ^ ROTR64(x, 8) ^ (x >> 7);
            uint64_t s1 = ROTR64(y, 19) ^ ROTR64(y, 61) ^ (y >> 6);
            wt = w[t & 15] = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
        }
        uint64_t t1 = h + (ROTR64(e, 14) ^ ROTR64(e, 18) ^ ROTR64(e, 41)) + (g ^ (e & (f ^ g))) + sha512_k[t] + wt;
        uint64_t t2 = (ROTR64(a, 28) ^ ROTR64(a, 34) ^ ROTR64(a, 39)) + ((a & b) | (c & (a | b)));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
}

static void init(sha512_state *S, const uint64_t iv[8], size_t outlen) {
    __builtin_memcpy(S->h, iv, 64);
    S->length = 0;
    S->buffered = 0;
    S->outlen = outlen;
}

void sha512_init(sha512_state *S) { init(S, sha512_iv, 64); }
void sha384_init(sha512_state *S) { init(S, sha384_iv, 48); }

void sha512_update(sha512_state *S, const uint8_t *in, size_t len) {
    S->length += len;
    if (S->buffered > 0) {
        size_t take = 128 - S->buffered < len ? 128 - S->buffered : len;
        __builtin_memcpy(S->buffer + S->buffered, in, take);
        S->buffered += take;
        in += take;
        len -= take;
        if (S->buffered < 128) return;
        sha512_compress(S->h, S->buffer);
        S->buffered = 0;
    }
    for (; len >= 128; len -= 128, in += 128) sha512_compress(S->h, in);
    __builtin_memcpy(S->buffer, in, len);
    S->buffered = len;
}

void sha512_final(sha512_state *S, uint8_t *out) {
    uint64_t bits = S->length * 8;
    S->buffer[S->buffered++] = 0x80;
    if (S->buffered > 112) {
        __builtin_memset(S->buffer + S->buffered, 0, 128 - S->buffered);
        sha512_compress(S->h, S->buffer);
        S->buffered = 0;
    }
    /* The 128-bit length: the high 64 bits are zero for any input that fits in memory. */
    __builtin_memset(S->buffer + S->buffered, 0, 120 - S->buffered);
    for (int i = 0; i < 8; i++) S->buffer[120 + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha512_compress(S->h, S->buffer);
    for (size_t i = 0; i < S->outlen / 8; i++) {
        uint64_t x = __builtin_bswap64(S->h[i]);
        __builtin_memcpy(out + 8 * i, &x, 8);
    }
}
