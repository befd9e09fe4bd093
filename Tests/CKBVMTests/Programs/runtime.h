/* The minimal runtime of the C test programs: no libc, syscalls by ecall. */
#ifndef CKBCRYPTO_TEST_RUNTIME_H
#define CKBCRYPTO_TEST_RUNTIME_H

typedef unsigned char uint8_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
typedef unsigned long size_t;

static inline long syscall1(long n, long a0) {
    register long x10 __asm__("a0") = a0;
    register long x17 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(x10) : "r"(x17) : "memory");
    return x10;
}

static inline void ckb_exit(int code) {
    syscall1(93, code);
    __builtin_unreachable();
}

void *memset(void *d, int c, size_t n) {
    uint8_t *p = d;
    while (n--) *p++ = (uint8_t)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--) *p++ = *q++;
    return d;
}

int main(int argc, char **argv);

/* _start: sp points at argc, then argv[0..argc-1]. argc is read with a 32-bit load: VM0 writes it
   with a 32-bit store, and VM0 cannot load the last 8 bytes of memory, where its argc sits when there
   are no arguments (sp = 0x3ffff8). */
__attribute__((naked, section(".text._start"))) void _start(void) {
    __asm__ volatile(
        "lwu a0, 0(sp)\n"
        "addi a1, sp, 8\n"
        "call main\n"
        "li a7, 93\n"
        "ecall\n");
}

#endif
