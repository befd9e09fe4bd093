/* RSA verification for the contracts. See rsa.h. */
#include "rsa.h"

#include "../include/ckbcrypto_errors.h"
#include "../include/ckb_wide.h"
#include "ckb_string.h"
#include "sha256.h"
#include "sha512.h"


/* ------------------------------------------------------------------------------------------ */
/* Strict DER.                                                                                 */

/* One TLV at *at with the given tag: its contents. Definite minimal lengths only. */
static int der_read(const uint8_t *in, size_t len, size_t *at, uint8_t tag, const uint8_t **value, size_t *value_len) {
    size_t p = *at;
    if (p + 2 > len || in[p] != tag) return -1;
    size_t n = in[p + 1];
    p += 2;
    if (n & 0x80) {
        size_t bytes = n & 0x7F;
        if (bytes == 0 || bytes > 2 || p + bytes > len || in[p] == 0) return -1;
        n = 0;
        for (size_t i = 0; i < bytes; i++) n = n << 8 | in[p + i];
        p += bytes;
        if (n < 0x80 || (bytes == 2 && n < 0x100)) return -1; /* not the shortest form */
    }
    if (n > len - p) return -1;
    *value = in + p;
    *value_len = n;
    *at = p + n;
    return 0;
}

/* A minimal positive INTEGER's magnitude. */
static int der_positive_integer(const uint8_t *in, size_t len, size_t *at, const uint8_t **mag, size_t *mag_len) {
    const uint8_t *v;
    size_t n;
    if (der_read(in, len, at, 0x02, &v, &n) || n == 0) return -1;
    if (v[0] & 0x80) return -1;                          /* negative */
    if (n > 1 && v[0] == 0 && !(v[1] & 0x80)) return -1; /* not minimal */
    if (v[0] == 0) {
        v++;
        n--;
    }
    if (n == 0) return -1; /* zero */
    *mag = v;
    *mag_len = n;
    return 0;
}

