/* secp256k1_sighash_all: a lock script that accepts exactly what CKB's genesis default lock
   (secp256k1_blake160_sighash_all) accepts, with this project's own secp256k1 and no 1 MB
   table to load (spec/ckb.md section 7).

   Args: 20 bytes, blake160 (the first 20 bytes of CKB's hash) of the owner's 33-byte compressed
   public key.
   Witness of the group's first input: a strict Molecule WitnessArgs whose lock is 65 bytes,
   r (32) || s (32) || recovery id (1, 0..3), a recoverable ECDSA signature of the message.
   Message (CKB's hash, BLAKE2b-256 personalized "ckb-default-hash") over, in order:
     the 32-byte transaction hash;
     the first group witness with its 65 lock bytes zeroed, preceded by its length (u64 LE);
     each further group input's witness, preceded by its length;
     each witness at an index at or beyond the number of inputs, preceded by its length.
   Every hashed witness must be at most 32,768 bytes.
   The public key recovered from the signature (either S accepted) must hash to the args.
   Exit codes: 0, or include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/blake2b.h"
#include "../lib/molecule.h"
#include "../lib/secp256k1.h"
#include "../lib/sighash.h"
#include "ckb_string.h"

#define SIGNATURE_SIZE 65

static uint8_t script[CKBCRYPTO_MAX_SCRIPT_SIZE];

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    mol_bytes args;
    int status = load_script_args(script, sizeof script, &args);
    if (status) return status;
    if (args.len != 20) return CKBCRYPTO_ERR_ARGS_LENGTH;

    uint8_t signature[SIGNATURE_SIZE], message[32];
    size_t lock_len;
    int ret = sighash_all(signature, sizeof signature, SIGNATURE_SIZE, &lock_len, message);
    if (ret) return ret;

    /* Recover, hash, compare. */
    secp256k1_ge key;
    if ((ret = secp256k1_recover(&key, signature, message)) != 0) return ret;
    uint8_t compressed[33], digest[32];
    blake2b_state h;
    secp256k1_pubkey_serialize_compressed(compressed, &key);
    ckb_hash_init(&h);
    blake2b_update(&h, compressed, 33);
    blake2b_final(&h, digest);
    return memcmp(digest, args.ptr, 20) == 0 ? 0 : CKBCRYPTO_ERR_MISMATCH;
}
