#!/usr/bin/env python3
"""Writes Vectors/dkim/*.json: DKIM-signed test messages with strict verdicts (ckbcrypto-dkim/1).

    python3 Tools/generate_dkim_vectors.py          # rewrite Vectors/dkim/*.json
    python3 Tools/generate_dkim_vectors.py --check  # exit 1 if a committed file differs
    python3 Tools/generate_dkim_vectors.py --report # also print case counts and dkimpy's disagreements

Needs dkimpy and PyNaCl (pip install dkimpy pynacl) and pyca/cryptography.

Every message is signed here, with keys this file derives from fixed seeds (RSA primes from
random.Random(seed) via Tools/generate_x509_vectors.py's seeded_prime; Ed25519 keys from the
SHA-256 of a seed text), at a fixed signing time (t=1700000000, time.time is patched while
dkimpy signs). RSASSA-PKCS1-v1_5 and Ed25519 signatures are deterministic, so every byte of the
output is the same on every run and machine.

Most signatures are made by dkimpy (dkim.DKIM.sign). Signatures dkimpy cannot make (c=relaxed
alone, no c=, x=, l= that is not the body length, tags in another order, an h= without from,
...) are made by editing a signed field and signing it again with this file's own signer
(`resign`), or by editing it without re-signing where the verdict comes before the signature
check (a syntax error, a missing tag).

Expected verdicts follow the strict rules in Docs/Vectors-DKIM.md. Each case states its verdicts
by hand; this file's own reference verifier (`verify_message`, written from RFC 6376, RFC 8301 and
RFC 8463, independent of dkimpy) must reach the same ones, or the generator stops. Each case also
records what dkimpy's dkim.verify() returns (minkey=1024, at the verification time, over the
file's key map): a case where that differs from `result == "pass"` must say why (DKIMPY_DIFFERS
below), or the generator stops.

A case has one thing wrong (or none), so the order in which a verifier applies the rules does not
change its verdict. The reference verifier refuses rsa-sha1 and expired signatures after fetching
and checking the key, as the verdicts of ../shared/vectors/dkim order them.
"""

import base64
import hashlib
import json
import os
import random
import re
import sys
import time
from contextlib import contextmanager

import dkim
import nacl.signing
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from generated import write_or_check
from generate_x509_vectors import E, seeded_prime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join("Vectors", "dkim")
FORMAT = "ckbcrypto-dkim/1"
SIGN_TIME = 1700000000      # t= of every signature (2023-11-14T22:13:20Z)
VERIFY_TIME = 1760000000    # the verification time of every file (2025-10-09T08:53:20Z)
CRLF = b"\r\n"

# ---------------------------------------------------------------------------------------------
# Keys, derived from fixed seeds. Changing a seed changes every message signed with that key.

RSA_KEYS = {
    "rsa512": (512, "ckbcrypto-dkim/rsa-512"),
    "rsa1024": (1024, "ckbcrypto-dkim/rsa-1024"),
    "rsa2048": (2048, "ckbcrypto-dkim/rsa-2048"),
    "rsa3072": (3072, "ckbcrypto-dkim/rsa-3072"),
    "rsa4096": (4096, "ckbcrypto-dkim/rsa-4096"),
    "other2048": (2048, "ckbcrypto-dkim/other-2048"),  # an unrelated key: third-party signers, wrong keys
}
ED_KEYS = {
    "ed25519": "ckbcrypto-dkim/ed25519",
    "ed25519-other": "ckbcrypto-dkim/ed25519-other",
}

SHA256_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
SHA1_INFO = bytes.fromhex("3021300906052b0e03021a05000414")


def emsa_pkcs1_v15(data, hashname, k):
    info, digest = (SHA1_INFO, hashlib.sha1(data).digest()) if hashname == "sha1" else (SHA256_INFO, hashlib.sha256(data).digest())
    t = info + digest
    assert k >= len(t) + 11
    return b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t


class RSAKey:
    kind = "rsa"

    def __init__(self, name):
        bits, seed = RSA_KEYS[name]
        rng = random.Random(seed)
        p = seeded_prime(rng, bits // 2)
        q = seeded_prime(rng, bits // 2)
        assert p != q
        n = p * q
        assert n.bit_length() == bits
        d = pow(E, -1, (p - 1) * (q - 1))
        self.name, self.bits, self.n, self.d, self.p, self.q = name, bits, n, d, p, q
        private = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q),
                                        rsa.RSAPublicNumbers(E, n)).private_key()
        # dkimpy reads PKCS#1 PEM; the key record holds the SubjectPublicKeyInfo DER (RFC 6376 3.6.1).
        self.dkimpy_private = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                                    serialization.NoEncryption())
        spki = private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.public_b64 = base64.b64encode(spki).decode()

    def sign(self, data, hashname):
        k = (self.n.bit_length() + 7) // 8
        m = int.from_bytes(emsa_pkcs1_v15(data, hashname, k), "big")
        s = pow(m, self.d, self.n)
        assert pow(s, E, self.n) == m
        return s.to_bytes(k, "big")


class EdKey:
    kind = "ed25519"

    def __init__(self, name):
        self.name = name
        seed = hashlib.sha256(ED_KEYS[name].encode()).digest()
        self.signing = nacl.signing.SigningKey(seed)
        self.dkimpy_private = base64.b64encode(seed)
        self.public_b64 = base64.b64encode(bytes(self.signing.verify_key)).decode()

    def sign(self, data, hashname):
        # RFC 8463: Ed25519 (pure) over the SHA-256 of the header hash input.
        return self.signing.sign(hashlib.sha256(data).digest()).signature


_keys = {}


def KEY(name):
    if name not in _keys:
        _keys[name] = RSAKey(name) if name in RSA_KEYS else EdKey(name)
    return _keys[name]


def P(name):
    return KEY(name).public_b64


# ---------------------------------------------------------------------------------------------
# Key records: name -> TXT text, a list of texts (several records), or NXDOMAIN / SERVFAIL /
# TIMEOUT. Each file's "keys" holds the names its signatures look up.

def records():
    r = {}
    for d in ("example.com", "example.org", "mail.example.com", "news.example.com"):
        r[f"rsa2048._domainkey.{d}"] = f"v=DKIM1; k=rsa; p={P('rsa2048')}"
    for name in ("rsa512", "rsa1024", "rsa3072", "rsa4096"):
        r[f"{name}._domainkey.example.com"] = f"v=DKIM1; k=rsa; p={P(name)}"
    r["other2048._domainkey.example.com"] = f"v=DKIM1; k=rsa; p={P('other2048')}"
    r["esp._domainkey.example.net"] = f"v=DKIM1; k=rsa; p={P('other2048')}"
    r["lists._domainkey.lists.example.net"] = f"v=DKIM1; k=rsa; p={P('other2048')}"
    r["alias._domainkey.example.com"] = f"v=DKIM1; k=rsa; p={P('rsa2048')}"
    r["ed25519._domainkey.example.com"] = f"v=DKIM1; k=ed25519; p={P('ed25519')}"
    r["ed-other._domainkey.example.com"] = f"v=DKIM1; k=ed25519; p={P('ed25519-other')}"
    r["ed-no-k._domainkey.example.com"] = f"v=DKIM1; p={P('ed25519')}"
    short = base64.b64encode(base64.b64decode(P('ed25519'))[:31]).decode()
    r["ed-short._domainkey.example.com"] = f"v=DKIM1; k=ed25519; p={short}"
    r["ed-h-sha256._domainkey.example.com"] = f"v=DKIM1; k=ed25519; h=sha256; p={P('ed25519')}"
    # Record variants, all with the rsa2048 key unless the name says otherwise.
    p = P("rsa2048")
    spaced = " ".join(p[i:i + 64] for i in range(0, len(p), 64))
    variants = {
        "minimal": f"p={p}",
        "no-v": f"k=rsa; p={p}",
        "no-k": f"v=DKIM1; p={p}",
        "v-not-first": f"k=rsa; v=DKIM1; p={p}",
        "v-dkim2": f"v=DKIM2; k=rsa; p={p}",
        "k-unknown": f"v=DKIM1; k=dsa; p={p}",
        "k-ed25519": f"v=DKIM1; k=ed25519; p={P('ed25519')}",
        "t-y": f"v=DKIM1; k=rsa; t=y; p={p}",
        "t-s": f"v=DKIM1; k=rsa; t=s; p={p}",
        "t-y-s": f"v=DKIM1; k=rsa; t=y:s; p={p}",
        "h-sha256": f"v=DKIM1; k=rsa; h=sha256; p={p}",
        "h-sha1": f"v=DKIM1; k=rsa; h=sha1; p={p}",
        "h-sha1-sha256": f"v=DKIM1; k=rsa; h=sha1:sha256; p={p}",
        "s-email": f"v=DKIM1; k=rsa; s=email; p={p}",
        "s-star": f"v=DKIM1; k=rsa; s=*; p={p}",
        "s-star-email": f"v=DKIM1; k=rsa; s=*:email; p={p}",
        "s-tlsrpt": f"v=DKIM1; k=rsa; s=tlsrpt; p={p}",
        "revoked": "v=DKIM1; k=rsa; p=",
        "no-p": "v=DKIM1; k=rsa",
        "p-garbage": "v=DKIM1; k=rsa; p=" + base64.b64encode(b"this is not a DER public key").decode(),
        "p-truncated": f"v=DKIM1; k=rsa; p={p[:200]}",
        "p-spaced": f"v=DKIM1; k=rsa; p={spaced}",
        "notes": f"v=DKIM1; k=rsa; n=a note, ignored; p={p}",
        "g-ignored": f"v=DKIM1; k=rsa; g=nobody; p={p}",
        "trailing-semicolon": f"v=DKIM1; k=rsa; p={p};",
        "syntax-error": f"v=DKIM1; k; p={p}",
        "wrong-key": f"v=DKIM1; k=rsa; p={P('other2048')}",
        "two-records": [f"v=DKIM1; k=rsa; p={p}", f"v=DKIM1; k=rsa; p={p}"],
        "nxdomain": "NXDOMAIN",
        "servfail": "SERVFAIL",
        "timeout": "TIMEOUT",
    }
    for sel, text in variants.items():
        r[f"{sel}._domainkey.example.com"] = text
    r["rsa2048._domainkey.example.invalid"] = "NXDOMAIN"
    r["rsa2048._domainkey.example.com(.attacker.example"] = f"v=DKIM1; k=rsa; p={P('rsa2048')}"
    return r


