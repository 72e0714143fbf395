from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, JSONType, UTCDateTime, utcnow

EMPLOYMENTS = ("PNS", "PPPK", "NON_ASN", "BUMD", "TNI", "POLRI", "KEPALA_DESA")
OFFICES = ("gubernur", "bupati", "walikota")


class Election(Base):
    """One regional election: an office in a region in a year."""

    __tablename__ = "elections"
    __table_args__ = (UniqueConstraint("office", "region_code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))


class Candidate(Base):
    """A candidate or prospective candidate (bakal calon: no ballot number yet)."""

    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("election_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSONType, default=list)
    ballot_number: Mapped[int | None] = mapped_column(Integer, default=None)
    running_mate: Mapped[str | None] = mapped_column(String(200), default=None)
    slogans: Mapped[list[str]] = mapped_column(JSONType, default=list)
    hashtags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Person(Base):
    """Someone who must stay neutral: ASN, contract staff, BUMD, TNI/Polri, village heads."""

    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint(
            "employment IN ('PNS','PPPK','NON_ASN','BUMD','TNI','POLRI','KEPALA_DESA')",
            name="employment",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    aliases: Mapped[list[str]] = mapped_column(JSONType, default=list)
    nip: Mapped[str | None] = mapped_column(String(18), unique=True, default=None)
    employment: Mapped[str] = mapped_column(String(20))
    position: Mapped[str | None] = mapped_column(String(300), default=None)
    agency: Mapped[str | None] = mapped_column(String(300), default=None)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    # 1 (acting regional head) .. 5 (staff): how much a finding about them weighs.
    rank: Mapped[int] = mapped_column(Integer, default=5)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Account(Base):
    """A social-media handle of a watched person or of a candidate."""

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("platform", "handle"),
        CheckConstraint(
            "(person_id IS NULL) <> (candidate_id IS NULL)", name="exactly_one_owner"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    handle: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True, default=None
    )
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True, default=None
    )


class WatchlistState(Base):
    """A single row whose revision grows with every watch-list change, so that every
    process knows when its cached matcher is stale."""

    __tablename__ = "watchlist_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # Random per change: a revision number can repeat (a restored or rebuilt database), a
    # stamp cannot, and a matcher built for another watch-list would match the wrong ids.
    stamp: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
