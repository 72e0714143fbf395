"""Personal tokens on a real database: shown once, stored hashed, expiring, revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.auth import service as auth_service
from app.db import utcnow
from app.errors import Invalid, Unauthorized
from app.users import tokens
from app.users.models import UserToken
from tests.users.builders import make_user


def test_tokens_authenticate_as_their_user_and_only_the_hash_is_stored(session: Session) -> None:
    user = make_user(session, "ana")
    # The secret is urlsafe base64 and holds "_" about half the time.
    made = [tokens.create(session, user=user, name=f"t{i}") for i in range(20)]
    for row, token in made:
        prefix, _, secret = token.partition("_")[2].partition("_")
        assert token.startswith("pantauu_") and prefix == row.prefix and len(secret) >= 43
        assert token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
        assert tokens.authenticate(session, token=token) == (row, user)


def test_a_token_lives_thirty_days_by_default_and_ninety_at_most(session: Session) -> None:
    user = make_user(session, "ana")
    now = utcnow()
    row, token = tokens.create(session, user=user, now=now)
    assert row.expires_at == now + timedelta(days=30)
    assert tokens.authenticate(session, token=token, now=now + timedelta(days=29, hours=23))
    with pytest.raises(Unauthorized, match="expired"):
        tokens.authenticate(session, token=token, now=now + timedelta(days=30))
    assert tokens.create(session, user=user, days=90)[0].expires_at > now + timedelta(days=89)
    for days in (0, 91):
        with pytest.raises(Invalid, match="1 to 90 days"):
            tokens.create(session, user=user, days=days)
    with pytest.raises(Invalid, match="name"):
        tokens.create(session, user=user, name="  ")


def test_a_revoked_token_opens_nothing(session: Session) -> None:
    user = make_user(session, "ana")
    row, token = tokens.create(session, user=user)
    tokens.revoke(session, user_token=row, by=user)
    tokens.revoke(session, user_token=row, by=user)  # again: nothing more happens
    with pytest.raises(Unauthorized, match="revoked"):
        tokens.authenticate(session, token=token)
    actions = session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "user_token")).all()
    assert actions == ["token.create", "token.revoke"]


@pytest.mark.parametrize("token", [None, "", "pantauu", "pantauu_x", "pantauu_000000000000_nope",
                                   "pantau_00000000_nope", "Bearer pantauu_a_b"])
def test_malformed_or_unknown_tokens_are_refused(session: Session, token: str | None) -> None:
    with pytest.raises(Unauthorized):
        tokens.authenticate(session, token=token)


def test_a_wrong_secret_with_a_real_prefix_is_refused(session: Session) -> None:
    _, token = tokens.create(session, user=make_user(session, "ana"))
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(Unauthorized, match="unknown"):
        tokens.authenticate(session, token=wrong)


def test_personal_tokens_and_partner_keys_are_never_mistaken(session: Session) -> None:
    _, personal = tokens.create(session, user=make_user(session, "ana"))
    _, partner = auth_service.create(session=session, name="BKN", scopes=["flags:read"])
    with pytest.raises(Unauthorized, match="malformed"):
        auth_service.authenticate(session=session, token=personal)
    with pytest.raises(Unauthorized, match="malformed"):
        tokens.authenticate(session, token=partner)


def test_use_is_noted_at_most_every_few_minutes(session: Session) -> None:
    row, token = tokens.create(session, user=make_user(session, "ana"))
    now = utcnow()
    tokens.authenticate(session, token=token, now=now)
    tokens.authenticate(session, token=token, now=now + timedelta(minutes=1))
    assert row.last_used_at == now
    tokens.authenticate(session, token=token, now=now + timedelta(minutes=6))
    assert session.get(UserToken, row.id).last_used_at == now + timedelta(minutes=6)
