"""Rendering pages: one Jinja2 environment, autoescaped, with the user's language and CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.i18n import pick_locale, translations, wib

LOCALE_COOKIE = "pantau_lang"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# Captions are untrusted: autoescape every template, whatever its file name.
templates.env.autoescape = True


def request_locale(request: Request) -> str:
    return pick_locale(request.cookies.get(LOCALE_COOKIE), request.headers.get("accept-language"))


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language; `user` and `csrf_token` come from request.state."""
    locale = request_locale(request)
    t = translations(locale)
    return templates.TemplateResponse(
        request, name,
        {
            "_": t.gettext, "ngettext": t.ngettext, "locale": locale,
            "wib": lambda value, fmt="d MMM yyyy HH:mm": wib(value, locale, fmt),
            "user": getattr(request.state, "user", None),
            "csrf_token": getattr(request.state, "csrf_token", ""),
            **context,
        },
        status_code=status_code,
    )
