"""Workers as an operator runs them: several `pantau worker` processes on one database, one
killed with SIGKILL in the middle of a page and started again.

Every fake post must be stored exactly once, the shared TikTok quota never passed, the
throttled source must recover by itself and the others must keep running. Three workers on
PostgreSQL; one (killed and restarted) on SQLite, which has a single writer anyway.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import session_scope, utcnow
from app.posts.detect import get_classifier
from app.posts.models import Post
from app.sources import service
from app.sources.models import PlatformQuota, Source, SourceRun
from tests.e2e.test_collect_end_to_end import FEED
from tests.e2e.test_demo_end_to_end import ROOT, _env
from tests.fakes.rss import FakeNewsSite
from tests.fakes.tiktok import FakeClock, FakeTikTok, make_video

pytestmark = pytest.mark.e2e

WORKERS = {"sqlite": 1, "postgresql": 3}
LEASE_SECONDS = 5
# 5 + 2 pages, one page asked again after the kill, one throttled request: 12 leaves room for
# nothing careless.
REQUESTS_PER_DAY = 12
DEADLINE = 150.0


def _videos(first: int, n: int, tag: str, now) -> list[dict]:
    return [make_video(first + i, username=f"warga{i % 9}", hashtags=[tag],
                       created=now - timedelta(hours=1 + i % 40),
                       description=f"Obrolan warga soal pilkada, sesi {i} #{tag}")
            for i in range(n)]


class Workers:
    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.procs)}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "app.cli", "worker", "--every", "0.5"],
                                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def by_name(self, locked_by: str) -> subprocess.Popen[bytes] | None:
        pid = int(locked_by.rsplit(":", 1)[1])
        return next((p for p in self.procs if p.pid == pid and p.poll() is None), None)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    def tail(self) -> str:
        return "\n".join(p.read_text()[-1500:] for p in sorted(self.logs.glob("worker-*.log")))


def _kill_one_mid_page(workers: Workers, factory: sessionmaker[Session]) -> str:
    """SIGKILL the worker holding a TikTok source once it has stored a page of its pass."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(p.poll() is not None for p in workers.procs):
            break
        with session_scope(factory) as s:
            held = s.execute(select(Source.name, Source.locked_by).where(
                Source.kind == "tiktok_query", Source.locked_by.is_not(None),
                Source.cursor.is_not(None))).first()
        if held and (proc := workers.by_name(held.locked_by)):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return held.name
        time.sleep(0.05)
    raise AssertionError("no worker was ever mid-pass:\n" + workers.tail())


def _all_done(factory: sessionmaker[Session], expected_posts: int) -> bool:
    with session_scope(factory) as s:
        posts = s.scalar(select(func.count()).select_from(Post))
        sources = s.scalars(select(Source)).all()
        # A feed's cursor is its ETag, kept between passes; the others end a pass with None.
        return posts >= expected_posts and all(
            (src.cursor is None or src.kind == "rss_feed") and src.locked_by is None
            and src.error_streak == 0 and src.last_run_at is not None for src in sources)


def test_workers_survive_a_kill_mid_page_and_store_every_post_once(
    database_url, backend, session_factory, tmp_path, model_cache_dir
):
    now = utcnow()
    pilkada = _videos(7_431_000_000_000_000_000, 500, "PilkadaBekasi", now)
    camat = _videos(7_432_000_000_000_000_000, 150, "CamatHendra", now)
    fake = FakeTikTok(videos=pilkada + camat, clock=FakeClock(now), latency=0.3,
                      requests_per_day=REQUESTS_PER_DAY)
    # The first research request, whichever source sends it, is throttled for 2 seconds.
    fake.failures.throttle, fake.failures.throttle_retry_after = 1, 2
    get_classifier(model_cache_dir)  # trained once here, not by each worker at once
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "models").symlink_to(model_cache_dir)
    with fake, FakeNewsSite() as news:
        news.publish("/rss", FEED)
        env = _env(database_url, tmp_path / "var") | {
            "PANTAU_TIKTOK_CLIENT_KEY": fake.client_key,
            "PANTAU_TIKTOK_CLIENT_SECRET": fake.client_secret,
            "PANTAU_TIKTOK_BASE_URL": fake.base_url,
            "PANTAU_TIKTOK_REQUESTS_PER_DAY": str(REQUESTS_PER_DAY),
            "PANTAU_SOURCE_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        with session_scope(session_factory) as s:
            service.add(s, name="pilkada-bekasi", kind="tiktok_query", every="1h", now=now,
                        params={"hashtags": "PilkadaBekasi", "days_back": "3"})
            service.add(s, name="camat-hendra", kind="tiktok_query", every="1h", now=now,
                        params={"hashtags": "CamatHendra", "days_back": "3"})
            service.add(s, name="kabar-bekasi", kind="rss_feed", every="1h", now=now,
                        params={"url": news.url("/rss")})
        workers = Workers(env, tmp_path)
        try:
            for _ in range(WORKERS[backend]):
                workers.start()
            killed_source = _kill_one_mid_page(workers, session_factory)
            workers.start()  # the operator (or systemd) starts it again
            deadline = time.monotonic() + DEADLINE
            while not _all_done(session_factory, 652) and time.monotonic() < deadline:
                time.sleep(0.5)
            survivors = [p for p in workers.procs if p.returncode is None]
            assert all(p.poll() is None for p in survivors), workers.tail()
        finally:
            workers.stop()
        statuses = [c.status for c in fake.calls]
        research_requests = fake.requests_today

    assert _all_done(session_factory, 652), workers.tail()
    with session_scope(session_factory) as s:
        ids = s.scalars(select(Post.external_id)).all()
        assert len(ids) == len(set(ids)) == 652
        runs = s.execute(select(Source.name, SourceRun.status, SourceRun.error)
                         .join(Source, Source.id == SourceRun.source_id)
                         .order_by(SourceRun.id)).all()
        used = s.scalar(select(PlatformQuota.used).where(PlatformQuota.platform == "tiktok",
                                                         PlatformQuota.name == "requests"))
    # The killed run is on record as abandoned, and its source finished by another run.
    assert (killed_source, "abandoned") in [(r.name, r.status) for r in runs], runs
    # One source met the 429, backed off by TikTok's 2 seconds, and finished.
    throttled = [r for r in runs if r.status == "error"]
    assert len(throttled) == 1 and "Too many requests" in throttled[0].error, runs
    assert [r.status for r in runs if r.name == throttled[0].name][-1] == "ok"
    # The news feed never waited on TikTok's troubles.
    assert [r.status for r in runs if r.name == "kabar-bekasi"] == ["ok"]
    # Within the quota, counted the same way by TikTok and by the workers together.
    assert statuses.count(429) == 1
    assert research_requests <= used <= REQUESTS_PER_DAY
