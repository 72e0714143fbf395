"""Rendering pages: one Jinja2 environment, autoescaped, with the user's language and CSRF token."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from app.errors import PantauError, Unauthorized
from app.i18n import pick_locale, translations, wib

LOCALE_COOKIE = "pantau_lang"
LOGIN_PATH = "/login"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# Captions are untrusted: autoescape every template, whatever its file name.
templates.env.autoescape = True


def request_locale(request: Request) -> str:
    return pick_locale(request.cookies.get(LOCALE_COOKIE))


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language; `user` and `csrf_token` come from request.state."""
    locale = request_locale(request)
    t = translations(locale)
    return templates.TemplateResponse(
        request, name,
        {
            "_": t.gettext, "ngettext": t.ngettext, "locale": locale,
            "wib": lambda value, fmt="d MMM yyyy HH:mm": wib(value, locale, fmt),
            "decimal": lambda value, fmt="0.0": format_decimal(value, fmt, locale=locale),
            "user": getattr(request.state, "user", None),
            "csrf_token": getattr(request.state, "csrf_token", ""),
            **context,
        },
        status_code=status_code,
    )


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who an error page shows as logged in.

    Not the User row: the failed request's rollback has expired it, and the session that could
    reload it is closed, by the time the error page renders.
    """

    id: int
    username: str
    display_name: str
    role: str


def page_route(request: Request) -> None:
    """A dependency that marks a request as a page: its errors render as HTML, not JSON."""
    request.state.page = True


def safe_next(value: str | None, default: str = "/") -> str:
    """`value` if it is a path on this site, else `default`: a link never redirects elsewhere."""
    # Browsers read "/\host" as "//host" and drop tabs and newlines, so those go too.
    if (not value or not value.startswith("/") or value.startswith("//")
            or any(c == "\\" or ord(c) < 0x20 or c == "\x7f" for c in value)):
        return default
    parts = urlsplit(value)
    return default if parts.scheme or parts.netloc else value


def back_path(request: Request, default: str = "/") -> str:
    """The page on this site the request came from (its Referer), else `default`."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc:
        return default
    return safe_next(referer.path + (f"?{referer.query}" if referer.query else ""), default)


def page_error(request: Request, exc: PantauError) -> Response:
    """An error on a page: to the login page if nobody is logged in, else a page saying why."""
    if isinstance(exc, Unauthorized):
        # After login a GET goes back to where it was; a form post goes back to its form.
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = here if request.method in ("GET", "HEAD") else back_path(request, "")
        query = f"?{urlencode({'next': target})}" if target else ""
        return RedirectResponse(LOGIN_PATH + query, status_code=303)
    return render(request, "error.html", status_code=exc.status_code, status=exc.status_code,
                  message=exc.message, user=getattr(request.state, "viewer", None))
