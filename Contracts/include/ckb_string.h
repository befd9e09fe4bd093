/* The memory functions of lib/runtime.c (no libc). */
#ifndef CKBCRYPTO_STRING_H
#define CKBCRYPTO_STRING_H

#include <stddef.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
