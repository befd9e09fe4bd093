"""Shared by the generators: write generated files, or check that the committed ones match."""

import os
import sys


def write_or_check(root, outputs, label):
    """outputs maps a path relative to root to its text. With --check on the command line,
    exit 1 listing every file that differs; otherwise rewrite the files that differ."""
    check = "--check" in sys.argv[1:]
    stale = []
    for rel, text in outputs.items():
        path = os.path.join(root, rel)
        current = open(path).read() if os.path.exists(path) else None
        if current == text:
            continue
        if check:
            stale.append(rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            print(f"wrote {rel}")
    if stale:
        print(f"{label}:", *stale, sep="\n  ")
        sys.exit(1)
