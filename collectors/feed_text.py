"""Plain text and dates out of news-feed fields, with Indonesian feeds' habits in mind.

feedparser reads "WIB" as UTC (seven hours off), gives up on Indonesian day and month names
("Selasa, 05 Agu 2024"), and takes a date without a zone as UTC where an Indonesian newsroom
means Jakarta time. So a date's text is read here first, and feedparser's own reading is the
fallback for the forms this does not know.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from collectors.text import clean

WIB = timezone(timedelta(hours=7), "WIB")

_ENGLISH = {
    # days
    "senin": "Mon", "sen": "Mon", "selasa": "Tue", "sel": "Tue", "rabu": "Wed", "rab": "Wed",
    "kamis": "Thu", "kam": "Thu", "jumat": "Fri", "jum'at": "Fri", "jum": "Fri",
    "sabtu": "Sat", "sab": "Sat", "minggu": "Sun", "min": "Sun",
    # months
    "januari": "Jan", "februari": "Feb", "peb": "Feb", "maret": "Mar", "mei": "May",
    "juni": "Jun", "juli": "Jul", "agustus": "Aug", "agu": "Aug", "agt": "Aug",
    "oktober": "Oct", "okt": "Oct", "nopember": "Nov", "nop": "Nov", "desember": "Dec",
    "des": "Dec",
    # the three Indonesian time zones
    "wib": "+0700", "wita": "+0800", "wit": "+0900",
}  # fmt: skip
_INDONESIAN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _ENGLISH), key=len, reverse=True)) + r")\b\.?",
    re.IGNORECASE,
)
_SPACED_OFFSET = re.compile(r"\s+([+-]\d\d:?\d\d)$")


def parse_date(text: object, parsed: object = None) -> datetime | None:
    """A feed date in UTC from its text, else from feedparser's UTC `struct_time`."""
    if isinstance(text, str) and text.strip():
        when = _read_date(text.strip())
        if when is not None:
            return when
    if isinstance(parsed, time.struct_time):
        try:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _read_date(text: str) -> datetime | None:
    english = _INDONESIAN.sub(lambda m: _ENGLISH[m.group(1).lower()], text)
    try:
        when = parsedate_to_datetime(english)
    except (TypeError, ValueError):
        try:
            when = datetime.fromisoformat(_SPACED_OFFSET.sub(r"\1", english))
        except ValueError:
            return None
    return (when if when.tzinfo else when.replace(tzinfo=WIB)).astimezone(UTC)


def plain_text(value: object) -> str:
    """A text field as one tidy string: whitespace collapsed, blank lines dropped."""
    return _tidy(value) if isinstance(value, str) else ""


def html_to_text(value: object) -> str:
    """The readable text of an HTML fragment, entities decoded, one block per line.

    A real HTML parser rather than a tag-stripping regex: "<" in text, comments, CDATA and
    unclosed tags all come out right, and script or style contents never become text.
    """
    if not isinstance(value, str):
        return ""
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    return _tidy("".join(parser.parts))


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in clean(text).splitlines())
    return "\n".join(line for line in lines if line)


_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table td th tr ul".split()
)
_HIDDEN = frozenset({"script", "style", "template", "noscript"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)
