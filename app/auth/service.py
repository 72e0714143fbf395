"""Partner API keys: shown once, stored as a SHA-256 digest, found by a public prefix.

Keys carry 192 random bits, so a fast digest is enough; slow password hashes (argon2) are for
what people choose, not for what we generate.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import ApiKey
from app.db import utcnow
from app.errors import Forbidden, Invalid, Unauthorized

SCOPES = {
    "flags:read": "read flagged posts",
    "posts:read": "read any stored post",
    "imports:write": "upload browser captures",
}
KEY_PREFIX = "pantau"
_LAST_USED_RESOLUTION = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(*, session: Session, name: str, scopes: Sequence[str]) -> tuple[ApiKey, str]:
    """Create a key; returns it with the only copy of its secret."""
    name = name.strip()
    if not name or len(name) > 200:
        raise Invalid("a key needs a name of 1 to 200 characters")
    unknown = sorted(set(scopes) - SCOPES.keys())
    if unknown or not scopes:
        raise Invalid(f"unknown or missing scope {unknown}; choose from {', '.join(SCOPES)}")
    prefix = secrets.token_hex(4)
    token = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(24)}"
    key = ApiKey(
        name=name, prefix=prefix, key_hash=_digest(token),
        scopes=sorted(set(scopes)), created_at=utcnow(),
    )
    session.add(key)
    session.flush()
    return key, token


def authenticate(*, session: Session, token: str | None) -> ApiKey:
    """The live key behind a bearer token, or Unauthorized."""
    # The secret part is urlsafe base64, which may itself contain "_".
    parts = (token or "").split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise Unauthorized("missing or malformed API key: send 'Authorization: Bearer <key>'")
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    if key is None or not hmac.compare_digest(key.key_hash, _digest(token or "")):
        raise Unauthorized("unknown API key")
    if key.revoked_at is not None:
        raise Unauthorized("this API key was revoked")
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at > _LAST_USED_RESOLUTION:
        key.last_used_at = now
    return key


def require_scope(key: ApiKey, *scopes: str) -> None:
    """Forbidden unless the key holds one of `scopes`."""
    if not set(scopes) & set(key.scopes):
        raise Forbidden(f"this key lacks the scope {' or '.join(scopes)}")
