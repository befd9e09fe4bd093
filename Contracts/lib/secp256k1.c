/* secp256k1 verification and recovery for the contracts. See secp256k1.h. Variable time
   throughout: every input is public (keys, signatures, digests). */
#include "secp256k1.h"

#include "../include/ckbcrypto_errors.h"
#include "../include/ckb_wide.h"
#include "ckb_string.h"


typedef struct {
    secp256k1_fe x, y, z;
    int infinity;
} secp256k1_gej;

/* ------------------------------------------------------------------------------------------ */
/* Field: GF(p), p = 2^256 - c, c = 2^32 + 977.                                               */

#define FE_C 0x1000003D1ULL
#define FE_P0 0xFFFFFFFEFFFFFC2FULL

static const secp256k1_fe fe_one = {{1, 0, 0, 0}};
static const secp256k1_fe fe_seven = {{7, 0, 0, 0}};
static const secp256k1_fe fe_beta = {{0xC1396C28719501EEULL, 0x9CF0497512F58995ULL, 0x6E64479EAC3434E9ULL, 0x7AE96A2B657C0710ULL}};

static inline int fe_is_zero(const secp256k1_fe *a) { return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0; }

static inline int fe_equal(const secp256k1_fe *a, const secp256k1_fe *b) {
    return ((a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3])) == 0;
}

/* Big-endian bytes to limbs. */
static void limbs_read(uint64_t v[4], const uint8_t in[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 0; j < 8; j++) x = x << 8 | in[8 * i + j];
        v[3 - i] = x;
    }
}

static void limbs_write(uint8_t out[32], const uint64_t v[4]) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(v[3 - i] >> (56 - 8 * j));
}

/* Whether the limbs are below p. */
static inline int fe_below_p(const uint64_t v[4]) {
    return !(v[3] == ~0ULL && v[2] == ~0ULL && v[1] == ~0ULL && v[0] >= FE_P0);
}

/* s + k 2^256 (k below 2^35) reduced fully. */
static inline void fe_finish(secp256k1_fe *r, uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3, uint64_t k) {
    u128 t = mul_wide_u64(k, FE_C) + s0;
    uint64_t r0 = (uint64_t)t;
    t = (t >> 64) + s1;
    uint64_t r1 = (uint64_t)t;
    t = (t >> 64) + s2;
    uint64_t r2 = (uint64_t)t;
    t = (t >> 64) + s3;
    uint64_t r3 = (uint64_t)t;
    if ((uint64_t)(t >> 64)) {
        /* The value was 2^256 + r with r below 2^67: r1 is at most 7, so one carry suffices. */
        r0 += FE_C;
        r1 += r0 < FE_C;
    }
    if (r3 == ~0ULL && r2 == ~0ULL && r1 == ~0ULL && r0 >= FE_P0) {
        r0 -= FE_P0;
        r1 = r2 = r3 = 0;
    }
    r->v[0] = r0;
    r->v[1] = r1;
    r->v[2] = r2;
    r->v[3] = r3;
}

static inline void fe_add(secp256k1_fe *r, const secp256k1_fe *a, const secp256k1_fe *b) {
    u128 t = (u128)a->v[0] + b->v[0];
    uint64_t s0 = (uint64_t)t;
    t = (t >> 64) + a->v[1] + b->v[1];
    uint64_t s1 = (uint64_t)t;
    t = (t >> 64) + a->v[2] + b->v[2];
    uint64_t s2 = (uint64_t)t;
    t = (t >> 64) + a->v[3] + b->v[3];
    fe_finish(r, s0, s1, s2, (uint64_t)t, (uint64_t)(t >> 64));
}

static inline void fe_sub(secp256k1_fe *r, const secp256k1_fe *a, const secp256k1_fe *b) {
    uint64_t d0 = a->v[0] - b->v[0], w = a->v[0] < b->v[0];
    uint64_t d1 = a->v[1] - b->v[1] - w;
    w = (a->v[1] < b->v[1]) | ((a->v[1] == b->v[1]) & w);
    uint64_t d2 = a->v[2] - b->v[2] - w;
    w = (a->v[2] < b->v[2]) | ((a->v[2] == b->v[2]) & w);
    uint64_t d3 = a->v[3] - b->v[3] - w;
    w = (a->v[3] < b->v[3]) | ((a->v[3] == b->v[3]) & w);
    if (w) {
        /* a - b + 2^256 is in the limbs; a - b + p is that minus c, which is below p. */
        uint64_t c = d0 < FE_C;
        d0 -= FE_C;
        uint64_t c1 = d1 < c;
        d1 -= c;
        uint64_t c2 = d2 < c1;
        d2 -= c1;
        d3 -= c2;
    }
    r->v[0] = d0;
    r->v[1] = d1;
    r->v[2] = d2;
    r->v[3] = d3;
}

static inline void fe_negate(secp256k1_fe *r, const secp256k1_fe *a) {
    static const secp256k1_fe zero = {{0, 0, 0, 0}};
    fe_sub(r, &zero, a);
}

/* The 512-bit product a b, row by row, into the locals r0..r7 (a macro, so that the eight words
   stay in registers: CKB-VM charges 2 cycles for every spill and reload). */
