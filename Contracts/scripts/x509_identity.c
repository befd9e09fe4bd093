/* x509_identity: a lock script that accepts a transaction signed by the key of an X.509
   certificate whose chain leads to a pinned trust anchor, over the same sighash_all message as
   CKB's default lock (spec/ckb.md section 7). The chain is checked under the on-chain profile
   (lib/x509.h; Docs/Primitives/X509.md lists its rules beside the off-chain ones).

   Args: 32 bytes, CKB's hash of the trust anchor's SubjectPublicKeyInfo DER; optionally 32 more,
   CKB's hash of the leaf identity the owner must have: the leaf's subject Name DER, or one
   subjectAltName GeneralName's DER (tag, length and value; e.g. an rfc822Name).
   Witness of the group's first input: a strict Molecule WitnessArgs whose lock is
     [0]              n, the number of certificates (2 to 6)
     then n times     u16 LE length, the certificate's DER; leaf first, trust anchor last
     then             padding (0 PKCS#1 v1.5, 1 PSS), hash (0 SHA-256, 1 SHA-384, 2 SHA-512),
                      MGF1 hash (PSS; 0 otherwise), salt length (u16 LE; 0xFFFF to recover; 0
                      for PKCS#1 v1.5), signature length m (u16 LE), the signature: the leaf
                      key's, over the 32-byte message hashed with the hash named
   and nothing after.
   Time: the newest timestamp among the transaction's header deps (there must be one). A header
   dep proves its block exists, so the time is a lower bound of the present: notBefore is checked
   soundly, notAfter only as of the newest header the spender cites.
   Exit codes: 0, or include/ckbcrypto_errors.h: _ARGS_LENGTH, _NO_HEADERS, _CERTIFICATE, _CHAIN,
   _VALIDITY, _ANCHOR, _IDENTITY, _SIGNATURE (a malformed lock), _MISMATCH (a signature). */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/blake2b.h"
#include "../lib/molecule.h"
#include "../lib/sighash.h"
#include "../lib/x509.h"
#include "ckb_string.h"

static uint8_t script[CKBCRYPTO_MAX_SCRIPT_SIZE];
static uint8_t lock[SIGHASH_MAX_WITNESS];
static x509_cert chain[X509_MAX_CHAIN];

static void ckb_hash(const uint8_t *data, size_t len, uint8_t out[32]) {
    blake2b_state h;
    ckb_hash_init(&h);
    blake2b_update(&h, data, len);
    blake2b_final(&h, out);
}

/* The newest header dep's timestamp, in seconds. */
static int header_time(int64_t *now) {
    uint8_t header[208];
    int found = 0;
    *now = 0;
    for (size_t i = 0;; i++) {
        uint64_t len = sizeof header;
        int ret = ckb_load_header(header, &len, 0, i, SOURCE_HEADER_DEP);
        if (ret == CKB_INDEX_OUT_OF_BOUND) break;
        if (ret != CKB_SUCCESS || len != sizeof header) return CKBCRYPTO_ERR_SYSCALL;
        uint64_t ms = 0;
        for (int k = 15; k >= 8; k--) ms = ms << 8 | header[k];  /* RawHeader.timestamp */
        if ((int64_t)(ms / 1000) > *now) *now = (int64_t)(ms / 1000);
        found = 1;
    }
    return found ? 0 : CKBCRYPTO_ERR_NO_HEADERS;
}

/* Whether the leaf's subject, or one of its subjectAltName entries, hashes to `want`. */
static int has_identity(const x509_cert *leaf, const uint8_t want[32]) {
    uint8_t digest[32];
    ckb_hash(leaf->subject.ptr, leaf->subject.len, digest);
    if (memcmp(digest, want, 32) == 0) return 1;
    size_t at = 0;
    while (at + 2 <= leaf->san.len) {
        size_t start = at, n = leaf->san.ptr[at + 1];
        at += 2;
        if (n & 0x80) {
            size_t bytes = n & 0x7F;
            n = 0;
            for (size_t i = 0; i < bytes; i++) n = n << 8 | leaf->san.ptr[at + i];
            at += bytes;
        }
        at += n;
        ckb_hash(leaf->san.ptr + start, at - start, digest);
        if (memcmp(digest, want, 32) == 0) return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    mol_bytes args;
    int ret = load_script_args(script, sizeof script, &args);
    if (ret) return ret;
    if (args.len != 32 && args.len != 64) return CKBCRYPTO_ERR_ARGS_LENGTH;

    uint8_t message[32];
    size_t n_lock;
    if ((ret = sighash_all(lock, sizeof lock, 0, &n_lock, message)) != 0) return ret;
    int64_t now;
    if ((ret = header_time(&now)) != 0) return ret;

    /* The chain. */
    if (n_lock < 1) return CKBCRYPTO_ERR_SIGNATURE;
    size_t n = lock[0], at = 1;
    if (n < 2 || n > X509_MAX_CHAIN) return CKBCRYPTO_ERR_CHAIN;
    for (size_t i = 0; i < n; i++) {
        if (at + 2 > n_lock) return CKBCRYPTO_ERR_SIGNATURE;
        size_t k = (size_t)lock[at] | (size_t)lock[at + 1] << 8;
        at += 2;
        if (k > n_lock - at) return CKBCRYPTO_ERR_SIGNATURE;
        if ((ret = x509_parse(&chain[i], lock + at, k)) != 0) return ret;
        at += k;
    }
    /* The anchor the args pin, then the chain's rules. */
    uint8_t digest[64];
    ckb_hash(chain[n - 1].spki.ptr, chain[n - 1].spki.len, digest);
    if (memcmp(digest, args.ptr, 32) != 0) return CKBCRYPTO_ERR_ANCHOR;
    if ((ret = x509_verify_chain(chain, n, now)) != 0) return ret;
    if (args.len == 64 && !has_identity(&chain[0], args.ptr + 32)) return CKBCRYPTO_ERR_IDENTITY;

    /* The leaf key's signature over the message. */
    if (at + 7 > n_lock) return CKBCRYPTO_ERR_SIGNATURE;
    int padding = lock[at], hash = lock[at + 1], mgf = lock[at + 2];
    unsigned salt = (unsigned)lock[at + 3] | (unsigned)lock[at + 4] << 8;
    size_t m = (size_t)lock[at + 5] | (size_t)lock[at + 6] << 8;
    at += 7;
    if (padding > 1 || hash > 2 || mgf > 2 || (padding == 0 && (mgf || salt)) || n_lock - at != m) return CKBCRYPTO_ERR_SIGNATURE;
    rsa_hash(hash, message, 32, digest);
    if (padding == 0) return rsa_verify_pkcs1v15(&chain[0].key, lock + at, m, digest, hash);
    return rsa_verify_pss(&chain[0].key, lock + at, m, digest, hash, mgf, salt == 0xFFFF ? -1 : (long)salt);
}
