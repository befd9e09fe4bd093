/* X.509 RSA chains under the on-chain profile. See x509.h. */
#include "x509.h"

#include "../include/ckbcrypto_errors.h"
#include "ckb_string.h"

#define BAD CKBCRYPTO_ERR_CERTIFICATE

/* ------------------------------------------------------------------------------------------ */
/* DER.                                                                                        */

/* The header of the TLV at *at: its first byte (a one-byte tag; 0 for a long-form tag), its
   contents, and the whole TLV. Definite, minimal lengths; no [UNIVERSAL 0]. */
static int tlv(const uint8_t *in, size_t len, size_t *at, unsigned *tag, x509_span *value, x509_span *whole) {
    size_t p = *at;
    if (p >= len) return -1;
    unsigned t = in[p++];
    if ((t & 0x1F) == 0x1F) {
        /* Long form: base 128, no leading 0x80, a number of at least 31. */
        if (p >= len || in[p] == 0x80) return -1;
        uint64_t number = 0;
        for (int i = 0;; i++) {
            if (p >= len || i == 9) return -1;
            number = number << 7 | (in[p] & 0x7F);
            if (!(in[p++] & 0x80)) break;
        }
        if (number < 31) return -1;
        t = 0;
    } else if ((t & 0xDF) == 0) {
        return -1; /* [UNIVERSAL 0] */
    }
    if (p >= len) return -1;
    size_t n = in[p++];
    if (n & 0x80) {
        size_t bytes = n & 0x7F;
        if (bytes == 0 || bytes > 4 || p + bytes > len || in[p] == 0) return -1;
        n = 0;
        for (size_t i = 0; i < bytes; i++) n = n << 8 | in[p + i];
        p += bytes;
        if (n < 0x80) return -1; /* the short form was needed */
    }
    if (n > len - p) return -1;
    if (tag) *tag = t;
    if (value) {
        value->ptr = in + p;
        value->len = n;
    }
    if (whole) {
        whole->ptr = in + *at;
        whole->len = p + n - *at;
    }
    *at = p + n;
    return 0;
}

/* The next TLV of `s` (from *at), which must carry `tag`. */
static int expect(x509_span s, size_t *at, unsigned tag, x509_span *value, x509_span *whole) {
    unsigned t;
    size_t save = *at;
    if (tlv(s.ptr, s.len, at, &t, value, whole) || t != tag) {
        *at = save;
        return -1;
    }
    return 0;
}

/* Whether the next TLV of `s` carries `tag` (nothing is consumed). */
static int peek(x509_span s, size_t at, unsigned tag) { return at < s.len && s.ptr[at] == tag; }

/* Every TLV in `s`, constructed ones recursively, is well formed, at most 50 levels deep (as
   swift-asn1's DER parser requires of every node). */
static int der_valid(x509_span s, int depth) {
    if (depth > 50) return 0;
    size_t at = 0;
    while (at < s.len) {
        size_t start = at;
        x509_span v;
        if (tlv(s.ptr, s.len, &at, 0, &v, 0)) return 0;
        if ((s.ptr[start] & 0x20) && !der_valid(v, depth + 1)) return 0;
    }
    return 1;
}

/* One whole DER value in `s`, nothing after it. */
static int der_single(x509_span s) {
    size_t at = 0;
    x509_span whole;
    if (tlv(s.ptr, s.len, &at, 0, 0, &whole) || at != s.len) return 0;
    return der_valid(whole, 1);
}

static int span_eq(x509_span a, x509_span b) { return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0; }

static int oid_is(x509_span oid, const uint8_t *value, size_t len) { return oid.len == len && memcmp(oid.ptr, value, len) == 0; }

/* A well-formed OBJECT IDENTIFIER's contents: non-empty, minimal base-128 arcs of at most nine
   bytes (swift-asn1's rule). */
static int oid_valid(x509_span oid) {
    if (oid.len == 0 || (oid.ptr[oid.len - 1] & 0x80)) return 0;
    size_t arc = 0;
    for (size_t i = 0; i < oid.len; i++) {
        if (arc == 0 && oid.ptr[i] == 0x80) return 0;
        arc = (oid.ptr[i] & 0x80) ? arc + 1 : 0;
        if (arc >= 9) return 0;
    }
    return 1;
}

