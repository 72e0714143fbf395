"""`pantau watchlist import` puts every written import on the audit record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEntry
from app.cli import main
from app.config import get_settings
from tests.builders import PEOPLE_HEADER, PEOPLE_ROWS, write_csv


@pytest.fixture
def run(database_url: str, session_factory: sessionmaker[Session],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("PANTAU_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _imports(session_factory: sessionmaker[Session]) -> list[AuditEntry]:
    with session_factory() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "watchlist.import")
                              .order_by(AuditEntry.id)))


def test_each_written_import_is_one_audit_entry(
    run: CliRunner, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "pegawai.csv", PEOPLE_HEADER, PEOPLE_ROWS)
    for _ in range(2):
        done = run.invoke(main, ["watchlist", "import", str(path)])
        assert done.exit_code == 0, done.output
    first, again = _imports(session_factory)
    assert (first.actor, first.user_id, first.object_type, first.before) == (
        "cli", None, "watchlist", None)
    assert first.after == {"file": "pegawai.csv", "kind": "people", "rows": 4, "created": 4,
                           "updated": 0, "unchanged": 0, "accounts_changed": 5}
    assert again.after["created"] == 0 and again.after["unchanged"] == 4


def test_a_dry_run_or_a_refused_file_is_not_an_import(
    run: CliRunner, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "pegawai.csv", PEOPLE_HEADER, PEOPLE_ROWS)
    assert run.invoke(main, ["watchlist", "import", str(path), "--dry-run"]).exit_code == 0
    bad = [[*PEOPLE_ROWS[0][:6], "99.99", *PEOPLE_ROWS[0][7:]]]
    refused = run.invoke(main, ["watchlist", "import",
                                str(write_csv(tmp_path / "bad.csv", PEOPLE_HEADER, bad))])
    assert refused.exit_code == 1
    assert _imports(session_factory) == []
