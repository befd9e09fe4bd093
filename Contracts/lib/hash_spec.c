/* Hash specifications for hash_check and hash_vector. See hash_spec.h. */
#include "hash_spec.h"

#include "ckb_string.h"
#include "ckb_syscalls.h"
#include "ckbcrypto_errors.h"

int hash_spec_parse(const uint8_t *bytes, size_t len, hash_spec *spec) {
    if (len < 1) return CKBCRYPTO_ERR_ARGS_LENGTH;
    spec->algorithm = bytes[0];
    spec->key = NULL;
    spec->keylen = 0;
    spec->salt = NULL;
    spec->personal = NULL;
    switch (spec->algorithm) {
    case HASH_ALG_CKB:
    case HASH_ALG_SHA256:
    case HASH_ALG_EAGLESONG:
        if (len < 33) return CKBCRYPTO_ERR_ARGS_LENGTH;
        spec->outlen = 32;
        spec->expected = bytes + 1;
        spec->length = 33;
        return 0;
    case HASH_ALG_BLAKE2B:
        if (len < 35) return CKBCRYPTO_ERR_ARGS_LENGTH;
        spec->outlen = bytes[1];
        spec->keylen = bytes[2];
        if (spec->outlen < 1 || spec->outlen > 64 || spec->keylen > 64) return CKBCRYPTO_ERR_PARAMETERS;
        spec->length = 35 + spec->keylen + spec->outlen;
        if (len < spec->length) return CKBCRYPTO_ERR_ARGS_LENGTH;
        spec->salt = bytes + 3;
        spec->personal = bytes + 19;
        spec->key = bytes + 35;
        spec->expected = bytes + 35 + spec->keylen;
        return 0;
    default:
        return CKBCRYPTO_ERR_UNKNOWN_ALGORITHM;
    }
}

void hash_spec_init(hash_state *h, const hash_spec *spec) {
    switch (spec->algorithm) {
    case HASH_ALG_CKB: ckb_hash_init(&h->blake2b); break;
    case HASH_ALG_SHA256: sha256_init(&h->sha256); break;
    case HASH_ALG_EAGLESONG: eaglesong_init(&h->eaglesong); break;
    default: blake2b_init(&h->blake2b, spec->outlen, spec->key, spec->keylen, spec->salt, spec->personal); break;
    }
}

void hash_spec_update(hash_state *h, const hash_spec *spec, const uint8_t *data, size_t len) {
    switch (spec->algorithm) {
    case HASH_ALG_SHA256: sha256_update(&h->sha256, data, len); break;
    case HASH_ALG_EAGLESONG: eaglesong_update(&h->eaglesong, data, len); break;
    default: blake2b_update(&h->blake2b, data, len); break;
    }
}

int hash_spec_stream(hash_state *h, const hash_spec *spec, long syscall, size_t index, size_t source, size_t offset,
                     uint8_t *chunk, size_t chunk_size) {
    for (;;) {
        uint64_t len = chunk_size;
        int ret = (int)ckb_syscall(syscall, (long)chunk, (long)&len, (long)offset, (long)index, (long)source, 0);
        if (ret != CKB_SUCCESS) return ret;
        size_t got = len < chunk_size ? (size_t)len : chunk_size; /* len: what remained from offset */
        hash_spec_update(h, spec, chunk, got);
        offset += got;
        if (got == len) return CKB_SUCCESS;
    }
}

int hash_spec_final_check(hash_state *h, const hash_spec *spec) {
    uint8_t digest[64];
    switch (spec->algorithm) {
    case HASH_ALG_SHA256: sha256_final(&h->sha256, digest); break;
    case HASH_ALG_EAGLESONG: eaglesong_final(&h->eaglesong, digest); break;
    default: blake2b_final(&h->blake2b, digest); break;
    }
    return memcmp(digest, spec->expected, spec->outlen) == 0 ? 0 : CKBCRYPTO_ERR_MISMATCH;
}
