/* A compute-heavy guest for benchmarks: BLAKE2b-256 with CKB's personalization over
   `argv[1]` kibibytes (default 1024) of the byte sequence i * 31 + 7, written here from
   RFC 7693. Exits with the first byte of the digest; the full digest is left in memory. */
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

uint8_t digest[32];
static uint8_t block[128];

int main(int argc, char **argv) {
    uint64_t kib = 1024;
    if (argc > 1) {
        kib = 0;
        for (const char *p = argv[1]; *p; p++) kib = kib * 10 + (uint64_t)(*p - '0');
    }
    uint64_t h[8];
    const uint8_t personal[16] = "ckb-default-hash";
    for (int i = 0; i < 8; i++) h[i] = IV[i];
    h[0] ^= 0x01010000UL | 32;
    uint64_t p0 = 0, p1 = 0;
    for (int k = 7; k >= 0; k--) { p0 = p0 << 8 | personal[k]; p1 = p1 << 8 | personal[8 + k]; }
    h[6] ^= p0;
    h[7] ^= p1;
    uint64_t total = kib * 1024, done = 0;
    uint32_t value = 7;
    while (done < total) {
        for (int i = 0; i < 128; i++) { block[i] = (uint8_t)value; value += 31; }
        done += 128;
        compress(h, block, done, done == total);
    }
    if (total == 0) compress(h, block, 0, 1);
    for (int i = 0; i < 32; i++) digest[i] = (uint8_t)(h[i / 8] >> (8 * (i % 8)));
    return digest[0];
}
