/* ed25519_vector: the vector script for Ed25519 (RFC 8032, lib/ed25519.c's rules, those of
   Sources/CKBEd25519). It takes one test case from the witness and exits 0 when the signature
   verifies; the cross-check runs Wycheproof's Ed25519 file through it.

   Witness (witness of the group's first output, raw bytes, not WitnessArgs):
     [0, 32)     public key (the RFC 8032 encoding)
     [32, 96)    signature R || S
     [96, end)   the message, streamed (any length)
   Args: none (ignored).
   Exit codes: 0; CKBCRYPTO_ERR_PUBLIC_KEY (not canonical, not a point, or of small order),
   CKBCRYPTO_ERR_SIGNATURE (S not below L, R of small order), CKBCRYPTO_ERR_MISMATCH (does not
   verify), CKBCRYPTO_ERR_ENCODING (a witness shorter than 96 bytes), or
   include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/ed25519.h"
#include "../lib/sha512.h"
#include "../lib/stream.h"

static uint8_t chunk[CKBCRYPTO_DATA_CHUNK];

static void sink_sha512(void *h, const uint8_t *bytes, size_t length) { sha512_update(h, bytes, length); }

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    size_t total, have;
    int ret = ckbcrypto_output_witness_head(chunk, sizeof chunk, &total, &have);
    if (ret) return ret;
    if (have < 96) return CKBCRYPTO_ERR_ENCODING;
    uint8_t key[32], signature[64];
    for (int i = 0; i < 32; i++) key[i] = chunk[i];
    for (int i = 0; i < 64; i++) signature[i] = chunk[32 + i];

    ed25519_verifier verifier;
    if ((ret = ed25519_verify_prepare(&verifier, key, signature)) != 0) return ret;
    sink_sha512(&verifier.hash, chunk + 96, have - 96);
    if (total > have &&
        ckbcrypto_stream_witness(0, SOURCE_GROUP_OUTPUT, have, chunk, sizeof chunk, sink_sha512, &verifier.hash) != CKB_SUCCESS) {
        return CKBCRYPTO_ERR_SYSCALL;
    }
    return ed25519_verify_finish(&verifier);
}
