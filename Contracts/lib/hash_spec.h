/* A hash check's specification, as hash_check's args and hash_vector's witness carry it:
     [0]   algorithm: 0 = CKB hash, 1 = SHA-256, 2 = Eaglesong-256, 3 = BLAKE2b with parameters
     algorithms 0, 1, 2: [1..33) the expected 32-byte digest                     (33 bytes)
     algorithm 3: [1] digest length n (1..64), [2] key length k (0..64), [3..19) salt,
                  [19..35) personalization, [35..35+k) key, then the n-byte digest (35 + k + n)
   and the streaming hash it names. */
#ifndef CKBCRYPTO_HASH_SPEC_H
#define CKBCRYPTO_HASH_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "blake2b.h"
#include "eaglesong.h"
#include "sha256.h"

enum { HASH_ALG_CKB = 0, HASH_ALG_SHA256 = 1, HASH_ALG_EAGLESONG = 2, HASH_ALG_BLAKE2B = 3 };

typedef struct {
    int algorithm;
    size_t outlen;
    const uint8_t *key;
    size_t keylen;
    const uint8_t *salt;
    const uint8_t *personal;
    const uint8_t *expected;
    size_t length; /* bytes the specification occupies */
} hash_spec;

typedef union {
    blake2b_state blake2b;
    sha256_state sha256;
    eaglesong_state eaglesong;
} hash_state;

/* Parses a specification at the start of `bytes` (it may be followed by more); 0 or an exit code
   of include/ckbcrypto_errors.h. */
int hash_spec_parse(const uint8_t *bytes, size_t len, hash_spec *spec);
void hash_spec_init(hash_state *h, const hash_spec *spec);
void hash_spec_update(hash_state *h, const hash_spec *spec, const uint8_t *data, size_t len);
/* Hashes the bytes a partial-loading syscall (load_cell_data or load_witness: a0 buffer, a1 length,
   a2 offset, a3 index, a4 source) returns from `offset` to the end, `chunk_size` bytes at a time.
   Returns the syscall's code (CKB_SUCCESS when every byte was hashed). */
int hash_spec_stream(hash_state *h, const hash_spec *spec, long syscall, size_t index, size_t source, size_t offset,
                     uint8_t *chunk, size_t chunk_size);
/* 0 when the digest equals the expected one, else CKBCRYPTO_ERR_MISMATCH. */
int hash_spec_final_check(hash_state *h, const hash_spec *spec);

#endif