/* A minimal INTEGER; *negative and the magnitude's first non-zero byte. */
static int integer_valid(x509_span v) {
    if (v.len == 0) return 0;
    if (v.len > 1 && ((v.ptr[0] == 0 && !(v.ptr[1] & 0x80)) || (v.ptr[0] == 0xFF && (v.ptr[1] & 0x80)))) return 0;
    return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Fields.                                                                                     */

static const uint8_t OID_RSA_ENCRYPTION[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};
static const uint8_t OID_RSASSA_PSS[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A};
static const uint8_t OID_MGF1[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08};
static const uint8_t OID_SHA256_RSA[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B};
static const uint8_t OID_SHA384_RSA[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C};
static const uint8_t OID_SHA512_RSA[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D};
static const uint8_t OID_SHA2_PREFIX[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02}; /* 2.16.840.1.101.3.4.2 */

static const uint8_t OID_BASIC_CONSTRAINTS[] = {0x55, 0x1D, 0x13};
static const uint8_t OID_KEY_USAGE[] = {0x55, 0x1D, 0x0F};
static const uint8_t OID_EXT_KEY_USAGE[] = {0x55, 0x1D, 0x25};
static const uint8_t OID_SUBJECT_ALT_NAME[] = {0x55, 0x1D, 0x11};
static const uint8_t OID_ISSUER_ALT_NAME[] = {0x55, 0x1D, 0x12};
static const uint8_t OID_NAME_CONSTRAINTS[] = {0x55, 0x1D, 0x1E};
static const uint8_t OID_AKI[] = {0x55, 0x1D, 0x23};
static const uint8_t OID_SKI[] = {0x55, 0x1D, 0x0E};
static const uint8_t OID_POLICIES[] = {0x55, 0x1D, 0x20};
static const uint8_t OID_CRL_DP[] = {0x55, 0x1D, 0x1F};
static const uint8_t OID_AIA[] = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};

/* A hash AlgorithmIdentifier of SHA-256/384/512 with NULL or absent parameters: the hash id. */
static int hash_algorithm(x509_span alg) {
    size_t at = 0;
    x509_span oid, null;
    if (expect(alg, &at, 0x06, &oid, 0) || oid.len != 9 || memcmp(oid.ptr, OID_SHA2_PREFIX, 8) != 0) return -1;
    if (at < alg.len && (expect(alg, &at, 0x05, &null, 0) || null.len != 0)) return -1;
    if (at != alg.len) return -1;
    switch (oid.ptr[8]) {
    case 1: return RSA_HASH_SHA256;
    case 2: return RSA_HASH_SHA384;
    case 3: return RSA_HASH_SHA512;
    default: return -1;
    }
}

/* A signature AlgorithmIdentifier (its contents): SHA-2 with RSA, or RSASSA-PSS with explicit
   SHA-2 parameters (RFC 4055 3.1; the trailer field, if present, 1). */
static int signature_algorithm(x509_cert *c, x509_span alg) {
    size_t at = 0;
    x509_span oid, params;
    if (expect(alg, &at, 0x06, &oid, 0)) return BAD;
    if (oid_is(oid, OID_SHA256_RSA, 9) || oid_is(oid, OID_SHA384_RSA, 9) || oid_is(oid, OID_SHA512_RSA, 9)) {
        if (at < alg.len && (expect(alg, &at, 0x05, &params, 0) || params.len != 0)) return BAD;
        if (at != alg.len) return BAD;
        c->sig_pss = 0;
        c->sig_hash = oid.ptr[8] - 0x0B;
        c->sig_mgf = 0;
        c->sig_salt = 0;
        return 0;
    }
    if (!oid_is(oid, OID_RSASSA_PSS, 9) || expect(alg, &at, 0x30, &params, 0) || at != alg.len) return BAD;
    int hash = -1, mgf = -1;
    long salt = 20, trailer = 1;
    size_t p = 0;
    int last = -1;
    while (p < params.len) {
        unsigned tag;
        x509_span field, inner;
        if (tlv(params.ptr, params.len, &p, &tag, &field, 0) || tag < 0xA0 || tag > 0xA3) return BAD;
        int number = (int)(tag - 0xA0);
        if (number <= last) return BAD;
        last = number;
        size_t q = 0;
        if (number <= 1) {
            if (expect(field, &q, 0x30, &inner, 0) || q != field.len) return BAD;
            if (number == 0) {
                hash = hash_algorithm(inner);
                if (hash < 0) return BAD;
            } else {
                size_t r = 0;
                x509_span mgf_oid, mgf_params;
                if (expect(inner, &r, 0x06, &mgf_oid, 0) || !oid_is(mgf_oid, OID_MGF1, 9)) return BAD;
                if (expect(inner, &r, 0x30, &mgf_params, 0) || r != inner.len) return BAD;
                mgf = hash_algorithm(mgf_params);
                if (mgf < 0) return BAD;
            }
        } else {
            x509_span n;
            if (expect(field, &q, 0x02, &n, 0) || q != field.len || !integer_valid(n) || (n.ptr[0] & 0x80) || n.len > 2) return BAD;
            long value = 0;
            for (size_t i = 0; i < n.len; i++) value = value << 8 | n.ptr[i];
            if (number == 2) salt = value; else trailer = value;
        }
    }
    /* SHA-1 defaults are refused: the hashes must be named. */
    if (hash < 0 || mgf < 0 || trailer != 1) return BAD;
    c->sig_pss = 1;
    c->sig_hash = hash;
    c->sig_mgf = mgf;
    c->sig_salt = salt;
    return 0;
}

