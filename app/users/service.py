"""Pokja accounts: creation, login with lockout, roles and deactivation; every change audited.

Audit entries describe a user by name, role, unit and status, never by password hash, and
tokens by name and public prefix, never by secret: the log is kept forever and read by many.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.db import utcnow, write_lock
from app.errors import Conflict, Invalid, NotFound, Unauthorized
from app.users import passwords, sessions, tokens
from app.users.models import ROLES, User

USERNAME_RE = re.compile(r"[a-z0-9._-]{3,64}")
MIN_PASSWORD = 10
# argon2 takes any length, but a megabyte-long "password" is an attack, not a choice.
MAX_PASSWORD = 1024
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
# The same words for every refusal, so a login attempt cannot tell which usernames exist.
LOGIN_FAILED = (
    f"unknown username or wrong password; after {MAX_FAILURES} failed attempts in a row an "
    f"account is locked for {LOCKOUT.seconds // 60} minutes"
)
# Who the log names when a change comes from the `pantau` command rather than a logged-in user.
CLI_ACTOR = "cli"


def describe(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: never the password hash."""
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "unit": user.unit, "active": user.active}


def _by(by: User | None) -> dict[str, Any]:
    return {"user_id": by.id, "actor": by.username} if by else {"user_id": None, "actor": CLI_ACTOR}


def _valid_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.fullmatch(name):
        raise Invalid(f"username {username!r}: use 3 to 64 characters from a-z, 0-9, '.', '_' "
                      "and '-'")
    return name


def _valid_role(role: str) -> str:
    if role not in ROLES:
        raise Invalid(f"role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def _valid_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"the password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise Invalid(f"the password may have at most {MAX_PASSWORD} characters")
    return password


def _optional_text(value: str | None, field: str) -> str | None:
    text = (value or "").strip()
    if len(text) > 200:
        raise Invalid(f"{field}: at most 200 characters")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise Invalid(f"{field}: control characters are not allowed")
    return text or None


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    unit: str | None = None,
    *,
    by: User | None = None,
) -> User:
    """Create an active account; Invalid for a bad field, Conflict for a taken username."""
    username = _valid_username(username)
    role = _valid_role(role)
    password_hash = passwords.hash_password(_valid_password(password))
    display_name = _optional_text(display_name, "display name") or username
    unit = _optional_text(unit, "unit")
    # SQLite: hold the write lock from the check to the insert, so the check stays true.
    write_lock(session)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"the username {username!r} is taken")
    user = User(username=username, display_name=display_name, role=role, unit=unit,
                password_hash=password_hash, active=True, created_at=utcnow(), failed_logins=0)
    session.add(user)
    session.flush()
    audit.record(session, action="user.create", **_by(by), object_type="user",
                 object_id=user.id, after=describe(user))
    return user


def get_or_raise(session: Session, user_id: int) -> User:
    """The user with this id, or NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user #{user_id}")
    return user


def get_by_username(session: Session, username: str) -> User:
    """The user with this username (any case), or NotFound."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def list_(session: Session) -> Sequence[User]:
    """Every account, active or not, by username."""
    return session.scalars(select(User).order_by(User.username)).all()


def authenticate(session: Session, username: str, password: str,
                 now: datetime | None = None) -> User:
    """The user whose password this is, or Unauthorized; counts failures and locks accounts.

    Every outcome spends one argon2 verification, whether the username exists, the account is
    locked or deactivated, so response times tell nothing.
    """
    now = now or utcnow()
    name = username.strip().lower()
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        passwords.spend_verify(password)
        _audit_unknown(session, name, now)
        raise Unauthorized(LOGIN_FAILED)
    matches = passwords.verify(user.password_hash, password)
    # Count on the freshest row, taken after the slow hash so the lock is held briefly: a
    # concurrent attempt may have counted a failure or locked the account meanwhile.
    _lock_user(session, user)
    if user.locked_until is not None and user.locked_until > now:
        _audit_failure(session, user, "locked", now)
    elif not matches:
        _count_failure(session, user, now)
    elif not user.active:
        _audit_failure(session, user, "inactive", now)
    else:
        _succeed(session, user, password, now)
        return user
    raise Unauthorized(LOGIN_FAILED)