# ---------------------------------------------------------------------------------------------
# Messages.

HEADERS = [
    b"From: Joe SixPack <joe@example.com>",
    b"To: Suzie Q <suzie@example.net>",
    b"Subject: Is dinner ready?",
    b"Date: Tue, 14 Nov 2023 22:13:20 +0000",
    b"Message-ID: <20231114221320.46341.5F8J@example.com>",
    b"MIME-Version: 1.0",
    b"Content-Type: text/plain; charset=us-ascii",
]
BODY = b"Hi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n\r\nJoe.\r\n"
H = ["from", "to", "subject", "date", "message-id"]


def message(headers=HEADERS, body=BODY):
    return b"".join(h + CRLF for h in headers) + CRLF + body


def with_header(headers, name, line):
    """headers with the field called name replaced by line (bytes)."""
    out = [line if h.split(b":")[0].lower() == name.lower() else h for h in headers]
    assert out != list(headers)
    return out


M = message()


def sub1(data, old, new):
    """data with old (which occurs exactly once) replaced by new."""
    assert data.count(old) == 1, (old, data.count(old))
    return data.replace(old, new)


def add_last_field(msg, line):
    """msg with the field line added at the bottom of the header."""
    head, body = msg.split(b"\r\n\r\n", 1)
    return head + CRLF + line + b"\r\n\r\n" + body


def to_lf(data):
    return data.replace(CRLF, b"\n")


@contextmanager
def fixed_time(t):
    real = time.time
    time.time = lambda: float(t)
    try:
        yield
    finally:
        time.time = real


def dk(msg, key="rsa2048", d="example.com", s=None, c="relaxed/simple", h=H, i=None, l=False, a=None, sign_dkim_signature=False):
    """A DKIM-Signature field (with CRLF) made by dkimpy for msg."""
    k = KEY(key)
    alg = a or (b"ed25519-sha256" if k.kind == "ed25519" else b"rsa-sha256")
    obj = dkim.DKIM(msg, signature_algorithm=alg)
    if sign_dkim_signature:
        obj.should_not_sign = set(obj.should_not_sign) - {b"dkim-signature"}
    hc, bc = c.split("/")
    with fixed_time(SIGN_TIME):
        field = obj.sign((s or key).encode(), d.encode(), k.dkimpy_private, identity=i and i.encode(),
                         canonicalize=(hc.encode(), bc.encode()), include_headers=[x.encode() for x in h], length=l)
    assert field.startswith(b"DKIM-Signature: ") and field.endswith(CRLF)
    return field


def signed(msg=M, **kw):
    return dk(msg, **kw) + msg


# ---------------------------------------------------------------------------------------------
# Editing signature fields.

def tag_spans(field):
    """[(name, name start, value start, value end)] of a DKIM-Signature field (bytes, with its
    final CRLF); value spans exclude surrounding whitespace."""
    colon = field.index(b":")
    end = len(field) - 2 if field.endswith(CRLF) else len(field)
    spans, pos = [], colon + 1
    while pos <= end:
        semi = field.find(b";", pos, end)
        seg_end = semi if semi >= 0 else end
        eq = field.find(b"=", pos, seg_end)
        if eq >= 0:
            ns = pos
            while field[ns] in b" \t\r\n":
                ns += 1
            vs, ve = eq + 1, seg_end
            while vs < ve and field[vs] in b" \t\r\n":
                vs += 1
            while ve > vs and field[ve - 1] in b" \t\r\n":
                ve -= 1
            spans.append((field[ns:eq].strip(b" \t\r\n"), ns, vs, ve))
        if semi < 0:
            break
        pos = semi + 1
    return spans


def span(field, name):
    found = [s for s in tag_spans(field) if s[0] == name]
    assert found, (name, field)
    return found[0]


def get_tag(field, name):
    _, _, vs, ve = span(field, name)
    return field[vs:ve]


def set_tag(field, name, value):
    _, _, vs, ve = span(field, name)
    return field[:vs] + value + field[ve:]


def drop_tag(field, name):
    """The field without the tag (and its separator)."""
    _, ns, _, ve = span(field, name)
    end = len(field) - 2
    semi = field.find(b";", ve, end)
    if semi >= 0:
        return field[:ns] + field[semi + 1:].lstrip(b" ")
    # the last tag: drop the ";" before it instead
    before = field.rfind(b";", 0, ns)
    return field[:before] + field[end:]


def add_tag(field, text, before=b"b"):
    """The field with `text; ` inserted before the tag named before."""
    _, ns, _, _ = span(field, before)
    return field[:ns] + text + b"; " + field[ns:]


def flip_char(value, index=10):
    """value (base64 text) with the character at index (not counting whitespace) changed."""
    positions = [i for i, ch in enumerate(value) if ch not in b" \t\r\n"]
    i = positions[index]
    new = b"B" if value[i:i + 1] == b"A" else b"A"
    return value[:i] + new + value[i + 1:]


def tamper_tag(field, name, index=10):
    return set_tag(field, name, flip_char(get_tag(field, name), index))


def fold_b64(b, width, sep=b"\r\n\t"):
    return sep.join(b[i:i + width] for i in range(0, len(b), width))


def resign(field, rest, key, bh=True, fold=None):
    """field (a DKIM-Signature placed on top of rest), with bh= (unless bh is False) and b=
    computed again by this file's signer, for key."""
    tags = dict(reversed(parse_tags(field_value(field), duplicates=True)))  # the first of duplicates
    hc, bc = parse_c(tags.get(b"c"))
    hashname = "sha1" if tags[b"a"] == b"rsa-sha1" else "sha256"
    hasher = hashlib.sha1 if hashname == "sha1" else hashlib.sha256
    if bh:
        fields, body = split_message(rest)
        cbody = canonical_body(body, bc)
        if b"l" in tags:
            cbody = cbody[:int(tags[b"l"])]
        field = set_tag(field, b"bh", base64.b64encode(hasher(cbody).digest()))
    field = set_tag(field, b"b", b"")
    fields, _ = split_message(field + rest)
    hlist = [x.strip(b" \t\r\n").lower() for x in unfold(tags[b"h"]).split(b":")]
    data = header_input(fields, fields[0], hlist, hc)
    sig = base64.b64encode(KEY(key).sign(data, hashname))
    return set_tag(field, b"b", fold(sig) if fold else sig)


def craft(text, rest, key, fold=None):
    """A new DKIM-Signature field from tag-list text (with empty bh= and b=), signed for rest."""
    return resign(b"DKIM-Signature: " + text + CRLF, rest, key, fold=fold)


# ---------------------------------------------------------------------------------------------
# The reference verifier: strict rules (Docs/Vectors-DKIM.md), independent of dkimpy.

class Verdict(Exception):
    def __init__(self, result, why):
        super().__init__(why)
        self.result, self.why = result, why


RANK = ["pass", "policy", "fail", "temperror", "permerror", "neutral", "none"]


def normalize(msg):
    """Bare LF read as CRLF."""
    return re.sub(rb"\r?\n", b"\r\n", msg)


def split_message(msg):
    """(fields, body): each field's raw bytes with its CRLF(s); the body after the empty line."""
    m = normalize(msg)
    fields, pos = [], 0
    while pos < len(m):
        if m.startswith(CRLF, pos):
            return fields, m[pos + 2:]
        end = m.find(CRLF, pos)
        end = len(m) if end < 0 else end + 2
        line = m[pos:end]
        if line[:1] in (b" ", b"\t"):
            assert fields, "continuation line first"
            fields[-1] += line
        else:
            assert b":" in line, line
            fields.append(line)
        pos = end
    return fields, b""


