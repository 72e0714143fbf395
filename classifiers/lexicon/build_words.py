"""Write lexicon/words.txt: word frequencies for splitting run-together hashtags.

Counted from the corpus this project wrote (never from outside data), without the held-out
split (a word list that knew its names would flatter the held-out figures), and the slang
lexicon's standard spellings. Run after the corpus changes:
python -m classifiers.lexicon.build_words
"""

from __future__ import annotations

import re
from collections import Counter

from classifiers.evaluation import is_heldout
from classifiers.segment import WORDS_PATH
from classifiers.slang import LEXICON
from classifiers.support import load_corpus

# Hashtags are left out of the counts: unsplit, they would teach that a run is one word.
_HASHTAG = re.compile(r"#\w+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def count_words() -> Counter[str]:
    counts: Counter[str] = Counter()
    for example in load_corpus():
        if example.source == "nusax":
            continue  # its licence (CC BY-SA) would follow the word list
        if is_heldout(example):
            continue
        counts.update(_WORD.findall(_HASHTAG.sub(" ", example.text).casefold()))
    for standard in LEXICON.values():
        counts.update(w for w in standard.split() if w.isalpha())
    return counts


def main() -> None:
    counts = count_words()
    lines = [f"{w}\t{c}" for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    header = "# word<TAB>count; written by classifiers/lexicon/build_words.py, do not edit\n"
    WORDS_PATH.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {WORDS_PATH}")


if __name__ == "__main__":
    main()
