"""Finding watched people and candidates in a post: handles, names, nicknames, ballot numbers,
slogans and campaign hashtags.

All name-like keys live in one Aho-Corasick automaton over normalized text, so a caption is
scanned once whatever the size of the roster. The national roster holds millions of people, so
nothing is kept per key or per person as a Python object: the automaton maps a key to its
index, and flat arrays give the key's length and the people it names (a key such as "budi
santoso" names thousands). Single-word names ("Agus", "Tri") are far too common to match alone;
they match only right after an honorific ("Pak Agus", "Mas Tri"). A built matcher is saved and
loaded whole, so a new process need not build it again.
"""

from __future__ import annotations

import platform
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import numpy as np

from classifiers.normalize import Normalized, normalize, normalize_text
from classifiers.sealed import SealedFileError, seal, unseal
from classifiers.sources import sources_digest

HONORIFICS = (
    "mas", "mbak", "bang", "kang", "akang", "aa", "teh", "pak", "bapak", "bu", "ibu", "abah",
    "cak", "ning", "uda", "uni", "bunda", "ustadz", "ustaz", "kiai", "kyai", "haji", "gus",
    "om", "tante", "daeng", "bung", "cik", "koh", "kak", "mak", "umi", "abi", "buya", "romo",
)
_HONORIFIC_SET = frozenset(HONORIFICS)

# Titles written before a name and degrees after it, compared without dots and case.
_PREFIX_TITLES = frozenset(
    "drs dra dr h hj ir prof kh ns r rd tb hm hc apt drg ust ustadz kgs nyi raden".split()
)
_DEGREES = frozenset(
    """spd spdi pd msi mm sh se ssos mpd st mt skom map sip mkes skep ssi mh sag mag ssTP
    stp sp mp ak mba ma mkn sked sfarm apt mars mpa msc phd ba bsc llm ssn sst sikom mikom
    ssy msy shi mhi sthi sth mth ske sgz sft smb sip sstp mtp ip amd amdkep amdkeb amk skm
    spsi mpsi""".lower().split()
)

_KINDS = ("person", "candidate")
# More watched people than this sharing one name (or honorific + name) make it no evidence of
# any one of them; see `_group`.
MAX_NAMESAKES = 20
_HOWS = ("name", "alias", "honorific", "slogan", "hashtag")
_NAME, _ALIAS, _HONORIFIC, _SLOGAN, _HASHTAG = range(len(_HOWS))
_NUMBER_WORDS = {
    "satu": 1, "siji": 1, "hiji": 1, "dua": 2, "loro": 2, "tiga": 3, "telu": 3, "tilu": 3,
    "empat": 4, "papat": 4, "opat": 4, "lima": 5, "limo": 5,
}
_NUM = r"(0{0,2}[1-9]|" + "|".join(_NUMBER_WORDS) + ")"
# Ways of writing a ballot number; a bare "01" counts only with its leading zero.
_BALLOT = re.compile(
    r"(?<!\w)(?:"
    r"(?:no|nomor|nmr|nomer|urut|paslon|pasangan|coblos|nyoblos|pilih)"
    rf"(?: (?:no|nomor|urut))* {_NUM}"
    rf"|salam {_NUM} jari|{_NUM} jari|(0{{1,2}}[1-9])"
    r")(?!\w)"
)
_AT_HANDLE = re.compile(r"@([A-Za-z0-9_.]{2,30})")

_FILE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class WatchedPerson:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    handles: tuple[tuple[str, str], ...] = ()  # (platform, handle)


@dataclass(frozen=True, slots=True)
class WatchedCandidate:
    id: int
    election_id: int
    name: str
    aliases: tuple[str, ...] = ()
    ballot_number: int | None = None
    slogans: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    handles: tuple[tuple[str, str], ...] = ()
    region_names: tuple[str, ...] = ()  # context that makes a bare ballot number count


@dataclass(frozen=True, slots=True)
class MatchInput:
    platform: str
    author_handle: str | None
    text: str
    mentions: tuple[str, ...] = ()
    tagged: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    extra_text: str = ""


class Match(NamedTuple):
    """One way one entity was found in a post. A named tuple, because a name shared by
    thousands makes thousands of these for one caption, and a tuple is the cheapest to make."""

    entity: str  # "person" or "candidate"
    entity_id: int
    how: str
    field: str
    start: int | None  # span in the original string of `field`, for text fields
    end: int | None
    matched: str


