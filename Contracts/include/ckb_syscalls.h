/* CKB syscalls for the contracts (spec/ckb.md §3), written for this project: numbers, sources,
   and thin ecall wrappers. No libc. */
#ifndef CKBCRYPTO_SYSCALLS_H
#define CKBCRYPTO_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

#define SYS_exit 93
#define SYS_load_tx_hash 2061
#define SYS_load_script 2052
#define SYS_load_cell 2071
#define SYS_load_header 2072
#define SYS_load_input 2073
#define SYS_load_witness 2074
#define SYS_load_cell_by_field 2081
#define SYS_load_header_by_field 2082
#define SYS_load_input_by_field 2083
#define SYS_load_cell_data 2092
#define SYS_debug 2177

#define SOURCE_INPUT 1
#define SOURCE_OUTPUT 2
#define SOURCE_CELL_DEP 3
#define SOURCE_HEADER_DEP 4
#define SOURCE_GROUP_INPUT 0x0100000000000001UL
#define SOURCE_GROUP_OUTPUT 0x0100000000000002UL

/* Syscall return codes (ckb syscalls/mod.rs). */
#define CKB_SUCCESS 0
#define CKB_INDEX_OUT_OF_BOUND 1
#define CKB_ITEM_MISSING 2
#define CKB_LENGTH_NOT_ENOUGH 3

static inline long ckb_syscall(long n, long a0, long a1, long a2, long a3, long a4, long a5) {
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

__attribute__((noreturn)) static inline void ckb_exit(int8_t code) {
    ckb_syscall(SYS_exit, code, 0, 0, 0, 0, 0);
    __builtin_unreachable();
}

/* Partial loading (RFC 0009): *len is the buffer size on entry and the full remaining length on
   return; min of the two bytes are copied from `offset`. */
static inline int ckb_load_script(void *addr, uint64_t *len, size_t offset) {
    return (int)ckb_syscall(SYS_load_script, (long)addr, (long)len, (long)offset, 0, 0, 0);
}
static inline int ckb_load_cell_data(void *addr, uint64_t *len, size_t offset, size_t index, size_t source) {
    return (int)ckb_syscall(SYS_load_cell_data, (long)addr, (long)len, (long)offset, (long)index, (long)source, 0);
}
static inline int ckb_load_witness(void *addr, uint64_t *len, size_t offset, size_t index, size_t source) {
    return (int)ckb_syscall(SYS_load_witness, (long)addr, (long)len, (long)offset, (long)index, (long)source, 0);
}
static inline int ckb_load_tx_hash(void *addr, uint64_t *len, size_t offset) {
    return (int)ckb_syscall(SYS_load_tx_hash, (long)addr, (long)len, (long)offset, 0, 0, 0);
}
/* Field 1 of an input is its 8-byte `since`. */
#define INPUT_FIELD_SINCE 1
static inline int ckb_load_input_by_field(void *addr, uint64_t *len, size_t offset, size_t index, size_t source, size_t field) {
    return (int)ckb_syscall(SYS_load_input_by_field, (long)addr, (long)len, (long)offset, (long)index, (long)source, (long)field);
}
static inline int ckb_load_header(void *addr, uint64_t *len, size_t offset, size_t index, size_t source) {
    return (int)ckb_syscall(SYS_load_header, (long)addr, (long)len, (long)offset, (long)index, (long)source, 0);
}

#endif
