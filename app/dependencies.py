"""Typed dependencies: the request owns the transaction and commits once at the end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth import service as auth_service
from app.auth.models import ApiKey
from app.config import Settings
from app.db import session_scope


def get_db(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.session_factory) as session:
        yield session


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


# "function": commit before the response leaves. Committed after it, a login's redirect could
# arrive before its session row did, and a failed commit would follow a success reply.
DbSession = Annotated[Session, Depends(get_db, scope="function")]
AppSettings = Annotated[Settings, Depends(get_app_settings)]

_bearer = HTTPBearer(auto_error=False, description="A partner API key: `pantau apikey create`")


def get_partner_key(
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiKey:
    return auth_service.authenticate(
        session=session, token=credentials.credentials if credentials else None
    )


PartnerKey = Annotated[ApiKey, Depends(get_partner_key)]
