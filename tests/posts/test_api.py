"""The partner API over a real database, through FastAPI's test client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.auth import service as auth_service
from app.config import Settings
from app.main import create_app
from tests.builders import make_post
from tests.posts.test_ingest import _ingest, watchlist  # noqa: F401 - fixture

BASE = datetime(2024, 10, 1, tzinfo=UTC)


@pytest.fixture
def client(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, api_page_max=3))
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()


def _key(session: Session, *scopes: str) -> dict[str, str]:
    _, token = auth_service.create(session=session, name="BKN", scopes=scopes)
    session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def flagged(watchlist: None, session: Session, model_cache_dir: Path) -> None:  # noqa: F811
    posts = [
        make_post(external_id=str(i), author_handle="camat_hendra",
                  created_at=BASE + timedelta(days=i),
                  text=f"Bulatkan tekad untuk Mas Bima! coblos no 2 Bekasi ({i})")
        for i in range(7)
    ]
    posts.append(make_post(external_id="n", author_handle="camat_hendra",
                           text="Jadwal posyandu Kelurahan Harapan Jaya minggu ini"))
    assert _ingest(session, posts, model_cache_dir).flagged == 7


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_flags_need_a_key(client: TestClient, session: Session) -> None:
    assert client.get("/api/v1/flags").status_code == 401
    bad = client.get("/api/v1/flags", headers={"Authorization": "Bearer pantau_00000000_nope"})
    assert bad.status_code == 401
    posts_only = client.get("/api/v1/flags", headers=_key(session, "posts:read"))
    assert posts_only.status_code == 403


@pytest.mark.usefixtures("flagged")
def test_flags_page_through_with_a_cursor(client: TestClient, session: Session) -> None:
    headers = _key(session, "flags:read")
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 50} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/flags", params=params, headers=headers).json()
        assert len(page["items"]) <= 3  # the configured page maximum
        seen += [item["external_id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == [str(i) for i in range(7)] and pages == 3


@pytest.mark.usefixtures("flagged")
def test_a_flag_carries_its_evidence(client: TestClient, session: Session) -> None:
    item = client.get("/api/v1/flags", headers=_key(session, "flags:read")).json()["items"][0]
    assert item["platform"] == "tiktok" and item["permalink"].startswith("https://www.tiktok.com/")
    assert item["author"]["handle"] == "camat_hendra"
    assert item["label"] == "support" and 0.5 <= item["score"] <= 1
    assert item["review_status"] == "open" and len(item["raw_sha256"]) == 64
    assert item["model_version"] and item["explanation"]
    actor = item["actors"][0]
    assert (actor["name"], actor["how"], actor["employment"]) == (
        "Hendra Kusumawijaya", "author", "PNS")
    assert any(c["name"] == "Bima Satria Nugraha" for c in item["candidates"])
    span = next(c["span"] for c in item["candidates"] if c["field"] == "text")
    assert "bima" in item["text"][span[0] : span[1]].lower()


@pytest.mark.usefixtures("flagged")
def test_flag_filters(client: TestClient, session: Session) -> None:
    headers = _key(session, "flags:read")

    def ids(**params: object) -> set[str]:
        out, cursor = set(), None
        while True:
            query = params | ({"cursor": cursor} if cursor else {})
            page = client.get("/api/v1/flags", params=query, headers=headers)
            assert page.status_code == 200, page.text
            out |= {i["external_id"] for i in page.json()["items"]}
            if not (cursor := page.json()["next_cursor"]):
                return out

    assert ids(region="32") == ids(region="32.75") == {str(i) for i in range(7)}
    assert ids(region="32.71") == set()
    assert ids(since="2024-10-03T00:00:00Z", until="2024-10-05T00:00:00+00:00") == {"2", "3"}
    scores = [i["score"] for i in client.get("/api/v1/flags", headers=headers).json()["items"]]
    cut = sorted(scores)[len(scores) // 2]
    high = client.get("/api/v1/flags", params={"min_score": cut}, headers=headers).json()["items"]
    assert high and all(i["score"] >= cut for i in high)
    election = client.get("/api/v1/flags", headers=headers).json()["items"][0]["candidates"][0]
    assert ids(election=election["election"]["id"]) == {str(i) for i in range(7)}
    assert ids(election=999999) == set()
    bad = client.get("/api/v1/flags", params={"region": "Bekasi"}, headers=headers)
    assert bad.status_code == 422 and "Kemendagri" in bad.json()["detail"]
    assert client.get("/api/v1/flags", params={"cursor": "xyz"}, headers=headers).status_code == 422


@pytest.mark.usefixtures("flagged")
def test_post_detail_respects_scopes(client: TestClient, session: Session) -> None:
    flags_key = _key(session, "flags:read")
    flag = client.get("/api/v1/flags", headers=flags_key).json()["items"][0]
    detail = client.get(f"/api/v1/posts/{flag['id']}", headers=flags_key)
    assert detail.status_code == 200 and detail.json()["raw_sha256"] == flag["raw_sha256"]
    # The unflagged post exists but a flags-only partner cannot read it.
    posts_key = _key(session, "posts:read")
    all_ids = {flag["id"] + d for d in range(-10, 10)}
    readable = {
        pid for pid in all_ids
        if client.get(f"/api/v1/posts/{pid}", headers=posts_key).status_code == 200
    }
    flag_readable = {
        pid for pid in readable
        if client.get(f"/api/v1/posts/{pid}", headers=flags_key).status_code == 200
    }
    assert len(readable) == 8 and len(flag_readable) == 7
    assert client.get("/api/v1/posts/999999", headers=posts_key).status_code == 404