int rsa_parse_pkcs1(rsa_key *key, const uint8_t *der, size_t len, size_t min_bits) {
    size_t at = 0, inner = 0;
    const uint8_t *seq, *n, *e;
    size_t seq_len, n_len, e_len;
    if (der_read(der, len, &at, 0x30, &seq, &seq_len) || at != len) return CKBCRYPTO_ERR_PUBLIC_KEY;
    if (der_positive_integer(seq, seq_len, &inner, &n, &n_len) || der_positive_integer(seq, seq_len, &inner, &e, &e_len) ||
        inner != seq_len) {
        return CKBCRYPTO_ERR_PUBLIC_KEY;
    }
    if (n_len > 8 * RSA_MAX_LIMBS) return CKBCRYPTO_ERR_PUBLIC_KEY;
    size_t bits = 8 * n_len - (size_t)__builtin_clz((unsigned)n[0]) + 24;
    if (bits < min_bits || !(n[n_len - 1] & 1)) return CKBCRYPTO_ERR_PUBLIC_KEY;
    /* e odd, at least 3, below n. */
    if (!(e[e_len - 1] & 1) || (e_len == 1 && e[0] < 3) || e_len > n_len) return CKBCRYPTO_ERR_PUBLIC_KEY;
    if (e_len == n_len && memcmp(e, n, n_len) >= 0) return CKBCRYPTO_ERR_PUBLIC_KEY;
    key->limbs = (n_len + 7) / 8;
    key->bits = bits;
    memset(key->n, 0, sizeof key->n);
    for (size_t i = 0; i < n_len; i++) key->n[i / 8] |= (uint64_t)n[n_len - 1 - i] << (8 * (i % 8));
    key->e = e;
    key->e_len = e_len;
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Montgomery arithmetic, k limbs, R = 2^(64k).                                                */

static uint64_t scratch[2 * RSA_MAX_LIMBS + 2];

/* r = t mod n for t (k + 1 limbs) below 2n. */
static void mont_finish(uint64_t *r, const uint64_t *t, const uint64_t *n, size_t k) {
    int sub = t[k] != 0;
    if (!sub) {
        sub = 1;
        for (size_t i = k; i-- > 0;) {
            if (t[i] != n[i]) {
                sub = t[i] > n[i];
                break;
            }
        }
    }
    if (sub) {
        uint64_t borrow = 0;
        for (size_t i = 0; i < k; i++) {
            uint64_t x = t[i], y = n[i];
            uint64_t d = x - y - borrow;
            borrow = (x < y) | ((x == y) & borrow);
            r[i] = d;
        }
    } else {
        memcpy(r, t, 8 * k);
    }
}

/* t[0..len) += x[0..len) y; returns the carry word (lib/bignum_rows.S, laid out for CKB-VM's fusions). */
uint64_t mac_row(uint64_t *t, const uint64_t *x, uint64_t y, size_t len);

/* Two rows in one pass (lib/bignum_rows.S): for j < count, (c0, lo) = x[j + 1] y0 + t[j] + c0,
   then (c1, t[j]) = x[j] y1 + lo + c1; returns both carries. */
typedef struct {
    uint64_t c0, c1;
} carry_pair;
carry_pair mac_rows2(uint64_t *t, const uint64_t *x, uint64_t y0, uint64_t y1, size_t count, uint64_t c0, uint64_t c1);

/* t[idx ...] += c up to t[top] (the carry out of the top is zero for values in range). */
static void add_carry(uint64_t *t, size_t idx, size_t top, u128 c) {
    for (; c && idx <= top; idx++) {
        u128 v = (u128)t[idx] + c;
        t[idx] = (uint64_t)v;
        c = v >> 64;
    }
}

/* r = t R^-1 mod n for t of 2k + 1 limbs (t < n R): rows of the multiple of n that clears the
   lowest remaining word, two at a time (the second row's multiplier is known once the first
   has passed word i + 1), then the top k + 1 words are reduced once. */
static void mont_reduce(uint64_t *r, uint64_t *t, const uint64_t *n, uint64_t n0, size_t k) {
    size_t i = 0;
    for (; i + 1 < k; i += 2) {
        uint64_t *row = t + i;
        uint64_t m0 = row[0] * n0;
        uint64_t c0 = (uint64_t)((mul_wide_u64(n[0], m0) + row[0]) >> 64);  /* the low word is zero */
        u128 p = mul_wide_u64(n[1], m0) + row[1] + c0;
        uint64_t w1 = (uint64_t)p;
        c0 = (uint64_t)(p >> 64);
        uint64_t m1 = w1 * n0;
        uint64_t c1 = (uint64_t)((mul_wide_u64(n[0], m1) + w1) >> 64);
        carry_pair c = mac_rows2(row + 2, n + 1, m0, m1, k - 2, c0, c1);
        /* Column k: the first row has only its carry there. */
        u128 s = (u128)row[k] + c.c0;
        u128 q = mul_wide_u64(n[k - 1], m1) + (uint64_t)s + c.c1;
        row[k] = (uint64_t)q;
        add_carry(t, i + k + 1, 2 * k, (q >> 64) + (s >> 64));
    }
    if (i < k) {
        uint64_t c = mac_row(t + i, n, t[i] * n0, k);
        add_carry(t, i + k, 2 * k, c);
    }
    mont_finish(r, t + k, n, k);
}

/* r = a b R^-1 mod n: the full product (rows of a, two per pass), then the reduction. r may
   alias a or b. */
static void mont_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, const uint64_t *n, uint64_t n0, size_t k) {
    uint64_t *t = scratch;
    memset(t, 0, 8 * (2 * k + 1));
    size_t i = 0;
    for (; i + 1 < k; i += 2) {
        /* Rows a[i] (from word i) and a[i + 1] (from word i + 1); words i + k and up are fresh. */
        u128 p = mul_wide_u64(b[0], a[i]) + t[i];
        t[i] = (uint64_t)p;
        carry_pair c = mac_rows2(t + i + 1, b, a[i], a[i + 1], k - 1, (uint64_t)(p >> 64), 0);
        u128 q = mul_wide_u64(b[k - 1], a[i + 1]) + c.c0 + c.c1;
        t[i + k] = (uint64_t)q;
        t[i + k + 1] = (uint64_t)(q >> 64);
    }
    if (i < k) t[i + k] = mac_row(t + i, b, a[i], k);
    mont_reduce(r, t, n, n0, k);
}

/* r = a^2 R^-1 mod n: the cross products once (rows of shrinking length, two per pass), doubled,
   plus the squares, then the reduction. */
