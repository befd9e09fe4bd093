/* Reading a piece of transaction data too long for one buffer, chunk by chunk. */
#ifndef CKBCRYPTO_STREAM_H
#define CKBCRYPTO_STREAM_H

#include <stddef.h>
#include <stdint.h>

/* What receives the chunks, in order. */
typedef void (*ckbcrypto_sink)(void *context, const uint8_t *bytes, size_t length);

/* Loads the witness at `index` of `source` from `offset` to its end through `chunk` (`size`
   bytes) and gives each piece to `sink`. CKB_SUCCESS, or the failing syscall's code. */
int ckbcrypto_stream_witness(size_t index, size_t source, size_t offset, uint8_t *chunk, size_t size,
                             ckbcrypto_sink sink, void *context);

#endif
