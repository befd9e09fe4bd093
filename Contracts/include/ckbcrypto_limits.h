/* Limits the contracts share. */
#ifndef CKBCRYPTO_LIMITS_H
#define CKBCRYPTO_LIMITS_H

/* Script molecule (code hash, hash type, args) loaded whole: args up to this many bytes. */
#define CKBCRYPTO_MAX_SCRIPT_SIZE 32768
/* Cell data is hashed in chunks of this size (partial loading), so any size fits in memory. */
#define CKBCRYPTO_DATA_CHUNK 32768

#endif
