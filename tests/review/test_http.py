"""The queue over HTTP: the JSON API with personal tokens, and the pages with a browser session."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.db import session_scope, utcnow
from tests.review.items import make_items
from tests.web_login import bearer, login, make_login

# The statutory clock runs on the real time here: the server decides with utcnow().
RECENT = utcnow() - timedelta(hours=3)



@pytest.fixture
def team(session_factory):
    make_login(session_factory, "ana", "reviewer", "Ana Reviewer")
    make_login(session_factory, "citra", "coordinator", "Citra Koordinator")
    make_login(session_factory, "dodi", "coordinator", "Dodi Koordinator")


def test_api_claim_decide_confirm(client, session_factory, team):
    with session_scope(session_factory) as s:
        make_items(s, 2, collected=RECENT,
                   text='Bulatkan tekad <img src=x onerror=alert(1)> "Mas Bima"')
    ana, citra = bearer(client, "ana"), bearer(client, "citra")
    claimed = client.post("/api/v1/review/claim", headers=ana)
    assert claimed.status_code == 200, claimed.text
    item = claimed.json()
    assert item["status"] == "open" and item["days_left"] > 0 and item["version"] == 1
    assert item["post"]["raw_sha256"] and item["claimed_by"] == "Ana Reviewer"

    decided = client.post(f"/api/v1/review/items/{item['id']}/decision", headers=ana,
                          json={"verdict": "violation", "category": 6, "version": 1})
    assert decided.json()["status"] == "pending_confirmation"
    stale = client.post(f"/api/v1/review/items/{item['id']}/confirmation", headers=citra,
                        json={"decision": "confirm", "version": 1})
    assert stale.status_code == 409 and "changed since" in stale.json()["detail"]
    forbidden = client.post(f"/api/v1/review/items/{item['id']}/confirmation", headers=ana,
                            json={"decision": "confirm", "version": 2})
    assert forbidden.status_code == 403
    done = client.post(f"/api/v1/review/items/{item['id']}/confirmation", headers=citra,
                       json={"decision": "confirm", "version": 2, "note": "cocok"})
    assert done.json()["status"] == "confirmed"
    assert [s["step"] for s in done.json()["steps"]] == ["decision", "confirmation"]


def test_api_four_eyes_and_empty_queue(client, session_factory, team):
    with session_scope(session_factory) as s:
        make_items(s, 1, collected=RECENT)
    citra = bearer(client, "citra")
    item = client.post("/api/v1/review/claim", headers=citra).json()
    client.post(f"/api/v1/review/items/{item['id']}/decision", headers=citra,
                json={"verdict": "violation", "category": 2, "version": 1})
    own = client.post(f"/api/v1/review/items/{item['id']}/confirmation", headers=citra,
                      json={"decision": "confirm", "version": 2})
    assert own.status_code == 403 and "four-eyes" in own.json()["detail"]
    assert client.post("/api/v1/review/claim", headers=citra).status_code == 204
    bad = client.post(f"/api/v1/review/items/{item['id']}/reopen", headers=citra,
                      json={"reason": "", "version": 2})
    assert bad.status_code == 422


def test_pages_claim_show_escaped_and_need_csrf(client, session_factory, team):
    with session_scope(session_factory) as s:
        make_items(s, 2, collected=RECENT, text='<script>alert("x")</script> coblos no 2')
    login(client, "ana")
    first = client.get("/review", follow_redirects=False)
    assert first.status_code == 303 and "/review/items/" in first.headers["location"]
    page = client.get(first.headers["location"])
    assert page.status_code == 200
    assert "&lt;script&gt;alert" in page.text and '<script>alert("x")' not in page.text
    item_id = int(first.headers["location"].rsplit("/", 1)[-1].split("?")[0])
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = {"verdict": "no_violation", "version": version}
    assert client.post(f"/review/items/{item_id}/decision", data=form,
                       follow_redirects=False).status_code == 403
    done = client.post(f"/review/items/{item_id}/decision", data={**form, "csrf_token": csrf},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/review"
    again = client.post(f"/review/items/{item_id}/decision", data={**form, "csrf_token": csrf})
    assert again.status_code == 409 and "closed" in again.text


@pytest.mark.parametrize(("username", "landing"), [
    ("ana", "/review"), ("citra", "/review/pending"), ("root", "/dashboard"),
])
def test_each_role_lands_where_its_work_is(client, session_factory, team, username, landing):
    make_login(session_factory, "root", "admin", "Root Admin")
    login(client, username)
    assert client.get("/").headers["location"] == landing


def test_a_refused_decision_keeps_what_was_typed(client, session_factory, team):
    with session_scope(session_factory) as s:
        make_items(s, 1, collected=RECENT)
    login(client, "ana")
    location = client.get("/review").headers["location"]
    page = client.get(location).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    item_id = location.rsplit("/", 1)[-1].split("?")[0]
    refused = client.post(f"/review/items/{item_id}/decision", data={
        "csrf_token": csrf, "version": "1", "verdict": "violation", "note": "foto bareng calon"})
    assert refused.status_code == 422
    assert "kategori: pelanggaran harus" in refused.text
    assert "foto bareng calon</textarea>" in refused.text
    assert re.search(r'value="violation" checked', refused.text)
