"""Normalization of social-media Indonesian for matching and classification.

`normalize()` keeps, for every character it outputs, the index of the original character it
came from, so that a match found in normalized text can be shown as a span of the caption the
reviewer actually reads.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from classifiers.segment import split_words

# Camel-case and letter/digit boundaries inside hashtags: "#BulatkanTekadUntukMasTri",
# "#Salam2Jari" -> "bulatkan tekad untuk mas tri", "salam 2 jari"; run-together words
# ("#2024gantiwalikota") are split by `classifiers.segment`.
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL_BOUNDARY = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)

# Finger emoji carry meaning ("salam 2 jari"); they become words rather than vanishing.
_EMOJI_WORDS = {
    "\u261d": " satu jari ",  # ☝ index pointing up
    "\u270c": " dua jari ",  # ✌ victory hand
    "\U0001f91f": " tiga jari ",  # 🤟 (used for "salam 3 jari")
}


_ASCII_FOLD = {i: (chr(i).lower() if chr(i).isalnum() else " ") for i in range(128)}
# A letter repeated three or more times is an elongation ("bangggaaa"); runs of spaces are
# what punctuation left behind.
_RUNS = re.compile(r" {2,}|([^\W\d_])\1{2,}")
_LETTER_RUNS = re.compile(r"([^\W\d_])\1{2,}")
_TRIPLE = re.compile(r"([^ ])\1\1")
_SPACE_RUNS = re.compile(r" {2,}")
_fold_cache: dict[str, str] = {}
_FOLD_TABLE: dict[int, str] = dict(_ASCII_FOLD)
_ASCII_OR_OTHER = re.compile(r"([\x00-\x7f]+)|([^\x00-\x7f])")


def _runs(folded: str) -> re.Pattern[str]:
    """The run pattern for `folded`: spaces alone unless some character is tripled, since the
    letter-run half of `_RUNS` is what makes it dear."""
    return _RUNS if _TRIPLE.search(folded) else _SPACE_RUNS


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus, for each of its characters, where it came from in the original:
    `starts[i]` is the first original index behind character i, `ends[i]` one past the last
    (a squeezed "aaa" covers all three)."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    @property
    def offsets(self) -> Sequence[int]:
        return self.starts

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalized text back to the original text."""
        if start >= end:
            raise ValueError("empty span")
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=65536)
def _hashtag_words(body: str) -> tuple[tuple[int, int], ...]:
    """Word spans of a hashtag body: camel case, letter/digit boundaries, then run-together
    lower (or upper) case letters split by the word list. Cached: tags repeat ("#fyp")."""
    spans = []
    last = 0
    for cut in [*_CAMEL_BOUNDARY.finditer(body), None]:
        end = cut.start() if cut else len(body)
        piece = body[last:end]
        if piece.isalpha() and (piece.islower() or piece.isupper()):
            at = last
            for word in split_words(piece.lower()):
                spans.append((at, at + len(word)))
                at += len(word)
        else:
            spans.append((last, end))
        last = end
    return tuple(spans)


def _split_hashtags(text: str) -> tuple[str, list[int]]:
    """`text` with hashtags split into words, and each character's original index."""
    pieces: list[str] = []
    starts: list[int] = []
    pos = 0
    for m in _HASHTAG.finditer(text):
        pieces.append(text[pos : m.start()])
        starts.extend(range(pos, m.start()))
        # The '#' becomes a space, and so does every boundary between the tag's words.
        pieces.append(" ")
        starts.append(m.start())
        base = m.start(1)
        for a, b in _hashtag_words(m.group(1)):
            pieces.append(text[base + a : base + b] + " ")
            starts.extend(range(base + a, base + b))
            starts.append(base + b - 1)
        pos = m.end()
    pieces.append(text[pos:])
    starts.extend(range(pos, len(text)))
    return "".join(pieces), starts


def _fold_char(ch: str) -> str:
    if ch in _EMOJI_WORDS:
        return _EMOJI_WORDS[ch]
    folded = unicodedata.normalize("NFKD", ch).casefold()
    return "".join(c if c.isalnum() else " " for c in folded if not unicodedata.combining(c))


def _fold(text: str, starts: list[int]) -> tuple[str, list[int]]:
    """Case-fold, fold compatibility forms (fancy fonts, full-width), drop accents."""
    if text.isascii():
        return text.translate(_ASCII_FOLD), starts
    pieces: list[str] = []
    out_starts: list[int] = []
    # ASCII runs fold by table; only the other characters (emoji, fancy fonts) one by one.
    for m in _ASCII_OR_OTHER.finditer(text):
        a, b = m.span()
        if m.lastindex == 1:
            pieces.append(m.group(1).translate(_ASCII_FOLD))
            out_starts.extend(starts[a:b])
            continue
        ch = m.group(2)
        folded = _fold_cache.get(ch)
        if folded is None:
            folded = _fold_cache[ch] = _fold_char(ch)
        pieces.append(folded)
        out_starts.extend([starts[a]] * len(folded))
    return "".join(pieces), out_starts


