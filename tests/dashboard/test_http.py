"""The dashboard page and its JSON through FastAPI's test client, logged in for real."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.db import utcnow
from app.i18n import WIB
from tests.case_builders import answer, decide, make_flag, make_person
from tests.web_login import bearer, login, make_login


@pytest.fixture
def today(session_factory: sessionmaker[Session]) -> None:
    """This morning's flags: one decided by a reviewer whose name tries to be markup."""
    reviewer = make_login(session_factory, "rina", "reviewer", '<b>Rina</b> $x$ & "Co"')
    coordinator = make_login(session_factory, "koor", "coordinator", "Rudi Hartono",
                             "Bawaslu Kota Bandung")
    now = utcnow()
    with session_factory() as s:
        lurah = make_person(s, "Siti Marlina", nip="197905172005012004",
                            position="Lurah Cihapit", agency="Kelurahan Cihapit",
                            region_code="32.73")
        for n in range(3):
            make_flag(s, f"d{n}", actor=lurah, flagged_at=now - timedelta(minutes=30 + n),
                      due_at=now + timedelta(days=6, hours=12))
        item = make_flag(s, "d9", actor=lurah, flagged_at=now - timedelta(hours=1),
                         due_at=now + timedelta(hours=5))
        decide(s, item, reviewer, now - timedelta(minutes=20))
        answer(s, item, coordinator, now - timedelta(minutes=10))
        s.commit()


def test_the_page_needs_a_login(client: TestClient) -> None:
    response = client.get("/dashboard")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fdashboard"
    assert client.get("/api/v1/dashboard").status_code == 401


@pytest.mark.usefixtures("today")
def test_the_page_shows_charts_and_tables_in_indonesian(client: TestClient) -> None:
    login(client, "rina")
    response = client.get("/dashboard")
    assert response.status_code == 200
    html = response.text
    assert html.count('<svg xmlns:xlink="http://www.w3.org/1999/xlink" class="chart" '
                      'role="img"') == 6
    assert "Dasbor" in html and "Item tinjauan menurut status" in html
    assert "Kota Bandung" in html and "Jawa Barat" in html
    # Name as data, never as markup, in the tables and in the charts' text.
    assert "<b>Rina</b>" not in html and "&lt;b&gt;Rina&lt;/b&gt;" in html
    assert "100%" in html  # the one violation verdict was confirmed
    today = utcnow().astimezone(WIB).date()
    assert f"{today.day} " in html


@pytest.mark.usefixtures("today")
def test_the_page_in_english(client: TestClient) -> None:
    login(client, "koor")
    client.cookies.set("pantau_lang", "en")
    html = client.get("/dashboard").text
    assert "Review items by status" in html and "Backlog by time left" in html


@pytest.mark.usefixtures("today")
def test_json_for_a_token(client: TestClient) -> None:
    data = client.get("/api/v1/dashboard", headers=bearer(client, "rina")).json()
    assert data["window_days"] == 30
    statuses = {s["status"]: s["count"] for s in data["statuses"]}
    assert statuses["open"] == 3 and statuses["confirmed"] == 1
    assert data["flags_by_region"] == [{"region_code": "32.73", "province_code": "32",
                                        "province": "Jawa Barat", "regency": "Kota Bandung",
                                        "count": 4}]
    assert sum(d["count"] for d in data["flags_by_day"]) == 4
    assert [b["open"] for b in data["backlog"]][-1] == 3
    assert data["throughput"][0]["total"] == 1
    assert data["agreement"]["overall"]["agreement"] == 1.0
