# exit(0): c.li a0, 0 (1 cycle); addi a7, zero, 93 (1); ecall (500). 502 cycles plus loading.
    .section .text._start
    .globl _start
_start:
    c.li a0, 0
    .option push
    .option norvc
    addi a7, zero, 93
    .option pop
    ecall
