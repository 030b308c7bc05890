#!/usr/bin/env python3
"""Independent verifier of an Evident organisation's log.

Shares no code with the Evident project: Python 3.11 standard library only, written from the specs.
It proves that anyone holding nothing but the server's verifier key can check the log:

  * the verifier key and its key ID            (C2SP signed-note, "Signatures", "Ed25519 signatures")
  * the checkpoint's Ed25519 signature         (C2SP signed-note; RFC 8032 §5.1.7, implemented here)
  * the checkpoint body                        (C2SP tlog-checkpoint, "Note text")
  * every entry's leaf hash and the tree root  (RFC 9162 §2.1.1)
  * inclusion proofs for a sample of entries   (RFC 9162 §2.1.3.2)
  * consistency with a checkpoint saved before (RFC 9162 §2.1.4.2), and with self-computed roots

Usage:
  verify_log.py --url http://127.0.0.1:8080 --org default --token TOKEN --vkey VKEY \
                [--previous FILE] [--save FILE] [--origin ORIGIN] [--page-size N]
  verify_log.py --self-test

Exit codes: 0 verified · 2 bad usage or invalid input · 4 HTTP or network error · 5 verification failed.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, NoReturn

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NETWORK = 4
EXIT_VERIFY = 5

HASH_SIZE = 32  # SHA-256 (RFC 9162 §2.1.1)
PAGE_SIZE = 1000  # entries asked per request; the server may answer with fewer
HTTP_TIMEOUT = 30.0


class UsageError(Exception):
    """Bad command line or invalid input (exit 2)."""


class NetworkError(Exception):
    """HTTP or network failure (exit 4)."""


class VerificationError(Exception):
    """The log, a checkpoint or a proof does not verify (exit 5)."""


def fail(message: str) -> NoReturn:
    raise VerificationError(message)


# ---------------------------------------------------------------------------------------------
# Ed25519 verification, RFC 8032 §5.1 (edwards25519), pure integer arithmetic.
# Not constant time: it only ever handles public data (keys, messages, signatures).
# ---------------------------------------------------------------------------------------------

# §5.1: p = 2^255 - 19, d = -121665/121666, L = 2^252 + 27742317777372353535851937790883648493.
ED_P = 2**255 - 19
ED_L = 2**252 + 27742317777372353535851937790883648493
ED_D = (-121665 * pow(121666, ED_P - 2, ED_P)) % ED_P
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)  # a square root of -1 (§5.1.3 step 3)

# A point in extended homogeneous coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, x*y = T/Z (§5.1.4).
Point = tuple[int, int, int, int]
ED_IDENTITY: Point = (0, 1, 1, 0)


def _ed_recover_x(y: int, sign: int) -> int | None:
    """x from y and the sign bit, §5.1.3 steps 2-4; None when no such point exists."""
    if y >= ED_P:
        return None  # §5.1.3 step 1: y must be below p
    u = (y * y - 1) % ED_P
    v = (ED_D * y * y + 1) % ED_P
    # Candidate root x = u v^3 (u v^7)^((p-5)/8)  (step 2).
    x = (u * pow(v, 3, ED_P) * pow(u * pow(v, 7, ED_P), (ED_P - 5) // 8, ED_P)) % ED_P
    vxx = (v * x * x) % ED_P
    if vxx == u:
        pass
    elif vxx == (-u) % ED_P:
        x = (x * ED_SQRT_M1) % ED_P
    else:
        return None  # step 3: u/v is not a square
    if x == 0 and sign == 1:
        return None  # step 4
    if x & 1 != sign:
        x = ED_P - x
    return x


def ed_decode_point(encoded: bytes) -> Point | None:
    """Decodes a 32-byte point encoding (§5.1.3), or None when it is not a valid point."""
    if len(encoded) != 32:
        return None
    n = int.from_bytes(encoded, "little")
    sign = n >> 255
    y = n & ((1 << 255) - 1)
    x = _ed_recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, (x * y) % ED_P)


def ed_encode_point(point: Point) -> bytes:
    """Encodes a point (§5.1.2): y little-endian with the low bit of x in the top bit."""
    x_, y_, z, _ = point
    zinv = pow(z, ED_P - 2, ED_P)
    x = (x_ * zinv) % ED_P
    y = (y_ * zinv) % ED_P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def ed_add(p1: Point, p2: Point) -> Point:
    """Point addition in extended coordinates, §5.1.4 (complete formulas, also for doubling)."""
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = ((y1 - x1) * (y2 - x2)) % ED_P
    b = ((y1 + x1) * (y2 + x2)) % ED_P
    c = (t1 * 2 * ED_D * t2) % ED_P
    dd = (z1 * 2 * z2) % ED_P
    e, f, g, h = b - a, dd - c, dd + c, b + a
    return ((e * f) % ED_P, (g * h) % ED_P, (f * g) % ED_P, (e * h) % ED_P)


def ed_mul(scalar: int, point: Point) -> Point:
    """[scalar]point by double-and-add."""
    result = ED_IDENTITY
    addend = point
    while scalar > 0:
        if scalar & 1:
            result = ed_add(result, addend)
        addend = ed_add(addend, addend)
        scalar >>= 1
    return result


def ed_equal(p1: Point, p2: Point) -> bool:
    """Projective equality: X1/Z1 == X2/Z2 and Y1/Z1 == Y2/Z2."""
    x1, y1, z1, _ = p1
    x2, y2, z2, _ = p2
    return (x1 * z2 - x2 * z1) % ED_P == 0 and (y1 * z2 - y2 * z1) % ED_P == 0


# §5.1: the base point B has y = 4/5 and a positive (even) x.
_ED_BY = (4 * pow(5, ED_P - 2, ED_P)) % ED_P
_ED_BX = _ed_recover_x(_ED_BY, 0)
assert _ED_BX is not None
ED_BASE: Point = (_ED_BX, _ED_BY, 1, (_ED_BX * _ED_BY) % ED_P)


def ed25519_public_from_seed(seed: bytes) -> bytes:
    """Public key of a 32-byte secret key, §5.1.5 (used by the self-test only)."""
    if len(seed) != 32:
        raise ValueError("Ed25519 secret keys are 32 bytes")
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8  # clear the 3 low bits and bit 255 ...
    a |= 1 << 254  # ... and set bit 254
    return ed_encode_point(ed_mul(a, ED_BASE))


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Ed25519 verification, RFC 8032 §5.1.7 (cofactored equation [8][S]B = [8]R + [8][k]A')."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    # Step 1: decode R and A' as points and S as an integer; reject S >= L (non-canonical, malleable).
    r_point = ed_decode_point(signature[:32])
    a_point = ed_decode_point(public_key)
    if r_point is None or a_point is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= ED_L:
        return False
    # Step 2: k = SHA-512(dom2(F, C) || R || A || PH(M)); for Ed25519 dom2 is empty and PH is the identity.
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % ED_L
    # Step 3: check the group equation, multiplied by the cofactor 8.
    left = ed_mul(8 * s, ED_BASE)
    right = ed_mul(8, ed_add(r_point, ed_mul(k, a_point)))
    return ed_equal(left, right)


# ---------------------------------------------------------------------------------------------
# C2SP signed-note verifier keys and notes (https://c2sp.org/signed-note).
# ---------------------------------------------------------------------------------------------

SIG_TYPE_ED25519 = 0x01  # signed-note "Signature types": Ed25519
SIG_LINE_PREFIX = "\u2014 "  # em dash U+2014 and a space (signed-note "Format")
MAX_SIGNATURES = 100  # the spec requires accepting at least 16; Go's sumdb/note caps at 100


def b64decode_strict(text: str) -> bytes | None:
    """Standard base64 with padding, rejecting any other character (RFC 4648 §4)."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    # Re-encoding must give the same text: rejects non-zero pad bits and other non-canonical forms.
    if base64.b64encode(raw).decode("ascii") != text:
        return None
    return raw