#define MUL_WIDE(a, b)                                                   \
    u128 t;                                                              \
    uint64_t r0, r1, r2, r3, r4, r5, r6, r7;                             \
    t = mul_wide_u64((a)[0], (b)[0]);                                           \
    r0 = (uint64_t)t;                                                    \
    t = mul_wide_u64((a)[0], (b)[1]) + (t >> 64); r1 = (uint64_t)t;             \
    t = mul_wide_u64((a)[0], (b)[2]) + (t >> 64); r2 = (uint64_t)t;             \
    t = mul_wide_u64((a)[0], (b)[3]) + (t >> 64); r3 = (uint64_t)t;             \
    r4 = (uint64_t)(t >> 64);                                            \
    t = mul_wide_u64((a)[1], (b)[0]) + r1; r1 = (uint64_t)t;                    \
    t = mul_wide_u64((a)[1], (b)[1]) + r2 + (t >> 64); r2 = (uint64_t)t;        \
    t = mul_wide_u64((a)[1], (b)[2]) + r3 + (t >> 64); r3 = (uint64_t)t;        \
    t = mul_wide_u64((a)[1], (b)[3]) + r4 + (t >> 64); r4 = (uint64_t)t;        \
    r5 = (uint64_t)(t >> 64);                                            \
    t = mul_wide_u64((a)[2], (b)[0]) + r2; r2 = (uint64_t)t;                    \
    t = mul_wide_u64((a)[2], (b)[1]) + r3 + (t >> 64); r3 = (uint64_t)t;        \
    t = mul_wide_u64((a)[2], (b)[2]) + r4 + (t >> 64); r4 = (uint64_t)t;        \
    t = mul_wide_u64((a)[2], (b)[3]) + r5 + (t >> 64); r5 = (uint64_t)t;        \
    r6 = (uint64_t)(t >> 64);                                            \
    t = mul_wide_u64((a)[3], (b)[0]) + r3; r3 = (uint64_t)t;                    \
    t = mul_wide_u64((a)[3], (b)[1]) + r4 + (t >> 64); r4 = (uint64_t)t;        \
    t = mul_wide_u64((a)[3], (b)[2]) + r5 + (t >> 64); r5 = (uint64_t)t;        \
    t = mul_wide_u64((a)[3], (b)[3]) + r6 + (t >> 64); r6 = (uint64_t)t;        \
    r7 = (uint64_t)(t >> 64)

static inline void mul_wide(uint64_t w[8], const uint64_t a[4], const uint64_t b[4]) {
    MUL_WIDE(a, b);
    w[0] = r0; w[1] = r1; w[2] = r2; w[3] = r3; w[4] = r4; w[5] = r5; w[6] = r6; w[7] = r7;
}

/* r = (r0..r7) mod p: the high half times c folds into the low half. */
static inline void fe_reduce8(secp256k1_fe *r, uint64_t r0, uint64_t r1, uint64_t r2, uint64_t r3,
                              uint64_t r4, uint64_t r5, uint64_t r6, uint64_t r7) {
    u128 t = mul_wide_u64(r4, FE_C) + r0;
    uint64_t s0 = (uint64_t)t;
    t = mul_wide_u64(r5, FE_C) + r1 + (t >> 64);
    uint64_t s1 = (uint64_t)t;
    t = mul_wide_u64(r6, FE_C) + r2 + (t >> 64);
    uint64_t s2 = (uint64_t)t;
    t = mul_wide_u64(r7, FE_C) + r3 + (t >> 64);
    fe_finish(r, s0, s1, s2, (uint64_t)t, (uint64_t)(t >> 64));
}

/* Multiplication and squaring come in two forms: `_inline` for the point formulas and the
   square-root chain (the hot loops; inlining saves each call's register saves and restores, about
   a quarter of its cycles), and a plain call everywhere else, to keep the binary small. */
static inline __attribute__((always_inline)) void fe_mul_inline(secp256k1_fe *r, const secp256k1_fe *a, const secp256k1_fe *b) {
    MUL_WIDE(a->v, b->v);
    fe_reduce8(r, r0, r1, r2, r3, r4, r5, r6, r7);
}

static __attribute__((noinline)) void fe_mul(secp256k1_fe *r, const secp256k1_fe *a, const secp256k1_fe *b) { fe_mul_inline(r, a, b); }

/* The square: six cross products, doubled, plus four squares. */
static inline __attribute__((always_inline)) void fe_sqr_inline(secp256k1_fe *r, const secp256k1_fe *a) {
    const uint64_t *x = a->v;
    u128 t;
    uint64_t x1, x2, x3, x4, x5, x6;
    t = mul_wide_u64(x[0], x[1]);
    x1 = (uint64_t)t;
    t = mul_wide_u64(x[0], x[2]) + (t >> 64); x2 = (uint64_t)t;
    t = mul_wide_u64(x[0], x[3]) + (t >> 64); x3 = (uint64_t)t;
    x4 = (uint64_t)(t >> 64);
    t = mul_wide_u64(x[1], x[2]) + x3; x3 = (uint64_t)t;
    t = mul_wide_u64(x[1], x[3]) + x4 + (t >> 64); x4 = (uint64_t)t;
    x5 = (uint64_t)(t >> 64);
    t = mul_wide_u64(x[2], x[3]) + x5; x5 = (uint64_t)t;
    x6 = (uint64_t)(t >> 64);
    uint64_t d7 = x6 >> 63, d6 = x6 << 1 | x5 >> 63, d5 = x5 << 1 | x4 >> 63, d4 = x4 << 1 | x3 >> 63;
    uint64_t d3 = x3 << 1 | x2 >> 63, d2 = x2 << 1 | x1 >> 63, d1 = x1 << 1;
    uint64_t w0, w1, w2, w3, w4, w5, w6, w7;
    u128 s = mul_wide_u64(x[0], x[0]);
    w0 = (uint64_t)s;
    t = (u128)d1 + (uint64_t)(s >> 64); w1 = (uint64_t)t;
    s = mul_wide_u64(x[1], x[1]);
    t = (u128)d2 + (uint64_t)s + (t >> 64); w2 = (uint64_t)t;
    t = (u128)d3 + (uint64_t)(s >> 64) + (t >> 64); w3 = (uint64_t)t;
    s = mul_wide_u64(x[2], x[2]);
    t = (u128)d4 + (uint64_t)s + (t >> 64); w4 = (uint64_t)t;
    t = (u128)d5 + (uint64_t)(s >> 64) + (t >> 64); w5 = (uint64_t)t;
    s = mul_wide_u64(x[3], x[3]);
    t = (u128)d6 + (uint64_t)s + (t >> 64); w6 = (uint64_t)t;
    t = (u128)d7 + (uint64_t)(s >> 64) + (t >> 64); w7 = (uint64_t)t;
    fe_reduce8(r, w0, w1, w2, w3, w4, w5, w6, w7);
}

