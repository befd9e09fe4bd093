/* hash_check: a type script that accepts a transaction only when the data of every output cell
   in its group hashes to the digest its args name. Inputs carrying the script are not checked
   (consuming such a cell is always allowed).

   Args (script args bytes):
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
#include "../lib/blake2b.h"
#include "../lib/eaglesong.h"
#include "../lib/molecule.h"
#include "../lib/sha256.h"

#include "ckb_string.h"

enum { ALG_CKB = 0, ALG_SHA256 = 1, ALG_EAGLESONG = 2, ALG_BLAKE2B = 3 };

typedef struct {
    int algorithm;
    size_t outlen;
    const uint8_t *key;
    size_t keylen;
    const uint8_t *salt;
    const uint8_t *personal;
    const uint8_t *expected;
} hash_spec;

typedef union {
    blake2b_state blake2b;
    sha256_state sha256;
    eaglesong_state eaglesong;
} hash_state;

static uint8_t script[CKBCRYPTO_MAX_SCRIPT_SIZE];
static uint8_t chunk[CKBCRYPTO_DATA_CHUNK];

static int parse_args(const uint8_t *args, size_t len, hash_spec *spec) {
    if (len < 1) return CKBCRYPTO_ERR_ARGS_LENGTH;
    spec->algorithm = args[0];
    spec->key = NULL;
    spec->keylen = 0;
    spec->salt = NULL;
    spec->personal = NULL;
    switch (spec->algorithm) {
    case ALG_CKB:
    case ALG_SHA256:
    case ALG_EAGLESONG:
        if (len != 33) return CKBCRYPTO_ERR_ARGS_LENGTH;
        spec->outlen = 32;
        spec->expected = args + 1;
        return 0;
    case ALG_BLAKE2B:
        if (len < 35) return CKBCRYPTO_ERR_ARGS_LENGTH;
        spec->outlen = args[1];
        spec->keylen = args[2];
        if (spec->outlen < 1 || spec->outlen > 64 || spec->keylen > 64) return CKBCRYPTO_ERR_PARAMETERS;
        if (len != 35 + spec->keylen + spec->outlen) return CKBCRYPTO_ERR_ARGS_LENGTH;
        spec->salt = args + 3;
        spec->personal = args + 19;
        spec->key = args + 35;
        spec->expected = args + 35 + spec->keylen;
        return 0;
    default:
        return CKBCRYPTO_ERR_UNKNOWN_ALGORITHM;
    }
}

static void hash_init(hash_state *h, const hash_spec *spec) {
    switch (spec->algorithm) {
    case ALG_CKB: ckb_hash_init(&h->blake2b); break;
    case ALG_SHA256: sha256_init(&h->sha256); break;
    case ALG_EAGLESONG: eaglesong_init(&h->eaglesong); break;
    default: blake2b_init(&h->blake2b, spec->outlen, spec->key, spec->keylen, spec->salt, spec->personal); break;
    }
}

static void hash_update(hash_state *h, const hash_spec *spec, const uint8_t *data, size_t len) {
    switch (spec->algorithm) {
    case ALG_SHA256: sha256_update(&h->sha256, data, len); break;
    case ALG_EAGLESONG: eaglesong_update(&h->eaglesong, data, len); break;
    default: blake2b_update(&h->blake2b, data, len); break;
    }
}

static void hash_final(hash_state *h, const hash_spec *spec, uint8_t *out) {
    switch (spec->algorithm) {
    case ALG_SHA256: sha256_final(&h->sha256, out); break;
    case ALG_EAGLESONG: eaglesong_final(&h->eaglesong, out); break;
    default: blake2b_final(&h->blake2b, out); break;
    }
}

/* Hashes output `index` of the group; 1 when there is no such output. */
static int check_output(size_t index, const hash_spec *spec) {
    hash_state h;
    hash_init(&h, spec);
    size_t offset = 0;
    for (;;) {
        uint64_t len = sizeof chunk;
        int ret = ckb_load_cell_data(chunk, &len, offset, index, SOURCE_GROUP_OUTPUT);
        if (ret == CKB_INDEX_OUT_OF_BOUND) return 1;
        if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
        size_t got = len < sizeof chunk ? (size_t)len : sizeof chunk; /* len: what remained from offset */
        hash_update(&h, spec, chunk, got);
        offset += got;
        if (got == len) break;
    }
    uint8_t digest[64];
    hash_final(&h, spec, digest);
    return memcmp(digest, spec->expected, spec->outlen) == 0 ? 0 : CKBCRYPTO_ERR_MISMATCH;
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    uint64_t len = sizeof script;
    if (ckb_load_script(script, &len, 0) != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > sizeof script) return CKBCRYPTO_ERR_ARGS_LENGTH;
    mol_bytes args;
    if (mol_script_args(script, (size_t)len, &args) != 0) return CKBCRYPTO_ERR_ENCODING;
    hash_spec spec;
    int err = parse_args(args.ptr, args.len, &spec);
    if (err) return err;
    size_t index = 0;
    for (;; index++) {
        int ret = check_output(index, &spec);
        if (ret == 1) break;
        if (ret != 0) return ret;
    }
    return index == 0 ? CKBCRYPTO_ERR_NO_OUTPUT : 0;
}