/* A Name: SEQUENCE OF non-empty SET OF SEQUENCE { OID, value }. */
static int name(x509_span whole, x509_span contents, int *empty) {
    (void)whole;
    size_t at = 0;
    *empty = contents.len == 0;
    while (at < contents.len) {
        x509_span set;
        if (expect(contents, &at, 0x31, &set, 0) || set.len == 0) return BAD;
        size_t p = 0;
        while (p < set.len) {
            x509_span attribute, oid;
            size_t q = 0;
            if (expect(set, &p, 0x30, &attribute, 0)) return BAD;
            if (expect(attribute, &q, 0x06, &oid, 0) || !oid_valid(oid)) return BAD;
            if (tlv(attribute.ptr, attribute.len, &q, 0, 0, 0) || q != attribute.len) return BAD;
        }
    }
    return 0;
}

static int digits(const uint8_t *p, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return -1;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 0;
}

static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime YYYYMMDDHHMMSSZ from 2050. */
static int time_value(x509_span s, size_t *at, int64_t *out) {
    unsigned tag;
    x509_span v;
    if (tlv(s.ptr, s.len, at, &tag, &v, 0)) return BAD;
    int year, i;
    if (tag == 0x17) {
        if (v.len != 13 || digits(v.ptr, 2, &year)) return BAD;
        year += year >= 50 ? 1900 : 2000;
        i = 2;
    } else if (tag == 0x18) {
        if (v.len != 15 || digits(v.ptr, 4, &year) || year < 2050) return BAD;
        i = 4;
    } else {
        return BAD;
    }
    int month, day, hour, minute, second;
    if (v.ptr[v.len - 1] != 'Z' || digits(v.ptr + i, 2, &month) || digits(v.ptr + i + 2, 2, &day) ||
        digits(v.ptr + i + 4, 2, &hour) || digits(v.ptr + i + 6, 2, &minute) || digits(v.ptr + i + 8, 2, &second)) {
        return BAD;
    }
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return BAD;
    if (day > lengths[month - 1] + (month == 2 && leap)) return BAD;
    *out = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return 0;
}

static int is_ldh_label(const uint8_t *p, size_t n) {
    if (n == 0 || n > 63 || p[0] == '-' || p[n - 1] == '-') return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = p[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-')) return 0;
    }
    return 1;
}

/* A DNS name as a certificate presents it: LDH labels, optionally "*." first with at least two
   labels after, a last label not all digits, at most 253 bytes. */
static int dns_presented(const uint8_t *p, size_t n, int wildcard_allowed) {
    if (n > 253) return 0;
    size_t start = 0, labels = 0;
    if (wildcard_allowed && n >= 2 && p[0] == '*' && p[1] == '.') start = 2;
    size_t label_start = start, last_start = start;
    for (size_t i = start; i <= n; i++) {
        if (i == n || p[i] == '.') {
            if (!is_ldh_label(p + label_start, i - label_start)) return 0;
            labels++;
            last_start = label_start;
            label_start = i + 1;
        }
    }
    if (start == 2 && labels < 2) return 0;
    int all_digits = 1;
    for (size_t i = last_start; i < n; i++) all_digits &= p[i] >= '0' && p[i] <= '9';
    return !all_digits;
}

