"""`make demo`'s collection, end to end: demo/fake_platform.py publishes demo posts, a
`pantau worker` collects them into a database prepared like the demo, flagged ones reach the
review queue while it runs, and a second start (fake, sources, worker) stores nothing twice.

SQLite only, as `make demo` runs; the worker's path on PostgreSQL is tests/e2e/
test_collect_end_to_end.py's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.db import session_scope, utcnow
from app.posts.models import Post
from app.review.models import ReviewItem
from app.sources.models import Source
from tests.e2e.test_demo_end_to_end import PANTAU, ROOT, _env, _load

pytestmark = [pytest.mark.e2e,
              pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

COLLECTED = ("tiktok_research", "instagram_graph", "rss_feed")
# What the demo runs every few minutes; Instagram's sources run hourly, and an hour's Graph
# calls would not allow a second round.
OFTEN = ("tiktok_query", "rss_feed")
# Generous: the shared test machine is sometimes very slow. A run takes about 50 s.
WAIT = 90.0


@pytest.fixture
def env(database_url: str, session_factory: sessionmaker[Session], tmp_path: Path,
        model_cache_dir: Path) -> dict[str, str]:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "models").symlink_to(model_cache_dir)
    return _env(database_url, tmp_path / "var")


def _until(what: str, check: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.3)


@contextmanager
def _demo_running(env: dict[str, str], state: Path, log: Path) -> Iterator[dict[str, str]]:
    """The fake platform, the demo's sources and a worker, as `make demo` starts them."""
    port_file = state.with_name("fake-platform.json")
    fake = subprocess.Popen(
        [sys.executable, "demo/fake_platform.py", "--port-file", str(port_file), "--state",
         str(state), "--every", "1", "--batch", "6", "--backlog", "40"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    worker = None
    try:
        _until("the fake platform", lambda: port_file.exists() or fake.poll() is not None, 30)
        assert fake.poll() is None, "the fake platform exited"
        where = json.loads(port_file.read_text())
        done = subprocess.run([sys.executable, "demo/sources.py", str(port_file)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        with log.open("a") as out:
            worker = subprocess.Popen([*PANTAU, "worker", "--every", "1"], cwd=ROOT,
                                      env=env | where["env"], stdout=out, stderr=out)
        yield where
    finally:
        for process in (worker, fake):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
    assert not port_file.exists(), "the fake platform did not stop cleanly"


def _collected(session: Session) -> list[tuple[str, str, str]]:
    """(platform and kind, external id, text) of what the worker stored."""
    return session.execute(select(Post.platform + ":" + Post.kind, Post.external_id, Post.text)
                           .where(Post.collector.in_(COLLECTED))).all()


def _flagged(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ReviewItem).join(Post)
                          .where(Post.collector.in_(COLLECTED)))


def _all_due(factory: sessionmaker[Session], kinds: Collection[str] = ()) -> datetime:
    """The operator's "run them now" (the demo staggers them over minutes and hours)."""
    now = utcnow()
    with session_scope(factory) as s:
        s.execute(update(Source).where(*_of(kinds)).values(next_run_at=now))
    return now


def _all_ran_since(factory: sessionmaker[Session], since: datetime,
                   kinds: Collection[str] = ()) -> bool:
    with session_scope(factory) as s:
        runs = s.scalars(select(Source.last_run_at)
                         .where(Source.enabled.is_(True), *_of(kinds))).all()
    return all(at is not None and at >= since for at in runs)


def _of(kinds: Collection[str]) -> list:
    return [Source.kind.in_(kinds)] if kinds else []


def test_the_demo_worker_fills_the_queue_and_a_restart_stores_nothing_twice(
    env: dict[str, str], session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _load(env, ROOT / "demo")
    with session_scope(session_factory) as s:
        imported = s.scalar(select(func.count()).select_from(Post))
        queue = s.scalar(select(func.count()).select_from(ReviewItem))
    state, log = tmp_path / "fake-platform-state.json", tmp_path / "worker.log"

    def count(what: Callable[[Session], int]) -> int:
        with session_scope(session_factory) as s:
            return what(s)

    with _demo_running(env, state, log):
        # The backlog of the last hours, found by the first runs.
        _until("posts from the fake platform", lambda: count(lambda s: len(_collected(s))) > 0)
        _until("flagged ones in the review queue", lambda: count(_flagged) > 0)
        first = count(lambda s: len(_collected(s)))
        # The fake publishes every second; the next runs find what is new.
        _until("new posts published", lambda: json.loads(state.read_text())["next_number"] > 60)
        since = _all_due(session_factory, OFTEN)
        _until("a second round of runs", lambda: _all_ran_since(session_factory, since, OFTEN))
        assert count(lambda s: len(_collected(s))) > first, log.read_text()
    with session_scope(session_factory) as s:
        before = {(p, e) for p, e, _ in _collected(s)}
        flagged = _flagged(s)
        sources = s.scalar(select(func.count()).select_from(Source))
    assert sources > 10 and flagged > 0
    assert count(lambda s: s.scalar(select(func.count()).select_from(ReviewItem))) > queue

    # A second `make demo`: the same fake posts again (same ids), the same sources refreshed.
    again = (*OFTEN, "instagram_account", "instagram_hashtag")
    with _demo_running(env, state, log):
        since = _all_due(session_factory, again)
        _until("the sources to run again", lambda: _all_ran_since(session_factory, since, again))
    with session_scope(session_factory) as s:
        after = _collected(s)
        assert s.scalar(select(func.count()).select_from(Source)) == sources
        assert s.scalar(select(func.count()).select_from(Post)) == imported + len(after)
        reviewed = s.scalars(select(ReviewItem.post_id)).all()
    assert before <= {(p, e) for p, e, _ in after}
    texts = [(platform, text) for platform, _, text in after]
    assert len(texts) == len(set(texts)), "a post the fake published once was stored twice"
    assert len(reviewed) == len(set(reviewed))
    assert ": error" not in log.read_text(), log.read_text()
    assert os.path.getsize(state) > 0