def field_name(raw):
    return raw[:raw.index(b":")].rstrip(b" \t")


def field_value(raw):
    return raw[raw.index(b":") + 1:]


def unfold(value):
    return value.replace(CRLF, b"")


def parse_tags(value, duplicates=False):
    """[(name, value)] of a tag list, or Verdict(permerror)."""
    v = unfold(value).rstrip(b"\r\n")
    specs = v.split(b";")
    if specs and specs[-1].strip(b" \t") == b"":
        specs.pop()
    tags, seen = [], set()
    for spec in specs:
        if b"=" not in spec:
            raise Verdict("permerror", f"tag list syntax: {spec!r}")
        name, val = spec.split(b"=", 1)
        name = name.strip(b" \t")
        if not re.fullmatch(rb"[A-Za-z][A-Za-z0-9_]*", name):
            raise Verdict("permerror", f"bad tag name {name!r}")
        if name in seen and not duplicates:
            raise Verdict("permerror", f"duplicate tag {name!r}")
        seen.add(name)
        tags.append((name, val.strip(b" \t")))
    return tags


def parse_c(c):
    if c is None:
        return "simple", "simple"
    parts = c.split(b"/")
    if len(parts) == 1:
        parts.append(b"simple")
    if len(parts) != 2 or any(p not in (b"simple", b"relaxed") for p in parts):
        raise Verdict("permerror", f"bad c= {c!r}")
    return parts[0].decode(), parts[1].decode()


def b64(value, what):
    v = re.sub(rb"[ \t\r\n]", b"", value)
    if not re.fullmatch(rb"[A-Za-z0-9+/]*={0,2}", v) or len(v) % 4:
        raise Verdict("permerror", f"{what} is not base64")
    return base64.b64decode(v)


def canonical_header(raw, c):
    if c == "simple":
        return raw
    name = field_name(raw).lower()
    value = re.sub(rb"[ \t]+", b" ", unfold(field_value(raw)).rstrip(b"\r\n")).strip(b" ")
    return name + b":" + value + CRLF


def canonical_body(body, c):
    lines = body.split(CRLF)
    if c == "relaxed":
        lines = [re.sub(rb"[ \t]+", b" ", line).rstrip(b" ") for line in lines]
    while lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        return CRLF if c == "simple" else b""
    return CRLF.join(lines) + CRLF


def without_b(raw):
    """The field with the value of b= removed (up to the next ';' or the end of the value)."""
    _, _, vs, _ = span(raw, b"b")
    eq = raw.rindex(b"=", 0, vs)
    end = raw.find(b";", vs)
    end = len(raw) - 2 if end < 0 else end
    return raw[:eq + 1] + raw[end:]


def header_input(fields, sigfield, hlist, hc):
    used, out = set(), b""
    for name in hlist:
        for idx in range(len(fields) - 1, -1, -1):
            if idx not in used and field_name(fields[idx]).lower() == name:
                used.add(idx)
                out += canonical_header(fields[idx], hc)
                break
    return out + canonical_header(without_b(sigfield), hc)[:-2]


def domain_in(sub, parent):
    sub, parent = sub.lower(), parent.lower()
    return sub == parent or sub.endswith("." + parent)


class Info:
    pass


def verify_signature(raw, fields, body, keys, now):
    """(result, why, info) for one DKIM-Signature field."""
    info = Info()
    try:
        tags = dict(parse_tags(field_value(raw)))
        if tags.get(b"v") != b"1":
            raise Verdict("permerror", "v= missing or not 1")
        for t in (b"a", b"b", b"bh", b"d", b"h", b"s"):
            if t not in tags:
                raise Verdict("permerror", f"{t.decode()}= missing")
        a = tags[b"a"]
        if a not in (b"rsa-sha256", b"ed25519-sha256", b"rsa-sha1"):
            raise Verdict("permerror", f"unknown a={a!r}")
        hc, bc = parse_c(tags.get(b"c"))
        hlist = [x.strip(b" \t").lower() for x in unfold(tags[b"h"]).split(b":")]
        if b"from" not in hlist:
            raise Verdict("permerror", "h= does not include from")
        if not re.fullmatch(rb"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+",
                            tags[b"d"]):
            raise Verdict("permerror", "d= is not a domain name")
        d = tags[b"d"].decode().lower()
        # i= is dkim-quoted-printable (RFC 6376 2.11)
        identity = re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                          tags.get(b"i", b"@" + tags[b"d"])).decode("utf-8", "replace")
        if "@" not in identity or not domain_in(identity.rsplit("@", 1)[1], d):
            raise Verdict("permerror", "i= is not in d=")
        l = None
        if b"l" in tags:
            if not re.fullmatch(rb"[0-9]{1,76}", tags[b"l"]):
                raise Verdict("permerror", "l= is not a number")
            l = int(tags[b"l"])
        if b"q" in tags and b"dns/txt" not in [x.strip(b" \t") for x in unfold(tags[b"q"]).split(b":")]:
            raise Verdict("permerror", "q= does not include dns/txt")
        for t in (b"t", b"x"):
            if t in tags and not re.fullmatch(rb"[0-9]{1,12}", tags[t]):
                raise Verdict("permerror", f"{t.decode()}= is not a number")
        if b"t" in tags and b"x" in tags and int(tags[b"x"]) < int(tags[b"t"]):
            raise Verdict("permerror", "x= is before t=")
        signature = b64(tags[b"b"], "b=")
        bodyhash = b64(tags[b"bh"], "bh=")
        # The key.
        name = (tags[b"s"].decode() + "._domainkey." + d).lower()
        assert name in keys, f"no entry for {name} in the key map"
        entry = keys[name]
        if entry == "NXDOMAIN":
            raise Verdict("permerror", "no key record")
        if entry in ("SERVFAIL", "TIMEOUT"):
            raise Verdict("temperror", "key lookup failed")
        if isinstance(entry, list):
            raise Verdict("permerror", f"{len(entry)} key records")
        rec = parse_tags(entry.encode())
        rtags = dict(rec)
        if b"v" in rtags and (rec[0][0] != b"v" or rtags[b"v"] != b"DKIM1"):
            raise Verdict("permerror", "key v= not DKIM1 or not first")
        k = rtags.get(b"k", b"rsa")
        if k not in (b"rsa", b"ed25519"):
            raise Verdict("permerror", f"unknown key type {k!r}")
        hashname = b"sha1" if a == b"rsa-sha1" else b"sha256"
        if b"h" in rtags and hashname not in [x.strip(b" \t") for x in rtags[b"h"].split(b":")]:
            raise Verdict("permerror", "key h= excludes the hash")
        if b"s" in rtags and not {b"email", b"*"} & {x.strip(b" \t") for x in rtags[b"s"].split(b":")}:
            raise Verdict("permerror", "key s= excludes email")
        if b"p" not in rtags:
            raise Verdict("permerror", "key p= missing")
        if rtags[b"p"] == b"":
            raise Verdict("permerror", "key revoked")
        pdata = b64(rtags[b"p"], "key p=")
        if k == b"rsa":
            try:
                pub = load_der_public_key(pdata)
                n, e = pub.public_numbers().n, pub.public_numbers().e
            except Exception:
                raise Verdict("permerror", "key p= is not an RSA public key")
            if n.bit_length() < 1024:
                raise Verdict("fail", "RSA key under 1024 bits")
        elif len(pdata) != 32:
            raise Verdict("permerror", "key p= is not an Ed25519 key")
        if (k == b"ed25519") != (a == b"ed25519-sha256"):
            raise Verdict("permerror", "a= does not match the key type")
        if b"s" in [x.strip(b" \t") for x in rtags.get(b"t", b"").split(b":")] and identity.rsplit("@", 1)[1].lower() != d:
            raise Verdict("permerror", "key t=s and i= in a subdomain")
        # Refusals of what is well-formed (after the key, as the shared corpus orders them; an
        # expired signature is a permanent failure, permerror, as the corpus's ignore_7 has it).
        if b"x" in tags and now > int(tags[b"x"]):
            raise Verdict("permerror", "expired")
        if a == b"rsa-sha1":
            raise Verdict("fail", "rsa-sha1 is refused")
        # The body.
        cbody = canonical_body(body, bc)
        info.body_len = len(cbody)
        if l is not None:
            if l > len(cbody):
                raise Verdict("permerror", "l= longer than the body")
            cbody = cbody[:l]
        hasher = hashlib.sha1 if a == b"rsa-sha1" else hashlib.sha256
        if hasher(cbody).digest() != bodyhash:
            raise Verdict("fail", "body hash mismatch")
        data = header_input(fields, raw, hlist, hc)
        if k == b"rsa":
            size = (n.bit_length() + 7) // 8
            ok = len(signature) == size and pow(int.from_bytes(signature, "big"), e, n).to_bytes(size, "big") == \
                emsa_pkcs1_v15(data, hashname.decode(), size)
        else:
            try:
                nacl.signing.VerifyKey(pdata).verify(hashlib.sha256(data).digest(), signature)
                ok = True
            except Exception:
                ok = False
        if not ok:
            raise Verdict("fail", "signature mismatch")
        info.d, info.h, info.l = d, hlist, l
        if l is not None and l < info.body_len:
            return "policy", "l= leaves body text unsigned", info
        return "pass", "verified", info
    except Verdict as v:
        return v.result, v.why, info