static void mont_sqr(uint64_t *r, const uint64_t *a, const uint64_t *n, uint64_t n0, size_t k) {
    uint64_t *t = scratch;
    memset(t, 0, 8 * (2 * k + 1));
    /* Row i adds a[i] a[i + 1 ..< k] at word 2i + 1; rows i and i + 1 share a pass over
       B = t + 2i + 1, where row i + 1 starts two words in (its first product would be the square). */
    size_t i = 0;
    for (; i + 2 < k; i += 2) {
        uint64_t *base = t + 2 * i + 1;
        const uint64_t *x = a + i + 1;
        size_t len = k - i - 1; /* at least 2 */
        uint64_t y0 = a[i], y1 = a[i + 1];
        u128 p = mul_wide_u64(x[0], y0) + base[0];
        base[0] = (uint64_t)p;
        p = mul_wide_u64(x[1], y0) + base[1] + (uint64_t)(p >> 64);
        base[1] = (uint64_t)p;
        carry_pair c = mac_rows2(base + 2, x + 1, y0, y1, len - 2, (uint64_t)(p >> 64), 0);
        u128 q = mul_wide_u64(x[len - 1], y1) + c.c0 + c.c1; /* word i + k is fresh */
        base[len] = (uint64_t)q;
        base[len + 1] = (uint64_t)(q >> 64);
    }
    for (; i + 1 < k; i++) t[i + k] = mac_row(t + 2 * i + 1, a + i + 1, a[i], k - i - 1);
    uint64_t carry = 0;
    u128 acc = 0;
    for (size_t i = 0; i < k; i++) {
        uint64_t lo = t[2 * i], hi = t[2 * i + 1];
        uint64_t dlo = lo << 1 | carry, dhi = hi << 1 | lo >> 63;
        carry = hi >> 63;
        u128 sq = mul_wide_u64(a[i], a[i]);
        acc = (u128)dlo + (uint64_t)sq + (acc >> 64);
        t[2 * i] = (uint64_t)acc;
        acc = (u128)dhi + (uint64_t)(sq >> 64) + (acc >> 64);
        t[2 * i + 1] = (uint64_t)acc;
    }
    t[2 * k] = (uint64_t)(acc >> 64) + carry;
    mont_reduce(r, t, n, n0, k);
}

static uint64_t t_base[RSA_MAX_LIMBS], t_acc[RSA_MAX_LIMBS];

/* floor((u1 2^64 + u0) / v) for u1 < v and v with its top bit set, from two 64/32-bit divisions
   (RV64 has no 128-by-64 divide). Knuth's algorithm D with 32-bit digits. */
static uint64_t div_128_64(uint64_t u1, uint64_t u0, uint64_t v) {
    const uint64_t b = 1ULL << 32;
    uint64_t vn1 = v >> 32, vn0 = v & 0xFFFFFFFFULL;
    uint64_t un1 = u0 >> 32, un0 = u0 & 0xFFFFFFFFULL;
    uint64_t q1 = u1 / vn1, rhat = u1 - q1 * vn1;
    while (q1 >= b || q1 * vn0 > (rhat << 32) + un1) {
        q1--;
        rhat += vn1;
        if (rhat >= b) break;
    }
    uint64_t un21 = (u1 << 32) + un1 - q1 * v;
    uint64_t q0 = un21 / vn1;
    rhat = un21 - q0 * vn1;
    while (q0 >= b || q0 * vn0 > (rhat << 32) + un0) {
        q0--;
        rhat += vn1;
        if (rhat >= b) break;
    }
    return (q1 << 32) + q0;
}

/* t[0..len) -= x[0..len) q; returns the word still to subtract at t[len] (lib/bignum_rows.S). */
uint64_t submul_row(uint64_t *t, const uint64_t *x, uint64_t q, size_t len);

static uint64_t t_u[2 * RSA_MAX_LIMBS + 1];

/* x = x 2^(64k) mod n (x < n): schoolbook long division of x 2^(64k) by n, in place. Each of
   the k steps brings down a zero word: the window u[j..j+k] is the remainder so far times 2^64,
   its quotient word is estimated from the top 128 bits (after the normalising shift) and is off by
   at most two, and the window minus q n is corrected by adding n back while negative. About 600
   cycles a word; reaching the Montgomery domain through R^2 mod n would cost about 170,000 for
   RSA-2048. */
