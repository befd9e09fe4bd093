# An endless loop: only the cycle limit ends it (CyclesExceeded).
    .option norvc
    .section .text._start
    .globl _start
_start:
    j _start
