"""Who is uploading a capture: a logged-in browser, a personal token, or a scoped API key.

Zeeschuimer talks to "4CAT" with the browser's cookies and nothing else: it cannot send a
CSRF token, nor any Authorization header. So a cookie-authenticated upload is accepted
without X-CSRF-Token when it carries the `X-Zeeschuimer-Platform` header and a content type
that a plain HTML form cannot send. That is safe because a page on another site can only add
a custom header through fetch/XHR, which makes the browser ask first (a CORS preflight), and
Pantau answers no preflight: the request is never sent. A form post, the one cross-site write
that needs no preflight, can carry neither the header nor the content type. Scripts use
`Authorization: Bearer <API key with scope imports:write>` (or a personal token) instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth import service as auth_service
from app.auth.models import ApiKey
from app.dependencies import DbSession
from app.errors import Forbidden, Unauthorized
from app.users import sessions, tokens
from app.users.dependencies import UNSAFE_METHODS, cookie_login
from app.users.models import User
from app.users.permissions import allowed

SCOPE = "imports:write"
PERMISSION = "upload"
PLATFORM_HEADER = "X-Zeeschuimer-Platform"
# What a cross-site HTML form can send without a preflight (the CORS-safelisted types).
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")

_bearer = HTTPBearer(
    auto_error=False, scheme_name="UploadKey",
    description="An API key with scope imports:write (`pantau apikey create`), "
    "or a personal token",
)


@dataclass(frozen=True, slots=True)
class Uploader:
    """Exactly one of `user` and `api_key` is set."""

    user: User | None = None
    api_key: ApiKey | None = None

    @property
    def actor(self) -> str:
        """The name the audit log and the job record."""
        if self.user is not None:
            return self.user.username
        assert self.api_key is not None
        return f"api key #{self.api_key.id} {self.api_key.name}"[:200]


def _from_bearer(session: DbSession, token: str) -> Uploader:
    if token.split("_", 1)[0] == auth_service.KEY_PREFIX:
        key = auth_service.authenticate(session=session, token=token)
        auth_service.require_scope(key, SCOPE)
        return Uploader(api_key=key)
    _, user = tokens.authenticate(session, token=token)
    return Uploader(user=_permitted(user))


def _permitted(user: User) -> User:
    if not user.active:
        raise Forbidden("this account is deactivated")
    if not allowed(user.role, PERMISSION):
        raise Forbidden(f"this needs the {PERMISSION!r} permission, which the {user.role!r} "
                        "role does not have")
    return user


def _zeeschuimer_request(request: Request) -> bool:
    content_type = request.headers.get("content-type", "").lower()
    return PLATFORM_HEADER in request.headers and not content_type.startswith(_FORM_TYPES)


def current_uploader(
    request: Request,
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Uploader:
    """The uploader by bearer token or session cookie; 401 if neither, 403 if not allowed."""
    if credentials is not None:
        return _from_bearer(session, credentials.credentials)
    found = cookie_login(request, session)
    if found is None:
        raise Unauthorized("log in to Pantau in this browser, or send 'Authorization: Bearer "
                           f"<API key with scope {SCOPE}>'")
    web_session, user = found
    if (
        request.method in UNSAFE_METHODS
        and not _zeeschuimer_request(request)
        and not sessions.tokens_match(web_session.csrf_token,
                                      request.headers.get("x-csrf-token"))
    ):
        raise Forbidden(f"missing or wrong CSRF token: send X-CSRF-Token, or upload as "
                        f"Zeeschuimer does (the {PLATFORM_HEADER} header, an NDJSON body)")
    return Uploader(user=_permitted(user))


CurrentUploader = Annotated[Uploader, Depends(current_uploader)]
