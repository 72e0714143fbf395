"""Running sources: whole pages with their cursor, backoff alone, claims that never overlap.

The collectors here are plain generators handed to the runner the way the real adapters are:
the runner is tested, not the platforms (those have fake servers in tests/fakes).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.config import Settings
from app.db import session_scope
from app.posts.models import Post
from app.sources import runner, service
from app.sources.models import Source, SourceRun
from app.sources.quotas import TikTokQuota
from app.sources.worker import Worker
from tests.builders import make_post

NOW = datetime(2024, 10, 5, 3, 0, tzinfo=UTC)


def _posts(start: int, n: int) -> list:
    return [make_post(external_id=str(i), text=f"Jadwal posyandu RW {i}") for i in
            range(start, start + n)]


def _pages(params, cursor, now):
    at = (cursor or {}).get("next", 0)
    while at < params["total"]:
        yield runner.Page(_posts(at, 2), {"next": at + 2} if at + 2 < params["total"] else None)
        at += 2


PARAMS = {"rss_feed": {"url": "https://x.id/rss"}, "tiktok_query": {"hashtags": "BekasiJuara"}}


def _add(session_factory, name: str, kind: str = "rss_feed", every: str = "15m") -> int:
    with session_scope(session_factory) as s:
        source = service.add(s, name=name, kind=kind, params=PARAMS[kind], every=every, now=NOW)
        return source.id


def _run(session_factory, source_id, collect, model_cache_dir: Path, worker="w1", at=NOW):
    with session_scope(session_factory) as s:
        claimed = runner.claim_due(s, worker, at)
        assert claimed is not None and claimed.id == source_id
    return runner.run(session_factory, source_id, collect=collect, worker=worker,
                      model_cache_dir=model_cache_dir, matcher_cache_dir=None, threshold=0.5,
                      now=lambda: at)


def _set_params(session_factory, source_id, **params):
    with session_scope(session_factory) as s:
        s.get(Source, source_id).params = params


def test_a_run_stores_every_page_and_schedules_the_next(session_factory, model_cache_dir):
    sid = _add(session_factory, "feed")
    _set_params(session_factory, sid, total=6)
    result = _run(session_factory, sid, {"rss_feed": _pages}, model_cache_dir)
    assert (result.status, result.pages, result.items_new) == ("ok", 3, 6)
    with session_scope(session_factory) as s:
        source = s.get(Source, sid)
        assert source.cursor is None and source.locked_by is None
        assert source.next_run_at == NOW + timedelta(minutes=15)
        run_row = s.scalar(select(SourceRun))
        assert (run_row.status, run_row.pages, run_row.items_new) == ("ok", 3, 6)


def test_a_crash_keeps_whole_pages_and_the_next_run_resumes(session_factory, model_cache_dir):
    sid = _add(session_factory, "feed")
    _set_params(session_factory, sid, total=6)

    def dies_after_one_page(params, cursor, now):
        pages = _pages(params, cursor, now)
        yield next(pages)
        raise ConnectionResetError("connection reset by peer")

    failed = _run(session_factory, sid, {"rss_feed": dies_after_one_page}, model_cache_dir)
    assert failed.status == "error" and "ConnectionResetError" in failed.error
    with session_scope(session_factory) as s:
        source = s.get(Source, sid)
        assert source.cursor == {"next": 2} and source.error_streak == 1
        assert source.next_run_at == NOW + timedelta(minutes=15)
    later = NOW + timedelta(minutes=16)
    resumed = _run(session_factory, sid, {"rss_feed": _pages}, model_cache_dir, at=later)
    assert (resumed.status, resumed.items_new) == ("ok", 4)
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(Post)) == 6
        assert s.get(Source, sid).error_streak == 0


def test_the_platforms_wait_is_respected_and_streaks_double(session_factory, model_cache_dir):
    sid = _add(session_factory, "feed")

    def throttled(params, cursor, now):
        raise runner.CollectorFailed("429 rate limited", retry_after=timedelta(minutes=40))
        yield  # a generator, like every collector

    result = _run(session_factory, sid, {"rss_feed": throttled}, model_cache_dir)
    assert result.next_run_at == NOW + timedelta(minutes=40)

    def broken(params, cursor, now):
        raise runner.CollectorFailed("feed is not XML")
        yield

    at = NOW + timedelta(minutes=41)
    again = _run(session_factory, sid, {"rss_feed": broken}, model_cache_dir, at=at)
    # Second failure in a row: twice the schedule.
    assert again.next_run_at == at + timedelta(minutes=30)


def test_claims_never_overlap_and_a_dead_workers_lease_lapses(session_factory):
    sid = _add(session_factory, "feed")
    with session_scope(session_factory) as s:
        assert runner.claim_due(s, "w1", NOW).id == sid
    with session_scope(session_factory) as s:
        assert runner.claim_due(s, "w2", NOW + timedelta(minutes=1)) is None
    with session_scope(session_factory) as s:
        taken = runner.claim_due(s, "w2", NOW + runner.LEASE + timedelta(seconds=1))
        assert taken.id == sid and taken.locked_by == "w2"


def test_one_failing_source_does_not_stop_the_others(session_factory, model_cache_dir,
                                                     database_url, tmp_path):
    good = _add(session_factory, "good")
    _add(session_factory, "bad", kind="tiktok_query")
    _set_params(session_factory, good, total=2)
    (tmp_path / "models").symlink_to(model_cache_dir)

    def always_fails(params, cursor, now):
        raise runner.CollectorFailed("token expired and could not be renewed")
        yield

    worker = Worker(session_factory, Settings(database_url=database_url, var_dir=tmp_path),
                    {"rss_feed": _pages, "tiktok_query": always_fails}, name="w1",
                    now=lambda: NOW)
    TikTokQuota(session_factory, requests_per_day=1000, records_per_day=100_000,
                clock=lambda: NOW).before_request()
    assert worker.tick() == 2
    with session_scope(session_factory) as s:
        states = {x.name: (x.error_streak, x.last_error) for x in s.scalars(select(Source))}
    assert states["good"] == (0, None) and states["bad"][0] == 1
    text = _metrics_text(worker)
    assert 'pantau_source_runs_total{source="bad",status="error"} 1.0' in text
    assert 'pantau_source_items_total{kind="new",source="good"} 2.0' in text
    assert 'pantau_source_error_streak{source="bad"} 1.0' in text
    # One request and a page of records reserved: what every worker reports as left.
    assert 'pantau_quota_left{name="requests",platform="tiktok"} 999.0' in text
    assert 'pantau_quota_left{name="records",platform="tiktok"} 99900.0' in text


def _metrics_text(worker: Worker) -> str:
    from prometheus_client import generate_latest

    return generate_latest(worker.metrics.registry).decode()


def test_a_worker_whose_hold_ran_out_stores_nothing_more_and_the_new_holder_finishes(
    session_factory, model_cache_dir
):
    sid = _add(session_factory, "feed")
    _set_params(session_factory, sid, total=6)

    def stalls_after_one_page(params, cursor, now):
        pages = _pages(params, cursor, now)
        yield next(pages)
        # w1 hangs past its 5-minute hold; w2 finds the source due and takes it over.
        with session_scope(session_factory) as s:
            assert runner.claim_due(s, "w2", NOW + timedelta(minutes=6)) is not None
        yield from pages

    lost = _run(session_factory, sid, {"rss_feed": stalls_after_one_page}, model_cache_dir)
    assert (lost.status, lost.pages, lost.items_new) == ("lost", 1, 2)
    with session_scope(session_factory) as s:
        source = s.get(Source, sid)
        assert source.locked_by == "w2" and source.cursor == {"next": 2}
    finished = runner.run(session_factory, sid, collect={"rss_feed": _pages}, worker="w2",
                          model_cache_dir=model_cache_dir, matcher_cache_dir=None,
                          threshold=0.5, now=lambda: NOW + timedelta(minutes=6))
    assert (finished.status, finished.items_new) == ("ok", 4)
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(Post)) == 6
        assert sorted(s.scalars(select(SourceRun.status))) == ["lost", "ok"]
