"""Indonesian first, English second: Babel catalogs, and times shown in WIB.

Catalogs are the .po files under app/locale, compiled in memory at first use, so no build step
can leave a stale .mo behind. Message ids are English; the Indonesian catalog is the default.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
WIB = ZoneInfo("Asia/Jakarta")
_LOCALE_DIR = Path(__file__).parent / "locale"


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> NullTranslations:
    path = _LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf)


def pick_locale(cookie: str | None) -> str:
    """The language the user chose with the ID/EN switch; Indonesian until they choose.

    The browser's Accept-Language is not consulted: pokja laptops often run an English
    browser, and the product speaks Indonesian first.
    """
    return cookie if cookie in LOCALES else DEFAULT_LOCALE


def wib(value: datetime | None, locale: str, fmt: str = "d MMM yyyy HH:mm") -> str:
    """A time as a pokja reads it: Western Indonesian Time, with the zone named."""
    if value is None:
        return "—"
    return f"{format_datetime(value, fmt, tzinfo=WIB, locale=locale)} WIB"
