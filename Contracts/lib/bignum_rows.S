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

/* typedef struct { uint64_t c0, c1; } carry_pair;
   carry_pair mac_rows2(uint64_t *t, const uint64_t *x, uint64_t y0, uint64_t y1, size_t count,
                        uint64_t c0, uint64_t c1);

   Two rows in one pass, each with its own carry: for j in 0 ..< count,
       (c0, lo)   = x[j + 1] y0 + t[j] + c0
       (c1, t[j]) = x[j] y1 + lo + c1
   so the row of y1 trails the row of y0 by one word, as consecutive rows of a product or of the
   Montgomery reduction do. Each word of t is loaded and stored once for two products, and each
   x word is loaded once (it serves y0 in one column and y1 in the next, held in t0 and t1 in
   turn). A column costs 20 cycles for its two products (two loads, two WIDE_MULU, four ADD3A, a
   store), against 26 for two mac_row steps. Same bounds as above: neither sum overflows. */
.macro MAC2_COLUMN xnew, xold, o
    ld \xnew, \o+8(a1)
    ld t2, \o(a0)
    mulhu t3, \xnew, a2
    mul t4, \xnew, a2
    add t4, t2, t4
    sltu a4, t4, t2
    add t3, a4, t3
    add t4, a5, t4
    sltu a4, t4, a5
    add a5, a4, t3
    mulhu t5, \xold, a3
    mul t6, \xold, a3
    add t6, t4, t6
    sltu a4, t6, t4
    add t5, a4, t5
    add t6, a6, t6
    sltu a4, t6, a6
    add a6, a4, t5
    sd t6, \o(a0)
.endm

    .globl mac_rows2
    .type mac_rows2, @function
    .p2align 2
mac_rows2:
    beqz a4, 3f
    sh3add a7, a4, a0           /* end of t's columns */
    ld t1, 0(a1)                /* x[0]: the first column's y1 operand */
    addi a4, a0, 16             /* a4 is free between columns: the end of the next pair */
    bgtu a4, a7, 2f
1:
    MAC2_COLUMN t0, t1, 0
    MAC2_COLUMN t1, t0, 8
    addi a1, a1, 16
    addi a0, a0, 16
    addi a4, a0, 16
    bgeu a7, a4, 1b
2:
    beq a0, a7, 3f              /* an odd column left */
    MAC2_COLUMN t0, t1, 0
3:
    mv a0, a5
    mv a1, a6
    ret
    .size mac_rows2, . - mac_rows2
