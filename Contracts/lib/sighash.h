/* The sighash_all signing message of a lock group (spec/ckb.md section 7), shared by every lock
   that signs a whole transaction. The twin of Sources/CKBChain/Model/SighashAll.swift. */
#ifndef CKBCRYPTO_SIGHASH_H
#define CKBCRYPTO_SIGHASH_H

#include <stddef.h>
#include <stdint.h>

/* Witnesses the message covers may be at most this long. */
#define SIGHASH_MAX_WITNESS 32768

/* Loads the first group input's witness, reads its strict WitnessArgs lock (which must be
   present and, when `exact` is not zero, exactly `exact` bytes long), copies the lock into
   `lock` (at most `capacity` bytes; *lock_len is its length),
   and computes the message over the witness with the lock zeroed: CKB's hash of the transaction
   hash, that witness after its u64 LE length, every further group input's witness and every
   witness beyond the inputs, each after its length. 0, or an exit code:
   CKBCRYPTO_ERR_NO_WITNESS, _SYSCALL, _WITNESS_SIZE, _ENCODING, or _SIGNATURE (no lock, or one
   longer than `capacity`). */
int sighash_all(uint8_t *lock, size_t capacity, size_t exact, size_t *lock_len, uint8_t message[32]);

#endif