static void to_montgomery(uint64_t *x, const uint64_t *n, size_t k) {
    int sh = __builtin_clzll(n[k - 1]);
    uint64_t ntop = n[k - 1] << sh;
    if (sh && k > 1) ntop |= n[k - 2] >> (64 - sh);
    memset(t_u, 0, 8 * k);
    memcpy(t_u + k, x, 8 * k);
    for (size_t j = k; j-- > 0;) {
        uint64_t *y = t_u + j;
        /* The top 128 bits of y << sh (y has k + 1 words). */
        uint64_t y2 = y[k], y1 = y[k - 1], y0 = k >= 2 ? y[k - 2] : 0;
        uint64_t hi = sh ? (y2 << sh | y1 >> (64 - sh)) : y2;
        uint64_t lo = sh ? (y1 << sh | y0 >> (64 - sh)) : y1;
        uint64_t top = sh ? y2 >> (64 - sh) : 0;
        uint64_t q = (top || hi >= ntop) ? ~0ULL : div_128_64(hi, lo, ntop);
        uint64_t sub = submul_row(y, n, q, k);
        uint64_t borrow = y[k] < sub;
        y[k] -= sub;
        while (borrow) {
            uint64_t c = 0;
            for (size_t i = 0; i <= k; i++) {
                u128 s = (u128)y[i] + (i < k ? n[i] : 0) + c;
                y[i] = (uint64_t)s;
                c = (uint64_t)(s >> 64);
            }
            borrow = !c; /* the sum wraps past 2^(64(k+1)) exactly when it becomes non-negative */
        }
    }
    memcpy(x, t_u, 8 * k);
}

/* out = s^e mod n (s < n). */
static void rsa_public(const rsa_key *key, const uint64_t *s, uint64_t *out) {
    const uint64_t *n = key->n;
    size_t k = key->limbs;
    uint64_t inv = 1;
    for (int i = 0; i < 6; i++) inv *= 2 - n[0] * inv;
    uint64_t n0 = 0 - inv;
    memcpy(t_base, s, 8 * k);
    to_montgomery(t_base, n, k);
    memcpy(t_acc, t_base, 8 * k);
    /* Left to right over e's bits, after its leading one. */
    int started = 0;
    for (size_t byte = 0; byte < key->e_len; byte++) {
        for (int bit = 7; bit >= 0; bit--) {
            int set = (key->e[byte] >> bit) & 1;
            if (!started) {
                started = set;
                continue;
            }
            mont_sqr(t_acc, t_acc, n, n0, k);
            if (set) mont_mul(t_acc, t_acc, t_base, n, n0, k);
        }
    }
    /* Out of the domain: one Montgomery reduction of acc. */
    memset(scratch, 0, 8 * (2 * k + 1));
    memcpy(scratch, t_acc, 8 * k);
    mont_reduce(out, scratch, n, n0, k);
}

/* The signature's value if it is exactly the modulus length and below n; then s^e as `em_len`
   big-endian bytes (which must hold it). */
static uint64_t t_sig[RSA_MAX_LIMBS], t_m[RSA_MAX_LIMBS];

