/* Molecule readers for the contracts. See molecule.h. */
#include "molecule.h"

#include "../include/ckb_syscalls.h"
#include "../include/ckbcrypto_errors.h"

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int mol_table_field(const uint8_t *data, size_t len, size_t fields, size_t index, mol_bytes *out) {
    if (len < 4 || le32(data) != len || index >= fields) return -1;
    if (len == 4) return -1; /* an empty table has no fields */
    if (len < 8) return -1;
    uint32_t first = le32(data + 4);
    if (first % 4 != 0 || first < 8 || first / 4 - 1 != fields || first > len) return -1;
    uint32_t previous = first;
    uint32_t start = 0, end = 0;
    for (size_t i = 0; i < fields; i++) {
        uint32_t offset = le32(data + 4 + 4 * i);
        uint32_t next = i + 1 < fields ? le32(data + 8 + 4 * i) : (uint32_t)len;
        if (offset < previous || next < offset || next > len) return -1;
        previous = offset;
        if (i == index) { start = offset; end = next; }
    }
    out->ptr = data + start;
    out->len = end - start;
    return 0;
}

int mol_bytes_contents(mol_bytes bytes, mol_bytes *out) {
    if (bytes.len < 4 || le32(bytes.ptr) != bytes.len - 4) return -1;
    out->ptr = bytes.ptr + 4;
    out->len = bytes.len - 4;
    return 0;
}

int mol_script_args(const uint8_t *data, size_t len, mol_bytes *args) {
    mol_bytes field;
    if (mol_table_field(data, len, 3, 0, &field) != 0 || field.len != 32) return -1;
    if (mol_table_field(data, len, 3, 1, &field) != 0 || field.len != 1) return -1;
    if (mol_table_field(data, len, 3, 2, &field) != 0) return -1;
    return mol_bytes_contents(field, args);
}

int mol_witness_args_lock(const uint8_t *data, size_t len, mol_bytes *lock, int *present) {
    for (size_t i = 0; i < 3; i++) {
        mol_bytes field, contents;
        if (mol_table_field(data, len, 3, i, &field) != 0) return -1;
        if (field.len > 0 && mol_bytes_contents(field, &contents) != 0) return -1;
        if (i == 0) {
            *present = field.len > 0;
            if (field.len > 0) *lock = contents;
        }
    }
    return 0;
}

int load_script_args(uint8_t *buffer, size_t capacity, mol_bytes *args) {
    uint64_t len = capacity;
    if (ckb_load_script(buffer, &len, 0) != CKB_SUCCESS) return CKBCRYPTO_ERR_SYSCALL;
    if (len > capacity) return CKBCRYPTO_ERR_ARGS_LENGTH;
    if (mol_script_args(buffer, (size_t)len, args) != 0) return CKBCRYPTO_ERR_ENCODING;
    return 0;
}