def single_address_domain(value):
    """The domain of the one address of a From value, or None."""
    v = unfold(value)
    v = re.sub(rb'"(?:[^"\\]|\\.)*"', b'""', v)  # quoted strings
    while True:
        w = re.sub(rb"\((?:[^()\\]|\\.)*\)", b" ", v)  # comments, innermost first
        if w == v:
            break
        v = w
    if b"," in v or v.count(b"<") > 1:
        return None
    m = re.search(rb"<([^>]*)>", v)
    spec = (m.group(1) if m else v).strip(b" \t\r\n")
    if b"@" not in spec:
        return None
    local, domain = spec.rsplit(b"@", 1)
    if not local or not re.fullmatch(rb"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", domain):
        return None
    return domain.decode().lower()


def verify_message(msg, keys, now=VERIFY_TIME):
    fields, body = split_message(msg)
    results = [verify_signature(f, fields, body, keys, now) for f in fields if field_name(f).lower() == b"dkim-signature"]
    verdicts = [r for r, _, _ in results]
    result = min(verdicts, key=RANK.index) if verdicts else "none"
    froms = [f for f in fields if field_name(f).lower() == b"from"]
    from_domain = single_address_domain(field_value(froms[0])) if len(froms) == 1 else None
    passing = [info for r, _, info in results if r == "pass"]
    from_signed = from_domain is not None and any(b"from" in i.h for i in passing)
    covered = any(i.l is None or i.l >= i.body_len for i in passing)
    aligned = "none"
    if from_domain:
        for i in passing:
            if i.d == from_domain:
                aligned = "strict"
                break
            if domain_in(from_domain, i.d) or domain_in(i.d, from_domain):
                aligned = "relaxed"
    return {"result": result, "signatures": verdicts, "why": [w for _, w, _ in results],
            "from_signed": from_signed, "body_fully_covered": covered, "aligned": aligned}


# ---------------------------------------------------------------------------------------------
# dkimpy, the differential reference.

def dkimpy_verify(msg, keys):
    """What dkim.verify() returns (it checks only the first, topmost, signature), and the name of
    the exception it raised instead of returning, if any."""
    def dnsfunc(name, timeout=5):
        entry = keys.get(name.decode().rstrip(".").lower())
        if entry is None or entry in ("NXDOMAIN", "SERVFAIL"):
            return None  # what dkimpy's dnspython lookup returns for both
        if entry == "TIMEOUT":
            raise dkim.DnsTimeoutError("timeout")
        if isinstance(entry, list):
            entry = entry[0]  # dkimpy's dnspython lookup returns the first TXT record
        return entry.encode()
    with fixed_time(VERIFY_TIME):
        try:
            return bool(dkim.verify(msg, dnsfunc=dnsfunc, minkey=1024)), None
        except Exception as e:  # not a DKIMException: dkim.verify() let it through
            return False, type(e).__name__


# ---------------------------------------------------------------------------------------------
# Cases. Each file function returns (description, [case]); a case states its verdicts.

def case(cid, comment, msg, result, signatures, from_signed=None, covered=None, aligned=None):
    c = {"id": cid, "comment": comment, "msg": msg, "result": result, "signatures": signatures}
    c["expect"] = {k: v for k, v in (("from_signed", from_signed), ("body_fully_covered", covered), ("aligned", aligned)) if v is not None}
    return c


def canonicalization():
    cs = []
    for c, name in (("simple/simple", "simple-simple"), ("simple/relaxed", "simple-relaxed"),
                    ("relaxed/simple", "relaxed-simple"), ("relaxed/relaxed", "relaxed-relaxed")):
        cs.append(case(name, f"c={c}, rsa-sha256 2048-bit key, unchanged message: passes.", signed(c=c), "pass", ["pass"],
                       True, True, "strict"))
    f = resign(set_tag(dk(M), b"c", b"relaxed"), M, "rsa2048")
    cs.append(case("c-relaxed-alone", "c=relaxed names the header algorithm only; the body algorithm defaults to simple "
                   "(relaxed/simple). Unchanged: passes.", f + M, "pass", ["pass"], True, True, "strict"))
    cs.append(case("c-relaxed-alone-body-whitespace-changed", "c=relaxed means relaxed/simple, so a changed whitespace run "
                   "in the body breaks the body hash: fail.", f + sub1(M, b"game.  Are", b"game. Are"), "fail", ["fail"]))
    f = resign(drop_tag(dk(M, c="simple/simple"), b"c"), M, "rsa2048")
    cs.append(case("c-absent", "No c= tag: simple/simple. Unchanged: passes.", f + M, "pass", ["pass"], True, True, "strict"))
    cs.append(case("c-absent-header-whitespace-changed", "No c= tag means simple header canonicalization: one more space "
                   "in the signed Subject breaks the signature: fail.",
                   f + sub1(M, b"Subject: Is", b"Subject:  Is"), "fail", ["fail"]))
    refold = lambda m: sub1(sub1(m, b"Subject: Is dinner ready?", b"Subject:\tIs dinner\r\n  ready?  "),
                            b"To: Suzie Q", b"To:   Suzie\t Q")
    cs.append(case("relaxed-header-refolded", "relaxed header canonicalization: after signing, Subject is refolded and "
                   "whitespace is changed in Subject and To; the canonical forms are the same: pass.",
                   refold(signed(c="relaxed/relaxed")), "pass", ["pass"], True, True, "strict"))
    cs.append(case("simple-header-refolded", "The same refolding under simple header canonicalization: fail.",
                   refold(signed(c="simple/simple")), "fail", ["fail"]))
    cs.append(case("relaxed-header-name-case", "relaxed: the signed field name Subject is rewritten SUBJECT (names are "
                   "lower-cased): pass.", sub1(signed(c="relaxed/simple"), b"\r\nSubject:", b"\r\nSUBJECT:"), "pass", ["pass"]))
    body_ws = lambda m: sub1(sub1(m, b"game.  Are", b"game. \t Are"), b"Hi.\r\n", b"Hi.  \t\r\n")
    cs.append(case("relaxed-body-whitespace", "relaxed body: after signing, a space run becomes space-tab-space and "
                   "trailing whitespace is added to a line: pass.", body_ws(signed(c="relaxed/relaxed")), "pass", ["pass"],
                   True, True, "strict"))
    cs.append(case("simple-body-whitespace", "The same body whitespace change under simple body canonicalization: fail.",
                   body_ws(signed(c="simple/simple")), "fail", ["fail"]))
    cs.append(case("simple-body-trailing-empty-lines-added", "simple body: empty lines appended after signing are "
                   "ignored: pass.", signed(c="simple/simple") + b"\r\n\r\n\r\n", "pass", ["pass"], True, True, "strict"))
    cs.append(case("relaxed-body-trailing-whitespace-lines-added", "relaxed body: lines of only whitespace appended "
                   "after signing become empty lines and are ignored: pass.",
                   signed(c="relaxed/relaxed") + b" \r\n\t\r\n  \r\n", "pass", ["pass"], True, True, "strict"))
    cs.append(case("simple-body-trailing-whitespace-lines-added", "simple body: lines of only whitespace are not empty "
                   "lines; appending them breaks the body hash: fail.",
                   signed(c="simple/simple") + b" \r\n\t\r\n", "fail", ["fail"]))
    empty = message(body=b"")
    for c, bh in (("simple/simple", "a single CRLF"), ("relaxed/relaxed", "nothing (erratum 3133)")):
        tag = c.split("/")[0]
        cs.append(case(f"empty-body-{tag}", f"Empty body under {c}: it canonicalizes to {bh}: pass.", signed(empty, c=c),
                       "pass", ["pass"], True, True, "strict"))
    cs.append(case("empty-body-simple-empty-lines-added", "Signed with an empty body (simple); two empty lines added: "
                   "still a single CRLF: pass.", signed(empty, c="simple/simple") + b"\r\n\r\n", "pass", ["pass"],
                   True, True, "strict"))
    bare = b"".join(h + CRLF for h in HEADERS)
    cs.append(case("no-body-no-separator", "A message of header fields only, without the empty line that separates a "
                   "body (simple/simple): no body, canonicalized as CRLF: pass.", signed(bare, c="simple/simple"), "pass",
                   ["pass"], True, True, "strict"))
    nocrlf = message(body=b"Hi.\r\n\r\nJoe.")
    cs.append(case("body-without-final-crlf", "The body's last line has no CRLF; canonicalization adds one "
                   "(simple/simple): pass.", signed(nocrlf, c="simple/simple"), "pass", ["pass"], True, True, "strict"))
    cs.append(case("body-final-crlf-added", "Signed without a final CRLF; a CRLF added afterwards: the same canonical "
                   "body: pass.", signed(nocrlf, c="relaxed/relaxed") + CRLF, "pass", ["pass"], True, True, "strict"))
    ws_end = message(body=b"Hi.\r\n\r\nJoe.  \t")
    f = craft(b"v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=rsa2048; t=1700000000; h=from:to:subject; bh=; b=",
              ws_end, "rsa2048")
    cs.append(case("relaxed-body-no-final-crlf-trailing-whitespace", "relaxed body whose last line has trailing "
                   "whitespace and no CRLF: the whitespace is removed like on any line, then a CRLF is added "
                   "(\"Joe.\\r\\n\"). Signed by this generator: pass.", f + ws_end, "pass", ["pass"], True, True, "strict"))
    folded = [b"From: Joe SixPack\r\n <joe@example.com>", b"To: Suzie Q <suzie@example.net>,\r\n\tSam <sam@example.net>",
              b"Subject: A subject that is long enough to be folded over\r\n  two lines\r\n\tand a third"] + HEADERS[3:]
    for c in ("simple/simple", "relaxed/relaxed"):
        tag = c.split("/")[0]
        cs.append(case(f"folded-headers-{tag}", f"Signed From, To and Subject are folded (space and tab continuation "
                       f"lines), {c}: pass.", signed(message(folded), c=c), "pass", ["pass"], True, True, "strict"))
    f = dk(M)
    bval = get_tag(f, b"b")
    f = set_tag(f, b"b", fold_b64(re.sub(rb"\s", b"", bval), 20, b"\r\n\t \t"))
    cs.append(case("b-refolded", "After signing, the b= value is refolded into 20-character lines (CRLF, tab, space, "
                   "tab); whitespace in b= is ignored and b= is removed before hashing: pass.", f + M, "pass", ["pass"],
                   True, True, "strict"))
    return "Body and header canonicalization (RFC 6376 3.4 with erratum 3133): every c= pair, c= absent and c=relaxed " \
           "alone, whitespace, folding, empty bodies.", cs


