// Reference library for tests and benchmarks only (never linked by a library target).
#include <secp256k1.h>
#include <secp256k1_recovery.h>
