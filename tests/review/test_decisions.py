"""Decide, confirm with four eyes, reopen with a reason; stale edits refused; all on the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit import service as audit
from app.audit.models import AuditEntry
from app.errors import Conflict, Forbidden, Invalid
from app.review import decisions, queue
from app.review.models import ReviewStep
from tests.review.items import NOW, make_items, make_user


@pytest.fixture
def people(session):
    return (make_user(session, "ana"), make_user(session, "citra", "coordinator"),
            make_user(session, "dodi", "coordinator"), make_user(session, "admin", "admin"))


def test_violation_waits_for_a_different_coordinator(session, people):
    ana, citra, dodi, _ = people
    (item,) = make_items(session, 1)
    queue.claim_next(session, citra, NOW)
    decided = decisions.decide(session, citra, item.id, NOW, verdict="violation", category=6,
                               note="tagline + nomor urut", expected_version=1)
    assert decided.status == "pending_confirmation" and decided.version == 2
    with pytest.raises(Forbidden, match="four-eyes"):
        decisions.confirm(session, citra, item.id, NOW, accept=True, expected_version=2)
    with pytest.raises(Forbidden):
        decisions.confirm(session, ana, item.id, NOW, accept=True, expected_version=2)
    done = decisions.confirm(session, dodi, item.id, NOW + timedelta(hours=1), accept=True,
                             note="akun terverifikasi", expected_version=2)
    assert (done.status, done.confirmed_by_id, done.category) == ("confirmed", dodi.id, 6)
    steps = session.scalars(select(ReviewStep).order_by(ReviewStep.id)).all()
    assert [(s.step, s.user_id) for s in steps] == [("decision", citra.id),
                                                     ("confirmation", dodi.id)]
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["review.claim", "review.decide", "review.confirm"]
    assert audit.verify(session).ok


def test_stale_version_and_unheld_items_are_refused(session, people):
    ana, citra, *_ = people
    (item,) = make_items(session, 1)
    with pytest.raises(Conflict, match="claim it first"):
        decisions.decide(session, ana, item.id, NOW, verdict="no_violation", category=None)
    queue.claim_next(session, ana, NOW)
    with pytest.raises(Conflict, match="changed since you opened it"):
        decisions.decide(session, ana, item.id, NOW, verdict="no_violation", category=None,
                         expected_version=7)
    decisions.decide(session, ana, item.id, NOW, verdict="no_violation", category=None,
                     label="neutral", expected_version=1)
    with pytest.raises(Conflict, match="closed"):
        decisions.decide(session, ana, item.id, NOW, verdict="violation", category=2)
    step = session.scalar(select(ReviewStep))
    assert step.label == "neutral"


def test_bad_input_names_the_field(session, people):
    ana, *_ = people
    (item,) = make_items(session, 1)
    queue.claim_next(session, ana, NOW)
    with pytest.raises(Invalid, match="category: a violation needs"):
        decisions.decide(session, ana, item.id, NOW, verdict="violation", category=None)
    with pytest.raises(Invalid, match="category: a number from 1 to 14"):
        decisions.decide(session, ana, item.id, NOW, verdict="violation", category=15)
    with pytest.raises(Invalid, match="verdict"):
        decisions.decide(session, ana, item.id, NOW, verdict="guilty", category=2)


def test_rejection_needs_a_note_and_reopen_a_reason(session, people):
    ana, citra, dodi, admin = people
    (item,) = make_items(session, 1)
    queue.claim_next(session, ana, NOW)
    decisions.decide(session, ana, item.id, NOW, verdict="violation", category=2)
    with pytest.raises(Invalid, match="note is required"):
        decisions.confirm(session, citra, item.id, NOW, accept=False)
    rejected = decisions.confirm(session, citra, item.id, NOW, accept=False,
                                 note="akun parodi, bukan milik ASN")
    assert rejected.status == "rejected"
    with pytest.raises(Forbidden):
        decisions.reopen(session, ana, item.id, NOW, reason="saya keliru")
    with pytest.raises(Invalid, match="reopened"):
        decisions.reopen(session, admin, item.id, NOW, reason="  ")
    reopened = decisions.reopen(session, admin, item.id, NOW, reason="bukti baru dari pelapor",
                                expected_version=rejected.version)
    assert (reopened.status, reopened.verdict, reopened.decided_by_id) == ("open", None, None)
    assert [s.step for s in session.scalars(select(ReviewStep).order_by(ReviewStep.id))] == [
        "decision", "rejection", "reopen"]
    assert queue.claim_next(session, dodi, NOW).id == item.id


def test_settled_decisions_become_training_rows_the_corpus_loader_reads(session, people, tmp_path):
    from app.review import training
    from classifiers.support import load_corpus

    ana, citra, dodi, admin = people
    closed, confirmed, pending, reopened = make_items(session, 4)
    for item, verdict, category, label in [(closed, "no_violation", None, "neutral"),
                                           (confirmed, "violation", 6, None),
                                           (pending, "violation", 2, None),
                                           (reopened, "no_violation", None, "neutral")]:
        queue.claim(session, ana, item.id, NOW)
        decisions.decide(session, ana, item.id, NOW, verdict=verdict, category=category,
                         label=label)
    decisions.confirm(session, citra, confirmed.id, NOW, accept=True)
    decisions.reopen(session, admin, reopened.id, NOW, reason="salah akun")
    path = tmp_path / "decisions.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        assert training.write_csv(session, f) == 2
    rows = load_corpus(path)
    assert [(r.label, r.source) for r in rows] == [("neutral", "decisions"),
                                                  ("support", "decisions")]
    assert "review item" in rows[0].note
