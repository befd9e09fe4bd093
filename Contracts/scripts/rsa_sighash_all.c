/* rsa_sighash_all: a lock script that accepts a transaction signed with an RSA key, over the
   same sighash_all message as CKB's default lock (spec/ckb.md section 7).

   Args: 20 bytes, blake160 (the first 20 bytes of CKB's hash) of the owner's public key as
   PKCS#1 RSAPublicKey DER (its canonical encoding; 2,048 to 8,192 bits).
   Witness of the group's first input: a strict Molecule WitnessArgs whose lock is
     [0]              padding: 0 PKCS#1 v1.5, 1 PSS
     [1]              hash: 0 SHA-256, 1 SHA-384, 2 SHA-512
     [2]              PSS: the MGF1 hash (same ids); 0 for PKCS#1 v1.5
     [3, 5)           PSS: the salt length (u16 LE), 0xFFFF to recover it; 0 for PKCS#1 v1.5
     [5, 7)           key length k (u16 LE)
     [7, 7+k)         the public key (PKCS#1 RSAPublicKey DER)
     [7+k, 9+k)       signature length m (u16 LE), the modulus length
     [9+k, 9+k+m)     the signature, over the 32-byte message (hashed with the hash of [1])
   and nothing after.
   Message (CKB's hash) over: the transaction hash; the first group witness with all its lock
   bytes zeroed, after its length (u64 LE); each further group input's witness and each witness
   beyond the inputs, after its length. Every hashed witness is at most 32,768 bytes.
   Exit codes: 0, or include/ckbcrypto_errors.h (MISMATCH: the key is not the args' or the
   signature does not verify). */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/blake2b.h"
#include "../lib/molecule.h"
#include "../lib/rsa.h"
#include "../lib/sighash.h"
#include "ckb_string.h"

#define MAX_LOCK (9 + 2 * (8 * RSA_MAX_LIMBS + 32))

static uint8_t script[CKBCRYPTO_MAX_SCRIPT_SIZE];
static uint8_t lock[MAX_LOCK];

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    mol_bytes args;
    int status = load_script_args(script, sizeof script, &args);
    if (status) return status;
    if (args.len != 20) return CKBCRYPTO_ERR_ARGS_LENGTH;

    uint8_t message[32];
    size_t n;
    int ret = sighash_all(lock, sizeof lock, 0, &n, message);
    if (ret) return ret;

    /* The lock's layout. */
    if (n < 9) return CKBCRYPTO_ERR_SIGNATURE;
    int padding = lock[0], hash = lock[1], mgf = lock[2];
    unsigned salt = (unsigned)lock[3] | (unsigned)lock[4] << 8;
    size_t k = (size_t)lock[5] | (size_t)lock[6] << 8;
    if (padding > 1 || hash > 2 || mgf > 2 || (padding == 0 && (mgf || salt)) || n < 9 + k) return CKBCRYPTO_ERR_SIGNATURE;
    size_t m = (size_t)lock[7 + k] | (size_t)lock[8 + k] << 8;
    if (n != 9 + k + m) return CKBCRYPTO_ERR_SIGNATURE;

    /* The key must be the args' and well formed. */
    uint8_t digest[64];
    blake2b_state h;
    ckb_hash_init(&h);
    blake2b_update(&h, lock + 7, k);
    blake2b_final(&h, digest);
    if (memcmp(digest, args.ptr, 20) != 0) return CKBCRYPTO_ERR_MISMATCH;
    rsa_key key;
    if ((ret = rsa_parse_pkcs1(&key, lock + 7, k, 2048)) != 0) return ret;

    rsa_hash(hash, message, 32, digest);
    if (padding == 0) return rsa_verify_pkcs1v15(&key, lock + 9 + k, m, digest, hash);
    return rsa_verify_pss(&key, lock + 9 + k, m, digest, hash, mgf, salt == 0xFFFF ? -1 : (long)salt);
}
