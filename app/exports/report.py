"""One confirmed case gathered for its evidence report, a Laporan Hasil Pengawasan draft:
who supervised, who did what, when and where, the text, the evidence hashes, every decision."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import NotFound
from app.exports import service as export_service
from app.posts.models import Post, PostRevision
from app.review.models import ReviewItem, ReviewStep
from app.users.models import User
from app.watchlist.models import Election


@dataclass(frozen=True, slots=True)
class StepLine:
    step: ReviewStep
    user: User


@dataclass(frozen=True, slots=True)
class CaseReport:
    item: ReviewItem
    post: Post
    actors: list[export_service.Actor]
    candidates: list[str]
    election: str | None
    coordinator: User | None
    steps: list[StepLine]
    revisions: list[PostRevision]


def case_report(*, session: Session, item_id: int, user_id: int | None,
                actor: str) -> CaseReport:
    """Everything the report shows, loaded up front, with the viewing on the audit record."""
    item = session.get(ReviewItem, item_id)
    if item is None or item.status != "confirmed":
        raise NotFound(f"case {item_id} not found: only a confirmed review item is a case")
    post = session.get_one(Post, item.post_id)
    steps = session.execute(
        select(ReviewStep, User).join(User, ReviewStep.user_id == User.id)
        .where(ReviewStep.item_id == item.id).order_by(ReviewStep.created_at, ReviewStep.id)
    ).all()
    revisions = session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id)
        .order_by(PostRevision.replaced_at, PostRevision.id)
    ).all()
    election = session.get(Election, item.election_id) if item.election_id else None
    report = CaseReport(
        item=item, post=post,
        actors=export_service.post_actors(session=session, post_ids=[post.id]).get(post.id, []),
        candidates=export_service.post_candidates(session=session, post_ids=[post.id])
        .get(post.id, []),
        election=election.name if election else None,
        coordinator=session.get(User, item.confirmed_by_id) if item.confirmed_by_id else None,
        steps=[StepLine(step, user) for step, user in steps], revisions=list(revisions),
    )
    audit.record(session, action="export.report", user_id=user_id, actor=actor,
                 object_type="review_item", object_id=item.id,
                 after={"format": "html", "filters": {"item_id": item.id}, "rows": 1})
    return report
