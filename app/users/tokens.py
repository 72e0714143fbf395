"""Personal bearer tokens: an API client acting as its user, for at most 90 days.

Shaped like partner keys (shown once, SHA-256 stored, found by a public prefix) but named
`pantauu_<prefix>_<secret>`, so neither kind is ever mistaken for the other.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.db import utcnow
from app.errors import Invalid, Unauthorized
from app.users.models import User, UserToken

TOKEN_PREFIX = "pantauu"
DEFAULT_DAYS = 30
MAX_DAYS = 90
_LAST_USED_RESOLUTION = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(session: Session, *, user: User, name: str = "API token", days: int = DEFAULT_DAYS,
           now: datetime | None = None) -> tuple[UserToken, str]:
    """Create a token for `user`; returns it with the only copy of its secret."""
    name = name.strip()
    if not name or len(name) > 200:
        raise Invalid("a token needs a name of 1 to 200 characters")
    if not 1 <= days <= MAX_DAYS:
        raise Invalid(f"a token lives 1 to {MAX_DAYS} days, not {days}")
    now = now or utcnow()
    # 48 bits: prefixes are unique, and a collision among a pokja's tokens is out of reach.
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    row = UserToken(user_id=user.id, name=name, prefix=prefix, token_hash=_digest(token),
                    created_at=now, expires_at=now + timedelta(days=days))
    session.add(row)
    session.flush()
    audit.record(session, action="token.create", user_id=user.id, actor=user.username,
                 object_type="user_token", object_id=row.id,
                 after={"name": name, "prefix": prefix, "expires_at": row.expires_at}, at=now)
    return row, token


def authenticate(session: Session, *, token: str | None,
                 now: datetime | None = None) -> tuple[UserToken, User]:
    """The live token behind a bearer string and its user, or Unauthorized."""
    # The secret part is urlsafe base64, which may itself contain "_".
    parts = (token or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise Unauthorized("missing or malformed personal token: send "
                           "'Authorization: Bearer pantauu_...' (POST /api/v1/auth/token)")
    row = session.execute(
        select(UserToken, User).join(User, User.id == UserToken.user_id)
        .where(UserToken.prefix == parts[1])
    ).first()
    if row is None or not hmac.compare_digest(row[0].token_hash, _digest(token or "")):
        raise Unauthorized("unknown personal token")
    user_token, user = row
    now = now or utcnow()
    if user_token.revoked_at is not None:
        raise Unauthorized("this personal token was revoked")
    if user_token.expires_at <= now:
        raise Unauthorized("this personal token has expired; create a new one")
    if user_token.last_used_at is None or now - user_token.last_used_at > _LAST_USED_RESOLUTION:
        user_token.last_used_at = now
    return user_token, user


def revoke(session: Session, *, user_token: UserToken, by: User,
           now: datetime | None = None) -> None:
    """Revoke one token; revoking it again changes nothing."""
    if user_token.revoked_at is not None:
        return
    user_token.revoked_at = now or utcnow()
    audit.record(session, action="token.revoke", user_id=by.id, actor=by.username,
                 object_type="user_token", object_id=user_token.id,
                 after={"name": user_token.name, "prefix": user_token.prefix},
                 at=user_token.revoked_at)


def revoke_all(session: Session, *, user_id: int, now: datetime) -> int:
    """Revoke every live token of a user; returns how many there were."""
    result = session.execute(
        update(UserToken)
        .where(UserToken.user_id == user_id, UserToken.revoked_at.is_(None),
               UserToken.expires_at > now)
        .values(revoked_at=now)
    )
    return result.rowcount or 0
