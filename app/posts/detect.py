"""Match, classify and triage a batch of posts: the pure middle of the pipeline.

Matching is cheap and runs on every post; the classifier runs only where a watched person
was matched, because only there can its answer make a flag.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.review.triage import PARTISAN_LABELS, ActorHit, Verdict, triage
from app.watchlist.snapshot import WatchlistSnapshot
from classifiers.matching import Match, MatchInput
from classifiers.support import Classification, SupportClassifier, load_default
from collectors.base import PostIn

_lock = threading.Lock()
_classifiers: dict[Path, SupportClassifier] = {}


def get_classifier(cache_dir: Path) -> SupportClassifier:
    """The process's classifier: loaded (or trained once from the shipped corpus) on first use."""
    with _lock:
        if cache_dir not in _classifiers:
            _classifiers[cache_dir] = load_default(cache_dir)
        return _classifiers[cache_dir]


@dataclass(frozen=True, slots=True)
class Detection:
    matches: list[Match]
    classification: Classification | None
    verdict: Verdict


def _match_input(post: PostIn) -> MatchInput:
    return MatchInput(
        platform=post.platform,
        author_handle=post.author_handle,
        text=post.text,
        mentions=post.mentions,
        tagged=post.tagged,
        hashtags=post.hashtags,
        extra_text=post.extra_text,
    )


def _classifier_text(post: PostIn) -> str:
    return f"{post.text}\n{post.extra_text}" if post.extra_text else post.text


def detect(
    posts: Sequence[PostIn],
    *,
    snapshot: WatchlistSnapshot,
    classifier: SupportClassifier,
    threshold: float,
) -> list[Detection]:
    """One Detection per post, in order."""
    all_matches = [snapshot.matcher.match(_match_input(p)) for p in posts]
    actors_per_post = [_actors(matches, snapshot) for matches in all_matches]
    to_classify = [i for i, actors in enumerate(actors_per_post) if actors]
    results = classifier.predict([_classifier_text(posts[i]) for i in to_classify])
    by_index = dict(zip(to_classify, results, strict=True))
    detections = []
    for i, post in enumerate(posts):
        result = by_index.get(i)
        verdict = (
            triage(
                actors=actors_per_post[i],
                election_ids=_elections(all_matches[i], snapshot),
                label=result.label,
                score=result.score,
                metrics=post.metrics,
                threshold=threshold,
                election_evidence=_about_an_election(all_matches[i], result),
            )
            if result
            else Verdict(False, 0.0, None, None)
        )
        detections.append(Detection(all_matches[i], result, verdict))
    return detections


def _about_an_election(matches: list[Match], result: Classification) -> bool:
    if any(m.entity == "candidate" for m in matches):
        return True
    return any(r["leans"] in PARTISAN_LABELS for r in result.explanation.get("rules", ()))


def _actors(matches: list[Match], snapshot: WatchlistSnapshot) -> list[ActorHit]:
    hits = []
    for m in matches:
        facts = snapshot.people.get(m.entity_id) if m.entity == "person" else None
        if facts is not None:
            hits.append(ActorHit(m.entity_id, m.how, facts.rank, facts.region_code))
    return hits


def _elections(matches: list[Match], snapshot: WatchlistSnapshot) -> list[int]:
    ids = (
        snapshot.candidate_elections.get(m.entity_id)
        for m in matches
        if m.entity == "candidate"
    )
    return list(dict.fromkeys(i for i in ids if i is not None))
