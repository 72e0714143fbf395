"""Triage rules: a neutral-duty actor and partisan content, both, or no flag."""

from __future__ import annotations

from app.review.triage import ActorHit, triage, triage_act

CAMAT_AUTHOR = ActorHit(person_id=1, how="author", rank=3, region_code="32.75")
STAFF_NAMED = ActorHit(person_id=2, how="name", rank=5, region_code="32.71")
PJ_TAGGED = ActorHit(person_id=3, how="tag", rank=1, region_code="32.74")


def _triage(actors, label="support", score=0.9, metrics=None, elections=(), evidence=True):
    return triage(actors=actors, election_ids=list(elections), label=label, score=score,
                  metrics=metrics or {}, threshold=0.5, election_evidence=evidence)


def test_actor_and_support_is_a_flag() -> None:
    verdict = _triage([CAMAT_AUTHOR], elections=[7])
    assert verdict.flag and verdict.region_code == "32.75" and verdict.election_id == 7


def test_attack_on_a_candidate_is_a_flag_too() -> None:
    assert _triage([CAMAT_AUTHOR], label="oppose").flag


def test_no_actor_is_no_flag() -> None:
    assert not _triage([]).flag


def test_neutral_content_is_no_flag() -> None:
    assert not _triage([PJ_TAGGED], label="neutral", score=0.99).flag


def test_support_with_nothing_about_an_election_is_no_flag() -> None:
    assert not _triage([CAMAT_AUTHOR], score=0.99, evidence=False).flag


def test_low_confidence_is_no_flag() -> None:
    assert not _triage([CAMAT_AUTHOR], score=0.49).flag


def test_seniority_and_how_order_priority() -> None:
    pj = _triage([PJ_TAGGED]).priority
    staff = _triage([STAFF_NAMED]).priority
    assert pj > staff
    # With several actors the weightiest one sets priority and region.
    both = _triage([STAFF_NAMED, PJ_TAGGED])
    assert both.priority == pj and both.region_code == "32.74"


def test_reach_raises_priority_within_bounds() -> None:
    quiet = _triage([CAMAT_AUTHOR], metrics={"views": 10}).priority
    viral = _triage([CAMAT_AUTHOR], metrics={"views": 5_000_000}).priority
    assert quiet < viral <= 100


CAMAT_LIKED = ActorHit(person_id=1, how="liked", rank=3, region_code="32.75")


def _triage_act(on_campaign_account, label="neutral", score=0.9, evidence=True):
    return triage_act(actors=[CAMAT_LIKED], on_campaign_account=on_campaign_account,
                      election_ids=[7], label=label, score=score, metrics={},
                      threshold=0.5, election_evidence=evidence)


def test_liking_a_candidates_own_video_is_a_flag_whatever_it_says() -> None:
    verdict = _triage_act(True)
    assert verdict.flag and verdict.region_code == "32.75" and verdict.election_id == 7
    # A partisan caption on the campaign's account never ranks below a neutral one.
    assert _triage_act(True, label="support", score=0.6).priority >= verdict.priority


def test_liking_anyone_elses_video_needs_partisan_content() -> None:
    assert not _triage_act(False).flag
    assert _triage_act(False, label="support").flag
    assert not _triage_act(False, label="support", evidence=False).flag


def test_a_like_weighs_less_than_writing_the_post() -> None:
    liked = _triage_act(False, label="support").priority
    assert liked < _triage([CAMAT_AUTHOR], score=0.9).priority
