"""`pantau serve` receiving uploads exactly as the Zeeschuimer extension sends them to 4CAT.

Zeeschuimer (popup/interface.js) posts the export Blob (type application/x-ndjson) with
`X-Zeeschuimer-Platform` and the browser's cookies, expects 200 and JSON with `key`, then
polls /api/check-query/?key=… until `done`, linking `url` and filing `datasource` and `rows`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.posts.models import Post
from tests.e2e.test_demo_end_to_end import _pantau, server  # noqa: F401 - fixture
from tests.imports.conftest import capture
from tests.web_login import PASSWORD, make_login

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeded_var(tmp_path: Path, trained_models: Path) -> Path:
    """The server's var dir (the `server` fixture's) with the classifier already trained."""
    var = tmp_path / "var"
    var.mkdir(exist_ok=True)
    (var / "models").symlink_to(trained_models, target_is_directory=True)
    return var


@pytest.fixture
def zs_server(seeded_var: Path, server: tuple[str, dict[str, str]]  # noqa: F811
              ) -> Iterator[tuple[str, dict[str, str]]]:
    yield server


def _zeeschuimer_upload(browser: httpx.Client, platform: str, body: bytes) -> dict:
    response = browser.post("/api/import-dataset/", content=body, headers={
        "X-Zeeschuimer-Platform": platform, "Content-Type": "application/x-ndjson",
    })
    assert response.status_code == 200, response.text
    return response.json()


def _zeeschuimer_poll(browser: httpx.Client, key: str) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        response = browser.get(f"/api/check-query/?key={key}")
        assert response.status_code == 200, response.text
        if (progress := response.json())["done"]:
            return progress
        assert progress["status"]  # what Zeeschuimer shows while it waits
        time.sleep(0.2)
    pytest.fail(f"upload {key} did not finish: {progress}")


def _posts(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(Post))


def test_a_logged_in_browser_uploads_and_polls_like_zeeschuimer(
    zs_server: tuple[str, dict[str, str]], session_factory: sessionmaker[Session]
) -> None:
    base, _ = zs_server
    make_login(session_factory, "sari", "reviewer", "Sari Wulandari")
    with httpx.Client(base_url=base, timeout=30) as browser:
        browser.get("/login")
        logged_in = browser.post("/login", data={
            "username": "sari", "password": PASSWORD,
            "csrf_token": browser.cookies.get("pantau_csrf"),
        })
        assert logged_in.status_code == 303, logged_in.text

        queued = _zeeschuimer_upload(browser, "tiktok.com", capture("tiktok.ndjson"))
        assert queued["status"] == "queued" and queued["key"]
        progress = _zeeschuimer_poll(browser, queued["key"])

    assert progress["datasource"] == "tiktok" and progress["rows"] == 3
    assert progress["items_new"] == 2 and progress["errors"][0]["line"] == 5
    assert progress["url"].startswith(base) and progress["key"] == queued["key"]
    assert _posts(session_factory) == 2


def test_a_script_uploads_with_an_api_key_made_by_the_cli(
    zs_server: tuple[str, dict[str, str]], session_factory: sessionmaker[Session]
) -> None:
    base, env = zs_server
    made = _pantau(env, "apikey", "create", "--name", "laptop pokja", "--scope", "imports:write")
    assert made.returncode == 0, made.stderr
    auth = {"Authorization": f"Bearer {made.stdout.strip()}"}
    with httpx.Client(base_url=base, timeout=30, headers=auth) as script:
        queued = _zeeschuimer_upload(script, "instagram.com", capture("instagram.ndjson"))
        progress = _zeeschuimer_poll(script, queued["key"])
        assert progress["items_new"] == 5 and progress["items_skipped"] == 1
        again = _zeeschuimer_poll(
            script, _zeeschuimer_upload(script, "instagram.com", capture("instagram.ndjson"))["key"]
        )
    assert again["items_new"] == 0 and again["items_duplicate"] == 5
    assert _posts(session_factory) == 5
