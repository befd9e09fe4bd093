/* Ed25519 verification (RFC 8032 section 5.1.7), variable time. The twin of Sources/CKBEd25519:
   the same checks in the same order (see ed25519.h). Field elements in five 51-bit limbs with
   128-bit products (fused mulhu/mul pairs), inversion and square root by the usual addition
   chain, the curve constants as limbs, one double multiplication over width-5 signed windows. */
#include "ed25519.h"

#include "../include/ckb_wide.h"
#include "../include/ckbcrypto_errors.h"

typedef struct {
    uint64_t v[5];
} fe;

#define MASK51 ((UINT64_C(1) << 51) - 1)

static void fe_carry(fe *h) {
    for (int i = 0; i < 4; i++) {
        h->v[i + 1] += h->v[i] >> 51;
        h->v[i] &= MASK51;
    }
    uint64_t c = h->v[4] >> 51;
    h->v[4] &= MASK51;
    h->v[0] += 19 * c;
    h->v[1] += h->v[0] >> 51;
    h->v[0] &= MASK51;
}

static void fe_set(fe *h, uint64_t n) {
    h->v[0] = n;
    h->v[1] = h->v[2] = h->v[3] = h->v[4] = 0;
}

static void fe_add(fe *h, const fe *f, const fe *g) {
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
    fe_carry(h);
}

/* f - g + 4p: limbs of f and g stay below 2^52 after a carry. */
static void fe_sub(fe *h, const fe *f, const fe *g) {
    h->v[0] = f->v[0] + UINT64_C(0x1FFFFFFFFFFFB4) - g->v[0];
    for (int i = 1; i < 5; i++) h->v[i] = f->v[i] + UINT64_C(0x1FFFFFFFFFFFFC) - g->v[i];
    fe_carry(h);
}

static void fe_neg(fe *h, const fe *f) {
    fe zero;
    fe_set(&zero, 0);
    fe_sub(h, &zero, f);
}

/* The five 128-bit column sums of a product, carried back to 51-bit limbs (2^255 = 19). */
static void fe_wide_carry(fe *h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
    r1 += (uint64_t)(r0 >> 51);
    r2 += (uint64_t)(r1 >> 51);
    r3 += (uint64_t)(r2 >> 51);
    r4 += (uint64_t)(r3 >> 51);
    u128 t = (u128)((uint64_t)r0 & MASK51) + (u128)(uint64_t)(r4 >> 51) * 19;
    h->v[0] = (uint64_t)t & MASK51;
    h->v[1] = ((uint64_t)r1 & MASK51) + (uint64_t)(t >> 51);
    h->v[2] = (uint64_t)r2 & MASK51;
    h->v[3] = (uint64_t)r3 & MASK51;
    h->v[4] = (uint64_t)r4 & MASK51;
}

static void fe_mul(fe *h, const fe *f, const fe *g) {
    const uint64_t *a = f->v, *b = g->v;
    uint64_t b19[5];
    for (int i = 1; i < 5; i++) b19[i] = 19 * b[i];
    u128 r0 = mul_wide_u64(a[0], b[0]) + mul_wide_u64(a[1], b19[4]) + mul_wide_u64(a[2], b19[3]) + mul_wide_u64(a[3], b19[2]) + mul_wide_u64(a[4], b19[1]);
    u128 r1 = mul_wide_u64(a[0], b[1]) + mul_wide_u64(a[1], b[0]) + mul_wide_u64(a[2], b19[4]) + mul_wide_u64(a[3], b19[3]) + mul_wide_u64(a[4], b19[2]);
    u128 r2 = mul_wide_u64(a[0], b[2]) + mul_wide_u64(a[1], b[1]) + mul_wide_u64(a[2], b[0]) + mul_wide_u64(a[3], b19[4]) + mul_wide_u64(a[4], b19[3]);
    u128 r3 = mul_wide_u64(a[0], b[3]) + mul_wide_u64(a[1], b[2]) + mul_wide_u64(a[2], b[1]) + mul_wide_u64(a[3], b[0]) + mul_wide_u64(a[4], b19[4]);
    u128 r4 = mul_wide_u64(a[0], b[4]) + mul_wide_u64(a[1], b[3]) + mul_wide_u64(a[2], b[2]) + mul_wide_u64(a[3], b[1]) + mul_wide_u64(a[4], b[0]);
    fe_wide_carry(h, r0, r1, r2, r3, r4);
}