static __attribute__((noinline)) void fe_sqr(secp256k1_fe *r, const secp256k1_fe *a) { fe_sqr_inline(r, a); }

static void fe_sqr_n(secp256k1_fe *r, const secp256k1_fe *a, int n) {
    secp256k1_fe x = *a;
    for (int i = 0; i < n; i++) fe_sqr_inline(&x, &x);
    *r = x;
}

static inline void fe_mul_small(secp256k1_fe *r, const secp256k1_fe *a, uint64_t k) {
    u128 t = mul_wide_u64(a->v[0], k);
    uint64_t s0 = (uint64_t)t;
    t = mul_wide_u64(a->v[1], k) + (t >> 64);
    uint64_t s1 = (uint64_t)t;
    t = mul_wide_u64(a->v[2], k) + (t >> 64);
    uint64_t s2 = (uint64_t)t;
    t = mul_wide_u64(a->v[3], k) + (t >> 64);
    fe_finish(r, s0, s1, s2, (uint64_t)t, (uint64_t)(t >> 64));
}

/* a^(p+1)/4 by libsecp256k1's addition-chain shape: x^(2^k - 1) blocks. Returns 1 when it is a
   square root of a. */
static int fe_sqrt(secp256k1_fe *r, const secp256k1_fe *a) {
    secp256k1_fe x2, x3, x6, x9, x11, x22, x44, x88, x176, x220, x223, t;
    fe_sqr(&x2, a);
    fe_mul(&x2, &x2, a);
    fe_sqr(&x3, &x2);
    fe_mul(&x3, &x3, a);
    fe_sqr_n(&x6, &x3, 3);
    fe_mul(&x6, &x6, &x3);
    fe_sqr_n(&x9, &x6, 3);
    fe_mul(&x9, &x9, &x3);
    fe_sqr_n(&x11, &x9, 2);
    fe_mul(&x11, &x11, &x2);
    fe_sqr_n(&x22, &x11, 11);
    fe_mul(&x22, &x22, &x11);
    fe_sqr_n(&x44, &x22, 22);
    fe_mul(&x44, &x44, &x22);
    fe_sqr_n(&x88, &x44, 44);
    fe_mul(&x88, &x88, &x44);
    fe_sqr_n(&x176, &x88, 88);
    fe_mul(&x176, &x176, &x88);
    fe_sqr_n(&x220, &x176, 44);
    fe_mul(&x220, &x220, &x44);
    fe_sqr_n(&x223, &x220, 3);
    fe_mul(&x223, &x223, &x3);
    fe_sqr_n(&t, &x223, 23);
    fe_mul(&t, &t, &x22);
    fe_sqr_n(&t, &t, 6);
    fe_mul(&t, &t, &x2);
    fe_sqr_n(r, &t, 2);
    fe_sqr(&t, r);
    return fe_equal(&t, a);
}

/* ------------------------------------------------------------------------------------------ */
/* Inversion modulo an odd m (p or n), variable time: Kaliski's almost inverse gives
   a^-1 2^k mod m with shifts and additions only; then k batched Montgomery halvings remove 2^k. */

static inline int limbs_geq(const uint64_t a[4], const uint64_t b[4]) {
    for (int i = 3; i >= 0; i--) {
        if (a[i] != b[i]) return a[i] > b[i];
    }
    return 1;
}

/* a -= b (a >= b). */
static inline void limbs_sub(uint64_t a[4], const uint64_t b[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t x = a[i], y = b[i];
        uint64_t d = x - y - borrow;
        borrow = (x < y) | ((x == y) & borrow);
        a[i] = d;
    }
}

static inline void limbs_shr(uint64_t a[4], int t) {
    a[0] = a[0] >> t | a[1] << (64 - t);
    a[1] = a[1] >> t | a[2] << (64 - t);
    a[2] = a[2] >> t | a[3] << (64 - t);
    a[3] >>= t;
}

static inline void wide_shl(uint64_t a[5], int t) {
    a[4] = a[4] << t | a[3] >> (64 - t);
    a[3] = a[3] << t | a[2] >> (64 - t);
    a[2] = a[2] << t | a[1] >> (64 - t);
    a[1] = a[1] << t | a[0] >> (64 - t);
    a[0] <<= t;
}

