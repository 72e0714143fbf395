"""Confirmed cases as they leave Pantau: one flat row per case, for a spreadsheet or a partner.
Every export is written to the audit log with what was asked for and how much went out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import Invalid
from app.i18n import WIB
from app.posts.models import Post, PostMatch
from app.regions.models import Region
from app.review.categories import SKB_CATEGORIES
from app.review.models import ReviewItem, ReviewStep
from app.review.triage import HOW_WEIGHT, RANK_WEIGHT
from app.users.models import User
from app.watchlist.models import Candidate, Election, Person
from app.watchlist.nip import mask_nip

FORMATS = ("csv", "xlsx")
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_MAX_ID = 2**31 - 1
T = TypeVar("T")
# Bounded IN lists: SQLite and PostgreSQL both cap the parameters of one statement.
_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class CaseFilters:
    """Which confirmed cases: a region (code prefix), an election, and WIB days of posting."""

    region: str | None = None
    election: int | None = None
    since: date | None = None
    until: date | None = None

    def validate(self) -> None:
        if self.region is not None and not _REGION_CODE.match(self.region):
            raise Invalid(f"region {self.region!r} is not a Kemendagri code like 32 or 32.75")
        if self.election is not None and not 0 < self.election <= _MAX_ID:
            raise Invalid(f"election {self.election} is not an election id")
        if self.since and self.until and self.since > self.until:
            raise Invalid(f"since ({self.since}) is after until ({self.until})")

    @classmethod
    def parse(cls, *, region: str = "", election: str = "", since: str = "",
              until: str = "") -> CaseFilters:
        """Filters from a form or query string, where a field left empty arrives as ""."""
        try:
            filters = cls(
                region=region.strip() or None,
                election=int(election) if election.strip() else None,
                since=date.fromisoformat(since) if since.strip() else None,
                until=date.fromisoformat(until) if until.strip() else None,
            )
        except ValueError as exc:
            raise Invalid(f"filters: election is a number, since and until are dates like "
                          f"2024-10-31 ({exc})") from None
        filters.validate()
        return filters

    def as_record(self) -> dict[str, object]:
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One confirmed case, flat; times are WIB. Field order is the column order."""

    case_id: int
    post_id: int
    platform: str
    permalink: str | None
    post_time_wib: datetime | None
    first_collected_wib: datetime
    actor_name: str | None
    actor_nip_masked: str
    actor_employment: str | None
    actor_position: str | None
    actor_agency: str | None
    actor_region: str | None
    actor_region_code: str | None
    election: str | None
    candidate: str
    skb_category: int | None
    skb_category_name: str
    text: str
    raw_sha256: str
    decided_by: str | None
    decided_at_wib: datetime | None
    confirmed_by: str | None
    confirmed_at_wib: datetime | None
    note: str
    confirmation_note: str


COLUMNS = tuple(f.name for f in fields(CaseRow))


@dataclass(frozen=True, slots=True)
class Actor:
    person: Person
    how: str
    region: str | None

    @property
    def nip_masked(self) -> str:
        return mask_nip(self.person.nip)


