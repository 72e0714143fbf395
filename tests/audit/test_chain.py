"""The audit chain: appends link up, any edit or removal is named, concurrent appends never fork."""

from __future__ import annotations

import threading

from sqlalchemy import delete, select, update

from app.audit import service as audit
from app.audit.models import AuditEntry
from app.db import session_scope


def _append(session_factory, n: int, actor: str = "ana") -> None:
    for i in range(n):
        with session_scope(session_factory) as s:
            audit.record(s, action="review.decide", user_id=None, actor=actor,
                         object_type="review_item", object_id=i,
                         before={"status": "open"}, after={"status": "closed", "note": "é\u202e"})


def test_chain_verifies_and_names_the_first_changed_entry(session_factory):
    _append(session_factory, 5)
    with session_scope(session_factory) as s:
        check = audit.verify(s)
        assert check.ok and check.entries == 5
        ids = s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()
        s.execute(update(AuditEntry).where(AuditEntry.id == ids[2]).values(actor="mallory"))
    with session_scope(session_factory) as s:
        check = audit.verify(s)
        assert check.first_broken_id == ids[2] and "changed" in check.reason


def test_removed_entry_breaks_the_link_of_the_next(session_factory):
    _append(session_factory, 4)
    with session_scope(session_factory) as s:
        ids = s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()
        s.execute(delete(AuditEntry).where(AuditEntry.id == ids[1]))
    with session_scope(session_factory) as s:
        check = audit.verify(s)
        assert check.first_broken_id == ids[2] and "removed" in check.reason


def test_concurrent_appends_form_one_line(session_factory):
    threads = [threading.Thread(target=_append, args=(session_factory, 10, f"u{t}"))
               for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with session_scope(session_factory) as s:
        check = audit.verify(s)
        assert check.ok and check.entries == 80


def test_cli_verify_reports_intact_then_broken(session_factory, database_url, monkeypatch):
    from click.testing import CliRunner

    from app.cli import main
    from app.config import get_settings

    monkeypatch.setenv("PANTAU_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        _append(session_factory, 3)
        intact = CliRunner().invoke(main, ["audit", "verify"])
        assert intact.exit_code == 0 and "intact: 3 entries" in intact.output
        with session_scope(session_factory) as s:
            last = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
            s.execute(update(AuditEntry).where(AuditEntry.id == last.id)
                      .values(after={"status": "confirmed"}))
        broken = CliRunner().invoke(main, ["audit", "verify"])
        assert broken.exit_code == 1 and f"BROKEN at entry {last.id}" in broken.output
    finally:
        get_settings.cache_clear()
