"""Watch-list import on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.watchlist import service as watchlist_service
from app.watchlist.models import Account, Candidate, Election, Person
from app.watchlist.snapshot import current_revision
from tests.builders import CANDIDATE_ROWS, CANDIDATES_HEADER, PEOPLE_HEADER, PEOPLE_ROWS, write_csv


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _import(session: Session, path: Path, kind: str) -> watchlist_service.ImportResult:
    result = watchlist_service.import_file(session=session, path=path, kind=kind)
    session.commit()
    return result


def test_people_import_creates_people_accounts_and_ranks(session: Session, tmp_path: Path) -> None:
    result = _import(session, write_csv(tmp_path / "p.csv", PEOPLE_HEADER, PEOPLE_ROWS), "people")
    assert (result.created, result.updated, result.errors) == (4, 0, [])
    pj = session.scalar(select(Person).where(Person.nip == "197003152000031002"))
    assert pj is not None and pj.rank == 1 and pj.aliases == ["Pak Wahyu"]
    camat = session.scalar(select(Person).where(Person.name == "Hendra Kusumawijaya"))
    assert camat is not None and camat.rank == 3
    handles = set(session.execute(select(Account.platform, Account.handle)))
    assert ("tiktok", "wahyu.pranoto") in handles and ("instagram", "rina.okta") in handles
    assert current_revision(session=session) == 1


def test_reimporting_the_same_file_changes_nothing(session: Session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", PEOPLE_HEADER, PEOPLE_ROWS)
    _import(session, path, "people")
    again = _import(session, path, "people")
    assert (again.created, again.updated, again.unchanged, again.accounts_changed) == (0, 0, 4, 0)
    assert current_revision(session=session) == 1
    assert _count(session, Person) == 4


def test_changed_row_updates_and_moves_revision(session: Session, tmp_path: Path) -> None:
    _import(session, write_csv(tmp_path / "p.csv", PEOPLE_HEADER, PEOPLE_ROWS), "people")
    rows = [list(r) for r in PEOPLE_ROWS]
    rows[1][4] = "Sekretaris Daerah Kota Bekasi"
    rows[1][7] = "hendra.sekda"
    result = _import(session, write_csv(tmp_path / "p2.csv", PEOPLE_HEADER, rows), "people")
    assert (result.created, result.updated, result.accounts_changed) == (0, 1, 2)
    hendra = session.scalar(select(Person).where(Person.name == "Hendra Kusumawijaya"))
    assert hendra is not None and hendra.rank == 2
    handles = set(session.scalars(select(Account.handle).where(Account.person_id == hendra.id)))
    assert handles == {"hendra.sekda"}
    assert current_revision(session=session) == 2


def test_a_file_with_one_bad_row_writes_nothing(session: Session, tmp_path: Path) -> None:
    rows = [list(r) for r in PEOPLE_ROWS]
    rows[2][2] = "199013232019032001"  # month 13
    result = _import(session, write_csv(tmp_path / "bad.csv", PEOPLE_HEADER, rows), "people")
    assert result.created == 0
    assert [(e.line, e.field) for e in result.errors] == [(4, "nip")]
    assert _count(session, Person) == 0


def test_unknown_region_is_an_error_naming_the_code(session: Session, tmp_path: Path) -> None:
    rows = [list(r) for r in PEOPLE_ROWS]
    rows[0][6] = "99.99"
    result = _import(session, write_csv(tmp_path / "bad.csv", PEOPLE_HEADER, rows), "people")
    assert len(result.errors) == 1 and "99.99" in str(result.errors[0])
    assert result.errors[0].line == 2 and result.errors[0].field == "region_code"


def test_handle_owned_by_someone_else_is_refused(session: Session, tmp_path: Path) -> None:
    _import(session, write_csv(tmp_path / "p.csv", PEOPLE_HEADER, PEOPLE_ROWS), "people")
    thief = [["Agus Salim", "", "", "TNI", "Babinsa", "Kodim 0507", "32.75", "camat_hendra", ""]]
    with pytest.raises(watchlist_service.WatchlistConflict) as exc:
        watchlist_service.import_file(
            session=session, path=write_csv(tmp_path / "t.csv", PEOPLE_HEADER, thief), kind="people"
        )
    session.rollback()
    assert "camat_hendra" in str(exc.value) and "line 2" in str(exc.value)
    assert _count(session, Person) == 4


def test_candidates_find_or_create_their_election(session: Session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", CANDIDATES_HEADER, CANDIDATE_ROWS)
    result = _import(session, path, "candidates")
    assert (result.created, result.errors) == (2, [])
    election = session.scalar(select(Election))
    assert election is not None
    assert (election.office, election.region_code, election.year) == ("walikota", "32.75", 2024)
    assert election.name == "Pemilihan Wali Kota Bekasi 2024"
    bima = session.scalar(select(Candidate).where(Candidate.ballot_number == 2))
    assert bima is not None and bima.hashtags == ["BekasiBersamaMasBima"]
    assert _import(session, path, "candidates").created == 0
    assert _count(session, Election) == 1


def test_walikota_in_a_kabupaten_is_refused(session: Session, tmp_path: Path) -> None:
    rows = [list(CANDIDATE_ROWS[0])]
    rows[0][3] = "32.01"  # Kabupaten Bogor elects a bupati
    result = _import(session, write_csv(tmp_path / "c.csv", CANDIDATES_HEADER, rows), "candidates")
    assert result.errors and result.errors[0].line == 2
    assert _count(session, Candidate) == 0
