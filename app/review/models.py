from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

# Claims, decisions and entries point at users: their table must be known wherever these are.
import app.users.models  # noqa: F401
from app.db import Base, BigIntId, UTCDateTime

# open: waiting for a reviewer. pending_confirmation: a reviewer found a violation and a
# coordinator must confirm it. confirmed / rejected: a coordinator's answer. closed: a reviewer
# found no violation, or too little to tell. Any of the last four can be reopened.
REVIEW_STATUSES = ("open", "pending_confirmation", "confirmed", "rejected", "closed")
VERDICTS = ("violation", "no_violation", "insufficient")
STEPS = ("decision", "confirmation", "rejection", "reopen")


class ReviewItem(Base):
    """A flagged post waiting for a reviewer: one per post."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("posts.id", ondelete="CASCADE"), unique=True
    )
    classification_id: Mapped[int] = mapped_column(BigIntId, ForeignKey("classifications.id"))
    status: Mapped[str] = mapped_column(String(24), default="open")
    label: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    priority: Mapped[float] = mapped_column(Float)
    # Denormalized from the top actor and candidate so the partner filters use an index.
    region_code: Mapped[str | None] = mapped_column(String(16))
    election_id: Mapped[int | None] = mapped_column(Integer)
    post_time: Mapped[datetime] = mapped_column(UTCDateTime)
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The statutory clock: 7 days from when the post was first collected.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Bumped by every decision step; a step made against an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    verdict: Mapped[str | None] = mapped_column(String(20), default=None)
    category: Mapped[int | None] = mapped_column(Integer, default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


Index("ix_review_items_region_code", ReviewItem.region_code)
Index("ix_review_items_election_id", ReviewItem.election_id)
Index("ix_review_items_post_time", ReviewItem.post_time)
Index("ix_review_items_status_priority", ReviewItem.status, ReviewItem.priority)
Index("ix_review_items_status_due_at", ReviewItem.status, ReviewItem.due_at)
# Every claim first asks "does this reviewer already hold an item?". Only held items are in
# this index, so it stays small while decided items pile up forever (bench/review_queue.py: the
# question went from a 6 ms table scan to 0.4 ms on 58,000 items).
Index(
    "ix_review_items_claimed_by_id_lease", ReviewItem.claimed_by_id, ReviewItem.lease_expires_at,
    postgresql_where=ReviewItem.claimed_by_id.is_not(None),
    sqlite_where=ReviewItem.claimed_by_id.is_not(None),
)


class ReviewStep(Base):
    """Every decision, confirmation, rejection and reopening, kept forever in order.

    `label` is the reviewer's reading of the text (support, oppose, neutral): with the post's
    text it is a labelled example for retraining the classifier.
    """

    __tablename__ = "review_steps"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("review_items.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
