"""Normalization of social-media Indonesian for matching and classification.

`normalize()` keeps, for every character it outputs, the index of the original character it
came from, so that a match found in normalized text can be shown as a span of the caption the
reviewer actually reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Camel-case and letter/digit boundaries inside hashtags: "#BulatkanTekadUntukMasTri",
# "#Salam2Jari" -> "bulatkan tekad untuk mas tri", "salam 2 jari".
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")

# Finger emoji carry meaning ("salam 2 jari"); they become words rather than vanishing.
_EMOJI_WORDS = {
    "\u261d": " satu jari ",  # ☝ index pointing up
    "\u270c": " dua jari ",  # ✌ victory hand
    "\U0001f91f": " tiga jari ",  # 🤟 (used for "salam 3 jari")
}


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus, for each of its characters, the index in the original."""

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalized text back to the original text."""
        if start >= end:
            raise ValueError("empty span")
        return self.offsets[start], self.offsets[end - 1] + 1


def _split_hashtags(text: str) -> list[tuple[str, int]]:
    """Characters of `text` with their original index, hashtags split into words."""
    out: list[tuple[str, int]] = []
    pos = 0
    for m in _HASHTAG.finditer(text):
        out.extend((ch, i) for i, ch in enumerate(text[pos : m.start()], start=pos))
        body_start = m.start(1)
        body = m.group(1)
        cuts = [b.start() for b in _CAMEL_BOUNDARY.finditer(body)]
        out.append((" ", m.start()))
        for i, ch in enumerate(body):
            if i in cuts:
                out.append((" ", body_start + i))
            out.append((ch, body_start + i))
        out.append((" ", m.end() - 1))
        pos = m.end()
    out.extend((ch, i) for i, ch in enumerate(text[pos:], start=pos))
    return out


def _fold(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Case-fold, fold compatibility forms (fancy fonts, full-width), drop accents."""
    out: list[tuple[str, int]] = []
    for ch, i in chars:
        if ch in _EMOJI_WORDS:
            out.extend((c, i) for c in _EMOJI_WORDS[ch])
            continue
        folded = unicodedata.normalize("NFKD", ch).casefold()
        for c in folded:
            if unicodedata.combining(c):
                continue
            out.append((c if c.isalnum() else " ", i))
    return out


def normalize(text: str) -> Normalized:
    """Lower-case, punctuation-free, hashtag-split, elongation-squeezed text with offsets."""
    chars = _squeeze_runs(_fold(_split_hashtags(text)))
    return Normalized("".join(c for c, _ in chars), tuple(i for _, i in chars))


def _squeeze_runs(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    n = len(chars)
    k = 0
    while k < n:
        ch, i = chars[k]
        run_end = k + 1
        while run_end < n and chars[run_end][0] == ch:
            run_end += 1
        run = run_end - k
        if ch == " ":
            if out and out[-1][0] != " ":
                out.append((" ", i))
        elif ch.isalpha() and run >= 3:
            # "bangggaaa": an elongated letter becomes one; doubled letters ("bangga",
            # "saat") are real spelling and stay.
            out.append((ch, i))
        else:
            out.extend(chars[k:run_end])
        k = run_end
    while out and out[-1][0] == " ":
        out.pop()
    return out


def normalize_text(text: str) -> str:
    """The normalized string alone, for callers that need no offsets."""
    return normalize(text).text