def _squeeze_runs(text: str, starts: list[int]) -> Normalized:
    ends = [s + 1 for s in starts]
    pieces: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    pos = 0
    for m in _runs(text).finditer(text):
        a, b = m.start(), m.end()
        pieces.append(text[pos : a + 1])
        out_starts.extend(starts[pos : a + 1])
        out_ends.extend(ends[pos : a + 1])
        out_ends[-1] = ends[b - 1]
        pos = b
    if pos == 0:
        squeezed, out_starts, out_ends = text, starts, ends
    else:
        pieces.append(text[pos:])
        out_starts.extend(starts[pos:])
        out_ends.extend(ends[pos:])
        squeezed = "".join(pieces)
    # After squeezing, at most one space remains at either edge.
    lo = 1 if squeezed[:1] == " " else 0
    hi = len(squeezed) - (1 if squeezed[-1:] == " " and len(squeezed) > lo else 0)
    if lo or hi != len(squeezed):
        return Normalized(squeezed[lo:hi], out_starts[lo:hi], out_ends[lo:hi])
    return Normalized(squeezed, out_starts, out_ends)


class _Pieces(Sequence[int]):
    """Offsets of text made of pieces copied from the folded text: piece i starts at
    normalized index `at[i]` and folded index `src[i]`, and its last character covers the
    folded text up to `last_end[i]` (beyond one character where a run was squeezed into it).
    `base`, when hashtags were split, maps a folded index to the original. Looked up by
    bisection instead of one list entry per character, which plain captions make dear."""

    __slots__ = ("at", "src", "last_end", "stop", "length", "ends", "base")

    def __init__(
        self, at: list[int], src: list[int], last_end: list[int], stop: int, length: int, *,
        ends: bool, base: list[int] | None,
    ) -> None:
        # `stop`: where the last piece ends, past `length` when a trailing space was trimmed.
        self.at, self.src, self.last_end, self.stop = at, src, last_end, stop
        self.length, self.ends, self.base = length, ends, base

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, j):  # type: ignore[override]
        if isinstance(j, slice):
            return [self[k] for k in range(*j.indices(self.length))]
        if j < 0:
            j += self.length
        if not 0 <= j < self.length:
            raise IndexError(j)
        i = bisect_right(self.at, j) - 1
        k = self.src[i] + j - self.at[i]
        if self.ends:
            piece_last = (self.at[i + 1] if i + 1 < len(self.at) else self.stop) - 1
            if j == piece_last:
                k = self.last_end[i] - 1
        original = k if self.base is None else self.base[k]
        return original + 1 if self.ends else original


def _normalize_plain(text: str, base: list[int] | None = None) -> Normalized:
    """`normalize` for ASCII text: folding keeps every character in place, so only squeezed
    runs move offsets, and pieces between them are enough (`base`: where each character of a
    hashtag-split `text` came from)."""
    folded = text.translate(_ASCII_FOLD)
    pieces: list[str] = []
    at: list[int] = []
    src: list[int] = []
    last_end: list[int] = []
    pos = out = 0
    for m in _runs(folded).finditer(folded):
        a, b = m.start(), m.end()
        pieces.append(folded[pos : a + 1])
        at.append(out)
        src.append(pos)
        last_end.append(b)
        out += a + 1 - pos
        pos = b
    pieces.append(folded[pos:])
    at.append(out)
    src.append(pos)
    last_end.append(len(folded))
    squeezed = "".join(pieces)
    # After squeezing, at most one space remains at either edge.
    lo = 1 if squeezed[:1] == " " else 0
    hi = len(squeezed) - (1 if squeezed[-1:] == " " and len(squeezed) > lo else 0)
    if lo:
        at = [max(a - 1, 0) for a in at]
        if at[0] == 0 and len(at) > 1 and at[1] == 0:
            at, src, last_end = at[1:], src[1:], last_end[1:]
        else:
            src[0] += 1
    length, stop = hi - lo, len(squeezed) - lo
    return Normalized(
        squeezed[lo:hi],
        _Pieces(at, src, last_end, stop, length, ends=False, base=base),
        _Pieces(at, src, last_end, stop, length, ends=True, base=base),
    )


def normalize(text: str) -> Normalized:
    """Lower-case, punctuation-free, hashtag-split, elongation-squeezed text with offsets."""
    if text.isascii():
        return _normalize_plain(*_split_hashtags(text)) if "#" in text else _normalize_plain(text)
    if "#" in text:
        split, starts = _split_hashtags(text)
    else:
        split, starts = text, list(range(len(text)))
    folded, starts = _fold(split, starts)
    return _squeeze_runs(folded, starts)


def _fold_table_for(text: str) -> dict[int, str]:
    """The folding table, extended with any character of `text` it has not seen yet."""
    for ch in set(text):
        if ord(ch) not in _FOLD_TABLE:
            folded = _fold_cache.get(ch)
            if folded is None:
                folded = _fold_cache[ch] = _fold_char(ch)
            _FOLD_TABLE[ord(ch)] = folded
    return _FOLD_TABLE


def _hashtag_as_words(match: re.Match[str]) -> str:
    body = match.group(1)
    return " " + " ".join(body[a:b] for a, b in _hashtag_words(body)) + " "


def normalize_text(text: str) -> str:
    """The normalized string alone, for callers that need no offsets: the same string as
    `normalize(text).text`, computed with whole-string operations."""
    if "#" in text:
        text = _HASHTAG.sub(_hashtag_as_words, text)
    table = _ASCII_FOLD if text.isascii() else _fold_table_for(text)
    # Letter runs, then spaces (folded text holds no other whitespace): the one-pass `_RUNS`
    # squeeze, as the two kinds of run share no character, without a Python call per run.
    folded = text.translate(table)
    # Searching for any tripled character is several times cheaper than the letter-run
    # substitution, and most captions have none.
    if _TRIPLE.search(folded):
        folded = _LETTER_RUNS.sub(r"\1", folded)
    return " ".join(folded.split())
