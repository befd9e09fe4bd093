#include "stream.h"

#include "../include/ckb_syscalls.h"

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
