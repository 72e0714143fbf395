"""Cutting a caption into plain and highlighted pieces. Pure: spans in, pieces out.

The template prints each piece escaped inside its own <mark>, so a highlight can never turn a
caption's characters into markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# When spans overlap, the stronger evidence colours the shared characters.
_STRENGTH = {"actor": 3, "candidate": 2, "rule": 1}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # actor, candidate or rule
    title: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    kind: str | None = None
    title: str = ""


def pieces(text: str, spans: Iterable[Span]) -> list[Piece]:
    """The text in order, each character in at most one highlight."""
    owner: list[Span | None] = [None] * len(text)
    for span in spans:
        start, end = max(0, span.start), min(len(text), span.end)
        for i in range(start, end):
            current = owner[i]
            if current is None or _STRENGTH[span.kind] > _STRENGTH[current.kind]:
                owner[i] = span
    out: list[Piece] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and owner[j] is owner[i]:
            j += 1
        span = owner[i]
        out.append(Piece(text[i:j], span.kind if span else None, span.title if span else ""))
        i = j
    return out