/* local@domain: a non-empty printable local part, a DNS domain (or a bracketed literal). */
static int email_valid(const uint8_t *p, size_t n) {
    size_t at = n;
    for (size_t i = 0; i < n; i++) if (p[i] == '@') at = i;
    if (at == n || at == 0) return 0;
    for (size_t i = 0; i < at; i++) if (p[i] <= 0x20 || p[i] >= 0x7F) return 0;
    const uint8_t *d = p + at + 1;
    size_t dn = n - at - 1;
    if (dn >= 2 && d[0] == '[' && d[dn - 1] == ']') return 1;
    return dns_presented(d, dn, 0);
}

/* GeneralNames contents: each a context-tagged GeneralName of the right form; the names checked
   at validation (DNS, IP, email) checked here too. */
static int general_names(x509_span names, int check_syntax) {
    size_t at = 0;
    if (names.len == 0) return BAD;
    while (at < names.len) {
        unsigned tag;
        x509_span v;
        if (tlv(names.ptr, names.len, &at, &tag, &v, 0)) return BAD;
        unsigned number = tag & 0x1F;
        int constructed = (tag & 0x20) != 0;
        if ((tag & 0xC0) != 0x80 || number > 8) return BAD;
        switch (number) {
        case 0:
            if (!constructed) return BAD;
            break;
        case 3: case 5:
            break;
        case 1: case 2: case 6:
            if (constructed) return BAD;
            for (size_t i = 0; i < v.len; i++) if (v.ptr[i] >= 0x80) return BAD;
            if (check_syntax && number == 2 && !dns_presented(v.ptr, v.len, 1)) return BAD;
            if (check_syntax && number == 1 && !email_valid(v.ptr, v.len)) return BAD;
            break;
        case 4: {
            size_t q = 0;
            x509_span inner, whole;
            int empty;
            if (!constructed || expect(v, &q, 0x30, &inner, &whole) || q != v.len || name(whole, inner, &empty)) return BAD;
            break;
        }
        case 7:
            if (constructed) return BAD;
            if (check_syntax && v.len != 4 && v.len != 16) return BAD;
            break;
        case 8:
            if (constructed || v.len >= 128 || !oid_valid(v)) return BAD;
            break;
        }
    }
    return 0;
}

/* One extension's value, by OID. Unknown critical extensions are refused; unknown non-critical
   ones are skipped (their value must still be one DER value). */
