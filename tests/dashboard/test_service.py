"""Dashboard figures over a month of review history, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from app.dashboard import service as dashboard_service
from app.users.models import User
from tests.case_builders import (
    NOW,
    answer,
    decide,
    make_candidate,
    make_flag,
    make_person,
    make_user,
    reopen,
)

DAY = timedelta(days=1)


@dataclass
class Pokja:
    ana: User
    budi: User
    citra: User
    dedi: User


@pytest.fixture
def pokja(session: Session) -> Pokja:
    """Two reviewers and two coordinators over eight flags in four cities, one long ago."""
    ana = make_user(session, "ana", "Ana Rahmawati")
    budi = make_user(session, "budi", "Budi Santoso")
    citra = make_user(session, "citra", "Citra Lestari", "coordinator", "Bawaslu Kota Bekasi")
    dedi = make_user(session, "dedi", "Dedi Kurniawan", "coordinator", "Bawaslu Jawa Barat")
    camat = make_person(session, "Hendra Kusumawijaya", nip="198204112006041003",
                        position="Camat Bekasi Timur", agency="Kecamatan Bekasi Timur",
                        region_code="32.75.01")
    lurah = make_person(session, "Siti Marlina", nip="197905172005012004",
                        position="Lurah Cihapit", agency="Kelurahan Cihapit",
                        region_code="32.73")
    guru = make_person(session, "Agus Wibisono", nip="198811022014031001",
                       position="Guru SMPN 12", agency="Dinas Pendidikan", region_code="35.78")
    bima = make_candidate(session, "Bima Satria Nugraha", office="walikota",
                          region_code="32.75", election_name="Pilwalkot Bekasi 2024")

    # Open: one fresh, one due within the day. The second was flagged at 00:30 WIB on the
    # 20th, 17:30 UTC on the 19th: it counts on the WIB day.
    make_flag(session, "1", actor=camat, candidate=bima, flagged_at=NOW - DAY,
              due_at=NOW + 6 * DAY + timedelta(hours=1))
    make_flag(session, "2", actor=camat, candidate=bima,
              flagged_at=datetime(2024, 10, 19, 17, 30, tzinfo=UTC),
              due_at=NOW + timedelta(hours=12))
    # Waiting for a coordinator, already past its limit.
    pending = make_flag(session, "3", actor=lurah, flagged_at=NOW - 3 * DAY,
                        due_at=NOW - timedelta(hours=1))
    decide(session, pending, ana, NOW - 2 * DAY)
    confirmed = make_flag(session, "4", actor=guru, flagged_at=NOW - 5 * DAY)
    decide(session, confirmed, ana, NOW - 4 * DAY, category=6)
    answer(session, confirmed, citra, NOW - 3 * DAY)
    rejected = make_flag(session, "5", actor=camat, candidate=bima, flagged_at=NOW - 5 * DAY)
    decide(session, rejected, budi, NOW - 4 * DAY)
    answer(session, rejected, citra, NOW - 4 * DAY + timedelta(hours=2), accept=False,
           note="ajakan netral")
    closed = make_flag(session, "6", actor=lurah, flagged_at=NOW - 6 * DAY)
    decide(session, closed, budi, NOW - 5 * DAY, verdict="no_violation")
    # Outside the 30-day window, but its answer still counts for agreement.
    old = make_flag(session, "7", actor=camat, flagged_at=NOW - 40 * DAY)
    decide(session, old, ana, NOW - 39 * DAY)
    answer(session, old, dedi, NOW - 38 * DAY)
    # A violation withdrawn by a reopening, then decided again and confirmed.
    redone = make_flag(session, "8", actor=camat, candidate=bima, flagged_at=NOW - 10 * DAY)
    decide(session, redone, budi, NOW - 9 * DAY)
    reopen(session, redone, citra, NOW - 8 * DAY)
    decide(session, redone, budi, NOW - 7 * DAY, category=4)
    answer(session, redone, dedi, NOW - 6 * DAY)
    session.commit()
    return Pokja(ana, budi, citra, dedi)


@pytest.mark.usefixtures("pokja")
def test_status_counts_list_every_status(session: Session) -> None:
    counts = {s.status: s.count for s in dashboard_service.status_counts(session=session)}
    assert counts == {"open": 2, "pending_confirmation": 1, "confirmed": 3, "rejected": 1,
                      "closed": 1}


def test_window_is_thirty_wib_days_ending_today() -> None:
    span = dashboard_service.window(NOW)
    assert span.days[0] == date(2024, 9, 21) and span.days[-1] == date(2024, 10, 20)
    assert span.since == datetime(2024, 9, 20, 17, 0, tzinfo=UTC)
    assert span.until == datetime(2024, 10, 20, 17, 0, tzinfo=UTC)


@pytest.mark.usefixtures("pokja")
def test_flags_per_wib_day(session: Session) -> None:
    span = dashboard_service.window(NOW)
    days = dashboard_service.flags_by_day(session=session, span=span)
    assert len(days) == 30
    nonzero = {d.day: d.count for d in days if d.count}
    assert nonzero == {
        date(2024, 10, 20): 1,  # 17:30 UTC on the 19th is 00:30 WIB on the 20th
        date(2024, 10, 19): 1, date(2024, 10, 17): 1, date(2024, 10, 15): 2,
        date(2024, 10, 14): 1, date(2024, 10, 10): 1,
    }


@pytest.mark.usefixtures("pokja")
def test_flags_per_region_roll_up_to_the_city_with_gazetteer_names(session: Session) -> None:
    span = dashboard_service.window(NOW)
    rows = dashboard_service.flags_by_region(session=session, span=span)
    got = [(r.region_code, r.province, r.regency, r.count) for r in rows]
    # The camat's kecamatan (32.75.01) counts in Kota Bekasi; the old flag is outside.
    assert got == [
        ("32.75", "Jawa Barat", "Kota Bekasi", 4),
        ("32.73", "Jawa Barat", "Kota Bandung", 2),
        ("35.78", "Jawa Timur", "Kota Surabaya", 1),
    ]


@pytest.mark.usefixtures("pokja")
def test_backlog_by_days_left_on_the_clock(session: Session) -> None:
    buckets = {b.days_left: (b.open, b.pending_confirmation)
               for b in dashboard_service.backlog(session=session, now=NOW)}
    assert list(buckets) == [-1, 0, 1, 2, 3, 4, 5, 6]
    assert buckets[-1] == (0, 1) and buckets[0] == (1, 0) and buckets[6] == (1, 0)
    assert sum(o + p for o, p in buckets.values()) == 3


def test_throughput_counts_decisions_per_reviewer_per_day(session: Session,
                                                          pokja: Pokja) -> None:
    span = dashboard_service.window(NOW)
    rows = dashboard_service.throughput(session=session, span=span)
    # Budi decided four times in the window (one item twice); Ana twice, plus once too long ago.
    assert [(r.name, r.total) for r in rows] == [("Budi Santoso", 4), ("Ana Rahmawati", 2)]
    budi = {d.day: d.count for d in rows[0].per_day if d.count}
    assert budi == {date(2024, 10, 16): 1, date(2024, 10, 15): 1, date(2024, 10, 13): 1,
                    date(2024, 10, 11): 1}
    assert rows[0].user_id == pokja.budi.id and len(rows[0].per_day) == 30
    # Coordinators' confirmations are not decisions.
    assert pokja.citra.id not in {r.user_id for r in rows}


def test_agreement_per_reviewer_and_overall(session: Session, pokja: Pokja) -> None:
    result = dashboard_service.agreement(session=session)
    by_name = {r.name: r for r in result.reviewers}
    ana, budi = by_name["Ana Rahmawati"], by_name["Budi Santoso"]
    # Ana: two confirmed, one still waiting.
    assert (ana.violations, ana.confirmed, ana.rejected, ana.unanswered) == (3, 2, 0, 1)
    assert ana.agreement == 1.0
    # Budi: one rejected, one withdrawn by a reopening, one confirmed after it.
    assert (budi.violations, budi.confirmed, budi.rejected, budi.unanswered) == (3, 1, 1, 1)
    assert budi.agreement == 0.5
    overall = result.overall
    assert (overall.violations, overall.confirmed, overall.rejected) == (6, 3, 1)
    assert overall.agreement == 0.75 and overall.user_id is None


def test_an_empty_database_gives_zeros_not_errors(session: Session) -> None:
    data = dashboard_service.dashboard(session=session, now=NOW)
    assert all(s.count == 0 for s in data.statuses)
    assert data.flags_by_region == [] and data.throughput == []
    assert sum(d.count for d in data.flags_by_day) == 0
    assert data.agreement.overall.agreement is None and data.agreement.reviewers == []


@pytest.mark.usefixtures("pokja")
def test_dashboard_gathers_every_figure(session: Session) -> None:
    data = dashboard_service.dashboard(session=session, now=NOW)
    assert data.window_days == 30 and data.generated_at == NOW
    assert sum(r.count for r in data.flags_by_region) == sum(d.count for d in data.flags_by_day)
    assert data.agreement.overall.violations == 6
