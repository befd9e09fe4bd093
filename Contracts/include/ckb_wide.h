/* 64 x 64 -> 128-bit products laid out for CKB-VM's macro-op fusion. */
#ifndef CKBCRYPTO_WIDE_H
#define CKBCRYPTO_WIDE_H

#include <stdint.h>

typedef unsigned __int128 u128;

/* a b as `mulhu hi, a, b` immediately followed by `mul lo, a, b`: CKB-VM fuses the pair into one
   WIDE_MULU and charges 5 cycles instead of 10 (spec/ckb.md section 1.4: same source registers,
   hi distinct from both sources and from lo, which the early clobber guarantees). The compiler
   left alone emits the two in either order and often apart, and then pays for both. */
static inline __attribute__((always_inline)) u128 mul_wide_u64(uint64_t a, uint64_t b) {
    uint64_t hi, lo;
    __asm__("mulhu %0, %2, %3\n\tmul %1, %2, %3" : "=&r"(hi), "=r"(lo) : "r"(a), "r"(b));
    return (u128)hi << 64 | lo;
}

#endif
