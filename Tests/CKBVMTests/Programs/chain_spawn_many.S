# Spawns until CKB refuses (VM2). Cell dep 0 holds this program. Every child (argc 1) waits for
# the root, so all stay alive; the 17th spawn fails with MAX_VMS_SPAWNED (8) and the root exits 0
# when exactly 16 succeeded. Cycles by hand:
#   root prologue:  ld 2, bnez 3, 7 x addi 1, 6 x sd 2 = 24
#   each spawn that succeeds: 4 x addi 1, mv 1, li 2, ecall 500, bnez 3, addi 1, j 3 = 514 (+ 100,800)
#   the spawn that fails:     4 x addi 1, mv 1, li 2, ecall 500, bnez 3 = 510 (+ 100,800)
#   the end:        addi 1, bnez 3, addi 1, bnez 3, addi 1, ecall 500 = 509
#   each child:     ld 2, bnez 3, addi 1, addi 1, li 2, ecall 500 = 509 (+ 800 for the wait)
# From the 4th child on, CKB keeps 4 VMs instantiated: each spawn suspends the root to boot the
# child, then suspends the lowest child to resume the root: 3 x 100,000 cycles.
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
    addi s0, zero, 0           # successful spawns
loop:
    addi a0, zero, 0           # index 0
    addi a1, zero, 3           # source CellDep
    addi a2, zero, 0
    addi a3, zero, 0
    mv   a4, sp
    li   a7, 2601              # spawn
    ecall
    bnez a0, done
    addi s0, s0, 1
    j    loop
done:
    addi a0, a0, -8            # MAX_VMS_SPAWNED
    bnez a0, fail
    addi s0, s0, -16
    bnez s0, fail
    addi a7, zero, 93          # a0 = 0
    ecall
fail:
    addi a0, zero, 1
    addi a7, zero, 93
    ecall
child:
    addi a0, zero, 0           # wait for the root (process 0)
    addi a1, sp, -8
    li   a7, 2602
    ecall
    addi a0, zero, 2           # never reached: the root's exit ends every VM
    addi a7, zero, 93
    ecall
