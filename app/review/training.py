"""Reviewer decisions as labelled examples, in the corpus's CSV shape, for retraining.

An item's latest decision counts once the case has settled: closed by a reviewer, or a
violation confirmed by a coordinator. Items reopened, rejected or still waiting are left out,
since their reading of the text is in dispute. The source is `decisions`, so training keeps
these apart from the hand-written corpus (`pantau classifier train --extra FILE`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.posts.models import Post
from app.review.models import ReviewItem, ReviewStep
from app.users.models import User

SOURCE = "decisions"
SETTLED = ("closed", "confirmed")
COLUMNS = ("text", "label", "source", "category", "note")


def examples(session: Session) -> Iterator[dict[str, str]]:
    latest = (
        select(func.max(ReviewStep.id)).where(ReviewStep.step == "decision")
        .group_by(ReviewStep.item_id).scalar_subquery()
    )
    rows = session.execute(
        select(Post.text, Post.extra_text, ReviewStep, ReviewItem.status, User.username)
        .join(ReviewItem, ReviewItem.id == ReviewStep.item_id)
        .join(Post, Post.id == ReviewItem.post_id)
        .join(User, User.id == ReviewStep.user_id)
        .where(ReviewStep.id.in_(latest), ReviewItem.status.in_(SETTLED))
        .order_by(ReviewStep.id)
        .execution_options(yield_per=1000)
    )
    for text, extra, step, status, username in rows:
        if not step.label:
            continue
        # The classifier reads caption and speech together; the example must be what it read.
        yield {
            "text": f"{text}\n{extra}" if extra else text,
            "label": step.label,
            "source": SOURCE,
            "category": "",
            "note": f"review item {step.item_id}: {step.verdict} by {username} "
                    f"on {step.created_at:%Y-%m-%d}, {status}",
        }


def write_csv(session: Session, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for row in examples(session):
        writer.writerow(row)
        n += 1
    return n