static void fe_sq(fe *h, const fe *f) {
    const uint64_t *a = f->v;
    uint64_t d0 = 2 * a[0], d1 = 2 * a[1], d2 = 2 * a[2], d3 = 2 * a[3];
    uint64_t a3_19 = 19 * a[3], a4_19 = 19 * a[4];
    u128 r0 = mul_wide_u64(a[0], a[0]) + mul_wide_u64(d1, a4_19) + mul_wide_u64(d2, a3_19);
    u128 r1 = mul_wide_u64(d0, a[1]) + mul_wide_u64(d2, a4_19) + mul_wide_u64(a[3], a3_19);
    u128 r2 = mul_wide_u64(d0, a[2]) + mul_wide_u64(a[1], a[1]) + mul_wide_u64(d3, a4_19);
    u128 r3 = mul_wide_u64(d0, a[3]) + mul_wide_u64(d1, a[2]) + mul_wide_u64(a[4], a4_19);
    u128 r4 = mul_wide_u64(d0, a[4]) + mul_wide_u64(d1, a[3]) + mul_wide_u64(a[2], a[2]);
    fe_wide_carry(h, r0, r1, r2, r3, r4);
}

/* f^(2^n). */
static void fe_sqn(fe *h, const fe *f, int n) {
    fe_sq(h, f);
    while (--n > 0) fe_sq(h, h);
}

/* z^(2^250 - 1) and z^11: the common part of inversion and of the square root's exponent
   (254 squarings and 11 multiplications in all, the usual addition chain). */
static void fe_pow_2_250_1(fe *z250, fe *z11, const fe *z) {
    fe z2, z9, t, z5, z10, z20, z50, z100;
    fe_sq(&z2, z);
    fe_sqn(&t, &z2, 2);
    fe_mul(&z9, &t, z);            /* z^9 */
    fe_mul(z11, &z9, &z2);         /* z^11 */
    fe_sq(&t, z11);
    fe_mul(&z5, &t, &z9);          /* z^(2^5 - 1) */
    fe_sqn(&t, &z5, 5);
    fe_mul(&z10, &t, &z5);         /* z^(2^10 - 1) */
    fe_sqn(&t, &z10, 10);
    fe_mul(&z20, &t, &z10);        /* z^(2^20 - 1) */
    fe_sqn(&t, &z20, 20);
    fe_mul(&t, &t, &z20);          /* z^(2^40 - 1) */
    fe_sqn(&t, &t, 10);
    fe_mul(&z50, &t, &z10);        /* z^(2^50 - 1) */
    fe_sqn(&t, &z50, 50);
    fe_mul(&z100, &t, &z50);       /* z^(2^100 - 1) */
    fe_sqn(&t, &z100, 100);
    fe_mul(&t, &t, &z100);         /* z^(2^200 - 1) */
    fe_sqn(&t, &t, 50);
    fe_mul(z250, &t, &z50);        /* z^(2^250 - 1) */
}

/* 1/z = z^(p - 2) = z^(2^255 - 21). */
static void fe_invert(fe *h, const fe *z) {
    fe z250, z11;
    fe_pow_2_250_1(&z250, &z11, z);
    fe_sqn(&z250, &z250, 5);
    fe_mul(h, &z250, &z11);
}

/* z^((p - 5) / 8) = z^(2^252 - 3). */
static void fe_pow22523(fe *h, const fe *z) {
    fe z250, z11;
    fe_pow_2_250_1(&z250, &z11, z);
    fe_sqn(&z250, &z250, 2);
    fe_mul(h, &z250, z);
}