def encoding():
    cs = []
    body8 = "Grüße aus Köln, ½ € 日本語.\r\n".encode() + b"Latin-1: caf\xe9 na\xefve\r\n"
    m8 = message(body=body8)
    cs.append(case("8bit-body-relaxed", "UTF-8 and Latin-1 bytes in the body, relaxed/relaxed: bytes are hashed as "
                   "they are: pass.", signed(m8, c="relaxed/relaxed"), "pass", ["pass"], True, True, "strict"))
    h8 = [b"From: " + "Jörg Müller".encode() + b" <joerg@example.com>", b"To: Suzie Q <suzie@example.net>",
          b"Subject: " + "Grüße aus Köln".encode() + b" \xe9t\xe9"] + HEADERS[3:]
    m8h = message(h8, body8)
    for c in ("simple/simple", "relaxed/relaxed"):
        tag = c.split("/")[0]
        cs.append(case(f"8bit-headers-{tag}", f"Raw UTF-8 and Latin-1 bytes in the signed From display name and "
                       f"Subject, {c}: pass.", signed(m8h, c=c), "pass", ["pass"], True, True, "strict"))
    cs.append(case("8bit-header-tampered", "One 8-bit byte of the signed Subject changed (é to è in Latin-1): fail.",
                   sub1(signed(m8h, c="relaxed/relaxed"), b"\xe9t\xe9", b"\xe8t\xe9"), "fail", ["fail"]))
    for c in ("simple/simple", "relaxed/relaxed"):
        tag = c.split("/")[0]
        cs.append(case(f"lf-only-{tag}", f"Signed in CRLF form, stored with bare LF line ends ({c}); LF is read as "
                       "CRLF: pass.", to_lf(signed(c=c)), "pass", ["pass"], True, True, "strict"))
    cs.append(case("lf-only-body-tampered", "Stored with bare LF, one body word changed: fail.",
                   sub1(to_lf(signed(c="relaxed/relaxed")), b"game", b"gamE"), "fail", ["fail"]))
    s = signed(c="simple/simple")
    head, body = s.split(b"\r\n\r\n", 1)
    cs.append(case("mixed-line-ends", "Header in CRLF, body in bare LF (simple/simple): pass.",
                   head + b"\r\n\r\n" + to_lf(body), "pass", ["pass"], True, True, "strict"))
    return "8-bit bytes in header fields and body, and messages stored with bare LF line ends.", cs


def length():
    cs = []
    cs.append(case("l-exact", "l= the whole canonicalized body (relaxed/simple): pass, body fully covered.",
                   signed(l=True), "pass", ["pass"], True, True, "strict"))
    footer = b"-- \r\nThe Example mailing list\r\nhttps://lists.example.net/\r\n"
    cs.append(case("l-shorter-footer-appended", "l= the signed body; a mailing list then appended a footer. Everything "
                   "verifies but text after l= is unsigned: policy.", signed(l=True) + footer, "policy", ["policy"],
                   False, False, "none"))
    f = resign(set_tag(dk(M, l=True), b"l", b"0"), M, "rsa2048")
    cs.append(case("l-zero", "l=0 over a non-empty body: the signature covers no body text: policy.", f + M, "policy",
                   ["policy"], False, False, "none"))
    n = len(canonical_body(BODY, "simple"))
    f = resign(set_tag(dk(M, l=True), b"l", str(n + 10).encode()), M, "rsa2048")
    cs.append(case("l-longer-than-body", f"l={n + 10} but the canonicalized body is {n} bytes (signed that way): "
                   "permerror.", f + M, "permerror", ["permerror"]))
    f = resign(set_tag(dk(M, l=True), b"l", b"99999999999999999999999"), M, "rsa2048")
    cs.append(case("l-huge", "l= of 23 digits (more than 64 bits), longer than any body: permerror.", f + M, "permerror",
                   ["permerror"]))
    cs.append(case("l-longer-body-truncated", "l= the signed body length; the body's last line was then removed, so "
                   "l= is longer than the body: permerror.", sub1(signed(l=True), b"\r\nJoe.\r\n", b"\r\n"), "permerror",
                   ["permerror"]))
    empty = message(body=b"")
    cs.append(case("l-empty-body-simple", "Empty body, simple: l=2 (the CRLF): pass, fully covered.",
                   signed(empty, c="simple/simple", l=True), "pass", ["pass"], True, True, "strict"))
    cs.append(case("l-empty-body-relaxed", "Empty body, relaxed: l=0: pass, fully covered.",
                   signed(empty, c="relaxed/relaxed", l=True), "pass", ["pass"], True, True, "strict"))
    f = set_tag(dk(M, l=True), b"l", b"4x")
    cs.append(case("l-not-a-number", "l=4x: not a decimal number: permerror.", f + M, "permerror", ["permerror"]))
    listed = signed(l=True) + footer
    both = dk(listed, key="other2048", d="lists.example.net", s="lists") + listed
    cs.append(case("l-shorter-and-list-signature", "The author's signature (d=example.com, l=; policy after the list "
                   "appended a footer) and the list's signature (d=lists.example.net, no l=, pass): pass, fully covered "
                   "by the list's signature, which is not aligned with From.",
                   both, "pass", ["pass", "policy"], True, True, "none"))
    f = dk(M, l=True)
    cs.append(case("l-shorter-and-full-same-domain", "Two example.com signatures: one with l= (policy, a footer was "
                   "appended) and one over the whole body made after the footer (pass): fully covered.",
                   dk(signed(l=True) + footer) + signed(l=True) + footer, "pass", ["pass", "policy"], True, True, "strict"))
    return "Body length limits (l=): exact, shorter (unsigned text: policy), longer (permerror).", cs


