"""Claiming: by urgency, one holder per item, leases that lapse, and no double claims under load."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit import service as audit
from app.audit.models import AuditEntry
from app.db import session_scope
from app.errors import Conflict
from app.review import queue
from app.review.models import ReviewItem
from tests.review.items import NOW, make_items, make_user


def test_urgent_items_go_before_higher_priority(session):
    ana = make_user(session, "ana")
    fresh = make_items(session, 1, collected=NOW - timedelta(days=1), priority=90)[0]
    old = make_items(session, 1, collected=NOW - timedelta(days=6), priority=10)[0]
    assert queue.claim_next(session, ana, NOW).id == old.id
    budi = make_user(session, "budi")
    assert queue.claim_next(session, budi, NOW).id == fresh.id


def test_a_reload_returns_the_held_item_and_skip_moves_on(session):
    ana = make_user(session, "ana")
    first, second = make_items(session, 2)
    assert queue.claim_next(session, ana, NOW).id == first.id
    assert queue.claim_next(session, ana, NOW + timedelta(minutes=1)).id == first.id
    queue.release(session, ana, first.id, NOW)
    nxt = queue.claim_next(session, ana, NOW, skip={first.id})
    assert nxt.id == second.id


def test_an_expired_lease_returns_the_item_to_the_queue(session):
    ana, budi = make_user(session, "ana"), make_user(session, "budi")
    (item,) = make_items(session, 1)
    queue.claim_next(session, ana, NOW)
    assert queue.claim_next(session, budi, NOW + timedelta(minutes=14)) is None
    later = NOW + queue.LEASE + timedelta(seconds=1)
    assert queue.claim_next(session, budi, later).id == item.id
    with pytest.raises(Conflict, match="another reviewer"):
        queue.renew(session, ana, item.id, later)


def test_renew_extends_and_claiming_a_held_item_is_refused(session):
    ana, budi = make_user(session, "ana"), make_user(session, "budi")
    (item,) = make_items(session, 1)
    queue.claim_next(session, ana, NOW)
    renewed = queue.renew(session, ana, item.id, NOW + timedelta(minutes=10))
    assert renewed.lease_expires_at == NOW + timedelta(minutes=10) + queue.LEASE
    with pytest.raises(Conflict):
        queue.claim(session, budi, item.id, NOW + timedelta(minutes=20))


@pytest.mark.parametrize("threads", [20])
def test_concurrent_claims_never_share_or_lose_an_item(session_factory, threads):
    with session_scope(session_factory) as s:
        users = [make_user(s, f"reviewer{i:02d}").id for i in range(threads)]
        make_items(s, 30)
    claimed: list[int | None] = [None] * threads
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def work(k: int) -> None:
        try:
            barrier.wait()
            with session_scope(session_factory) as s:
                from app.users.models import User
                item = queue.claim_next(s, s.get(User, users[k]), NOW)
                claimed[k] = item.id if item else None
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not errors, errors
    assert None not in claimed and max(Counter(claimed).values()) == 1
    with session_scope(session_factory) as s:
        held = s.scalar(select(func.count()).select_from(ReviewItem)
                        .where(ReviewItem.claimed_by_id.is_not(None)))
        free = s.scalar(select(func.count()).select_from(ReviewItem)
                        .where(ReviewItem.claimed_by_id.is_(None)))
        assert (held, free) == (threads, 30 - threads)
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == threads
        assert audit.verify(s).ok