/* The canonical 32 bytes (value reduced below p). */
static void fe_tobytes(uint8_t out[32], const fe *f) {
    fe h = *f;
    fe_carry(&h);
    fe_carry(&h);
    /* h < 2^255 + small: add 19 and see whether it passes 2^255, i.e. whether h >= p. */
    uint64_t q = (h.v[0] + 19) >> 51;
    for (int i = 1; i < 5; i++) q = (h.v[i] + q) >> 51;
    h.v[0] += 19 * q;
    for (int i = 0; i < 4; i++) {
        h.v[i + 1] += h.v[i] >> 51;
        h.v[i] &= MASK51;
    }
    h.v[4] &= MASK51;
    uint64_t w[4] = {h.v[0] | h.v[1] << 51, h.v[1] >> 13 | h.v[2] << 38, h.v[2] >> 26 | h.v[3] << 25,
                     h.v[3] >> 39 | h.v[4] << 12};
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(w[i >> 3] >> (8 * (i & 7)));
}

static void words(uint64_t w[4], const uint8_t b[32]) {
    for (int i = 0; i < 4; i++) {
        w[i] = 0;
        for (int j = 7; j >= 0; j--) w[i] = w[i] << 8 | b[8 * i + j];
    }
}

/* The element of a 255-bit value (bit 255 must be clear). */
static void fe_fromwords(fe *h, const uint64_t w[4]) {
    h->v[0] = w[0] & MASK51;
    h->v[1] = (w[0] >> 51 | w[1] << 13) & MASK51;
    h->v[2] = (w[1] >> 38 | w[2] << 26) & MASK51;
    h->v[3] = (w[2] >> 25 | w[3] << 39) & MASK51;
    h->v[4] = w[3] >> 12;
}

static int fe_iszero(const fe *f) {
    uint8_t b[32], acc = 0;
    fe_tobytes(b, f);
    for (int i = 0; i < 32; i++) acc |= b[i];
    return acc == 0;
}

static int fe_isnegative(const fe *f) {
    uint8_t b[32];
    fe_tobytes(b, f);
    return b[0] & 1;
}

static int fe_equal(const fe *f, const fe *g) {
    fe d;
    fe_sub(&d, f, g);
    return fe_iszero(&d);
}

/* Points in extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, xy = T/Z, and addends
   prepared as (Y + X, Y - X, Z, 2dT). The formulas (Hisil, Wong, Carter, Dawson 2008, a = -1)
   are complete on this curve. */
typedef struct {
    fe X, Y, Z, T;
} point;
typedef struct {
    fe YpX, YmX, Z, T2d;
} cached;

/* The curve constants, as limbs: d = -121665/121666, 2d, sqrt(-1) = 2^((p-1)/4), and the base
   point B (y = 4/5, x even) with T = xy. Derived from those definitions (a test checks them by
   the verdicts: no signature verifies with a wrong one). */
static const fe D2 = {{UINT64_C(0x69b9426b2f159), UINT64_C(0x35050762add7a), UINT64_C(0x3cf44c0038052),
                       UINT64_C(0x6738cc7407977), UINT64_C(0x2406d9dc56dff)}};
static const fe D = {{UINT64_C(0x34dca135978a3), UINT64_C(0x1a8283b156ebd), UINT64_C(0x5e7a26001c029),
                      UINT64_C(0x739c663a03cbb), UINT64_C(0x52036cee2b6ff)}};
static const fe SQRTM1 = {{UINT64_C(0x61b274a0ea0b0), UINT64_C(0xd5a5fc8f189d), UINT64_C(0x7ef5e9cbd0c60),
                           UINT64_C(0x78595a6804c9e), UINT64_C(0x2b8324804fc1d)}};
static const point BASE = {
    {{UINT64_C(0x62d608f25d51a), UINT64_C(0x412a4b4f6592a), UINT64_C(0x75b7171a4b31d), UINT64_C(0x1ff60527118fe),
      UINT64_C(0x216936d3cd6e5)}},
    {{UINT64_C(0x6666666666658), UINT64_C(0x4cccccccccccc), UINT64_C(0x1999999999999), UINT64_C(0x3333333333333),
      UINT64_C(0x6666666666666)}},
    {{1, 0, 0, 0, 0}},
    {{UINT64_C(0x68ab3a5b7dda3), UINT64_C(0xeea2a5eadbb), UINT64_C(0x2af8df483c27e), UINT64_C(0x332b375274732),
      UINT64_C(0x67875f0fd78b7)}},
};

