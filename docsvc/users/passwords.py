"""Argon2id password hashing (argon2-cffi's defaults follow RFC 9106's recommended low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # type ID (argon2id) by default
MIN_LENGTH = 10
# Verifying against this when the e-mail is unknown makes "no such user" cost as long as "wrong password".
_DUMMY = _HASHER.hash("docsvc-no-such-user")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, stored: str | None) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def check_strength(password: str) -> str | None:
    """Why ``password`` is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"the password needs at least {MIN_LENGTH} characters"
    if len(password) > 1024:
        return "the password is longer than 1024 characters"
    return None