def valid_key_name(name: str) -> bool:
    """signed-note "Format": a key name is non-empty and has no Unicode space and no '+'."""
    return name != "" and "+" not in name and not any(ch.isspace() or ord(ch) < 0x20 for ch in name)


def key_id_for(name: str, public_key: bytes) -> int:
    """signed-note "Ed25519 signatures": key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([SIG_TYPE_ED25519]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


class VerifierKey:
    """A verifier key `<name>+<8 hex key ID>+<base64(0x01 || 32-byte Ed25519 public key)>`."""

    def __init__(self, text: str) -> None:
        text = text.strip()
        name, sep1, rest = text.partition("+")
        key_id_hex, sep2, key_b64 = rest.partition("+")  # base64 itself may contain '+'
        if not sep1 or not sep2:
            raise UsageError(f"vkey {text!r}: want <name>+<key id>+<base64 key>")
        if not valid_key_name(name):
            raise UsageError(f"vkey {text!r}: invalid key name")
        if len(key_id_hex) != 8 or any(c not in "0123456789abcdefABCDEF" for c in key_id_hex):
            raise UsageError(f"vkey {text!r}: key id is not 8 hex digits")
        typed = b64decode_strict(key_b64)
        if typed is None or len(typed) == 0:
            raise UsageError(f"vkey {text!r}: key is not base64")
        if typed[0] != SIG_TYPE_ED25519:
            raise UsageError(f"vkey {text!r}: key type 0x{typed[0]:02x} is not Ed25519 (0x01)")
        if len(typed) != 33:
            raise UsageError(f"vkey {text!r}: an Ed25519 key is 32 bytes, got {len(typed) - 1}")
        self.text = text
        self.name = name
        self.key_id = int(key_id_hex, 16)
        self.public_key = typed[1:]
        computed = key_id_for(name, self.public_key)
        if computed != self.key_id:
            raise UsageError(
                f"vkey {text!r}: key id {self.key_id:08x} does not match the key "
                f"(SHA-256(name || 0x0A || 0x01 || key)[:4] = {computed:08x})"
            )
        if ed_decode_point(self.public_key) is None:
            raise UsageError(f"vkey {text!r}: not a valid Ed25519 public key (RFC 8032 §5.1.3)")

    def label(self) -> str:
        return f"{self.name}+{self.key_id:08x}"


def open_note(note: str, keys: list[VerifierKey], what: str) -> tuple[str, VerifierKey]:
    """Parses a signed note and verifies it against `keys` (signed-note "Format" and "Signatures").

    The text is everything up to and including the newline before the last blank line. Signature lines
    from unknown keys are ignored; a signature from a known key (same name AND key ID) that does not
    verify rejects the note; at least one known key must have signed. Returns (text, signing key).
    """
    if any((ord(ch) < 0x20 and ch != "\n") or ch == "\ufffd" for ch in note):
        fail(f"{what}: note contains a control character or invalid UTF-8")
    split = note.rfind("\n\n")
    if split < 0:
        fail(f"{what}: note has no blank line before its signatures")
    text = note[: split + 1]
    block = note[split + 2 :]
    if block == "" or not block.endswith("\n"):
        fail(f"{what}: signature block must be one or more lines, each ending in a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        fail(f"{what}: more than {MAX_SIGNATURES} signatures")
    message = text.encode("utf-8")
    signed_by: VerifierKey | None = None
    seen_names = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith(SIG_LINE_PREFIX):
            fail(f"{what}: signature line {number} does not start with an em dash and a space")
        name, space, encoded = line[len(SIG_LINE_PREFIX) :].partition(" ")
        if not space or not valid_key_name(name):
            fail(f"{what}: signature line {number} is not '— <name> <base64>'")
        blob = b64decode_strict(encoded)
        if blob is None or len(blob) < 5:
            fail(f"{what}: signature line {number} is not the base64 of a key ID and a signature")
        key_id = int.from_bytes(blob[:4], "big")
        seen_names.append(f"{name}+{key_id:08x}")
        for key in keys:
            if key.name != name or key.key_id != key_id:
                continue
            if len(blob) != 4 + 64:
                fail(f"{what}: signature by {key.label()} is {len(blob) - 4} bytes, Ed25519 needs 64")
            if not ed25519_verify(key.public_key, message, blob[4:]):
                fail(f"{what}: Ed25519 signature by {key.label()} does not verify (RFC 8032 §5.1.7)")
            signed_by = signed_by or key
    if signed_by is None:
        wanted = ", ".join(k.label() for k in keys)
        fail(f"{what}: no signature from a trusted key ({wanted}); the note is signed by {', '.join(seen_names)}")
    return text, signed_by


class Checkpoint:
    """C2SP tlog-checkpoint note text: origin, decimal size, base64 root hash, then extension lines."""

    def __init__(self, text: str, what: str) -> None:
        if not text.endswith("\n"):
            fail(f"{what}: checkpoint text does not end in a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            fail(f"{what}: checkpoint needs origin, size and root hash lines")
        origin, size_line, root_line = lines[0], lines[1], lines[2]
        if origin == "":
            fail(f"{what}: empty origin line")
        if any(line == "" for line in lines[3:]):
            fail(f"{what}: empty extension line")
        # Size: ASCII decimal, no leading zeros (tlog-checkpoint "Note text").
        if not size_line.isascii() or not size_line.isdigit() or (len(size_line) > 1 and size_line[0] == "0"):
            fail(f"{what}: tree size {size_line!r} is not a decimal without leading zeros")
        root = b64decode_strict(root_line)
        if root is None or len(root) != HASH_SIZE:
            fail(f"{what}: root hash {root_line!r} is not the base64 of {HASH_SIZE} bytes")
        self.origin = origin
        self.size = int(size_line)
        self.root = root
        self.extensions = lines[3:]

    def describe(self) -> str:
        return f"origin {self.origin}, size {self.size}, root {base64.b64encode(self.root).decode()}"


# ---------------------------------------------------------------------------------------------
# Merkle tree hashing and proof verification, RFC 9162 §2.1.
# ---------------------------------------------------------------------------------------------


def leaf_hash(entry: bytes) -> bytes:
    """RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0))."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1: SHA-256(0x01 || MTH(left) || MTH(right))."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """k: the largest power of two smaller than n (n > 1), RFC 9162 §2.1.1."""
    return 1 << ((n - 1).bit_length() - 1)