static void point_identity(point *p) {
    fe_set(&p->X, 0);
    fe_set(&p->Y, 1);
    fe_set(&p->Z, 1);
    fe_set(&p->T, 0);
}

static void point_cache(cached *c, const point *p) {
    fe_add(&c->YpX, &p->Y, &p->X);
    fe_sub(&c->YmX, &p->Y, &p->X);
    c->Z = p->Z;
    fe_mul(&c->T2d, &p->T, &D2);
}

/* r = p + q, or p - q when `negate`. */
static void point_add(point *r, const point *p, const cached *q, int negate) {
    fe a, b, c, d, e, f, g, h, t;
    fe_sub(&t, &p->Y, &p->X);
    fe_mul(&a, &t, negate ? &q->YpX : &q->YmX);
    fe_add(&t, &p->Y, &p->X);
    fe_mul(&b, &t, negate ? &q->YmX : &q->YpX);
    fe_mul(&c, &p->T, &q->T2d);
    fe_mul(&d, &p->Z, &q->Z);
    fe_add(&d, &d, &d);
    fe_sub(&e, &b, &a);
    if (negate) {
        fe_add(&f, &d, &c);
        fe_sub(&g, &d, &c);
    } else {
        fe_sub(&f, &d, &c);
        fe_add(&g, &d, &c);
    }
    fe_add(&h, &b, &a);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

static void point_double(point *r, const point *p) {
    fe a, b, c, e, f, g, h, t;
    fe_sq(&a, &p->X);
    fe_sq(&b, &p->Y);
    fe_sq(&c, &p->Z);
    fe_add(&c, &c, &c);
    fe_add(&t, &p->X, &p->Y);
    fe_sq(&e, &t);
    fe_sub(&e, &e, &a);
    fe_sub(&e, &e, &b);  /* E = (X + Y)^2 - A - B */
    fe_sub(&g, &b, &a);  /* G = B - A */
    fe_sub(&f, &g, &c);  /* F = G - C */
    fe_add(&h, &a, &b);
    fe_neg(&h, &h);      /* H = -A - B */
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

static void point_encode(uint8_t out[32], const point *p) {
    fe zi, x, y;
    fe_invert(&zi, &p->Z);
    fe_mul(&x, &p->X, &zi);
    fe_mul(&y, &p->Y, &zi);
    fe_tobytes(out, &y);
    out[31] |= (uint8_t)(fe_isnegative(&x) << 7);
}

/* y below p: the y and the sign bit, or -1. */
static int decode_y(fe *y, int *sign, const uint8_t b[32]) {
    uint64_t w[4];
    words(w, b);
    *sign = (int)(w[3] >> 63);
    w[3] &= UINT64_C(0x7FFFFFFFFFFFFFFF);
    if (w[3] == UINT64_C(0x7FFFFFFFFFFFFFFF) && w[2] == ~UINT64_C(0) && w[1] == ~UINT64_C(0) &&
        w[0] >= UINT64_C(0xFFFFFFFFFFFFFFED))
        return -1;
    fe_fromwords(y, w);
    return 0;
}

/* RFC 8032 section 5.1.3, strict: 0 and the point, or -1. */
static int point_decode(point *p, const uint8_t b[32]) {
    fe y, yy, u, v, one, v3, v7, t, x, check;
    int sign;
    if (decode_y(&y, &sign, b)) return -1;
    fe_set(&one, 1);
    fe_sq(&yy, &y);
    fe_sub(&u, &yy, &one);        /* y^2 - 1 */
    fe_mul(&v, &yy, &D);
    fe_add(&v, &v, &one);         /* d y^2 + 1 */
    fe_sq(&v3, &v);
    fe_mul(&v3, &v3, &v);         /* v^3 */
    fe_sq(&v7, &v3);
    fe_mul(&v7, &v7, &v);         /* v^7 */
    fe_mul(&t, &u, &v7);
    fe_pow22523(&t, &t);
    fe_mul(&x, &u, &v3);
    fe_mul(&x, &x, &t);           /* x = u v^3 (u v^7)^((p-5)/8) */
    fe_sq(&check, &x);
    fe_mul(&check, &check, &v);   /* v x^2 */
    if (!fe_equal(&check, &u)) {
        fe nu;
        fe_neg(&nu, &u);
        if (!fe_equal(&check, &nu)) return -1;
        fe_mul(&x, &x, &SQRTM1);
    }
    if (fe_iszero(&x) && sign) return -1;
    if (fe_isnegative(&x) != sign) fe_neg(&x, &x);
    p->X = x;
    p->Y = y;
    fe_set(&p->Z, 1);
    fe_mul(&p->T, &x, &y);
    return 0;
}

/* Whether the bytes, sign bit ignored and y taken modulo p, are the y of a point of order 1, 2,
   4 or 8: y in {0, 1, -1, y8, -y8} (libsodium's ge25519_has_small_order list). */
static int small_order(const uint8_t b[32]) {
    static const uint64_t p[4] = {UINT64_C(0xFFFFFFFFFFFFFFED), ~UINT64_C(0), ~UINT64_C(0), UINT64_C(0x7FFFFFFFFFFFFFFF)};
    static const uint64_t y8[4] = {UINT64_C(0xB027B2C28F95E826), UINT64_C(0xF098EFF289F4C345), UINT64_C(0x3933C6D305ACDFD5),
                                   UINT64_C(0x05FC536D880238B1)};
    uint64_t w[4], minus1[4], ny8[4];
    words(w, b);
    w[3] &= UINT64_C(0x7FFFFFFFFFFFFFFF);
    if (w[3] == p[3] && w[2] == p[2] && w[1] == p[1] && w[0] >= p[0]) {
        /* y in [p, 2^255): y - p is below 19 */
        w[0] -= p[0];
        w[1] = w[2] = w[3] = 0;
    }
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        minus1[i] = p[i] - (i == 0);
        uint64_t d = p[i] - y8[i];
        uint64_t b2 = (p[i] < y8[i]) | (d < borrow);
        ny8[i] = d - borrow;
        borrow = b2;
    }
    if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[0] <= 1) return 1;
    int eq_m1 = 1, eq_y8 = 1, eq_ny8 = 1;
    for (int i = 0; i < 4; i++) {
        eq_m1 &= w[i] == minus1[i];
        eq_y8 &= w[i] == y8[i];
        eq_ny8 &= w[i] == ny8[i];
    }
    return eq_m1 | eq_y8 | eq_ny8;
}

