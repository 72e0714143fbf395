"""Browser sessions: a random token in an HttpOnly cookie, only its SHA-256 in the database.

A session ends after 8 hours without a request or 12 hours after login, whichever comes first;
`expires_at` always holds the earlier of the two, so one comparison decides. Each session has
its own CSRF token, which pages put in their forms and scripts send as X-CSRF-Token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from fastapi import Request, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.config import Settings
from app.db import utcnow
from app.users.models import User, WebSession

SESSION_COOKIE = "pantau_session"
# Before login there is no session to hold a CSRF token, so the login and language forms
# compare their field with this cookie instead (double submit).
CSRF_COOKIE = "pantau_csrf"
IDLE_TIMEOUT = timedelta(hours=8)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# Moving the idle deadline on every request would make every page view a write.
_SEEN_RESOLUTION = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    """True when both are present and equal, compared in constant time."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def start(session: Session, *, user: User, now: datetime | None = None) -> tuple[WebSession, str]:
    """Open a session for `user`; returns it with the only copy of its cookie token."""
    now = now or utcnow()
    # Ended sessions are cleared here, at login, so the table stays the size of who is active.
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    web_session = WebSession(
        token_hash=_digest(token), user_id=user.id, csrf_token=new_csrf_token(),
        created_at=now, last_seen_at=now, expires_at=now + IDLE_TIMEOUT,
    )
    session.add(web_session)
    session.flush()
    return web_session, token


def find(session: Session, *, token: str | None,
         now: datetime | None = None) -> tuple[WebSession, User] | None:
    """The live session behind a cookie token and its user; None if unknown or ended."""
    if not token:
        return None
    now = now or utcnow()
    # An equality lookup on the digest: its timing reveals nothing about a 256-bit token.
    row = session.execute(
        select(WebSession, User).join(User, User.id == WebSession.user_id)
        .where(WebSession.token_hash == _digest(token))
    ).first()
    if row is None or row[0].expires_at <= now:
        return None
    web_session, user = row
    if now - web_session.last_seen_at >= _SEEN_RESOLUTION:
        web_session.last_seen_at = now
        web_session.expires_at = min(web_session.created_at + ABSOLUTE_TIMEOUT, now + IDLE_TIMEOUT)
    return web_session, user


def end(session: Session, *, web_session: WebSession, user: User) -> None:
    """Log out: the session's row goes, so its cookie opens nothing any more."""
    session.delete(web_session)
    session.flush()
    audit.record(session, action="logout", user_id=user.id, actor=user.username,
                 object_type="web_session", object_id=web_session.id)


def end_all(session: Session, *, user_id: int) -> int:
    """End every session of a user; returns how many there were."""
    result = session.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return result.rowcount or 0


def secure_cookies(request: Request, settings: Settings) -> bool:
    """Cookies are Secure when this request came over HTTPS or the site is published on HTTPS.

    Behind a TLS-terminating proxy the request itself arrives as plain HTTP, hence the setting.
    """
    return request.url.scheme == "https" or settings.public_base_url.startswith("https")


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=int(ABSOLUTE_TIMEOUT.total_seconds()),
                        path="/", secure=secure, httponly=True, samesite="lax")


def clear_session_cookie(response: Response, *, secure: bool) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="lax")


def set_csrf_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(CSRF_COOKIE, token, path="/", secure=secure, httponly=True,
                        samesite="lax")
