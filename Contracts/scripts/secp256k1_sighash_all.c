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
#include "ckb_string.h"

#define MAX_WITNESS 32768
#define SIGNATURE_SIZE 65

static uint8_t script[CKBCRYPTO_MAX_SCRIPT_SIZE];
static uint8_t witness[MAX_WITNESS];

/* Hashes witness `index` of `source` with its length; 1 when there is none. */
static int hash_witness(blake2b_state *h, size_t index, size_t source) {
    uint64_t len = MAX_WITNESS;
    int ret = ckb_load_witness(witness, &len, 0, index, source);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return 1;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > MAX_WITNESS) return CKBCRYPTO_ERR_WITNESS_SIZE;
    blake2b_update(h, (const uint8_t *)&len, 8);
    blake2b_update(h, witness, (size_t)len);
    return 0;
}

/* The number of inputs, by binary search over `since` loads. */
static int count_inputs(size_t *count) {
    uint64_t since, len;
    size_t low = 0, high = 1;
    for (;;) {
        len = 8;
        int ret = ckb_load_input_by_field(&since, &len, 0, high, SOURCE_INPUT, INPUT_FIELD_SINCE);
        if (ret == CKB_INDEX_OUT_OF_BOUND) break;
        if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
        low = high;
        high *= 2;
    }
    /* Input `low` exists (or low is 0), input `high` does not. */
    while (high - low > 1) {
        size_t mid = low + (high - low) / 2;
        len = 8;
        int ret = ckb_load_input_by_field(&since, &len, 0, mid, SOURCE_INPUT, INPUT_FIELD_SINCE);
        if (ret == CKB_SUCCESS) {
            low = mid;
        } else if (ret == CKB_INDEX_OUT_OF_BOUND) {
            high = mid;
        } else {
            return CKBCRYPTO_ERR_SYSCALL;
        }
    }
    *count = high;
    return 0;
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    uint64_t len = sizeof script;
    if (ckb_load_script(script, &len, 0) != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > sizeof script) return CKBCRYPTO_ERR_ARGS_LENGTH;
    mol_bytes args;
    if (mol_script_args(script, (size_t)len, &args) != 0) return CKBCRYPTO_ERR_ENCODING;
    if (args.len != 20) return CKBCRYPTO_ERR_ARGS_LENGTH;

    /* The first group witness and its signature. */
    len = MAX_WITNESS;
    int ret = ckb_load_witness(witness, &len, 0, 0, SOURCE_GROUP_INPUT);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return CKBCRYPTO_ERR_NO_WITNESS;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > MAX_WITNESS) return CKBCRYPTO_ERR_WITNESS_SIZE;
    size_t witness_len = (size_t)len;
    mol_bytes lock;
    int present;
    if (mol_witness_args_lock(witness, witness_len, &lock, &present) != 0) return CKBCRYPTO_ERR_ENCODING;
    if (!present || lock.len != SIGNATURE_SIZE) return CKBCRYPTO_ERR_SIGNATURE;
    uint8_t signature[SIGNATURE_SIZE];
    memcpy(signature, lock.ptr, SIGNATURE_SIZE);
    memset((uint8_t *)lock.ptr, 0, SIGNATURE_SIZE);

    /* The message. */
    uint8_t tx_hash[32];
    len = 32;
    if (ckb_load_tx_hash(tx_hash, &len, 0) != CKB_SUCCESS || len != 32) return CKBCRYPTO_ERR_SYSCALL;
    blake2b_state h;
    ckb_hash_init(&h);
    blake2b_update(&h, tx_hash, 32);
    uint64_t wlen = witness_len;
    blake2b_update(&h, (const uint8_t *)&wlen, 8);
    blake2b_update(&h, witness, witness_len);
    for (size_t i = 1;; i++) {
        ret = hash_witness(&h, i, SOURCE_GROUP_INPUT);
        if (ret == 1) break;
        if (ret != 0) return ret;
    }
    size_t inputs;
    if ((ret = count_inputs(&inputs)) != 0) return ret;
    for (size_t i = inputs;; i++) {
        ret = hash_witness(&h, i, SOURCE_INPUT);
        if (ret == 1) break;
        if (ret != 0) return ret;
    }
    uint8_t message[32];
    blake2b_final(&h, message);

    /* Recover, hash, compare. */
    secp256k1_ge key;
    if ((ret = secp256k1_recover(&key, signature, message)) != 0) return ret;
    uint8_t compressed[33], digest[32];
    secp256k1_pubkey_serialize_compressed(compressed, &key);
    ckb_hash_init(&h);
    blake2b_update(&h, compressed, 33);
    blake2b_final(&h, digest);
    return memcmp(digest, args.ptr, 20) == 0 ? 0 : CKBCRYPTO_ERR_MISMATCH;
}