static int extension(x509_cert *c, x509_span oid, int critical, x509_span value) {
    if (!der_single(value)) return BAD;
    size_t at = 0;
    x509_span v;
    if (oid_is(oid, OID_BASIC_CONSTRAINTS, 3)) {
        if (expect(value, &at, 0x30, &v, 0) || at != value.len) return BAD;
        size_t p = 0;
        x509_span b, n;
        c->bc_present = 1;
        c->bc_critical = critical;
        if (!expect(v, &p, 0x01, &b, 0)) {
            if (b.len != 1 || b.ptr[0] != 0xFF) return BAD; /* FALSE must be omitted */
            c->is_ca = 1;
        }
        if (!expect(v, &p, 0x02, &n, 0)) {
            if (!integer_valid(n) || (n.ptr[0] & 0x80) || n.len > 4) return BAD;
            long value_ = 0;
            for (size_t i = 0; i < n.len; i++) value_ = value_ << 8 | n.ptr[i];
            if (value_ > 0x7FFFFFFF) return BAD;
            c->path_len = value_;
        }
        return p == v.len ? 0 : BAD;
    }
    if (oid_is(oid, OID_KEY_USAGE, 3)) {
        if (expect(value, &at, 0x03, &v, 0) || at != value.len || v.len == 0 || v.len > 3 || v.ptr[0] > 7) return BAD;
        if (v.len == 1 && v.ptr[0] != 0) return BAD;
        if (v.len > 1 && (v.ptr[v.len - 1] & ((1u << v.ptr[0]) - 1))) return BAD; /* padding bits not zero */
        unsigned bits = 0;
        for (size_t k = 1; k < v.len; k++) {
            for (int bit = 0; bit < 8; bit++) if (v.ptr[k] & (0x80 >> bit)) bits |= 1u << ((k - 1) * 8 + bit);
        }
        if (bits == 0 || (bits & ~0x1FFu)) return BAD;
        c->ku_present = 1;
        c->ku = bits;
        return 0;
    }
    if (oid_is(oid, OID_EXT_KEY_USAGE, 3)) {
        if (expect(value, &at, 0x30, &v, 0) || at != value.len || v.len == 0) return BAD;
        size_t p = 0;
        while (p < v.len) {
            x509_span o;
            if (expect(v, &p, 0x06, &o, 0) || !oid_valid(o)) return BAD;
        }
        return 0;
    }
    if (oid_is(oid, OID_SUBJECT_ALT_NAME, 3)) {
        if (expect(value, &at, 0x30, &v, 0) || at != value.len || general_names(v, 0)) return BAD;
        c->san = v;
        c->san_present = 1;
        c->san_critical = critical;
        return 0;
    }
    if (oid_is(oid, OID_NAME_CONSTRAINTS, 3)) {
        /* Not enforced on-chain: a certificate that carries them is refused (at validation). */
        if (value.ptr[0] != 0x30) return BAD;
        c->has_name_constraints = 1;
        return 0;
    }
    if (oid_is(oid, OID_AKI, 3)) {
        if (expect(value, &at, 0x30, &v, 0) || at != value.len || critical) return BAD;
        size_t p = 0;
        x509_span id, issuer, serial;
        (void)expect(v, &p, 0x80, &id, 0);
        int has_issuer = !expect(v, &p, 0xA1, &issuer, 0);
        if (has_issuer && general_names(issuer, 0)) return BAD;
        int has_serial = !expect(v, &p, 0x82, &serial, 0);
        /* Together, and (as the off-chain rules say) not at all. */
        if (p != v.len || has_issuer || has_serial) return BAD;
        c->aki_present = 1;
        return 0;
    }
    if (oid_is(oid, OID_SKI, 3)) {
        if (expect(value, &at, 0x04, &v, 0) || at != value.len || critical) return BAD;
        c->ski_present = 1;
        return 0;
    }
    if (oid_is(oid, OID_POLICIES, 3)) {
        /* Parsed, not processed: critical is refused. Unique policy OIDs. */
        if (critical || expect(value, &at, 0x30, &v, 0) || at != value.len || v.len == 0) return BAD;
        size_t p = 0;
        x509_span seen[64];
        size_t count = 0;
        while (p < v.len) {
            x509_span info, o;
            size_t q = 0;
            if (expect(v, &p, 0x30, &info, 0) || expect(info, &q, 0x06, &o, 0) || !oid_valid(o)) return BAD;
            for (size_t k = 0; k < count; k++) if (span_eq(seen[k], o)) return BAD;
            if (count == 64) return BAD;
            seen[count++] = o;
        }
        return 0;
    }
    if (oid_is(oid, OID_AIA, 8)) {
        if (critical || expect(value, &at, 0x30, &v, 0) || at != value.len) return BAD;
        size_t p = 0;
        while (p < v.len) {
            x509_span d, o, location;
            size_t q = 0;
            if (expect(v, &p, 0x30, &d, 0) || expect(d, &q, 0x06, &o, 0) || !oid_valid(o)) return BAD;
            location.ptr = d.ptr + q;
            location.len = d.len - q;
            size_t r = 0;
            x509_span one;
            if (tlv(location.ptr, location.len, &r, 0, 0, &one) || r != location.len || general_names(one, 0)) return BAD;
        }
        return 0;
    }
    if (oid_is(oid, OID_CRL_DP, 3) || oid_is(oid, OID_ISSUER_ALT_NAME, 3)) {
        if (critical || value.ptr[0] != 0x30) return BAD;
        return 0;
    }
    return critical ? BAD : 0;
}

/* ------------------------------------------------------------------------------------------ */

