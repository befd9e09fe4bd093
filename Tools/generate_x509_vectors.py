#!/usr/bin/env python3
"""Writes Vectors/x509/chains.json: RSA X.509 chain-validation cases in x509-limbo's format.

    python3 Tools/generate_x509_vectors.py          # rewrite Vectors/x509/chains.json
    python3 Tools/generate_x509_vectors.py --check  # exit 1 if the committed file differs

Every case is a small chain (root -> intermediate(s) -> leaf) with one thing wrong, or none, and
the verdict RFC 5280 section 6 and a strict (webpki-style) validator give at a fixed validation
time. The certificates are made with pyca/cryptography from RSA keys this file derives itself:
primes from random.Random(seed) and Miller-Rabin with a fixed number of rounds, so the keys, and
with them every byte of the output, are the same on any machine. PKCS#1 v1.5 signatures are
deterministic; RSASSA-PSS and SHA-1 signatures (which cryptography salts at random, or refuses to
make) are computed here and put into the certificate in place of cryptography's. Serial numbers
and times are fixed.

The output is checked before it is written: against x509-limbo's JSON schema (from
../shared/vectors/x509-limbo, skipped with a note when that folder is absent), every field of
every case, and every signature that is meant to verify (and every one that is meant not to).
Tools/x509_openssl_verdicts.py runs `openssl verify` over the result for comparison.
"""

import datetime
import hashlib
import ipaddress
import json
import math
import os
import random
import sys

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from generated import write_or_check

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join("Vectors", "x509", "chains.json")
SCHEMA = os.path.join(os.path.dirname(ROOT), "shared", "vectors", "x509-limbo", "limbo-schema.json")
NAMESPACE = "ckbcrypto"

UTC = datetime.timezone.utc
VALIDATION_TIME = datetime.datetime(2026, 6, 1, tzinfo=UTC)
VALIDATION_TIME_TEXT = "2026-06-01T00:00:00Z"


