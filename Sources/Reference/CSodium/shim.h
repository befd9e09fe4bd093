// Reference library for tests and benchmarks only (never linked by a library target).
#include <sodium.h>
