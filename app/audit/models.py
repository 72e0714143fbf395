from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

# Claims, decisions and entries point at users: their table must be known wherever these are.
import app.users.models  # noqa: F401
from app.db import Base, BigIntId, JSONType, UTCDateTime


class AuditEntry(Base):
    """One step on the record. `entry_hash` covers `prev_hash` and this entry's own content.

    `prev_hash` is unique, so two writers that read the same chain end cannot both append:
    the chain stays a line, never a fork.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The name as it was, so the record reads right even after a user is renamed.
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50), index=True)
    object_type: Mapped[str | None] = mapped_column(String(50))
    object_id: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
