#!/usr/bin/env python3
"""Writes the project's own vector suites under Vectors/ (format ckbcrypto-vectors/1).

    python3 Tools/generate_vectors.py          # rewrite Vectors/hash/*.json
    python3 Tools/generate_vectors.py --check  # exit 1 if a committed file differs

Expected values come from reference implementations, never from this project's code:
Python's hashlib (BLAKE2b with key, salt, personalization and any length; SHA-256) and hmac.
Eaglesong has no reference in the Python standard library, so its suite holds only values
stated by Nervos sources (RFC 0010 and mainnet block headers), with their sources.

Every suite is deterministic (seeded), so regenerating gives identical bytes. About one case in
ten is made "invalid" by flipping one bit of the expected digest: a checker that accepted
everything would fail those.
"""

import hashlib
import hmac
import json
import os
import random

from generated import write_or_check

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMAT = "ckbcrypto-vectors/1"
GENERATOR = "Tools/generate_vectors.py"

# Lengths around every block and padding boundary of the three block sizes (32, 64, 128).
EDGE_LENGTHS = [0, 1, 2, 3, 31, 32, 33, 55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129,
                191, 192, 255, 256, 257, 383, 384, 385, 511, 512, 513, 1023, 1024, 1025]


def rand_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def flip(rng, digest):
    """The digest with one bit flipped."""
    b = bytearray(digest)
    i = rng.randrange(len(b) * 8)
    b[i // 8] ^= 1 << (i % 8)
    return bytes(b)


def input_lengths(rng, count):
    lengths = list(EDGE_LENGTHS)
    while len(lengths) < count:
        lengths.append(rng.choice([rng.randrange(0, 300), rng.randrange(0, 3000)]))
    return lengths[:count]


def suite(name, algorithm, description, cases, source="generated"):
    return {
        "format": FORMAT,
        "suite": name,
        "algorithm": algorithm,
        "description": description,
        "source": source,
        "generator": GENERATOR,
        "numberOfCases": len(cases),
        "cases": cases,
    }


def finish(rng, cases, make_invalid_every=10):
    """Numbers the cases and turns every n-th one into an invalid case."""
    for i, case in enumerate(cases):
        case["id"] = i + 1
        if make_invalid_every and i % make_invalid_every == make_invalid_every - 1:
            case["digest"] = flip(rng, bytes.fromhex(case["digest"])).hex()
            case["result"] = "invalid"
            case["comment"] = (case.get("comment", "") + "; one bit of the digest flipped").lstrip("; ")
        else:
            case.setdefault("result", "valid")
    return cases


def blake2b_parameters():
    rng = random.Random(0xB1A4E2B)
    cases = []
    for n in input_lengths(rng, 400):
        data = rand_bytes(rng, n)
        length = rng.choice([1, 20, 32, 48, 64, rng.randrange(1, 65)])
        key = rand_bytes(rng, rng.choice([0, 0, 1, 16, 32, 63, 64, rng.randrange(0, 65)]))
        salt = rand_bytes(rng, rng.choice([0, 0, 16, rng.randrange(0, 17)]))
        person = rand_bytes(rng, rng.choice([0, 0, 16, rng.randrange(0, 17)]))
        digest = hashlib.blake2b(data, digest_size=length, key=key, salt=salt, person=person).digest()
        cases.append({"comment": f"{n}-byte input, {length}-byte digest, key {len(key)}, salt {len(salt)}, personal {len(person)}",
                      "input": data.hex(), "length": length, "key": key.hex(), "salt": salt.hex(),
                      "personal": person.hex(), "digest": digest.hex()})
    return suite("blake2b-parameters", "blake2b",
                 "BLAKE2b (RFC 7693) with every digest length, key, salt and personalization length; "
                 "short salts and personalizations are zero-padded to 16 bytes (as hashlib does).",
                 finish(rng, cases), "Python hashlib.blake2b")


def ckb_hash():
    rng = random.Random(0xC4B)
    cases = []
    for n in input_lengths(rng, 200):
        data = rand_bytes(rng, n)
        digest = hashlib.blake2b(data, digest_size=32, person=b"ckb-default-hash").digest()
        cases.append({"comment": f"{n}-byte input", "input": data.hex(), "digest": digest.hex()})
    return suite("ckb-hash", "ckb",
                 "CKB's hash: BLAKE2b-256, personalization \"ckb-default-hash\", no key, no salt.",
                 finish(rng, cases), "Python hashlib.blake2b(digest_size=32, person=b\"ckb-default-hash\")")


def blake160():
    rng = random.Random(0xB160)
    cases = []
    for n in [33, 65, 20, 0, 32] + [rng.randrange(0, 200) for _ in range(45)]:
        data = rand_bytes(rng, n)
        digest = hashlib.blake2b(data, digest_size=32, person=b"ckb-default-hash").digest()[:20]
        cases.append({"comment": f"{n}-byte input (33 and 65: public-key sizes)", "input": data.hex(), "digest": digest.hex()})
    return suite("blake160", "blake160", "blake160: the first 20 bytes of CKB's hash, as lock args use it.",
                 finish(rng, cases), "Python hashlib.blake2b, truncated to 20 bytes")


def sha256():
    rng = random.Random(0x5A256)
    cases = []
    lengths = list(range(0, 201)) + input_lengths(rng, 100)
    for n in lengths:
        data = rand_bytes(rng, n)
        cases.append({"comment": f"{n}-byte input", "input": data.hex(), "digest": hashlib.sha256(data).hexdigest()})
    return suite("sha256", "sha256", "SHA-256 (FIPS 180-4) of every length 0-200 and of edge and random lengths.",
                 finish(rng, cases), "Python hashlib.sha256")


def sha2_64(name, seed, function):
    """SHA-384 or SHA-512: every length 0-300 (across the 112-byte padding boundary and two
    128-byte blocks) and random lengths."""
    def make():
        rng = random.Random(seed)
        cases = []
        for n in list(range(0, 301)) + input_lengths(rng, 60):
            data = rand_bytes(rng, n)
            cases.append({"comment": f"{n}-byte input", "input": data.hex(), "digest": function(data).hexdigest()})
        label = name.upper().replace("SHA", "SHA-")
        return suite(name, name, f"{label} (FIPS 180-4) of every length 0-300 and of random lengths.",
                     finish(rng, cases), f"Python hashlib.{name}")
    return make


def hmac_sha256():
    rng = random.Random(0x4AC)
    cases = []
    key_lengths = [0, 1, 31, 32, 63, 64, 65, 100, 128, 200] + [rng.randrange(0, 150) for _ in range(190)]
    for i, k in enumerate(key_lengths):
        key = rand_bytes(rng, k)
        data = rand_bytes(rng, rng.choice([0, 1, 55, 64, 65, rng.randrange(0, 500)]))
        mac = hmac.new(key, data, hashlib.sha256).digest()
        comment = f"{k}-byte key, {len(data)}-byte message"
        if i % 7 == 3:
            mac = mac[:16]
            comment += ", tag truncated to 16 bytes"
        cases.append({"comment": comment, "key": key.hex(), "input": data.hex(), "digest": mac.hex()})
    return suite("hmac-sha256", "hmac-sha256",
                 "HMAC-SHA256 (RFC 2104) with keys below, at and above the 64-byte block; a digest shorter than "
                 "32 bytes is a truncated tag and is compared on its length.",
                 finish(rng, cases), "Python hmac with hashlib.sha256")


# RFC 4231 section 4: (key, data, HMAC-SHA-256 as printed in the RFC; case 5 prints 128 bits).
RFC4231 = [
    ("0b" * 20, "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    ("aa" * 20, "dd" * 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
    ("0102030405060708090a0b0c0d0e0f10111213141516171819", "cd" * 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    ("0c" * 20, "546573742057697468205472756e636174696f6e", "a3b6167473100ee06e0c796c2955552b"),
    ("aa" * 131, "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ("aa" * 131, bytes(b"This is a test using a larger than block-size key and a larger than block-size data. "
                       b"The key needs to be hashed before being used by the HMAC algorithm.").hex(),
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
]


def hmac_rfc4231():
    cases = []
    for i, (key, data, mac) in enumerate(RFC4231):
        computed = hmac.new(bytes.fromhex(key), bytes.fromhex(data), hashlib.sha256).hexdigest()
        assert computed.startswith(mac), f"RFC 4231 case {i + 1} does not match hashlib"
        cases.append({"id": i + 1, "comment": f"RFC 4231 test case {i + 1}", "key": key, "input": data,
                      "digest": mac, "result": "valid"})
    return suite("hmac-sha256-rfc4231", "hmac-sha256", "The HMAC-SHA-256 test cases of RFC 4231 section 4.",
                 cases, "RFC 4231 (IETF, 2005), values re-checked against Python hmac")


def le128(nonce_hex):
    """A header nonce (u128, as printed) in the little-endian byte order the PoW message uses."""
    return bytes.fromhex(nonce_hex)[::-1].hex()


# Eaglesong values stated by Nervos sources. The mainnet cases are proof-of-work messages:
# pow_hash (ckb hash of the raw header) || nonce as a u128 little-endian, and the Eaglesong
# output each block committed to (spec/ckb.md 5.5, from the headers in Nervos RFC 0023).
EAGLESONG_FACTS = [
    ("", "9e4452fc7aed93d7240b7b55263792befd1be09252b456401122ba71a56f62a0", "RFC 0010 / eaglesong crate, empty input"),
    ("Hello, world!\n".encode().hex(), "64867e2441d162615dc2430b6bcb4d3f4b95e4d0db529fca1eece73c077d72d6",
     "RFC 0010, \"Hello, world!\" typed into the reference program (with the newline)"),
    (("1" * 34 + "\n").encode().hex(), "a50a3310f78cbaeadcffe2d46262119eeeda9d6568b4df1b636399742c867aca",
     "eaglesong crate unit test, 34 ones and a newline"),
    (("1" * 32 + "22\n").encode().hex(), "d7b68a8ba4cfc606e86ed7e2ca3244ff27b28bb24c28ee09af4b1f47af9b9236",
     "eaglesong crate unit test, 32 ones, 22 and a newline"),
    ("4a27fabbcfb17319ca0dbffba2fd61669211eb72c09fa98b5deba48adf50eba6" + le128("19759fb43000000000000000b28a9573"),
     "0000000000001a29275a8740b896829a3d01dda52f9c89080b59bfeef284e3f5", "mainnet block 4191 proof-of-work message"),
    ("f5ef1543122f31e43969db37718a6b9a3c1958080f4eeabb2fe5ff22311d2934" + le128("74e39f370400000000000000bb4b3299"),
     "000000000000228dd4f7f86f68b7defc13a73325806493fd88a03cae5ad6517c", "mainnet block 73380 proof-of-work message"),
]


def eaglesong_facts():
    rng = random.Random(0xEA61E)
    cases = []
    for data, out, source in EAGLESONG_FACTS:
        cases.append({"comment": source, "input": data, "digest": out, "result": "valid"})
    for data, out, source in EAGLESONG_FACTS:
        cases.append({"comment": source + "; one bit of the digest flipped", "input": data,
                      "digest": flip(rng, bytes.fromhex(out)).hex(), "result": "invalid"})
    for i, case in enumerate(cases):
        case["id"] = i + 1
    return suite("eaglesong-facts", "eaglesong",
                 "Eaglesong-256 values stated by Nervos sources: RFC 0010, the eaglesong crate's tests, and two "
                 "mainnet proof-of-work messages (pow_hash || nonce as u128 little-endian).",
                 cases, "nervosnetwork/rfcs RFC 0010 and RFC 0023 (mainnet headers), nervosnetwork/eaglesong")


SUITES = {
    "blake2b-parameters.json": blake2b_parameters,
    "ckb-hash.json": ckb_hash,
    "blake160.json": blake160,
    "sha256.json": sha256,
    "sha384.json": sha2_64("sha384", 0x5A384, hashlib.sha384),
    "sha512.json": sha2_64("sha512", 0x5A512, hashlib.sha512),
    "hmac-sha256.json": hmac_sha256,
    "hmac-sha256-rfc4231.json": hmac_rfc4231,
    "eaglesong-facts.json": eaglesong_facts,
}


# ---------------------------------------------------------------------------------------------
# Proof of work (Vectors/chain/pow-*.json). Python has no Eaglesong, so this file carries its own,
# written from Nervos RFC 0010 with the constants Tools/generate.py derives; it is checked against
# the values Nervos sources state (EAGLESONG_FACTS) before any header is made.

MASK32 = 0xFFFFFFFF


def eaglesong_permute(s):
    from generate import EAGLESONG_MATRIX, EAGLESONG_ROTATIONS, EAGLESONG_ROUNDS, eaglesong_constants
    constants = eaglesong_constants()
    rotl = lambda x, n: ((x << n) | (x >> (32 - n))) & MASK32
    for r in range(EAGLESONG_ROUNDS):
        n = [0] * 16
        for j in range(16):
            for k in range(16):
                if EAGLESONG_MATRIX[k][j] == "1":
                    n[j] ^= s[k]
        for i, (a, b) in enumerate(EAGLESONG_ROTATIONS):
            s[i] = n[i] ^ rotl(n[i], a) ^ rotl(n[i], b) ^ constants[16 * r + i]
        for i in range(0, 16, 2):
            s[i] = rotl((s[i] + s[i + 1]) & MASK32, 8)
            s[i + 1] = (rotl(s[i + 1], 24) + s[i]) & MASK32


def eaglesong(data):
    s = [0] * 16
    whole = len(data) // 32 * 32
    for off in range(0, whole, 32):
        for j in range(8):
            s[j] ^= int.from_bytes(data[off + 4 * j:off + 4 * j + 4], "big")
        eaglesong_permute(s)
    tail = data[whole:]
    for j in range(8):
        w = 0
        for k in range(4):
            p = 4 * j + k
            if p < len(tail):
                w = (w << 8) ^ tail[p]
            elif p == len(tail):
                w = (w << 8) ^ 0x06
        s[j] ^= w
    eaglesong_permute(s)
    return b"".join(x.to_bytes(4, "little") for x in s[:8])


def ckb_hash(data):
    return hashlib.blake2b(data, digest_size=32, person=b"ckb-default-hash").digest()


def raw_header(version, compact, timestamp, number, epoch, parent, tx_root, proposals, extra, dao):
    return (version.to_bytes(4, "little") + compact.to_bytes(4, "little") + timestamp.to_bytes(8, "little")
            + number.to_bytes(8, "little") + epoch.to_bytes(8, "little") + parent + tx_root + proposals + extra + dao)


def pow_ok(header, network):
    """RFC 0010 / spec 5.3: Eaglesong(ckb_hash(raw) || nonce), then CKB hash on testnet, <= target."""
    h = eaglesong(ckb_hash(header[:192]) + header[192:])
    if network == "testnet":
        h = ckb_hash(h)
    compact = int.from_bytes(header[4:8], "little")
    exponent, mantissa = compact >> 24, compact & 0xFFFFFF
    if mantissa != 0 and exponent > 32:
        return False
    target = mantissa >> (8 * (3 - exponent)) if exponent <= 3 else mantissa << (8 * (exponent - 3))
    return target != 0 and int.from_bytes(h, "big") <= target


def mine(raw, network, want=True):
    """The first nonce (from 0) for which the proof of work holds (or, with want=False, fails)."""
    nonce = 0
    while pow_ok(raw + nonce.to_bytes(16, "little"), network) != want:
        nonce += 1
    return raw + nonce.to_bytes(16, "little")


def real_mainnet_headers():
    facts = json.load(open(os.path.join(ROOT, "Vectors", "chain", "rfc0023-mainnet.json")))
    headers = []
    for item in facts["headers"]:
        h = item["header"]
        b = lambda key: bytes.fromhex(h[key][2:])
        n = lambda key: int(h[key], 16)
        raw = raw_header(n("version"), n("compact_target"), n("timestamp"), n("number"), n("epoch"), b("parent_hash"),
                         b("transactions_root"), b("proposals_hash"), b("uncles_hash"), b("dao"))
        header = raw + n("nonce").to_bytes(16, "little")
        assert ckb_hash(header).hex() == item["hash"][2:], "header hash differs from the chain's"
        headers.append(header)
    return headers


def chain(network, count, compact=0x2003FFFF):
    """Linked synthetic headers under an easy target (about one nonce in 64 meets it)."""
    headers = []
    parent = bytes(32)
    for i in range(count):
        raw = raw_header(0, compact, 1_700_000_000_000 + i, 5000 + i, 0x0701000001 + i, parent,
                         bytes([i + 1]) * 32, bytes(32), bytes(32), bytes([0x44]) * 32)
        header = mine(raw, network)
        headers.append(header)
        parent = ckb_hash(header)
    return headers


def pow_suite(network):
    for data, digest, _ in EAGLESONG_FACTS:
        assert eaglesong(bytes.fromhex(data)).hex() == digest, "the Python Eaglesong disagrees with a stated value"
    real = real_mainnet_headers()
    good = chain(network, 3)
    cases = []

    def add(comment, headers, valid):
        cases.append({"id": len(cases) + 1, "comment": comment, "headers": [h.hex() for h in headers],
                      "result": "valid" if valid else "invalid"})

    for h in real:
        number = int.from_bytes(h[16:24], "little")
        add(f"mainnet block {number}", [h], network == "mainnet")
    add("two real mainnet headers that are not parent and child", real, False)
    add("one synthetic header", good[:1], True)
    add("two linked headers", good[:2], True)
    add("three linked headers", good, True)
    add("a gap: the third header after the first", [good[0], good[2]], False)
    add("reversed order", [good[1], good[0]], False)
    renumbered = good[1][:16] + (int.from_bytes(good[1][16:24], "little") + 1).to_bytes(8, "little") + good[1][24:192]
    add("the child's number skips one (re-mined)", [good[0], mine(renumbered, network)], False)
    add("a nonce that misses the target", [mine(good[0][:192], network, want=False)], False)
    hard = good[0][:4] + (0x03000001).to_bytes(4, "little") + good[0][8:]
    add("target 1 (compact 0x03000001)", [hard], False)
    zero = good[0][:4] + (0).to_bytes(4, "little") + good[0][8:]
    add("compact target 0", [zero], False)
    overflow = good[0][:4] + (0x21000001).to_bytes(4, "little") + good[0][8:]
    add("compact target 0x21000001 overflows", [overflow], False)
    add("no headers", [], False)
    return suite(f"pow-{network}", f"pow-{network}",
                 f"CKB header proof of work under the {network} rule (spec/ckb.md 5.3) and parent linkage: "
                 "real mainnet headers from RFC 0023 and synthetic chains mined here under easy targets, "
                 "with broken variants.", cases,
                 "Python: hashlib BLAKE2b and this generator's Eaglesong (checked against Nervos-stated values)")


CHAIN_SUITES = {
    "pow-mainnet.json": lambda: pow_suite("mainnet"),
    "pow-testnet.json": lambda: pow_suite("testnet"),
}


def render(data):
    # One case per line: diffs stay readable, files stay small.
    head = {k: v for k, v in data.items() if k != "cases"}
    text = json.dumps(head, indent=1)[:-2] + ',\n "cases": [\n'
    text += ",\n".join("  " + json.dumps(c, separators=(", ", ": ")) for c in data["cases"])
    return text + "\n ]\n}\n"


def main():
    outputs = {}
    for name, make in SUITES.items():
        text = render(make())
        json.loads(text)  # the renderer must produce valid JSON
        outputs[os.path.join("Vectors", "hash", name)] = text
    for name, make in CHAIN_SUITES.items():
        text = render(make())
        json.loads(text)
        outputs[os.path.join("Vectors", "chain", name)] = text
    write_or_check(ROOT, outputs, "Vectors/ differs from Tools/generate_vectors.py")


if __name__ == "__main__":
    main()
