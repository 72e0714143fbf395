"""Scheduled collection as an operator runs it: `pantau sources …` and `pantau worker`
against local fake platforms, storing through the real pipeline on both databases."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import session_scope, utcnow
from app.posts.models import Post
from app.sources.models import Source, SourceRun
from tests.e2e.test_demo_end_to_end import ROOT, _env
from tests.fakes.rss import FakeNewsSite
from tests.fakes.tiktok import FakeClock, FakeTikTok, make_video

pytestmark = pytest.mark.e2e

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kabar Bekasi</title><link>https://kabar.example.id</link>
<item><title>Bawaslu Kota Bekasi ingatkan ASN jaga netralitas</title>
<link>https://kabar.example.id/berita/1</link><guid>kb-1</guid>
<pubDate>Sen, 04 Nov 2024 09:00:00 WIB</pubDate>
<description>Imbauan netralitas jelang pemungutan suara.</description></item>
<item><title>Jadwal debat terakhir calon wali kota</title>
<link>https://kabar.example.id/berita/2</link><guid>kb-2</guid>
<pubDate>Sel, 05 Nov 2024 10:00:00 WIB</pubDate>
<description>KPU umumkan jadwal debat.</description></item>
</channel></rss>"""


def _pantau(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def env(database_url: str, session_factory: sessionmaker[Session], tmp_path,
        model_cache_dir) -> dict[str, str]:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "models").symlink_to(model_cache_dir)
    return _env(database_url, tmp_path / "var")


def test_a_news_feed_source_runs_and_an_unchanged_feed_costs_a_304(env, session_factory):
    with FakeNewsSite() as site:
        site.publish("/rss", FEED)
        added = _pantau(env, "sources", "add", "kabar-bekasi", "--kind", "rss_feed",
                        "--param", f"url={site.url('/rss')}", "--every", "30m")
        assert added.returncode == 0, added.stderr
        first = _pantau(env, "sources", "run", "kabar-bekasi")
        assert first.returncode == 0, first.stderr
        assert "kabar-bekasi: ok, 1 pages, 2 new" in first.stdout
        second = _pantau(env, "sources", "run", "kabar-bekasi")
        assert "0 new, 0 updated" in second.stdout
        assert [r.status for r in site.requests] == [200, 304]
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(Post)) == 2
        assert s.scalars(select(SourceRun.status)).all() == ["ok", "ok"]


def test_a_worker_pages_through_tiktok_past_throttling_and_flaky_search_ids(
    env, session_factory
):
    now = utcnow()
    videos = [make_video(7_430_000_000_000_000_000 + i, username=f"warga{i % 7}",
                         created=now - timedelta(hours=3 + i), hashtags=["BekasiJuara"],
                         description=f"Nonton debat bareng warga RW {i} #BekasiJuara")
              for i in range(130)]
    fake = FakeTikTok(videos=videos, clock=FakeClock(now))
    fake.failures.search_id_invalid = 1
    fake.failures.throttle = 1
    with fake:
        env = env | {"PANTAU_TIKTOK_CLIENT_KEY": fake.client_key,
                     "PANTAU_TIKTOK_CLIENT_SECRET": fake.client_secret,
                     "PANTAU_TIKTOK_BASE_URL": fake.base_url}
        assert _pantau(env, "sources", "add", "bekasi-tiktok", "--kind", "tiktok_query",
                       "--param", "hashtags=BekasiJuara", "--param", "days_back=7",
                       "--every", "1h").returncode == 0
        # The first 429 ends the run; the source backs off by itself with its cursor kept.
        throttled = _pantau(env, "worker", "--once")
        assert "bekasi-tiktok: error" in throttled.stderr, throttled.stderr
        with session_scope(session_factory) as s:
            source = s.scalar(select(Source))
            assert source.error_streak == 1 and source.next_run_at > utcnow()
            source.next_run_at = utcnow()  # the operator's "try again now"
        done = _pantau(env, "worker", "--once")
        assert "bekasi-tiktok: ok" in done.stderr, done.stderr
    with session_scope(session_factory) as s:
        stored = s.scalars(select(Post.external_id)).all()
        assert len(stored) == len(set(stored)) == 130
        assert s.scalar(select(Source.cursor)) is None


def test_instagram_accounts_newest_media_and_an_unknown_account_skipped(env, session_factory):
    from tests.fakes.instagram import FakeInstagram, make_media

    fake = FakeInstagram()
    with fake:
        fake.add_account("camat.hendra", [make_media(i, caption=f"Kerja bakti RW {i}")
                                          for i in range(12)])
        fake.add_account("dinas.kominfo", [make_media(100 + i, caption=f"Info layanan {i}")
                                           for i in range(80)])
        env = env | {"PANTAU_INSTAGRAM_ACCESS_TOKEN": fake.access_token,
                     "PANTAU_INSTAGRAM_USER_ID": fake.user_id,
                     "PANTAU_INSTAGRAM_BASE_URL": fake.base_url}
        added = _pantau(env, "sources", "add", "ig-watched", "--kind", "instagram_account",
                        "--param", "usernames=camat.hendra,akun.hilang,dinas.kominfo")
        assert added.returncode == 0, added.stderr
        done = _pantau(env, "worker", "--once")
        assert "ig-watched: ok, 3 pages" in done.stderr, done.stderr
    with session_scope(session_factory) as s:
        handles = s.scalars(select(Post.author_handle)).all()
    # All of a small account; of a busy one, its newest two pages only.
    assert handles.count("camat.hendra") == 12
    assert handles.count("dinas.kominfo") == 50  # Graph pages hold 25
    assert "akun.hilang" not in handles