int x509_parse(x509_cert *c, const uint8_t *der, size_t len) {
    memset(c, 0, sizeof *c);
    c->path_len = -1;
    x509_span all = {der, len}, cert, tbs, alg_outer, alg_outer_whole, bits;
    size_t at = 0;
    if (expect(all, &at, 0x30, &cert, 0) || at != len || !der_valid(all, 1)) return BAD;
    at = 0;
    if (expect(cert, &at, 0x30, &tbs, &c->tbs) || expect(cert, &at, 0x30, &alg_outer, &alg_outer_whole) ||
        expect(cert, &at, 0x03, &bits, 0) || at != cert.len) {
        return BAD;
    }
    if (bits.len == 0 || bits.ptr[0] != 0) return BAD;
    c->signature.ptr = bits.ptr + 1;
    c->signature.len = bits.len - 1;
    if (signature_algorithm(c, alg_outer)) return BAD;

    size_t p = 0;
    x509_span version, number, serial, alg_inner, alg_inner_whole, issuer, subject, validity, spki;
    /* version [0] EXPLICIT INTEGER 2 (v3) */
    if (expect(tbs, &p, 0xA0, &version, 0)) return BAD;
    size_t q = 0;
    if (expect(version, &q, 0x02, &number, 0) || q != version.len || number.len != 1 || number.ptr[0] != 2) return BAD;
    /* serialNumber: positive, not zero, at most 20 octets of value */
    if (expect(tbs, &p, 0x02, &serial, 0) || !integer_valid(serial) || (serial.ptr[0] & 0x80)) return BAD;
    int nonzero = 0;
    for (size_t i = 0; i < serial.len; i++) nonzero |= serial.ptr[i];
    if (!nonzero || serial.len > 21 || (serial.len == 21 && serial.ptr[0] != 0)) return BAD;
    if (expect(tbs, &p, 0x30, &alg_inner, &alg_inner_whole) || !span_eq(alg_inner_whole, alg_outer_whole)) return BAD;
    if (expect(tbs, &p, 0x30, &issuer, &c->issuer)) return BAD;
    int empty;
    if (name(c->issuer, issuer, &empty)) return BAD;
    if (expect(tbs, &p, 0x30, &validity, 0)) return BAD;
    q = 0;
    if (time_value(validity, &q, &c->not_before) || time_value(validity, &q, &c->not_after) || q != validity.len) return BAD;
    if (expect(tbs, &p, 0x30, &subject, &c->subject) || name(c->subject, subject, &c->subject_empty)) return BAD;
    /* subjectPublicKeyInfo: rsaEncryption with NULL parameters, 2,048 to 4,096 bits, whole bytes */
    x509_span key_alg, key_oid, key_null, key_bits;
    if (expect(tbs, &p, 0x30, &spki, &c->spki)) return BAD;
    q = 0;
    if (expect(spki, &q, 0x30, &key_alg, 0) || expect(spki, &q, 0x03, &key_bits, 0) || q != spki.len) return BAD;
    size_t r = 0;
    if (expect(key_alg, &r, 0x06, &key_oid, 0) || !oid_is(key_oid, OID_RSA_ENCRYPTION, 9) ||
        expect(key_alg, &r, 0x05, &key_null, 0) || key_null.len != 0 || r != key_alg.len) {
        return BAD;
    }
    if (key_bits.len < 2 || key_bits.ptr[0] != 0) return BAD;
    if (rsa_parse_pkcs1(&c->key, key_bits.ptr + 1, key_bits.len - 1, 2048)) return BAD;
    if (c->key.bits > 4096 || c->key.bits % 8) return BAD;
    /* issuerUniqueID [1], subjectUniqueID [2]: allowed, ignored */
    x509_span skip;
    if (peek(tbs, p, 0x81) || peek(tbs, p, 0xA1)) { if (tlv(tbs.ptr, tbs.len, &p, 0, &skip, 0)) return BAD; }
    if (peek(tbs, p, 0x82) || peek(tbs, p, 0xA2)) { if (tlv(tbs.ptr, tbs.len, &p, 0, &skip, 0)) return BAD; }
    /* extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension */
    x509_span wrapper, list;
    if (!expect(tbs, &p, 0xA3, &wrapper, 0)) {
        q = 0;
        if (expect(wrapper, &q, 0x30, &list, 0) || q != wrapper.len || list.len == 0) return BAD;
        x509_span seen[64];
        size_t count = 0;
        q = 0;
        while (q < list.len) {
            x509_span ext, oid, flag, value;
            size_t e = 0;
            int critical = 0;
            if (expect(list, &q, 0x30, &ext, 0) || expect(ext, &e, 0x06, &oid, 0) || !oid_valid(oid)) return BAD;
            if (!expect(ext, &e, 0x01, &flag, 0)) {
                if (flag.len != 1 || flag.ptr[0] != 0xFF) return BAD; /* FALSE must be omitted */
                critical = 1;
            }
            if (expect(ext, &e, 0x04, &value, 0) || e != ext.len || value.len == 0) return BAD;
            for (size_t k = 0; k < count; k++) if (span_eq(seen[k], oid)) return BAD;
            if (count == 64) return BAD;
            seen[count++] = oid;
            if (extension(c, oid, critical, value)) return BAD;
        }
    }
    return p == tbs.len ? 0 : BAD;
}

