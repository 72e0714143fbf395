"""Builders for review history: users, watched people, flagged posts and the steps taken on
them, inserted through the ORM exactly as the pipeline and the review queue leave them.

Everyone here is fictional; the regions are real Kemendagri codes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from app.posts.models import Classification, Post, PostMatch
from app.review.clock import STATUTORY_LIMIT
from app.review.models import ReviewItem, ReviewStep
from app.users.models import User
from app.watchlist.models import Candidate, Election, Person

# Noon in WIB on a Sunday of the 2024 campaign period.
NOW = datetime(2024, 10, 20, 5, 0, tzinfo=UTC)


def make_user(session: Session, username: str, display_name: str, role: str = "reviewer",
              unit: str | None = None) -> User:
    user = User(username=username, display_name=display_name, role=role, unit=unit,
                password_hash="!", created_at=NOW - timedelta(days=90))
    session.add(user)
    session.flush()
    return user


def make_person(session: Session, name: str, *, nip: str | None, position: str, agency: str,
                region_code: str, employment: str = "PNS", rank: int = 3) -> Person:
    person = Person(name=name, nip=nip, employment=employment, position=position,
                    agency=agency, region_code=region_code, rank=rank)
    session.add(person)
    session.flush()
    return person


def make_candidate(session: Session, name: str, *, office: str, region_code: str,
                   election_name: str, ballot_number: int | None = None) -> Candidate:
    election = Election(office=office, region_code=region_code, year=2024, name=election_name)
    session.add(election)
    session.flush()
    candidate = Candidate(election_id=election.id, name=name, ballot_number=ballot_number)
    session.add(candidate)
    session.flush()
    return candidate


def make_flag(
    session: Session, external_id: str, *, actor: Person | None = None,
    candidate: Candidate | None = None, text: str = "Bulatkan tekad untuk Mas Bima! coblos no 2",
    flagged_at: datetime = NOW, region_code: str | None = None, platform: str = "tiktok",
    due_at: datetime | None = None, how: str = "author", posted_at: datetime | None = None,
) -> ReviewItem:
    """A post matched to `actor` (and `candidate`), classified as support and flagged."""
    raw = json.dumps({"id": external_id, "desc": text}).encode()
    collected_at = flagged_at - timedelta(minutes=5)
    post = Post(
        platform=platform, kind="post", external_id=external_id,
        permalink=f"https://www.tiktok.com/@akun_{external_id}/video/{external_id}",
        author_handle=f"akun_{external_id}", author_name=None, text=text, extra_text="",
        hashtags=[], mentions=[], tagged=[], metrics={"views": 5400},
        created_at=posted_at or collected_at - timedelta(hours=3), collected_at=collected_at,
        last_seen_at=collected_at, raw=raw.decode(), raw_sha256=hashlib.sha256(raw).hexdigest(),
        collector="test", collector_version="1",
    )
    session.add(post)
    session.flush()
    if actor is not None:
        session.add(PostMatch(post_id=post.id, person_id=actor.id, how=how, field="author",
                              matched=post.author_handle or ""))
    if candidate is not None:
        session.add(PostMatch(post_id=post.id, candidate_id=candidate.id, how="alias",
                              field="text", span_start=0, span_end=10, matched="Mas Bima"))
    classification = Classification(
        post_id=post.id, label="support", score=0.91, probabilities={"support": 0.91},
        explanation={"rules": ["bulatkan tekad"]}, model_version="test-1", created_at=flagged_at,
    )
    session.add(classification)
    session.flush()
    item = ReviewItem(
        post_id=post.id, classification_id=classification.id, status="open", label="support",
        score=0.91, priority=70.0,
        region_code=region_code or (actor.region_code if actor else None),
        election_id=candidate.election_id if candidate else None,
        post_time=post.created_at, flagged_at=flagged_at,
        due_at=due_at or collected_at + STATUTORY_LIMIT,
    )
    session.add(item)
    session.flush()
    return item


def _step(session: Session, item: ReviewItem, user: User, step: str, at: datetime,
          note: str = "", **values: object) -> None:
    session.add(ReviewStep(item_id=item.id, user_id=user.id, step=step, created_at=at,
                           note=note, **values))
    item.version += 1
    session.flush()


def decide(session: Session, item: ReviewItem, reviewer: User, at: datetime, *,
           verdict: str = "violation", category: int | None = 2, note: str = "") -> None:
    item.status = "pending_confirmation" if verdict == "violation" else "closed"
    item.verdict, item.category = verdict, category if verdict == "violation" else None
    item.decided_by_id, item.decided_at = reviewer.id, at
    item.confirmed_by_id = item.confirmed_at = None
    _step(session, item, reviewer, "decision", at, note, verdict=verdict,
          category=item.category, label="support")


def answer(session: Session, item: ReviewItem, coordinator: User, at: datetime, *,
           accept: bool = True, note: str = "") -> None:
    item.status = "confirmed" if accept else "rejected"
    item.confirmed_by_id, item.confirmed_at = coordinator.id, at
    _step(session, item, coordinator, "confirmation" if accept else "rejection", at, note,
          verdict=item.verdict, category=item.category)


def reopen(session: Session, item: ReviewItem, coordinator: User, at: datetime,
           reason: str = "bukti tambahan") -> None:
    item.status, item.verdict, item.category = "open", None, None
    item.decided_by_id = item.decided_at = item.confirmed_by_id = item.confirmed_at = None
    _step(session, item, coordinator, "reopen", at, reason)
