"""Append to the hash-chained audit log and check the chain.

Each entry's hash is SHA-256 over the previous entry's hash and this entry's canonical JSON, so
changing, removing or reordering any entry breaks every hash after it. The first entry chains
from GENESIS. Appends serialize on the chain's end: PostgreSQL takes a transaction-scoped
advisory lock, SQLite has one writer at a time; the unique `prev_hash` is the last guard.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.db import utcnow, write_lock

GENESIS = "0" * 64
_ADVISORY_LOCK_KEY = 0x70616E746175  # "pantau"
_BATCH = 5000


def _canonical(entry: AuditEntry) -> bytes:
    at = entry.at.astimezone(UTC).isoformat(timespec="microseconds")
    body = {
        "at": at, "user_id": entry.user_id, "actor": entry.actor, "action": entry.action,
        "object_type": entry.object_type, "object_id": entry.object_id,
        "before": entry.before, "after": entry.after,
    }
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + _canonical(entry)).hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK_KEY})
    else:
        write_lock(session)


def _chain_end(session: Session) -> str:
    last = session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    return last or GENESIS


def record(
    session: Session,
    *,
    action: str,
    user_id: int | None,
    actor: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction; flushed, not committed."""
    _lock_chain(session)
    entry = AuditEntry(
        # Microseconds are what the hash covers; whatever a backend keeps beyond must not differ.
        at=(at or utcnow()).astimezone(UTC),
        user_id=user_id, actor=actor, action=action, object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=_jsonable(before), after=_jsonable(after),
    )
    entry.prev_hash = _chain_end(session)
    entry.entry_hash = entry_hash(entry.prev_hash, entry)
    session.add(entry)
    session.flush()
    return entry


def _jsonable(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    # Round-trip through JSON now so the hash covers exactly what the database will return.
    return None if value is None else orjson.loads(orjson.dumps(dict(value), default=str))


@dataclass(frozen=True, slots=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def _entries(session: Session) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        batch = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(_BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        session.expunge_all()


def verify(session: Session) -> ChainCheck:
    """Walk the chain in id order; name the first entry whose link or hash is wrong."""
    expected_prev = GENESIS
    count = 0
    for entry in _entries(session):
        count += 1
        if entry.prev_hash != expected_prev:
            return ChainCheck(count, entry.id, "its previous-hash does not match the entry before "
                              "it: an entry was removed, inserted or reordered")
        if entry_hash(entry.prev_hash, entry) != entry.entry_hash:
            return ChainCheck(count, entry.id, "its content does not match its hash: the entry "
                              "was changed after it was written")
        expected_prev = entry.entry_hash
    return ChainCheck(count, None, None)
