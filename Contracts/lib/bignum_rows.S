/* The row kernels of lib/rsa.c:

     uint64_t mac_row(uint64_t *t, const uint64_t *x, uint64_t y, size_t len);
     uint64_t submul_row(uint64_t *t, const uint64_t *x, uint64_t q, size_t len);

   mac_row: t[0..len) += x[0..len) * y; returns the carry word. The inner loop of every Montgomery product
   in lib/rsa.c, written out so that each step is exactly the sequence CKB-VM fuses (spec/ckb.md
   section 1.4; VM2):

       ld     t0, x[i]                 2
       ld     t1, t[i]                 2
       mulhu  t2, t0, y                \ WIDE_MULU   5   (t2 differs from t0, y and the mul's rd)
       mul    t0, t0, y                /
       add    t0, t1, t0               \
       sltu   t3, t0, t1                > ADD3A      1   lo += t[i]; hi += carry out
       add    t2, t3, t2               /
       add    t0, a4, t0               \
       sltu   t3, t0, a4                > ADD3A      1   lo += c; c = hi + carry out
       add    a4, t3, t2               /
       sd     t0, t[i]                 2
                                          ----
                                           13 cycles a limb, against about 19 for the compiled C

   Neither sum overflows its high word: x y + t + c <= (2^64 - 1)^2 + 2 (2^64 - 1) = 2^128 - 1.
   Four limbs a turn (pointer steps and the branch cost 5 more), then one at a time.
   The ADD3A conditions (r0 != r1, r0 != r4, r2 != r4, r0 and r2 not x0) hold for the registers
   below: r0 = t0, r1 = t1 or a4, r2 = t3, r4 = t2.

   submul_row: t[0..len) -= x[0..len) * q; returns the word still to subtract at t[len]. The
   division that enters the Montgomery domain runs it once per word of the modulus. A step:

       ld, ld                          4
       mulhu/mul                       5   WIDE_MULU
       add t0, a4, t0; sltu; add       1   ADD3A: lo += c; hi += carry out
       sub t4, t1, t0; sltu t3, t1, t0 1   SBBS: t[i] - lo and its borrow
       add a4, t3, t2                  1   c = hi + borrow
       sd                              2
                                          ----
                                           14 cycles a limb
   Again nothing overflows: x q + c <= (2^64 - 1)^2 + 2^64 - 1 leaves hi <= 2^64 - 2.

   No compressed instructions: the assembler would rewrite `add t0, t1, t0` as `c.add t0, t1`,
   which decodes as `add t0, t0, t1`, and ADD3A wants the destination as the second source. */
    .option norvc
    .text
    .globl mac_row
    .type mac_row, @function
    .p2align 2

.macro MAC_STEP o
    ld t0, \o(a1)
    ld t1, \o(a0)
    mulhu t2, t0, a2
    mul t0, t0, a2
    add t0, t1, t0
    sltu t3, t0, t1
    add t2, t3, t2
    add t0, a4, t0
    sltu t3, t0, a4
    add a4, t3, t2
    sd t0, \o(a0)
.endm

mac_row:
    li a4, 0
    andi a5, a3, -4
    sh3add a5, a5, a1           /* end of the four-limb part of x */
    sh3add a6, a3, a1           /* end of x */
    beq a1, a5, 2f
1:
    MAC_STEP 0
    MAC_STEP 8
    MAC_STEP 16
    MAC_STEP 24
    addi a1, a1, 32
    addi a0, a0, 32
    bne a1, a5, 1b
2:
    beq a1, a6, 4f
3:
    MAC_STEP 0
    addi a1, a1, 8
    addi a0, a0, 8
    bne a1, a6, 3b
4:
    mv a0, a4
    ret
    .size mac_row, . - mac_row

.macro SUBMUL_STEP o
    ld t0, \o(a1)
    ld t1, \o(a0)
    mulhu t2, t0, a2
    mul t0, t0, a2
    add t0, a4, t0
    sltu t3, t0, a4
    add t2, t3, t2
    sub t4, t1, t0
    sltu t3, t1, t0
    add a4, t3, t2
    sd t4, \o(a0)
.endm

    .globl submul_row
    .type submul_row, @function
    .p2align 2
submul_row:
    li a4, 0
    andi a5, a3, -4
    sh3add a5, a5, a1
    sh3add a6, a3, a1
    beq a1, a5, 2f
1:
    SUBMUL_STEP 0
    SUBMUL_STEP 8
    SUBMUL_STEP 16
    SUBMUL_STEP 24
    addi a1, a1, 32
    addi a0, a0, 32
    bne a1, a5, 1b
2:
    beq a1, a6, 4f
3:
    SUBMUL_STEP 0
    addi a1, a1, 8
    addi a0, a0, 8
    bne a1, a6, 3b
4:
    mv a0, a4
    ret
    .size submul_row, . - submul_row
