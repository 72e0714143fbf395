"""The watch-list admin pages through FastAPI's test client, logged in as a browser is."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEntry
from app.config import Settings
from app.main import create_app
from app.watchlist.models import Account, Candidate, Election, Person
from app.watchlist.snapshot import current_revision
from tests.web_login import login, make_login

PEOPLE = "/admin/watchlist/people"
ELECTIONS = "/admin/watchlist/elections"
WAHYU = {"name": "Drs. H. Wahyu Pranoto, M.Si", "aliases": "Pak Wahyu",
         "nip": "197003152000031002", "employment": "PNS", "position": "Pj Wali Kota Bekasi",
         "agency": "Pemerintah Kota Bekasi", "region_code": "32.75"}


@pytest.fixture
def client(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    make_login(session_factory, "root", "admin", "Rini Admin")
    make_login(session_factory, "ana", "reviewer", "Ana Reviewer")
    app = create_app(Settings(database_url=database_url))
    with TestClient(app, follow_redirects=False) as c:
        yield c
    app.state.engine.dispose()


def _page_csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _admin(client: TestClient) -> str:
    """Log in as the admin; the session's CSRF token, read off a page as a browser would."""
    login(client, "root")
    page = client.get(PEOPLE)
    assert page.status_code == 200, page.text
    return _page_csrf(page.text)


def _count(session_factory: sessionmaker[Session], model: type) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def _audit(session_factory: sessionmaker[Session]) -> list[tuple[str, str, dict, dict]]:
    with session_factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action.like("watchlist.%"))
                            .order_by(AuditEntry.id))
        return [(e.action, e.actor, e.before, e.after) for e in entries]


def _revision(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as s:
        return current_revision(session=s)


def _id(response, prefix: str) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].removeprefix(prefix + "/"))


