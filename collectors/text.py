"""Text helpers shared by the collectors: cleaning, handles, hashtags and mentions.

The Zeeschuimer importer and the API collectors all use these, so a post seen through a browser
capture and through an API yields the same hashtags and mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# `\w` is Unicode-aware, so "#PilkadaDamai2024" and non-Latin tags both match; "&#39;"
# (an HTML entity) and "C#" do not, thanks to the look-behind.
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
# A handle starts after a non-word character, so e-mail addresses ("a@b.id") are not mentions.
# Both platforms allow letters, digits, '_' and '.'; a trailing '.' ends the sentence instead.
_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9_.]{1,30})")
# Lone surrogates survive json.loads ("\ud800") but cannot be encoded to UTF-8 for the database.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(value: str) -> str:
    """`value` storable as PostgreSQL text: NULs dropped, lone surrogates replaced."""
    return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def handle(value: object) -> str | None:
    """An account handle as stored: no '@', lower case; None when there is none."""
    if not isinstance(value, str):
        return None
    return clean(value.strip().lstrip("@").lower()) or None


def handles(*sources: Iterable[object]) -> tuple[str, ...]:
    """The handles in `sources`, as `handle` stores them, each once, in first-seen order."""
    found = (handle(v) for source in sources for v in source)
    return tuple(dict.fromkeys(h for h in found if h))


def tags(*sources: Iterable[object]) -> tuple[str, ...]:
    """The tags in `sources` without '#', first spelling kept, case-insensitively unique.

    Values that are not strings, or nothing once cleaned, are left out.
    """
    # Case is kept (normalization splits "#CoblosNo2" on it) but does not make a new tag.
    seen: dict[str, str] = {}
    for source in sources:
        for value in source:
            if isinstance(value, str) and (tag := clean(value.strip().lstrip("#"))):
                seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


def hashtags(text: str) -> tuple[str, ...]:
    """Hashtags in `text` without '#', first spelling kept, case-insensitively unique."""
    # A `\w+` match has no whitespace, '#', NUL or surrogate, so `tags` keeps it as found.
    return tags(_HASHTAG.findall(text))


def mentions(text: str) -> tuple[str, ...]:
    """Handles mentioned in `text`, as `handle` stores them, each once."""
    return handles(m.rstrip(".") for m in _MENTION.findall(text))
