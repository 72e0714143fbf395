"""Import jobs off the happy path: a crash mid-import, a job cut off by a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db import utcnow
from app.imports import runner
from app.imports.models import ImportJob
from app.imports.schemas import STALE_AFTER, status_of
from app.imports.service import EXPECTED_ITEMS
from collectors.zeeschuimer import SUPPORTED_PLATFORMS
from tests.imports.conftest import NDJSON, capture


def test_every_platform_the_parser_reads_can_be_uploaded() -> None:
    assert set(EXPECTED_ITEMS) == set(SUPPORTED_PLATFORMS)


def test_a_crash_mid_import_reads_as_failed_and_the_file_is_gone(
    client: TestClient, session_factory: sessionmaker[Session],
    make_key: Callable[..., dict[str, str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(runner, "ingest_batch", broken)
    auth = make_key("imports:write")
    headers = {**auth, **NDJSON, "X-Zeeschuimer-Platform": "tiktok.com"}
    key = client.post("/api/import-dataset/", content=capture("tiktok.ndjson"),
                      headers=headers).json()["key"]
    answer = client.get("/api/check-query/", params={"key": key}, headers=auth).json()
    assert answer["done"] is True and answer["state"] == "failed"
    assert answer["status"].startswith("Failed: internal error")
    assert "database went away" not in answer["status"]  # that is for the server log
    assert not list((client.app.state.settings.var_dir / "uploads").glob("*.ndjson"))


def test_a_job_that_stopped_moving_reads_as_failed(
    session_factory: sessionmaker[Session]
) -> None:
    now = utcnow()
    job = ImportJob(key="k" * 32, platform="instagram.com", state="running", bytes=10,
                    sha256="0" * 64, lines_total=4, created_at=now, updated_at=now,
                    rows_read=2, errors=[])
    with session_factory() as s:
        s.add(job)
        s.commit()
        job = s.scalar(select(ImportJob))
    moving = status_of(job, url="u", now=now + timedelta(seconds=5))
    assert (moving.done, moving.state, moving.progress) == (False, "running", 50)
    assert moving.status == "Importing: 2 of 4 lines read"
    stopped = status_of(job, url="u", now=now + STALE_AFTER + timedelta(seconds=1))
    assert (stopped.done, stopped.state) == (True, "failed")
    assert "upload again" in stopped.status


def _comments_upload(client: TestClient, auth: dict[str, str], body: bytes) -> dict:
    headers = {**auth, **NDJSON, "X-Zeeschuimer-Platform": "tiktok-comments"}
    key = client.post("/api/import-dataset/", content=body, headers=headers).json()["key"]
    return client.get("/api/check-query/", params={"key": key}, headers=auth).json()


def test_a_re_saved_export_with_bom_and_crlf_imports_whole(
    client: TestClient, make_key: Callable[..., dict[str, str]]
) -> None:
    lines = capture("tiktok-comments.ndjson").splitlines()
    answer = _comments_upload(client, make_key("imports:write"),
                              b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n")
    assert (answer["items_new"], answer["error_count"]) == (2, 0)


def test_an_over_long_line_is_an_error_by_number_and_the_next_lines_import(
    client: TestClient, make_key: Callable[..., dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = capture("tiktok-comments.ndjson").splitlines()
    limit = max(len(line) for line in lines) + 10
    monkeypatch.setattr(runner, "MAX_LINE_BYTES", limit)
    long_line = b'{"text": "' + b"a" * (limit * 3) + b'"}'
    answer = _comments_upload(client, make_key("imports:write"),
                              b"\n".join([lines[0], long_line, lines[1]]))
    assert answer["items_new"] == 2 and answer["lines_total"] == 3
    assert [e["line"] for e in answer["errors"]] == [2]
    assert "limit" in answer["errors"][0]["message"]