/* The group order L = 2^252 + 27742317777372353535851937790883648493, little endian. */
static const uint64_t L[4] = {UINT64_C(0x5812631A5CF5D3ED), UINT64_C(0x14DEF9DEA2F79CD6), 0, UINT64_C(0x1000000000000000)};

static int below_l(const uint64_t w[4]) {
    for (int i = 3; i >= 0; i--) {
        if (w[i] != L[i]) return w[i] < L[i];
    }
    return 0;
}

/* The 64-byte little-endian value modulo L, one bit at a time from the top. */
static void reduce_512(uint64_t r[4], const uint8_t h[64]) {
    r[0] = r[1] = r[2] = r[3] = 0;
    for (int bit = 511; bit >= 0; bit--) {
        r[3] = r[3] << 1 | r[2] >> 63;
        r[2] = r[2] << 1 | r[1] >> 63;
        r[1] = r[1] << 1 | r[0] >> 63;
        r[0] = r[0] << 1 | ((h[bit >> 3] >> (bit & 7)) & 1);
        if (!below_l(r)) {
            uint64_t borrow = 0;
            for (int i = 0; i < 4; i++) {
                uint64_t d = r[i] - L[i];
                uint64_t b2 = (r[i] < L[i]) | (d < borrow);
                r[i] = d - borrow;
                borrow = b2;
            }
        }
    }
}

/* Signed digits of a scalar below 2^253: every nonzero digit odd, in [-15, 15], with at least
   four zeros after it. */
