"""The Zeeschuimer endpoints over HTTP, on both databases: upload, poll, who may, how often."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEntry
from app.imports import upload
from app.imports.models import ImportJob
from app.posts.models import Post
from tests.imports.conftest import NDJSON, capture
from tests.web_login import bearer, login, make_login

UPLOAD = "/api/import-dataset/"
CHECK = "/api/check-query/"
TIKTOK = {**NDJSON, "X-Zeeschuimer-Platform": "tiktok.com"}

MakeKey = Callable[..., dict[str, str]]


def _posts(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(Post))


def _upload(client: TestClient, auth: dict[str, str], body: bytes,
            platform: str = "tiktok.com") -> dict:
    headers = {**auth, **NDJSON, "X-Zeeschuimer-Platform": platform}
    response = client.post(UPLOAD, content=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _poll(client: TestClient, auth: dict[str, str], key: str) -> dict:
    """Poll as Zeeschuimer does, until done."""
    for _ in range(100):
        response = client.get(CHECK, params={"key": key}, headers=auth)
        assert response.status_code == 200, response.text
        if (answer := response.json())["done"]:
            return answer
        time.sleep(0.1)
    pytest.fail(f"upload {key} never finished: {answer}")


def test_api_key_upload_answers_as_4cat_and_the_poll_reports_the_import(
    client: TestClient, session_factory: sessionmaker[Session], make_key: MakeKey
) -> None:
    auth = make_key("imports:write")
    queued = _upload(client, auth, capture("tiktok.ndjson"))
    assert set(queued) == {"status", "key", "url"} and queued["status"] == "queued"
    assert len(queued["key"]) == 32 and queued["url"].endswith(f"{CHECK}?key={queued['key']}")

    done = _poll(client, auth, queued["key"])
    assert done["key"] == queued["key"] and done["state"] == "done"
    assert done["datasource"] == "tiktok" and done["platform"] == "tiktok.com"
    assert done["progress"] == 100 and done["empty"] is False and done["url"] == queued["url"]
    # Three posts read, two of them the same video seen twice; one broken line (line 5).
    assert done["lines_read"] == 4 and done["items_new"] == 2
    assert done["rows"] == done["items_new"] + done["items_updated"] + done["items_duplicate"]
    assert done["rows"] == 3
    assert done["error_count"] == 1 and done["errors"][0]["line"] == 5
    assert "malformed JSON" in done["errors"][0]["message"]
    assert done["status"].startswith("Done: 3 items (2 new")
    assert _posts(session_factory) == 2


def test_uploading_again_stores_nothing_new(
    client: TestClient, session_factory: sessionmaker[Session], make_key: MakeKey
) -> None:
    auth = make_key("imports:write")
    body = capture("instagram.ndjson")
    first = _poll(client, auth, _upload(client, auth, body, "instagram.com")["key"])
    assert first["items_new"] == 5 and first["items_skipped"] == 1  # the ad
    stored = _posts(session_factory)
    again = _poll(client, auth, _upload(client, auth, body, "instagram.com")["key"])
    assert (again["items_new"], again["items_updated"], again["items_flagged"]) == (0, 0, 0)
    assert again["items_duplicate"] == 5 and again["rows"] == 5
    assert _posts(session_factory) == stored == 5


def test_a_malformed_line_is_named_and_the_others_are_stored(
    client: TestClient, session_factory: sessionmaker[Session], make_key: MakeKey
) -> None:
    auth = make_key("imports:write")
    comments = capture("tiktok-comments.ndjson").splitlines()
    body = b"\n".join([comments[0], b'{"id": 2, "data": {', comments[1]]) + b"\n"
    done = _poll(client, auth, _upload(client, auth, body, "tiktok-comments")["key"])
    assert done["items_new"] == 2 and done["error_count"] == 1
    assert done["errors"] == [{"line": 2, "message": done["errors"][0]["message"]}]
    assert done["errors"][0]["message"].startswith("malformed JSON")
    assert _posts(session_factory) == 2


def test_lines_of_another_platform_than_the_header_are_errors_by_line(
    client: TestClient, session_factory: sessionmaker[Session], make_key: MakeKey
) -> None:
    auth = make_key("imports:write")
    done = _poll(client, auth, _upload(client, auth, capture("tiktok-comments.ndjson"))["key"])
    assert done["items_new"] == 0 and done["error_count"] == 2 and done["empty"] is True
    assert [e["line"] for e in done["errors"]] == [1, 2]
    assert "tiktok comment" in done["errors"][0]["message"]
    assert "X-Zeeschuimer-Platform header says tiktok.com" in done["errors"][0]["message"]
    assert _posts(session_factory) == 0


def test_a_browser_session_uploads_without_a_csrf_token_as_zeeschuimer_does(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    make_login(session_factory, "rani", "reviewer", "Rani Lestari")
    login(client, "rani")
    response = client.post(UPLOAD, content=capture("tiktok.ndjson"), headers=TIKTOK)
    assert response.status_code == 200, response.text
    done = _poll(client, {}, response.json()["key"])
    assert done["items_new"] == 2
    with session_factory() as s:
        job = s.scalar(select(ImportJob))
        assert job.user_id is not None and job.api_key_id is None


@pytest.mark.parametrize("headers", [
    NDJSON,  # no platform header: an ordinary cookie write, which needs its CSRF token
    {"X-Zeeschuimer-Platform": "tiktok.com", "Content-Type": "text/plain"},
    {"X-Zeeschuimer-Platform": "tiktok.com",
     "Content-Type": "application/x-www-form-urlencoded"},
])
def test_a_cookie_upload_that_a_form_could_send_needs_the_csrf_token(
    client: TestClient, session_factory: sessionmaker[Session], headers: dict[str, str]
) -> None:
    make_login(session_factory, "rani", "reviewer", "Rani Lestari")
    login(client, "rani")
    response = client.post(UPLOAD, content=capture("tiktok.ndjson"), headers=headers)
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_a_personal_token_uploads_too(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    make_login(session_factory, "budi", "coordinator", "Budi Santoso")
    auth = bearer(client, "budi")
    assert _poll(client, auth, _upload(client, auth, capture("tiktok.ndjson"))["key"])["rows"]


def test_a_key_without_the_scope_is_forbidden(client: TestClient, make_key: MakeKey) -> None:
    auth = make_key("flags:read", "posts:read")
    response = client.post(UPLOAD, content=capture("tiktok.ndjson"), headers={**auth, **TIKTOK})
    assert response.status_code == 403 and "imports:write" in response.json()["detail"]
    assert client.get(CHECK, params={"key": "x"}, headers=auth).status_code == 403


def test_nobody_logged_in_is_unauthorized(client: TestClient) -> None:
    response = client.post(UPLOAD, content=capture("tiktok.ndjson"), headers=TIKTOK)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert client.get(CHECK, params={"key": "x"}).status_code == 401


@pytest.mark.parametrize(("platform", "status"),
                         [("linkedin.com", 404), ("myspace.com", 404), ("", 400)])
def test_an_unknown_or_missing_platform_header_is_refused_naming_it(
    client: TestClient, make_key: MakeKey, platform: str, status: int
) -> None:
    headers = {**make_key("imports:write"), **NDJSON, "X-Zeeschuimer-Platform": platform}
    response = client.post(UPLOAD, content=capture("tiktok.ndjson"), headers=headers)
    assert response.status_code == status
    detail = response.json()["detail"]
    assert "X-Zeeschuimer-Platform" in detail and "tiktok.com" in detail and platform in detail


def test_empty_form_and_oversized_uploads_are_refused(
    client: TestClient, make_key: MakeKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = {**make_key("imports:write"), **TIKTOK}
    assert client.post(UPLOAD, content=b"", headers=headers).status_code == 400
    form = {**headers, "Content-Type": "multipart/form-data; boundary=x"}
    assert client.post(UPLOAD, content=b"--x--", headers=form).status_code == 415
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 100)
    response = client.post(UPLOAD, content=capture("tiktok.ndjson"), headers=headers)
    assert response.status_code == 413 and "limit" in response.json()["detail"]


def test_unknown_and_other_peoples_keys_are_not_found(
    client: TestClient, make_key: MakeKey
) -> None:
    mine = make_key("imports:write", name="mine")
    key = _upload(client, mine, capture("tiktok.ndjson"))["key"]
    assert client.get(CHECK, params={"key": "0" * 32}, headers=mine).status_code == 404
    theirs = make_key("imports:write", name="theirs")
    assert client.get(CHECK, params={"key": key}, headers=theirs).status_code == 404


def test_the_sixth_upload_in_a_minute_is_told_when_to_retry(
    client: TestClient, make_key: MakeKey
) -> None:
    auth = make_key("imports:write")
    body = capture("tiktok-comments.ndjson")
    for _ in range(5):
        _upload(client, auth, body, "tiktok-comments")
    response = client.post(UPLOAD, content=body,
                           headers={**auth, **NDJSON, "X-Zeeschuimer-Platform": "tiktok-comments"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    # The limit is the uploader's, not everyone's.
    _upload(client, make_key("imports:write", name="another laptop"), body, "tiktok-comments")


def test_the_upload_and_its_import_are_on_the_audit_record(
    client: TestClient, session_factory: sessionmaker[Session], make_key: MakeKey
) -> None:
    auth = make_key("imports:write", name="laptop pokja Bekasi")
    body = capture("tiktok.ndjson")
    _poll(client, auth, _upload(client, auth, body)["key"])
    with session_factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.object_type == "import_job")
                            .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["capture.upload", "capture.import"]
    assert "laptop pokja Bekasi" in entries[0].actor and entries[0].user_id is None
    assert entries[0].after["bytes"] == len(body) and entries[0].after["platform"] == "tiktok.com"
    assert entries[1].after["new"] == 2 and entries[1].after["invalid"] == 1
