"""`pantau export cases` against a real database."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.cli import main
from app.config import get_settings
from tests.exports.conftest import Cases


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("PANTAU_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_export_cases_to_xlsx_by_region(run: CliRunner, session: Session, cases: Cases,
                                        tmp_path: Path) -> None:
    out = tmp_path / "kasus.xlsx"
    result = run.invoke(main, ["export", "cases", "--format", "xlsx", "--out", str(out),
                               "--region", "32"])
    assert result.exit_code == 0, result.output
    assert "wrote 2 confirmed cases (3 rows, one per person named)" in result.output
    sheet = load_workbook(out)["Kasus"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        cases.bekasi.id, cases.bandung.id, cases.bandung.id]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export.cases")).one()
    assert entry.actor == "cli" and entry.user_id is None
    assert entry.after["filters"]["region"] == "32" and entry.after["cases"] == 2
    assert entry.after["rows"] == 3


def test_export_cases_to_csv_by_election(run: CliRunner, cases: Cases, tmp_path: Path) -> None:
    out = tmp_path / "kasus.csv"
    result = run.invoke(main, ["export", "cases", "--out", str(out),
                               "--election", str(cases.election_id), "--since", "2024-10-01"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert [int(r["case_id"]) for r in rows] == [cases.bekasi.id]


def test_a_bad_region_is_a_clear_error_and_no_file(run: CliRunner, session: Session,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "kasus.csv"
    result = run.invoke(main, ["export", "cases", "--out", str(out), "--region", "Bekasi"])
    assert result.exit_code == 1 and "Kemendagri code" in result.output
    assert not out.exists()
    assert session.scalars(select(AuditEntry)).all() == []