static int rsa_encoded(const rsa_key *key, const uint8_t *sig, size_t sig_len, uint8_t *em, size_t em_len) {
    size_t k_bytes = (key->bits + 7) / 8;
    if (sig_len != k_bytes) return -1;
    memset(t_sig, 0, sizeof t_sig);
    for (size_t i = 0; i < sig_len; i++) t_sig[i / 8] |= (uint64_t)sig[sig_len - 1 - i] << (8 * (i % 8));
    for (size_t i = key->limbs; i-- > 0;) {
        if (t_sig[i] != key->n[i]) {
            if (t_sig[i] > key->n[i]) return -1;
            break;
        }
        if (i == 0) return -1; /* equal to n */
    }
    rsa_public(key, t_sig, t_m);
    for (size_t i = 0; i < 8 * key->limbs; i++) {
        uint8_t byte = (uint8_t)(t_m[i / 8] >> (8 * (i % 8)));
        if (i < em_len) {
            em[em_len - 1 - i] = byte;
        } else if (byte) {
            return -1; /* does not fit in em_len bytes */
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Encodings.                                                                                  */

size_t rsa_hash(int id, const uint8_t *in, size_t len, uint8_t *out) {
    if (id == RSA_HASH_SHA256) {
        sha256_state s;
        sha256_init(&s);
        sha256_update(&s, in, len);
        sha256_final(&s, out);
        return 32;
    }
    if (id == RSA_HASH_SHA384 || id == RSA_HASH_SHA512) {
        sha512_state s;
        if (id == RSA_HASH_SHA384) {
            sha384_init(&s);
        } else {
            sha512_init(&s);
        }
        sha512_update(&s, in, len);
        sha512_final(&s, out);
        return s.outlen;
    }
    return 0;
}

static const uint8_t digest_info[3][19] = {
    {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
    {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30},
    {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
};
static const size_t hash_len[3] = {32, 48, 64};

static uint8_t em[8 * RSA_MAX_LIMBS];

int rsa_verify_pkcs1v15(const rsa_key *key, const uint8_t *sig, size_t sig_len, const uint8_t *digest, int hash) {
    if (hash < 0 || hash > 2) return CKBCRYPTO_ERR_MISMATCH;
    size_t k = (key->bits + 7) / 8, h = hash_len[hash], t = 19 + h;
    if (k < t + 11 || rsa_encoded(key, sig, sig_len, em, k)) return CKBCRYPTO_ERR_MISMATCH;
    /* 00 01 FF..FF 00 DigestInfo digest: the whole message, never a suffix. */
    if (em[0] != 0x00 || em[1] != 0x01) return CKBCRYPTO_ERR_MISMATCH;
    for (size_t i = 2; i < k - t - 1; i++) {
        if (em[i] != 0xFF) return CKBCRYPTO_ERR_MISMATCH;
    }
    if (em[k - t - 1] != 0x00 || memcmp(em + k - t, digest_info[hash], 19) || memcmp(em + k - h, digest, h)) {
        return CKBCRYPTO_ERR_MISMATCH;
    }
    return 0;
}

/* db ^= MGF1(seed, db_len) (RFC 8017 B.2.1). */
static void mgf1_xor(uint8_t *db, size_t db_len, const uint8_t *seed, size_t seed_len, int hash) {
    uint8_t block[64 + 4], out[64];
    memcpy(block, seed, seed_len);
    for (uint32_t counter = 0, done = 0; done < db_len; counter++) {
        block[seed_len] = (uint8_t)(counter >> 24);
        block[seed_len + 1] = (uint8_t)(counter >> 16);
        block[seed_len + 2] = (uint8_t)(counter >> 8);
        block[seed_len + 3] = (uint8_t)counter;
        size_t n = rsa_hash(hash, block, seed_len + 4, out);
        for (size_t i = 0; i < n && done < db_len; i++) db[done++] ^= out[i];
    }
}

int rsa_verify_pss(const rsa_key *key, const uint8_t *sig, size_t sig_len, const uint8_t *digest, int hash,
                   int mgf_hash, long salt_len) {
    if (hash < 0 || hash > 2 || mgf_hash < 0 || mgf_hash > 2) return CKBCRYPTO_ERR_MISMATCH;
    size_t em_bits = key->bits - 1, em_len = (em_bits + 7) / 8, h = hash_len[hash];
    if (em_len < h + 2 || rsa_encoded(key, sig, sig_len, em, em_len)) return CKBCRYPTO_ERR_MISMATCH;
    if (em[em_len - 1] != 0xBC) return CKBCRYPTO_ERR_MISMATCH;
    size_t db_len = em_len - h - 1;
    uint8_t *db = em, *hh = em + db_len;
    unsigned unused = (unsigned)(8 * em_len - em_bits);
    uint8_t top = unused ? (uint8_t)~(0xFF >> unused) : 0;
    if (db[0] & top) return CKBCRYPTO_ERR_MISMATCH;
    mgf1_xor(db, db_len, hh, h, mgf_hash);
    db[0] &= (uint8_t)~top;
    size_t one = 0;
    while (one < db_len && db[one] == 0) one++;
    if (one == db_len || db[one] != 0x01) return CKBCRYPTO_ERR_MISMATCH;
    size_t salt = db_len - one - 1;
    if (salt_len >= 0 && (size_t)salt_len != salt) return CKBCRYPTO_ERR_MISMATCH;
    /* M' = 00 x 8 || mHash || salt, hashed. */
    static uint8_t m_prime[8 + 64 + 8 * RSA_MAX_LIMBS];
    memset(m_prime, 0, 8);
    memcpy(m_prime + 8, digest, h);
    memcpy(m_prime + 8 + h, db + one + 1, salt);
    uint8_t computed[64];
    rsa_hash(hash, m_prime, 8 + h + salt, computed);
    return memcmp(computed, hh, h) == 0 ? 0 : CKBCRYPTO_ERR_MISMATCH;
}
