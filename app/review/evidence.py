"""Everything a reviewer needs to decide one item, gathered in one place for page and API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.posts.acts import PostAct
from app.posts.models import Classification, Post, PostMatch
from app.regions.models import Region
from app.review.categories import ACTS_CATEGORY, category_name
from app.review.clock import URGENT_WITHIN, days_left
from app.review.highlight import Piece, Span, pieces
from app.review.models import ReviewItem, ReviewStep
from app.users.models import User
from app.watchlist.models import Candidate, Person
from app.watchlist.nip import mask_nip

RELATED_LIMIT = 10


@dataclass
class ActorCard:
    person_id: int
    name: str
    position: str | None
    agency: str | None
    region: str
    nip_masked: str
    employment: str
    how: list[str]
    matched: list[str]


@dataclass
class ActLine:
    """An account liked, reposted or pinned the video; who they are when they are watched."""

    action: str
    handle: str
    first_seen_at: datetime
    last_seen_at: datetime
    person_id: int | None = None
    name: str | None = None
    employment: str | None = None
    position: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "first_seen_at": self.first_seen_at.isoformat(),
                "last_seen_at": self.last_seen_at.isoformat()}


@dataclass
class Evidence:
    item: ReviewItem
    post: Post
    classification: Classification
    days_left: float
    urgent: bool
    text_pieces: list[Piece]
    extra_pieces: list[Piece]
    actors: list[ActorCard]
    candidates: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    same_actor: list[dict[str, Any]] = field(default_factory=list)
    same_text: list[dict[str, Any]] = field(default_factory=list)
    claimed_by: str | None = None
    acts: list[ActLine] = field(default_factory=list)

    @property
    def suggested_category(self) -> int | None:
        """Category 6 when a watched person's account acted on the video; the reviewer decides."""
        return ACTS_CATEGORY if any(a.person_id is not None for a in self.acts) else None

    def as_json(self, locale: str = "id") -> dict[str, Any]:
        item, post = self.item, self.post
        return {
            "id": item.id, "status": item.status, "version": item.version,
            "label": item.label, "score": item.score, "priority": item.priority,
            "due_at": item.due_at.isoformat(), "days_left": round(self.days_left, 2),
            "urgent": self.urgent, "claimed_by": self.claimed_by,
            "lease_expires_at": item.lease_expires_at.isoformat() if item.lease_expires_at
            else None,
            "verdict": item.verdict, "category": item.category,
            "category_name": category_name(item.category, locale) if item.category else None,
            "post": {
                "id": post.id, "platform": post.platform, "kind": post.kind,
                "permalink": post.permalink, "author_handle": post.author_handle,
                "text": post.text, "extra_text": post.extra_text, "metrics": post.metrics,
                "created_at": post.created_at.isoformat() if post.created_at else None,
                "collected_at": post.collected_at.isoformat(), "raw_sha256": post.raw_sha256,
            },
            "classification": {
                "label": self.classification.label, "score": self.classification.score,
                "probabilities": self.classification.probabilities,
                "explanation": self.classification.explanation,
                "model_version": self.classification.model_version,
            },
            "highlights": [
                {"text": p.text, "kind": p.kind, "title": p.title} for p in self.text_pieces
            ],
            "actors": [a.__dict__ for a in self.actors],
            "candidates": self.candidates,
            "steps": [{k: v for k, v in s.items() if k != "at_time"} for s in self.steps],
            "same_actor": self.same_actor,
            "same_text": self.same_text,
            "acts": [a.as_json() for a in self.acts],
            "suggested_category": self.suggested_category,
        }


def _spans(matches: list[PostMatch], people: dict[int, Person], cands: dict[int, Candidate],
           rules: list[dict[str, Any]], field_name: str, offset: int, length: int) -> list[Span]:
    spans = []
    for m in matches:
        if m.field != field_name or m.span_start is None or m.span_end is None:
            continue
        if m.person_id is not None and m.person_id in people:
            spans.append(Span(m.span_start, m.span_end, "actor",
                              f"{people[m.person_id].name} ({m.how})"))
        elif m.candidate_id is not None and m.candidate_id in cands:
            spans.append(Span(m.span_start, m.span_end, "candidate", cands[m.candidate_id].name))
    # The classifier read text and extra_text joined by a newline; its spans count from there.
    for r in rules:
        # A question mark or a quotation leaning neutral is context, not evidence to point at.
        if r["leans"] == "neutral":
            continue
        start, end = r["span"][0] - offset, r["span"][1] - offset
        if 0 <= start < end <= length:
            spans.append(Span(start, end, "rule", f"{r['rule']} → {r['leans']}"
                              + (" (quoted)" if r.get("quoted") else "")))
    return spans