def day(y, m, d):
    return datetime.datetime(y, m, d, tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Seeded RSA keys.

E = 65537
MILLER_RABIN_ROUNDS = 16
# Trial division by every odd prime below 20,000 at once: one gcd with their product.
SMALL_PRIMES_PRODUCT = math.prod(p for p in range(3, 20000, 2) if all(p % q for q in range(3, math.isqrt(p) + 1, 2)))

# name -> (modulus bits, seed). Changing a seed changes every certificate made with that key.
KEYS = {
    "root": (2048, "ckbcrypto-x509/root"),
    "ica": (2048, "ckbcrypto-x509/intermediate"),
    "ica2": (2048, "ckbcrypto-x509/second-intermediate"),
    "leaf": (2048, "ckbcrypto-x509/leaf"),
    "attacker": (2048, "ckbcrypto-x509/attacker"),
    "other": (2048, "ckbcrypto-x509/unrelated-ca"),
    "loop-a": (2048, "ckbcrypto-x509/loop-a"),
    "loop-b": (2048, "ckbcrypto-x509/loop-b"),
    "rsa1024": (1024, "ckbcrypto-x509/rsa-1024"),
    "rsa4096": (4096, "ckbcrypto-x509/rsa-4096"),
}


def below(rng, n):
    """A uniform integer in [0, n), from getrandbits only (stable across Python versions)."""
    k = n.bit_length()
    while True:
        r = rng.getrandbits(k)
        if r < n:
            return r


def miller_rabin(n, rng, rounds=MILLER_RABIN_ROUNDS):
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(2 + below(rng, n - 3), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def seeded_prime(rng, bits):
    """A prime of exactly `bits` bits with the top two set (so p*q has 2*bits bits), p-1 prime to e."""
    while True:
        c = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if math.gcd(c, SMALL_PRIMES_PRODUCT) != 1 or (c - 1) % E == 0:
            continue
        if miller_rabin(c, rng):
            return c


_keys = {}


def key(name):
    if name not in _keys:
        bits, seed = KEYS[name]
        rng = random.Random(seed)
        p = seeded_prime(rng, bits // 2)
        q = seeded_prime(rng, bits // 2)
        assert p != q
        n = p * q
        assert n.bit_length() == bits
        d = pow(E, -1, (p - 1) * (q - 1) // math.gcd(p - 1, q - 1))
        numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
                                        rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(E, n))
        _keys[name] = numbers.private_key()
    return _keys[name]


# ---------------------------------------------------------------------------------------------
# Minimal DER, for taking a certificate apart and putting it back with another signature.

def der_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    return bytes([tag]) + der_length(len(content)) + content


def der_element(data, pos):
    """(tag, content start, end) of the element at pos (one-byte tags, definite lengths)."""
    tag, first = data[pos], data[pos + 1]
    if first < 0x80:
        return tag, pos + 2, pos + 2 + first
    count = first & 0x7F
    length = int.from_bytes(data[pos + 2:pos + 2 + count], "big")
    start = pos + 2 + count
    return tag, start, start + length


def der_children(data):
    """The encoded elements inside the constructed element `data`."""
    _, pos, end = der_element(data, 0)
    assert end == len(data), "trailing bytes after a DER element"
    children = []
    while pos < end:
        _, _, child_end = der_element(data, pos)
        children.append(data[pos:child_end])
        pos = child_end
    return children


SHA256_WITH_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
SHA1_WITH_RSA = bytes.fromhex("300d06092a864886f70d0101050500")
SHA1_DIGEST_INFO = bytes.fromhex("3021300906052b0e03021a05000414")
# RSASSA-PSS with explicit RSASSA-PSS-params (RFC 4055): SHA-256 (NULL parameters), MGF1 with
# SHA-256, salt length 32, trailer field left at its default.
RSASSA_PSS_SHA256 = bytes.fromhex("304106092a864886f70d01010a3034"
                                  "a00f300d06096086480165030402010500"
                                  "a11c301a06092a864886f70d010108300d06096086480165030402010500"
                                  "a203020120")


def certificate(tbs, algorithm, signature):
    """Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }."""
    return tlv(0x30, tbs + algorithm + tlv(0x03, b"\x00" + signature))


def rsa_raw_sign(private_key, encoded_message):
    numbers = private_key.private_numbers()
    n = numbers.public_numbers.n
    k = (n.bit_length() + 7) // 8
    return pow(int.from_bytes(encoded_message, "big"), numbers.d, n).to_bytes(k, "big")


def mgf1_sha256(seed, length):
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def emsa_pss_sha256(message, em_bits, salt):
    """RFC 8017 9.1.1 with SHA-256 and MGF1-SHA-256."""
    em_len = (em_bits + 7) // 8
    m_hash = hashlib.sha256(message).digest()
    h = hashlib.sha256(b"\x00" * 8 + m_hash + salt).digest()
    db = b"\x00" * (em_len - len(salt) - 32 - 2) + b"\x01" + salt
    masked = bytearray(a ^ b for a, b in zip(db, mgf1_sha256(h, em_len - 33)))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    return bytes(masked) + h + b"\xbc"


def emsa_pkcs1_sha1(message, em_len):
    t = SHA1_DIGEST_INFO + hashlib.sha1(message).digest()
    return b"\x00\x01" + b"\xff" * (em_len - len(t) - 3) + b"\x00" + t


def pss_resign(cert_der, private_key, label):
    """The certificate with its RSASSA-PSS signature (cryptography's, randomly salted) replaced by
    one whose 32-byte salt comes from a generator seeded with the certificate's label."""
    tbs, algorithm, _ = der_children(cert_der)
    assert algorithm == RSASSA_PSS_SHA256 and RSASSA_PSS_SHA256 in tbs, "unexpected RSASSA-PSS parameters"
    rng = random.Random("ckbcrypto-x509/pss-salt/" + label)
    salt = bytes(rng.getrandbits(8) for _ in range(32))
    n = private_key.private_numbers().public_numbers.n
    signature = rsa_raw_sign(private_key, emsa_pss_sha256(tbs, n.bit_length() - 1, salt))
    return certificate(tbs, algorithm, signature)


def sha1_resign(cert_der, private_key):
    """The certificate re-signed with sha1WithRSAEncryption (cryptography refuses to make one): the
    algorithm in tbsCertificate.signature and in signatureAlgorithm both changed, then signed."""
    tbs, algorithm, _ = der_children(cert_der)
    fields = der_children(tbs)
    index = 2 if fields[0][0] == 0xA0 else 1  # [0] version, serialNumber, signature
    assert fields[index] == SHA256_WITH_RSA and algorithm == SHA256_WITH_RSA
    fields[index] = SHA1_WITH_RSA
    tbs = tlv(0x30, b"".join(fields))
    n = private_key.private_numbers().public_numbers.n
    signature = rsa_raw_sign(private_key, emsa_pkcs1_sha1(tbs, (n.bit_length() + 7) // 8))
    return certificate(tbs, SHA1_WITH_RSA, signature)


def flip_signature_byte(cert_der):
    tbs, algorithm, bits = der_children(cert_der)
    # The BIT STRING's content is 0x00 (no unused bits), then the signature; flip a byte in the middle.
    _, start, end = der_element(bits, 0)
    assert bits[start] == 0
    signature = bytearray(bits[start + 1:end])
    signature[len(signature) // 2] ^= 0x01
    return certificate(tbs, algorithm, bytes(signature))


# ---------------------------------------------------------------------------------------------
# Certificates.

class Authority:
    """What issuing needs: a name and a key."""

    def __init__(self, key_name, subject):
        self.key_name = key_name
        self.subject = subject

    @property
    def key(self):
        return key(self.key_name)


class Cert(Authority):
    """A certificate, which can also issue under its subject name and key."""

    def __init__(self, der, key_name, subject):
        super().__init__(key_name, subject)
        self.der = der
        self.cert = x509.load_der_x509_certificate(der)
        assert self.cert.public_bytes(serialization.Encoding.DER) == der

    @property
    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


def name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ckbcrypto test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def serial_for(label):
    """A fixed positive serial of at most 16 bytes, from the certificate's label."""
    return (int.from_bytes(hashlib.sha256(("ckbcrypto-x509/serial/" + label).encode()).digest()[:16], "big") >> 1) or 1


def ski(key_name):
    return x509.SubjectKeyIdentifier.from_public_key(key(key_name).public_key())


def aki(key_name):
    return x509.AuthorityKeyIdentifier(ski(key_name).digest, None, None)


_certs = {}
_serials = {}


def issue(label, subject, key_name, issuer, not_before, not_after, extensions, sign="sha256",
          issuer_name=None, signer=None):
    """Makes (once per label) the certificate `label` for key `key_name`, issued by the Authority
    `issuer` (None: self-signed). issuer_name and signer override the issuer's name and signing key.
    sign: "sha256" (PKCS#1 v1.5), "pss" (RSASSA-PSS SHA-256, salt 32), "sha1", or "flipped"
    (PKCS#1 v1.5 SHA-256 with one byte of the signature changed)."""
    if label in _certs:
        return _certs[label]
    issuer_key_name = signer or (issuer.key_name if issuer else key_name)
    issuer_name = issuer_name or (issuer.subject if issuer else subject)
    signing_key = key(issuer_key_name)
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer_name)
               .public_key(key(key_name).public_key())
               .serial_number(serial_for(label))
               .not_valid_before(not_before)
               .not_valid_after(not_after))
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical)
    if sign == "pss":
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        der = builder.sign(signing_key, hashes.SHA256(), rsa_padding=pss).public_bytes(serialization.Encoding.DER)
        der = pss_resign(der, signing_key, label)
    else:
        der = builder.sign(signing_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
        if sign == "sha1":
            der = sha1_resign(der, signing_key)
        elif sign == "flipped":
            der = flip_signature_byte(der)
        else:
            assert sign == "sha256", sign
    cert = Cert(der, key_name, subject)
    check_signature(cert, signing_key.public_key(), sign, sign != "flipped")
    if signer is not None:
        named_issuer_key = key(issuer.key_name if issuer else key_name).public_key()
        check_signature(cert, named_issuer_key, sign, False)
    previous = _serials.setdefault((issuer_name.rfc4514_string(), cert.cert.serial_number), der)
    assert previous == der, f"two certificates from one issuer share a serial ({label})"
    _certs[label] = cert
    return cert


def check_signature(cert, public_key, sign, expected):
    """Whether the signature verifies under public_key is `expected`."""
    c = cert.cert
    if sign == "pss":
        pad, algorithm = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
        assert c.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.10"
    elif sign == "sha1":
        pad, algorithm = padding.PKCS1v15(), hashes.SHA1()
        assert c.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.5"
    else:
        pad, algorithm = padding.PKCS1v15(), hashes.SHA256()
        assert c.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.11"
    try:
        public_key.verify(c.signature, c.tbs_certificate_bytes, pad, algorithm)
        verified = True
    except InvalidSignature:
        verified = False
    assert verified == expected, "a signature does not verify as intended"


KU_CA = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                      data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                      encipher_only=False, decipher_only=False)
KU_CA_NO_CERT_SIGN = x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                   data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                   crl_sign=True, encipher_only=False, decipher_only=False)
KU_LEAF = x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                        encipher_only=False, decipher_only=False)

UNKNOWN_EXTENSION_OID = ObjectIdentifier("1.3.6.1.4.1.32473.1.1")  # RFC 5612's documentation arc


def ca_extensions(key_name, issuer_key_name, basic=True, ca=True, path_length=None, key_usage=KU_CA,
                  name_constraints=None):
    """Critical basicConstraints and keyUsage, SKI, and (unless self-signed) AKI."""
    extensions = []
    if basic:
        extensions.append((x509.BasicConstraints(ca=ca, path_length=path_length), True))
    extensions.append((key_usage, True))
    extensions.append((ski(key_name), False))
    if issuer_key_name is not None:
        extensions.append((aki(issuer_key_name), False))
    if name_constraints is not None:
        extensions.append((name_constraints, True))
    return extensions


def leaf_extensions(issuer_key_name, san, eku=(ExtendedKeyUsageOID.SERVER_AUTH,), key_name="leaf", extra=()):
    extensions = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (KU_LEAF, True),
        (x509.ExtendedKeyUsage(list(eku)), False),
        (x509.SubjectAlternativeName(san), False),
        (ski(key_name), False),
        (aki(issuer_key_name), False),
    ]
    return extensions + list(extra)


def dns(*names):
    return [x509.DNSName(n) for n in names]


ROOT_NAME = name("ckbcrypto Test Root CA")
ICA_NAME = name("ckbcrypto Test Intermediate CA")
ICA2_NAME = name("ckbcrypto Test Issuing CA 2")

CA_BEFORE, CA_AFTER = day(2025, 1, 1), day(2031, 1, 1)
LEAF_BEFORE, LEAF_AFTER = day(2026, 1, 1), day(2027, 1, 1)


def root():
    return issue("root", ROOT_NAME, "root", None, day(2025, 1, 1), day(2036, 1, 1), ca_extensions("root", None))


def ica(label="ica", sign="sha256", **ca_options):
    """The intermediate (key "ica", name ICA_NAME) issued by the root, with optional variations."""
    not_before = ca_options.pop("not_before", CA_BEFORE)
    not_after = ca_options.pop("not_after", CA_AFTER)
    return issue(label, ICA_NAME, "ica", root(), not_before, not_after, ca_extensions("ica", "root", **ca_options),
                 sign=sign)


def ica2(parent):
    """A second intermediate (key "ica2") below `parent` (any certificate for the "ica" key)."""
    assert parent.key_name == "ica"
    return issue("ica2", ICA2_NAME, "ica2", parent, CA_BEFORE, CA_AFTER, ca_extensions("ica2", "ica"))


def leaf(label, issuer, san=None, not_before=LEAF_BEFORE, not_after=LEAF_AFTER, key_name="leaf", sign="sha256",
         eku=(ExtendedKeyUsageOID.SERVER_AUTH,), extra=(), issuer_name=None, signer=None):
    san = dns("example.com") if san is None else san
    extensions = leaf_extensions(issuer.key_name, san, eku=eku, key_name=key_name, extra=extra)
    return issue(label, name("ckbcrypto test leaf " + label), key_name, issuer, not_before, not_after, extensions,
                 sign=sign, issuer_name=issuer_name, signer=signer)


def crl(number, issuer, revoked_serials):
    """A CRL from `issuer` (CRLNumber, AKI; thisUpdate before and nextUpdate after the validation time)."""
    builder = (x509.CertificateRevocationListBuilder()
               .issuer_name(issuer.subject)
               .last_update(day(2026, 5, 1))
               .next_update(day(2026, 7, 1))
               .add_extension(x509.CRLNumber(number), False)
               .add_extension(aki(issuer.key_name), False))
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(day(2026, 4, 1)).build())
    c = builder.sign(issuer.key, hashes.SHA256())
    assert c.is_signature_valid(issuer.key.public_key())
    return c.public_bytes(serialization.Encoding.PEM).decode()


