"""Accounts on a real database: validation, login and lockout, role and status changes, audit."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.models import AuditEntry
from app.db import utcnow
from app.errors import Conflict, Invalid, Unauthorized
from app.users import service as users_service
from app.users import sessions, tokens
from app.users.models import User, UserToken, WebSession
from tests.users.builders import PASSWORD, make_user


def _actions(session: Session) -> list[str]:
    return session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def _last(session: Session, action: str) -> AuditEntry:
    return session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                           .order_by(AuditEntry.id.desc())).first()


def test_create_user_stores_a_hash_and_audits_without_it(session: Session) -> None:
    user = make_user(session, "Budi.Santoso", role="coordinator", display_name="Budi Santoso",
                     unit="Bawaslu Kota Bekasi")
    assert user.username == "budi.santoso" and user.active and user.failed_logins == 0
    assert user.password_hash.startswith("$argon2id$")
    entry = _last(session, "user.create")
    assert entry.object_id == str(user.id) and entry.actor == "cli" and entry.user_id is None
    assert entry.after == {"username": "budi.santoso", "display_name": "Budi Santoso",
                           "role": "coordinator", "unit": "Bawaslu Kota Bekasi", "active": True}


def test_display_name_defaults_to_the_username(session: Session) -> None:
    assert make_user(session, "ana", display_name="  ").display_name == "ana"


@pytest.mark.parametrize(("fields", "message"), [
    ({"username": "ab"}, "3 to 64"),
    ({"username": "x" * 65}, "3 to 64"),
    ({"username": "ana smith"}, "3 to 64"),
    ({"username": "ana@bawaslu"}, "3 to 64"),
    ({"role": "superuser"}, "choose one of reviewer, coordinator, admin"),
    ({"password": "short-pw1"}, "at least 10"),
    ({"password": "x" * 1025}, "at most 1024"),
    ({"display_name": "Ana\x1b[31m"}, "control characters"),
    ({"unit": "u" * 201}, "at most 200"),
])
def test_create_user_refuses_bad_fields(session: Session, fields: dict, message: str) -> None:
    args = {"username": "ana", "role": "reviewer", "password": PASSWORD} | fields
    with pytest.raises(Invalid, match=message):
        users_service.create_user(session, **args)
    assert session.scalar(select(User)) is None


def test_a_taken_username_is_a_conflict_in_any_case(session: Session) -> None:
    make_user(session, "ana")
    with pytest.raises(Conflict, match="taken"):
        make_user(session, "ANA")


def test_login_succeeds_resets_failures_and_is_audited(session: Session) -> None:
    user = make_user(session, "ana")
    now = utcnow()
    with pytest.raises(Unauthorized):
        users_service.authenticate(session, "ana", "wrong password", now)
    assert user.failed_logins == 1
    assert users_service.authenticate(session, " ANA ", PASSWORD, now) is user
    assert user.failed_logins == 0 and user.last_login_at == now
    assert _actions(session)[-2:] == ["login.failure", "login.success"]
    assert _last(session, "login.failure").after == {"reason": "wrong_password",
                                                     "failed_logins": 1}


def test_login_upgrades_a_hash_made_with_weaker_parameters(session: Session) -> None:
    user = make_user(session, "ana")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    user.password_hash = weak
    session.flush()
    users_service.authenticate(session, "ana", PASSWORD)
    assert user.password_hash != weak and user.password_hash.startswith("$argon2id$v=19$m=65536")
    assert users_service.authenticate(session, "ana", PASSWORD) is user


def test_five_failures_lock_the_account_for_fifteen_minutes(session: Session) -> None:
    user = make_user(session, "ana")
    now = utcnow()
    for _ in range(5):
        with pytest.raises(Unauthorized, match="unknown username or wrong password"):
            users_service.authenticate(session, "ana", "wrong password", now)
    assert user.locked_until == now + timedelta(minutes=15)
    assert _last(session, "login.locked").after == {"locked_until": user.locked_until.isoformat()}
    # The right password changes nothing while the lock holds, and says nothing different.
    for later in (now + timedelta(minutes=1), now + timedelta(minutes=14, seconds=59)):
        with pytest.raises(Unauthorized, match="unknown username or wrong password"):
            users_service.authenticate(session, "ana", PASSWORD, later)
    assert _last(session, "login.failure").after["reason"] == "locked"
    assert users_service.authenticate(session, "ana", PASSWORD, now + timedelta(minutes=15))
    assert user.locked_until is None and user.failed_logins == 0


def test_after_a_lock_ends_the_count_starts_again(session: Session) -> None:
    user = make_user(session, "ana")
    now = utcnow()
    for _ in range(5):
        with pytest.raises(Unauthorized):
            users_service.authenticate(session, "ana", "wrong password", now)
    later = now + timedelta(minutes=16)
    for _ in range(4):
        with pytest.raises(Unauthorized):
            users_service.authenticate(session, "ana", "wrong password", later)
    assert user.failed_logins == 4 and user.locked_until == now + timedelta(minutes=15)
    with pytest.raises(Unauthorized):
        users_service.authenticate(session, "ana", "wrong password", later)
    assert user.locked_until == later + timedelta(minutes=15)


def test_failures_count_across_committed_transactions(session_factory) -> None:
    with session_factory() as s:
        make_user(s, "ana")
        s.commit()
    for _ in range(5):
        with session_factory() as s:
            with pytest.raises(Unauthorized):
                users_service.authenticate(s, "ana", "wrong password")
            s.commit()
    with session_factory() as s:
        assert users_service.get_by_username(s, "ana").locked_until is not None
        assert _actions(s).count("login.failure") == 5 and "login.locked" in _actions(s)


def test_unknown_user_is_refused_alike_and_audited_by_a_well_formed_name(
    session: Session,
) -> None:
    with pytest.raises(Unauthorized, match="unknown username or wrong password"):
        users_service.authenticate(session, "nobody", PASSWORD)
    entry = _last(session, "login.failure")
    assert (entry.actor, entry.user_id, entry.after) == ("nobody", None,
                                                         {"reason": "unknown_user"})
    # Someone typed their password into the username box: the log must not keep it.
    with pytest.raises(Unauthorized):
        users_service.authenticate(session, "Rahasia Kantor 2024!", PASSWORD)
    assert _last(session, "login.failure").actor == "?"


def test_a_deactivated_account_cannot_log_in(session: Session) -> None:
    user = make_user(session, "ana")
    users_service.set_active(session, user, False)
    with pytest.raises(Unauthorized, match="unknown username or wrong password"):
        users_service.authenticate(session, "ana", PASSWORD)
    assert _last(session, "login.failure").after["reason"] == "inactive"
    assert user.failed_logins == 0


def test_role_and_status_changes_are_audited_with_before_and_after(session: Session) -> None:
    admin = make_user(session, "root", role="admin")
    user = make_user(session, "ana")
    users_service.set_role(session, user, "coordinator", by=admin)
    entry = _last(session, "user.update")
    assert (entry.actor, entry.user_id) == ("root", admin.id)
    assert (entry.before, entry.after) == ({"role": "reviewer"}, {"role": "coordinator"})
    count = len(_actions(session))
    users_service.set_role(session, user, "coordinator", by=admin)  # no change, no entry
    assert len(_actions(session)) == count
    with pytest.raises(Invalid):
        users_service.set_role(session, user, "boss", by=admin)


def test_deactivating_ends_every_browser_session(session: Session) -> None:
    user = make_user(session, "ana")
    sessions.start(session, user=user)
    sessions.start(session, user=user)
    users_service.set_active(session, user, False)
    assert session.scalar(select(WebSession).where(WebSession.user_id == user.id)) is None
    assert _last(session, "user.update").after == {"active": False, "sessions_ended": 2}
    users_service.set_active(session, user, True)
    assert user.active and _last(session, "user.update").after == {"active": True}


def test_the_last_active_admin_stays(session: Session) -> None:
    root = make_user(session, "root", role="admin")
    with pytest.raises(Conflict, match="last active admin"):
        users_service.set_role(session, root, "reviewer")
    with pytest.raises(Conflict, match="last active admin"):
        users_service.set_active(session, root, False)
    second = make_user(session, "root2", role="admin")
    users_service.set_active(session, second, False)
    with pytest.raises(Conflict):  # an inactive admin manages nothing
        users_service.set_role(session, root, "coordinator")
    users_service.set_active(session, second, True)
    users_service.set_role(session, root, "coordinator", by=second)
    assert root.role == "coordinator"


def test_a_new_password_ends_sessions_revokes_tokens_and_lifts_a_lock(session: Session) -> None:
    user = make_user(session, "ana")
    now = utcnow()
    sessions.start(session, user=user)
    tokens.create(session, user=user)
    for _ in range(5):
        with pytest.raises(Unauthorized):
            users_service.authenticate(session, "ana", "wrong password", now)
    users_service.set_password(session, user, "teh-manis-hangat")
    assert user.locked_until is None
    assert session.scalar(select(WebSession)) is None
    assert session.scalar(select(UserToken)).revoked_at is not None
    assert _last(session, "user.password").after == {"sessions_ended": 1, "tokens_revoked": 1}
    assert users_service.authenticate(session, "ana", "teh-manis-hangat")
    with pytest.raises(Invalid):
        users_service.set_password(session, user, "short")


def test_no_secret_reaches_the_audit_log_and_the_chain_holds(session: Session) -> None:
    admin = make_user(session, "root", role="admin")
    user = make_user(session, "ana")
    now = utcnow()
    users_service.authenticate(session, "ana", PASSWORD, now)
    for _ in range(5):
        with pytest.raises(Unauthorized):
            users_service.authenticate(session, "ana", "wrong password", now)
    users_service.set_role(session, user, "coordinator", by=admin)
    users_service.set_active(session, user, False, by=admin)
    users_service.set_active(session, user, True, by=admin)
    users_service.set_password(session, user, "teh-manis-hangat", by=admin)
    web_session, cookie = sessions.start(session, user=user)
    sessions.end(session, web_session=web_session, user=user)
    row, token = tokens.create(session, user=user, name="laptop")
    tokens.revoke(session, user_token=row, by=user)
    secrets = [PASSWORD, "teh-manis-hangat", "wrong password", cookie, token,
               token.split("_", 2)[2], user.password_hash, admin.password_hash, row.token_hash,
               web_session.token_hash, web_session.csrf_token, "$argon2"]
    entries = session.scalars(select(AuditEntry)).all()
    assert {e.action for e in entries} >= {
        "user.create", "user.update", "user.password", "login.success", "login.failure",
        "login.locked", "logout", "token.create", "token.revoke"}
    for entry in entries:
        text = orjson.dumps([entry.actor, entry.object_id, entry.before, entry.after]).decode()
        assert not [s for s in secrets if s in text], (entry.action, text)
    assert audit.verify(session).ok
