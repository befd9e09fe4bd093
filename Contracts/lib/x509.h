/* X.509 RSA certificate chains for the contracts: the on-chain profile of Sources/CKBX509
   (OnChainProfile.swift states the same rules; Docs/Primitives/X509.md lists them side by side).
   Strict DER throughout. Variable time: everything here is public. */
#ifndef CKBCRYPTO_X509_H
#define CKBCRYPTO_X509_H

#include <stddef.h>
#include <stdint.h>

#include "rsa.h"

/* A chain holds the leaf, up to four intermediates and the trust anchor. */
#define X509_MAX_CHAIN 6

typedef struct {
    const uint8_t *ptr;
    size_t len;
} x509_span;

/* Key usage bits, bit 0 = digitalSignature (X.509's order). */
#define X509_KU_DIGITAL_SIGNATURE 0x001
#define X509_KU_KEY_CERT_SIGN 0x020

typedef struct {
    x509_span tbs;            /* tbsCertificate, whole TLV: what the signature covers */
    x509_span issuer;         /* Name, whole TLV */
    x509_span subject;        /* Name, whole TLV */
    x509_span spki;           /* SubjectPublicKeyInfo, whole TLV: what the anchor pin hashes */
    x509_span signature;      /* signatureValue contents */
    x509_span san;            /* subjectAltName GeneralNames contents, or len 0 */
    int64_t not_before, not_after; /* seconds since 1970 */
    int subject_empty;        /* the subject has no RDN */
    /* The signature algorithm (outer, equal to the inner one). */
    int sig_pss, sig_hash, sig_mgf;
    long sig_salt;
    rsa_key key;
    /* Extensions. */
    int bc_present, bc_critical, is_ca;
    long path_len;            /* -1: none */
    int ku_present;
    unsigned ku;
    int ski_present, aki_present;
    int san_present, san_critical;
    int has_name_constraints;
} x509_cert;

/* Parses one certificate under the on-chain profile's grammar. 0, or CKBCRYPTO_ERR_CERTIFICATE
   (malformed, or a form the profile refuses: not v3, a key other than rsaEncryption of 2,048 to
   4,096 whole bytes, a signature algorithm other than SHA-2 RSA PKCS#1 v1.5 or PSS, an
   unknown critical extension). */
int x509_parse(x509_cert *c, const uint8_t *der, size_t len);

/* Checks chain[0..n) (leaf first, trust anchor last) at time `now`: validity, names, signatures,
   the issuers' basicConstraints, keyUsage and pathLenConstraint, the leaf's rules. 0, or
   CKBCRYPTO_ERR_CHAIN, CKBCRYPTO_ERR_VALIDITY, CKBCRYPTO_ERR_MISMATCH (a signature). */
int x509_verify_chain(x509_cert *chain, size_t n, int64_t now);

#endif
