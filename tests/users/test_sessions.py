"""Browser sessions on a real database: hashed tokens, idle and absolute timeouts, logout."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.db import utcnow
from app.users import sessions
from app.users.models import WebSession
from tests.users.builders import make_user


def test_a_session_is_found_by_its_token_and_stores_only_a_hash(session: Session) -> None:
    user = make_user(session, "ana")
    web_session, token = sessions.start(session, user=user)
    assert token not in (web_session.token_hash, web_session.csrf_token)
    assert len(web_session.token_hash) == 64 and len(web_session.csrf_token) >= 43
    assert sessions.find(session, token=token) == (web_session, user)
    assert sessions.find(session, token=token + "x") is None
    assert sessions.find(session, token=None) is None
    other, _ = sessions.start(session, user=user)
    assert other.csrf_token != web_session.csrf_token


def test_eight_idle_hours_end_a_session(session: Session) -> None:
    now = utcnow()
    user = make_user(session, "ana")
    _, idle = sessions.start(session, user=user, now=now)
    _, busy = sessions.start(session, user=user, now=now)
    assert sessions.find(session, token=busy, now=now + timedelta(hours=1))
    assert sessions.find(session, token=idle, now=now + timedelta(hours=8)) is None
    # The request at one hour moved the busy session's idle deadline to nine hours.
    assert sessions.find(session, token=busy, now=now + timedelta(hours=8, minutes=59))


def test_twelve_hours_end_a_session_however_busy(session: Session) -> None:
    now = utcnow()
    _, token = sessions.start(session, user=make_user(session, "ana"), now=now)
    for hour in range(1, 12):
        assert sessions.find(session, token=token, now=now + timedelta(hours=hour))
    assert sessions.find(session, token=token, now=now + timedelta(hours=12)) is None


def test_requests_within_minutes_do_not_write(session: Session) -> None:
    now = utcnow()
    web_session, token = sessions.start(session, user=make_user(session, "ana"), now=now)
    sessions.find(session, token=token, now=now + timedelta(minutes=2))
    assert web_session.last_seen_at == now and not session.dirty


def test_logout_deletes_the_row_and_is_audited(session: Session) -> None:
    user = make_user(session, "ana")
    web_session, token = sessions.start(session, user=user)
    sessions.end(session, web_session=web_session, user=user)
    assert sessions.find(session, token=token) is None
    assert session.scalar(select(func.count()).select_from(WebSession)) == 0
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "logout")).one()
    assert (entry.user_id, entry.object_type) == (user.id, "web_session")


def test_ended_sessions_are_cleared_at_the_next_login(session: Session) -> None:
    user = make_user(session, "ana")
    now = utcnow()
    sessions.start(session, user=user, now=now - timedelta(hours=13))
    live, _ = sessions.start(session, user=user, now=now - timedelta(hours=1))
    sessions.start(session, user=user, now=now)
    ids = set(session.scalars(select(WebSession.id)).all())
    assert len(ids) == 2 and live.id in ids
