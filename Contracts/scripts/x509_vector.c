/* x509_vector: the vector script for X.509 chains. It takes one chain from the witness and exits
   0 when it validates under the on-chain profile (lib/x509.h) at the time given; the cross-check
   runs the X.509 corpora through it.

   Witness (witness of the group's first output, raw bytes, not WitnessArgs):
     [0, 8)           the validation time, Unix seconds (i64 LE)
     [8]              n, the number of certificates (2 to 6)
     then n times     u16 LE length, the certificate's DER; leaf first, trust anchor last
   and nothing after.
   Args: none (ignored).
   Exit codes: 0; CKBCRYPTO_ERR_CERTIFICATE, _CHAIN, _VALIDITY, _MISMATCH (a signature),
   CKBCRYPTO_ERR_ENCODING (a malformed witness), or include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../lib/x509.h"

static uint8_t witness[65536];
static x509_cert chain[X509_MAX_CHAIN];

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    uint64_t len = sizeof witness;
    int ret = ckb_load_witness(witness, &len, 0, 0, SOURCE_GROUP_OUTPUT);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return CKBCRYPTO_ERR_NO_WITNESS;
    if (ret != CKB_SUCCESS || len > sizeof witness) return CKBCRYPTO_ERR_ENCODING;
    if (len < 9) return CKBCRYPTO_ERR_ENCODING;
    int64_t now = 0;
    for (int i = 7; i >= 0; i--) now = now << 8 | witness[i];
    size_t n = witness[8], at = 9;
    if (n < 2 || n > X509_MAX_CHAIN) return CKBCRYPTO_ERR_CHAIN;
    for (size_t i = 0; i < n; i++) {
        if (at + 2 > len) return CKBCRYPTO_ERR_ENCODING;
        size_t k = (size_t)witness[at] | (size_t)witness[at + 1] << 8;
        at += 2;
        if (k > len - at) return CKBCRYPTO_ERR_ENCODING;
        if ((ret = x509_parse(&chain[i], witness + at, k)) != 0) return ret;
        at += k;
    }
    if (at != len) return CKBCRYPTO_ERR_ENCODING;
    return x509_verify_chain(chain, n, now);
}
