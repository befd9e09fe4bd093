# A deadlock (VM2): the root spawns this program (cell dep 0) and waits for the child, which
# waits for the root. No VM can run, so the script fails.
    .option norvc
    .section .text._start
    .globl _start
_start:
    ld   t0, 0(sp)             # argc
    bnez t0, child
    addi sp, sp, -64
    addi t1, zero, 1
    sd   t1, 0(sp)             # spawn_args.argc = 1
    addi t1, sp, 40
    sd   t1, 8(sp)             # spawn_args.argv -> { sp + 48 }
    addi t1, sp, 48
    sd   t1, 40(sp)
    sd   zero, 48(sp)          # argv[0] = ""
    addi t1, sp, 32
    sd   t1, 16(sp)            # spawn_args.process_id -> sp + 32
    sd   zero, 24(sp)
    addi a0, zero, 0
    addi a1, zero, 3
    addi a2, zero, 0
    addi a3, zero, 0
    mv   a4, sp
    li   a7, 2601              # spawn
    ecall
    bnez a0, fail
    ld   a0, 32(sp)
    addi a1, sp, 56
    li   a7, 2602              # wait for the child
    ecall
fail:
    addi a0, zero, 1
    addi a7, zero, 93
    ecall
child:
    addi a0, zero, 0           # wait for the root
    addi a1, sp, -8
    li   a7, 2602
    ecall
    addi a0, zero, 2
    addi a7, zero, 93
    ecall