static void signed_digits(int8_t r[256], const uint64_t s[4]) {
    for (int i = 0; i < 256; i++) r[i] = (int8_t)((s[i >> 6] >> (i & 63)) & 1);
    for (int i = 0; i < 256; i++) {
        if (!r[i]) continue;
        for (int b = 1; b <= 6 && i + b < 256; b++) {
            if (!r[i + b]) continue;
            int shifted = r[i + b] << b;
            if (r[i] + shifted <= 15) {
                r[i] = (int8_t)(r[i] + shifted);
                r[i + b] = 0;
            } else if (r[i] - shifted >= -15) {
                r[i] = (int8_t)(r[i] - shifted);
                for (int k = i + b; k < 256; k++) {
                    if (!r[k]) {
                        r[k] = 1;
                        break;
                    }
                    r[k] = 0;
                }
            } else {
                break;
            }
        }
    }
}

/* (2i + 1) P for i < 8, prepared. */
static void odd_multiples(cached table[8], const point *p) {
    point twice, acc = *p;
    cached c2;
    point_double(&twice, p);
    point_cache(&c2, &twice);
    point_cache(&table[0], p);
    for (int i = 1; i < 8; i++) {
        point_add(&acc, &acc, &c2, 0);
        point_cache(&table[i], &acc);
    }
}

int ed25519_check_public_key(const uint8_t key[32]) {
    fe y;
    int sign;
    point a;
    if (decode_y(&y, &sign, key)) return CKBCRYPTO_ERR_PUBLIC_KEY;
    if (small_order(key)) return CKBCRYPTO_ERR_PUBLIC_KEY;
    if (point_decode(&a, key)) return CKBCRYPTO_ERR_PUBLIC_KEY;
    return 0;
}

_Static_assert(sizeof(((ed25519_verifier *)0)->point) == sizeof(point), "ed25519_verifier.point holds a point");

int ed25519_verify_prepare(ed25519_verifier *v, const uint8_t key[32], const uint8_t signature[64]) {
    fe y;
    int sign;
    point *a = (point *)v->point;
    if (decode_y(&y, &sign, key) || small_order(key) || point_decode(a, key)) return CKBCRYPTO_ERR_PUBLIC_KEY;
    uint64_t s[4];
    words(s, signature + 32);
    if (!below_l(s)) return CKBCRYPTO_ERR_SIGNATURE;
    if (small_order(signature)) return CKBCRYPTO_ERR_SIGNATURE;
    for (int i = 0; i < 64; i++) v->signature[i] = signature[i];
    sha512_init(&v->hash);
    sha512_update(&v->hash, signature, 32);
    sha512_update(&v->hash, key, 32);
    return 0;
}

int ed25519_verify_finish(ed25519_verifier *v) {
    uint8_t digest[64];
    sha512_final(&v->hash, digest);
    uint64_t k[4], s[4];
    reduce_512(k, digest);
    words(s, v->signature + 32);

    point a = *(point *)v->point;
    /* -A */
    fe_neg(&a.X, &a.X);
    fe_neg(&a.T, &a.T);
    static cached ta[8], tb[8];
    odd_multiples(ta, &a);
    odd_multiples(tb, &BASE);
    static int8_t dk[256], ds[256];
    signed_digits(dk, k);
    signed_digits(ds, s);

    point r;
    point_identity(&r);
    int top = 255;
    while (top >= 0 && !dk[top] && !ds[top]) top--;
    for (int i = top; i >= 0; i--) {
        point_double(&r, &r);
        if (dk[i] > 0) point_add(&r, &r, &ta[dk[i] >> 1], 0);
        if (dk[i] < 0) point_add(&r, &r, &ta[(-dk[i]) >> 1], 1);
        if (ds[i] > 0) point_add(&r, &r, &tb[ds[i] >> 1], 0);
        if (ds[i] < 0) point_add(&r, &r, &tb[(-ds[i]) >> 1], 1);
    }
    uint8_t check[32];
    point_encode(check, &r);
    uint8_t diff = 0;
    for (int i = 0; i < 32; i++) diff |= check[i] ^ v->signature[i];
    return diff ? CKBCRYPTO_ERR_MISMATCH : 0;
}

int ed25519_verify_variable_time(const uint8_t key[32], const uint8_t signature[64], const uint8_t *message,
                                 size_t length) {
    ed25519_verifier v;
    int ret = ed25519_verify_prepare(&v, key, signature);
    if (ret) return ret;
    sha512_update(&v.hash, message, length);
    return ed25519_verify_finish(&v);
}
