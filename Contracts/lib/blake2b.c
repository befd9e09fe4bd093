/* BLAKE2b for the contracts. See blake2b.h. The rounds are generated (lib/generated). */
#include "blake2b.h"

#include "ckb_string.h"

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#include "generated/blake2b_rounds.h"

static const uint64_t blake2b_iv[8] = {
    0x6a09e667f3bcc908UL, 0xbb67ae8584caa73bUL, 0x3c6ef372fe94f82bUL, 0xa54ff53a5f1d36f1UL,
    0x510e527fade682d1UL, 0x9b05688c2b3e6c1fUL, 0x1f83d9abfb41bd6bUL, 0x5be0cd19137e2179UL};

static inline uint64_t load64(const uint8_t *p) {
    uint64_t w;
    __builtin_memcpy(&w, p, 8); /* RV64 is little-endian; misaligned loads are allowed */
    return w;
}

static void blake2b_compress(uint64_t h[8], const uint8_t *block, uint64_t t, uint64_t f) {
    uint64_t m0 = load64(block), m1 = load64(block + 8), m2 = load64(block + 16), m3 = load64(block + 24);
    uint64_t m4 = load64(block + 32), m5 = load64(block + 40), m6 = load64(block + 48), m7 = load64(block + 56);
    uint64_t m8 = load64(block + 64), m9 = load64(block + 72), m10 = load64(block + 80), m11 = load64(block + 88);
    uint64_t m12 = load64(block + 96), m13 = load64(block + 104), m14 = load64(block + 112), m15 = load64(block + 120);
    uint64_t v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
    uint64_t v8 = blake2b_iv[0], v9 = blake2b_iv[1], v10 = blake2b_iv[2], v11 = blake2b_iv[3];
    uint64_t v12 = blake2b_iv[4] ^ t, v13 = blake2b_iv[5], v14 = blake2b_iv[6] ^ f, v15 = blake2b_iv[7];
    BLAKE2B_ROUNDS
    h[0] ^= v0 ^ v8; h[1] ^= v1 ^ v9; h[2] ^= v2 ^ v10; h[3] ^= v3 ^ v11;
    h[4] ^= v4 ^ v12; h[5] ^= v5 ^ v13; h[6] ^= v6 ^ v14; h[7] ^= v7 ^ v15;
}

int blake2b_init(blake2b_state *S, size_t outlen, const uint8_t *key, size_t keylen,
                 const uint8_t *salt, const uint8_t *personal) {
    if (outlen == 0 || outlen > 64 || keylen > 64) return -1;
    for (int i = 0; i < 8; i++) S->h[i] = blake2b_iv[i];
    S->h[0] ^= 0x01010000UL ^ (keylen << 8) ^ outlen;
    if (salt) { S->h[4] ^= load64(salt); S->h[5] ^= load64(salt + 8); }
    if (personal) { S->h[6] ^= load64(personal); S->h[7] ^= load64(personal + 8); }
    S->t = 0;
    S->buffered = 0;
    S->outlen = outlen;
    __builtin_memset(S->buffer, 0, sizeof S->buffer);
    if (keylen > 0) {
        __builtin_memcpy(S->buffer, key, keylen);
        S->buffered = 128; /* the key block, compressed once more input arrives or at the end */
    }
    return 0;
}

void blake2b_update(blake2b_state *S, const uint8_t *in, size_t len) {
    if (len == 0) return;
    /* The last block is held back: it must be compressed with the final flag. */
    if (S->buffered + len > 128) {
        size_t fill = 128 - S->buffered;
        __builtin_memcpy(S->buffer + S->buffered, in, fill);
        in += fill;
        len -= fill;
        S->t += 128;
        blake2b_compress(S->h, S->buffer, S->t, 0);
        S->buffered = 0;
        while (len > 128) {
            S->t += 128;
            blake2b_compress(S->h, in, S->t, 0);
            in += 128;
            len -= 128;
        }
    }
    __builtin_memcpy(S->buffer + S->buffered, in, len);
    S->buffered += len;
}

void blake2b_final(blake2b_state *S, uint8_t *out) {
    S->t += S->buffered;
    __builtin_memset(S->buffer + S->buffered, 0, 128 - S->buffered);
    blake2b_compress(S->h, S->buffer, S->t, ~0UL);
    uint8_t full[64];
    __builtin_memcpy(full, S->h, 64);
    __builtin_memcpy(out, full, S->outlen);
}

void ckb_hash_init(blake2b_state *S) {
    static const uint8_t personal[16] = {'c', 'k', 'b', '-', 'd', 'e', 'f', 'a', 'u', 'l', 't', '-', 'h', 'a', 's', 'h'};
    blake2b_init(S, 32, NULL, 0, NULL, personal);
}
