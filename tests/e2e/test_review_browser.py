"""A reviewer and a coordinator at work in a real browser (Debian's Chromium via Playwright).

The server is the real `pantau serve`; users come from `pantau user create`. Screenshots of
each step are kept in var/test-artifacts/ for a human to look at when something fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db import session_scope, utcnow
from app.review.models import ReviewItem
from tests.e2e.test_demo_end_to_end import ROOT, _pantau, server  # noqa: F401 - fixture
from tests.review.items import make_items

# The statutory clock runs on the real time here: the server decides with utcnow().
RECENT = utcnow() - timedelta(hours=3)

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "var" / "test-artifacts"
PASSWORD = "rahasia-sekali-123"
HOSTILE = 'Coblos no 2! <script>alert("x")</script> "kutip" \u202eterbalik\u202c <b>tebal</b>'


@pytest.fixture
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"],
        )
        yield b
        b.close()


def _user(env: dict[str, str], username: str, role: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "user", "create", username, "--role", role,
         "--password-stdin"], input=PASSWORD + "\n", env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _shot(page, name: str, backend: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{backend}-{name}.png"), full_page=True)


def test_review_three_items_confirm_one_and_export(
    server: tuple[str, dict[str, str]],  # noqa: F811
    session_factory: sessionmaker[Session], browser, backend: str, tmp_path: Path,
) -> None:
    base, env = server
    with session_scope(session_factory) as s:
        make_items(s, 1, collected=RECENT, text=HOSTILE, priority=99)
        make_items(s, 3, collected=RECENT, priority=50)
    _user(env, "ana", "reviewer")
    _user(env, "citra", "coordinator")

    page = browser.new_page(accept_downloads=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _login(page, base, "ana")
    page.goto(f"{base}/review")
    page.wait_for_selector("#caption")
    # The hostile caption is the top item: it must show as text, never run or render as tags.
    assert page.inner_text("#caption").startswith("Coblos no 2! <script>")
    assert page.locator("#caption b").count() == 0 and not dialogs
    _shot(page, "1-hostile-caption", backend)

    first = page.url
    page.keyboard.press("v")
    page.keyboard.press("6")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != first and "/review/items/" in url)
    second = page.url
    page.keyboard.press("n")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != second and "/review/items/" in url)
    third = page.url
    page.keyboard.press("?")
    assert page.is_visible("#help")
    _shot(page, "2-keyboard-help", backend)
    # Enter closes the help; it must not decide the item behind it.
    page.keyboard.press("v")
    page.keyboard.press("Enter")
    assert not page.is_visible("#help") and page.url == third
    assert not page.is_checked("input[value=violation]")
    # Enter without a verdict says what is missing instead of sending the form.
    page.keyboard.press("Enter")
    assert page.url == third and "v, n" in page.inner_text("#key-hint")
    page.keyboard.press("i")
    page.keyboard.press("e")
    page.keyboard.type("akun belum bisa dipastikan milik ASN")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != third)
    _shot(page, "3-after-three", backend)

    with session_scope(session_factory) as s:
        statuses = sorted(s.scalars(select(ReviewItem.status)).all())
    assert statuses == ["closed", "closed", "open", "pending_confirmation"]

    page.click("text=Keluar")
    _login(page, base, "citra")
    page.goto(f"{base}/review/pending")
    page.click("#pending a")
    page.wait_for_selector("#confirmation")
    _shot(page, "4-confirmation", backend)
    page.keyboard.press("c")
    page.wait_for_url(f"{base}/review/pending")
    with session_scope(session_factory) as s:
        confirmed = s.scalars(select(ReviewItem).where(ReviewItem.status == "confirmed")).all()
    assert len(confirmed) == 1 and confirmed[0].category == 6

    page.goto(f"{base}/exports")
    with page.expect_download() as download:
        page.click("a[href^='/exports/cases.csv']")
    saved = tmp_path / "cases.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("case_id") and "<script>" in text
    shutil.copy(saved, ARTIFACTS / f"{backend}-cases.csv")
    _shot(page, "5-exports", backend)
