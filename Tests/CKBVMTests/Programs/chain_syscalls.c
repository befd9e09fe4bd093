/* Checks CKB's syscalls against each other. Exit 0 when every check holds; otherwise the number
   of the first failed check. Works in every VM version (plain RV64IMC). */
#include "runtime.h"

static long syscall6(long n, long a0, long a1, long a2, long a3, long a4, long a5) {
    register long x10 __asm__("a0") = a0;
    register long x11 __asm__("a1") = a1;
    register long x12 __asm__("a2") = a2;
    register long x13 __asm__("a3") = a3;
    register long x14 __asm__("a4") = a4;
    register long x15 __asm__("a5") = a5;
    register long x17 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x13), "r"(x14), "r"(x15), "r"(x17) : "memory");
    return x10;
}

#define INPUT 1
#define OUTPUT 2
#define CELL_DEP 3
#define HEADER_DEP 4
#define GROUP_INPUT 0x0100000000000001UL

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
#define G(a, b, c, d, x, y) a = a + b + x; d = rotr(d ^ a, 32); c = c + d; b = rotr(b ^ c, 24); \
    a = a + b + y; d = rotr(d ^ a, 16); c = c + d; b = rotr(b ^ c, 63);

static void compress(uint64_t h[8], const uint8_t *block, uint64_t t, int last) {
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) { uint64_t w = 0; for (int k = 7; k >= 0; k--) w = w << 8 | block[8 * i + k]; m[i] = w; }
    for (int i = 0; i < 8; i++) { v[i] = h[i]; v[i + 8] = IV[i]; }
    v[12] ^= t;
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = SIGMA[r];
        G(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]); G(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
        G(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]); G(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
        G(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]); G(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
        G(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]); G(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/* CKB's hash: BLAKE2b-256 personalized "ckb-default-hash". */
static void ckb_hash(const uint8_t *data, uint64_t len, uint8_t out[32]) {
    uint64_t h[8];
    const uint8_t personal[16] = "ckb-default-hash";
    for (int i = 0; i < 8; i++) h[i] = IV[i];
    h[0] ^= 0x01010000UL | 32;
    uint64_t p0 = 0, p1 = 0;
    for (int k = 7; k >= 0; k--) { p0 = p0 << 8 | personal[k]; p1 = p1 << 8 | personal[8 + k]; }
    h[6] ^= p0; h[7] ^= p1;
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

static int equal(const uint8_t *a, const uint8_t *b, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) if (a[i] != b[i]) return 0;
    return 1;
}

static uint8_t buffer[65536], second[65536];

int main(int argc, char **argv) {
    (void)argc; (void)argv;
    uint64_t len;
    uint8_t hash[32], expected[32];

    /* 1: load_script_hash == hash(load_script) */
    len = sizeof(buffer);
    if (syscall6(2052, (long)buffer, (long)&len, 0, 0, 0, 0) != 0) return 1;
    ckb_hash(buffer, len, hash);
    len = 32;
    if (syscall6(2062, (long)expected, (long)&len, 0, 0, 0, 0) != 0 || len != 32 || !equal(hash, expected, 32)) return 1;

    /* 2: load_tx_hash == hash(raw part of load_transaction) */
    len = sizeof(buffer);
    if (syscall6(2051, (long)buffer, (long)&len, 0, 0, 0, 0) != 0 || len > sizeof(buffer)) return 2;
    uint32_t raw_start = *(uint32_t *)(buffer + 4), raw_end = *(uint32_t *)(buffer + 8);
    ckb_hash(buffer + raw_start, raw_end - raw_start, hash);
    len = 32;
    if (syscall6(2061, (long)expected, (long)&len, 0, 0, 0, 0) != 0 || !equal(hash, expected, 32)) return 2;

    /* 3: DATA_HASH of input 0 == hash(load_cell_data), or zero for empty data */
    len = sizeof(buffer);
    if (syscall6(2092, (long)buffer, (long)&len, 0, 0, INPUT, 0) != 0) return 3;
    if (len == 0) memset(hash, 0, 32); else ckb_hash(buffer, len, hash);
    len = 32;
    if (syscall6(2081, (long)expected, (long)&len, 0, 0, INPUT, 1) != 0 || !equal(hash, expected, 32)) return 3;

    /* 4: this lock group's first input has this script's hash as LOCK_HASH */
    len = 32;
    if (syscall6(2081, (long)hash, (long)&len, 0, 0, GROUP_INPUT, 3) != 0) return 4;
    len = 32;
    syscall6(2062, (long)expected, (long)&len, 0, 0, 0, 0);
    if (!equal(hash, expected, 32)) return 4;

    /* 5: partial loading of witness 0: a 3-byte window at offset 2 */
    len = sizeof(buffer);
    if (syscall6(2074, (long)buffer, (long)&len, 0, 0, INPUT, 0) != 0) return 5;
    uint64_t full = len, small = 3;
    if (syscall6(2074, (long)second, (long)&small, 2, 0, INPUT, 0) != 0) return 5;
    if (full < 5 || small != full - 2 || !equal(second, buffer + 2, 3)) return 5;

    /* 6: load_cell_data with *len == 0 reports the length */
    uint64_t query = 0;
    if (syscall6(2092, 0, (long)&query, 1, 0, INPUT, 0) != 0) return 6;
    len = sizeof(buffer);
    syscall6(2092, (long)buffer, (long)&len, 0, 0, INPUT, 0);
    if (query != (len > 0 ? len - 1 : 0)) return 6;

    /* 7: an index past the end: INDEX_OUT_OF_BOUND (1) */
    len = sizeof(buffer);
    if (syscall6(2071, (long)buffer, (long)&len, 0, 1000, INPUT, 0) != 1) return 7;
    if (syscall6(2071, (long)buffer, (long)&len, 0, 0, HEADER_DEP, 0) != 1) return 7;

    /* 8: OUT_POINT of group input 0 == bytes 8..44 of load_input */
    len = sizeof(buffer);
    if (syscall6(2073, (long)buffer, (long)&len, 0, 0, GROUP_INPUT, 0) != 0 || len != 44) return 8;
    len = 36;
    if (syscall6(2083, (long)second, (long)&len, 0, 0, GROUP_INPUT, 0) != 0 || len != 36) return 8;
    if (!equal(buffer + 8, second, 36)) return 8;

    /* 9: output 0 has no type script: ITEM_MISSING (2) */
    len = sizeof(buffer);
    if (syscall6(2081, (long)buffer, (long)&len, 0, 0, OUTPUT, 4) != 2) return 9;

    /* 10: header dep 0's epoch number by field == the epoch in the header (bytes 24..31, low 24 bits) */
    len = sizeof(buffer);
    long r = syscall6(2072, (long)buffer, (long)&len, 0, 0, HEADER_DEP, 0);
    if (r == 0) {
        if (len != 208) return 10;
        uint64_t epoch = *(uint64_t *)(buffer + 24), number = 0;
        len = 8;
        if (syscall6(2082, (long)&number, (long)&len, 0, 0, HEADER_DEP, 0) != 0 || number != (epoch & 0xFFFFFF)) return 10;
    } else if (r != 1) {
        return 10;
    }
    return 0;
}
