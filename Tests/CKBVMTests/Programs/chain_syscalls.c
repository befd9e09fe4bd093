/* Checks CKB's syscalls against each other. Exit 0 when every check holds; otherwise the number
   of the first failed check. Works in every VM version (plain RV64IMC). */
#include "blake2b.h"

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