def merkle_root(leaves: list[bytes], start: int = 0, end: int | None = None) -> bytes:
    """MTH(D[start:end]) from leaf hashes, RFC 9162 §2.1.1 (the empty tree hashes to SHA-256(''))."""
    if end is None:
        end = len(leaves)
    n = end - start
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[start]
    k = largest_power_of_two_below(n)
    return node_hash(merkle_root(leaves, start, start + k), merkle_root(leaves, start + k, end))


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> str | None:
    """RFC 9162 §2.1.3.2; returns None when the proof verifies, else the reason."""
    if index >= size:
        return f"leaf index {index} is not below the tree size {size}"
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return "proof is longer than the path from the leaf to the root"
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn != 0 and not fn & 1:  # LSB(fn) not set: shift until it is, or fn is 0
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        return "proof is shorter than the path from the leaf to the root"
    if r != root:
        return "recomputed root differs from the expected root"
    return None


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]) -> str | None:
    """RFC 9162 §2.1.4.2; returns None when the proof verifies, else the reason.

    Edge cases as in the reference implementations: equal sizes need an empty proof and equal roots; a
    proof from the empty tree is empty.
    """
    if first > second:
        return f"first size {first} is larger than second size {second}"
    if first == second:
        if proof:
            return "proof between equal sizes must be empty"
        return None if first_root == second_root else "roots differ for the same tree size"
    if first == 0:
        return None if not proof else "proof from the empty tree must be empty"
    if not proof:
        return "empty proof"  # §2.1.4.2 step 1
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)  # step 2: first is an exact power of two
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            return "proof is too long"
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn != 0 and not fn & 1:  # LSB(fn) not set: shift until it is, or fn is 0
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:  # step 7
        return "proof is too short"
    if fr != first_root:
        return "proof does not lead to the first root"
    if sr != second_root:
        return "proof does not lead to the second root"
    return None


