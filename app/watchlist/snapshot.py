"""The watch-list as the pipeline sees it: one matcher plus the facts triage needs.

Building the automaton is the expensive part, so a process keeps one snapshot and rebuilds it
only when the watch-list revision in the database moves.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.regions.models import Region
from app.regions.service import short_name
from app.watchlist.models import Account, Candidate, Election, Person, WatchlistState
from classifiers.matching import Matcher, WatchedCandidate, WatchedPerson


@dataclass(frozen=True, slots=True)
class PersonFacts:
    rank: int
    region_code: str


@dataclass(frozen=True, slots=True)
class WatchlistSnapshot:
    revision: int
    stamp: str
    matcher: Matcher
    people: dict[int, PersonFacts]
    candidate_elections: dict[int, int]


_lock = threading.Lock()
_cached: WatchlistSnapshot | None = None


def current_revision(*, session: Session) -> int:
    return session.scalar(select(WatchlistState.revision).where(WatchlistState.id == 1)) or 0


def current_snapshot(*, session: Session) -> WatchlistSnapshot:
    """The cached snapshot, rebuilt first if the watch-list changed since it was built."""
    global _cached
    state = session.execute(
        select(WatchlistState.revision, WatchlistState.stamp).where(WatchlistState.id == 1)
    ).first()
    revision, stamp = state if state else (0, "")
    with _lock:
        if _cached is None or _cached.stamp != stamp:
            _cached = build_snapshot(session=session, revision=revision, stamp=stamp)
        return _cached


def _handles_by_owner(session: Session) -> tuple[dict[int, list], dict[int, list]]:
    people: dict[int, list[tuple[str, str]]] = defaultdict(list)
    candidates: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = session.execute(
        select(Account.platform, Account.handle, Account.person_id, Account.candidate_id)
    )
    for platform, handle, person_id, candidate_id in rows:
        if person_id is not None:
            people[person_id].append((platform, handle))
        else:
            candidates[candidate_id].append((platform, handle))
    return people, candidates


def _region_short_names(session: Session) -> dict[str, tuple[str, ...]]:
    # "Kota Bekasi" is written "Bekasi" in captions; ballot numbers need that context.
    names: dict[str, tuple[str, ...]] = {}
    for code, name in session.execute(select(Region.code, Region.name).where(Region.level <= 2)):
        names[code] = tuple(dict.fromkeys((short_name(name), name)))
    return names


def build_snapshot(*, session: Session, revision: int, stamp: str = "") -> WatchlistSnapshot:
    """Read the whole watch-list and build its matcher."""
    person_handles, candidate_handles = _handles_by_owner(session)
    people = session.execute(
        select(Person.id, Person.name, Person.aliases, Person.rank, Person.region_code)
    ).all()
    watched_people = [
        WatchedPerson(
            id=pid, name=name, aliases=tuple(aliases or ()),
            handles=tuple(person_handles.get(pid, ())),
        )
        for pid, name, aliases, _rank, _region in people
    ]
    region_names = _region_short_names(session)
    candidates = session.execute(
        select(Candidate, Election.region_code).join(Election, Candidate.election_id == Election.id)
    ).all()
    watched_candidates = [
        WatchedCandidate(
            id=c.id, election_id=c.election_id, name=c.name, aliases=tuple(c.aliases or ()),
            ballot_number=c.ballot_number, slogans=tuple(c.slogans or ()),
            hashtags=tuple(c.hashtags or ()), handles=tuple(candidate_handles.get(c.id, ())),
            region_names=region_names.get(region_code, ()),
        )
        for c, region_code in candidates
    ]
    return WatchlistSnapshot(
        revision=revision,
        stamp=stamp,
        matcher=Matcher.build(watched_people, watched_candidates),
        people={pid: PersonFacts(rank, region) for pid, _n, _a, rank, region in people},
        candidate_elections={c.id: c.election_id for c, _ in candidates},
    )
