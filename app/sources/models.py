from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, BigIntId, JSONType, UTCDateTime


class Source(Base):
    """Something to collect from on a schedule, and where the last run stopped."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSONType)
    every_seconds: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the next run resumes (a page cursor, an ETag, a newest-seen time), saved in the
    # same transaction as the page it follows, so a crash never skips or repeats a page.
    cursor: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    error_streak: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    # A worker running the source holds it until locked_until, renewed after every page; a
    # worker killed mid-run stops renewing, and another takes over from the saved cursor.
    locked_by: Mapped[str | None] = mapped_column(String(100), default=None)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class SourceRun(Base):
    """One run of one source: when, how far, what it found, what went wrong."""

    __tablename__ = "source_runs"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"),
                                           index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    status: Mapped[str] = mapped_column(String(20), default="running")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    worker: Mapped[str | None] = mapped_column(String(100), default=None)


class PlatformQuota(Base):
    """One of a platform's shared limits, as all workers together have spent it.

    TikTok's daily requests and records reset at 00:00 UTC (`period_start` is that day);
    Instagram's usage meter keeps its last reading in percent and, when near the limit, the
    time until which no worker may call the Graph API (`blocked_until`).
    """

    __tablename__ = "platform_quotas"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime)
    used: Mapped[int] = mapped_column(BigInteger, default=0)
    limit: Mapped[int] = mapped_column(BigInteger)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class InstagramHashtag(Base):
    """A hashtag this IG account has queried: its id (ids never change) and its budget window.

    Graph allows 30 unique hashtags per account in any 7 days; a tag queried again inside its
    window costs nothing and does not restart it. `window_started_at` is when the current
    window began, so the tags counting against the budget are those with a window younger
    than 7 days.
    """

    __tablename__ = "instagram_hashtags"

    ig_user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    hashtag_id: Mapped[str | None] = mapped_column(String(40), default=None)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime)
