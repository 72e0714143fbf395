from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

# The uploader columns point at users and API keys: their tables must be known wherever this is.
import app.auth.models  # noqa: F401
import app.users.models  # noqa: F401
from app.db import Base, BigIntId, JSONType, UTCDateTime


class ImportJob(Base):
    """One browser-capture upload (Zeeschuimer's 4CAT protocol) and how its import went.

    `key` is what the uploader polls with; it is random and unguessable, the id is not. Exactly
    one of `user_id` (a browser session or personal token) and `api_key_id` says who uploaded.
    The counts are saved with each batch's posts, in the same transaction, so they never run
    ahead of what is stored.
    """

    __tablename__ = "import_jobs"
    # The rate limit counts an uploader's jobs of the last minute.
    __table_args__ = (
        Index("ix_import_jobs_user_id_created_at", "user_id", "created_at"),
        Index("ix_import_jobs_api_key_id_created_at", "api_key_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(40))
    # queued -> running -> done | failed
    state: Mapped[str] = mapped_column(String(20), default="queued")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), default=None)
    # The upload as received: its size and SHA-256, so a capture can be matched to its import.
    bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    lines_total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Moved on every saved batch: a running job that stops moving was cut off (a restart).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    items_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    items_skipped: Mapped[int] = mapped_column(Integer, default=0)
    items_flagged: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    # The first line errors, [{"line": n, "message": "..."}]; error_count has them all.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # Why a failed job failed.
    failure: Mapped[str | None] = mapped_column(Text, default=None)