# ---------------------------------------------------------------------------------------------
# Cases.

def shuffled(items, seed):
    """Fisher-Yates with a seeded generator; never the order given."""
    rng = random.Random("ckbcrypto-x509/shuffle/" + seed)
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = below(rng, i + 1)
        out[i], out[j] = out[j], out[i]
    return out if out != list(items) else out[::-1]


def peer_dns(value):
    return {"kind": "DNS", "value": value}


def peer_ip(value):
    return {"kind": "IP", "value": value}


def case(name_, description, expected, peer, trusted, intermediates, peer_name=peer_dns("example.com"),
         kind="SERVER", eku=("serverAuth",), max_chain_depth=None, crls=(), features=()):
    assert expected in ("SUCCESS", "FAILURE")
    return {
        "id": f"{NAMESPACE}::{name_}",
        "conflicts_with": [],
        "features": list(features),
        "importance": "undetermined",
        "description": description,
        "validation_kind": kind,
        "trusted_certs": [c.pem for c in trusted],
        "untrusted_intermediates": [c.pem for c in intermediates],
        "peer_certificate": peer.pem,
        "peer_certificate_key": None,
        "validation_time": VALIDATION_TIME_TEXT,
        "signature_algorithms": [],
        "key_usage": [],
        "extended_key_usage": list(eku),
        "expected_result": expected,
        "expected_peer_name": peer_name,
        "expected_peer_names": [],
        "max_chain_depth": max_chain_depth,
        "crls": list(crls),
    }


