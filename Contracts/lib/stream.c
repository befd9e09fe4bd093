#include "stream.h"

#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"

int ckbcrypto_stream_witness(size_t index, size_t source, size_t offset, uint8_t *chunk, size_t size,
                             ckbcrypto_sink sink, void *context) {
    for (;;) {
        uint64_t len = size;
        int ret = ckb_load_witness(chunk, &len, offset, index, source);
        if (ret != CKB_SUCCESS) return ret;
        size_t got = len < size ? (size_t)len : size; /* len: what remained from offset */
        sink(context, chunk, got);
        offset += got;
        if (got == len) return CKB_SUCCESS;
    }
}

int ckbcrypto_output_witness_head(uint8_t *chunk, size_t size, size_t *total, size_t *have) {
    uint64_t len = size;
    int ret = ckb_load_witness(chunk, &len, 0, 0, SOURCE_GROUP_OUTPUT);
    if (ret == CKB_INDEX_OUT_OF_BOUND) return CKBCRYPTO_ERR_NO_WITNESS;
    if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    *total = (size_t)len;
    *have = *total < size ? *total : size;
    return 0;
}
