/* hash_vector: the vector script for hashes. It takes one test case from the witness and exits 0
   when the message hashes to the expected digest; the cross-check runs every hash vector through
   it, as the vector scripts of the signature primitives will run theirs.

   Witness (witness of the group's first output, raw bytes, not WitnessArgs):
     a hash specification (lib/hash_spec.h: algorithm, parameters, expected digest)
     followed by the message (any length, read in 32 KiB chunks).
   Args: none (ignored).
   Exit codes: 0, or include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/hash_spec.h"

/* The longest specification: 35 + 64-byte key + 64-byte digest. */
#define MAX_SPEC 163

static uint8_t spec_bytes[MAX_SPEC];
static uint8_t chunk[CKBCRYPTO_DATA_CHUNK];

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    uint64_t len = sizeof spec_bytes;
    int ret = ckb_load_witness(spec_bytes, &len, 0, 0, SOURCE_GROUP_OUTPUT);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return CKBCRYPTO_ERR_NO_WITNESS;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    size_t available = len < sizeof spec_bytes ? (size_t)len : sizeof spec_bytes;
    hash_spec spec;
    int err = hash_spec_parse(spec_bytes, available, &spec);
    if (err) return err;
    hash_state h;
    hash_spec_init(&h, &spec);
    if (hash_spec_stream(&h, &spec, SYS_load_witness, 0, SOURCE_GROUP_OUTPUT, spec.length, chunk, sizeof chunk) != CKB_SUCCESS) {
        return CKBCRYPTO_ERR_SYSCALL;
    }
    return hash_spec_final_check(&h, &spec);
}
