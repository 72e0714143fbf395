"""Deciding whether a post becomes a review item, and how urgent it is. Pure: no database."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PARTISAN_LABELS = frozenset({"support", "oppose"})

# An author posting support is the clearest case; being named by someone else is the weakest.
HOW_WEIGHT: Mapping[str, float] = {
    "author": 1.0,
    "mention": 0.85,
    "tag": 0.85,
    "name": 0.75,
    "alias": 0.7,
    "honorific": 0.6,
    # A watched account's act on a video (app/posts/acts.py). Pinning shows it on their own
    # profile and a repost spreads it, both close to saying it; a like is the lightest sign.
    "pinned": 0.9,
    "reposted": 0.85,
    "liked": 0.6,
}
RANK_WEIGHT: Mapping[int, float] = {1: 1.0, 2: 0.9, 3: 0.8, 4: 0.7, 5: 0.55}


@dataclass(frozen=True, slots=True)
class ActorHit:
    """A watched person found in a post, with what triage needs to know about them."""

    person_id: int
    how: str
    rank: int
    region_code: str


@dataclass(frozen=True, slots=True)
class Verdict:
    flag: bool
    priority: float
    region_code: str | None
    election_id: int | None


def _actor_weight(hit: ActorHit) -> float:
    return HOW_WEIGHT.get(hit.how, 0.5) * RANK_WEIGHT.get(hit.rank, 0.5)


def _reach(metrics: Mapping[str, int]) -> float:
    # Views span 10 to 10 million; log scale keeps a viral post from drowning a Pj's post.
    views = max(metrics.get("views", 0), metrics.get("likes", 0) * 10, 0)
    return min(1.0, math.log10(1 + views) / 6)


def triage(
    *,
    actors: Sequence[ActorHit],
    election_ids: Sequence[int],
    label: str,
    score: float,
    metrics: Mapping[str, int],
    threshold: float,
    election_evidence: bool,
) -> Verdict:
    """Flag when a neutral-duty actor meets partisan content; rank by score, how, rank, reach.

    Partisan content must be about an election: a matched candidate or a campaign marker (a
    ballot number, a tagline). Without one, "bisa COD kak?" by a watched camat is a model's
    guess on text it has never seen, not a case.
    """
    if not actors or label not in PARTISAN_LABELS or score < threshold:
        return Verdict(False, 0.0, None, None)
    if not election_evidence:
        return Verdict(False, 0.0, None, None)
    top = max(actors, key=_actor_weight)
    priority = 100 * score * _actor_weight(top) * (0.8 + 0.2 * _reach(metrics))
    election_id = election_ids[0] if election_ids else None
    return Verdict(True, round(priority, 2), top.region_code, election_id)


def triage_act(
    *,
    actors: Sequence[ActorHit],
    on_campaign_account: bool,
    election_ids: Sequence[int],
    label: str,
    score: float,
    metrics: Mapping[str, int],
    threshold: float,
    election_evidence: bool,
) -> Verdict:
    """Flag a neutral-duty actor's like, repost or pin of a video (SKB category 6).

    A video on a candidate's own account is campaign material whatever its caption says:
    liking or sharing it is the violation category 6 names. Anyone else's video must be
    partisan and about an election, exactly as a post must.
    """
    verdict = triage(actors=actors, election_ids=election_ids, label=label, score=score,
                     metrics=metrics, threshold=threshold, election_evidence=election_evidence)
    if not on_campaign_account or not actors:
        return verdict
    top = max(actors, key=_actor_weight)
    # Ranked as a post the model is certain of: what the video is, is not in doubt.
    priority = round(100 * _actor_weight(top) * (0.8 + 0.2 * _reach(metrics)), 2)
    election_id = election_ids[0] if election_ids else None
    return Verdict(True, max(priority, verdict.priority), top.region_code, election_id)
