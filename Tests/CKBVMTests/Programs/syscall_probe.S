# Runs the syscalls its witness lists, for the syscall table's tests (Docs/Chain.md, "Syscalls on
# bad arguments"). The witness of the group's first input is loaded at 0x100000:
#   u64 count, then count records of 8 u64: a0, a1, a2, a3, a4, a5, a7, expect.
# Each record is one ecall. When a result differs from its record's expect (and expect is not
# all ones) the program exits with 100 + the record's index; otherwise it exits with the last
# result. The loop is branch-free on the success path, so every record costs the same cycles
# outside its ecall whatever its values, and a test can compare a run against a baseline.
    .option norvc
    .section .text._start
    .globl _start
_start:
    li   t0, 0x0ff000              # *len for the witness load
    li   t1, 0x80000
    sd   t1, 0(t0)
    li   a0, 0x100000
    mv   a1, t0
    li   a2, 0
    li   a3, 0
    li   a4, 0x0100000000000001    # GROUP_INPUT
    li   a7, 2074                  # load_witness
    ecall
    bnez a0, no_witness
    li   s0, 0x100000
    ld   s1, 0(s0)                 # count
    addi s0, s0, 8
    li   s2, 0                     # index
    li   s3, 0                     # last result
loop:
    beq  s2, s1, done
    ld   a0, 0(s0)
    ld   a1, 8(s0)
    ld   a2, 16(s0)
    ld   a3, 24(s0)
    ld   a4, 32(s0)
    ld   a5, 40(s0)
    ld   a7, 48(s0)
    ld   t2, 56(s0)
    ecall
    mv   s3, a0
    xor  t3, a0, t2
    seqz t3, t3                    # result == expect
    addi t4, t2, 1
    seqz t4, t4                    # expect == all ones
    or   t3, t3, t4
    beqz t3, mismatch
    addi s0, s0, 64
    addi s2, s2, 1
    j    loop
done:
    mv   a0, s3
    li   a7, 93
    ecall
mismatch:
    addi a0, s2, 100
    li   a7, 93
    ecall
no_witness:
    li   a0, 99
    li   a7, 93
    ecall
