/* pow_check: a type script that accepts a transaction only when its header deps carry valid
   proof of work and form a chain in the order listed (spec/ckb.md §5.3; the twin of
   CKBChain's ProofOfWork and of CKBScripts.PowCheck).

   Args: [0] network: 0 = mainnet (Eaglesong), 1 = testnet (Eaglesong, then CKB hash).   (1 byte)
   Read: every header dep (the 208-byte Header: RawHeader ‖ nonce u128).
   For each header: pow_hash = CKB hash of the 192-byte RawHeader; h = Eaglesong(pow_hash ‖
   nonce), then CKB hash of h on testnet; h read big-endian must be ≤ the target of the compact
   target (exponent = c >> 24, mantissa = c & 0xFFFFFF; zero or overflowing targets refused).
   For each header after the first: parent_hash = CKB hash of the previous Header and number =
   previous number + 1.
   Exit codes: 0, or include/ckbcrypto_errors.h. */
#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"
#include "../include/ckb_string.h"
#include "../lib/blake2b.h"
#include "../lib/eaglesong.h"
#include "../lib/molecule.h"

#define HEADER_SIZE 208
#define RAW_HEADER_SIZE 192

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

static void ckb_hash(const uint8_t *data, size_t len, uint8_t out[32]) {
    blake2b_state S;
    ckb_hash_init(&S);
    blake2b_update(&S, data, len);
    blake2b_final(&S, out);
}

/* The big-endian 256-bit target of a compact target; 0 when it is zero or overflows. */
static int compact_target(uint32_t compact, uint8_t target[32]) {
    uint32_t exponent = compact >> 24, mantissa = compact & 0xFFFFFF;
    if (mantissa != 0 && exponent > 32) return 0;
    memset(target, 0, 32);
    if (exponent <= 3) {
        uint32_t value = mantissa >> (8 * (3 - exponent));
        for (int i = 0; i < 4; i++) target[31 - i] = (uint8_t)(value >> (8 * i));
    } else {
        int shift = (int)exponent - 3;
        for (int i = 0; i < 3; i++) {
            int position = 31 - shift - i;
            if (position >= 0) target[position] = (uint8_t)(mantissa >> (8 * i));
        }
    }
    for (int i = 0; i < 32; i++) if (target[i]) return 1;
    return 0;
}

static int check_pow(const uint8_t header[HEADER_SIZE], int testnet) {
    uint8_t target[32];
    if (!compact_target(le32(header + 4), target)) return CKBCRYPTO_ERR_COMPACT_TARGET;
    uint8_t message[48];
    ckb_hash(header, RAW_HEADER_SIZE, message);
    memcpy(message + 32, header + RAW_HEADER_SIZE, 16);
    eaglesong_state E;
    eaglesong_init(&E);
    eaglesong_update(&E, message, sizeof message);
    uint8_t h[32];
    eaglesong_final(&E, h);
    if (testnet) ckb_hash(h, 32, h);
    return memcmp(h, target, 32) <= 0 ? 0 : CKBCRYPTO_ERR_POW;
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    static uint8_t script[1024];
    mol_bytes args;
    int status = load_script_args(script, sizeof script, &args);
    if (status) return status;
    if (args.len != 1) return CKBCRYPTO_ERR_ARGS_LENGTH;
    if (args.ptr[0] > 1) return CKBCRYPTO_ERR_PARAMETERS;
    int testnet = args.ptr[0] == 1;

    uint8_t header[HEADER_SIZE], previous_hash[32];
    uint64_t previous_number = 0;
    size_t index = 0;
    for (;; index++) {
        uint64_t len = HEADER_SIZE;
        int ret = ckb_load_header(header, &len, 0, index, SOURCE_HEADER_DEP);
        if (ret == CKB_INDEX_OUT_OF_BOUND) break;
        if (ret != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
        if (len != HEADER_SIZE) return CKBCRYPTO_ERR_ENCODING;
        int err = check_pow(header, testnet);
        if (err) return err;
        uint64_t number = le64(header + 16);
        if (index > 0 && (memcmp(header + 32, previous_hash, 32) != 0 || number != previous_number + 1)) {
            return CKBCRYPTO_ERR_LINKAGE;
        }
        ckb_hash(header, HEADER_SIZE, previous_hash);
        previous_number = number;
    }
    return index == 0 ? CKBCRYPTO_ERR_NO_HEADERS : 0;
}
