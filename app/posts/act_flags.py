"""Review items for posts a watched person liked, reposted or pinned (SKB category 6).

Ingest flags a post from what it says and whom it names. An act adds an actor the text never
names: the civil servant who liked a candidate's video. This module weighs each acted-on post
again with those actors (app/review/triage.py, `triage_act`) and opens a review item where it
is a case. A post that already has an item only gains the actor (app/posts/acts.py adds the
match), so the item's evidence page shows who acted; its decision, if any, is left alone.
The caller owns the transaction; this module only flushes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from app.bulk import insert_rows
from app.posts.models import Classification, Post, PostMatch
from app.review.clock import STATUTORY_LIMIT
from app.review.models import ReviewItem
from app.review.triage import PARTISAN_LABELS, ActorHit, Verdict, triage_act
from app.watchlist.snapshot import WatchlistSnapshot

if TYPE_CHECKING:
    from app.posts.ingest import Pipeline
    from classifiers.support import SupportClassifier


@dataclass(frozen=True, slots=True)
class _Read:
    """The newest classification of a post: what the item will point at."""

    id: int
    label: str
    score: float
    explanation: Mapping[str, Any]


def flag_acts(
    *, session: Session, post_ids: Collection[int], pipeline: Pipeline, now: datetime
) -> int:
    """Open review items for acted-on posts that became cases; returns how many were opened."""
    if not post_ids:
        return 0
    has_item = set(session.scalars(
        select(ReviewItem.post_id).where(ReviewItem.post_id.in_(post_ids))))
    todo = sorted(set(post_ids) - has_item)
    if not todo:
        return 0
    posts = {row.id: row for row in session.execute(
        select(Post.id, Post.text, Post.extra_text, Post.metrics, Post.created_at,
               Post.collected_at).where(Post.id.in_(todo)))}
    matches: dict[int, list[PostMatch]] = defaultdict(list)
    for m in session.scalars(select(PostMatch).where(PostMatch.post_id.in_(todo))):
        matches[m.post_id].append(m)
    reads = _classifications(session, posts, pipeline.classifier, now)
    rows = []
    for pid in todo:
        post, read = posts[pid], reads[pid]
        verdict = _verdict(matches[pid], read, post.metrics, pipeline)
        if verdict.flag:
            rows.append({
                "post_id": pid, "status": "open", "flagged_at": now, "version": 1,
                # The clock runs from the post's first collection, as for any flag.
                "due_at": post.collected_at + STATUTORY_LIMIT, "classification_id": read.id,
                "label": read.label, "score": read.score, "priority": verdict.priority,
                "region_code": verdict.region_code, "election_id": verdict.election_id,
                "post_time": post.created_at or post.collected_at,
            })
    insert_rows(session, ReviewItem.__table__, rows, returning_ids=False)
    session.flush()
    return len(rows)


def _verdict(matches: Sequence[PostMatch], read: _Read, metrics: Mapping[str, int],
             pipeline: Pipeline) -> Verdict:
    snapshot = pipeline.snapshot
    candidates = [m for m in matches if m.candidate_id is not None]
    rules = read.explanation.get("rules", ())
    return triage_act(
        actors=_actors(matches, snapshot),
        on_campaign_account=any(m.how == "author" for m in candidates),
        election_ids=_elections(candidates, snapshot),
        label=read.label,
        score=read.score,
        metrics=metrics,
        threshold=pipeline.threshold,
        # As ingest asks of a post: a candidate, or a campaign marker the rules found.
        election_evidence=bool(candidates) or any(r["leans"] in PARTISAN_LABELS for r in rules),
    )


def _actors(matches: Sequence[PostMatch], snapshot: WatchlistSnapshot) -> list[ActorHit]:
    hits = []
    for m in matches:
        facts = snapshot.people.get(m.person_id) if m.person_id is not None else None
        if facts is not None:
            hits.append(ActorHit(m.person_id, m.how, facts.rank, facts.region_code))
    return hits


def _elections(candidates: Sequence[PostMatch], snapshot: WatchlistSnapshot) -> list[int]:
    ids = (snapshot.candidate_elections.get(m.candidate_id) for m in candidates)
    return list(dict.fromkeys(i for i in ids if i is not None))


def _classifications(session: Session, posts: Mapping[int, Row[Any]],
                     classifier: SupportClassifier, now: datetime) -> dict[int, _Read]:
    """Each post's newest classification; posts never classified (nobody watched was named in
    them, so ingest did not ask) are classified now and the result kept."""
    newest = (select(func.max(Classification.id)).where(Classification.post_id.in_(posts))
              .group_by(Classification.post_id))
    reads = {c.post_id: _Read(c.id, c.label, c.score, c.explanation)
             for c in session.scalars(select(Classification).where(Classification.id.in_(newest)))}
    missing = [pid for pid in posts if pid not in reads]
    # The classifier reads caption and speech joined, as ingest gives them to it.
    texts = [f"{posts[pid].text}\n{posts[pid].extra_text}" if posts[pid].extra_text
             else posts[pid].text for pid in missing]
    results = classifier.predict(texts)
    rows = [{"post_id": pid, "label": r.label, "score": r.score,
             "probabilities": r.probabilities, "explanation": r.explanation,
             "model_version": r.model_version, "created_at": now}
            for pid, r in zip(missing, results, strict=True)]
    ids = insert_rows(session, Classification.__table__, rows, returning_ids=True)
    for cid, pid, r in zip(ids, missing, results, strict=True):
        reads[pid] = _Read(cid, r.label, r.score, r.explanation)
    return reads
