/* A compute-heavy guest for benchmarks: BLAKE2b-256 with CKB's personalization over
   `argv[1]` kibibytes (default 1024) of the byte sequence i * 31 + 7, written here from
   RFC 7693. Exits with the first byte of the digest; the full digest is left in memory. */
#include "blake2b.h"

uint8_t digest[32];
static uint8_t block[128];

int main(int argc, char **argv) {
    uint64_t kib = 1024;
    if (argc > 1) {
        kib = 0;
        for (const char *p = argv[1]; *p; p++) kib = kib * 10 + (uint64_t)(*p - '0');
    }
    uint64_t h[8];
    ckb_hash_init(h);
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
