"""The watch-list snapshot on a real database (SQLite and PostgreSQL): built by streaming the
tables, kept in the process, and kept on disk for the next process."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.watchlist import service as watchlist_service
from app.watchlist import snapshot
from app.watchlist.models import Person, WatchlistState
from app.watchlist.snapshot import PersonFacts, WatchlistSnapshot, current_snapshot
from classifiers.matching import Matcher, MatchInput
from tests.builders import CANDIDATE_ROWS, CANDIDATES_HEADER, PEOPLE_HEADER, PEOPLE_ROWS, write_csv

TEXTS = [
    "Terima kasih Pak Wahyu dan Camat HENDRA KUSUMAWIJAYA",
    "Bulatkan tekad untuk Mas Bima, coblos no 2! #BekasiBersamaMasBima",
    "Bu Rina mengajar di SDN Harapan Jaya 3",
    "Macet parah di jalan pagi ini",
]


def _import(session: Session, tmp_path: Path, kind: str, rows: list[list[str]]) -> None:
    header = PEOPLE_HEADER if kind == "people" else CANDIDATES_HEADER
    path = write_csv(tmp_path / f"{kind}.csv", header, rows)
    assert not watchlist_service.import_file(session=session, path=path, kind=kind).errors
    session.commit()


@pytest.fixture
def watchlist(session: Session, tmp_path: Path) -> None:
    _import(session, tmp_path, "candidates", CANDIDATE_ROWS)
    _import(session, tmp_path, "people", PEOPLE_ROWS)


@pytest.fixture(autouse=True)
def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a freshly started process does: no snapshot in memory."""
    monkeypatch.setattr(snapshot, "_cached", None)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stamps of the snapshots built (rather than loaded) from now on."""
    built: list[str] = []
    real = snapshot.build_snapshot

    def counting(*, session: Session, revision: int, stamp: str = "") -> WatchlistSnapshot:
        built.append(stamp)
        return real(session=session, revision=revision, stamp=stamp)

    monkeypatch.setattr(snapshot, "build_snapshot", counting)
    return built


def _stamp(session: Session) -> str:
    return session.scalar(select(WatchlistState.stamp)) or ""


def _matches(snap: WatchlistSnapshot) -> list[list[tuple]]:
    return [sorted(snap.matcher.match(MatchInput("tiktok", "wahyu.pranoto", t)))
            for t in TEXTS]


@pytest.mark.usefixtures("watchlist")
def test_snapshot_holds_the_matcher_and_the_facts_triage_needs(session: Session) -> None:
    snap = current_snapshot(session=session)
    pj = session.scalar(select(Person).where(Person.nip == "197003152000031002"))
    assert pj is not None
    assert snap.people[pj.id] == PersonFacts(rank=1, region_code="32.75")
    assert len(snap.people) == 4 and snap.people.get(pj.id + 1000) is None
    [author, *named] = snap.matcher.match(MatchInput("tiktok", "wahyu.pranoto", TEXTS[0]))
    assert (author.entity_id, author.how) == (pj.id, "author")
    assert {(m.how, m.matched) for m in named} == {
        ("alias", "Pak Wahyu"), ("name", "HENDRA KUSUMAWIJAYA")
    }
    assert set(snap.candidate_elections) == {
        m.entity_id for m in snap.matcher.match(MatchInput("tiktok", None, "Mas Bima, Bang Yusuf"))
    }


@pytest.mark.usefixtures("watchlist")
def test_the_process_keeps_one_snapshot_per_watchlist(session: Session, builds: list) -> None:
    first = current_snapshot(session=session)
    assert current_snapshot(session=session) is first
    assert builds == [first.stamp]


@pytest.mark.usefixtures("watchlist")
def test_disk_cache_is_written_and_a_new_process_loads_it(
    session: Session, tmp_path: Path, builds: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "matcher"
    built = current_snapshot(session=session, cache_dir=cache)
    stamp = _stamp(session)
    assert [p.name for p in cache.iterdir()] == [stamp]
    assert {p.name for p in (cache / stamp).iterdir()} == {
        "matcher.bin", "facts.bin"
    }

    monkeypatch.setattr(snapshot, "_cached", None)
    loaded = current_snapshot(session=session, cache_dir=cache)
    assert builds == [stamp]  # the second process loaded, it did not build
    assert loaded is not built and loaded.stamp == built.stamp
    assert dict(loaded.people) == dict(built.people)
    assert loaded.candidate_elections == built.candidate_elections
    assert _matches(loaded) == _matches(built)


@pytest.mark.usefixtures("watchlist")
def test_a_changed_watchlist_is_rebuilt_and_the_old_cache_removed(
    session: Session, tmp_path: Path, builds: list
) -> None:
    cache = tmp_path / "matcher"
    before = current_snapshot(session=session, cache_dir=cache)
    rows = [list(r) for r in PEOPLE_ROWS]
    rows[3] = ["Siti Aminah", "Bu Siti", "", "NON_ASN", "Staf", "Kelurahan", "32.75",
               "siti.aminah", ""]
    _import(session, tmp_path, "people", rows)

    after = current_snapshot(session=session, cache_dir=cache)
    assert after.stamp == _stamp(session) != before.stamp
    assert after.revision == before.revision + 1
    assert builds == [before.stamp, after.stamp]
    assert [p.name for p in cache.iterdir()] == [after.stamp]
    [hit] = after.matcher.match(MatchInput("tiktok", "siti.aminah", ""))
    assert after.people[hit.entity_id].region_code == "32.75"


@pytest.mark.usefixtures("watchlist")
@pytest.mark.parametrize("damaged", ["matcher.bin", "facts.bin"])
def test_a_damaged_cache_is_rebuilt_not_trusted(
    session: Session, tmp_path: Path, builds: list, monkeypatch: pytest.MonkeyPatch,
    damaged: str,
) -> None:
    cache = tmp_path / "matcher"
    good = current_snapshot(session=session, cache_dir=cache)
    path = cache / good.stamp / damaged
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x55
    path.write_bytes(bytes(data))

    monkeypatch.setattr(snapshot, "_cached", None)
    again = current_snapshot(session=session, cache_dir=cache)
    assert builds == [good.stamp, good.stamp]
    assert _matches(again) == _matches(good)
    # What replaced the damaged files is whole again.
    assert len(Matcher.load(cache / good.stamp / "matcher.bin")) == len(good.matcher)


def test_a_watchlist_without_a_stamp_is_not_stored(session: Session, tmp_path: Path) -> None:
    snap = current_snapshot(session=session, cache_dir=tmp_path / "matcher")
    assert snap.stamp == "" and len(snap.people) == 0
    assert not (tmp_path / "matcher").exists()
