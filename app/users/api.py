"""Personal tokens over JSON: exchange a password for a bearer token, revoke it, say who I am."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.dependencies import DbSession
from app.errors import Invalid, Unauthorized
from app.users import service as users_service
from app.users import tokens
from app.users.dependencies import CurrentLogin, CurrentUser
from app.users.models import User
from app.users.schemas import TokenCreate, TokenRead, UserRead

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token", response_model=TokenRead, status_code=201)
def create_token(token_in: TokenCreate, session: DbSession) -> TokenRead:
    """Exchange a username and password for a personal bearer token, shown only in this reply."""
    try:
        user = users_service.authenticate(session, token_in.username, token_in.password)
    except Unauthorized:
        # The failure count and its audit entry must outlive the refusal.
        session.commit()
        raise
    user_token, token = tokens.create(session, user=user, name=token_in.name, days=token_in.days)
    return TokenRead(token=token, name=user_token.name, expires_at=user_token.expires_at)


@router.delete("/token", status_code=204)
def revoke_token(session: DbSession, login: CurrentLogin) -> Response:
    """Revoke the personal token this request is authenticated with."""
    if login.user_token is None:
        raise Invalid("send the token to revoke as 'Authorization: Bearer <personal token>'")
    tokens.revoke(session, user_token=login.user_token, by=login.user)
    return Response(status_code=204)


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> User:
    """The account this request is authenticated as, with its role's permissions."""
    return user