static inline void wide_add(uint64_t a[5], const uint64_t b[5]) {
    u128 c = 0;
    for (int i = 0; i < 5; i++) {
        c = (c >> 64) + a[i] + b[i];
        a[i] = (uint64_t)c;
    }
}

/* x = x 2^-t mod m for 1 <= t <= 63, where minv = -m^-1 mod 2^64: x + q m is divisible by 2^t
   for q = x minv mod 2^t, and the quotient is below 2m. */
static inline void halve_mod(uint64_t x[4], int t, const uint64_t m[4], uint64_t minv) {
    uint64_t q = (x[0] * minv) & ((1ULL << t) - 1);
    uint64_t w[5];
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c = mul_wide_u64(q, m[i]) + x[i] + (c >> 64);
        w[i] = (uint64_t)c;
    }
    w[4] = (uint64_t)(c >> 64);
    x[0] = w[0] >> t | w[1] << (64 - t);
    x[1] = w[1] >> t | w[2] << (64 - t);
    x[2] = w[2] >> t | w[3] << (64 - t);
    x[3] = w[3] >> t | w[4] << (64 - t);
    if (limbs_geq(x, m)) limbs_sub(x, m);
}

static inline int ctz_capped(uint64_t x) { return x ? __builtin_ctzll(x) : 63; }

/* r = a^-1 mod m for a in [1, m - 1]. */
static void inverse_var(uint64_t out[4], const uint64_t a[4], const uint64_t m[4], uint64_t minv) {
    /* Invariant: u s + v r = m, so r, s <= m while u, v > 0 (r reaches 2m at the last step). */
    uint64_t u[4], v[4], r[5] = {0, 0, 0, 0, 0}, s[5] = {1, 0, 0, 0, 0};
    int k = 0;
    memcpy(u, m, 32);
    memcpy(v, a, 32);
    while (v[0] | v[1] | v[2] | v[3]) {
        if (!(u[0] & 1)) {
            int t = ctz_capped(u[0]);
            limbs_shr(u, t);
            wide_shl(s, t);
            k += t;
        } else if (!(v[0] & 1)) {
            int t = ctz_capped(v[0]);
            limbs_shr(v, t);
            wide_shl(r, t);
            k += t;
        } else if (!limbs_geq(v, u)) {
            limbs_sub(u, v);
            limbs_shr(u, 1);
            wide_add(r, s);
            wide_shl(s, 1);
            k++;
        } else {
            limbs_sub(v, u);
            limbs_shr(v, 1);
            wide_add(s, r);
            wide_shl(r, 1);
            k++;
        }
    }
    /* r < 2m: reduce, then a^-1 2^k = m - r. */
    if (r[4] || limbs_geq(r, m)) limbs_sub(r, m);
    uint64_t x[4];
    memcpy(x, m, 32);
    limbs_sub(x, r);
    while (k > 0) {
        int t = k < 63 ? k : 63;
        halve_mod(x, t, m, minv);
        k -= t;
    }
    memcpy(out, x, 32);
}

static const uint64_t field_p[4] = {FE_P0, ~0ULL, ~0ULL, ~0ULL};

static void fe_inverse_var(secp256k1_fe *r, const secp256k1_fe *a) { inverse_var(r->v, a->v, field_p, 0xD838091DD2253531ULL); }

/* ------------------------------------------------------------------------------------------ */
/* Scalars modulo n.                                                                           */

static const uint64_t order_n[4] = {0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL};
static const uint64_t order_half[4] = {0xDFE92F46681B20A0ULL, 0x5D576E7357A4501DULL, 0xFFFFFFFFFFFFFFFFULL, 0x7FFFFFFFFFFFFFFFULL};
static const uint64_t order_r2[4] = {0x896CF21467D7D140ULL, 0x741496C20E7CF878ULL, 0xE697F5E45BCD07C6ULL, 0x9D671CD581C69BC5ULL};
#define ORDER_N0INV 0x4B0DFF665588B13FULL

static inline int sc_is_zero(const secp256k1_scalar *a) { return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0; }
static inline int sc_is_high(const secp256k1_scalar *a) { return !limbs_geq(order_half, a->v); }

static void sc_add(secp256k1_scalar *r, const secp256k1_scalar *a, const secp256k1_scalar *b) {
    u128 t = 0;
    for (int i = 0; i < 4; i++) {
        t = (t >> 64) + a->v[i] + b->v[i];
        r->v[i] = (uint64_t)t;
    }
    if ((uint64_t)(t >> 64) || limbs_geq(r->v, order_n)) limbs_sub(r->v, order_n);
}

static void sc_negate(secp256k1_scalar *r, const secp256k1_scalar *a) {
    if (sc_is_zero(a)) {
        *r = *a;
        return;
    }
    uint64_t t[4];
    memcpy(t, order_n, 32);
    limbs_sub(t, a->v);
    memcpy(r->v, t, 32);
}

