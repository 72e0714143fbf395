"""Password hashing with argon2id: what people choose gets a slow, salted, memory-hard hash."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults follow RFC 9106's second recommendation (t=3, 64 MiB, p=4). Raising
# them later is safe: needs_rehash() upgrades each stored hash at its owner's next login.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """True when `password` matches; a malformed stored hash is a mismatch, not an error."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    # Made on first use rather than at import, so commands that never log anyone in don't pay.
    return _hasher.hash(secrets.token_hex(16))


def spend_verify(password: str) -> None:
    """Do the work of one verification for a login that has no real hash to check.

    An unknown username must cost as long as a wrong password, or response times would tell
    which usernames exist.
    """
    verify(_dummy_hash(), password)
