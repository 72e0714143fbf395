"""Quotas as state every worker shares: reserved in the database, never per process.

Run on SQLite and PostgreSQL; the threaded tests are what three workers do to the same rows.
The last tests run real sources against the fake platforms with tight limits.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.db import session_scope, utcnow
from app.posts.models import Post
from app.sources import runner, service
from app.sources.adapters import collectors
from app.sources.models import Source
from app.sources.quotas import (
    HashtagBudget,
    InstagramUsage,
    QuotaExhausted,
    TikTokQuota,
    quotas_left,
)
from collectors.instagram_errors import BusinessMeter, Meter, Usage
from tests.fakes.instagram import FakeInstagram, make_media
from tests.fakes.tiktok import FakeClock, FakeTikTok, make_video


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


NOON = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)


def _tiktok(session_factory, clock, requests=5, records=1000) -> TikTokQuota:
    return TikTokQuota(session_factory, requests_per_day=requests, records_per_day=records,
                       clock=clock)


def test_tiktok_requests_stop_at_the_daily_limit_and_come_back_at_midnight_utc(
    session_factory,
):
    clock = Clock(NOON)
    quota = _tiktok(session_factory, clock, requests=3)
    for _ in range(3):
        quota.before_request()
        quota.after_response(100)
    with pytest.raises(QuotaExhausted) as refused:
        quota.before_request()
    assert "requests quota is spent (3 of 3)" in str(refused.value)
    assert refused.value.retry_after == timedelta(hours=12)
    clock.at = NOON + timedelta(hours=12)  # 00:00 UTC
    quota.before_request()
    with session_scope(session_factory) as s:
        left = {(q.platform, q.name): q.left for q in quotas_left(s, clock.at)}
    assert left[("tiktok", "requests")] == 2


def test_tiktok_records_reserve_a_full_page_and_give_back_what_was_not_used(session_factory):
    clock = Clock(NOON)
    quota = _tiktok(session_factory, clock, requests=100, records=250)
    quota.before_request()
    quota.after_response(20)  # 80 given back
    quota.before_request()
    quota.after_response(100)
    with session_scope(session_factory) as s:
        used = {q.name: q.used for q in quotas_left(s, NOON)}
    assert used == {"requests": 2, "records": 120}
    quota.before_request()  # 220 reserved: fits
    with pytest.raises(QuotaExhausted, match="records quota"):
        quota.before_request()  # 320 would not


def test_workers_racing_for_the_last_requests_never_overspend(session_factory):
    clock = Clock(NOON)
    granted, refused = [], []

    def worker() -> None:
        quota = _tiktok(session_factory, clock, requests=10, records=100_000)
        for _ in range(5):
            try:
                quota.before_request()
                granted.append(1)
            except QuotaExhausted:
                refused.append(1)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(granted), len(refused)) == (10, 20)


def test_instagram_usage_near_the_limit_stops_every_worker_until_access_returns(
    session_factory,
):
    clock = Clock(NOON)
    first, second = InstagramUsage(session_factory, clock), InstagramUsage(session_factory, clock)
    first.after_response(Usage(app=Meter(call_count=40)))
    second.before_request()  # 40%: go on
    first.after_response(Usage(business=(BusinessMeter(
        call_count=95, regain_access_in=timedelta(minutes=12)),)))
    with pytest.raises(QuotaExhausted, match="usage at 95%") as refused:
        second.before_request()
    assert refused.value.retry_after == timedelta(minutes=12)
    clock.at += timedelta(minutes=12, seconds=1)
    second.before_request()


def test_a_throttling_error_blocks_every_worker(session_factory):
    clock = Clock(NOON)
    InstagramUsage(session_factory, clock).block(timedelta(minutes=15))
    with pytest.raises(QuotaExhausted):
        InstagramUsage(session_factory, clock).before_request()


def test_the_hashtag_budget_holds_30_tags_for_7_days_and_repeats_are_free(session_factory):
    clock = Clock(NOON)
    budget = HashtagBudget(session_factory, "1784", clock=clock)
    for i in range(30):
        clock.at = NOON + timedelta(hours=i)
        assert budget.use(f"tag{i}") is None
        budget.remember_id(f"tag{i}", str(1000 + i))
    assert budget.use("tag3") == "1003"  # inside its window: free, id cached
    with pytest.raises(QuotaExhausted, match="#baru") as refused:
        budget.use("baru")
    # tag0's window (from NOON) ends first.
    assert clock.at + refused.value.retry_after == NOON + timedelta(days=7)
    clock.at = NOON + timedelta(days=7, minutes=1)
    assert budget.use("baru") is None
    assert budget.used() == 30
    # tag0 is out of its window: using it again starts a new one, and needs a free slot.
    with pytest.raises(QuotaExhausted):
        budget.use("tag0")


def test_two_workers_cannot_both_take_the_last_hashtag(session_factory):
    clock = Clock(NOON)
    budget = HashtagBudget(session_factory, "1784", per_window=5, clock=clock)
    for i in range(4):
        budget.use(f"tag{i}")
    results: list[str] = []

    def take(name: str) -> None:
        try:
            HashtagBudget(session_factory, "1784", per_window=5, clock=clock).use(name)
            results.append("ok")
        except QuotaExhausted:
            results.append("refused")

    threads = [threading.Thread(target=take, args=(f"new{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]


# --- sources against the fakes, with the quotas in the way ---------------------------------


def _run_source(session_factory, settings, name, model_cache_dir):
    # The real clock: the quotas read it too.
    with session_scope(session_factory) as s:
        source_id = runner.claim_named(s, name, "w1", utcnow()).id
    return runner.run(session_factory, source_id, collect=collectors(settings, session_factory),
                      worker="w1", model_cache_dir=model_cache_dir, matcher_cache_dir=None,
                      threshold=0.5)


def _pilkada_videos(n: int, now: datetime) -> list[dict]:
    return [make_video(7_430_000_000_000_000_000 + i, username="warga", hashtags=["Pilkada"],
                       created=now - timedelta(hours=1 + i), description=f"Video {i}")
            for i in range(n)]


def test_a_tiktok_source_stops_at_the_shared_quota_and_waits_for_midnight(
    session_factory, database_url, model_cache_dir
):
    now = datetime.now(UTC)
    with FakeTikTok(videos=_pilkada_videos(450, now), clock=FakeClock(now)) as fake:
        settings = Settings(database_url=database_url, tiktok_client_key=fake.client_key,
                            tiktok_client_secret=fake.client_secret,
                            tiktok_base_url=fake.base_url, tiktok_requests_per_day=3)
        with session_scope(session_factory) as s:
            service.add(s, name="pilkada", kind="tiktok_query", every="1h", now=now,
                        params={"hashtags": "Pilkada", "days_back": "30"})
        result = _run_source(session_factory, settings, "pilkada", model_cache_dir)
        research_calls = [c for c in fake.calls if c.path.startswith("/v2/research/")]
    assert result.status == "error" and "requests quota is spent (3 of 3)" in result.error
    assert len(research_calls) == 3 and result.items_new == 300
    with session_scope(session_factory) as s:
        source = s.scalar(select(Source))
        assert source.cursor is not None  # the pass resumes after midnight
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        assert abs(source.next_run_at - midnight) < timedelta(seconds=5)


def test_instagram_hashtags_within_the_budget_and_the_rest_left_out_by_name(
    session_factory, database_url, model_cache_dir
):
    now = datetime.now(UTC)
    fake = FakeInstagram(clock=FakeClock(now))
    with fake:
        fake.add_hashtag("coblosnomor2", [
            make_media(i, caption=f"Ayo #coblosnomor2 warga RW {i}",
                       posted=now - timedelta(hours=1)) for i in range(60)])
        settings = Settings(database_url=database_url,
                            instagram_access_token=fake.access_token,
                            instagram_user_id=fake.user_id, instagram_base_url=fake.base_url)
        # 29 other tags already hold the budget: room for one more.
        budget = HashtagBudget(session_factory, fake.user_id)
        for i in range(29):
            budget.use(f"lama{i}")
        with session_scope(session_factory) as s:
            service.add(s, name="ig-tags", kind="instagram_hashtag", every="1h", now=now,
                        params={"hashtags": "coblosnomor2,pilihnomor2"})
        first = _run_source(session_factory, settings, "ig-tags", model_cache_dir)
        searches = [c for c in fake.calls if c.path.endswith("ig_hashtag_search")]
        # The id is cached: the next run costs no search.
        with session_scope(session_factory) as s:
            s.scalar(select(Source)).next_run_at = now
        second = _run_source(session_factory, settings, "ig-tags", model_cache_dir)
        searches_after = [c for c in fake.calls if c.path.endswith("ig_hashtag_search")]
    assert first.status == "error" and "#pilihnomor2" in first.error
    assert first.items_new == 60 and second.items_new == 0
    assert len(searches) == len(searches_after) == 1
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(Post)) == 60


def test_health_names_overdue_and_failing_sources_and_the_quotas_left(
    session_factory, database_url, tmp_path
):
    import subprocess
    import sys

    from tests.e2e.test_demo_end_to_end import ROOT, _env

    now = utcnow()
    with session_scope(session_factory) as s:
        for name in ("late", "broken", "fine"):
            service.add(s, name=name, kind="rss_feed", every="15m", now=now,
                        params={"url": f"https://{name}.example.id/rss"})
        sources = {src.name: src for src in s.scalars(select(Source))}
        sources["late"].next_run_at = now - timedelta(hours=2)
        sources["broken"].error_streak, sources["broken"].last_error = 4, "FeedError: 500"
        sources["fine"].next_run_at = now + timedelta(minutes=10)
    _tiktok(session_factory, utcnow, requests=1000).before_request()
    env = _env(database_url, tmp_path)
    done = subprocess.run([sys.executable, "-m", "app.cli", "sources", "health"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "due 2h00m ago" in done.stdout and "4 failed runs in a row" in done.stdout
    assert "tiktok requests: 999 of 1000 left today" in done.stdout
    assert "2 of 3 sources need attention: broken (failing), late (overdue)" in done.stderr


def test_an_expired_instagram_token_says_what_to_do_and_waits_an_hour(
    session_factory, database_url, model_cache_dir
):
    now = datetime.now(UTC)
    fake = FakeInstagram(clock=FakeClock(now), token_expires_at=now - timedelta(minutes=1))
    with fake:
        fake.add_account("camat.hendra", [make_media(1, caption="Kerja bakti")])
        settings = Settings(database_url=database_url,
                            instagram_access_token=fake.access_token,
                            instagram_user_id=fake.user_id, instagram_base_url=fake.base_url)
        with session_scope(session_factory) as s:
            service.add(s, name="ig-akun", kind="instagram_account", every="15m", now=now,
                        params={"usernames": "camat.hendra"})
        result = _run_source(session_factory, settings, "ig-akun", model_cache_dir)
    assert result.status == "error"
    assert "set a new PANTAU_INSTAGRAM_ACCESS_TOKEN" in result.error
    assert result.next_run_at - utcnow() > timedelta(minutes=55)


def test_blocked_instagram_usage_ends_a_hashtag_run_without_charging_the_budget(
    session_factory, database_url, model_cache_dir
):
    now = datetime.now(UTC)
    with FakeInstagram(clock=FakeClock(now)) as fake:
        settings = Settings(database_url=database_url,
                            instagram_access_token=fake.access_token,
                            instagram_user_id=fake.user_id, instagram_base_url=fake.base_url)
        InstagramUsage(session_factory).block(timedelta(minutes=20))
        with session_scope(session_factory) as s:
            service.add(s, name="ig-tags", kind="instagram_hashtag", every="1h", now=now,
                        params={"hashtags": "CoblosNomor2"})
        result = _run_source(session_factory, settings, "ig-tags", model_cache_dir)
        assert fake.calls == []
    assert result.status == "error" and "every worker waits" in result.error
    assert timedelta(minutes=18) < result.next_run_at - utcnow() <= timedelta(minutes=20)
    assert HashtagBudget(session_factory, fake.user_id).used() == 0


def test_a_pass_resumed_after_its_search_expired_reads_the_window_again(
    session_factory, database_url, model_cache_dir
):
    now = datetime.now(UTC)
    with FakeTikTok(videos=_pilkada_videos(250, now), clock=FakeClock(now)) as fake:
        def settings(requests: int) -> Settings:
            return Settings(database_url=database_url, tiktok_client_key=fake.client_key,
                            tiktok_client_secret=fake.client_secret,
                            tiktok_base_url=fake.base_url, tiktok_requests_per_day=requests)

        with session_scope(session_factory) as s:
            service.add(s, name="pilkada", kind="tiktok_query", every="1h", now=now,
                        params={"hashtags": "Pilkada", "days_back": "30"})
        stopped = _run_source(session_factory, settings(1), "pilkada", model_cache_dir)
        fake.expire_searches()  # the next day, TikTok no longer knows the saved search
        with session_scope(session_factory) as s:
            s.scalar(select(Source)).next_run_at = utcnow()
        resumed = _run_source(session_factory, settings(100), "pilkada", model_cache_dir)
        statuses = [c.status for c in fake.calls if c.path.startswith("/v2/research/")]
    assert (stopped.status, stopped.items_new) == ("error", 100)
    assert (resumed.status, resumed.items_new, resumed.items_updated) == ("ok", 150, 0)
    # One refusal, asked once: then the window from its first page (3 pages of 100).
    assert statuses == [200, 400, 200, 200, 200]
