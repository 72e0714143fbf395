"""Splitting run-together hashtags into words: "#2024gantiwalikota" -> "ganti walikota",
"#bulatkantekaduntukmasarga" -> "bulatkan tekad untuk mas arga".

A Viterbi search over a word list with frequencies (`lexicon/words.txt`, counted from the
corpus this project wrote, plus the slang lexicon). Words not in the list — usually a
candidate's name — cost more per letter, so the cheapest split uses known words wherever it
can and leaves a name whole.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

WORDS_PATH = Path(__file__).parent / "lexicon" / "words.txt"
_MAX_WORD = 20
_MIN_LENGTH = 6  # shorter run-together tags ("#pilkada") are already words
_UNKNOWN_BASE = 14.0
_UNKNOWN_PER_LETTER = 3.0


@lru_cache(maxsize=1)
def _costs() -> dict[str, float]:
    counts: dict[str, int] = {}
    for line in WORDS_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, count = line.partition("\t")
            counts[word] = int(count or 1)
    total = sum(counts.values())
    return {w: -math.log(c / total) for w, c in counts.items()}


@lru_cache(maxsize=4096)
def split_words(run: str) -> tuple[str, ...]:
    """The most likely words of a lower-case letter run; the run itself when it is a word,
    too short, or no split beats leaving it whole."""
    costs = _costs()
    n = len(run)
    if n < _MIN_LENGTH or run in costs or not run.isalpha():
        return (run,)
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            piece = run[start:end]
            cost = costs.get(piece)
            if cost is None:
                cost = _UNKNOWN_BASE + _UNKNOWN_PER_LETTER * len(piece)
            total = best[start] + cost
            if total < best[end]:
                best[end], back[end] = total, start
    words: list[str] = []
    end = n
    while end > 0:
        words.append(run[back[end] : end])
        end = back[end]
    words.reverse()
    if sum(w in costs for w in words) < len(words) - 1:
        return (run,)  # two unknown pieces: more likely a name or a word we lack
    return tuple(words)
