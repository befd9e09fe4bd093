/* hash_check: a type script that accepts a transaction only when the data of every output cell
   in its group hashes to the digest its args name. Inputs carrying the script are not checked
   (consuming such a cell is always allowed).

   Args (script args bytes), exactly one hash specification (lib/hash_spec.h):
     [0]        algorithm: 0 = CKB hash (BLAKE2b-256, "ckb-default-hash"), 1 = SHA-256,
                2 = Eaglesong-256, 3 = BLAKE2b with parameters
     algorithms 0, 1, 2:
       [1..33)  the expected 32-byte digest                             (33 bytes in all)
     algorithm 3:
       [1]      digest length n (1..64)
       [2]      key length k (0..64)
       [3..19)  salt (16 bytes; zeros for none)
       [19..35) personalization (16 bytes; zeros for none)
       [35..35+k)        key
       [35+k..35+k+n)    the expected digest                            (35 + k + n bytes)
   Hashed: each group output's cell data, whole (read in chunks, so any size fits).
   Exit codes: 0, or include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckbcrypto_limits.h"
#include "../lib/hash_spec.h"
#include "../lib/molecule.h"

static uint8_t script[CKBCRYPTO_MAX_SCRIPT_SIZE];
static uint8_t chunk[CKBCRYPTO_DATA_CHUNK];

/* Hashes output `index` of the group; 1 when there is no such output. */
static int check_output(size_t index, const hash_spec *spec) {
    hash_state h;
    hash_spec_init(&h, spec);
    int ret = hash_spec_stream(&h, spec, SYS_load_cell_data, index, SOURCE_GROUP_OUTPUT, 0, chunk, sizeof chunk);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return 1;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    return hash_spec_final_check(&h, spec);
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    mol_bytes args;
    int status = load_script_args(script, sizeof script, &args);
    if (status) return status;
    hash_spec spec;
    int err = hash_spec_parse(args.ptr, args.len, &spec);
    if (err) return err;
    if (spec.length != args.len) return CKBCRYPTO_ERR_ARGS_LENGTH;
    size_t index = 0;
    for (;; index++) {
        int ret = check_output(index, &spec);
        if (ret == 1) break;
        if (ret != 0) return ret;
    }
    return index == 0 ? CKBCRYPTO_ERR_NO_OUTPUT : 0;
}