/* Montgomery product a b 2^-256 mod n (CIOS). */
static void sc_montgomery(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
    for (int i = 0; i < 4; i++) {
        u128 c = mul_wide_u64(a[i], b[0]) + t0;
        t0 = (uint64_t)c;
        c = mul_wide_u64(a[i], b[1]) + t1 + (c >> 64);
        t1 = (uint64_t)c;
        c = mul_wide_u64(a[i], b[2]) + t2 + (c >> 64);
        t2 = (uint64_t)c;
        c = mul_wide_u64(a[i], b[3]) + t3 + (c >> 64);
        t3 = (uint64_t)c;
        c = (u128)t4 + (uint64_t)(c >> 64);
        t4 = (uint64_t)c;
        uint64_t t5 = (uint64_t)(c >> 64);
        uint64_t q = t0 * ORDER_N0INV;
        c = mul_wide_u64(q, order_n[0]) + t0;
        c = mul_wide_u64(q, order_n[1]) + t1 + (c >> 64);
        t0 = (uint64_t)c;
        c = mul_wide_u64(q, order_n[2]) + t2 + (c >> 64);
        t1 = (uint64_t)c;
        c = mul_wide_u64(q, order_n[3]) + t3 + (c >> 64);
        t2 = (uint64_t)c;
        c = (u128)t4 + (uint64_t)(c >> 64);
        t3 = (uint64_t)c;
        t4 = t5 + (uint64_t)(c >> 64);
    }
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
    if (t4 || limbs_geq(r, order_n)) limbs_sub(r, order_n);
}

static void sc_mul(secp256k1_scalar *r, const secp256k1_scalar *a, const secp256k1_scalar *b) {
    uint64_t t[4];
    sc_montgomery(t, a->v, b->v);
    sc_montgomery(r->v, t, order_r2);
}

static void sc_inverse_var(secp256k1_scalar *r, const secp256k1_scalar *a) { inverse_var(r->v, a->v, order_n, ORDER_N0INV); }

/* 32 big-endian bytes; 0 when in [1, n - 1]. */
static int sc_read_nonzero(secp256k1_scalar *r, const uint8_t in[32]) {
    limbs_read(r->v, in);
    return (sc_is_zero(r) || limbs_geq(r->v, order_n)) ? -1 : 0;
}

/* The digest as a scalar: 32 bytes mod n. */
static void sc_from_digest(secp256k1_scalar *r, const uint8_t in[32]) {
    limbs_read(r->v, in);
    if (limbs_geq(r->v, order_n)) limbs_sub(r->v, order_n);
}

/* GLV: k = k1 + k2 lambda (mod n) with |k1|, |k2| below 2^128. See Sources/CKBSecp256k1/Scalar.swift. */
static const uint64_t glv_g1[4] = {0xE893209A45DBB031ULL, 0x3DAA8A1471E8CA7FULL, 0xE86C90E49284EB15ULL, 0x3086D221A7D46BCDULL};
static const uint64_t glv_g2[4] = {0x1571B4AE8AC47F71ULL, 0x221208AC9DF506C6ULL, 0x6F547FA90ABFE4C4ULL, 0xE4437ED6010E8828ULL};
static const secp256k1_scalar glv_minus_b1 = {{0x6F547FA90ABFE4C3ULL, 0xE4437ED6010E8828ULL, 0, 0}};
static const secp256k1_scalar glv_minus_b2 = {{0xD765CDA83DB1562CULL, 0x8A280AC50774346DULL, 0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL}};
static const secp256k1_scalar glv_minus_lambda = {{0xE0CFC810B51283CFULL, 0xA880B9FC8EC739C2ULL, 0x5AD9E3FD77ED9BA4ULL, 0xAC9C52B33FA3CF1FULL}};

static void sc_mul_shift_384(secp256k1_scalar *r, const secp256k1_scalar *k, const uint64_t g[4]) {
    uint64_t w[8];
    mul_wide(w, k->v, g);
    uint64_t round = w[5] >> 63;
    r->v[0] = w[6] + round;
    r->v[1] = w[7] + (r->v[0] < round);
    r->v[2] = r->v[3] = 0;
}

static void sc_split_lambda(secp256k1_scalar *k1, secp256k1_scalar *k2, const secp256k1_scalar *k) {
    secp256k1_scalar c1, c2;
    sc_mul_shift_384(&c1, k, glv_g1);
    sc_mul_shift_384(&c2, k, glv_g2);
    sc_mul(&c1, &c1, &glv_minus_b1);
    sc_mul(&c2, &c2, &glv_minus_b2);
    sc_add(k2, &c1, &c2);
    sc_mul(k1, k2, &glv_minus_lambda);
    sc_add(k1, k1, k);
}

/* ------------------------------------------------------------------------------------------ */
/* Group.                                                                                      */

static int ge_set_xo(secp256k1_ge *r, const secp256k1_fe *x, int odd) {
    secp256k1_fe y2;
    fe_sqr(&y2, x);
    fe_mul(&y2, &y2, x);
    fe_add(&y2, &y2, &fe_seven);
    if (!fe_sqrt(&r->y, &y2)) return 0;
    r->x = *x;
    if ((int)(r->y.v[0] & 1) != odd) fe_negate(&r->y, &r->y);
    return 1;
}

static int ge_on_curve(const secp256k1_ge *a) {
    secp256k1_fe y2, x3;
    fe_sqr(&y2, &a->y);
    fe_sqr(&x3, &a->x);
    fe_mul(&x3, &x3, &a->x);
    fe_add(&x3, &x3, &fe_seven);
    return fe_equal(&y2, &x3);
}

static void gej_set_ge(secp256k1_gej *r, const secp256k1_ge *a) {
    r->x = a->x;
    r->y = a->y;
    r->z = fe_one;
    r->infinity = 0;
}

