"""The watch-list edited by hand, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.models import AuditEntry
from app.errors import Conflict
from app.users.models import User
from app.watchlist import admin_service
from app.watchlist import service as watchlist_service
from app.watchlist.admin_service import FormError
from app.watchlist.models import Account, Candidate, Election, Person, WatchlistState
from app.watchlist.schemas import AccountForm, CandidateForm, ElectionForm, PersonForm
from app.watchlist.snapshot import current_revision
from tests.builders import PEOPLE_HEADER, PEOPLE_ROWS, write_csv
from tests.case_builders import make_flag, make_user

WAHYU = PersonForm(name="Drs. H. Wahyu Pranoto, M.Si", aliases="Pak Wahyu",
                   nip="19700315 200003 1 002", employment="PNS",
                   position="Pj Wali Kota Bekasi", agency="Pemerintah Kota Bekasi",
                   region_code="32.75")


@pytest.fixture
def admin(session: Session) -> User:
    return make_user(session, "root", "Rini Admin", role="admin")


def _entries(session: Session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action.like("watchlist.%"))
                                .order_by(AuditEntry.id)))


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_person_saved_by_hand_is_one_the_import_leaves_unchanged(
    session: Session, admin: User, tmp_path: Path
) -> None:
    person = admin_service.create_person(session=session, person_in=WAHYU, by=admin)
    admin_service.add_account(session=session, owner=person, by=admin,
                              account_in=AccountForm(platform="tiktok", handle="wahyu.pranoto"))
    admin_service.add_account(session=session, owner=person, by=admin,
                              account_in=AccountForm(platform="instagram",
                                                     handle="instagram.com/WahyuPranoto"))
    session.commit()
    assert (person.nip, person.aliases, person.rank) == ("197003152000031002", ["Pak Wahyu"], 1)
    result = watchlist_service.import_file(
        session=session, path=write_csv(tmp_path / "p.csv", PEOPLE_HEADER, PEOPLE_ROWS[:1]),
        kind="people")
    assert (result.created, result.updated, result.unchanged, result.accounts_changed) == (
        0, 0, 1, 0)


def test_every_change_is_audited_with_before_and_after_and_moves_the_revision(
    session: Session, admin: User
) -> None:
    person = admin_service.create_person(session=session, person_in=WAHYU, by=admin)
    stamp = session.get(WatchlistState, 1).stamp
    moved = WAHYU.model_copy(update={"position": "Staf Bagian Umum"})
    admin_service.update_person(session=session, person_id=person.id, person_in=moved, by=admin)
    assert session.get(WatchlistState, 1).stamp != stamp
    # Saved again unchanged: nothing to record, nothing for the matcher to rebuild.
    admin_service.update_person(session=session, person_id=person.id, person_in=moved, by=admin)
    admin_service.delete_person(session=session, person_id=person.id, by=admin)
    session.commit()
    create, update, delete = _entries(session)
    assert (create.action, create.actor, create.user_id, create.object_type) == (
        "watchlist.person.create", "root", admin.id, "person")
    assert create.before is None and create.after["nip"] == "197003152000031002"
    assert update.action == "watchlist.person.update" and update.object_id == str(person.id)
    assert update.before == {"position": "Pj Wali Kota Bekasi", "rank": 1}
    assert update.after == {"position": "Staf Bagian Umum", "rank": 5}
    assert delete.action == "watchlist.person.delete" and delete.after is None
    assert delete.before["nip"] == "197003152000031002" and delete.before["accounts"] == []
    assert current_revision(session=session) == 3
    assert audit.verify(session).ok


def test_a_form_error_names_every_field_and_writes_nothing(session: Session, admin: User) -> None:
    bad = WAHYU.model_copy(update={"nip": "199013232019032001", "region_code": "3275",
                                   "employment": "honorer lepas"})
    with pytest.raises(FormError) as refused:
        admin_service.create_person(session=session, person_in=bad, by=admin)
    assert refused.value.status_code == 422
    assert refused.value.fields == {"employment", "nip", "region_code"}
    assert "codes are dotted: 32.75" in refused.value.message
    with pytest.raises(FormError) as birth:
        admin_service.create_person(session=session, by=admin,
                                    person_in=bad.model_copy(update={"employment": "PNS",
                                                                     "region_code": "32.75"}))
    assert birth.value.fields == {"nip"} and "19901323 is not a date" in birth.value.message
    assert (_count(session, Person), _entries(session), current_revision(session=session)) == (
        0, [], 0)


def test_the_pppk_flag_comes_from_the_employment(session: Session, admin: User) -> None:
    pppk = WAHYU.model_copy(update={"nip": "199010232019212001", "employment": "PNS"})
    with pytest.raises(FormError, match="set employment to PPPK"):
        admin_service.create_person(session=session, person_in=pppk, by=admin)
    pppk = pppk.model_copy(update={"employment": "PPPK"})
    assert admin_service.create_person(session=session, person_in=pppk, by=admin).nip


def test_taken_nips_names_and_handles_are_409(session: Session, admin: User) -> None:
    wahyu = admin_service.create_person(session=session, person_in=WAHYU, by=admin)
    with pytest.raises(FormError) as nip:
        admin_service.create_person(session=session, by=admin,
                                    person_in=WAHYU.model_copy(update={"name": "Wahyu P"}))
    assert (nip.value.status_code, nip.value.fields) == (409, {"nip"})
    joko = PersonForm(name="Joko Susilo", employment="NON_ASN", region_code="32.75")
    admin_service.create_person(session=session, person_in=joko, by=admin)
    with pytest.raises(FormError) as name:
        admin_service.create_person(session=session, by=admin,
                                    person_in=joko.model_copy(update={"name": "JOKO SUSILO"}))
    assert (name.value.status_code, name.value.fields) == (409, {"name"})
    handle = AccountForm(platform="tiktok", handle="@Wahyu.Pranoto")
    admin_service.add_account(session=session, owner=wahyu, account_in=handle, by=admin)
    with pytest.raises(FormError) as taken:
        admin_service.add_account(session=session, owner=wahyu, account_in=handle, by=admin)
    assert taken.value.fields == {"handle"} and f"person #{wahyu.id}" in taken.value.message


def test_search_by_name_agency_or_nip_prefix_a_page_at_a_time(
    session: Session, admin: User
) -> None:
    nips = ["197003152000031002", "197909092005011001", "198001012005011001"]
    for i, nip in enumerate(nips):
        admin_service.create_person(session=session, by=admin, person_in=WAHYU.model_copy(
            update={"name": f"Pegawai {i}", "nip": nip, "agency": f"Dinas {i}"}))

    def names(query: str, after: int = 0, limit: int = 50) -> list[str]:
        page = admin_service.list_people(session=session, query=query, after=after, limit=limit)
        return [p.name for p, _ in page.people]

    assert names("pegawai 1") == ["Pegawai 1"]
    assert names("DINAS 2") == ["Pegawai 2"]
    assert names("1979") == ["Pegawai 1"]  # 1979... up to, not including, 1980
    assert names("19700315 2000") == ["Pegawai 0"]
    assert names("9") == [] and names("100%") == []
    first = admin_service.list_people(session=session, limit=2)
    assert [p.name for p, _ in first.people] == ["Pegawai 0", "Pegawai 1"]
    assert [region for _, region in first.people] == ["Kota Bekasi"] * 2
    assert names("", after=first.next_after) == ["Pegawai 2"]
    assert admin_service.list_people(session=session, after=first.next_after).next_after is None


def test_elections_and_candidates(session: Session, admin: User) -> None:
    bekasi = ElectionForm(office="walikota", region_code="32.75", year="2024")
    election = admin_service.create_election(session=session, election_in=bekasi, by=admin)
    assert election.name == "Pemilihan Wali Kota Bekasi 2024"
    with pytest.raises(FormError) as twice:
        admin_service.create_election(session=session, election_in=bekasi, by=admin)
    assert (twice.value.status_code, twice.value.fields) == (409, {"region_code"})
    with pytest.raises(FormError) as kabupaten:
        admin_service.create_election(session=session, by=admin, election_in=bekasi.model_copy(
            update={"region_code": "32.01"}))
    assert "use bupati" in kabupaten.value.message
    bima = CandidateForm(name="Bima Satria Nugraha", aliases="Mas Bima; Bima", ballot_number="2",
                         running_mate="Siti Lestari", hashtags="#BekasiBersamaMasBima")
    candidate = admin_service.create_candidate(session=session, election_id=election.id,
                                               candidate_in=bima, by=admin)
    assert candidate.hashtags == ["BekasiBersamaMasBima"] and candidate.aliases == [
        "Mas Bima", "Bima"]
    with pytest.raises(FormError) as same:
        admin_service.create_candidate(session=session, election_id=election.id,
                                       candidate_in=bima, by=admin)
    assert same.value.fields == {"name", "ballot_number"}
    with pytest.raises(FormError) as number:
        admin_service.update_candidate(session=session, candidate_id=candidate.id, by=admin,
                                       candidate_in=bima.model_copy(update={"ballot_number": "0"}))
    assert (number.value.status_code, number.value.fields) == (422, {"ballot_number"})
    renamed = bekasi.model_copy(update={"name": "Pilkada Kota Bekasi 2024"})
    admin_service.update_election(session=session, election_id=election.id,
                                  election_in=renamed, by=admin)
    admin_service.delete_candidate(session=session, candidate_id=candidate.id, by=admin)
    session.commit()
    stored = {"election_id": election.id, "name": "Bima Satria Nugraha",
              "aliases": ["Mas Bima", "Bima"], "ballot_number": 2, "running_mate": "Siti Lestari",
              "slogans": [], "hashtags": ["BekasiBersamaMasBima"]}
    assert [(e.action, e.before, e.after) for e in _entries(session)][1:] == [
        ("watchlist.candidate.create", None, stored),
        ("watchlist.election.update", {"name": "Pemilihan Wali Kota Bekasi 2024"},
         {"name": "Pilkada Kota Bekasi 2024"}),
        ("watchlist.candidate.delete", stored | {"accounts": []}, None),
    ]
    assert (_count(session, Candidate), _count(session, Election)) == (0, 1)


def test_someone_a_post_names_cannot_be_deleted(session: Session, admin: User) -> None:
    person = admin_service.create_person(session=session, person_in=WAHYU, by=admin)
    election = admin_service.create_election(session=session, by=admin, election_in=ElectionForm(
        office="walikota", region_code="32.75", year="2024"))
    candidate = admin_service.create_candidate(session=session, election_id=election.id,
                                               candidate_in=CandidateForm(name="Bima"), by=admin)
    admin_service.add_account(session=session, owner=candidate, by=admin,
                              account_in=AccountForm(platform="tiktok", handle="bima.bekasi"))
    make_flag(session, "7400000000000000001", actor=person, candidate=candidate)
    with pytest.raises(Conflict, match="evidence"):
        admin_service.delete_person(session=session, person_id=person.id, by=admin)
    with pytest.raises(Conflict, match="evidence"):
        admin_service.delete_candidate(session=session, candidate_id=candidate.id, by=admin)
    assert (_count(session, Person), _count(session, Candidate), _count(session, Account)) == (
        1, 1, 1)
