"""Sources: add, list, switch on and off, and build an election's sources from the watch-list."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Conflict, Invalid, NotFound
from app.sources.kinds import parse_every, parse_params
from app.sources.models import Source
from app.watchlist.models import Account, Candidate, Election, Person

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
GENERATED_EVERY = {"tiktok_query": 3600, "tiktok_user_activity": 6 * 3600,
                   "tiktok_comments": 3 * 3600, "instagram_hashtag": 6 * 3600,
                   "instagram_account": 3 * 3600}
# Comments are read under every flagged video, whatever the election: one source for all.
COMMENTS_SOURCE = "tiktok-comments"


def add(session: Session, *, name: str, kind: str, params: Mapping[str, str], every: str,
        now: datetime) -> Source:
    name = name.strip().lower()
    if not _NAME.match(name):
        raise Invalid(f"NAME: lowercase letters, digits, '.', '_' or '-', up to 100 (got {name!r})")
    if session.scalar(select(Source.id).where(Source.name == name)) is not None:
        raise Conflict(f"a source named {name!r} already exists")
    source = Source(name=name, kind=kind, params=parse_params(kind, params),
                    every_seconds=parse_every(every), enabled=True, created_at=now,
                    next_run_at=now, error_streak=0)
    session.add(source)
    session.flush()
    return source


def get(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name.strip().lower()))
    if source is None:
        raise NotFound(f"no source named {name!r}; `pantau sources list` shows them")
    return source


def list_all(session: Session) -> Sequence[Source]:
    return session.scalars(select(Source).order_by(Source.name)).all()


def set_enabled(session: Session, name: str, enabled: bool, now: datetime) -> Source:
    source = get(session, name)
    source.enabled = enabled
    if enabled:
        # A source switched back on runs at once, with a clean slate.
        source.next_run_at = now
        source.error_streak = 0
    session.flush()
    return source


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def election_slugs(election: Election) -> tuple[str, str]:
    """An election answers to its name as a slug and to office-region-year."""
    return slug(election.name), f"{election.office}-{election.region_code}-{election.year}"


def find_election(session: Session, wanted: str) -> Election:
    elections = session.scalars(select(Election).order_by(Election.id)).all()
    for election in elections:
        if wanted.strip().lower() in election_slugs(election):
            return election
    known = ", ".join(election_slugs(e)[0] for e in elections) or "none yet"
    raise NotFound(f"--election: no election {wanted!r}; known: {known}")


def _handles(accounts: Sequence[Account], platform: str) -> list[str]:
    return sorted({a.handle for a in accounts if a.platform == platform})


def generate(session: Session, election_slug: str, now: datetime) -> list[tuple[Source, bool]]:
    """The sources an election needs, created or refreshed; (source, created) pairs.

    Candidates give the search terms (names, nicknames, slogans, hashtags) and their own
    accounts; watched people in the election's region give the accounts whose posts and likes
    are evidence; the comments under flagged videos come with the first TikTok query. Running
    it again after a watch-list change refreshes the parameters.
    """
    election = find_election(session, election_slug)
    base = election_slugs(election)[0]
    candidates = session.scalars(select(Candidate).where(Candidate.election_id == election.id)
                                 .order_by(Candidate.id)).all()
    cand_accounts = session.scalars(select(Account).where(
        Account.candidate_id.in_([c.id for c in candidates]))).all()
    # Region codes nest by prefix: a province's election covers its regencies' civil servants.
    people_ids = select(Person.id).where(
        (Person.region_code == election.region_code)
        | Person.region_code.like(f"{election.region_code}.%"))
    watched = session.scalars(select(Account).where(Account.person_id.in_(people_ids))).all()
    keywords = list(dict.fromkeys(
        term for c in candidates for term in (c.name, *c.aliases, *c.slogans) if term))
    hashtags = list(dict.fromkeys(h for c in candidates for h in c.hashtags))
    wanted: dict[str, tuple[str, dict[str, Any]]] = {
        f"{base}-tiktok": ("tiktok_query", {
            "keywords": keywords, "hashtags": hashtags,
            "usernames": _handles(watched, "tiktok"), "days_back": 7}),
        f"{base}-tiktok-activity": ("tiktok_user_activity",
                                    {"usernames": _handles(watched, "tiktok")}),
        f"{base}-instagram-hashtags": ("instagram_hashtag", {"hashtags": hashtags}),
        f"{base}-instagram-accounts": ("instagram_account", {
            "usernames": sorted({*_handles(watched, "instagram"),
                                 *_handles(cand_accounts, "instagram")})}),
    }
    out = []
    for name, (kind, params) in wanted.items():
        params = {k: v for k, v in params.items() if v}
        if not any(isinstance(v, list) for v in params.values()):
            continue  # nothing to look for: no terms, no accounts
        source = session.scalar(select(Source).where(Source.name == name))
        if source is None:
            source = Source(name=name, kind=kind, params=params,
                            every_seconds=GENERATED_EVERY[kind], enabled=True, created_at=now,
                            next_run_at=now, error_streak=0)
            session.add(source)
            out.append((source, True))
        else:
            source.params = params
            out.append((source, False))
    if any(source.kind == "tiktok_query" for source, _ in out):
        out.extend(_comments_source(session, now))
    session.flush()
    return out


def _comments_source(session: Session, now: datetime) -> list[tuple[Source, bool]]:
    source = session.scalar(select(Source).where(Source.name == COMMENTS_SOURCE))
    if source is not None:
        return [(source, False)]
    source = Source(name=COMMENTS_SOURCE, kind="tiktok_comments", params={"days_back": 7},
                    every_seconds=GENERATED_EVERY["tiktok_comments"], enabled=True,
                    created_at=now, next_run_at=now, error_streak=0)
    session.add(source)
    return [(source, True)]


def watched_hashtags(session: Session) -> list[str]:
    """Every hashtag the enabled instagram_hashtag sources ask for, each once."""
    sources = session.scalars(select(Source).where(Source.kind == "instagram_hashtag",
                                                   Source.enabled.is_(True))).all()
    return list(dict.fromkeys(tag.lower() for s in sources for tag in s.params.get("hashtags", ())))
