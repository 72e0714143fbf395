"""Claiming work: the next item by urgency, held by one reviewer under a renewable lease.

An item is free when nobody holds it or its lease has run out, so a reviewer who walks away
returns it to the queue without anyone cleaning up. Items within two days of the statutory
limit go first, soonest due first; the rest by priority. PostgreSQL hands concurrent claimers
different rows with FOR UPDATE SKIP LOCKED; SQLite has one writer at a time, taken up front.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.db import write_lock
from app.errors import Conflict, NotFound
from app.review.clock import URGENT_WITHIN
from app.review.models import ReviewItem
from app.users.models import User

LEASE = timedelta(minutes=15)


def _free(now: datetime):  # noqa: ANN202 - a SQL expression
    return or_(ReviewItem.claimed_by_id.is_(None), ReviewItem.lease_expires_at < now)


def _candidates(now: datetime, skip: Collection[int], urgent: bool) -> Select[tuple[ReviewItem]]:
    stmt = select(ReviewItem).where(ReviewItem.status == "open", _free(now))
    if skip:
        stmt = stmt.where(ReviewItem.id.not_in(list(skip)))
    if urgent:
        return stmt.where(ReviewItem.due_at < now + URGENT_WITHIN).order_by(
            ReviewItem.due_at, ReviewItem.id
        )
    return stmt.order_by(ReviewItem.priority.desc(), ReviewItem.id)


def _held(session: Session, user: User, now: datetime) -> ReviewItem | None:
    return session.scalar(
        select(ReviewItem).where(
            ReviewItem.status == "open", ReviewItem.claimed_by_id == user.id,
            ReviewItem.lease_expires_at >= now,
        ).order_by(ReviewItem.lease_expires_at).limit(1)
    )


def claim_next(
    session: Session, user: User, now: datetime, *, skip: Collection[int] = (),
    lease: timedelta = LEASE,
) -> ReviewItem | None:
    """The item this reviewer should work now, claimed; None when the queue is empty.

    A reviewer who already holds a live claim gets it back (a reload must not claim a second
    item), unless it is one they asked to skip.
    """
    write_lock(session)
    held = _held(session, user, now)
    if held is not None and held.id not in skip:
        return held
    postgres = session.get_bind().dialect.name == "postgresql"
    item = None
    for urgent in (True, False):
        stmt = _candidates(now, skip, urgent).limit(1)
        if postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        item = session.scalar(stmt)
        if item is not None:
            break
    if item is None:
        return None
    return _take(session, user, item, now, lease)


def _take(session: Session, user: User, item: ReviewItem, now: datetime,
          lease: timedelta) -> ReviewItem:
    item.claimed_by_id = user.id
    item.lease_expires_at = now + lease
    session.flush()
    audit.record(session, action="review.claim", user_id=user.id, actor=user.username,
                 object_type="review_item", object_id=item.id,
                 after={"lease_expires_at": item.lease_expires_at.isoformat()}, at=now)
    return item


def held_item(session: Session, user: User, item_id: int, now: datetime) -> ReviewItem:
    """The open item `user` holds, locked for the change they are about to make; else Conflict."""
    item = session.get(ReviewItem, item_id, with_for_update=True)
    if item is None:
        raise NotFound(f"review item {item_id} not found")
    if item.status != "open":
        raise Conflict(f"review item {item_id} is {item.status}, not open")
    if item.claimed_by_id != user.id:
        live = item.lease_expires_at is not None and item.lease_expires_at >= now
        if item.claimed_by_id is not None and live:
            raise Conflict(f"review item {item_id} is claimed by another reviewer")
        raise Conflict(f"you do not hold review item {item_id}; claim it first")
    return item


def renew(session: Session, user: User, item_id: int, now: datetime,
          *, lease: timedelta = LEASE) -> ReviewItem:
    """Extend the caller's lease; an expired lease still renews if nobody took the item since."""
    write_lock(session)
    item = held_item(session, user, item_id, now)
    item.lease_expires_at = now + lease
    session.flush()
    return item


def release(session: Session, user: User, item_id: int, now: datetime) -> ReviewItem:
    """Give the item back to the queue (skip)."""
    write_lock(session)
    item = held_item(session, user, item_id, now)
    item.claimed_by_id = None
    item.lease_expires_at = None
    session.flush()
    audit.record(session, action="review.release", user_id=user.id, actor=user.username,
                 object_type="review_item", object_id=item.id, at=now)
    return item


def claim(session: Session, user: User, item_id: int, now: datetime,
          *, lease: timedelta = LEASE) -> ReviewItem:
    """Claim one chosen item (from a link or the previous-item key), if it is free."""
    write_lock(session)
    item = session.get(ReviewItem, item_id, with_for_update=True)
    if item is None:
        raise NotFound(f"review item {item_id} not found")
    if item.status != "open":
        raise Conflict(f"review item {item_id} is {item.status}, not open")
    taken = item.claimed_by_id not in (None, user.id)
    if taken and item.lease_expires_at is not None and item.lease_expires_at >= now:
        raise Conflict(f"review item {item_id} is claimed by another reviewer")
    return _take(session, user, item, now, lease)
