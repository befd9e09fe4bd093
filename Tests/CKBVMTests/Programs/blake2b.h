/* BLAKE2b (RFC 7693) for the C test programs, written here: the compression function and CKB's
   hash (BLAKE2b-256 personalized "ckb-default-hash"). */
#ifndef CKBCRYPTO_TEST_BLAKE2B_H
#define CKBCRYPTO_TEST_BLAKE2B_H

#include "runtime.h"

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908UL, 0xbb67ae8584caa73bUL, 0x3c6ef372fe94f82bUL, 0xa54ff53a5f1d36f1UL,
    0x510e527fade682d1UL, 0x9b05688c2b3e6c1fUL, 0x1f83d9abfb41bd6bUL, 0x5be0cd19137e2179UL};

static const uint8_t SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

static inline uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

#define G(a, b, c, d, x, y)            \
    a = a + b + x; d = rotr(d ^ a, 32); \
    c = c + d; b = rotr(b ^ c, 24);     \
    a = a + b + y; d = rotr(d ^ a, 16); \
    c = c + d; b = rotr(b ^ c, 63);

static void compress(uint64_t h[8], const uint8_t block[128], uint64_t t, int last) {
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) {
        uint64_t w = 0;
        for (int k = 7; k >= 0; k--) w = w << 8 | block[8 * i + k];
        m[i] = w;
    }
    for (int i = 0; i < 8; i++) { v[i] = h[i]; v[i + 8] = IV[i]; }
    v[12] ^= t;
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = SIGMA[r];
        G(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]);
        G(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
        G(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]);
        G(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
        G(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]);
        G(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
        G(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]);
        G(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/* The chaining value for a 32-byte digest personalized "ckb-default-hash". */
static void ckb_hash_init(uint64_t h[8]) {
    const uint8_t personal[16] = "ckb-default-hash";
    for (int i = 0; i < 8; i++) h[i] = IV[i];
    h[0] ^= 0x01010000UL | 32;
    uint64_t p0 = 0, p1 = 0;
    for (int k = 7; k >= 0; k--) { p0 = p0 << 8 | personal[k]; p1 = p1 << 8 | personal[8 + k]; }
    h[6] ^= p0;
    h[7] ^= p1;
}

/* CKB's hash of `len` bytes. */
static void ckb_hash(const uint8_t *data, uint64_t len, uint8_t out[32]) {
    uint64_t h[8];
    ckb_hash_init(h);
    uint8_t block[128];
    uint64_t done = 0;
    do {
        uint64_t n = len - done > 128 ? 128 : len - done;
        memset(block, 0, 128);
        memcpy(block, data + done, n);
        done += n;
        compress(h, block, done, done == len);
    } while (done < len);
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(h[i / 8] >> (8 * (i % 8)));
}

#endif
