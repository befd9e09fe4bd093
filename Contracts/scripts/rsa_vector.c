/* rsa_vector: the vector script for RSA signatures. It takes one test case from the witness and
   exits 0 when the signature verifies; the cross-check runs Wycheproof's RSA files through it.

   Witness (witness of the group's first output, raw bytes, not WitnessArgs):
     [0]              padding: 0 PKCS#1 v1.5, 1 PSS
     [1]              hash: 0 SHA-256, 1 SHA-384, 2 SHA-512
     [2]              PSS: the MGF1 hash (same ids); ignored for PKCS#1 v1.5
     [3, 5)           PSS: the salt length (u16 LE), 0xFFFF to recover it from the signature
     [5, 7)           key length k (u16 LE)
     [7, 7+k)         the public key, PKCS#1 RSAPublicKey DER (1,024 to 8,192 bits)
     [7+k, 9+k)       signature length m (u16 LE)
     [9+k, 9+k+m)     the signature
     [9+k+m, end)     the message, hashed here with the hash of [1]
   Args: none (ignored).
   Exit codes: 0; CKBCRYPTO_ERR_PUBLIC_KEY, CKBCRYPTO_ERR_MISMATCH (does not verify),
   CKBCRYPTO_ERR_ENCODING (a malformed witness), or include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/rsa.h"
#include "../lib/sha256.h"
#include "../lib/sha512.h"

static uint8_t witness[65536];

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    uint64_t len = sizeof witness;
    int ret = ckb_load_witness(witness, &len, 0, 0, SOURCE_GROUP_OUTPUT);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return CKBCRYPTO_ERR_NO_WITNESS;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > sizeof witness) return CKBCRYPTO_ERR_ENCODING;
    size_t total = (size_t)len;
    if (total < 9) return CKBCRYPTO_ERR_ENCODING;
    int padding = witness[0], hash = witness[1], mgf = witness[2];
    unsigned salt = (unsigned)witness[3] | (unsigned)witness[4] << 8;
    size_t k = (size_t)witness[5] | (size_t)witness[6] << 8;
    if (padding > 1 || hash > 2 || mgf > 2 || total < 9 + k) return CKBCRYPTO_ERR_ENCODING;
    size_t m = (size_t)witness[7 + k] | (size_t)witness[8 + k] << 8;
    if (total < 9 + k + m) return CKBCRYPTO_ERR_ENCODING;

    rsa_key key;
    if ((ret = rsa_parse_pkcs1(&key, witness + 7, k, 1024)) != 0) return ret;
    uint8_t digest[64];
    rsa_hash(hash, witness + 9 + k + m, total - 9 - k - m, digest);
    if (padding == 0) return rsa_verify_pkcs1v15(&key, witness + 9 + k, m, digest, hash);
    return rsa_verify_pss(&key, witness + 9 + k, m, digest, hash, mgf, salt == 0xFFFF ? -1 : (long)salt);
}
