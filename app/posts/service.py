"""Reading posts and flags, with everything a partner or reviewer needs, in a few queries."""

from __future__ import annotations

import base64
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.errors import Invalid, NotFound
from app.posts.models import Classification, Post, PostMatch, PostRevision
from app.posts.schemas import (
    ActorRead,
    AuthorRead,
    CandidateMatchRead,
    ClassificationRead,
    ElectionRead,
    FlagRead,
    PostRead,
    ReviewRead,
)
from app.review.models import ReviewItem
from app.watchlist.models import Candidate, Election, Person

_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


@dataclass(frozen=True, slots=True)
class FlagFilters:
    region: str | None = None
    election: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    min_score: float | None = None

    def validate(self) -> None:
        if self.region is not None and not _REGION_CODE.match(self.region):
            raise Invalid(f"region {self.region!r} is not a Kemendagri code like 32 or 32.75")
        if self.since and self.until and self.since > self.until:
            raise Invalid("since is after until")
        for name, value in (("since", self.since), ("until", self.until)):
            if value is not None and value.tzinfo is None:
                raise Invalid(f"{name} needs a time zone, e.g. 2024-11-01T00:00:00+07:00")


def encode_cursor(item_id: int) -> str:
    return base64.urlsafe_b64encode(f"r{item_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("r"):
            raise ValueError
        return int(raw[1:])
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid("cursor is not one this API issued") from exc


def list_flags(
    *, session: Session, filters: FlagFilters, cursor: str | None, limit: int
) -> tuple[list[FlagRead], str | None]:
    """Flagged posts, newest flag first, with a cursor to the next page."""
    filters.validate()
    stmt = select(ReviewItem).order_by(ReviewItem.id.desc()).limit(limit + 1)
    if cursor:
        stmt = stmt.where(ReviewItem.id < decode_cursor(cursor))
    if filters.region:
        stmt = stmt.where(
            or_(
                ReviewItem.region_code == filters.region,
                ReviewItem.region_code.like(filters.region + ".%"),
            )
        )
    if filters.election is not None:
        stmt = stmt.where(ReviewItem.election_id == filters.election)
    if filters.since:
        stmt = stmt.where(ReviewItem.post_time >= filters.since)
    if filters.until:
        stmt = stmt.where(ReviewItem.post_time < filters.until)
    if filters.min_score is not None:
        stmt = stmt.where(ReviewItem.score >= filters.min_score)
    items = list(session.scalars(stmt))
    next_cursor = encode_cursor(items[limit - 1].id) if len(items) > limit else None
    posts = _read_posts(session, [i.post_id for i in items[:limit]])
    return [_as_flag(posts[i.post_id]) for i in items[:limit]], next_cursor


def get_post(*, session: Session, post_id: int) -> PostRead:
    """One post with its matches, newest classification and review state."""
    posts = _read_posts(session, [post_id])
    if post_id not in posts:
        raise NotFound(f"post {post_id} not found")
    return posts[post_id]


def _as_flag(post: PostRead) -> FlagRead:
    assert post.classification is not None and post.review is not None
    c = post.classification
    return FlagRead(
        **post.model_dump(),
        label=c.label,
        score=c.score,
        explanation=c.explanation,
        model_version=c.model_version,
        review_status=post.review.status,
    )


def _read_posts(session: Session, post_ids: Sequence[int]) -> dict[int, PostRead]:
    if not post_ids:
        return {}
    posts = {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(post_ids)))}
    actors, candidates = _matches(session, post_ids)
    classifications = _latest_classifications(session, post_ids)
    reviews = {
        r.post_id: ReviewRead(
            id=r.id, status=r.status, priority=r.priority, flagged_at=r.flagged_at
        )
        for r in session.scalars(select(ReviewItem).where(ReviewItem.post_id.in_(post_ids)))
    }
    # A Result has .keys(), so dict() would treat it as a mapping: take the rows.
    revisions = dict(
        session.execute(
            select(PostRevision.post_id, func.count())
            .where(PostRevision.post_id.in_(post_ids))
            .group_by(PostRevision.post_id)
        ).all()
    )
    return {
        pid: PostRead(
            id=p.id, platform=p.platform, kind=p.kind, external_id=p.external_id,
            permalink=p.permalink, author=AuthorRead(handle=p.author_handle, name=p.author_name),
            text=p.text, extra_text=p.extra_text, hashtags=p.hashtags,
            created_at=p.created_at, collected_at=p.collected_at, last_seen_at=p.last_seen_at,
            metrics=p.metrics, actors=actors.get(pid, []), candidates=candidates.get(pid, []),
            classification=classifications.get(pid), review=reviews.get(pid),
            revisions=revisions.get(pid, 0), raw_sha256=p.raw_sha256,
            collector=p.collector, collector_version=p.collector_version,
        )
        for pid, p in posts.items()
    }


def _span(m: PostMatch) -> tuple[int, int] | None:
    return (m.span_start, m.span_end) if m.span_start is not None else None


def _matches(
    session: Session, post_ids: Sequence[int]
) -> tuple[dict[int, list[ActorRead]], dict[int, list[CandidateMatchRead]]]:
    actors: dict[int, list[ActorRead]] = defaultdict(list)
    candidates: dict[int, list[CandidateMatchRead]] = defaultdict(list)
    rows = session.execute(
        select(PostMatch, Person)
        .join(Person, PostMatch.person_id == Person.id)
        .where(PostMatch.post_id.in_(post_ids))
        .order_by(PostMatch.id)
    )
    for m, person in rows:
        actors[m.post_id].append(ActorRead(
            person_id=person.id, name=person.name, employment=person.employment,
            position=person.position, agency=person.agency, region_code=person.region_code,
            how=m.how, field=m.field, span=_span(m), matched=m.matched,
        ))
    rows = session.execute(
        select(PostMatch, Candidate, Election)
        .join(Candidate, PostMatch.candidate_id == Candidate.id)
        .join(Election, Candidate.election_id == Election.id)
        .where(PostMatch.post_id.in_(post_ids))
        .order_by(PostMatch.id)
    )
    for m, cand, election in rows:
        candidates[m.post_id].append(CandidateMatchRead(
            candidate_id=cand.id, name=cand.name, ballot_number=cand.ballot_number,
            election=ElectionRead(
                id=election.id, name=election.name, office=election.office,
                region_code=election.region_code, year=election.year,
            ),
            how=m.how, field=m.field, span=_span(m), matched=m.matched,
        ))
    return actors, candidates


def _latest_classifications(
    session: Session, post_ids: Sequence[int]
) -> dict[int, ClassificationRead]:
    newest = (
        select(func.max(Classification.id))
        .where(Classification.post_id.in_(post_ids))
        .group_by(Classification.post_id)
    )
    rows = session.scalars(select(Classification).where(Classification.id.in_(newest)))
    return {
        c.post_id: ClassificationRead(
            label=c.label, score=c.score, probabilities=c.probabilities,
            explanation=c.explanation, model_version=c.model_version, classified_at=c.created_at,
        )
        for c in rows
    }
