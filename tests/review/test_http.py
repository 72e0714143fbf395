"""The queue over HTTP: the JSON API with personal tokens, and the pages with a browser session."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import session_scope, utcnow
from app.main import create_app
from tests.review.items import make_items
from tests.web_login import bearer, login, make_login

# The statutory clock runs on the real time here: the server decides with utcnow().
RECENT = utcnow() - timedelta(hours=3)


@pytest.fixture
def client(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url))
    with TestClient(app, follow_redirects=False) as c:
        yield c
    app.state.engine.dispose()


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
