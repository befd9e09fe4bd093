/* The sighash_all message. See sighash.h. */
#include "sighash.h"

#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "blake2b.h"
#include "ckb_string.h"
#include "molecule.h"

static uint8_t witness[SIGHASH_MAX_WITNESS];

/* Hashes witness `index` of `source` after its length; 1 when there is none. */
static int hash_witness(blake2b_state *h, size_t index, size_t source) {
    uint64_t len = SIGHASH_MAX_WITNESS;
    int ret = ckb_load_witness(witness, &len, 0, index, source);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return 1;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > SIGHASH_MAX_WITNESS) return CKBCRYPTO_ERR_WITNESS_SIZE;
    blake2b_update(h, (const uint8_t *)&len, 8);
    blake2b_update(h, witness, (size_t)len);
    return 0;
}

/* The number of inputs, by a doubling then binary search over `since` loads. */
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

int sighash_all(uint8_t *lock_out, size_t capacity, size_t exact, size_t *lock_len, uint8_t message[32]) {
    uint64_t len = SIGHASH_MAX_WITNESS;
    int ret = ckb_load_witness(witness, &len, 0, 0, SOURCE_GROUP_INPUT);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return CKBCRYPTO_ERR_NO_WITNESS;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > SIGHASH_MAX_WITNESS) return CKBCRYPTO_ERR_WITNESS_SIZE;
    size_t witness_len = (size_t)len;
    mol_bytes lock;
    int present;
    if (mol_witness_args_lock(witness, witness_len, &lock, &present) != 0) return CKBCRYPTO_ERR_ENCODING;
    if (!present || lock.len > capacity || (exact && lock.len != exact)) return CKBCRYPTO_ERR_SIGNATURE;
    memcpy(lock_out, lock.ptr, lock.len);
    *lock_len = lock.len;
    memset((uint8_t *)lock.ptr, 0, lock.len);

    uint8_t tx_hash[32];
    len = 32;
    if (ckb_load_tx_hash(tx_hash, &len, 0) != CKB_SUCCESS || len != 32) return CKBCRYPTO_ERR_SYSCALL;
    blake2b_state h;
    ckb_hash_init(&h);
    blake2b_update(&h, tx_hash, 32);
    uint64_t first_len = witness_len;
    blake2b_update(&h, (const uint8_t *)&first_len, 8);
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
    blake2b_final(&h, message);
    return 0;
}
