# The smallest script: exit(0). c.li a0, 0; li a7, 93; ecall.
    .globl _start
_start:
    c.li a0, 0
    li a7, 93
    ecall
