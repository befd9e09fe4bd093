/* Reading a piece of transaction data too long for one buffer, chunk by chunk. */
#ifndef CKBCRYPTO_STREAM_H
#define CKBCRYPTO_STREAM_H

#include <stddef.h>
#include <stdint.h>

/* What receives the chunks, in order. */
typedef void (*ckbcrypto_sink)(void *context, const uint8_t *bytes, size_t length);

/* Loads the start of the group's first output witness (the vector scripts' input) into `chunk`:
   0 with its whole length in `total` and the bytes loaded, at most `size`, in `have`;
   CKBCRYPTO_ERR_NO_WITNESS when there is none, CKBCRYPTO_ERR_SYSCALL when the load fails. */
int ckbcrypto_output_witness_head(uint8_t *chunk, size_t size, size_t *total, size_t *have);

/* Loads the witness at `index` of `source` from `offset` to its end through `chunk` (`size`
   bytes) and gives each piece to `sink`. CKB_SUCCESS, or the failing syscall's code. */
int ckbcrypto_stream_witness(size_t index, size_t source, size_t offset, uint8_t *chunk, size_t size,
                             ckbcrypto_sink sink, void *context);

#endif