/* 2a (dbl-2009-l). */
static void gej_double(secp256k1_gej *r, const secp256k1_gej *a) {
    if (a->infinity || fe_is_zero(&a->y)) {
        r->infinity = 1;
        return;
    }
    secp256k1_fe A, B, C, D, E, F, t;
    fe_sqr_inline(&A, &a->x);
    fe_sqr_inline(&B, &a->y);
    fe_sqr_inline(&C, &B);
    fe_add(&t, &a->x, &B);
    fe_sqr_inline(&t, &t);
    fe_sub(&t, &t, &A);
    fe_sub(&t, &t, &C);
    fe_add(&D, &t, &t);
    fe_add(&E, &A, &A);
    fe_add(&E, &E, &A);
    fe_sqr_inline(&F, &E);
    fe_mul_inline(&r->z, &a->y, &a->z);
    fe_add(&r->z, &r->z, &r->z);
    fe_sub(&r->x, &F, &D);
    fe_sub(&r->x, &r->x, &D);
    fe_sub(&t, &D, &r->x);
    fe_mul_inline(&r->y, &E, &t);
    fe_mul_small(&C, &C, 8);
    fe_sub(&r->y, &r->y, &C);
    r->infinity = 0;
}

/* a + b for affine b (madd-2007-bl); `negate` uses -b. */
static void gej_add_ge(secp256k1_gej *r, const secp256k1_gej *a, const secp256k1_ge *b, int negate) {
    secp256k1_fe by = b->y;
    if (negate) fe_negate(&by, &by);
    if (a->infinity) {
        r->x = b->x;
        r->y = by;
        r->z = fe_one;
        r->infinity = 0;
        return;
    }
    secp256k1_fe z1z1, u2, s2, h, hh, i, j, rr, v, t;
    fe_sqr_inline(&z1z1, &a->z);
    fe_mul_inline(&u2, &b->x, &z1z1);
    fe_mul_inline(&s2, &by, &a->z);
    fe_mul_inline(&s2, &s2, &z1z1);
    fe_sub(&h, &u2, &a->x);
    fe_sub(&rr, &s2, &a->y);
    if (fe_is_zero(&h)) {
        if (fe_is_zero(&rr)) {
            gej_double(r, a);
        } else {
            r->infinity = 1;
        }
        return;
    }
    fe_sqr_inline(&hh, &h);
    fe_mul_small(&i, &hh, 4);
    fe_mul_inline(&j, &h, &i);
    fe_add(&rr, &rr, &rr);
    fe_mul_inline(&v, &a->x, &i);
    secp256k1_fe x3, y3, z3;
    fe_sqr_inline(&x3, &rr);
    fe_sub(&x3, &x3, &j);
    fe_sub(&x3, &x3, &v);
    fe_sub(&x3, &x3, &v);
    fe_sub(&t, &v, &x3);
    fe_mul_inline(&y3, &rr, &t);
    fe_mul_inline(&t, &a->y, &j);
    fe_sub(&y3, &y3, &t);
    fe_sub(&y3, &y3, &t);
    fe_add(&z3, &a->z, &h);
    fe_sqr_inline(&z3, &z3);
    fe_sub(&z3, &z3, &z1z1);
    fe_sub(&z3, &z3, &hh);
    r->x = x3;
    r->y = y3;
    r->z = z3;
    r->infinity = 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Multiplication: a P + b G.                                                                  */

#include "generated/secp256k1_tables.h" /* secp256k1_odd_g, secp256k1_odd_lambda_g, WINDOW_G */

#define WINDOW_P 5
#define TABLE_P (1 << (WINDOW_P - 2))
#define WNAF_BITS 130

/* Width-w NAF of a value below 2^128; digits[i] is 0 or odd with |d| < 2^(w-1). Returns the
   index past the highest nonzero digit. */
static int wnaf(int8_t digits[WNAF_BITS], const secp256k1_scalar *s, int w) {
    memset(digits, 0, WNAF_BITS);
    uint64_t carry = 0;
    int bit = 0, top = 0;
    while (bit < WNAF_BITS) {
        uint64_t b = (s->v[bit >> 6] >> (bit & 63)) & 1;
        if (b == carry) {
            bit++;
            continue;
        }
        int now = w;
        if (now > WNAF_BITS - bit) now = WNAF_BITS - bit;
        int word = bit >> 6, shift = bit & 63;
        uint64_t x = s->v[word] >> shift;
        if (shift + now > 64 && word < 3) x |= s->v[word + 1] << (64 - shift);
        int64_t d = (int64_t)((x & ((1ULL << now) - 1)) + carry);
        carry = (uint64_t)(d >> (w - 1)) & 1;
        d -= (int64_t)(carry << w);
        digits[bit] = (int8_t)d;
        top = bit + 1;
        bit += now;
    }
    return top;
}

/* The value below 2^128 of s or -s, and whether it was negated. */
static int sc_small(secp256k1_scalar *r, const secp256k1_scalar *s) {
    if (sc_is_high(s)) {
        sc_negate(r, s);
        return 1;
    }
    *r = *s;
    return 0;
}

/* a + b, both Jacobian (add-2007-bl); used only to build the odd multiples of P. */
static void gej_add_var(secp256k1_gej *r, const secp256k1_gej *a, const secp256k1_gej *b) {
    if (a->infinity) {
        *r = *b;
        return;
    }
    if (b->infinity) {
        *r = *a;
        return;
    }
    secp256k1_fe z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    fe_sqr(&z1z1, &a->z);
    fe_sqr(&z2z2, &b->z);
    fe_mul(&u1, &a->x, &z2z2);
    fe_mul(&u2, &b->x, &z1z1);
    fe_mul(&s1, &a->y, &b->z);
    fe_mul(&s1, &s1, &z2z2);
    fe_mul(&s2, &b->y, &a->z);
    fe_mul(&s2, &s2, &z1z1);
    fe_sub(&h, &u2, &u1);
    fe_sub(&rr, &s2, &s1);
    if (fe_is_zero(&h)) {
        if (fe_is_zero(&rr)) {
            gej_double(r, a);
        } else {
            r->infinity = 1;
        }
        return;
    }
    fe_add(&i, &h, &h);
    fe_sqr(&i, &i);
    fe_mul(&j, &h, &i);
    fe_add(&rr, &rr, &rr);
    fe_mul(&v, &u1, &i);
    secp256k1_fe x3, y3, z3;
    fe_sqr(&x3, &rr);
    fe_sub(&x3, &x3, &j);
    fe_sub(&x3, &x3, &v);
    fe_sub(&x3, &x3, &v);
    fe_sub(&t, &v, &x3);
    fe_mul(&y3, &rr, &t);
    fe_mul(&t, &s1, &j);
    fe_sub(&y3, &y3, &t);
    fe_sub(&y3, &y3, &t);
    fe_add(&z3, &a->z, &b->z);
    fe_sqr(&z3, &z3);
    fe_sub(&z3, &z3, &z1z1);
    fe_sub(&z3, &z3, &z2z2);
    fe_mul(&z3, &z3, &h);
    r->x = x3;
    r->y = y3;
    r->z = z3;
    r->infinity = 0;
}

/* The odd multiples P, 3P, ..., (2 TABLE_P - 1) P, affine, with one shared inversion
   (Montgomery's trick). P is a valid key or R, so none of them is infinity. */
static void odd_multiples(secp256k1_ge out[TABLE_P], const secp256k1_ge *p) {
    secp256k1_gej table[TABLE_P], twice;
    gej_set_ge(&table[0], p);
    gej_double(&twice, &table[0]);
    for (int i = 1; i < TABLE_P; i++) gej_add_var(&table[i], &table[i - 1], &twice);
    secp256k1_fe prefix[TABLE_P], acc = fe_one, zi, zi2;
    for (int i = 0; i < TABLE_P; i++) {
        prefix[i] = acc;
        fe_mul(&acc, &acc, &table[i].z);
    }
    fe_inverse_var(&acc, &acc);
    for (int i = TABLE_P - 1; i >= 0; i--) {
        fe_mul(&zi, &acc, &prefix[i]);
        fe_mul(&acc, &acc, &table[i].z);
        fe_sqr(&zi2, &zi);
        fe_mul(&out[i].x, &table[i].x, &zi2);
        fe_mul(&zi2, &zi2, &zi);
        fe_mul(&out[i].y, &table[i].y, &zi2);
    }
}

/* r = a P + b G. */
static void ecmult(secp256k1_gej *r, const secp256k1_ge *p, const secp256k1_scalar *a, const secp256k1_scalar *b) {
    secp256k1_scalar a1, a2, b1, b2;
    sc_split_lambda(&a1, &a2, a);
    sc_split_lambda(&b1, &b2, b);
    int na1 = sc_small(&a1, &a1), na2 = sc_small(&a2, &a2);
    int nb1 = sc_small(&b1, &b1), nb2 = sc_small(&b2, &b2);

    secp256k1_ge table_p[TABLE_P], table_lp[TABLE_P];
    odd_multiples(table_p, p);
    for (int i = 0; i < TABLE_P; i++) {
        fe_mul(&table_lp[i].x, &table_p[i].x, &fe_beta);
        table_lp[i].y = table_p[i].y;
    }

    int8_t w1[WNAF_BITS], w2[WNAF_BITS], w3[WNAF_BITS], w4[WNAF_BITS];
    int top = wnaf(w1, &a1, WINDOW_P);
    int t = wnaf(w2, &a2, WINDOW_P);
    if (t > top) top = t;
    t = wnaf(w3, &b1, WINDOW_G);
    if (t > top) top = t;
    t = wnaf(w4, &b2, WINDOW_G);
    if (t > top) top = t;

    r->infinity = 1;
    for (int i = top - 1; i >= 0; i--) {
        gej_double(r, r);
        int d;
        if ((d = w1[i])) gej_add_ge(r, r, &table_p[(d > 0 ? d : -d) >> 1], (d < 0) != na1);
        if ((d = w2[i])) gej_add_ge(r, r, &table_lp[(d > 0 ? d : -d) >> 1], (d < 0) != na2);
        if ((d = w3[i])) gej_add_ge(r, r, &secp256k1_odd_g[(d > 0 ? d : -d) >> 1], (d < 0) != nb1);
        if ((d = w4[i])) gej_add_ge(r, r, &secp256k1_odd_lambda_g[(d > 0 ? d : -d) >> 1], (d < 0) != nb2);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Keys, signatures, ECDSA.                                                                    */

int secp256k1_pubkey_parse(secp256k1_ge *out, const uint8_t *in, size_t len) {
    secp256k1_fe x;
    if (len == 33 && (in[0] == 0x02 || in[0] == 0x03)) {
        limbs_read(x.v, in + 1);
        if (!fe_below_p(x.v) || !ge_set_xo(out, &x, in[0] == 0x03)) return CKBCRYPTO_ERR_PUBLIC_KEY;
        return 0;
    }
    if (len == 65 && in[0] == 0x04) {
        limbs_read(out->x.v, in + 1);
        limbs_read(out->y.v, in + 33);
        if (!fe_below_p(out->x.v) || !fe_below_p(out->y.v) || !ge_on_curve(out)) return CKBCRYPTO_ERR_PUBLIC_KEY;
        return 0;
    }
    return CKBCRYPTO_ERR_PUBLIC_KEY;
}

void secp256k1_pubkey_serialize_compressed(uint8_t out[33], const secp256k1_ge *point) {
    out[0] = (uint8_t)(0x02 | (point->y.v[0] & 1));
    limbs_write(out + 1, point->x.v);
}

int secp256k1_signature_parse_compact(secp256k1_scalar *r, secp256k1_scalar *s, const uint8_t in[64]) {
    if (sc_read_nonzero(r, in) || sc_read_nonzero(s, in + 32)) return CKBCRYPTO_ERR_SIGNATURE;
    return 0;
}

/* One strict DER INTEGER at *offset into 32 big-endian bytes. */
static int der_integer(uint8_t out[32], const uint8_t *in, size_t len, size_t *offset) {
    size_t at = *offset;
    if (at + 2 > len || in[at] != 0x02) return -1;
    size_t n = in[at + 1];
    if (n == 0 || n >= 0x80 || at + 2 + n > len) return -1;
    const uint8_t *v = in + at + 2;
    if (v[0] & 0x80) return -1;                           /* negative */
    if (n > 1 && v[0] == 0 && !(v[1] & 0x80)) return -1;  /* non-minimal */
    while (n > 0 && *v == 0) {
        v++;
        n--;
    }
    if (n > 32) return -1;
    memset(out, 0, 32 - n);
    memcpy(out + 32 - n, v, n);
    *offset = (size_t)(v + n - in);
    return 0;
}

int secp256k1_signature_parse_der(secp256k1_scalar *r, secp256k1_scalar *s, const uint8_t *in, size_t len) {
    if (len < 2 || in[0] != 0x30 || in[1] >= 0x80 || (size_t)in[1] != len - 2) return CKBCRYPTO_ERR_SIGNATURE;
    uint8_t rb[32], sb[32];
    size_t offset = 2;
    if (der_integer(rb, in, len, &offset) || der_integer(sb, in, len, &offset) || offset != len) {
        return CKBCRYPTO_ERR_SIGNATURE;
    }
    if (sc_read_nonzero(r, rb) || sc_read_nonzero(s, sb)) return CKBCRYPTO_ERR_SIGNATURE;
    return 0;
}

/* Whether x(R) mod n equals r, for R = (X : Y : Z) Jacobian: X == x Z^2 for x = r or r + n. */
static int x_matches(const secp256k1_gej *R, const secp256k1_scalar *r) {
    secp256k1_fe zz, x, t;
    fe_sqr(&zz, &R->z);
    memcpy(x.v, r->v, 32); /* r < n < p */
    fe_mul(&t, &x, &zz);
    if (fe_equal(&t, &R->x)) return 1;
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c = (c >> 64) + r->v[i] + order_n[i];
        x.v[i] = (uint64_t)c;
    }
    if ((uint64_t)(c >> 64) || !fe_below_p(x.v)) return 0;
    fe_mul(&t, &x, &zz);
    return fe_equal(&t, &R->x);
}

int secp256k1_verify(const secp256k1_ge *key, const uint8_t digest[32], const secp256k1_scalar *r,
                     const secp256k1_scalar *s, int allow_high_s) {
    if (!allow_high_s && sc_is_high(s)) return CKBCRYPTO_ERR_MISMATCH;
    secp256k1_scalar z, w, u1, u2;
    sc_from_digest(&z, digest);
    sc_inverse_var(&w, s);
    sc_mul(&u1, &z, &w);
    sc_mul(&u2, r, &w);
    secp256k1_gej R;
    ecmult(&R, key, &u2, &u1);
    if (R.infinity || !x_matches(&R, r)) return CKBCRYPTO_ERR_MISMATCH;
    return 0;
}

int secp256k1_recover(secp256k1_ge *out, const uint8_t signature[65], const uint8_t digest[32]) {
    secp256k1_scalar r, s, z, ri, u1, u2;
    if (secp256k1_signature_parse_compact(&r, &s, signature) || signature[64] > 3) return CKBCRYPTO_ERR_SIGNATURE;
    int id = signature[64];
    secp256k1_fe x;
    memcpy(x.v, r.v, 32);
    if (id & 2) {
        u128 c = 0;
        for (int i = 0; i < 4; i++) {
            c = (c >> 64) + r.v[i] + order_n[i];
            x.v[i] = (uint64_t)c;
        }
        if ((uint64_t)(c >> 64) || !fe_below_p(x.v)) return CKBCRYPTO_ERR_RECOVER;
    }
    secp256k1_ge R;
    if (!ge_set_xo(&R, &x, id & 1)) return CKBCRYPTO_ERR_RECOVER;
    sc_from_digest(&z, digest);
    sc_inverse_var(&ri, &r);
    sc_mul(&u1, &z, &ri);
    sc_negate(&u1, &u1);
    sc_mul(&u2, &s, &ri);
    secp256k1_gej Q;
    ecmult(&Q, &R, &u2, &u1);
    if (Q.infinity) return CKBCRYPTO_ERR_RECOVER;
    secp256k1_fe zi, zi2;
    fe_inverse_var(&zi, &Q.z);
    fe_sqr(&zi2, &zi);
    fe_mul(&out->x, &Q.x, &zi2);
    fe_mul(&zi2, &zi2, &zi);
    fe_mul(&out->y, &Q.y, &zi2);
    return 0;
}