def test_an_admin_adds_edits_and_deletes_a_person_and_their_accounts(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _admin(client)
    assert client.post(PEOPLE, data=WAHYU).status_code == 403  # no CSRF token
    assert _count(session_factory, Person) == 0
    person_id = _id(client.post(PEOPLE, data=WAHYU | {"csrf_token": csrf}), PEOPLE)
    page = client.get(f"{PEOPLE}/{person_id}").text
    assert 'value="197003152000031002"' in page and "Pj Wali Kota Bekasi" in page
    listed = client.get(PEOPLE, params={"q": "wahyu"}).text
    assert "Drs. H. Wahyu Pranoto" in listed and "1970•••••••••••002" in listed

    edited = WAHYU | {"position": "Staf Bagian Umum", "csrf_token": csrf}
    assert client.post(f"{PEOPLE}/{person_id}", data=edited).status_code == 303
    added = client.post(f"{PEOPLE}/{person_id}/accounts", data={
        "platform": "tiktok", "handle": "https://www.tiktok.com/@Wahyu.Pranoto",
        "csrf_token": csrf})
    assert added.headers["location"] == f"{PEOPLE}/{person_id}"
    assert "@wahyu.pranoto" in client.get(f"{PEOPLE}/{person_id}").text
    with session_factory() as s:
        account_id = s.scalar(select(Account.id))
    removed = client.post(f"/admin/watchlist/accounts/{account_id}/delete",
                          data={"csrf_token": csrf})
    assert removed.headers["location"] == f"{PEOPLE}/{person_id}"
    gone = client.post(f"{PEOPLE}/{person_id}/delete", data={"csrf_token": csrf})
    assert gone.status_code == 303 and gone.headers["location"] == PEOPLE
    assert client.get(f"{PEOPLE}/{person_id}").status_code == 404

    assert (_count(session_factory, Person), _count(session_factory, Account)) == (0, 0)
    trail = _audit(session_factory)
    assert [(action, actor) for action, actor, _, _ in trail] == [
        ("watchlist.person.create", "root"), ("watchlist.person.update", "root"),
        ("watchlist.account.create", "root"), ("watchlist.account.delete", "root"),
        ("watchlist.person.delete", "root")]
    assert trail[1][2:] == ({"position": "Pj Wali Kota Bekasi", "rank": 1},
                            {"position": "Staf Bagian Umum", "rank": 5})
    assert trail[2][3] == {"platform": "tiktok", "handle": "wahyu.pranoto",
                           "person_id": person_id, "candidate_id": None}
    assert trail[4][2]["nip"] == "197003152000031002"  # the record proves who it was
    assert _revision(session_factory) == 5


@pytest.mark.parametrize(("field", "value", "label", "why"), [
    ("nip", "197003152000131002", "NIP", "appointment month 200013 is not a month"),
    ("nip", "1970031520000310", "NIP", "NIP must be 18 digits, not 16"),
    ("region_code", "99.99", "Kode daerah", "unknown region code 99.99"),
])
def test_bad_input_comes_back_as_typed_naming_the_field(
    client: TestClient, session_factory: sessionmaker[Session], field: str, value: str,
    label: str, why: str
) -> None:
    csrf = _admin(client)
    refused = client.post(PEOPLE, data=WAHYU | {field: value, "csrf_token": csrf})
    assert refused.status_code == 422
    assert f"<strong>{label}</strong>: {why}" in refused.text
    assert f'name="{field}" value="{value}" maxlength' in refused.text
    assert 'aria-invalid="true"' in refused.text and 'value="Pak Wahyu"' in refused.text
    assert _count(session_factory, Person) == 0
    assert _audit(session_factory) == [] and _revision(session_factory) == 0


def test_a_refused_edit_changes_nothing(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _admin(client)
    person_id = _id(client.post(PEOPLE, data=WAHYU | {"csrf_token": csrf}), PEOPLE)
    refused = client.post(f"{PEOPLE}/{person_id}",
                          data=WAHYU | {"region_code": "99.99", "csrf_token": csrf})
    assert refused.status_code == 422 and 'value="99.99"' in refused.text
    taken = client.post(f"{PEOPLE}/{person_id}/accounts",
                        data={"platform": "tiktok", "handle": "no spaces", "csrf_token": csrf})
    assert taken.status_code == 422 and "is not a tiktok handle" in taken.text
    with session_factory() as s:
        assert s.get(Person, person_id).region_code == "32.75"
    assert len(_audit(session_factory)) == 1 and _revision(session_factory) == 1


def test_an_admin_keeps_elections_and_their_candidates(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _admin(client)
    election_id = _id(client.post(ELECTIONS, data={
        "office": "walikota", "region_code": "32.75", "year": "2024", "csrf_token": csrf}),
        ELECTIONS)
    assert "Pemilihan Wali Kota Bekasi 2024" in client.get(ELECTIONS).text
    renamed = client.post(f"{ELECTIONS}/{election_id}", data={
        "office": "walikota", "region_code": "32.75", "year": "2024",
        "name": "Pilkada Kota Bekasi 2024", "csrf_token": csrf})
    assert renamed.status_code == 303
    bima = {"name": "Bima Satria Nugraha", "aliases": "Mas Bima; Bima", "ballot_number": "2",
            "running_mate": "Siti Lestari", "slogans": "Bekasi Maju Bersama",
            "hashtags": "#BekasiBersamaMasBima", "csrf_token": csrf}
    candidates = "/admin/watchlist/candidates"
    candidate_id = _id(client.post(f"{ELECTIONS}/{election_id}/candidates", data=bima),
                       candidates)
    twice = client.post(f"{ELECTIONS}/{election_id}/candidates", data=bima)
    assert twice.status_code == 409 and "Nomor urut" in twice.text
    assert "Mas Bima; Bima" in client.get(f"{candidates}/{candidate_id}").text
    edited = client.post(f"{candidates}/{candidate_id}", data=bima | {"ballot_number": "3"})
    assert edited.status_code == 303
    added = client.post(f"{candidates}/{candidate_id}/accounts",
                        data={"platform": "instagram", "handle": "@bimasatria.bekasi",
                              "csrf_token": csrf})
    assert added.headers["location"] == f"{candidates}/{candidate_id}"
    page = client.get(f"{ELECTIONS}/{election_id}").text
    assert "Pilkada Kota Bekasi 2024" in page and "Bima Satria Nugraha" in page
    gone = client.post(f"{candidates}/{candidate_id}/delete", data={"csrf_token": csrf})
    assert gone.headers["location"] == f"{ELECTIONS}/{election_id}"

    assert (_count(session_factory, Candidate), _count(session_factory, Account),
            _count(session_factory, Election)) == (0, 0, 1)
    trail = _audit(session_factory)
    assert [action for action, *_ in trail] == [
        "watchlist.election.create", "watchlist.election.update", "watchlist.candidate.create",
        "watchlist.candidate.update", "watchlist.account.create", "watchlist.candidate.delete"]
    assert trail[3][2:] == ({"ballot_number": 2}, {"ballot_number": 3})
    assert trail[5][2]["accounts"] == ["instagram:@bimasatria.bekasi"]
    assert _revision(session_factory) == 6


def test_a_walikota_election_in_a_kabupaten_is_refused(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _admin(client)
    refused = client.post(ELECTIONS, data={"office": "walikota", "region_code": "32.01",
                                           "year": "2024", "csrf_token": csrf})
    assert refused.status_code == 422 and "<strong>Kode daerah</strong>" in refused.text
    assert "use bupati" in refused.text and _count(session_factory, Election) == 0


def test_a_reviewer_may_not_touch_the_watch_list(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    login(client, "ana")
    page = client.get(PEOPLE)
    assert page.status_code == 403 and "Tidak diizinkan" in page.text
    csrf = _page_csrf(page.text)  # the refusal page's own log-out form carries one
    for path, data in [(PEOPLE, WAHYU), (ELECTIONS, {"office": "walikota",
                                                     "region_code": "32.75", "year": "2024"})]:
        assert client.post(path, data=data | {"csrf_token": csrf}).status_code == 403
    assert _count(session_factory, Person) == _count(session_factory, Election) == 0


def test_the_menu_links_the_watch_list_for_admins_only(client: TestClient) -> None:
    login(client, "ana")
    assert "/admin/watchlist" not in client.get("/dashboard").text
    _admin(client)
    assert '<a href="/admin/watchlist/people">Daftar pantau</a>' in client.get("/dashboard").text


def test_names_are_shown_as_text_never_as_markup(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _admin(client)
    evil = WAHYU | {"name": '<script>alert("x")</script>', "csrf_token": csrf}
    person_id = _id(client.post(PEOPLE, data=evil), PEOPLE)
    for path in (PEOPLE, f"{PEOPLE}/{person_id}"):
        page = client.get(path).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_the_list_pages_through_the_roster(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        s.add_all(Person(name=f"Pegawai {i:02d}", employment="NON_ASN", region_code="32.75")
                  for i in range(55))
        s.commit()
    _admin(client)
    first = client.get(PEOPLE).text
    assert "Pegawai 49" in first and "Pegawai 50" not in first
    after = re.search(r'rel="next" href="/admin/watchlist/people\?q=&amp;after=(\d+)"',
                      first).group(1)
    second = client.get(PEOPLE, params={"after": after}).text
    assert "Pegawai 50" in second and "Pegawai 54" in second and "Pegawai 49" not in second
    assert 'rel="next"' not in second
