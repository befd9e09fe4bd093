#!/usr/bin/env python3
"""Runs `openssl verify` on every case of an x509-limbo file and prints its verdict beside the
expected one, one JSON object per line:

    python3 Tools/x509_openssl_verdicts.py [FILE ...]   # default: Vectors/x509/chains.json
    {"id": ..., "expected": "SUCCESS", "openssl": "SUCCESS", "detail": "OK"}

OpenSSL is a second opinion, not the reference: its policy differs from a strict (webpki-style)
validator's in places, so a disagreement is something to explain, not necessarily a wrong case.
Options used: -x509_strict; -auth_level 2 (RSA under 2048 bits and SHA-1 signatures refused);
-attime from validation_time; -purpose sslserver or sslclient from the validation kind and EKU;
-verify_hostname / -verify_ip / -verify_email for the peer name; -verify_depth from
max_chain_depth; -crl_check with -CRLfile when the case has CRLs. Only the case's own trusted
certificates are trusted (-no-CApath, -no-CAstore). signature_algorithms and key_usage
constraints have no `openssl verify` option and are reported, not applied.

Exit status: 0 when OpenSSL agrees with every case, 1 otherwise (the summary goes to stderr).
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = os.path.join(ROOT, "Vectors", "x509", "chains.json")

PURPOSES = {"serverAuth": "sslserver", "clientAuth": "sslclient", "emailProtection": "smimesign",
            "codeSigning": "codesign", "timeStamping": "timestampsign", "OCSPSigning": "ocsphelper",
            "anyExtendedKeyUsage": "any"}


def write(folder, filename, pems):
    path = os.path.join(folder, filename)
    with open(path, "w") as f:
        f.write("".join(pem if pem.endswith("\n") else pem + "\n" for pem in pems))
    return path


def command(case, folder):
    args = ["openssl", "verify", "-x509_strict", "-auth_level", "2", "-no-CApath", "-no-CAstore",
            "-CAfile", write(folder, "trusted.pem", case["trusted_certs"])]
    notes = []
    if case["untrusted_intermediates"]:
        args += ["-untrusted", write(folder, "untrusted.pem", case["untrusted_intermediates"])]
    if case.get("validation_time"):
        when = datetime.datetime.fromisoformat(case["validation_time"].replace("Z", "+00:00"))
        args += ["-attime", str(int(when.timestamp()))]
    ekus = case["extended_key_usage"]
    if len(ekus) == 1 and ekus[0] in PURPOSES:
        args += ["-purpose", PURPOSES[ekus[0]]]
    elif not ekus:
        args += ["-purpose", "sslserver" if case["validation_kind"] == "SERVER" else "sslclient"]
    else:
        notes.append(f"EKU {ekus} not applied")
    peers = [case["expected_peer_name"]] if case.get("expected_peer_name") else []
    peers += case.get("expected_peer_names") or []
    for peer in peers:
        option = {"DNS": "-verify_hostname", "IP": "-verify_ip", "RFC822": "-verify_email"}[peer["kind"]]
        args += [option, peer["value"]]
    if case.get("max_chain_depth") is not None:
        args += ["-verify_depth", str(case["max_chain_depth"])]
    if case.get("crls"):
        args += ["-crl_check", "-CRLfile", write(folder, "crls.pem", case["crls"])]
    if case.get("signature_algorithms"):
        notes.append("signature_algorithms not applied")
    if case.get("key_usage"):
        notes.append("key_usage not applied")
    args.append(write(folder, "peer.pem", [case["peer_certificate"]]))
    return args, notes


def verdict(case):
    with tempfile.TemporaryDirectory(prefix="x509-openssl-") as folder:
        args, notes = command(case, folder)
        run = subprocess.run(args, capture_output=True, text=True)
        lines = [line.strip() for line in (run.stdout + run.stderr).splitlines() if line.strip()]
        lines = [line.replace(folder + os.sep, "") for line in lines]
    if run.returncode == 0:
        result, detail = "SUCCESS", "OK"
    else:
        result = "FAILURE"
        errors = [line for line in lines if line.startswith("error ") and " at " in line]
        detail = errors[0] if errors else (lines[0] if lines else f"exit status {run.returncode}")
    if notes:
        detail += " (" + "; ".join(notes) + ")"
    return result, detail


def main():
    files = sys.argv[1:] or [DEFAULT]
    disagreements = total = 0
    for path in files:
        for case in json.load(open(path))["testcases"]:
            result, detail = verdict(case)
            total += 1
            disagreements += result != case["expected_result"]
            print(json.dumps({"id": case["id"], "expected": case["expected_result"], "openssl": result,
                              "detail": detail}), flush=True)
    print(f"{total} cases, OpenSSL disagrees on {disagreements}", file=sys.stderr)
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
