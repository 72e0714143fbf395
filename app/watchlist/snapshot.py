"""The watch-list as the pipeline sees it: one matcher plus the facts triage needs.

Building the automaton is the expensive part (about a minute for a national roster), so a
process keeps one snapshot and rebuilds it only when the watch-list stamp in the database
moves. Given a cache directory, a snapshot is also kept on disk (see snapshot_store), so that
the next process loads it in seconds instead of building it again.
"""

from __future__ import annotations

import itertools
import threading
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.regions.models import Region
from app.regions.service import short_name
from app.watchlist import snapshot_store
from app.watchlist.models import Account, Candidate, Election, Person, WatchlistState
from classifiers.matching import Matcher, WatchedCandidate, WatchedPerson

# Rows fetched at a time while streaming the people table; it can hold millions.
_STREAM_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class PersonFacts:
    rank: int
    region_code: str


class PeopleFacts(Mapping[int, PersonFacts]):
    """Rank and region of every watched person, by id, in flat arrays: a dict of millions of
    small objects would cost gigabytes."""

    def __init__(
        self, ids: array, ranks: array, regions: array, region_codes: list[str]
    ) -> None:
        self._ids = ids  # ascending
        self._ranks = ranks
        self._regions = regions  # index into region_codes
        self._region_codes = region_codes

    def __getitem__(self, person_id: int) -> PersonFacts:
        i = bisect_left(self._ids, person_id)
        if i == len(self._ids) or self._ids[i] != person_id:
            raise KeyError(person_id)
        return PersonFacts(self._ranks[i], self._region_codes[self._regions[i]])

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def to_state(self) -> dict[str, object]:
        return {"ids": self._ids, "ranks": self._ranks, "regions": self._regions,
                "region_codes": self._region_codes}


class _FactsCollector:
    """Gathers PeopleFacts while the people stream past on their way to the matcher."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.ranks = array("h")
        self.regions = array("I")
        self.region_index: dict[str, int] = {}

    def add(self, person_id: int, rank: int, region_code: str) -> None:
        self.ids.append(person_id)
        self.ranks.append(rank)
        self.regions.append(self.region_index.setdefault(region_code, len(self.region_index)))

    def facts(self) -> PeopleFacts:
        return PeopleFacts(self.ids, self.ranks, self.regions, list(self.region_index))


@dataclass(frozen=True, slots=True)
class WatchlistSnapshot:
    revision: int
    stamp: str
    matcher: Matcher
    people: PeopleFacts
    candidate_elections: dict[int, int]


_lock = threading.Lock()
_cached: WatchlistSnapshot | None = None


def current_revision(*, session: Session) -> int:
    return session.scalar(select(WatchlistState.revision).where(WatchlistState.id == 1)) or 0


def current_snapshot(*, session: Session, cache_dir: Path | None = None) -> WatchlistSnapshot:
    """The process's snapshot, rebuilt first if the watch-list changed since it was built.

    With `cache_dir`, a snapshot of this very watch-list stored there by any process is loaded
    rather than built, and a snapshot built here is stored there for the next process.
    """
    global _cached
    state = session.execute(
        select(WatchlistState.revision, WatchlistState.stamp).where(WatchlistState.id == 1)
    ).first()
    revision, stamp = state if state else (0, "")
    with _lock:
        if _cached is None or _cached.stamp != stamp:
            _cached = _load_or_build(session, revision, stamp, cache_dir)
        return _cached


def _load_or_build(
    session: Session, revision: int, stamp: str, cache_dir: Path | None
) -> WatchlistSnapshot:
    # Without a stamp nothing says which watch-list a stored snapshot was built from.
    if cache_dir is None or not stamp:
        return build_snapshot(session=session, revision=revision, stamp=stamp)
    stored = snapshot_store.read(cache_dir, stamp)
    if stored is not None:
        matcher, facts = stored
        return WatchlistSnapshot(
            revision=revision, stamp=stamp, matcher=matcher,
            people=PeopleFacts(**facts["people"]),
            candidate_elections=facts["candidate_elections"],
        )
    snapshot = build_snapshot(session=session, revision=revision, stamp=stamp)
    snapshot_store.write(cache_dir, stamp, snapshot.matcher, {
        "people": snapshot.people.to_state(),
        "candidate_elections": snapshot.candidate_elections,
    })
    return snapshot


def build_snapshot(*, session: Session, revision: int, stamp: str = "") -> WatchlistSnapshot:
    """Read the whole watch-list and build its matcher, streaming the people table."""
    facts = _FactsCollector()
    candidates = _candidates(session)
    matcher = Matcher.build(_people(session, facts), [c for c, _ in candidates])
    return WatchlistSnapshot(
        revision=revision,
        stamp=stamp,
        matcher=matcher,
        people=facts.facts(),
        candidate_elections={c.id: election_id for c, election_id in candidates},
    )


def _people(session: Session, facts: _FactsCollector) -> Iterator[WatchedPerson]:
    """Every person with their handles, one at a time; records their facts on the way."""
    rows = session.execute(
        select(Person.id, Person.name, Person.aliases, Person.rank, Person.region_code,
               Account.platform, Account.handle)
        .outerjoin(Account, Account.person_id == Person.id)
        .order_by(Person.id)
        .execution_options(yield_per=_STREAM_ROWS)
    )
    for pid, group in itertools.groupby(rows, key=lambda row: row[0]):
        first, *more = group
        _, name, aliases, rank, region_code, platform, handle = first
        handles = [(platform, handle)] if handle is not None else []
        handles += [(row[5], row[6]) for row in more]
        facts.add(pid, rank, region_code)
        yield WatchedPerson(id=pid, name=name, aliases=tuple(aliases or ()),
                            handles=tuple(handles))


def _candidates(session: Session) -> list[tuple[WatchedCandidate, int]]:
    handles: dict[int, list[tuple[str, str]]] = defaultdict(list)
    accounts = select(Account.candidate_id, Account.platform, Account.handle).where(
        Account.candidate_id.is_not(None)
    )
    for candidate_id, platform, handle in session.execute(accounts):
        handles[candidate_id].append((platform, handle))
    region_names = _region_short_names(session)
    rows = session.execute(
        select(Candidate, Election.region_code).join(Election, Candidate.election_id == Election.id)
    ).all()
    return [
        (WatchedCandidate(
            id=c.id, election_id=c.election_id, name=c.name, aliases=tuple(c.aliases or ()),
            ballot_number=c.ballot_number, slogans=tuple(c.slogans or ()),
            hashtags=tuple(c.hashtags or ()), handles=tuple(handles.get(c.id, ())),
            region_names=region_names.get(region_code, ()),
        ), c.election_id)
        for c, region_code in rows
    ]


def _region_short_names(session: Session) -> dict[str, tuple[str, ...]]:
    # "Kota Bekasi" is written "Bekasi" in captions; ballot numbers need that context.
    names: dict[str, tuple[str, ...]] = {}
    for code, name in session.execute(select(Region.code, Region.name).where(Region.level <= 2)):
        names[code] = tuple(dict.fromkeys((short_name(name), name)))
    return names