def strip_titles(name: str) -> str:
    """'Drs. H. Ahmad Sutisna, M.Si' -> 'Ahmad Sutisna'."""
    head, *_degrees_after_comma = name.split(",")
    tokens = head.split()
    while tokens and _bare(tokens[0]) in _PREFIX_TITLES and len(tokens) > 1:
        tokens.pop(0)
    while len(tokens) > 1 and "." in tokens[-1] and _bare(tokens[-1]) in _DEGREES:
        tokens.pop()
    return " ".join(tokens)


def _bare(token: str) -> str:
    return token.replace(".", "").casefold()


def _fold_handle(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


def _handle_key(platform_: str, handle: str) -> str:
    return f"{platform_}:{_fold_handle(handle)}"


def _same_hit(m: Match) -> tuple:
    return m.entity, m.entity_id, m.how, m.field, m.start, m.matched.casefold()


def _tokens(name: str) -> list[str]:
    return normalize_text(strip_titles(name)).split()


def _code(kind: int, entity_id: int, how: int) -> int:
    # Sorted codes run by entity, and within one entity from the strongest way of naming it.
    return (entity_id << 4) | (kind << 3) | how


class _Builder:
    """Collects the keys and whom each names; `matcher()` freezes them into flat tables."""

    def __init__(self, max_namesakes: int) -> None:
        self.max_namesakes = max_namesakes
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.lengths = array("I")
        self.pair_keys = array("q")
        self.pair_codes = array("q")
        self.handles: dict[str, int] = {}
        self.shared_handles: list[tuple[int, ...]] = []
        self.hashtags: dict[str, list[int]] = defaultdict(list)
        self.ballots: dict[int, list[int]] = defaultdict(list)
        self.regions: dict[str, list[int]] = defaultdict(list)

    def key(self, tokens: list[str]) -> int:
        # Keys are stored between spaces and searched in text padded the same way, so every
        # hit the automaton reports starts and ends on a word boundary.
        padded = f" {' '.join(tokens)} "
        index = self.automaton.get(padded, -1)
        if index == -1:
            index = len(self.lengths)
            self.automaton.add_word(padded, index)
            self.lengths.append(len(padded) - 2)
        return index

    def pair(self, tokens: list[str], code: int) -> None:
        self.pair_keys.append(self.key(tokens))
        self.pair_codes.append(code)

    def entity(
        self, kind: int, entity_id: int, name: str, aliases: Iterable[str], *,
        honor_first_name: bool,
    ) -> None:
        full = _tokens(name)
        if len(full) >= 2:
            self.pair(full, _code(kind, entity_id, _NAME))
        singles = {full[0]} if full and (honor_first_name or len(full) == 1) else set()
        for alias in aliases:
            tokens = _tokens(alias)
            if len(tokens) >= 2:
                self.pair(tokens, _code(kind, entity_id, _ALIAS))
            elif tokens:
                singles.add(tokens[0])
        # Only single-word keys carry honorific codes; matching relies on it.
        for token in singles:
            self.pair([token], _code(kind, entity_id, _HONORIFIC))

    def phrase(self, text: str, code: int) -> None:
        # A one-word slogan or hashtag ("#Lanjutkan") is everyday language in running text;
        # it still matches exactly in the post's hashtag list.
        tokens = normalize_text(text).split()
        if len(tokens) >= 2:
            self.pair(tokens, code)

    def handle(self, platform_: str, handle: str, code: int) -> None:
        key = _handle_key(platform_, handle)
        held = self.handles.setdefault(key, code)
        if held >= 0 and held != code:
            # Rare: handles are unique per platform, but not once case is folded.
            self.shared_handles.append((held, code))
            self.handles[key] = ~(len(self.shared_handles) - 1)
        elif held < 0 and code not in self.shared_handles[~held]:
            self.shared_handles[~held] += (code,)

    def candidate(self, cand: WatchedCandidate) -> None:
        self.entity(1, cand.id, cand.name, cand.aliases, honor_first_name=True)
        for slogan in cand.slogans:
            self.phrase(slogan, _code(1, cand.id, _SLOGAN))
        for tag in cand.hashtags:
            self.hashtags[_fold_handle(tag.lstrip("#"))].append(cand.id)
            self.phrase("#" + tag.lstrip("#"), _code(1, cand.id, _HASHTAG))
        for platform_, handle in cand.handles:
            self.handle(platform_, handle, (cand.id << 1) | 1)
        if cand.ballot_number is not None:
            self.ballots[cand.ballot_number].append(cand.id)
            for region in cand.region_names:
                self.regions[normalize_text(region)].append(cand.id)

    def _drop_keys_naming_nobody(self, offsets: array, region_of_key: dict[int, int]) -> None:
        # Names too shared to name anyone ("budi", "sari", "indah") are also everyday words;
        # left in the automaton they would be found, and thrown away, in caption after caption.
        unused = _unused(offsets, region_of_key)
        if unused:
            for word in [w for w, key in self.automaton.items() if key in unused]:
                self.automaton.remove_word(word)

    def matcher(self) -> Matcher:
        region_of_key: dict[int, int] = {}
        region_candidates: list[tuple[int, ...]] = []
        for name, ids in self.regions.items():
            if name:
                region_of_key[self.key(name.split())] = len(region_candidates)
                region_candidates.append(tuple(dict.fromkeys(ids)))
        offsets, ids, labels = _group(
            self.pair_keys, self.pair_codes, len(self.lengths), self.max_namesakes
        )
        self._drop_keys_naming_nobody(offsets, region_of_key)
        if len(self.automaton):
            self.automaton.make_automaton()
        return Matcher(
            automaton=self.automaton, lengths=self.lengths, offsets=offsets, ids=ids,
            labels=labels,
            region_of_key=region_of_key, region_candidates=region_candidates,
            handles=self.handles, shared_handles=self.shared_handles,
            hashtags=dict(self.hashtags), ballots=dict(self.ballots),
        )


def _unused(offsets: array, region_of_key: dict[int, int]) -> set[int]:
    counts = np.diff(np.frombuffer(offsets, dtype=np.int64))
    return {int(k) for k in np.flatnonzero(counts == 0)} - set(region_of_key)


def _group(
    keys: array, codes: array, key_count: int, max_namesakes: int
) -> tuple[array, array, bytes]:
    """Who each key names, one entry per entity, the strongest way: key k names ids[i] as
    labels[i] (kind << 3 | how) for i in range(offsets[k], offsets[k + 1]).

    A key that more than `max_namesakes` watched people share names none of them: in a
    national roster "Pak Budi" is thousands of civil servants, and a reviewer handed all of
    them can act on none. Candidates keep such keys; the people are still found by handle,
    mention, tag, or a fuller name.
    """
    k = np.frombuffer(keys, dtype=np.int64)
    c = np.frombuffer(codes, dtype=np.int64)
    order = np.lexsort((c, k))
    k, c = k[order], c[order]
    keep = np.ones(len(k), dtype=bool)
    # One person reached twice through one key ("Budi Santoso" as both name and alias):
    # codes sort by entity and then strongest first, so the first of a run is kept.
    keep[1:] = (k[1:] != k[:-1]) | ((c[1:] >> 3) != (c[:-1] >> 3))
    k, c = k[keep], c[keep]
    person = ((c >> 3) & 1) == 0
    crowded = np.bincount(k[person], minlength=key_count) > max_namesakes
    keep = ~(person & crowded[k])
    k, c = k[keep], c[keep]
    offsets = np.zeros(key_count + 1, dtype=np.int64)
    np.cumsum(np.bincount(k, minlength=key_count), out=offsets[1:])
    return (array("q", offsets.tobytes()), array("q", (c >> 4).tobytes()),
            (c & 15).astype(np.uint8).tobytes())


_new_match = tuple.__new__


class _Field:
    """One text field of a post: its normalized text now, its offsets when first asked."""

    __slots__ = ("name", "original", "text", "_normalized")

    def __init__(self, name: str, original: str) -> None:
        self.name = name
        self.original = original
        self.text = normalize_text(original)  # the same text normalize() gives, made faster
        self._normalized: Normalized | None = None

    @property
    def normalized(self) -> Normalized:
        if self._normalized is None:
            self._normalized = normalize(self.original)
        return self._normalized


def _honorific_start(text: str, start: int) -> int:
    """Where the honorific word just before `start` begins, or -1 if that word is none."""
    if start < 2:
        return -1
    word_start = text.rfind(" ", 0, start - 1) + 1
    return word_start if text[word_start : start - 1] in _HONORIFIC_SET else -1


class Matcher:
    """An immutable index of the watch-list; build once (or load), match many posts."""

    def __init__(
        self, *, automaton: ahocorasick.Automaton, lengths: array, offsets: array, ids: array,
        labels: bytes, region_of_key: dict[int, int], region_candidates: list[tuple[int, ...]],
        handles: dict[str, int], shared_handles: list[tuple[int, ...]],
        hashtags: dict[str, list[int]], ballots: dict[int, list[int]],
    ) -> None:
        self._automaton = automaton
        self._lengths = lengths
        self._offsets = offsets
        self._ids = ids
        self._labels = labels
        self._region_of_key = region_of_key
        self._region_candidates = region_candidates
        self._handles = handles
        self._shared_handles = shared_handles
        self._hashtags = hashtags  # normalized tag -> candidate ids
        self._ballots = ballots  # number -> candidate ids

    def __len__(self) -> int:
        return len(self._lengths)

    @classmethod
    def build(
        cls, people: Iterable[WatchedPerson], candidates: Iterable[WatchedCandidate], *,
        max_namesakes: int = MAX_NAMESAKES,
    ) -> Matcher:
        """Index the watch-list; `people` is read once, so a stream of millions is fine."""
        builder = _Builder(max_namesakes)
        for person in people:
            builder.entity(0, person.id, person.name, person.aliases, honor_first_name=False)
            for platform_, handle in person.handles:
                builder.handle(platform_, handle, person.id << 1)
        for cand in candidates:
            builder.candidate(cand)
        return builder.matcher()

    # -- matching ------------------------------------------------------------------------

    def match(self, item: MatchInput) -> list[Match]:
        """Every watched person and candidate in `item`, once for each way and place found."""
        # The same handle may be listed twice, written differently ("Camat.Ahmad").
        by_hit: dict[tuple, Match] = {}
        for m in self._handle_matches(item):
            by_hit.setdefault(_same_hit(m), m)
        found = list(by_hit.values())
        # Offsets back into the original are dear and rarely needed: they are computed
        # only for a field where something was found.
        fields = [_Field(name, original) for name, original in
                  (("text", item.text), ("extra_text", item.extra_text)) if original]
        regions_seen: set[int] = set()
        for f in fields:
            found += self._text_matches(f, regions_seen)
        if self._ballots:
            matched = {m.entity_id for m in found if m.entity == "candidate"}
            if regions_seen or matched:  # without either no ballot number counts
                for f in fields:
                    found += self._ballot_matches(f, regions_seen, matched)
        return found

    def _handle_owners(self, platform_: str, handle: str) -> Iterator[tuple[str, int]]:
        code = self._handles.get(_handle_key(platform_, handle))
        if code is None:
            return
        for c in (code,) if code >= 0 else self._shared_handles[~code]:
            yield _KINDS[c & 1], c >> 1

    def _handle_matches(self, item: MatchInput) -> Iterator[Match]:
        platform_ = item.platform
        if item.author_handle:
            for entity, eid in self._handle_owners(platform_, item.author_handle):
                yield Match(entity, eid, "author", "author", None, None, item.author_handle)
        for field, how, handles in (("mentions", "mention", item.mentions),
                                    ("tagged", "tag", item.tagged)):
            for handle in handles:
                for entity, eid in self._handle_owners(platform_, handle):
                    yield Match(entity, eid, how, field, None, None, handle)
        for tag in item.hashtags:
            for cid in self._hashtags.get(_fold_handle(tag.lstrip("#")), ()):
                yield Match("candidate", cid, "hashtag", "hashtags", None, None, tag)
        for field, original in (("text", item.text), ("extra_text", item.extra_text)):
            if "@" not in (original or ""):
                continue
            for m in _AT_HANDLE.finditer(original):
                handle = m.group(1).rstrip(".")
                for entity, eid in self._handle_owners(platform_, handle):
                    start, end = m.start(), m.start(1) + len(handle)
                    yield Match(entity, eid, "mention", field, start, end, original[start:end])

    def _hits(self, text: str, regions_seen: set[int]) -> list[tuple[int, int, int, bool]]:
        """(start, end, key, needs an honorific) for each key found in normalized `text`."""
        if self._automaton.kind != ahocorasick.AHOCORASICK:
            return []  # an empty automaton cannot be made into one, nor searched
        lengths, offsets, labels = self._lengths, self._offsets, self._labels
        region_of_key = self._region_of_key
        hits = []
        for end_index, key in self._automaton.iter(f" {text} "):
            end = end_index - 1  # the padded text is one ahead, and the key ends in a space
            start = end - lengths[key]
            if key in region_of_key:
                regions_seen.add(region_of_key[key])
            first = offsets[key]
            if first == offsets[key + 1]:
                continue
            if labels[first] & 7 == _HONORIFIC:
                start = _honorific_start(text, start)
                if start < 0:
                    continue
                hits.append((start, end, key, True))
            else:
                hits.append((start, end, key, False))
        return hits

    def _text_matches(self, f: _Field, regions_seen: set[int]) -> list[Match]:
        hits = self._hits(f.text, regions_seen)
        if not hits:
            return []
        # "Mas Arga" may be both a registered alias and honorific + first name of one
        # candidate: the same words at the same place are reported once, the stronger way.
        plain = {(s, e): key for s, e, key, gated in hits if not gated}
        out: list[Match] = []
        for start, end, key, gated in hits:
            o_start, o_end = f.normalized.original_span(start, end)
            where = (f.name, o_start, o_end, f.original[o_start:o_end])
            stronger = plain.get((start, end)) if gated else None
            out += self._named_by(key, where, self._entities(stronger))
        return out

    def _named_by(
        self, key: int, where: tuple[str, int, int, str], skip: set[tuple[int, int]]
    ) -> list[Match]:
        # The hot spot at national scale: a shared name makes one Match per namesake.
        a, b = self._offsets[key], self._offsets[key + 1]
        field, start, end, matched = where
        pairs = zip(self._ids[a:b], self._labels[a:b], strict=True)
        return [_new_match(Match, (_KINDS[label >> 3], eid, _HOWS[label & 7], field, start,
                                   end, matched))
                for eid, label in pairs if not skip or (eid, label >> 3) not in skip]

    def _entities(self, key: int | None) -> set[tuple[int, int]]:
        if key is None:
            return set()
        a, b = self._offsets[key], self._offsets[key + 1]
        pairs = zip(self._ids[a:b], self._labels[a:b], strict=True)
        return {(eid, label >> 3) for eid, label in pairs}

    def _ballot_matches(
        self, f: _Field, regions_seen: set[int], matched_candidates: set[int]
    ) -> Iterator[Match]:
        in_region = {cid for r in regions_seen for cid in self._region_candidates[r]}
        for m in _BALLOT.finditer(f.text):
            raw = next(g for g in m.groups() if g)
            number = _NUMBER_WORDS.get(raw) or int(raw)
            for cid in self._ballots.get(number, ()):
                # "No 2" alone names a candidate in every election; only region or another
                # sign of that very candidate says which one.
                if cid in in_region or cid in matched_candidates:
                    o_start, o_end = f.normalized.original_span(m.start(), m.end())
                    yield Match("candidate", cid, "ballot_number", f.name, o_start, o_end,
                                f.original[o_start:o_end])

    # -- persistence ---------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the matcher to `path`; `Matcher.load` reads it back far faster than a build."""
        seal(path, self._state(), _file_header())

    @classmethod
    def load(cls, path: Path) -> Matcher:
        """A matcher saved by `save`. SealedFileError if the file is unreadable, damaged, or
        was written by another version of this format or of pyahocorasick."""
        state = unseal(path, _file_header())
        if not isinstance(state, dict):
            raise SealedFileError(f"{path}: not a saved matcher")
        return cls(**state)

    def _state(self) -> dict[str, object]:
        return {
            "automaton": self._automaton, "lengths": self._lengths, "offsets": self._offsets,
            "ids": self._ids, "labels": self._labels, "region_of_key": self._region_of_key,
            "region_candidates": self._region_candidates, "handles": self._handles,
            "shared_handles": self._shared_handles, "hashtags": self._hashtags,
            "ballots": self._ballots,
        }


# Keys are normalized text: a change to normalization (or to the word list that splits
# hashtags) or to how keys are made gives other keys, so a saved matcher from before is stale.
_KEY_SOURCES = ("matching.py", "normalize.py", "segment.py", "lexicon/words.txt")


def _file_header() -> dict[str, object]:
    # The automaton is saved as its raw nodes, which only the same library build can read.
    return {"matcher_format": _FILE_FORMAT, "pyahocorasick": version("pyahocorasick"),
            "machine": platform.machine(), "key_code": sources_digest(_KEY_SOURCES)[:16]}
