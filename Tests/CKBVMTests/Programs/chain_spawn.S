# spawn (VM2) worked out by hand. Cell dep 0 holds this program; the root (argc 0) spawns it
# again with one argument, the child (argc 1) exits with 3, and the root waits for it.
#   root, until spawn yields: ld 2, bnez 3, 11 x addi/mv 1, 6 x sd 2, li a7 (lui+addi) 2, ecall 500 = 530
#                             (the spawn itself adds 100,000 + 800)
#   child:                    ld 2, bnez 3, addi 1, addi 1, ecall 500 = 507
#   root, until wait yields:  bnez 3, ld 2, addi 1, li a7 2, ecall 500 = 508 (the wait adds 800)
#   root, to the end:         bnez 3, lb 3, addi 1, bnez 3, addi 1, addi 1, ecall 500 = 512
    .option norvc
    .section .text._start
    .globl _start
_start:
    ld   t0, 0(sp)             # argc
    bnez t0, child
    addi sp, sp, -64
    addi t1, zero, 0x78        # "x"
    sd   t1, 48(sp)
    addi t1, sp, 48
    sd   t1, 40(sp)            # argv[0]
    addi t1, zero, 1
    sd   t1, 0(sp)             # spawn_args.argc = 1
    addi t1, sp, 40
    sd   t1, 8(sp)             # spawn_args.argv
    addi t1, sp, 32
    sd   t1, 16(sp)            # spawn_args.process_id -> sp + 32
    sd   zero, 24(sp)          # spawn_args.inherited_fds = NULL
    addi a0, zero, 0           # index 0
    addi a1, zero, 3           # source CellDep
    addi a2, zero, 0           # place: cell data
    addi a3, zero, 0           # bounds: all
    mv   a4, sp
    li   a7, 2601              # spawn
    ecall
    bnez a0, fail
    ld   a0, 32(sp)            # the child's process id
    addi a1, sp, 56            # its exit code goes to sp + 56
    li   a7, 2602              # wait
    ecall
    bnez a0, fail
    lb   t1, 56(sp)
    addi t1, t1, -3
    bnez t1, fail
    addi a0, zero, 0
    addi a7, zero, 93
    ecall
fail:
    addi a0, zero, 1
    addi a7, zero, 93
    ecall
child:
    addi a0, zero, 3
    addi a7, zero, 93
    ecall
