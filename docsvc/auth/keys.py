"""API key format and hashing.

A key looks like ``dsk_<prefix>_<secret>``: the prefix is stored in clear to find the row and to show the
key in lists; only a SHA-256 of the whole key is stored. Keys carry 256 bits of randomness, so a fast hash is
enough (slow password hashes protect low-entropy secrets), and comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

SCHEME = "dsk"


@dataclass(frozen=True, slots=True)
class NewKey:
    prefix: str
    secret_hash: str
    plaintext: str  # shown to the user once, never stored


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def generate_key() -> NewKey:
    prefix = secrets.token_hex(5)
    plaintext = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(prefix, hash_key(plaintext), plaintext)


def key_from_plaintext(plaintext: str) -> NewKey:
    """For DOCSVC_ADMIN_KEY: an operator-chosen key in our format."""
    prefix = parse_prefix(plaintext)
    if prefix is None:
        raise ValueError(f"an API key must look like {SCHEME}_<10 hex>_<secret of at least 24 characters>")
    return NewKey(prefix, hash_key(plaintext), plaintext)


def parse_prefix(plaintext: str) -> str | None:
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != 10 or len(parts[2]) < 24:
        return None
    if any(c not in "0123456789abcdef" for c in parts[1]):
        return None
    return parts[1]


def matches(plaintext: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_key(plaintext), secret_hash)