def _lock_user(session: Session, user: User) -> None:
    write_lock(session)
    session.refresh(user, with_for_update=True)


def _audit_unknown(session: Session, name: str, now: datetime) -> None:
    # The log is append-only: a password typed into the username box would stay there for
    # good, so only a well-formed username is kept.
    actor = name if USERNAME_RE.fullmatch(name) else "?"
    audit.record(session, action="login.failure", user_id=None, actor=actor, object_type="user",
                 after={"reason": "unknown_user"}, at=now)


def _audit_failure(session: Session, user: User, reason: str, now: datetime) -> None:
    audit.record(session, action="login.failure", user_id=user.id, actor=user.username,
                 object_type="user", object_id=user.id,
                 after={"reason": reason, "failed_logins": user.failed_logins}, at=now)


def _count_failure(session: Session, user: User, now: datetime) -> None:
    user.failed_logins += 1
    _audit_failure(session, user, "wrong_password", now)
    if user.failed_logins >= MAX_FAILURES:
        # A fresh count once the lock ends: the owner gets the same number of tries again.
        user.locked_until = now + LOCKOUT
        user.failed_logins = 0
        audit.record(session, action="login.locked", user_id=user.id, actor=user.username,
                     object_type="user", object_id=user.id,
                     after={"locked_until": user.locked_until}, at=now)


def _succeed(session: Session, user: User, password: str, now: datetime) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit.record(session, action="login.success", user_id=user.id, actor=user.username,
                 object_type="user", object_id=user.id, at=now)


def _keep_an_admin(session: Session, user: User) -> None:
    """Conflict if `user` is the last active admin: nobody could manage accounts after them."""
    if user.role != "admin" or not user.active:
        return
    write_lock(session)
    # Locking every admin row serializes two admins demoting each other at the same moment.
    admins = session.scalars(
        select(User.id).where(User.role == "admin", User.active.is_(True)).with_for_update()
    ).all()
    if set(admins) <= {user.id}:
        raise Conflict(f"{user.username} is the last active admin; make another admin first")


def set_role(session: Session, user: User, role: str, *, by: User | None = None) -> User:
    """Give `user` another role; the last active admin keeps theirs."""
    role = _valid_role(role)
    if role == user.role:
        return user
    if role != "admin":
        _keep_an_admin(session, user)
    before = user.role
    user.role = role
    audit.record(session, action="user.update", **_by(by), object_type="user",
                 object_id=user.id, before={"role": before}, after={"role": role})
    return user


def set_active(session: Session, user: User, active: bool, *, by: User | None = None) -> User:
    """Activate or deactivate `user`; deactivating ends their browser sessions at once."""
    if active == user.active:
        return user
    after: dict[str, Any] = {"active": active}
    if not active:
        _keep_an_admin(session, user)
        after["sessions_ended"] = sessions.end_all(session, user_id=user.id)
    user.active = active
    audit.record(session, action="user.update", **_by(by), object_type="user",
                 object_id=user.id, before={"active": not active}, after=after)
    return user


def set_password(session: Session, user: User, password: str, *, by: User | None = None) -> User:
    """Replace the password; ends every session, revokes every token and lifts a lockout."""
    user.password_hash = passwords.hash_password(_valid_password(password))
    user.failed_logins = 0
    user.locked_until = None
    now = utcnow()
    after = {
        # Whoever knew the old password may have logged in or made a token with it.
        "sessions_ended": sessions.end_all(session, user_id=user.id),
        "tokens_revoked": tokens.revoke_all(session, user_id=user.id, now=now),
    }
    audit.record(session, action="user.password", **_by(by), object_type="user",
                 object_id=user.id, after=after, at=now)
    return user
