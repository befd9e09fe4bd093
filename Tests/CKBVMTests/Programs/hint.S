# A compressed HINT, c.add zero, a0 (0x902a): invalid in VM0, a 1-cycle no-op from VM1 (ckb's
# cadd_hint_lock). Instruction cycles from VM1: 1 + 1 + 1 + 500 = 503.
    .section .text._start
    .globl _start
_start:
    .2byte 0x902a              # c.add zero, a0
    c.li a0, 0
    .option push
    .option norvc
    addi a7, zero, 93
    .option pop
    ecall
