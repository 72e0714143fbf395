"""Which cases leave, with what in each column, and the audit record of every export."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.models import AuditEntry
from app.errors import Invalid, NotFound
from app.exports import report as report_service
from app.exports import service as export_service
from app.exports.service import CaseFilters
from app.i18n import WIB
from app.review.categories import SKB_CATEGORIES
from tests.exports.conftest import FORMULA, Cases


def _ids(session: Session, **filters: object) -> list[int]:
    rows = export_service.list_cases(session=session, filters=CaseFilters(**filters))
    return list(dict.fromkeys(r.case_id for r in rows))


def test_only_confirmed_cases_oldest_confirmation_first(session: Session, cases: Cases) -> None:
    assert _ids(session) == [cases.surabaya.id, cases.bekasi.id, cases.bandung.id]


def test_a_case_row_carries_the_evidence_and_the_decisions(session: Session,
                                                           cases: Cases) -> None:
    row = next(r for r in export_service.list_cases(session=session, filters=CaseFilters())
               if r.case_id == cases.bekasi.id)
    raw = json.dumps({"id": "101", "desc": FORMULA}).encode()
    assert (row.post_id, row.platform) == (cases.bekasi.post_id, "tiktok")
    assert row.permalink == "https://www.tiktok.com/@akun_101/video/101"
    assert row.post_time_wib == datetime(2024, 10, 10, 0, 30, tzinfo=WIB)
    assert row.post_time_wib.utcoffset().total_seconds() == 7 * 3600
    assert (row.actor_name, row.actor_position) == ("Hendra Kusumawijaya", "Camat Bekasi Timur")
    assert row.actor_nip_masked == "1982•••••••••••003"
    assert row.actor_region == "Bekasi Timur, Kota Bekasi, Jawa Barat"
    assert row.actor_region_code == "32.75.01" and row.actor_agency == "Kecamatan Bekasi Timur"
    assert (row.election, row.candidate) == ("Pilwalkot Bekasi 2024", "Bima Satria Nugraha")
    assert row.skb_category == 2 and row.skb_category_name == SKB_CATEGORIES[2][0]
    assert row.text == FORMULA and row.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert (row.decided_by, row.confirmed_by) == ("Ana Rahmawati", "Citra Lestari")
    assert row.decided_at_wib == cases.bekasi.decided_at.astimezone(WIB)
    assert row.confirmed_at_wib == cases.bekasi.confirmed_at.astimezone(WIB)
    assert row.note == "=caption mendukung paslon 02"
    assert row.confirmation_note == "sesuai, teruskan ke BKN"


def test_every_person_named_has_a_row_highest_ranked_first(session: Session,
                                                           cases: Cases) -> None:
    rows = export_service.list_cases(session=session, filters=CaseFilters(region="32.73"))
    # The staff member wrote it, but the Pj Wali Kota named in it weighs more; both are there
    # because each is followed up by their own personnel office.
    assert [(r.actor_name, r.actor_position) for r in rows][0] == (
        "Drs. Arief Setiawan, M.Si", "Pj Wali Kota Bandung")
    assert len(rows) == 2 and len({r.actor_name for r in rows}) == 2
    assert rows[0].candidate == "" and rows[0].election is None


@pytest.mark.parametrize(("filters", "expected"), [
    ({"region": "32"}, ["bekasi", "bandung"]),
    ({"region": "32.75"}, ["bekasi"]),
    ({"region": "35.78"}, ["surabaya"]),
    # WIB days: posted 00:30 WIB on the 10th, still the 9th in UTC.
    ({"since": date(2024, 10, 10)}, ["bekasi", "bandung"]),
    ({"until": date(2024, 10, 9)}, ["surabaya"]),
    ({"since": date(2024, 10, 10), "until": date(2024, 10, 10)}, ["bekasi"]),
])
def test_filters(session: Session, cases: Cases, filters: dict, expected: list[str]) -> None:
    assert _ids(session, **filters) == [getattr(cases, name).id for name in expected]


def test_filter_by_election(session: Session, cases: Cases) -> None:
    assert _ids(session, election=cases.election_id) == [cases.bekasi.id]
    assert _ids(session, election=cases.election_id + 1000) == []


@pytest.mark.parametrize(("filters", "message"), [
    ({"region": "Kota Bekasi"}, "Kemendagri code"),
    ({"since": date(2024, 10, 5), "until": date(2024, 10, 1)}, "after until"),
])
def test_bad_filters_are_refused(session: Session, filters: dict, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        export_service.list_cases(session=session, filters=CaseFilters(**filters))


def test_filters_from_a_form_where_empty_fields_are_empty_strings() -> None:
    assert CaseFilters.parse(region=" ", election="", since="", until="") == CaseFilters()
    assert CaseFilters.parse(region="32.75", election="7", since="2024-10-01") == CaseFilters(
        "32.75", 7, date(2024, 10, 1), None)
    for bad in ({"election": "tiga"}, {"since": "1 Oktober"}, {"until": "2024-13-01"},
                {"election": "99999999999"}):
        with pytest.raises(Invalid):
            CaseFilters.parse(**bad)


def test_an_export_is_on_the_audit_record(session: Session, cases: Cases) -> None:
    filters = CaseFilters(region="32", since=date(2024, 10, 1))
    rows = export_service.export_cases(session=session, filters=filters, fmt="xlsx",
                                       user_id=cases.citra.id, actor="citra")
    session.commit()
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export.cases")).one()
    assert (entry.user_id, entry.actor) == (cases.citra.id, "citra")
    assert len(rows) == 3
    assert entry.after == {
        "format": "xlsx", "cases": 2, "rows": 3,
        "filters": {"region": "32", "election": None, "since": "2024-10-01", "until": None},
    }
    assert audit.verify(session).ok


def test_an_unknown_format_is_refused_before_anything_is_recorded(session: Session) -> None:
    with pytest.raises(Invalid, match="csv, xlsx"):
        export_service.export_cases(session=session, filters=CaseFilters(), fmt="pdf",
                                    user_id=None, actor="cli")
    assert session.scalars(select(AuditEntry)).all() == []


def test_a_case_report_gathers_every_step(session: Session, cases: Cases) -> None:
    report = report_service.case_report(session=session, item_id=cases.bekasi.id,
                                        user_id=cases.dedi.id, actor="dedi")
    session.commit()
    assert report.coordinator is not None and report.coordinator.unit == "Bawaslu Kota Bekasi"
    assert [(s.step.step, s.user.display_name) for s in report.steps] == [
        ("decision", "Ana Rahmawati"), ("confirmation", "Citra Lestari"),
    ]
    assert [a.person.name for a in report.actors] == ["Hendra Kusumawijaya"]
    assert report.actors[0].nip_masked == "1982•••••••••••003"
    assert report.candidates == ["Bima Satria Nugraha"]
    assert report.election == "Pilwalkot Bekasi 2024"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export.report")).one()
    assert (entry.object_type, entry.object_id, entry.actor) == (
        "review_item", str(cases.bekasi.id), "dedi")
    assert entry.after["rows"] == 1 and entry.after["filters"] == {"item_id": cases.bekasi.id}


def test_only_a_confirmed_item_has_a_report(session: Session, cases: Cases) -> None:
    for item_id in (cases.pending.id, cases.rejected.id, 999_999):
        with pytest.raises(NotFound, match="confirmed"):
            report_service.case_report(session=session, item_id=item_id, user_id=None,
                                       actor="cli")
    assert session.scalars(select(AuditEntry)).all() == []
