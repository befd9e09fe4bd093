# A store into the program's own (executable) page: MemWriteOnExecutablePage (W^X).
    .option norvc
    .section .text._start
    .globl _start
_start:
    auipc t0, 0
    sw   zero, 0(t0)
    addi a7, zero, 93
    ecall
