// Valgrind client requests for the constant-time check (scripts/ct-check); header only. The
// requests are no-ops when the program does not run under valgrind.
#include <valgrind/memcheck.h>

static inline void ckb_ct_mark_secret(const void *p, unsigned long n) { VALGRIND_MAKE_MEM_UNDEFINED(p, n); }
static inline void ckb_ct_mark_public(const void *p, unsigned long n) { VALGRIND_MAKE_MEM_DEFINED(p, n); }
static inline int ckb_ct_under_valgrind(void) { return RUNNING_ON_VALGRIND; }
