# cpop (Zbb): invalid in VM0. From VM1: a0 = popcount(0x0102030405060708) = 13, exit code 13.
# Instruction cycles: lui+addiw fuse (1), slli 1, lui+addiw fuse (1), or 1, cpop 1, addi 1, ecall 500 = 506
# (VM0 never reaches cpop: the addiw/lui pairs are not fused there).
    .option norvc
    .section .text._start
    .globl _start
_start:
    lui   t0, 0x01020
    addiw t0, t0, 0x304        # t0 = 0x01020304
    slli  t0, t0, 32
    lui   t1, 0x05060
    addiw t1, t1, 0x708        # t1 = 0x05060708
    or    t0, t0, t1
    cpop  a0, t0
    addi  a7, zero, 93
    ecall
