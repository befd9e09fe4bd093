# Every fused pattern once, with the cycles each version charges (spec/ckb.md §1.4).
# The test reads the registers after exit and checks them against plain RISC-V results.
#
# block                                   VM0   VM1   VM2
# setup (6 x addi)                          6     6     6
# ADC   add/sltu/add/sltu/or                5     1     1
# SBB   sub/sltu/sub/sltu/or                5     1     1
# WIDE_MULU  mulhu; mul                    10     5     5
# WIDE_DIVU  divu; remu                    64    32    32
# CUSTOM_LOAD_IMM  lui; addiw               2     1     1
# xor (separator)                           1     1     1
# ADCS  add; sltu (VM2)                     2     2     1
# xor                                       1     1     1
# SBBS  sub; sltu (VM2)                     2     2     1
# xor                                       1     1     1
# ADD3A add; sltu; add (VM2)                3     3     1
# CUSTOM_LOAD_IMM auipc; addi (VM2)         2     2     1
# addi a0; addi a7                          2     2     2
# FAR_JUMP_REL auipc ra; jalr ra (VM1+)     4     3     3
# addi s7; addi s8 (skipped by VM0)         0     2     2
# ecall                                   500   500   500
# total                                   610   565   560
    .option norvc
    .section .text._start
    .globl _start
_start:
    addi s0, zero, -1          # s0 = 2^64 - 1
    addi s1, zero, 3
    addi s2, zero, 7
    addi s3, zero, 100
    addi s4, zero, 9
    addi s5, zero, 11
    # ADC: a=s0, b=s1, c=s2
    add  s0, s0, s1
    sltu s1, s0, s1
    add  s0, s0, s2
    sltu s2, s0, s2
    or   s1, s1, s2
    # SBB: x=s4, y=s3, z=s5, t=s6: sub x,y,x; sltu t,y,x; sub y,x,z; sltu z,x,y; or x,z,t
    sub  s4, s3, s4
    sltu s6, s3, s4
    sub  s3, s4, s5
    sltu s5, s4, s3
    or   s4, s5, s6
    # WIDE_MULU
    mulhu a1, s3, s0
    mul   a2, s3, s0
    # WIDE_DIVU
    divu  a3, s3, s6
    remu  a4, s3, s6
    # CUSTOM_LOAD_IMM (lui + addiw)
    lui   a5, 0x12345
    addiw a5, a5, 0x678
    xor   t6, t6, t6
    # ADCS: add r0,r1,r2; sltu r3,r0,r1
    add  t0, s0, a5
    sltu t1, t0, s0
    xor  t6, t6, t6
    # SBBS: sub r0,r1,r2; sltu r3,r1,r2
    sub  t2, s3, a5
    sltu t3, s3, a5
    xor  t6, t6, t6
    # ADD3A: add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4
    add  t4, a5, t4
    sltu t5, t4, a5
    add  a6, t5, s2
    # CUSTOM_LOAD_IMM (auipc + addi, VM2)
    auipc a7, 0
    addi  a7, a7, 16
    addi a0, zero, 0
    addi a7, zero, 93
    # FAR_JUMP_REL: auipc ra, 0; jalr ra, 12(ra). VM1+ land on the first addi below; VM0 writes
    # ra (the link) before reading it, so it lands 8 bytes further, on the ecall.
    auipc ra, 0
    jalr  ra, 12(ra)
    ebreak                     # never executed
    addi s7, zero, 1
    addi s8, zero, 2
    ecall
