# ld from the last 8 bytes of memory: MemOutOfBound in VM0 (the load ends exactly at 4 MiB),
# allowed from VM1 (reads zero; exit 0). A load one byte further fails in every version.
    .option norvc
    .section .text._start
    .globl _start
_start:
    lui  t0, 0x400             # t0 = 4 MiB
    ld   a0, -8(t0)
    addi a7, zero, 93
    ecall
