"""Pages: login, logout, language, and the admin's user list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.db import utcnow
from app.dependencies import AppSettings, DbSession
from app.errors import Conflict, Forbidden, Invalid, Unauthorized
from app.i18n import LOCALES
from app.users import service as users_service
from app.users import sessions
from app.users.dependencies import CurrentLogin, cookie_login, require_page
from app.users.models import ROLES, User
from app.web import LOCALE_COOKIE, back_path, page_route, render, safe_next

router = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[Depends(page_route)])

Admin = Annotated[User, Depends(require_page("admin"))]
FormText = Annotated[str, Form()]
Next = Annotated[str, Form(alias="next")]
_LANGUAGE_COOKIE_AGE = 365 * 86400


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


LANDING = {"reviewer": "/review", "coordinator": "/review/pending", "admin": "/dashboard"}


@router.get("/")
def home(request: Request, session: DbSession) -> RedirectResponse:
    """Where each role starts its day; the login page for anyone else.

    Coordinators start at the violations waiting for them rather than at /review, which
    would claim a queue item (and hold it from reviewers) just for opening the app.
    """
    found = cookie_login(request, session)
    if found is None:
        return _see("/login")
    return _see(LANDING.get(found[1].role, "/dashboard"))


def _login_form(request: Request, settings: AppSettings, *, next_: str, username: str = "",
                error: str | None = None, status_code: int = 200) -> HTMLResponse:
    token = request.cookies.get(sessions.CSRF_COOKIE) or sessions.new_csrf_token()
    request.state.csrf_token = token
    response = render(request, "users/login.html", status_code=status_code,
                      next=safe_next(next_), username=username, error=error)
    sessions.set_csrf_cookie(response, token, secure=sessions.secure_cookies(request, settings))
    return response


@router.get("/login")
def login_page(request: Request, session: DbSession, settings: AppSettings,
               next_: Annotated[str, Query(alias="next")] = "/") -> Response:
    """The login form; someone already logged in goes straight on."""
    if cookie_login(request, session):
        return _see(safe_next(next_))
    return _login_form(request, settings, next_=next_)


@router.post("/login")
def login(request: Request, session: DbSession, settings: AppSettings, username: FormText = "",
          password: FormText = "", csrf_token: FormText = "", next_: Next = "/") -> Response:
    """Check the password, start a browser session and go where the user was headed."""
    if not sessions.tokens_match(request.cookies.get(sessions.CSRF_COOKIE), csrf_token):
        return _login_form(request, settings, next_=next_, username=username, error="expired",
                           status_code=403)
    try:
        user = users_service.authenticate(session, username, password)
    except Unauthorized:
        # Answered, not raised: the request then commits the failure count and its audit entry.
        return _login_form(request, settings, next_=next_, username=username, error="failed",
                           status_code=401)
    _, token = sessions.start(session, user=user)
    response = _see(safe_next(next_))
    sessions.set_session_cookie(response, token, secure=sessions.secure_cookies(request, settings))
    return response


@router.post("/logout")
def logout(request: Request, session: DbSession, settings: AppSettings,
           login: CurrentLogin) -> RedirectResponse:
    """End this browser session."""
    if login.web_session is None:
        raise Invalid("logging out ends a browser session; revoke a personal token with "
                      "DELETE /api/v1/auth/token")
    sessions.end(session, web_session=login.web_session, user=login.user)
    response = _see("/login")
    sessions.clear_session_cookie(response, secure=sessions.secure_cookies(request, settings))
    return response


@router.post("/language")
def set_language(request: Request, session: DbSession, settings: AppSettings,
                 lang: FormText = "", csrf_token: FormText = "", next_: Next = "") -> Response:
    """Choose Indonesian or English, then go back to the page the choice was made on."""
    found = cookie_login(request, session)
    expected = found[0].csrf_token if found else request.cookies.get(sessions.CSRF_COOKIE)
    if not sessions.tokens_match(expected, csrf_token):
        raise Forbidden("missing or wrong CSRF token; reload the page and choose again")
    if lang not in LOCALES:
        raise Invalid(f"language {lang!r}: choose one of {', '.join(LOCALES)}")
    response = _see(safe_next(next_, back_path(request)))
    response.set_cookie(LOCALE_COOKIE, lang, max_age=_LANGUAGE_COOKIE_AGE, path="/",
                        secure=sessions.secure_cookies(request, settings), httponly=True,
                        samesite="lax")
    return response


def _users_page(request: Request, session: DbSession, *, error: str | None = None,
                form: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    return render(request, "users/admin_users.html", status_code=status_code,
                  users=users_service.list_(session), roles=ROLES, now=utcnow(), error=error,
                  form=form or {"role": "reviewer"})


@router.get("/admin/users")
def admin_users(request: Request, session: DbSession, admin: Admin) -> HTMLResponse:
    """Every account, with forms to create one, change a role, activate or deactivate."""
    return _users_page(request, session)


@router.post("/admin/users")
def admin_create_user(request: Request, session: DbSession, admin: Admin,
                      username: FormText = "", display_name: FormText = "", unit: FormText = "",
                      role: FormText = "reviewer", password: FormText = "") -> Response:
    """Create an account; a bad field shows the form again with what was typed."""
    try:
        users_service.create_user(session, username, password, role, display_name, unit,
                                  by=admin)
    except (Invalid, Conflict) as exc:
        form = {"username": username, "display_name": display_name, "unit": unit, "role": role}
        return _users_page(request, session, error=exc.message, form=form,
                           status_code=exc.status_code)
    return _see("/admin/users")


@router.post("/admin/users/{user_id}/role")
def admin_set_role(user_id: int, session: DbSession, admin: Admin,
                   role: FormText = "") -> RedirectResponse:
    """Give an account another role."""
    users_service.set_role(session, users_service.get_or_raise(session, user_id), role, by=admin)
    return _see("/admin/users")


@router.post("/admin/users/{user_id}/active")
def admin_set_active(user_id: int, session: DbSession, admin: Admin,
                     active: Annotated[bool, Form()]) -> RedirectResponse:
    """Activate or deactivate an account; deactivating logs it out everywhere."""
    user = users_service.get_or_raise(session, user_id)
    users_service.set_active(session, user, active, by=admin)
    return _see("/admin/users")
