"""The exports page, the downloads and the evidence report through FastAPI's test client."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.audit import service as audit
from app.audit.models import AuditEntry
from tests.exports.conftest import FORMULA, Cases
from tests.web_login import bearer, login, make_login


@pytest.fixture
def coordinator(session_factory: sessionmaker[Session], client: TestClient) -> TestClient:
    make_login(session_factory, "koor", "coordinator", "Rudi Hartono", "Bawaslu Kota Bandung")
    login(client, "koor")
    return client


def _entries(session: Session, action: str) -> list[AuditEntry]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_nobody_logged_in_goes_to_the_login_page(client: TestClient) -> None:
    for path in ("/exports", "/exports/cases.csv", "/cases/1/report"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith(
            "/login?next=")


def test_a_reviewer_may_not_export(client: TestClient, session_factory: sessionmaker[Session],
                                   cases: Cases) -> None:
    make_login(session_factory, "rina", "reviewer", "Rina Wulandari")
    login(client, "rina")
    for path in ("/exports", "/exports/cases.csv", f"/cases/{cases.bekasi.id}/report"):
        response = client.get(path)
        assert response.status_code == 403 and "Tidak diizinkan" in response.text


def test_the_exports_page_lists_cases_and_links_the_downloads(coordinator: TestClient,
                                                              cases: Cases) -> None:
    response = coordinator.get("/exports", params={"region": "32", "since": "", "until": ""})
    assert response.status_code == 200
    html = response.text
    assert "2 kasus terkonfirmasi sesuai filter." in html
    assert 'href="/exports/cases.csv?region=32"' in html
    assert 'href="/exports/cases.xlsx?region=32"' in html
    assert f'href="/cases/{cases.bekasi.id}/report"' in html
    assert f'href="/cases/{cases.surabaya.id}/report"' not in html
    assert "Pilwalkot Bekasi 2024" in html  # the election filter's choices


def test_bad_filters_show_on_the_form(coordinator: TestClient) -> None:
    response = coordinator.get("/exports", params={"since": "2024-10-05",
                                                   "until": "2024-10-01"})
    assert response.status_code == 422
    assert "since (2024-10-05) is after until (2024-10-01)" in response.text
    assert 'value="2024-10-05"' in response.text


def test_csv_download_is_filtered_escaped_and_audited(coordinator: TestClient, session: Session,
                                                      cases: Cases) -> None:
    response = coordinator.get("/exports/cases.csv", params={"region": "32.75"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="pantau-kasus-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert [int(r["case_id"]) for r in rows] == [cases.bekasi.id]
    assert rows[0]["text"] == "'" + FORMULA
    [entry] = _entries(session, "export.cases")
    assert entry.actor == "koor" and entry.after["format"] == "csv"
    assert entry.after["filters"]["region"] == "32.75" and entry.after["rows"] == 1


def test_xlsx_download_for_a_script_with_a_token(client: TestClient,
                                                 session_factory: sessionmaker[Session],
                                                 session: Session, cases: Cases) -> None:
    make_login(session_factory, "koor", "coordinator", "Rudi Hartono")
    response = client.get("/exports/cases.xlsx", params={"election": cases.election_id},
                          headers=bearer(client, "koor"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Kasus"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [cases.bekasi.id]
    assert _entries(session, "export.cases")[0].after["filters"]["election"] == cases.election_id


def test_a_bad_filter_on_a_download_is_a_page_saying_why(coordinator: TestClient,
                                                         session: Session) -> None:
    response = coordinator.get("/exports/cases.csv", params={"region": "Bekasi"})
    assert response.status_code == 422 and "Kemendagri code" in response.text
    assert _entries(session, "export.cases") == []


def test_the_report_reads_as_an_lhp_draft(coordinator: TestClient, session: Session,
                                          cases: Cases) -> None:
    response = coordinator.get(f"/cases/{cases.bandung.id}/report")
    assert response.status_code == 200
    html = response.text
    assert "Laporan Hasil Pengawasan" in html and "@media print" not in html
    assert 'href="/static/reporting.css"' in html
    # The supervising unit is the confirming coordinator's.
    assert "Bawaslu Provinsi Jawa Barat" in html and "Dedi Kurniawan" in html
    # The caption is shown as text: its script tag is escaped, never live.
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;pantau&#34;)&lt;/script&gt;" in html
    # Both actors, NIPs masked: birth dates never leave.
    assert "Drs. Arief Setiawan, M.Si" in html and "Yoga Pratama" in html
    assert "1971•••••••••••002" in html and "197108231998031002" not in html
    assert "199502142020121005" not in html
    assert "Kota Bandung, Jawa Barat" in html
    assert "https://www.tiktok.com/@akun_102/video/102" in html
    # Every step, with names.
    assert "Keputusan peninjau" in html and "Konfirmasi koordinator" in html
    assert "Budi Santoso" in html
    assert "7. Foto bersama calon dengan simbol keberpihakan" in html
    [entry] = _entries(session, "export.report")
    assert (entry.object_id, entry.actor) == (str(cases.bandung.id), "koor")
    assert audit.verify(session).ok


def test_the_report_prints_cleanly(client: TestClient) -> None:
    css = client.get("/static/reporting.css").text
    assert "@media print" in css and "header.top" in css and "size: A4" in css


def test_no_report_for_an_unconfirmed_item(coordinator: TestClient, session: Session,
                                           cases: Cases) -> None:
    response = coordinator.get(f"/cases/{cases.pending.id}/report")
    assert response.status_code == 404 and "only a confirmed review item is a case" in (
        response.text)
    assert _entries(session, "export.report") == []