# Reference proof generation (RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF), for the self-test only.


def _ref_path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n <= 1:
        return []
    k = largest_power_of_two_below(n)
    if m < k:
        return _ref_path(m, leaves[:k]) + [merkle_root(leaves[k:])]
    return _ref_path(m - k, leaves[k:]) + [merkle_root(leaves[:k])]


def _ref_subproof(m: int, leaves: list[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [merkle_root(leaves)]
    k = largest_power_of_two_below(n)
    if m <= k:
        return _ref_subproof(m, leaves[:k], complete) + [merkle_root(leaves[k:])]
    return _ref_subproof(m - k, leaves[k:], False) + [merkle_root(leaves[:k])]


# ---------------------------------------------------------------------------------------------
# HTTP client for the ledger endpoints (DESIGN §5 "Ledger endpoints").
# ---------------------------------------------------------------------------------------------


class LogClient:
    def __init__(self, base_url: str, org: str, token: str) -> None:
        self.base = base_url.rstrip("/")
        self.org = org
        self.token = token
        self.requests = 0

    def _get(self, path: str, params: dict[str, int] | None = None) -> tuple[bytes, str]:
        url = self.base + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {self.token}", "Accept": "*/*"})
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
                return response.read(), response.headers.get("content-type", "")
        except urllib.error.HTTPError as error:
            body = error.read()[:500].decode("utf-8", "replace").strip()
            raise NetworkError(f"GET {url}: HTTP {error.code} {error.reason}: {body}") from None
        except (urllib.error.URLError, OSError) as error:
            raise NetworkError(f"GET {url}: {getattr(error, 'reason', error)}") from None

    def _org_path(self, rest: str) -> str:
        return f"/api/v1/orgs/{urllib.parse.quote(self.org, safe='')}/log/{rest}"

    def _json(self, path: str, params: dict[str, int]) -> dict[str, Any]:
        body, _ = self._get(path, params)
        try:
            value = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            fail(f"GET {path}: response is not JSON ({error})")
        if not isinstance(value, dict):
            fail(f"GET {path}: response is not a JSON object")
        return value

    def server_keys(self) -> list[str]:
        body, _ = self._get("/api/v1/log/key")
        return [line for line in body.decode("utf-8", "replace").split("\n") if line]

    def checkpoint(self) -> str:
        body, content_type = self._get(self._org_path("checkpoint"))
        if not content_type.startswith("text/plain"):
            fail(f"checkpoint: content type is {content_type!r}, want text/plain")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            fail("checkpoint: note is not valid UTF-8")

    def entries(self, start: int, end: int) -> list[dict[str, Any]]:
        value = self._json(self._org_path("entries"), {"start": start, "end": end})
        entries = value.get("entries")
        if not isinstance(entries, list):
            fail(f"entries [{start}, {end}): response has no 'entries' array")
        return entries

    def _hashes(self, what: str, value: dict[str, Any]) -> list[bytes]:
        hashes = value.get("hashes")
        if not isinstance(hashes, list):
            fail(f"{what}: response has no 'hashes' array")
        out = []
        for i, h in enumerate(hashes):
            raw = parse_hex_hash(h)
            if raw is None:
                fail(f"{what}: hash {i} is not {HASH_SIZE} bytes of lowercase hex: {h!r}")
            out.append(raw)
        return out

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        what = f"inclusion proof for index {index} in size {size}"
        value = self._json(self._org_path("proofs/inclusion"), {"index": index, "size": size})
        if value.get("index") != index or value.get("size") != size:
            fail(f"{what}: response is for index {value.get('index')!r}, size {value.get('size')!r}")
        return self._hashes(what, value)

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        what = f"consistency proof from size {first} to {second}"
        value = self._json(self._org_path("proofs/consistency"), {"from": first, "to": second})
        if value.get("from") != first or value.get("to") != second:
            fail(f"{what}: response is from {value.get('from')!r} to {value.get('to')!r}")
        return self._hashes(what, value)


def parse_hex_hash(value: Any) -> bytes | None:
    if not isinstance(value, str) or len(value) != 2 * HASH_SIZE or value != value.lower():
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate member {key!r}")
        out[key] = value
    return out


# ---------------------------------------------------------------------------------------------
# The verification run.
# ---------------------------------------------------------------------------------------------


def sample_indices(size: int) -> list[int]:
    """Every index for small trees, else ~20 spread from the first to the last."""
    if size <= 64:
        return list(range(size))
    count = 20
    return sorted({round(i * (size - 1) / (count - 1)) for i in range(count)})


def consistency_sizes(size: int) -> list[int]:
    """A few sizes in 1..size-1: the smallest ones, powers of two, and some odd splits."""
    candidates = {1, 2, 3, 4, 5, 7, 8, size // 3, size // 2, size - 2, size - 1}
    power = 16
    while power < size:
        candidates.add(power)
        power *= 2
    return sorted(s for s in candidates if 1 <= s < size)[:12]


def fetch_leaves(client: LogClient, size: int, page_size: int, report: Callable[[str], None]) -> list[bytes]:
    """Pages through entries [0, size), checking indices, leaf hashes and entry contents."""
    leaves: list[bytes] = []
    pages = 0
    while len(leaves) < size:
        start = len(leaves)
        page = client.entries(start, min(size, start + page_size))
        pages += 1
        if not page:
            fail(f"entries: server returned no entries for [{start}, {size})")
        for item in page:
            i = len(leaves)
            if i >= size:
                fail(f"entries: server returned entries beyond the checkpoint size {size}")
            if not isinstance(item, dict):
                fail(f"entry {i}: not a JSON object in the entries response")
            if item.get("index") != i:
                fail(f"entry {i}: response lists index {item.get('index')!r} where {i} was expected")
            encoded = item.get("entry")
            raw = b64decode_strict(encoded) if isinstance(encoded, str) else None
            if raw is None:
                fail(f"entry {i}: 'entry' is not base64")
            computed = leaf_hash(raw)
            claimed = parse_hex_hash(item.get("leafHash"))
            if claimed is None:
                fail(f"entry {i}: 'leafHash' is not {HASH_SIZE} bytes of lowercase hex")
            if claimed != computed:
                fail(
                    f"entry {i}: leaf hash mismatch: server says {claimed.hex()}, "
                    f"SHA-256(0x00 || entry) = {computed.hex()} (RFC 9162 §2.1.1)"
                )
            check_entry(i, raw)
            leaves.append(computed)
    report(f"entries      {size} fetched in {pages} page(s); every leaf hash = SHA-256(0x00 || entry); all v=1 JSON objects")
    return leaves


def check_entry(i: int, raw: bytes) -> None:
    """DESIGN §3: an entry is a JSON object {"v":1, ...} (canonical JSON bytes)."""
    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=_reject_duplicate_keys)
    except (UnicodeDecodeError, ValueError) as error:
        fail(f"entry {i}: not UTF-8 JSON ({error})")
    if not isinstance(value, dict):
        fail(f"entry {i}: not a JSON object")
    version = value.get("v")
    if type(version) is not int or version != 1:
        fail(f"entry {i}: v is {version!r}, want 1")


def read_previous(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise UsageError(f"--previous {path}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"previous checkpoint {path}: not valid UTF-8")


def save_checkpoint(path: str, note: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".checkpoint-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(note.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def run(args: argparse.Namespace) -> int:
    def out(line: str) -> None:
        print(line, flush=True)

    keys = [VerifierKey(text) for text in args.vkey]
    names = {k.name for k in keys}
    for key in keys:
        out(f"vkey         {key.label()} Ed25519; key id = SHA-256(name || 0x0A || 0x01 || key)[:4] ok")
    expected_origin = args.origin
    if expected_origin is None:
        if len(names) != 1:
            raise UsageError("keys with different names: give --origin")
        expected_origin = f"{next(iter(names))}/{args.org}"  # DESIGN §3: origin `<server-origin>/<org>`
    previous_note = read_previous(args.previous) if args.previous else None

    client = LogClient(args.url, args.org, args.token)
    published = client.server_keys()
    for key in keys:
        if key.text not in published:
            out(f"note         {key.label()} is not among the keys the server publishes (trusting it anyway)")

    # 1. The checkpoint: signature (C2SP signed-note) and body (C2SP tlog-checkpoint).
    note = client.checkpoint()
    text, signer = open_note(note, keys, "checkpoint")
    checkpoint = Checkpoint(text, "checkpoint")
    if checkpoint.origin != expected_origin:
        fail(f"checkpoint: origin {checkpoint.origin!r} is not the expected {expected_origin!r}")
    out(f"checkpoint   {checkpoint.describe()}")
    out(f"signature    Ed25519 by {signer.label()} verifies (RFC 8032 §5.1.7)")
    size = checkpoint.size

    # 2. Every entry and the tree root (RFC 9162 §2.1.1).
    leaves = fetch_leaves(client, size, args.page_size, out) if size > 0 else []
    computed_root = merkle_root(leaves)
    if computed_root != checkpoint.root:
        fail(
            f"tree root mismatch: the checkpoint says {checkpoint.root.hex()}, the {size} entries hash to "
            f"{computed_root.hex()} (RFC 9162 §2.1.1)"
        )
    out(f"tree         root recomputed from the {size} entries equals the checkpoint root")

    # 3. Inclusion proofs for a sample (RFC 9162 §2.1.3.2).
    sample = sample_indices(size)
    for index in sample:
        proof = client.inclusion_proof(index, size)
        reason = verify_inclusion(index, size, leaves[index], proof, checkpoint.root)
        if reason is not None:
            fail(f"inclusion proof for index {index} in size {size} does not verify: {reason} (RFC 9162 §2.1.3.2)")
    out(f"inclusion    {len(sample)}/{size} sampled inclusion proofs verify")

    # 4. Consistency from sizes whose roots we computed ourselves (RFC 9162 §2.1.4.2).
    sizes = consistency_sizes(size)
    for first in sizes:
        proof = client.consistency_proof(first, size)
        first_root = merkle_root(leaves, 0, first)
        reason = verify_consistency(first, size, first_root, checkpoint.root, proof)
        if reason is not None:
            fail(f"consistency proof from size {first} to {size} does not verify: {reason} (RFC 9162 §2.1.4.2)")
    out(f"consistency  {len(sizes)} proofs from self-computed roots verify (sizes {', '.join(map(str, sizes)) or 'none'})")

    # 5. Consistency with the checkpoint saved before.
    if previous_note is not None:
        prev_text, prev_signer = open_note(previous_note, keys, f"previous checkpoint {args.previous}")
        previous = Checkpoint(prev_text, f"previous checkpoint {args.previous}")
        if previous.origin != checkpoint.origin:
            fail(f"previous checkpoint is for origin {previous.origin!r}, not {checkpoint.origin!r}")
        if previous.size > size:
            fail(
                f"log rollback: the previous checkpoint has size {previous.size}, the server's checkpoint only {size}"
            )
        if previous.size > 0 and previous.size < size:
            proof = client.consistency_proof(previous.size, size)
        else:
            proof = []
        reason = verify_consistency(previous.size, size, previous.root, checkpoint.root, proof)
        if reason is not None:
            fail(
                f"fork: the server's checkpoint (size {size}) is not consistent with the previous checkpoint "
                f"(size {previous.size}): {reason} (RFC 9162 §2.1.4.2)"
            )
        if previous.size > 0 and merkle_root(leaves, 0, previous.size) != previous.root:
            fail(f"fork: the first {previous.size} entries do not hash to the previous checkpoint's root")
        out(
            f"previous     signed by {prev_signer.label()}; size {previous.size} -> {size} consistent "
            f"(proof of {len(proof)} hashes verifies, prefix root recomputed)"
        )

    if args.save:
        save_checkpoint(args.save, note)
        out(f"saved        verified checkpoint to {args.save}")
    out(f"OK           log of {args.org} verified: {size} entries, {client.requests} requests")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Self-test against published vectors.
# ---------------------------------------------------------------------------------------------

# RFC 8032 §7.1, TEST 1-3: (secret key, public key, message, signature), hex.
RFC8032_VECTORS = [
    (
        "TEST 1",
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "TEST 2",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "TEST 3",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]

# The example note of golang.org/x/mod/sumdb/note (the origin of the C2SP signed-note format).
GO_NOTE_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_NOTE = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)

# The 8 leaf inputs of the RFC 6962 / RFC 9162 reference test vectors and the roots of their prefixes.
MERKLE_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
MERKLE_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def self_test() -> int:
    failures: list[str] = []
    passed = 0

    def check(ok: bool, what: str) -> None:
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(what)

    # Ed25519, RFC 8032 §7.1.
    for name, secret, public, message, signature in RFC8032_VECTORS:
        sk, pk, msg, sig = (bytes.fromhex(x) for x in (secret, public, message, signature))
        check(ed25519_public_from_seed(sk) == pk, f"{name}: public key from secret key")
        check(ed25519_verify(pk, msg, sig), f"{name}: signature verifies")
        check(not ed25519_verify(pk, msg + b"x", sig), f"{name}: other message rejected")
        bad = bytearray(sig)
        bad[5] ^= 0x01
        check(not ed25519_verify(pk, msg, bytes(bad)), f"{name}: altered R rejected")
        bad = bytearray(sig)
        bad[40] ^= 0x01
        check(not ed25519_verify(pk, msg, bytes(bad)), f"{name}: altered S rejected")
        s_plus_l = (int.from_bytes(sig[32:], "little") + ED_L).to_bytes(32, "little")
        check(not ed25519_verify(pk, msg, sig[:32] + s_plus_l), f"{name}: non-canonical S + L rejected")
    other_pk = bytes.fromhex(RFC8032_VECTORS[1][2])
    check(
        not ed25519_verify(other_pk, b"", bytes.fromhex(RFC8032_VECTORS[0][4])),
        "TEST 1 signature rejected under TEST 2's key",
    )

    # C2SP signed-note: key ID and note verification with the sumdb/note example.
    key = VerifierKey(GO_NOTE_VKEY)
    check(key.key_id == 0xC74F20A3, "signed-note: key id of PeterNeumann")
    text, _ = open_note(GO_NOTE, [key], "sumdb/note example")
    check(text.startswith("If you think") and text.endswith("problem is.\n"), "signed-note: text extracted")
    for label, mangled in [
        ("text altered", GO_NOTE.replace("answer", "Answer")),
        ("signature altered", GO_NOTE.replace("x08go", "x08gp")),
    ]:
        try:
            open_note(mangled, [key], label)
            check(False, f"signed-note: {label} rejected")
        except VerificationError:
            check(True, f"signed-note: {label} rejected")
    try:
        VerifierKey(GO_NOTE_VKEY.replace("c74f20a3", "c74f20a4"))
        check(False, "signed-note: wrong key id rejected")
    except UsageError:
        check(True, "signed-note: wrong key id rejected")

    # Merkle tree hashes and proofs, RFC 9162 §2.1.
    leaves = [leaf_hash(bytes.fromhex(x)) for x in MERKLE_LEAVES]
    for n in range(1, 9):
        check(merkle_root(leaves[:n]).hex() == MERKLE_ROOTS[n - 1], f"RFC 9162: root of {n} reference leaves")
    check(merkle_root([]).hex().startswith("e3b0c442"), "RFC 9162: empty tree hash")
    many = [leaf_hash(i.to_bytes(4, "big")) for i in range(70)]
    for n in range(1, len(many) + 1):
        tree = many[:n]
        root = merkle_root(tree)
        for m in range(n):
            proof = _ref_path(m, tree)
            check(verify_inclusion(m, n, tree[m], proof, root) is None, f"inclusion {m}/{n}")
            if proof:
                check(verify_inclusion(m, n, tree[m], proof[:-1], root) is not None, f"short inclusion {m}/{n}")
                tampered = [bytes(32)] + proof[1:]
                check(verify_inclusion(m, n, tree[m], tampered, root) is not None, f"tampered inclusion {m}/{n}")
            check(verify_inclusion(m, n, tree[m], proof + [root], root) is not None, f"long inclusion {m}/{n}")
        for m in range(1, n + 1):
            proof = _ref_subproof(m, tree, True) if m < n else []
            first_root = merkle_root(tree[:m])
            check(verify_consistency(m, n, first_root, root, proof) is None, f"consistency {m}->{n}")
            if m < n:
                check(verify_consistency(m, n, first_root, root, proof[:-1]) is not None, f"short consistency {m}->{n}")
                check(verify_consistency(m, n, bytes(32), root, proof) is not None, f"wrong first root {m}->{n}")
                check(verify_consistency(m, n, first_root, bytes(32), proof) is not None, f"wrong second root {m}->{n}")
                check(
                    verify_consistency(m, n, first_root, root, proof + [root]) is not None, f"long consistency {m}->{n}"
                )

    # Checkpoint body parsing (C2SP tlog-checkpoint).
    good = "example.com/log\n8\n" + base64.b64encode(bytes.fromhex(MERKLE_ROOTS[7])).decode() + "\n"
    check(Checkpoint(good, "t").size == 8, "tlog-checkpoint: parsed")
    for label, bad_text in [("leading zero", good.replace("\n8\n", "\n08\n")), ("short root", good.replace("XcnaeacG", "XcnaeacG"[:4]))]:
        try:
            Checkpoint(bad_text, label)
            check(False, f"tlog-checkpoint: {label} rejected")
        except VerificationError:
            check(True, f"tlog-checkpoint: {label} rejected")

    for what in failures:
        print(f"FAIL  {what}", file=sys.stderr)
    print(f"self-test: {passed} checks passed, {len(failures)} failed (RFC 8032 §7.1 TEST 1-3, signed-note, RFC 9162)")
    return EXIT_OK if not failures else EXIT_VERIFY


# ---------------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def main(argv: list[str]) -> int:
    parser = _Parser(description="Independently verify an Evident organisation's log with its verifier key.")
    parser.add_argument("--url", help="server base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--org", help="organisation")
    parser.add_argument("--token", help="API token, sent as 'Authorization: Bearer TOKEN'")
    parser.add_argument("--vkey", action="append", default=[], help="verifier key (repeat for rotated keys)")
    parser.add_argument("--origin", help="expected checkpoint origin (default: <vkey name>/<org>)")
    parser.add_argument("--previous", help="a checkpoint note saved before: the log must be consistent with it")
    parser.add_argument("--save", help="write the verified checkpoint note to this file")
    parser.add_argument("--page-size", type=int, default=PAGE_SIZE, help=f"entries asked per request (default {PAGE_SIZE})")
    parser.add_argument("--self-test", action="store_true", help="check the Ed25519 and Merkle code against vectors")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    missing = [f"--{name}" for name in ("url", "org", "token") if not getattr(args, name)]
    if not args.vkey:
        missing.append("--vkey")
    if missing:
        parser.error(f"missing {', '.join(missing)}")
    if args.page_size < 1:
        parser.error("--page-size must be at least 1")
    if not args.url.startswith(("http://", "https://")):
        parser.error("--url must start with http:// or https://")
    try:
        return run(args)
    except UsageError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except NetworkError as error:
        print(f"NETWORK ERROR  {error}", file=sys.stderr)
        return EXIT_NETWORK
    except VerificationError as error:
        print(f"VERIFICATION FAILED  {error}", file=sys.stderr)
        return EXIT_VERIFY


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
