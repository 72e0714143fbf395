"""Decisions on the record: a reviewer decides, a different coordinator confirms or rejects,
and anyone allowed may reopen with a reason.

Every step names the item version it was made against; a step against an older version is
refused with Conflict, so two people never silently overwrite each other's work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.db import write_lock
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.posts.models import Post
from app.review.categories import SKB_CATEGORIES
from app.review.models import VERDICTS, ReviewItem, ReviewStep
from app.review.queue import held_item
from app.users.models import User
from app.users.permissions import allowed

LABELS = ("support", "oppose", "neutral")
NOTE_MAX = 4000


def _state(item: ReviewItem) -> dict[str, Any]:
    return {
        "status": item.status, "verdict": item.verdict, "category": item.category,
        "version": item.version,
    }


def _check_version(item: ReviewItem, expected: int | None) -> None:
    if expected is not None and expected != item.version:
        raise Conflict(
            f"review item {item.id} changed since you opened it (version {expected}, now "
            f"{item.version}); reload it and decide again"
        )


def _note(note: str | None, *, required: str | None = None) -> str:
    note = (note or "").strip()
    if required and not note:
        raise Invalid(f"a note is required: {required}")
    if len(note) > NOTE_MAX:
        raise Invalid(f"note: at most {NOTE_MAX} characters")
    return note


def _step(session: Session, item: ReviewItem, user: User, step: str, now: datetime,
          **values: Any) -> None:
    session.add(ReviewStep(item_id=item.id, user_id=user.id, step=step, created_at=now, **values))


def _load(session: Session, item_id: int) -> ReviewItem:
    item = session.get(ReviewItem, item_id, with_for_update=True)
    if item is None:
        raise NotFound(f"review item {item_id} not found")
    return item


def decide(
    session: Session, user: User, item_id: int, now: datetime, *, verdict: str,
    category: int | None, note: str | None = None, label: str | None = None,
    expected_version: int | None = None,
) -> ReviewItem:
    """A reviewer's verdict on an item they hold. A violation waits for a coordinator."""
    if verdict not in VERDICTS:
        raise Invalid(f"verdict: choose one of {', '.join(VERDICTS)}")
    if category is not None and category not in SKB_CATEGORIES:
        raise Invalid(f"category: a number from 1 to {len(SKB_CATEGORIES)} (SKB categories)")
    if verdict == "violation" and category is None:
        raise Invalid("category: a violation needs one of the 14 SKB categories")
    if label is not None and label not in LABELS:
        raise Invalid(f"label: choose one of {', '.join(LABELS)}")
    write_lock(session)
    item = held_item(session, user, item_id, now)
    _check_version(item, expected_version)
    before = _state(item)
    item.status = "pending_confirmation" if verdict == "violation" else "closed"
    item.verdict = verdict
    item.category = category
    item.decided_by_id = user.id
    item.decided_at = now
    item.confirmed_by_id = None
    item.confirmed_at = None
    item.claimed_by_id = None
    item.lease_expires_at = None
    item.version += 1
    # Without a reviewer's reading of the text, the model's label stands as the example's.
    _step(session, item, user, "decision", now, verdict=verdict, category=category,
          label=label or item.label, note=_note(note))
    session.flush()
    audit.record(session, action="review.decide", user_id=user.id, actor=user.username,
                 object_type="review_item", object_id=item.id, before=before,
                 after={**_state(item), "note": _note(note)}, at=now)
    return item


def confirm(
    session: Session, user: User, item_id: int, now: datetime, *, accept: bool,
    note: str | None = None, category: int | None = None, expected_version: int | None = None,
) -> ReviewItem:
    """A coordinator confirms (optionally correcting the category) or rejects a violation."""
    if not allowed(user.role, "confirm"):
        raise Forbidden("only a coordinator confirms or rejects a violation")
    if category is not None and category not in SKB_CATEGORIES:
        raise Invalid(f"category: a number from 1 to {len(SKB_CATEGORIES)} (SKB categories)")
    write_lock(session)
    item = _load(session, item_id)
    _check_version(item, expected_version)
    if item.status != "pending_confirmation":
        raise Conflict(f"review item {item_id} is {item.status}, not waiting for confirmation")
    if item.decided_by_id == user.id:
        raise Forbidden("four-eyes: the reviewer who decided an item cannot also confirm it")
    note = _note(note, required=None if accept else "say why the violation is rejected")
    before = _state(item)
    item.status = "confirmed" if accept else "rejected"
    if accept and category is not None:
        item.category = category
    item.confirmed_by_id = user.id
    item.confirmed_at = now
    item.version += 1
    _step(session, item, user, "confirmation" if accept else "rejection", now,
          verdict=item.verdict, category=item.category, note=note)
    session.flush()
    audit.record(session, action="review.confirm" if accept else "review.reject",
                 user_id=user.id, actor=user.username, object_type="review_item",
                 object_id=item.id, before=before, after={**_state(item), "note": note}, at=now)
    return item


def reopen(
    session: Session, user: User, item_id: int, now: datetime, *, reason: str,
    expected_version: int | None = None,
) -> ReviewItem:
    """Send a decided item back to the queue; its history stays."""
    if not allowed(user.role, "reopen"):
        raise Forbidden("only a coordinator or an admin reopens an item")
    reason = _note(reason, required="say why the item is reopened")
    write_lock(session)
    item = _load(session, item_id)
    _check_version(item, expected_version)
    if item.status == "open":
        raise Conflict(f"review item {item_id} is already open")
    before = _state(item)
    item.status = "open"
    item.verdict = None
    item.category = None
    item.decided_by_id = item.decided_at = None
    item.confirmed_by_id = item.confirmed_at = None
    item.claimed_by_id = item.lease_expires_at = None
    item.version += 1
    _step(session, item, user, "reopen", now, note=reason)
    session.flush()
    audit.record(session, action="review.reopen", user_id=user.id, actor=user.username,
                 object_type="review_item", object_id=item.id, before=before,
                 after={**_state(item), "reason": reason}, at=now)
    return item


def waiting_for_confirmation(
    session: Session, limit: int = 200
) -> Sequence[Row[tuple[ReviewItem, str, str]]]:
    """Violations a coordinator has yet to answer, oldest decision first, with who decided
    and the text."""
    return session.execute(
        select(ReviewItem, User.display_name, Post.text)
        .join(User, User.id == ReviewItem.decided_by_id)
        .join(Post, Post.id == ReviewItem.post_id)
        .where(ReviewItem.status == "pending_confirmation")
        .order_by(ReviewItem.decided_at).limit(limit)
    ).all()