def gather(session: Session, item_id: int, now: datetime) -> Evidence:
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound(f"review item {item_id} not found")
    post = session.get(Post, item.post_id)
    classification = session.get(Classification, item.classification_id)
    assert post is not None and classification is not None  # foreign keys guarantee both
    matches = list(session.scalars(select(PostMatch).where(PostMatch.post_id == post.id)))
    person_ids = {m.person_id for m in matches if m.person_id is not None}
    cand_ids = {m.candidate_id for m in matches if m.candidate_id is not None}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    cands = {c.id: c for c in session.scalars(select(Candidate).where(Candidate.id.in_(cand_ids)))}
    regions = dict(session.execute(
        select(Region.code, Region.name).where(Region.code.in_({p.region_code for p in
                                                                people.values()}))
    ).all())
    rules = classification.explanation.get("rules", [])
    text_spans = _spans(matches, people, cands, rules, "text", 0, len(post.text))
    extra_spans = _spans(matches, people, cands, rules, "extra_text", len(post.text) + 1,
                         len(post.extra_text))
    left = days_left(item.due_at, now)
    return Evidence(
        item=item, post=post, classification=classification, days_left=left,
        urgent=item.due_at - now < URGENT_WITHIN,
        text_pieces=pieces(post.text, text_spans),
        extra_pieces=pieces(post.extra_text, extra_spans),
        actors=_actor_cards(matches, people, regions),
        candidates=[{"id": c.id, "name": c.name, "ballot_number": c.ballot_number}
                    for c in cands.values()],
        steps=_steps(session, item.id),
        same_actor=_same_actor(session, item, person_ids),
        same_text=_same_text(session, post),
        claimed_by=_username(session, item.claimed_by_id)
        if item.lease_expires_at and item.lease_expires_at >= now else None,
        acts=_acts(session, post.id),
    )


def _username(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.display_name if user else None


def _actor_cards(matches: list[PostMatch], people: dict[int, Person],
                 regions: dict[str, str]) -> list[ActorCard]:
    cards: dict[int, ActorCard] = {}
    for m in matches:
        if m.person_id is None or m.person_id not in people:
            continue
        p = people[m.person_id]
        card = cards.setdefault(p.id, ActorCard(
            person_id=p.id, name=p.name, position=p.position, agency=p.agency,
            region=regions.get(p.region_code, p.region_code), nip_masked=mask_nip(p.nip),
            employment=p.employment, how=[], matched=[],
        ))
        if m.how not in card.how:
            card.how.append(m.how)
        if m.matched not in card.matched:
            card.matched.append(m.matched)
    return list(cards.values())


def _acts(session: Session, post_id: int) -> list[ActLine]:
    rows = session.execute(
        select(PostAct, Person).outerjoin(Person, Person.id == PostAct.person_id)
        .where(PostAct.post_id == post_id).order_by(PostAct.first_seen_at, PostAct.id)
    ).all()
    lines = [ActLine(action=a.action, handle=a.handle, first_seen_at=a.first_seen_at,
                     last_seen_at=a.last_seen_at, person_id=p.id if p else None,
                     name=p.name if p else None, employment=p.employment if p else None,
                     position=p.position if p else None)
             for a, p in rows]
    # Watched people first: they are what the item is about; other accounts are context.
    return sorted(lines, key=lambda line: line.person_id is None)


def _steps(session: Session, item_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(ReviewStep, User.display_name, User.username)
        .join(User, User.id == ReviewStep.user_id)
        .where(ReviewStep.item_id == item_id).order_by(ReviewStep.id)
    ).all()
    return [
        {"step": s.step, "verdict": s.verdict, "category": s.category, "label": s.label,
         "note": s.note, "at": s.created_at.isoformat(), "by": name, "username": username,
         "at_time": s.created_at}
        for s, name, username in rows
    ]


def _same_actor(session: Session, item: ReviewItem, person_ids: set[int]) -> list[dict[str, Any]]:
    if not person_ids:
        return []
    rows = session.execute(
        select(ReviewItem.id, ReviewItem.status, ReviewItem.label, ReviewItem.post_time,
               Post.text)
        .join(Post, Post.id == ReviewItem.post_id)
        .where(ReviewItem.id != item.id,
               ReviewItem.post_id.in_(select(PostMatch.post_id)
                                      .where(PostMatch.person_id.in_(person_ids))))
        .order_by(ReviewItem.post_time.desc()).limit(RELATED_LIMIT)
    ).all()
    return [{"id": r.id, "status": r.status, "label": r.label,
             "post_time": r.post_time.isoformat(), "text": r.text[:200]} for r in rows]


def _same_text(session: Session, post: Post) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Post.id, Post.platform, Post.author_handle, Post.permalink, ReviewItem.id)
        .outerjoin(ReviewItem, ReviewItem.post_id == Post.id)
        .where(Post.text == post.text, Post.id != post.id).limit(RELATED_LIMIT)
    ).all()
    return [{"post_id": r[0], "platform": r[1], "author_handle": r[2], "permalink": r[3],
             "item_id": r[4]} for r in rows]