/* ------------------------------------------------------------------------------------------ */
/* Validation.                                                                                 */

static int self_issued(const x509_cert *c) { return span_eq(c->issuer, c->subject); }

/* The rules of every certificate, whatever its place. */
static int common(const x509_cert *c, int is_anchor, int64_t now) {
    if (now < c->not_before || now > c->not_after) return CKBCRYPTO_ERR_VALIDITY;
    if (c->has_name_constraints) return CKBCRYPTO_ERR_CHAIN;
    if (!c->aki_present && !self_issued(c) && !is_anchor) return CKBCRYPTO_ERR_CHAIN;
    if (c->ku_present && (c->ku & X509_KU_KEY_CERT_SIGN) && !c->is_ca) return CKBCRYPTO_ERR_CHAIN;
    if (c->san_present) {
        if (c->subject_empty && !c->san_critical) return CKBCRYPTO_ERR_CHAIN;
        if (general_names(c->san, 1)) return CKBCRYPTO_ERR_CHAIN;
    } else if (c->subject_empty) {
        return CKBCRYPTO_ERR_CHAIN;
    }
    return 0;
}

static int signed_by(const x509_cert *c, const x509_cert *issuer) {
    uint8_t digest[64];
    rsa_hash(c->sig_hash, c->tbs.ptr, c->tbs.len, digest);
    if (c->sig_pss) {
        return rsa_verify_pss(&issuer->key, c->signature.ptr, c->signature.len, digest, c->sig_hash, c->sig_mgf, c->sig_salt);
    }
    return rsa_verify_pkcs1v15(&issuer->key, c->signature.ptr, c->signature.len, digest, c->sig_hash);
}

int x509_verify_chain(x509_cert *chain, size_t n, int64_t now) {
    if (n < 2 || n > X509_MAX_CHAIN) return CKBCRYPTO_ERR_CHAIN;
    /* The leaf: not a CA; a keyUsage, if any, with digitalSignature (its key signs the
       transaction). */
    const x509_cert *leaf = &chain[0];
    int ret = common(leaf, 0, now);
    if (ret) return ret;
    if (leaf->is_ca) return CKBCRYPTO_ERR_CHAIN;
    if (leaf->ku_present && !(leaf->ku & X509_KU_DIGITAL_SIGNATURE)) return CKBCRYPTO_ERR_CHAIN;
    for (size_t i = 1; i < n; i++) {
        const x509_cert *issuer = &chain[i];
        int is_anchor = i == n - 1;
        if ((ret = common(issuer, is_anchor, now)) != 0) return ret;
        if (!issuer->bc_present || !issuer->is_ca || !issuer->bc_critical) return CKBCRYPTO_ERR_CHAIN;
        if (!issuer->ku_present || !(issuer->ku & X509_KU_KEY_CERT_SIGN)) return CKBCRYPTO_ERR_CHAIN;
        if (issuer->subject_empty || !issuer->ski_present) return CKBCRYPTO_ERR_CHAIN;
        if (!span_eq(chain[i - 1].issuer, issuer->subject)) return CKBCRYPTO_ERR_CHAIN;
        if (issuer->path_len >= 0) {
            long below = 0;
            for (size_t k = 1; k < i; k++) below += !self_issued(&chain[k]);
            if (below > issuer->path_len) return CKBCRYPTO_ERR_CHAIN;
        }
        if ((ret = signed_by(&chain[i - 1], issuer)) != 0) return ret;
    }
    return 0;
}
