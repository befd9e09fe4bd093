# exec(index 1, source CellDep, place 0 (cell data), bounds 0 (all), argc 0, argv 0): replaces this
# program with cell dep 1's. Instruction cycles before the exec: 6 x addi/li + li a7 (lui+addi) 2 + ecall 500.
    .option norvc
    .section .text._start
    .globl _start
_start:
    addi a0, zero, 1
    addi a1, zero, 3
    addi a2, zero, 0
    addi a3, zero, 0
    addi a4, zero, 0
    addi a5, zero, 0
    li   a7, 2043
    ecall
    addi a0, zero, 42          # only reached if exec returned (an error code in a0)
    addi a7, zero, 93
    ecall
