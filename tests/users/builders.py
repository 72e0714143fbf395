"""Builders for accounts: fictional pokja members with a known password."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.users import service as users_service
from app.users.models import User

PASSWORD = "kopi-tubruk-2024"


def make_user(session: Session, username: str = "ana", role: str = "reviewer",
              password: str = PASSWORD, **fields: str) -> User:
    return users_service.create_user(session, username, password, role, **fields)