def cases():
    r, i = root(), ica()
    out = []
    add = out.append

    add(case("valid-chain",
             "A valid chain root -> intermediate -> leaf for example.com, checked for serverAuth; nothing is wrong, "
             "so it validates.",
             "SUCCESS", leaf("valid", i), [r], [i]))

    other_root = issue("other-root", name("ckbcrypto Unrelated Root CA"), "other", None, CA_BEFORE, CA_AFTER,
                       ca_extensions("other", None))
    decoy = issue("decoy-ica", ICA_NAME, "attacker", other_root, CA_BEFORE, CA_AFTER,
                  ca_extensions("attacker", "other"))
    sibling = issue("sibling-ica", name("ckbcrypto Test Sibling CA"), "ica2", r, CA_BEFORE, CA_AFTER,
                    ca_extensions("ica2", "root"))
    add(case("valid-chain-intermediate-pool",
             "The valid chain with its intermediate given in a shuffled pool with unrelated certificates: another "
             "CA of the same root, an untrusted root, and a decoy with the intermediate's name but another key "
             "(its SKI does not match the leaf's AKI). A path builder must pick the right issuer, so it validates.",
             "SUCCESS", leaf("pool", i), [r], shuffled([i, sibling, other_root, decoy], "pool")))

    i_pss = ica("ica-pss", sign="pss")
    add(case("valid-chain-rsassa-pss",
             "A valid chain whose intermediate and leaf are signed with RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32, "
             "parameters explicit as RFC 4055 requires); PSS is an accepted signature algorithm, so it validates.",
             "SUCCESS", leaf("pss", i_pss, sign="pss"), [r], [i_pss]))

    r4096 = issue("root-4096", name("ckbcrypto Test Root CA 4096"), "rsa4096", None, day(2025, 1, 1),
                  day(2036, 1, 1), ca_extensions("rsa4096", None))
    i4096 = issue("ica-under-4096", name("ckbcrypto Test Intermediate CA (4096 root)"), "ica", r4096, CA_BEFORE,
                  CA_AFTER, ca_extensions("ica", "rsa4096"))
    add(case("valid-chain-rsa4096-root",
             "A valid chain under an RSA-4096 root (the intermediate's signature is made with the 4096-bit key); "
             "larger keys are allowed, so it validates.",
             "SUCCESS", leaf("root4096", i4096), [r4096], [i4096]))

    add(case("leaf-expired",
             "The leaf's notAfter (2026-01-01) is before the validation time (2026-06-01); RFC 5280 6.1.3 (a)(2) "
             "requires the time to be within the validity period, so it fails.",
             "FAILURE", leaf("expired", i, not_before=day(2025, 1, 1), not_after=day(2026, 1, 1)), [r], [i]))

    add(case("leaf-not-yet-valid",
             "The leaf's notBefore (2026-07-01) is after the validation time (2026-06-01), so it is not yet valid "
             "and the chain fails.",
             "FAILURE", leaf("not-yet-valid", i, not_before=day(2026, 7, 1), not_after=day(2027, 7, 1)), [r], [i]))

    i_expired = ica("ica-expired", not_before=day(2024, 1, 1), not_after=day(2026, 5, 1))
    add(case("intermediate-expired",
             "The intermediate expired on 2026-05-01, before the validation time; every certificate of the path "
             "must be within its validity period, so it fails even though the leaf is current.",
             "FAILURE", leaf("under-expired-ica", i_expired), [r], [i_expired]))

    add(case("leaf-issuer-name-mismatch",
             "The leaf names \"ckbcrypto Other Intermediate CA\" as its issuer although the intermediate signed it "
             "(and its AKI matches); RFC 5280 6.1.3 (a)(4) requires the issuer name to equal the issuer's subject, "
             "so no path exists.",
             "FAILURE", leaf("wrong-issuer-name", i, issuer_name=name("ckbcrypto Other Intermediate CA")), [r], [i]))

    add(case("leaf-bad-signature",
             "One byte in the middle of the leaf's signature is changed, so the signature does not verify under the "
             "intermediate's key and the chain fails.",
             "FAILURE", leaf("bad-signature", i, sign="flipped"), [r], [i]))

    add(case("leaf-signed-by-wrong-key",
             "The leaf names the intermediate as issuer (name and AKI) but was signed by another key; the signature "
             "does not verify under the intermediate's key, so it fails.",
             "FAILURE", leaf("wrong-key", i, signer="attacker"), [r], [i]))

    i_not_ca = ica("ica-not-ca", ca=False)
    add(case("intermediate-not-ca",
             "The intermediate's basicConstraints says cA FALSE (its keyUsage still asserts keyCertSign); RFC 5280 "
             "6.1.4 (k) requires cA TRUE of every issuer in the path, so it fails.",
             "FAILURE", leaf("under-non-ca", i_not_ca), [r], [i_not_ca]))

    i_no_bc = ica("ica-no-basic-constraints", basic=False)
    add(case("intermediate-missing-basic-constraints",
             "The intermediate has no basicConstraints extension (keyUsage keyCertSign only); RFC 5280 6.1.4 (k) "
             "requires basicConstraints with cA TRUE in a v3 issuer, so it fails.",
             "FAILURE", leaf("under-no-bc", i_no_bc), [r], [i_no_bc]))

    i_pl0 = ica("ica-pathlen-0", path_length=0)
    i_pl1 = ica("ica-pathlen-1", path_length=1)
    i2 = ica2(i)
    below_i2 = leaf("under-ica2", i2)
    add(case("intermediate-pathlen-0-exceeded",
             "The first intermediate has pathLenConstraint 0 and a second intermediate follows it "
             "(root -> CA pathLen 0 -> CA -> leaf); one non-self-issued CA below it exceeds the limit "
             "(RFC 5280 6.1.4 (l)), so it fails.",
             "FAILURE", below_i2, [r], shuffled([i_pl0, i2], "pathlen-0")))
    add(case("intermediate-pathlen-1-ok",
             "The same two-intermediate chain with pathLenConstraint 1 on the first intermediate; one CA below it is "
             "allowed, so it validates.",
             "SUCCESS", below_i2, [r], shuffled([i_pl1, i2], "pathlen-1")))

    i_ku = ica("ica-keyusage-no-keycertsign", key_usage=KU_CA_NO_CERT_SIGN)
    add(case("intermediate-keyusage-without-keycertsign",
             "The intermediate's keyUsage has digitalSignature and cRLSign but not keyCertSign; RFC 5280 6.1.4 (n) "
             "forbids it to sign certificates, so it fails.",
             "FAILURE", leaf("under-ku-no-certsign", i_ku), [r], [i_ku]))

    unknown = x509.UnrecognizedExtension(UNKNOWN_EXTENSION_OID, b"\x05\x00")
    add(case("leaf-unknown-critical-extension",
             "The leaf carries a critical extension with an unrecognised OID (1.3.6.1.4.1.32473.1.1); RFC 5280 "
             "4.2 requires a certificate with a critical extension it cannot process to be rejected, so it fails.",
             "FAILURE", leaf("unknown-critical", i, extra=[(unknown, True)]), [r], [i]))
    add(case("leaf-unknown-noncritical-extension",
             "The leaf carries the same unrecognised extension, not critical; a non-critical extension that is not "
             "recognised may be ignored, so it validates.",
             "SUCCESS", leaf("unknown-noncritical", i, extra=[(unknown, False)]), [r], [i]))

    permit_dns = x509.NameConstraints(permitted_subtrees=dns("example.com"), excluded_subtrees=None)
    i_nc = ica("ica-nc-permit-example-com", name_constraints=permit_dns)
    add(case("nc-permitted-dns-match",
             "The intermediate permits only the DNS subtree example.com and the leaf's SAN is www.example.com, "
             "inside it, so it validates.",
             "SUCCESS", leaf("nc-permitted-ok", i_nc, san=dns("www.example.com")), [r], [i_nc],
             peer_name=peer_dns("www.example.com")))
    add(case("nc-permitted-dns-mismatch",
             "The intermediate permits only the DNS subtree example.com and the leaf's SAN is www.other.com, "
             "outside it (RFC 5280 6.1.3 (b)), so it fails.",
             "FAILURE", leaf("nc-permitted-violated", i_nc, san=dns("www.other.com")), [r], [i_nc],
             peer_name=peer_dns("www.other.com")))

    exclude_dns = x509.NameConstraints(permitted_subtrees=None, excluded_subtrees=dns("example.com"))
    i_nc_ex = ica("ica-nc-exclude-example-com", name_constraints=exclude_dns)
    add(case("nc-excluded-dns-match",
             "The intermediate excludes the DNS subtree example.com and the leaf's SAN is www.example.com, inside "
             "the excluded subtree (RFC 5280 6.1.3 (c)), so it fails.",
             "FAILURE", leaf("nc-excluded", i_nc_ex, san=dns("www.example.com")), [r], [i_nc_ex],
             peer_name=peer_dns("www.example.com")))

    permit_ip = x509.NameConstraints(permitted_subtrees=[x509.IPAddress(ipaddress.ip_network("192.0.2.0/24"))],
                                     excluded_subtrees=None)
    i_nc_ip = ica("ica-nc-permit-192-0-2-0", name_constraints=permit_ip)
    add(case("nc-permitted-ip-match",
             "The intermediate permits only the IP range 192.0.2.0/24 and the leaf's SAN is the IP address "
             "192.0.2.7, inside it, so it validates.",
             "SUCCESS", leaf("nc-ip-ok", i_nc_ip, san=[x509.IPAddress(ipaddress.ip_address("192.0.2.7"))]), [r],
             [i_nc_ip], peer_name=peer_ip("192.0.2.7")))
    add(case("nc-permitted-ip-mismatch",
             "The intermediate permits only the IP range 192.0.2.0/24 and the leaf's SAN is the IP address "
             "198.51.100.1, outside it, so it fails.",
             "FAILURE", leaf("nc-ip-violated", i_nc_ip, san=[x509.IPAddress(ipaddress.ip_address("198.51.100.1"))]),
             [r], [i_nc_ip], peer_name=peer_ip("198.51.100.1")))

    client_leaf = leaf("client-auth-only", i, eku=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    add(case("leaf-eku-client-auth-only",
             "The leaf's extendedKeyUsage is clientAuth only and the server validation asks for serverAuth, "
             "so it fails.",
             "FAILURE", client_leaf, [r], [i]))
    add(case("leaf-eku-client-auth-client-validation",
             "The same clientAuth-only leaf in a CLIENT validation that asks for clientAuth (no peer name); its "
             "EKU matches, so it validates.",
             "SUCCESS", client_leaf, [r], [i], peer_name=None, kind="CLIENT", eku=("clientAuth",)))

    add(case("peer-name-mismatch",
             "The leaf's only SAN is example.com and the expected peer name is example.org; no SAN matches, so "
             "it fails.",
             "FAILURE", leaf("name-mismatch", i), [r], [i], peer_name=peer_dns("example.org")))

    wildcard = leaf("wildcard", i, san=dns("*.example.com"))
    add(case("wildcard-san-matches-one-label",
             "The leaf's SAN is *.example.com and the expected name is www.example.com; the wildcard stands for "
             "exactly one leftmost label (RFC 6125 6.4.3), so it validates.",
             "SUCCESS", wildcard, [r], [i], peer_name=peer_dns("www.example.com")))
    add(case("wildcard-san-not-two-labels",
             "The leaf's SAN is *.example.com and the expected name is a.b.example.com; a wildcard does not match "
             "more than one label, so it fails.",
             "FAILURE", wildcard, [r], [i], peer_name=peer_dns("a.b.example.com")))
    add(case("wildcard-san-not-apex",
             "The leaf's SAN is *.example.com and the expected name is example.com; the wildcard needs a label "
             "to stand for, so it does not match the apex and it fails.",
             "FAILURE", wildcard, [r], [i], peer_name=peer_dns("example.com")))

    add(case("leaf-rsa-1024",
             "The leaf's key is RSA-1024; a strict policy (CA/Browser Forum, webpki) requires RSA keys of at least "
             "2048 bits, so it fails.",
             "FAILURE", leaf("rsa-1024", i, key_name="rsa1024"), [r], [i],
             features=["pedantic-webpki-subscriber-key"]))

    add(case("leaf-sha1-signature",
             "The leaf is signed with sha1WithRSAEncryption (the signature itself is correct); SHA-1 is refused "
             "for certificate signatures, so it fails.",
             "FAILURE", leaf("sha1", i, sign="sha1"), [r], [i]))

    add(case("max-chain-depth-exceeded",
             "The chain root -> CA -> CA -> leaf has two intermediates and max_chain_depth is 1 (at most one "
             "intermediate), so it fails.",
             "FAILURE", below_i2, [r], shuffled([i, i2], "max-depth-1"), max_chain_depth=1,
             features=["max-chain-depth"]))
    add(case("max-chain-depth-ok",
             "The same two-intermediate chain with max_chain_depth 2; two intermediates are allowed, so it "
             "validates.",
             "SUCCESS", below_i2, [r], shuffled([i, i2], "max-depth-2"), max_chain_depth=2,
             features=["max-chain-depth"]))

    loop_a_name, loop_b_name = name("ckbcrypto Loop CA A"), name("ckbcrypto Loop CA B")
    a_by_b = issue("loop-a-by-b", loop_a_name, "loop-a", Authority("loop-b", loop_b_name), CA_BEFORE, CA_AFTER,
                   ca_extensions("loop-a", "loop-b"))
    b_by_a = issue("loop-b-by-a", loop_b_name, "loop-b", Authority("loop-a", loop_a_name), CA_BEFORE, CA_AFTER,
                   ca_extensions("loop-b", "loop-a"))
    add(case("intermediate-loop",
             "The leaf's issuer CA A is in the pool only as certified by CA B, and CA B only as certified by CA A; "
             "neither leads to the trusted root, so path building must stop and fail.",
             "FAILURE", leaf("loop", a_by_b), [r], shuffled([a_by_b, b_by_a], "loop")))

    revoked = leaf("crl-revoked", i)
    add(case("crl-leaf-revoked",
             "The intermediate's CRL (CRLNumber, current at the validation time) lists the leaf's serial number, "
             "so the leaf is revoked and the chain fails.",
             "FAILURE", revoked, [r], [i], features=["has-crl"],
             crls=[crl(1, i, [serial_for("crl-other-leaf"), revoked.cert.serial_number])]))
    not_revoked = leaf("crl-not-revoked", i)
    add(case("crl-leaf-not-revoked",
             "The intermediate's CRL (CRLNumber, current at the validation time) lists another serial number but "
             "not the leaf's, so it validates.",
             "SUCCESS", not_revoked, [r], [i], features=["has-crl"],
             crls=[crl(2, i, [serial_for("crl-other-leaf")])]))
    return out


# ---------------------------------------------------------------------------------------------
# Output and checks.

FIELDS = ["id", "conflicts_with", "features", "importance", "description", "validation_kind", "trusted_certs",
          "untrusted_intermediates", "peer_certificate", "peer_certificate_key", "validation_time",
          "signature_algorithms", "key_usage", "extended_key_usage", "expected_result", "expected_peer_name",
          "expected_peer_names", "max_chain_depth", "crls"]


def self_check(data):
    ids = [c["id"] for c in data["testcases"]]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for c in data["testcases"]:
        assert list(c) == FIELDS, f"{c['id']}: fields differ from limbo's"
        assert datetime.datetime.fromisoformat(c["validation_time"].replace("Z", "+00:00")) == VALIDATION_TIME
        for pem in c["trusted_certs"] + c["untrusted_intermediates"] + [c["peer_certificate"]]:
            x509.load_pem_x509_certificate(pem.encode())
        for pem in c["crls"]:
            x509.load_pem_x509_crl(pem.encode())
    if not os.path.exists(SCHEMA):
        print(f"note: {os.path.relpath(SCHEMA, ROOT)} not found; the schema check is skipped", file=sys.stderr)
        return
    import jsonschema
    schema = json.load(open(SCHEMA))
    # The file is a set of $defs; the document is a Limbo.
    jsonschema.validate(data, {"$ref": "#/$defs/Limbo", "$defs": schema["$defs"]},
                        format_checker=jsonschema.FormatChecker())


# The published throwaway RSA-2048 key of Sources/CKBScripts/RSAFixtures.swift (signingKey2048):
# `ckbcrypto contracts` signs transactions with its private exponent, so the identity fixture's
# leaf carries this key. Only its public half is needed here.
PUBLISHED_LEAF_MODULUS = int(
    "afef4bb02fca149be16f05f2e1c33d6bf29f66006469ea856653f1da2b9c7188010cc65377d5ee71b927c02105517ad6"
    "51b7fdc4b540e53268547bd5ebc9c74d6fffa03b2c6c9475caadeba0a2813b60e5f7a27d4a4db5733433b36284d598b7"
    "b089918f74ff3d732610f1e788858517402cdfc1cadcd94694afab64d1cc4fe71a35c6600e457b3999fe4fb0a0a1b724"
    "a8b7f7293e01d3118b05990a538469193ba7ec9cab4ac6f622c69f73b50eedffba1d667cbc6159e3b6cdb33b14fdceed"
    "29770483716d742f00bde17e32d51f251bacecbef940f495c25226ef8fb74564f51069cd05604ff52bc27c5936de7227"
    "d40e842b11a89a35ce5acf89864fda23", 16)
IDENTITY_OUTPUT = os.path.join("Vectors", "x509", "identity.json")
IDENTITY_SWIFT = os.path.join("Sources", "CKBScripts", "X509Fixtures.swift")


def identity_swift(fixture):
    """The identity chain as Swift, so `ckbcrypto contracts` can measure x509_identity anywhere."""
    lines = ["// Generated by Tools/generate_x509_vectors.py: do not edit.", "import CKBBytes", "import CKBX509", "",
             "/// The identity fixture of `Vectors/x509/identity.json` (leaf first): an RSA-2048 chain whose leaf key",
             "/// is ``RSAFixtures/signingKey2048``, for measuring `x509_identity`.",
             "package enum X509Fixtures {",
             "    package static let validationTime = X509Time(parsing: \"%s\")!" % fixture["validation_time"],
             "    package static let chain: [Certificate] = ["]
    for pem in fixture["chain"]:
        der = x509.load_pem_x509_certificate(pem.encode()).public_bytes(serialization.Encoding.DER).hex()
        chunks = [der[i:i + 96] for i in range(0, len(der), 96)]
        lines.append("        try! Certificate(derEncoded: try! Hex.decode(")
        lines.append("            \"" + ("\"\n            + \"".join(chunks)) + "\")),")
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


def identity_fixture():
    """A three-certificate RSA-2048 identity chain (root, intermediate, a person's certificate
    with an email subjectAltName and the published leaf key), for x509_identity's measurement
    and tests."""
    public = rsa.RSAPublicNumbers(E, PUBLISHED_LEAF_MODULUS).public_key()
    extensions = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                       data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                       encipher_only=False, decipher_only=False), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]), False),
        (x509.SubjectAlternativeName([x509.RFC822Name("owner@example.com")]), False),
        (x509.SubjectKeyIdentifier.from_public_key(public), False),
        (aki("ica"), False),
    ]
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ckbcrypto test"),
                                        x509.NameAttribute(NameOID.COMMON_NAME, "Owner of a CKB cell")]))
               .issuer_name(ICA_NAME)
               .public_key(public)
               .serial_number(serial_for("identity"))
               .not_valid_before(LEAF_BEFORE)
               .not_valid_after(LEAF_AFTER))
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical)
    leaf_cert = builder.sign(key("ica"), hashes.SHA256())
    leaf_pem = leaf_cert.public_bytes(serialization.Encoding.PEM).decode()
    return {
        "description": "A person's RSA-2048 certificate (email owner@example.com) under the test intermediate "
                       "and root; the leaf key is RSAFixtures.signingKey2048, whose private exponent is published.",
        "validation_time": VALIDATION_TIME_TEXT,
        "chain": [leaf_pem, ica().pem, root().pem],
    }


def render(data):
    # As x509-limbo writes its files (indent 1), plus a final newline.
    return json.dumps(data, indent=1, ensure_ascii=True) + "\n"


def main():
    data = {"version": 1, "testcases": cases()}
    self_check(data)
    text = render(data)
    assert json.loads(text) == data
    fixture = identity_fixture()
    write_or_check(ROOT, {OUTPUT: text, IDENTITY_OUTPUT: render(fixture), IDENTITY_SWIFT: identity_swift(fixture)},
                   "Vectors/x509/ or X509Fixtures.swift differs from Tools/generate_x509_vectors.py")


if __name__ == "__main__":
    main()
