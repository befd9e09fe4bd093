# A jump into a data page: the fetch needs an executable page, so the run fails with
# MemWriteOnExecutablePage (CKB-VM's name for both directions of the W^X check).
    .option norvc
    .section .text._start
    .globl _start
_start:
    la   t0, data
    jr   t0
    .section .data
data:
    .word 0x00000013           # addi zero, zero, 0 - valid bits, but not executable here
