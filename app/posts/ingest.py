"""Storing a batch of collected posts: upsert, keep revisions, store detections and flags.

The bulk path never goes row by row through the ORM: a batch costs a handful of set-based
statements whatever its size. The caller owns the transaction; this module only flushes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import delete, insert, literal, select, update
from sqlalchemy.orm import Session

from app.bulk import insert_rows
from app.posts.acts import ACT_FIELD
from app.posts.detect import Detection, detect
from app.posts.models import Classification, Post, PostMatch, PostRevision
from app.review.clock import STATUTORY_LIMIT
from app.review.models import ReviewItem
from app.watchlist.snapshot import WatchlistSnapshot
from classifiers.matching import Match
from classifiers.support import SupportClassifier
from collectors.base import PostIn


@dataclass
class IngestCounts:
    read: int = 0
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    invalid: int = 0
    skipped: int = 0
    flagged: int = 0

    def add(self, other: IngestCounts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(frozen=True, slots=True)
class _Existing:
    id: int
    raw_sha256: str
    text: str
    extra_text: str
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What a batch needs besides the database: the watch-list, the model, the threshold."""

    snapshot: WatchlistSnapshot
    classifier: SupportClassifier
    threshold: float


def ingest_batch(
    *, session: Session, posts: Sequence[PostIn], pipeline: Pipeline, now: datetime
) -> IngestCounts:
    """Upsert `posts` by (platform, external id) and run detection on what is new or edited."""
    counts = IngestCounts()
    first, later = _split_repeats(posts, counts)
    _ingest_unique(session, first, pipeline, now, counts)
    if later:
        # A second sighting in the same batch with a different payload is an update of the
        # first; handling it after the first is stored keeps its revision.
        counts.add(ingest_batch(session=session, posts=later, pipeline=pipeline, now=now))
    return counts


def _split_repeats(
    posts: Sequence[PostIn], counts: IngestCounts
) -> tuple[list[PostIn], list[PostIn]]:
    seen: dict[tuple[str, str], str] = {}
    first: list[PostIn] = []
    later: list[PostIn] = []
    for post in posts:
        key = (post.platform, post.external_id)
        if key not in seen:
            seen[key] = post.raw_sha256
            first.append(post)
        elif seen[key] == post.raw_sha256:
            counts.duplicate += 1
        else:
            later.append(post)
    return first, later


def _existing(session: Session, posts: Sequence[PostIn]) -> dict[tuple[str, str], _Existing]:
    found: dict[tuple[str, str], _Existing] = {}
    by_platform: dict[str, list[str]] = {}
    for p in posts:
        by_platform.setdefault(p.platform, []).append(p.external_id)
    for platform, ids in by_platform.items():
        stmt = select(
            Post.id, Post.external_id, Post.raw_sha256, Post.text, Post.extra_text,
            Post.last_seen_at,
        ).where(Post.platform == platform, Post.external_id.in_(ids))
        for pid, ext, sha, text, extra, seen in session.execute(stmt):
            found[(platform, ext)] = _Existing(pid, sha, text, extra, seen)
    return found


def _ingest_unique(
    session: Session,
    posts: Sequence[PostIn],
    pipeline: Pipeline,
    now: datetime,
    counts: IngestCounts,
) -> None:
    existing = _existing(session, posts)
    new: list[PostIn] = []
    changed: list[tuple[int, PostIn, bool]] = []
    older_captions: list[tuple[int, PostIn]] = []
    for post in posts:
        old = existing.get((post.platform, post.external_id))
        if old is None:
            new.append(post)
        elif old.raw_sha256 == post.raw_sha256:
            counts.duplicate += 1
        elif post.collected_at < old.last_seen_at:
            # An older sighting than the one stored (a re-imported capture, files imported out
            # of order) never replaces newer data; a caption we had not seen is kept as history.
            counts.duplicate += 1
            if post.text != old.text:
                older_captions.append((old.id, post))
        else:
            edited = (old.text, old.extra_text) != (post.text, post.extra_text)
            changed.append((old.id, post, edited))
    counts.new += len(new)
    counts.updated += len(changed)
    new_ids = _insert_posts(session, new, now)
    _keep_older_captions(session, older_captions, now)
    edited = [(pid, post) for pid, post, was_edited in changed if was_edited]
    _keep_revisions(session, [pid for pid, _ in edited], now)
    _update_posts(session, [(pid, post) for pid, post, _ in changed], now)
    to_detect = list(zip(new_ids, new, strict=True)) + edited
    if to_detect:
        counts.flagged += _store_detections(
            session, to_detect, pipeline, now, redetected=[pid for pid, _ in edited]
        )
    session.flush()


def _post_row(post: PostIn, now: datetime) -> dict[str, object]:
    return {
        "platform": post.platform,
        "kind": post.kind,
        "external_id": post.external_id,
        "permalink": post.permalink,
        "author_handle": post.author_handle,
        "author_name": post.author_name,
        "author_external_id": post.author_external_id,
        "parent_external_id": post.parent_external_id,
        "text": post.text,
        "extra_text": post.extra_text,
        "hashtags": list(post.hashtags),
        "mentions": list(post.mentions),
        "tagged": list(post.tagged),
        "metrics": dict(post.metrics),
        "created_at": post.created_at,
        "collected_at": post.collected_at,
        "last_seen_at": post.collected_at,
        "raw": post.raw.decode("utf-8"),
        "raw_sha256": post.raw_sha256,
        "collector": post.collector,
        "collector_version": post.collector_version,
    }


def _insert_posts(session: Session, posts: Sequence[PostIn], now: datetime) -> list[int]:
    if not posts:
        return []
    rows = [_post_row(p, now) for p in posts]
    return insert_rows(session, Post.__table__, rows, returning_ids=True)


