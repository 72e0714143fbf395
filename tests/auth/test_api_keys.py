"""API keys on a real database: shown once, stored hashed, found again by their prefix."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.auth import service as auth_service
from app.auth.models import ApiKey
from app.errors import Forbidden, Invalid, Unauthorized


def test_every_created_key_authenticates(session: Session) -> None:
    # The secret is urlsafe base64 and contains "_" about half the time.
    tokens = [auth_service.create(session=session, name=f"k{i}", scopes=["flags:read"])[1]
              for i in range(40)]
    assert any(t.count("_") > 2 for t in tokens)
    for token in tokens:
        assert auth_service.authenticate(session=session, token=token).scopes == ["flags:read"]


def test_only_the_hash_is_stored(session: Session) -> None:
    key, token = auth_service.create(session=session, name="BKN", scopes=["flags:read"])
    session.flush()
    stored = session.get(ApiKey, key.id)
    assert token not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64


@pytest.mark.parametrize("token", [None, "", "abc", "pantau_x", "pantau_00000000_nope"])
def test_malformed_or_unknown_tokens_are_refused(session: Session, token: str | None) -> None:
    with pytest.raises(Unauthorized):
        auth_service.authenticate(session=session, token=token)


def test_wrong_secret_with_a_real_prefix_is_refused(session: Session) -> None:
    _, token = auth_service.create(session=session, name="BKN", scopes=["flags:read"])
    with pytest.raises(Unauthorized, match="unknown"):
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        auth_service.authenticate(session=session, token=wrong)


def test_scopes_are_checked(session: Session) -> None:
    key, _ = auth_service.create(session=session, name="BKN", scopes=["posts:read"])
    with pytest.raises(Forbidden):
        auth_service.require_scope(key, "flags:read")
    with pytest.raises(Invalid):
        auth_service.create(session=session, name="BKN", scopes=["admin"])
