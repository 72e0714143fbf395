from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, BigIntId, UTCDateTime

REVIEW_STATUSES = ("new",)


class ReviewItem(Base):
    """A flagged post waiting for a reviewer: one per post."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("posts.id", ondelete="CASCADE"), unique=True
    )
    classification_id: Mapped[int] = mapped_column(BigIntId, ForeignKey("classifications.id"))
    status: Mapped[str] = mapped_column(String(20), default="new")
    label: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    priority: Mapped[float] = mapped_column(Float)
    # Denormalized from the top actor and candidate so the partner filters use an index.
    region_code: Mapped[str | None] = mapped_column(String(16))
    election_id: Mapped[int | None] = mapped_column(Integer)
    post_time: Mapped[datetime] = mapped_column(UTCDateTime)
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime)


Index("ix_review_items_region_code", ReviewItem.region_code)
Index("ix_review_items_election_id", ReviewItem.election_id)
Index("ix_review_items_post_time", ReviewItem.post_time)
Index("ix_review_items_status_priority", ReviewItem.status, ReviewItem.priority)