def oversigning():
    cs = []
    H2 = H + ["from"]
    cs.append(case("oversigned-from", "h= names from twice with one From field (over-signed): pass.", signed(h=H2), "pass",
                   ["pass"], True, True, "strict"))
    evil = b"From: Mallory <mallory@example.org>\r\n"
    cs.append(case("oversigned-from-added-above", "Over-signed From; a second From added at the top: the second from in "
                   "h= now selects it, so the signature breaks: fail.", evil + signed(h=H2), "fail", ["fail"]))
    cs.append(case("not-oversigned-from-added-above", "From signed once; a second From added at the top. Selection is "
                   "bottom-up, so the signed (last) From is still the one hashed and the signature passes, but with two "
                   "From fields the From is not a single signed address: pass, from_signed false, aligned none.",
                   evil + signed(), "pass", ["pass"], False, True, "none"))
    cs.append(case("not-oversigned-from-added-below", "From signed once; a second From added at the bottom of the "
                   "header: bottom-up selection now hashes the added one: fail.",
                   add_last_field(signed(), evil.rstrip(CRLF)), "fail", ["fail"]))
    HR = H + ["reply-to"]
    cs.append(case("oversigned-absent-reply-to", "h= names reply-to, which the message does not have: an absent field "
                   "adds nothing to the hash: pass.", signed(h=HR), "pass", ["pass"], True, True, "strict"))
    cs.append(case("oversigned-absent-reply-to-added", "h= names an absent reply-to; a Reply-To was then added: fail.",
                   b"Reply-To: <mallory@example.org>\r\n" + signed(h=HR), "fail", ["fail"]))
    cs.append(case("unsigned-fields-added", "Received added at the top and X-Spam-Score at the bottom of the header "
                   "(neither signed): pass.", b"Received: from mx.example.net by mx.example.org; Tue, 14 Nov 2023 22:13:21 "
                   b"+0000\r\n" + add_last_field(signed(), b"X-Spam-Score: 0.1"), "pass", ["pass"],
                   True, True, "strict"))
    tagged = message(HEADERS + [b"X-Tag: one", b"X-Tag: two"])
    s1 = signed(tagged, h=H + ["x-tag"])
    cs.append(case("repeated-field-top-changed", "Two X-Tag fields, h= names x-tag once: the bottom one is signed; the "
                   "top one changed: pass.", sub1(s1, b"X-Tag: one", b"X-Tag: uno"), "pass", ["pass"], True, True, "strict"))
    cs.append(case("repeated-field-bottom-changed", "Two X-Tag fields, h= names x-tag once: the bottom one (signed) "
                   "changed: fail.", sub1(s1, b"X-Tag: two", b"X-Tag: dos"), "fail", ["fail"]))
    s2 = signed(tagged, h=H + ["x-tag", "x-tag"])
    cs.append(case("repeated-field-both-signed", "Two X-Tag fields, both signed (h= names x-tag twice): pass.", s2, "pass",
                   ["pass"], True, True, "strict"))
    cs.append(case("repeated-field-both-signed-swapped", "Both X-Tag fields signed; their order swapped: bottom-up "
                   "selection hashes them in the other order: fail.",
                   sub1(sub1(s2, b"X-Tag: one", b"X-Tag: @@@"), b"X-Tag: two", b"X-Tag: one").replace(b"X-Tag: @@@", b"X-Tag: two"),
                   "fail", ["fail"]))
    s3 = signed()
    moved = sub1(sub1(s3, b"Subject: Is dinner ready?\r\n", b""), b"Message-ID:", b"Subject: Is dinner ready?\r\nMessage-ID:")
    cs.append(case("signed-fields-reordered", "Subject moved below Date: fields of different names may be reordered: "
                   "pass.", moved, "pass", ["pass"], True, True, "strict"))
    cs.append(case("signed-field-removed", "The signed Subject removed: fail.", sub1(s3, b"Subject: Is dinner ready?\r\n", b""),
                   "fail", ["fail"]))
    HS = H + ["subject"]
    cs.append(case("oversigned-subject-added", "Subject over-signed; a second Subject added at the top: fail.",
                   b"Subject: Re: free money\r\n" + signed(h=HS), "fail", ["fail"]))
    return "Header selection (bottom-up), over-signing and fields added, removed or moved after signing.", cs


def multiple():
    cs = []
    author = signed()
    esp = dk(author, key="other2048", d="example.net", s="esp")
    cs.append(case("two-passes", "The author's domain (example.com) and an ESP (example.net, an unrelated key) both "
                   "sign: both pass, aligned strict through example.com.", esp + author, "pass", ["pass", "pass"], True,
                   True, "strict"))
    cs.append(case("fail-then-pass", "Top signature (example.net) has a changed b=, the one below (example.com) passes: "
                   "pass.", tamper_tag(esp, b"b") + author, "pass", ["fail", "pass"], True, True, "strict"))
    listed = sub1(author, b"Subject: Is", b"Subject: [list] Is")
    lst = dk(listed, key="other2048", d="lists.example.net", s="lists")
    cs.append(case("pass-then-fail", "A mailing list changed Subject (breaking the author's signature) and signed: the "
                   "list's passes, the author's fails: pass, not aligned.", lst + listed, "pass", ["pass", "fail"], True,
                   True, "none"))
    cs.append(case("third-party-only", "Only an ESP's signature (d=example.net) for a From at example.com: pass, not "
                   "aligned.", signed(key="other2048", d="example.net", s="esp"), "pass", ["pass"], True, True, "none"))
    nxd = set_tag(set_tag(dk(M), b"s", b"servfail"), b"b", b"AAAA")
    v2 = set_tag(dk(M, c="simple/simple"), b"v", b"2")
    cs.append(case("temperror-and-permerror", "A signature whose key lookup fails (SERVFAIL: temperror) and one with v=2 "
                   "(permerror): temperror is the more telling.", nxd + v2 + M, "temperror", ["temperror", "permerror"]))
    bad = tamper_tag(dk(M), b"bh")
    cs.append(case("permerror-and-fail", "v=2 (permerror) above a signature with a changed bh= (fail): fail.",
                   v2 + bad + M, "fail", ["permerror", "fail"]))
    footer = b"-- \r\nfooter\r\n"
    cs.append(case("fail-and-policy", "A signature with a changed b= (fail) above one with l= and a footer appended "
                   "(policy): policy.", tamper_tag(dk(M), b"b") + signed(l=True) + footer, "policy", ["fail", "policy"]))
    cs.append(case("three-signatures-middle-passes", "permerror (v=2), pass (example.net), fail (changed bh=): pass.",
                   v2 + dk(bad + M, key="other2048", d="example.net", s="esp") + bad + M, "pass",
                   ["permerror", "pass", "fail"], True, True, "none"))
    outer = dk(author, key="other2048", d="example.net", s="esp", h=H + ["dkim-signature"], sign_dkim_signature=True)
    cs.append(case("outer-signs-inner-signature", "An ESP's signature whose h= includes dkim-signature (the author's "
                   "signature below it): both pass.", outer + author, "pass", ["pass", "pass"], True, True, "strict"))
    inner = dk(M)
    cs.append(case("inner-signature-changed-under-outer", "The author's signature, signed by the ESP's, had its b= "
                   "changed: both fail.", outer + tamper_tag(inner, b"b") + M, "fail", ["fail", "fail"]))
    cs.append(case("no-signature", "No DKIM-Signature field: none.", M, "none", [], False, False, "none"))
    return "Messages with several DKIM-Signature fields (and none): per-signature verdicts and the message verdict.", cs


def alignment():
    cs = []
    def frm(line, **kw):
        return signed(message(with_header(HEADERS, b"From", line)), **kw)
    cs.append(case("from-domain-uppercase", "From address joe@EXAMPLE.COM, d=example.com: domains compare without "
                   "case: aligned strict.", frm(b"From: Joe <joe@EXAMPLE.COM>"), "pass", ["pass"], True, True, "strict"))
    cs.append(case("d-parent-of-from", "From joe@mail.example.com, d=example.com (parent): aligned relaxed.",
                   frm(b"From: Joe <joe@mail.example.com>"), "pass", ["pass"], True, True, "relaxed"))
    cs.append(case("d-child-of-from", "From joe@example.com, d=mail.example.com (child): aligned relaxed.",
                   signed(d="mail.example.com"), "pass", ["pass"], True, True, "relaxed"))
    cs.append(case("d-suffix-not-label", "From joe@badexample.com, d=example.com: a string suffix but not a parent "
                   "domain: aligned none.", frm(b"From: Joe <joe@badexample.com>"), "pass", ["pass"], True, True, "none"))
    cs.append(case("from-two-addresses", "From with two addresses (joe@example.com, suzie@example.com): no single From "
                   "address: pass, from_signed false, aligned none.",
                   frm(b"From: joe@example.com, Suzie <suzie@example.com>"), "pass", ["pass"], False, True, "none"))
    cs.append(case("from-quoted-at", "From: \"joe@evil.example\" <joe@example.com>: the quoted display name holds an "
                   "@; the address is joe@example.com: aligned strict.",
                   frm(b'From: "joe@evil.example" <joe@example.com>'), "pass", ["pass"], True, True, "strict"))
    cs.append(case("from-addr-spec-comment", "From: joe@example.com (Joe, at home): a bare address with a comment: "
                   "aligned strict.", frm(b"From: joe@example.com (Joe, at home)"), "pass", ["pass"], True, True, "strict"))
    nofrom = message([h for h in HEADERS if not h.startswith(b"From:")])
    cs.append(case("no-from-field", "No From field (h= names from, which is then absent): the signature passes, but "
                   "there is no From to sign: from_signed false, aligned none.", signed(nofrom), "pass", ["pass"], False,
                   True, "none"))
    return "From address parsing and identifier alignment of passing signatures with the From domain.", cs