def _wib(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(WIB)


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _region_names(session: Session, codes: set[str]) -> dict[str, str]:
    """code -> "Bekasi Timur, Kota Bekasi, Jawa Barat": a kecamatan alone is ambiguous."""
    ancestors = {code.rsplit(".", n)[0] for code in codes for n in range(code.count(".") + 1)}
    stmt = select(Region.code, Region.name).where(Region.code.in_(ancestors))
    names = dict(session.execute(stmt).all())
    return {
        code: ", ".join(names.get(code.rsplit(".", n)[0], "?") for n in range(code.count(".") + 1))
        for code in codes
    }


def _weight(actor: Actor) -> float:
    # Ranked as triage ranks them, so the export names the actor the flag was raised for.
    return HOW_WEIGHT.get(actor.how, 0.5) * RANK_WEIGHT.get(actor.person.rank, 0.5)


def post_actors(*, session: Session, post_ids: Sequence[int]) -> dict[int, list[Actor]]:
    """Each post's watched people, strongest first, one entry per person."""
    rows = session.execute(
        select(PostMatch.post_id, PostMatch.how, Person)
        .join(Person, PostMatch.person_id == Person.id)
        .where(PostMatch.post_id.in_(post_ids)).order_by(PostMatch.id)
    ).all()
    regions = _region_names(session, {person.region_code for _, _, person in rows})
    best: dict[int, dict[int, Actor]] = defaultdict(dict)
    for post_id, how, person in rows:
        actor = Actor(person, how, regions.get(person.region_code))
        seen = best[post_id].get(person.id)
        if seen is None or _weight(actor) > _weight(seen):
            best[post_id][person.id] = actor
    return {pid: sorted(by_person.values(), key=_weight, reverse=True)
            for pid, by_person in best.items()}


def post_candidates(*, session: Session, post_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each post's matched candidates' names, in the order they were found."""
    rows = session.execute(
        select(PostMatch.post_id, Candidate.name)
        .join(Candidate, PostMatch.candidate_id == Candidate.id)
        .where(PostMatch.post_id.in_(post_ids)).order_by(PostMatch.id)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for post_id, name in rows:
        if name not in names[post_id]:
            names[post_id].append(name)
    return names


def _last_notes(session: Session, item_ids: Sequence[int]) -> dict[tuple[int, str], str]:
    """(item, step) -> the note of the newest decision or confirmation on it."""
    rows = session.execute(
        select(ReviewStep.item_id, ReviewStep.step, ReviewStep.note)
        .where(ReviewStep.item_id.in_(item_ids),
               ReviewStep.step.in_(("decision", "confirmation")))
        .order_by(ReviewStep.created_at, ReviewStep.id)
    )
    return {(item_id, step): note for item_id, step, note in rows}


def _user_names(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _election_names(session: Session, ids: set[int]) -> dict[int, str]:
    stmt = select(Election.id, Election.name).where(Election.id.in_(ids))
    return dict(session.execute(stmt).all())


def _filtered(filters: CaseFilters) -> Select[tuple[ReviewItem, Post]]:
    stmt = (
        select(ReviewItem, Post).join(Post, ReviewItem.post_id == Post.id)
        .where(ReviewItem.status == "confirmed")
    )
    if filters.region:
        stmt = stmt.where(or_(ReviewItem.region_code == filters.region,
                              ReviewItem.region_code.like(filters.region + ".%")))
    if filters.election is not None:
        stmt = stmt.where(ReviewItem.election_id == filters.election)
    if filters.since:
        stmt = stmt.where(ReviewItem.post_time >= datetime.combine(filters.since, time(), WIB))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time(), WIB)
        stmt = stmt.where(ReviewItem.post_time < end)
    return stmt


def list_cases(*, session: Session, filters: CaseFilters, newest: int | None = None
               ) -> list[CaseRow]:
    """Confirmed cases matching the filters, oldest confirmation first; or only the
    `newest` confirmed, newest first."""
    filters.validate()
    stmt = _filtered(filters)
    if newest is None:
        stmt = stmt.order_by(ReviewItem.confirmed_at, ReviewItem.id)
    else:
        stmt = stmt.order_by(ReviewItem.confirmed_at.desc(), ReviewItem.id.desc()).limit(newest)
    found = session.execute(stmt).all()
    return [row for chunk in _chunks(found) for row in _case_rows(session, chunk)]


def count_cases(*, session: Session, filters: CaseFilters) -> int:
    """How many confirmed cases match the filters."""
    filters.validate()
    return session.scalar(select(func.count()).select_from(_filtered(filters).subquery())) or 0


def elections(*, session: Session) -> list[Election]:
    """Every election, for choosing one to filter by."""
    return list(session.scalars(select(Election).order_by(Election.year.desc(), Election.name)))


def _case_rows(
    session: Session, found: Sequence[Row[tuple[ReviewItem, Post]]]
) -> list[CaseRow]:
    post_ids = [post.id for _, post in found]
    item_ids = [item.id for item, _ in found]
    actors = post_actors(session=session, post_ids=post_ids)
    candidates = post_candidates(session=session, post_ids=post_ids)
    notes = _last_notes(session, item_ids)
    users = _user_names(session, {i.decided_by_id for i, _ in found if i.decided_by_id}
                        | {i.confirmed_by_id for i, _ in found if i.confirmed_by_id})
    elections = _election_names(session, {i.election_id for i, _ in found if i.election_id})
    rows = []
    # One row per watched person a case names, highest-ranked first: a partner agency acts
    # per person, and a second civil servant in the same post must not drop out of the file.
    for item, post in found:
        for top in actors.get(post.id) or [None]:
            person = top.person if top else None
            rows.append(CaseRow(
                case_id=item.id, post_id=post.id, platform=post.platform, permalink=post.permalink,
                post_time_wib=_wib(post.created_at), first_collected_wib=_wib(post.collected_at),
                actor_name=person and person.name, actor_nip_masked=mask_nip(person and person.nip),
                actor_employment=person and person.employment,
                actor_position=person and person.position, actor_agency=person and person.agency,
                actor_region=top and top.region, actor_region_code=person and person.region_code,
                election=elections.get(item.election_id or 0),
                candidate="; ".join(candidates.get(post.id, [])),
                skb_category=item.category,
                skb_category_name=SKB_CATEGORIES[item.category][0] if item.category else "",
                text=post.text, raw_sha256=post.raw_sha256,
                decided_by=users.get(item.decided_by_id or 0), decided_at_wib=_wib(item.decided_at),
                confirmed_by=users.get(item.confirmed_by_id or 0),
                confirmed_at_wib=_wib(item.confirmed_at),
                note=notes.get((item.id, "decision"), ""),
                confirmation_note=notes.get((item.id, "confirmation"), ""),
            ))
    return rows


def export_cases(
    *, session: Session, filters: CaseFilters, fmt: str, user_id: int | None, actor: str
) -> list[CaseRow]:
    """The cases to export, with the export on the audit record (flushed, not committed)."""
    if fmt not in FORMATS:
        raise Invalid(f"format: choose one of {', '.join(FORMATS)}")
    rows = list_cases(session=session, filters=filters)
    audit.record(session, action="export.cases", user_id=user_id, actor=actor,
                 object_type="review_item",
                 after={"format": fmt, "filters": filters.as_record(),
                        "cases": len({r.case_id for r in rows}), "rows": len(rows)})
    return rows
