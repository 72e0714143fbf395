"""The items of a JSON array together with the exact text each was sent as.

An API page holds many items, but evidence is kept per item, and re-serializing a parsed item
would change its bytes (key order, spacing, escapes) and so its hash. This walks the page text
with the standard decoder and slices each item out unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"  # JSON's, narrower than str.isspace


def array_items(text: str, path: Sequence[str]) -> Iterator[tuple[Any, str]]:
    """(parsed item, its exact text) for each item of the array at `path` in a JSON object.

    `text` must already be known to be valid JSON; a missing key or a value that is not an
    array yields nothing. Like `json.loads`, the last of duplicate keys wins.
    """
    pos: int | None = _skip(text, 0)
    for key in path:
        pos = _member(text, pos, key)
        if pos is None:
            return
    if text.startswith("[", pos):
        yield from _elements(text, pos)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


def _member(text: str, pos: int, key: str) -> int | None:
    """Where the value of `key` starts in the object at `pos`, or None."""
    if not text.startswith("{", pos):
        return None
    found = None
    pos = _skip(text, pos + 1)
    while text[pos] != "}":
        name, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, _skip(text, pos) + 1)  # past the ':'
        if name == key:
            found = pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _after_separator(text, pos)
    return found


def _elements(text: str, pos: int) -> Iterator[tuple[Any, str]]:
    pos = _skip(text, pos + 1)
    while text[pos] != "]":
        value, end = _DECODER.raw_decode(text, pos)
        yield value, text[pos:end]
        pos = _after_separator(text, end)


def _after_separator(text: str, pos: int) -> int:
    pos = _skip(text, pos)
    return _skip(text, pos + 1) if text[pos] == "," else pos