def keys():
    cs = []
    for bits in (1024, 2048, 3072, 4096):
        cs.append(case(f"rsa{bits}", f"rsa-sha256 with a {bits}-bit key: pass.", signed(key=f"rsa{bits}"), "pass", ["pass"],
                       True, True, "strict"))
    cs.append(case("rsa512", "rsa-sha256 with a 512-bit key (valid signature): keys under 1024 bits are refused "
                   "(RFC 8301): fail.", signed(key="rsa512"), "fail", ["fail"]))
    def sel(s, comment, result, **kw):
        cs.append(case(f"key-{s}", comment, signed(s=s, **kw), result, [result],
                       *((True, True, "strict") if result == "pass" else ())))
    sel("minimal", "Key record of p= only (v= and k= default): pass.", "pass")
    sel("v-not-first", "Key record with v=DKIM1 not the first tag: permerror.", "permerror")
    sel("v-dkim2", "Key record with v=DKIM2: permerror.", "permerror")
    sel("k-unknown", "Key record with k=dsa (unknown key type): permerror.", "permerror")
    sel("k-ed25519", "rsa-sha256 signature, key record k=ed25519 (an Ed25519 key): the key type does not match a=: "
        "permerror.", "permerror")
    sel("t-y", "Key record t=y (testing): the verdict is unaffected: pass.", "pass")
    sel("t-s", "Key record t=s, i=@example.com (the i= domain is d=): pass.", "pass")
    cs.append(case("key-t-s-subdomain-identity", "Key record t=s but i=@news.example.com (a subdomain of d=): t=s "
                   "forbids that: permerror.", signed(s="t-s", i="@news.example.com"), "permerror", ["permerror"]))
    sel("h-sha1", "Key record h=sha1, signature rsa-sha256: the key does not allow the hash: permerror.", "permerror")
    sel("h-sha1-sha256", "Key record h=sha1:sha256: pass.", "pass")
    sel("s-email", "Key record s=email: pass.", "pass")
    sel("s-star-email", "Key record s=*:email (a list of service types): pass.", "pass")
    sel("s-tlsrpt", "Key record s=tlsrpt (not for email): permerror.", "permerror")
    sel("revoked", "Key record with an empty p= (revoked key): permerror.", "permerror")
    sel("no-p", "Key record without p=: permerror.", "permerror")
    sel("p-truncated", "Key record p= is the first 200 base64 characters of the key (truncated DER): permerror.",
        "permerror")
    sel("p-spaced", "Key record p= with spaces every 64 characters (whitespace in base64 is ignored): pass.", "pass")
    sel("g-ignored", "Key record with g=nobody (RFC 4871's granularity, removed by RFC 6376, so an unknown tag): "
        "ignored: pass.", "pass")
    sel("syntax-error", "Key record with a tag without \"=\" (\"k;\"): permerror.", "permerror")
    sel("wrong-key", "Key record with another RSA key than the signer's: fail.", "fail")
    sel("two-records", "Two TXT records at the key name (both the right key): permerror.", "permerror")
    sel("nxdomain", "No key record (NXDOMAIN): permerror.", "permerror")
    sel("servfail", "Key lookup answered SERVFAIL: temperror.", "temperror")
    sel("timeout", "Key lookup timed out: temperror.", "temperror")
    return "Key records (RFC 6376 3.6.1, RFC 8301): key sizes, tags, revoked and malformed keys, DNS outcomes.", cs


def ed25519():
    cs = []
    for c in ("relaxed/relaxed", "simple/simple"):
        tag = c.replace("/", "-")
        cs.append(case(f"ed25519-{tag}", f"ed25519-sha256 (RFC 8463), {c}: pass.", signed(key="ed25519", c=c), "pass",
                       ["pass"], True, True, "strict"))
    rsa_first = signed(c="relaxed/relaxed")
    cs.append(case("ed25519-and-rsa", "Signed twice by example.com as RFC 8463 suggests: ed25519-sha256 on top of "
                   "rsa-sha256: both pass.", dk(rsa_first, key="ed25519", c="relaxed/relaxed") + rsa_first, "pass",
                   ["pass", "pass"], True, True, "strict"))
    s = signed(key="ed25519", c="relaxed/relaxed")
    cs.append(case("ed25519-body-tampered", "ed25519-sha256, one body word changed: fail.", sub1(s, b"hungry", b"Hungry"),
                   "fail", ["fail"]))
    f = dk(M, key="ed25519", c="relaxed/relaxed")
    cs.append(case("ed25519-b-tampered", "ed25519-sha256, one character of b= changed: fail.", tamper_tag(f, b"b") + M,
                   "fail", ["fail"]))
    cs.append(case("ed25519-key-without-k", "ed25519-sha256 signature, key record without k= (so rsa), p= the "
                   "Ed25519 key: permerror.", signed(key="ed25519", s="ed-no-k"), "permerror", ["permerror"]))
    cs.append(case("ed25519-key-short", "Key record k=ed25519 with a 31-byte p=: permerror.",
                   signed(key="ed25519", s="ed-short"), "permerror", ["permerror"]))
    cs.append(case("ed25519-l-shorter", "ed25519-sha256 with l=, a footer appended: policy.",
                   signed(key="ed25519", l=True) + b"-- \r\nfooter\r\n", "policy", ["policy"], False, False, "none"))
    cs.append(case("ed25519-lf-only", "ed25519-sha256, stored with bare LF: pass.", to_lf(s), "pass", ["pass"], True, True,
                   "strict"))
    cs.append(case("ed25519-a-rsa", "An Ed25519 signature whose a= was changed to rsa-sha256; the key record is "
                   "k=ed25519, so a= does not match the key type: permerror.",
                   set_tag(dk(M, key="ed25519"), b"a", b"rsa-sha256") + M, "permerror", ["permerror"]))
    return "ed25519-sha256 signatures (RFC 8463).", cs


def tampering():
    cs = []
    f = dk(M)
    s = f + M
    def t(cid, comment, msg, result="fail"):
        cs.append(case(cid, comment, msg, result, [result]))
    t("tamper-subject", "The signed Subject changed: fail.", sub1(s, b"dinner", b"lunch"))
    t("tamper-from-address", "The From address changed to another example.com address: fail.",
      sub1(s, b"joe@example.com>", b"ceo@example.com>"))
    t("tamper-body-word", "One body word changed: fail.", sub1(s, b"hungry", b"angry!"))
    t("tamper-b", "One character of b= changed: fail.", tamper_tag(f, b"b") + M)
    t("tamper-bh", "One character of bh= changed: fail.", tamper_tag(f, b"bh") + M)
    t("tamper-d-same-key", "d= changed to example.org, which publishes the same key at the same selector: the "
      "signature covers d=: fail.", set_tag(f, b"i", b"@example.org").replace(b"d=example.com", b"d=example.org") + M)
    t("tamper-d-no-key", "d= (and i=) changed to example.invalid, which has no key record: permerror.",
      set_tag(f, b"i", b"@example.invalid").replace(b"d=example.com", b"d=example.invalid") + M, "permerror")
    t("tamper-s-same-key", "s= changed to another selector publishing the same key: the signature covers s=: fail.",
      set_tag(f, b"s", b"alias") + M)
    t("tamper-i", "i= changed from @example.com to joe@example.com: fail.", set_tag(f, b"i", b"joe@example.com") + M)
    t("tamper-h-drop-to", "to removed from h=: fail.", set_tag(f, b"h", b"from : subject : date : message-id") + M)
    t("tamper-c", "c= changed from relaxed/simple to simple/simple (the message itself verifies the same under both): "
      "fail.", set_tag(f, b"c", b"simple/simple") + M)
    t("tamper-a-sha1", "a= changed from rsa-sha256 to rsa-sha1: rsa-sha1 is refused: fail.",
      set_tag(f, b"a", b"rsa-sha1") + M)
    t("tamper-a-ed25519", "a= changed from rsa-sha256 to ed25519-sha256 (the key record is RSA): permerror.",
      set_tag(f, b"a", b"ed25519-sha256") + M, "permerror")
    cs.append(case("unsigned-field-changed", "Content-Type (not in h=) changed: pass.",
                   sub1(s, b"charset=us-ascii", b"charset=utf-8"), "pass", ["pass"], True, True, "strict"))
    return "One part of a signed message changed after signing: header values, body, and each signature tag.", cs


