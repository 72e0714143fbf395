"""Finding watched people and candidates in a post: handles, names, nicknames, ballot numbers,
slogans and campaign hashtags.

All name-like keys live in one Aho-Corasick automaton over normalized text, so a caption is
scanned once whatever the size of the roster. Payloads are packed into ints because a national
roster holds millions of keys. Single-token names ("Agus", "Tri") are far too common to match
alone; they match only after an honorific ("Pak Agus", "Mas Tri").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from classifiers.normalize import Normalized, normalize, normalize_text

HONORIFICS = (
    "mas", "mbak", "bang", "kang", "akang", "aa", "teh", "pak", "bapak", "bu", "ibu", "abah",
    "cak", "ning", "uda", "uni", "bunda", "ustadz", "ustaz", "kiai", "kyai", "haji", "gus",
    "om", "tante", "daeng", "bung", "cik", "koh", "kak", "mak", "umi", "abi", "buya", "romo",
)

# Titles written before a name and degrees after it, compared without dots and case.
_PREFIX_TITLES = frozenset(
    "drs dra dr h hj ir prof kh ns r rd tb hm hc apt drg ust ustadz kgs nyi raden".split()
)
_DEGREES = frozenset(
    """spd spdi pd msi mm sh se ssos mpd st mt skom map sip mkes skep ssi mh sag mag ssTP
    stp sp mp ak mba ma mkn sked sfarm apt mars mpa msc phd ba bsc llm ssn sst sikom mikom
    ssy msy shi mhi sthi sth mth ske sgz sft smb sip sstp mtp ip""".lower().split()
)

_KINDS = ("person", "candidate", "region")
_HOWS = ("name", "alias", "honorific", "slogan", "hashtag")
_ENTITY_CODE = {"person": 0, "candidate": 1}
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


@dataclass(frozen=True, slots=True)
class Match:
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


def _handle_key(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


def _pack(kind: int, entity_id: int, how: int) -> int:
    return (entity_id << 6) | (how << 2) | kind


_ENTITY_MASK = ~(15 << 2)


def _key(m: Match) -> tuple:
    return m.entity, m.entity_id, m.how, m.field, m.start, m.matched.casefold()


def _unpack(code: int) -> tuple[int, int, int]:
    return code & 3, code >> 6, (code >> 2) & 15


class Matcher:
    """An immutable index of the watch-list; build once, match many posts."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._handles: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        self._hashtags: dict[str, list[int]] = defaultdict(list)
        self._ballots: dict[int, list[int]] = defaultdict(list)  # number -> candidate ids
        self._region_candidates: list[tuple[int, ...]] = []
        self._keys = 0

    def __len__(self) -> int:
        return self._keys

    @classmethod
    def build(
        cls, people: Iterable[WatchedPerson], candidates: Iterable[WatchedCandidate]
    ) -> Matcher:
        self = cls()
        for person in people:
            self._add_entity(0, person.id, person.name, person.aliases, honor_first_name=False)
            for platform, handle in person.handles:
                self._handles[(platform, _handle_key(handle))].append(("person", person.id))
        regions: dict[str, list[int]] = defaultdict(list)
        for cand in candidates:
            self._add_entity(1, cand.id, cand.name, cand.aliases, honor_first_name=True)
            for slogan in cand.slogans:
                self._add_phrase(normalize_text(slogan), _pack(1, cand.id, 3))
            for tag in cand.hashtags:
                self._hashtags[_handle_key(tag.lstrip("#"))].append(cand.id)
                self._add_phrase(normalize_text("#" + tag.lstrip("#")), _pack(1, cand.id, 4))
            for platform, handle in cand.handles:
                self._handles[(platform, _handle_key(handle))].append(("candidate", cand.id))
            if cand.ballot_number is not None:
                self._ballots[cand.ballot_number].append(cand.id)
                for region in cand.region_names:
                    regions[normalize_text(region)].append(cand.id)
        for key, ids in regions.items():
            if key:
                self._add_key(key, _pack(2, len(self._region_candidates), 0))
                self._region_candidates.append(tuple(dict.fromkeys(ids)))
        self._automaton.make_automaton()
        return self

    def _add_entity(
        self, kind: int, entity_id: int, name: str, aliases: Iterable[str], *,
        honor_first_name: bool,
    ) -> None:
        full = normalize_text(strip_titles(name)).split()
        if len(full) >= 2:
            self._add_key(" ".join(full), _pack(kind, entity_id, 0))
        singles = {full[0]} if full and (honor_first_name or len(full) == 1) else set()
        for alias in aliases:
            tokens = normalize_text(strip_titles(alias)).split()
            if len(tokens) >= 2:
                self._add_key(" ".join(tokens), _pack(kind, entity_id, 1))
            elif tokens:
                singles.add(tokens[0])
        for token in singles:
            for honorific in HONORIFICS:
                self._add_key(f"{honorific} {token}", _pack(kind, entity_id, 2))

    def _add_phrase(self, key: str, code: int) -> None:
        # A one-word slogan or hashtag ("#Lanjutkan") is everyday language in running text;
        # it still matches exactly in the post's hashtag list.
        if len(key.split()) >= 2:
            self._add_key(key, code)

    def _add_key(self, key: str, code: int) -> None:
        # The value leads with the key's length: the automaton reports where a key ends,
        # and the span needs where it starts.
        existing = self._automaton.get(key, None)
        if existing is None:
            self._automaton.add_word(key, (len(key), code))
            self._keys += 1
        elif all(c & _ENTITY_MASK != code & _ENTITY_MASK for c in existing[1:]):
            # One key, one entity: "Mas Arga" as a registered alias outranks the same words
            # as honorific + first name, and keys are added strongest first.
            self._automaton.add_word(key, (*existing, code))

    def match(self, item: MatchInput) -> list[Match]:
        found: dict[tuple, Match] = {}
        for m in self._handle_matches(item):
            found.setdefault(_key(m), m)
        text_fields = (("text", item.text), ("extra_text", item.extra_text))
        normalized = [(f, s, normalize(s)) for f, s in text_fields if s]
        regions_seen: set[int] = set()
        for field, original, norm in normalized:
            for m in self._text_matches(field, original, norm, regions_seen):
                found.setdefault(_key(m), m)
        matched_candidates = {m.entity_id for m in found.values() if m.entity == "candidate"}
        for field, original, norm in normalized:
            for m in self._ballot_matches(field, original, norm, regions_seen, matched_candidates):
                found.setdefault(_key(m), m)
        return list(found.values())

    def _handle_matches(self, item: MatchInput) -> Iterator[Match]:
        platform = item.platform
        if item.author_handle:
            for entity, eid in self._handles.get((platform, _handle_key(item.author_handle)), ()):
                yield Match(entity, eid, "author", "author", None, None, item.author_handle)
        for field, how, handles in (("mentions", "mention", item.mentions),
                                    ("tagged", "tag", item.tagged)):
            for handle in handles:
                for entity, eid in self._handles.get((platform, _handle_key(handle)), ()):
                    yield Match(entity, eid, how, field, None, None, handle)
        for tag in item.hashtags:
            for cid in self._hashtags.get(_handle_key(tag.lstrip("#")), ()):
                yield Match("candidate", cid, "hashtag", "hashtags", None, None, tag)
        for field, original in (("text", item.text), ("extra_text", item.extra_text)):
            for m in _AT_HANDLE.finditer(original or ""):
                handle = m.group(1).rstrip(".")
                for entity, eid in self._handles.get((platform, handle.casefold()), ()):
                    start, end = m.start(), m.start(1) + len(handle)
                    yield Match(entity, eid, "mention", field, start, end, original[start:end])

    def _text_matches(
        self, field: str, original: str, norm: Normalized, regions_seen: set[int]
    ) -> Iterator[Match]:
        if not self._keys:
            return  # an empty automaton cannot be made into one, nor searched
        text = norm.text
        n = len(text)
        for end_index, (length, *codes) in self._automaton.iter(text):
            end = end_index + 1
            start = end - length
            if (start > 0 and text[start - 1] != " ") or (end < n and text[end] != " "):
                continue
            o_start, o_end = norm.original_span(start, end)
            for code in codes:
                kind, eid, how = _unpack(code)
                if kind == 2:
                    regions_seen.add(eid)
                    continue
                yield Match(_KINDS[kind], eid, _HOWS[how], field, o_start, o_end,
                            original[o_start:o_end])

    def _ballot_matches(
        self, field: str, original: str, norm: Normalized, regions_seen: set[int],
        matched_candidates: set[int],
    ) -> Iterator[Match]:
        if not self._ballots:
            return
        in_region = {cid for r in regions_seen for cid in self._region_candidates[r]}
        for m in _BALLOT.finditer(norm.text):
            raw = next(g for g in m.groups() if g)
            number = _NUMBER_WORDS.get(raw) or int(raw)
            o_start, o_end = norm.original_span(m.start(), m.end())
            for cid in self._ballots.get(number, ()):
                # "No 2" alone names a candidate in every election; only region or another
                # sign of that very candidate says which one.
                if cid in in_region or cid in matched_candidates:
                    yield Match("candidate", cid, "ballot_number", field, o_start, o_end,
                                original[o_start:o_end])

