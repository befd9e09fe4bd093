#!/usr/bin/env python3
"""The reference side of `ckbcrypto-bench dkim`: dkimpy's verify() on one message, with the key
record given in memory (no DNS). Prints nanoseconds per verification, or nothing when dkimpy is
missing. Usage: bench_dkimpy.py MESSAGE_FILE KEY_NAME KEY_RECORD"""
import sys
import time

try:
    import dkim
except ImportError:
    sys.exit(0)

message = open(sys.argv[1], "rb").read()
name, record = sys.argv[2].encode(), sys.argv[3].encode()


def dnsfunc(query, timeout=5):
    return record if query.rstrip(b".") == name else None


assert dkim.verify(message, dnsfunc=dnsfunc)
runs = []
for _ in range(5):
    n = 200
    start = time.perf_counter_ns()
    for _ in range(n):
        dkim.verify(message, dnsfunc=dnsfunc)
    runs.append((time.perf_counter_ns() - start) / n)
runs.sort()
print(runs[len(runs) // 2])