def signature():
    cs = []
    base = dk(M)
    def edited(field):
        return resign(field, M, "rsa2048")
    def t(cid, comment, field, result, **kw):
        cs.append(case(cid, comment, field + M, result, [result],
                       *((True, True, "strict") if result == "pass" else ())))
    t("v-missing", "No v= tag (signed without it): permerror.", edited(drop_tag(base, b"v")), "permerror")
    t("v-2", "v=2: permerror.", edited(set_tag(base, b"v", b"2")), "permerror")
    t("a-unknown", "a=rsa-sha512 (not a DKIM algorithm): permerror.", set_tag(base, b"a", b"rsa-sha512"), "permerror")
    f = dk(M, a=b"rsa-sha1")
    t("rsa-sha1", "A valid rsa-sha1 signature: refused by a strict verifier (RFC 8301): fail.", f, "fail")
    for tag in (b"bh", b"d"):
        t(f"{tag.decode()}-missing", f"No {tag.decode()}= tag: permerror.", drop_tag(base, tag), "permerror")
    t("h-without-from", "h=to:subject:date:message-id (no from), signed that way: permerror.",
      edited(set_tag(base, b"h", b"to:subject:date:message-id")), "permerror")
    t("h-mixed-case-and-folded", "h= with mixed-case names and folding whitespace (From : TO :\\r\\n\\tSubject ...): "
      "names compare without case: pass.", edited(set_tag(base, b"h", b"From : TO :\r\n\tSubject:Date:\r\n Message-ID")),
      "pass")
    t("i-outside-d", "i=@example.org with d=example.com: permerror.", set_tag(base, b"i", b"@example.org"), "permerror")
    t("i-suffix-not-label", "i=@badexample.com with d=example.com: permerror.", set_tag(base, b"i", b"@badexample.com"),
      "permerror")
    t("d-not-a-domain", "d=example.com(.attacker.example is not a domain name (a key is published at the name it "
      "makes, and the signature is valid): permerror.",
      edited(set_tag(set_tag(base, b"d", b"example.com(.attacker.example"), b"i", b"@example.com(.attacker.example")),
      "permerror")
    t("q-unknown", "q=http/get (not dns/txt): permerror.", edited(set_tag(base, b"q", b"http/get")), "permerror")
    t("i-subdomain", "i=@news.example.com with d=example.com (a subdomain): pass.", dk(M, i="@news.example.com"), "pass")
    t("duplicate-tag", "s= given twice (same value), signed that way: permerror.",
      edited(add_tag(base, b"s=rsa2048")), "permerror")
    t("x-expired", "x=1700086400 (a day after t=), verified at 1760000000: expired, a permanent failure: permerror.",
      edited(add_tag(base, b"x=1700086400")), "permerror")
    t("x-before-t", "x=1699999999, one second before t=1700000000: permerror.", edited(add_tag(base, b"x=1699999999")),
      "permerror")
    t("x-future", "x=1800000000 (after the verification time): pass.", edited(add_tag(base, b"x=1800000000")), "pass")
    t("unknown-tag", "An unknown tag (foo=bar) is ignored: pass.", edited(add_tag(base, b"foo=bar")), "pass")
    t("d-uppercase", "d=EXAMPLE.COM: the key name and alignment compare without case: pass.",
      edited(set_tag(set_tag(base, b"d", b"EXAMPLE.COM"), b"i", b"@EXAMPLE.COM")), "pass")
    t("trailing-semicolon", "The tag list ends in \";\": pass.", edited(set_tag(base, b"b", b"") [:-2] + b";\r\n"), "pass")
    text = (b"s=rsa2048 ;d=example.com;\r\n\tb=;\r\n h=from:to:subject ; a = rsa-sha256;bh=;\r\n\tc=relaxed/relaxed;v=1; "
            b"t=1700000000")
    t("tags-reordered-whitespace", "Tags in an unusual order (b= in the middle, folded over lines), with whitespace "
      "around = and ;: pass.", craft(text, M, "rsa2048", fold=lambda b: fold_b64(b, 64)), "pass")
    t("lowercase-field-name", "The field is named dkim-signature (lower case); names compare without case: pass.",
      edited(b"dkim-signature" + base[len(b"DKIM-Signature"):]), "pass")
    t("b-not-base64", "b= holds characters outside base64: permerror.", set_tag(base, b"b", b"not*base64!"), "permerror")
    t("tag-syntax-error", "A tag without \"=\" in the tag list: permerror.", add_tag(base, b"junk"), "permerror")
    return "DKIM-Signature tag lists (RFC 6376 3.5): required tags, versions, algorithms, i=, x=, t=, syntax.", cs


FILES = {
    "canonicalization": canonicalization,
    "encoding": encoding,
    "length": length,
    "oversigning": oversigning,
    "multiple": multiple,
    "alignment": alignment,
    "keys": keys,
    "ed25519": ed25519,
    "tampering": tampering,
    "signature": signature,
}

# Every case where dkimpy's boolean differs from result == "pass", and why (Docs/Vectors-DKIM.md lists them).
DKIMPY_DIFFERS = {
    "relaxed-body-no-final-crlf-trailing-whitespace": "dkimpy's relaxed body canonicalization removes trailing "
        "whitespace only before a CRLF, so it keeps the trailing whitespace of a last line without CRLF and computes "
        "another body hash",
    "l-shorter-footer-appended": "dkimpy returns True for l= shorter than the body (unsigned text); strict: policy",
    "l-zero": "dkimpy returns True for l= shorter than the body; strict: policy",
    "l-longer-than-body": "dkimpy truncates the body to l= without checking that l= fits (a longer l= hashes the whole "
        "body); strict: permerror",
    "l-huge": "as for l-longer-than-body: dkimpy slices the body at l= (here 23 digits) and hashes all of it",
    "not-oversigned-from-added-above": "dkimpy appends an extra from to h= when verifying (its bug #644046 hardening), "
        "so any added From breaks its verification; strict: the signed (last) From verifies",
    "fail-then-pass": "dkim.verify() checks only the first (topmost) signature, which fails; strict: any passing "
        "signature makes the message pass",
    "three-signatures-middle-passes": "dkim.verify() checks only the topmost signature (v=2, permerror); strict: the "
        "middle one passes",
    "ed25519-l-shorter": "dkimpy returns True for l= shorter than the body; strict: policy",
    "key-v-not-first": "dkimpy does not check that v= is the first tag of the key record",
    "key-t-s-subdomain-identity": "dkimpy ignores the key record's t= flags",
    "key-h-sha1": "dkimpy ignores the key record's h=",
    "key-s-star-email": "dkimpy compares s= with \"*\" and \"email\" as whole values, so it takes \"*:email\" for "
        "an unknown service type and drops the key (verification then fails on a missing key type)",
    "key-two-records": "the test's DNS function gives dkimpy the first record, as its dnspython lookup does; strict: "
        "more than one record is permerror",
    "rsa-sha1": "dkimpy accepts rsa-sha1; RFC 8301 says verifiers must not (strict: fail)",
    "h-without-from": "dkimpy's verify does not require from in h= (only its signer does)",
}


def build():
    all_records = records()
    outputs, summary, differs = {}, {}, {}
    seen_ids = set()
    for fname, fn in FILES.items():
        description, cases = fn()
        # The key map: every name a signature of this file looks up.
        names = set()
        for c in cases:
            fields, _ = split_message(c["msg"])
            for f in fields:
                if field_name(f).lower() != b"dkim-signature":
                    continue
                try:
                    tags = dict(parse_tags(field_value(f)))
                except Verdict:
                    continue
                if b"s" in tags and b"d" in tags:
                    names.add((tags[b"s"].decode() + "._domainkey." + tags[b"d"].decode()).lower())
        for n in names:
            assert n in all_records, f"{fname}: no record for {n}"
        keymap = {n: all_records[n] for n in sorted(names)}
        out_cases = []
        for c in cases:
            assert c["id"] not in seen_ids, c["id"]
            seen_ids.add(c["id"])
            got = verify_message(c["msg"], keymap)
            assert got["result"] == c["result"] and got["signatures"] == c["signatures"], \
                f"{c['id']}: expected {c['result']} {c['signatures']}, reference verifier: {got}"
            for k, v in c["expect"].items():
                assert got[k] == v, f"{c['id']}: {k} expected {v}, got {got[k]}"
            if got["result"] != "pass":
                assert not got["from_signed"] and not got["body_fully_covered"] and got["aligned"] == "none"
            ok, raised = dkimpy_verify(c["msg"], keymap)
            comment = c["comment"]
            if raised:
                comment += f" (dkimpy: dkim.verify() raised {raised}; recorded as false.)"
            if ok != (c["result"] == "pass"):
                differs[c["id"]] = (fname, ok, c["result"])
                if DKIMPY_DIFFERS.get(c["id"]):
                    comment += f" dkimpy returns {ok}: {DKIMPY_DIFFERS[c['id']]}."
            out_cases.append({
                "id": c["id"], "comment": comment,
                "message_base64": base64.b64encode(c["msg"]).decode(),
                "result": got["result"], "signatures": got["signatures"],
                "from_signed": got["from_signed"], "body_fully_covered": got["body_fully_covered"],
                "aligned": got["aligned"], "dkimpy": ok,
            })
        data = {"format": FORMAT, "description": description + f" Generated by Tools/generate_dkim_vectors.py; "
                f"signed at t={SIGN_TIME}, verified at the time below.",
                "time": VERIFY_TIME, "keys": keymap, "cases": out_cases}
        text = json.dumps(data, indent=1, ensure_ascii=True) + "\n"
        assert json.loads(text) == data
        outputs[os.path.join(OUT_DIR, fname + ".json")] = text
        summary[fname] = len(out_cases)
    return outputs, summary, differs


def main():
    outputs, summary, differs = build()
    if "--report" in sys.argv[1:]:
        for f, n in summary.items():
            print(f"{f}: {n}")
        print("total:", sum(summary.values()), "bytes:", sum(len(t) for t in outputs.values()))
        for cid, (f, ok, res) in differs.items():
            print(f"differs: {f}/{cid}: dkimpy {ok}, strict {res}: {DKIMPY_DIFFERS.get(cid, '?')}")
    declared = {k for k, v in DKIMPY_DIFFERS.items() if v}
    assert set(differs) == declared, f"dkimpy differs on {sorted(set(differs) - declared)}; " \
        f"declared but agrees: {sorted(declared - set(differs))}"
    write_or_check(ROOT, outputs, "Vectors/dkim/ differs from Tools/generate_dkim_vectors.py")


if __name__ == "__main__":
    main()
