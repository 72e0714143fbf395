"""Region names, marked for the n-gram model.

A support post ties a candidate to a place ("pimpin Sibolga", "#PakRaharjoUntukSragen",
"Bupati Tapanuli Utara"); the model was trained on some regencies and will meet all 552. A
marker beside each region name carries what it learnt about one place to the others.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from classifiers.honorifics import capitalized_words

REGIONS_PATH = Path(__file__).parent / "lexicon" / "regions.txt"
REGION_MARK = "⟨wilayah⟩"
# Region names that are everyday words too ("serang" attack, "malang" unlucky, "batu" stone,
# "padang" field, "kaur" a village officer, "Bima" a person): marked only where the writer
# capitalized them.
AMBIGUOUS = frozenset("""
    serang malang palu kudus batu batang puncak kaur buru banjar karo padang lebak pati bima
    metro landak ketapang lingga tegal malaka bone solo
""".split())


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """Region names (as word tuples) by their first word, longest first, so "padang lawas
    utara" wins over "padang lawas" and "padang"."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for line in REGIONS_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words = tuple(line.split())
            by_first.setdefault(words[0], []).append(words)
    for names in by_first.values():
        names.sort(key=len, reverse=True)
    return by_first


def mark_regions(normalized: str, original: str | None = None) -> str:
    """`normalized` text with `REGION_MARK` before every region name in it: "bupati tapanuli
    utara" -> "bupati ⟨wilayah⟩ tapanuli utara". A name in `AMBIGUOUS` counts only when
    `original`, the text as written, capitalizes it."""
    by_first = _by_first_word()
    words = normalized.split()
    if by_first.keys().isdisjoint(words):
        return normalized
    out: list[str] = []
    capitalized: frozenset[str] | None = None
    i = 0
    while i < len(words):
        for name in by_first.get(words[i], ()):
            if tuple(words[i : i + len(name)]) != name:
                continue
            if len(name) == 1 and name[0] in AMBIGUOUS:
                if capitalized is None and original is not None:
                    capitalized = capitalized_words(original) or frozenset()
                if capitalized is None or name[0] not in capitalized:
                    continue
            out.append(REGION_MARK)
            out.extend(name)
            i += len(name)
            break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)
