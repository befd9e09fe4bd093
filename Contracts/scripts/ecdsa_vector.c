/* ecdsa_vector: the vector script for ECDSA over secp256k1 with SHA-256, SHA-384 or SHA-512. It
   takes one test case from the witness and exits 0 when the signature verifies; the cross-check
   runs Wycheproof's secp256k1 files through it.

   Witness (witness of the group's first output, raw bytes, not WitnessArgs):
     [0]              flags: bit 0 accepts high S (textbook ECDSA; clear = low S only, as
                      libsecp256k1 and CKB), bit 1 says the signature is DER (clear = 64-byte r || s),
                      bits 2-3 name the hash: 0 SHA-256, 1 SHA-384, 2 SHA-512
     [1]              public key length k (33 or 65)
     [2, 2+k)         public key (SEC 1: 02/03 || x, or 04 || x || y)
     [2+k, 4+k)       signature length m (u16 LE)
     [4+k, 4+k+m)     signature
     [4+k+m, end)     the message; its hash, truncated to 32 bytes, is the digest signed
   Args: none (ignored).
   Exit codes: 0; CKBCRYPTO_ERR_PUBLIC_KEY, CKBCRYPTO_ERR_SIGNATURE (encoding, r or s out of
   range), CKBCRYPTO_ERR_MISMATCH (does not verify), or include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/secp256k1.h"
#include "../lib/sha256.h"
#include "../lib/sha512.h"
#include "../lib/stream.h"

static uint8_t chunk[CKBCRYPTO_DATA_CHUNK];

static void sink_sha256(void *h, const uint8_t *bytes, size_t length) { sha256_update(h, bytes, length); }
static void sink_sha512(void *h, const uint8_t *bytes, size_t length) { sha512_update(h, bytes, length); }

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    size_t total, have;
    int ret = ckbcrypto_output_witness_head(chunk, sizeof chunk, &total, &have);
    if (ret) return ret;
    if (have < 2) return CKBCRYPTO_ERR_ENCODING;
    uint8_t flags = chunk[0];
    size_t k = chunk[1];
    int hash = (flags >> 2) & 3;
    if (flags > 11 || hash == 3 || have < 4 + k) return CKBCRYPTO_ERR_ENCODING;
    size_t m = (size_t)chunk[2 + k] | (size_t)chunk[3 + k] << 8;
    size_t start = 4 + k + m;
    if (have < start) return CKBCRYPTO_ERR_ENCODING;

    secp256k1_ge key;
    if ((ret = secp256k1_pubkey_parse(&key, chunk + 2, k)) != 0) return ret;
    secp256k1_scalar r, s;
    if (flags & 2) {
        ret = secp256k1_signature_parse_der(&r, &s, chunk + 4 + k, m);
    } else {
        ret = m == 64 ? secp256k1_signature_parse_compact(&r, &s, chunk + 4 + k) : CKBCRYPTO_ERR_SIGNATURE;
    }
    if (ret) return ret;

    sha256_state h256;
    sha512_state h512;
    if (hash == 0) {
        sha256_init(&h256);
    } else if (hash == 1) {
        sha384_init(&h512);
    } else {
        sha512_init(&h512);
    }
    ckbcrypto_sink sink = hash == 0 ? sink_sha256 : sink_sha512;
    void *context = hash == 0 ? (void *)&h256 : (void *)&h512;
    sink(context, chunk + start, have - start);
    if (total > have && ckbcrypto_stream_witness(0, SOURCE_GROUP_OUTPUT, have, chunk, sizeof chunk, sink, context) != CKB_SUCCESS) {
        return CKBCRYPTO_ERR_SYSCALL;
    }
    uint8_t digest[64];
    if (hash == 0) {
        sha256_final(&h256, digest);
    } else {
        sha512_final(&h512, digest);
    }
    /* SEC 1 section 4.1.3: a digest longer than the order is truncated to its first 256 bits. */
    return secp256k1_verify(&key, digest, &r, &s, flags & 1);
}
