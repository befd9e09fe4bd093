# One instruction of every cost class, straight-line, no fusable pair (spec/ckb.md §1.3).
# Expected instruction cycles (loading excluded), counted line by line in the comments: 1120.
    .option norvc
    .section .text._start
    .globl _start
_start:
    addi  t0, zero, 40          # 1    t0 = 40
    lui   t1, 0x300             # 1    t1 = 0x300000 (stack region, writable)
    sd    t0, 0(t1)             # 2
    ld    t2, 0(t1)             # 2    t2 = 40
    sw    t0, 8(t1)             # 3
    lw    t3, 8(t1)             # 3    t3 = 40
    sh    t0, 16(t1)            # 3
    sb    t0, 24(t1)            # 3
    lh    s0, 16(t1)            # 3    s0 = 40
    lhu   s1, 16(t1)            # 3
    lb    s2, 24(t1)            # 3
    lbu   s3, 24(t1)            # 3
    lwu   s4, 8(t1)             # 3
    mul   t4, t0, t0            # 5    t4 = 1600
    xor   s5, s5, s5            # 1    (breaks any mul/div pair)
    mulw  t5, t0, t0            # 5
    xor   s5, s5, s5            # 1
    divu  t6, t4, t0            # 32   t6 = 40
    xor   s5, s5, s5            # 1
    remw  s6, t4, t0            # 32   s6 = 0
    beq   t0, zero, 1f          # 3    not taken
    jal   ra, 2f                # 3
1:  ebreak                      #      not reached
2:  fence                       # 1
    ebreak                      # 500  (a no-op in CKB-VM)
    sub   a0, t2, t6            # 1    a0 = 0
    add   a0, a0, s6            # 1
    addi  a7, zero, 93          # 1
    ecall                       # 500
# 1+1+2+2 + 9×3 + 5+1+5+1+32+1+32 + 3+3 + 1+500 + 1+1+1+500 = 1120
