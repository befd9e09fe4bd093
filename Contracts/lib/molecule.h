/* The few Molecule readers the contracts need (spec/ckb.md §4), strict: every offset checked. */
#ifndef CKBCRYPTO_MOLECULE_H
#define CKBCRYPTO_MOLECULE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *ptr;
    size_t len;
} mol_bytes;

/* Field `index` of a table of exactly `fields` fields; 0 or -1. */
int mol_table_field(const uint8_t *data, size_t len, size_t fields, size_t index, mol_bytes *out);
/* The contents of a `Bytes` (fixvec of byte); 0 or -1. */
int mol_bytes_contents(mol_bytes bytes, mol_bytes *out);
/* The args of a Script (table: code_hash Byte32, hash_type byte, args Bytes); 0 or -1. */
int mol_script_args(const uint8_t *data, size_t len, mol_bytes *args);

/* Loads the running script into `buffer` (`capacity` bytes) and finds its args. 0, or
   CKBCRYPTO_ERR_SYSCALL, CKBCRYPTO_ERR_ARGS_LENGTH (a script longer than the buffer) or
   CKBCRYPTO_ERR_ENCODING. */
int load_script_args(uint8_t *buffer, size_t capacity, mol_bytes *args);

/* The lock field of a strict WitnessArgs (table of three BytesOpt: lock, input_type, output_type,
   each absent or a valid Bytes). 0 with *present set, or -1. */
int mol_witness_args_lock(const uint8_t *data, size_t len, mol_bytes *lock, int *present);

#endif
