from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, BigIntId, JSONType, UTCDateTime


class Post(Base):
    """A post or comment as last seen, with the exact payload it came in."""

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    external_id: Mapped[str] = mapped_column(String(100))
    permalink: Mapped[str | None] = mapped_column(String(500))
    author_handle: Mapped[str | None] = mapped_column(String(100), index=True)
    author_name: Mapped[str | None] = mapped_column(String(300))
    author_external_id: Mapped[str | None] = mapped_column(String(100))
    parent_external_id: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    extra_text: Mapped[str] = mapped_column(Text, default="")
    hashtags: Mapped[list[str]] = mapped_column(JSONType)
    mentions: Mapped[list[str]] = mapped_column(JSONType)
    tagged: Mapped[list[str]] = mapped_column(JSONType)
    metrics: Mapped[dict[str, int]] = mapped_column(JSONType)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    raw: Mapped[str] = mapped_column(Text)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    collector: Mapped[str] = mapped_column(String(50))
    collector_version: Mapped[str] = mapped_column(String(20))


class PostRevision(Base):
    """A caption as it was before an edit: evidence is never overwritten silently."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("posts.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PostMatch(Base):
    """A watched person or candidate found in a post: who, how, and where in which field."""

    __tablename__ = "post_matches"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("posts.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    how: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(20))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    matched: Mapped[str] = mapped_column(String(300))


class Classification(Base):
    """What a model version said about a post's text, with the reasons it gave.

    Append-only: an edited caption is classified again and the review item points at the
    newest row, so what the model said about the old text stays on record."""

    __tablename__ = "classifications"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    post_id: Mapped[int] = mapped_column(BigIntId, ForeignKey("posts.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    probabilities: Mapped[dict[str, float]] = mapped_column(JSONType)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONType)
    model_version: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


Index("ix_classifications_post_id_created_at", Classification.post_id, Classification.created_at)
