"""Who is asking, and may they: the dependencies routes use to authenticate and authorize.

JSON routes take `require(permission)`, pages take `require_page(permission)`; both return the
User and set `request.state.user` and `request.state.csrf_token` for `render()`:

    Reviewer = Annotated[User, Depends(require("review"))]

    @router.post("/api/v1/review/{item_id}/claim")
    def claim(item_id: int, session: DbSession, user: Reviewer) -> ...: ...

A request authenticates with `Authorization: Bearer <personal token>` or with the session
cookie. A cookie is sent by the browser whoever made the page, so an unsafe request (POST, PUT,
PATCH, DELETE) on a cookie must also carry the session's CSRF token, as the `X-CSRF-Token`
header or a `csrf_token` form field; a bearer token is only ever sent on purpose and needs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.db import utcnow
from app.dependencies import DbSession
from app.errors import Forbidden, Unauthorized
from app.users import sessions, tokens
from app.users.models import User, UserToken, WebSession
from app.users.permissions import PERMISSIONS, allowed
from app.web import Viewer, page_route

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

_bearer = HTTPBearer(auto_error=False, scheme_name="PersonalToken",
                     description="A personal token: POST /api/v1/auth/token")


@dataclass(frozen=True, slots=True)
class Login:
    """Who is asking, and how: by browser session (cookie) or by personal token."""

    user: User
    web_session: WebSession | None = None
    user_token: UserToken | None = None


async def _submitted_csrf(request: Request) -> str | None:
    # Async because reading a form is; Starlette keeps the parsed form for the route's own use.
    if request.method not in UNSAFE_METHODS:
        return None
    if header := request.headers.get("x-csrf-token"):
        return header
    if request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get("csrf_token")
        return value if isinstance(value, str) else None
    return None


def cookie_login(request: Request, session: Session) -> tuple[WebSession, User] | None:
    """The live browser session behind the request's cookie and its user, if any."""
    return sessions.find(session, token=request.cookies.get(sessions.SESSION_COOKIE),
                         now=utcnow())


def _show(request: Request, user: User, csrf_token: str) -> None:
    request.state.user, request.state.csrf_token = user, csrf_token
    request.state.viewer = Viewer(user.id, user.username, user.display_name, user.role)


def current_login(
    request: Request,
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    submitted_csrf: Annotated[str | None, Depends(_submitted_csrf)],
) -> Login:
    """The caller by personal token or session cookie; Unauthorized if neither, CSRF checked."""
    if credentials is not None:
        user_token, user = tokens.authenticate(session, token=credentials.credentials)
        _show(request, user, "")
        return Login(user, user_token=user_token)
    found = cookie_login(request, session)
    if found is None:
        raise Unauthorized("log in first, or send 'Authorization: Bearer <personal token>'")
    web_session, user = found
    _show(request, user, web_session.csrf_token)
    if request.method in UNSAFE_METHODS and not sessions.tokens_match(
        web_session.csrf_token, submitted_csrf
    ):
        raise Forbidden("missing or wrong CSRF token: send the page's csrf_token as the "
                        "X-CSRF-Token header or a csrf_token form field")
    return Login(user, web_session=web_session)


CurrentLogin = Annotated[Login, Depends(current_login)]


def current_user(login: CurrentLogin) -> User:
    """The caller, if their account is active."""
    if not login.user.active:
        raise Forbidden("this account is deactivated")
    return login.user


CurrentUser = Annotated[User, Depends(current_user)]


@dataclass(frozen=True)
class _Permission:
    # A callable instance rather than a closure: FastAPI resolves postponed annotations in
    # the defining module's globals, which a closure's variables are not part of.
    permission: str

    def __call__(self, user: CurrentUser) -> User:
        if not allowed(user.role, self.permission):
            raise Forbidden(f"this needs the {self.permission!r} permission, which the "
                            f"{user.role!r} role does not have")
        return user


@dataclass(frozen=True)
class _PagePermission(_Permission):
    # Sub-dependencies resolve in order: the request is marked a page before anything can fail.
    def __call__(self, _page: Annotated[None, Depends(page_route)], user: CurrentUser) -> User:
        return _Permission.__call__(self, user)


def _known(permission: str) -> str:
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}; see app/users/permissions.py")
    return permission


def require(permission: str) -> _Permission:
    """A dependency for JSON routes: the caller, if their role has `permission`.

    401 when nobody is logged in; 403 when the role lacks the permission, the account is
    deactivated, or a cookie-authenticated unsafe request lacks its CSRF token.
    """
    return _Permission(_known(permission))


def require_page(permission: str) -> _PagePermission:
    """`require` for HTML pages: a stranger is sent to the login page, errors render as pages."""
    return _PagePermission(_known(permission))