def _keep_revisions(session: Session, post_ids: Sequence[int], now: datetime) -> None:
    if not post_ids:
        return
    # Copied server-side: the old caption and payload never travel through Python.
    source = select(
        Post.id, Post.text, Post.raw, Post.raw_sha256, Post.last_seen_at, literal(now)
    ).where(Post.id.in_(post_ids))
    session.execute(
        insert(PostRevision).from_select(
            ["post_id", "text", "raw", "raw_sha256", "collected_at", "replaced_at"], source
        )
    )


def _keep_older_captions(
    session: Session, sightings: Sequence[tuple[int, PostIn]], now: datetime
) -> None:
    if not sightings:
        return
    known = set(session.execute(
        select(PostRevision.post_id, PostRevision.raw_sha256).where(
            PostRevision.post_id.in_({pid for pid, _ in sightings})
        )
    ).all())
    rows = {
        (pid, post.raw_sha256): {
            "post_id": pid, "text": post.text, "raw": post.raw.decode("utf-8"),
            "raw_sha256": post.raw_sha256, "collected_at": post.collected_at,
            "replaced_at": now,
        }
        for pid, post in sightings
        if (pid, post.raw_sha256) not in known
    }
    insert_rows(session, PostRevision.__table__, list(rows.values()), returning_ids=False)


def _update_posts(session: Session, changed: Sequence[tuple[int, PostIn]], now: datetime) -> None:
    if not changed:
        return
    rows = []
    for pid, post in changed:
        row = _post_row(post, now)
        # The first sighting's time stays the collection time; the payload is the newest.
        del row["collected_at"], row["platform"], row["external_id"]
        rows.append({"id": pid, **row})
    session.execute(update(Post), rows)


def _store_detections(
    session: Session,
    items: Sequence[tuple[int, PostIn]],
    pipeline: Pipeline,
    now: datetime,
    *,
    redetected: Sequence[int],
) -> int:
    post_ids = [pid for pid, _ in items]
    detections = detect(
        [post for _, post in items],
        snapshot=pipeline.snapshot,
        classifier=pipeline.classifier,
        threshold=pipeline.threshold,
    )
    if redetected:
        # An edited caption's old matches described the old text; an actor found by what
        # their account did (app/posts/acts.py) did it to the post, whatever its caption.
        session.execute(delete(PostMatch).where(PostMatch.post_id.in_(redetected),
                                                PostMatch.field != ACT_FIELD))
    match_rows = [
        _match_row(pid, m) for pid, d in zip(post_ids, detections, strict=True) for m in d.matches
    ]
    insert_rows(session, PostMatch.__table__, match_rows, returning_ids=False)
    classified = [(pid, d) for pid, d in zip(post_ids, detections, strict=True) if d.classification]
    class_ids = _insert_classifications(session, classified, now)
    return _upsert_review_items(session, list(zip(class_ids, classified, strict=True)), items, now)


def _match_row(post_id: int, m: Match) -> dict[str, object]:
    return {
        "post_id": post_id,
        "person_id": m.entity_id if m.entity == "person" else None,
        "candidate_id": m.entity_id if m.entity == "candidate" else None,
        "how": m.how,
        "field": m.field,
        "span_start": m.start,
        "span_end": m.end,
        "matched": m.matched[:300],
    }


def _insert_classifications(
    session: Session, classified: Sequence[tuple[int, Detection]], now: datetime
) -> list[int]:
    if not classified:
        return []
    rows = [
        {
            "post_id": pid,
            "label": d.classification.label,
            "score": d.classification.score,
            "probabilities": d.classification.probabilities,
            "explanation": d.classification.explanation,
            "model_version": d.classification.model_version,
            "created_at": now,
        }
        for pid, d in classified
        if d.classification is not None
    ]
    return insert_rows(session, Classification.__table__, rows, returning_ids=True)


def _upsert_review_items(
    session: Session,
    classified: Sequence[tuple[int, tuple[int, Detection]]],
    items: Sequence[tuple[int, PostIn]],
    now: datetime,
) -> int:
    """Create review items for new flags, refresh existing ones; returns how many are new."""
    posts_by_id = dict(items)
    flagged = [(cid, pid, d) for cid, (pid, d) in classified if d.verdict.flag]
    if not flagged:
        return 0
    stmt = select(ReviewItem.post_id, ReviewItem.id).where(
        ReviewItem.post_id.in_([pid for _, pid, _ in flagged])
    )
    open_items = dict(session.execute(stmt).all())
    # The clock runs from the post's first collection, which an earlier import may have made.
    first_seen = dict(session.execute(
        select(Post.id, Post.collected_at).where(
            Post.id.in_([pid for _, pid, _ in flagged if pid not in open_items])
        )
    ).all())
    inserts, updates = [], []
    for cid, pid, d in flagged:
        assert d.classification is not None
        post = posts_by_id[pid]
        row = {
            "classification_id": cid,
            "label": d.classification.label,
            "score": d.classification.score,
            "priority": d.verdict.priority,
            "region_code": d.verdict.region_code,
            "election_id": d.verdict.election_id,
            "post_time": post.created_at or post.collected_at,
        }
        if pid in open_items:
            updates.append({"id": open_items[pid], **row})
        else:
            inserts.append({
                "post_id": pid, "status": "open", "flagged_at": now, "version": 1,
                "due_at": first_seen[pid] + STATUTORY_LIMIT, **row,
            })
    insert_rows(session, ReviewItem.__table__, inserts, returning_ids=False)
    if updates:
        session.execute(update(ReviewItem), updates)
    return len(inserts)
