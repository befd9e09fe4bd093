# Syscall cycle charges, by hand (spec/ckb.md §3.4): instruction cycles
#   addi sp 1; addi t0 1; sd 2; mv a0 1; mv a1 1; addi a2 1; li a7 (lui+addi) 2; ecall 500 + ceil(32/4) 8
#   addi t0 1; sd 2; addi a2 1; ecall 500 + ceil(2/4) 1 (offset 30: 2 bytes copied of a 10-byte buffer)
#   sd zero 2; addi a2 1; li a3 1; li a4 1; li a7 (lui+addi) 2; ecall 500 (load_cell_data length query: no copy, no cycles)
#   ld t1 2; addi t1 1 (t1 must equal 0: input 0 has no data)... bnez 3; addi a0 1; addi a7 1; ecall 500
    .option norvc
    .section .text._start
    .globl _start
_start:
    addi sp, sp, -64
    addi t0, zero, 32
    sd   t0, 0(sp)             # *len = 32
    mv   a0, sp
    addi a0, a0, 8             # buffer at sp + 8
    mv   a1, sp
    li   a7, 2061              # load_tx_hash, offset a2 = 0 (zero at start)
    ecall
    addi t0, zero, 10
    sd   t0, 0(sp)             # *len = 10
    addi a2, zero, 30          # offset 30: 2 bytes remain
    ecall
    sd   zero, 0(sp)           # *len = 0: a length query
    addi a2, zero, 0
    li   a3, 0                 # index 0
    li   a4, 1                 # source Input
    li   a7, 2092              # load_cell_data
    ecall
    ld   t1, 0(sp)             # the full length of input 0's data (its test sets 5 bytes)
    addi t1, t1, -5
    bnez t1, 1f
    addi a0, zero, 0
    addi a7, zero, 93
    ecall
1:  addi a0, zero, 9
    addi a7, zero, 93
    ecall
