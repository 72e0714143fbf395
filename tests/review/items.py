"""Review items straight into the database, for tests that are about the queue, not detection."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from app.posts.models import Classification, Post
from app.review.clock import STATUTORY_LIMIT
from app.review.models import ReviewItem
from app.users.models import User

NOW = datetime(2024, 11, 20, 2, 0, tzinfo=UTC)
_serial = itertools.count(7_400_000_000_000_000_000)


def make_user(session: Session, username: str, role: str = "reviewer") -> User:
    # A fixed fake hash: these tests never log in, and argon2 would slow 20-thread setups.
    user = User(username=username, display_name=username.title(), role=role,
                password_hash="$argon2id$not-a-login", created_at=NOW)
    session.add(user)
    session.flush()
    return user


def make_items(session: Session, n: int, *, collected: datetime | None = None,
               priority: float = 50.0, text: str = "Bulatkan tekad untuk Mas Bima, coblos no 2!",
               ) -> list[ReviewItem]:
    collected = collected or NOW - timedelta(days=1)
    items = []
    for i in range(n):
        raw = f'{{"id": "{i}", "desc": "{text}"}}'
        post = Post(
            platform="tiktok", kind="post", external_id=str(next(_serial)),
            permalink=f"https://www.tiktok.com/@camat_hendra/video/{i}",
            author_handle="camat_hendra",
            text=text, extra_text="", hashtags=[], mentions=[], tagged=[],
            metrics={"views": 1000}, created_at=collected, collected_at=collected,
            last_seen_at=collected, raw=raw, raw_sha256=hashlib.sha256(raw.encode()).hexdigest(),
            collector="test", collector_version="1",
        )
        session.add(post)
        session.flush()
        cls = Classification(post_id=post.id, label="support", score=0.97,
                             probabilities={"support": 0.97, "oppose": 0.01, "neutral": 0.02},
                             explanation={"rules": [], "features": [], "model_version": "t"},
                             model_version="t", created_at=collected)
        session.add(cls)
        session.flush()
        item = ReviewItem(post_id=post.id, classification_id=cls.id, status="open",
                          label="support", score=0.97, priority=priority - i * 0.001,
                          post_time=collected, flagged_at=collected,
                          due_at=collected + STATUTORY_LIMIT, version=1)
        session.add(item)
        items.append(item)
    session.flush()
    return items
