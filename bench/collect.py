"""Collection benchmark: items per second from a fake platform to stored and flagged, per kind.

For every source kind that runs today, a local fake (tests/fakes) is seeded with N demo posts
(demo/fake_posts.py: the demo generator's posts by the demo watch-list's civil servants and
candidates, citizens and outlets, so detection flags some of them), and the kind's sources are
run the way `pantau sources run` runs them, `runner.claim_named` then `runner.run`, into a
database migrated and loaded with the demo watch-list. The baseline, measured in the same run
on the same database, is plain `ingest_batch` of the very same posts in the very same pages
(one transaction each, as the runner does) with no HTTP: the ratio says what the collector
path (requests, JSON, mapping, cursors, leases, quota reservations) costs over ingestion.

The fakes serve from this process; the database work runs in a child process per backend
(SQLite, and PostgreSQL when reachable), so the fakes' JSON encoding is not counted against
the collectors. Every kind is run once untimed first (it warms the classifier and the
matcher, and records the pages for the baseline), then the baseline, then the timed run, the
collected rows being deleted between them.

    .venv/bin/python bench/collect.py [--posts 2000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import throwaway_db  # bench/throwaway_db.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "demo"))

# Kept between runs: the watch-list, reference data and users. Everything else is collected.
KEEP = {"regions", "alembic_version", "people", "candidates", "accounts", "elections",
        "watchlist_state", "users"}
TIKTOK_QUERY_TAG = "pilkadajabar2024"
FEEDS = 20  # a news site's feed carries 20 to 100 articles; N articles come as N/100 feeds
HASHTAGS = 10  # of Graph's 30 a week


# --- the fakes (parent process) -----------------------------------------------------------


def _videos(catalogue: Any, count: int, now: datetime, span: timedelta) -> list[dict]:
    import fake_posts

    entries = [e for _, e in zip(range(count), catalogue.where("tiktok"), strict=False)]
    return [fake_posts.video(e, now - span * (i + 1) / (count + 1)) for i, e in enumerate(entries)]


def seed_tiktok_query(stack: ExitStack, catalogue: Any, n: int, now: datetime) -> dict:
    """N videos of the last five days; the source asks for one hashtag they all carry."""
    from tests.fakes.tiktok import FakeTikTok

    videos = _videos(catalogue, n, now, timedelta(days=5))
    for v in videos:
        v["hashtag_names"] = [*v["hashtag_names"], TIKTOK_QUERY_TAG]
    fake = stack.enter_context(FakeTikTok(videos=videos))
    return {"env": _tiktok_env(fake), "sources": [
        ("bench-tiktok", {"hashtags": TIKTOK_QUERY_TAG, "days_back": "7"})]}


def seed_tiktok_user_activity(stack: ExitStack, catalogue: Any, n: int, now: datetime) -> dict:
    """N liked videos shared out among the watched TikTok accounts of demo/people.csv."""
    from tests.fakes.tiktok import FakeTikTok

    users = [p.tiktok for p in catalogue.roster.watched("tiktok")]
    videos = _videos(catalogue, n, now, timedelta(days=5))
    liked = {u: {"liked": videos[i::len(users)]} for i, u in enumerate(users)}
    fake = stack.enter_context(FakeTikTok(user_videos=liked))
    return {"env": _tiktok_env(fake), "sources": [
        ("bench-tiktok-activity", {"usernames": ",".join(users)})]}


def seed_tiktok_comments(stack: ExitStack, catalogue: Any, n: int, now: datetime) -> dict:
    """N comments under 100 videos that are violations, stored (and flagged) before each run.

    The kind reads the comments under videos flagged for review, so each run starts from a
    database holding those videos; storing them is not timed.
    """
    import fake_posts

    from tests.fakes.tiktok import FakeTikTok

    entries = [e for e in itertools.islice(catalogue.where("tiktok"), 2000)
               if e.item.category == "violation"][:100]
    span = timedelta(days=5)
    videos = [fake_posts.video(e, now - span * (i + 1) / (len(entries) + 1))
              for i, e in enumerate(entries)]
    texts = itertools.islice(catalogue.where("comment"), n)
    comments = [fake_posts.comment(e, now, videos[i % len(videos)]["id"])
                for i, e in enumerate(texts)]
    fake = stack.enter_context(FakeTikTok(comments=comments))
    return {"env": _tiktok_env(fake), "videos": videos,
            "sources": [("bench-tiktok-comments", {"days_back": "7"})]}


def _tiktok_env(fake: Any) -> dict[str, str]:
    return {"PANTAU_TIKTOK_BASE_URL": fake.base_url, "PANTAU_TIKTOK_CLIENT_KEY": fake.client_key,
            "PANTAU_TIKTOK_CLIENT_SECRET": fake.client_secret}


def _instagram(stack: ExitStack) -> Any:
    from tests.fakes.instagram import FakeInstagram

    # Graph's hourly limits would stop the bench after 200 calls: it measures speed, not them.
    return stack.enter_context(FakeInstagram(app_calls_per_hour=10**7,
                                             business_calls_per_day=10**8))


def _media(catalogue: Any, count: int, now: datetime) -> list[tuple[Any, dict]]:
    import fake_posts

    entries = [e for _, e in zip(range(count), catalogue.where("instagram"), strict=False)]
    span = timedelta(hours=20)  # hashtags' recent media are the last 24 hours'
    return [(e, fake_posts.media(e, now - span * (i + 1) / (count + 1)))
            for i, e in enumerate(entries)]


def seed_instagram_account(stack: ExitStack, catalogue: Any, n: int, now: datetime) -> dict:
    """N media under their authors' accounts; the source names every account."""
    fake = _instagram(stack)
    by_author: dict[str, list[dict]] = {}
    for entry, media in _media(catalogue, n, now):
        by_author.setdefault(entry.item.author.handle, []).append(media)  # newest first
    for handle, media in by_author.items():
        fake.add_account(handle, media)
    return {"env": _instagram_env(fake), "sources": [
        ("bench-instagram-accounts", {"usernames": ",".join(by_author)})]}


def seed_instagram_hashtag(stack: ExitStack, catalogue: Any, n: int, now: datetime) -> dict:
    """N media shared out among ten of the demo candidates' campaign hashtags."""
    fake = _instagram(stack)
    tags = list(dict.fromkeys(t for c in catalogue.roster.candidates for t in c.hashtags))
    tags = tags[:HASHTAGS]
    media = [m for _, m in _media(catalogue, n, now)]
    for i, tag in enumerate(tags):
        fake.add_hashtag(tag, media[i::len(tags)])
    return {"env": _instagram_env(fake), "sources": [
        ("bench-instagram-hashtags", {"hashtags": ",".join(tags)})]}


def _instagram_env(fake: Any) -> dict[str, str]:
    return {"PANTAU_INSTAGRAM_BASE_URL": fake.base_url,
            "PANTAU_INSTAGRAM_ACCESS_TOKEN": fake.access_token,
            "PANTAU_INSTAGRAM_USER_ID": fake.user_id}


def seed_rss_feed(stack: ExitStack, catalogue: Any, n: int, now: datetime) -> dict:
    """N news articles as 20 feeds of a news site, one source each."""
    import fake_posts

    from tests.fakes.rss import FakeNewsSite

    site = stack.enter_context(FakeNewsSite())
    articles: list[dict[str, str]] = []
    for number in itertools.count():
        if len(articles) == n:
            break
        if catalogue[number].item.category == "news":
            at = now - timedelta(minutes=len(articles))
            articles.append(fake_posts.article(catalogue[number], at))
    sources = []
    for f in range(FEEDS):
        site.publish(f"/rss/{f}.xml", fake_posts.feed(articles[f::FEEDS]), modified=now)
        sources.append((f"bench-news-{f:02d}", {"url": site.url(f"/rss/{f}.xml")}))
    return {"env": {}, "sources": sources}


SEEDS: dict[str, Callable[[ExitStack, Any, int, datetime], dict]] = {
    "tiktok_query": seed_tiktok_query,
    "tiktok_user_activity": seed_tiktok_user_activity,
    "tiktok_comments": seed_tiktok_comments,
    "instagram_account": seed_instagram_account,
    "instagram_hashtag": seed_instagram_hashtag,
    "rss_feed": seed_rss_feed,
}


# --- the runs (child process) -------------------------------------------------------------


def _fresh(engine: Any, factory: Any, settings: Any, setup: dict, model_dir: Path) -> None:
    """Nothing collected; then what the kind needs stored first (not timed)."""
    from app.db import session_scope, utcnow
    from app.models import Base
    from app.posts.detect import get_classifier
    from app.posts.ingest import Pipeline, ingest_batch
    from app.watchlist.snapshot import current_snapshot
    from collectors.tiktok_research import Item, video_to_post

    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP:
                conn.execute(table.delete())
    if setup.get("videos"):
        posts = [video_to_post(Item.parse(json.dumps(v).encode()), collected_at=utcnow())
                 for v in setup["videos"]]
        with session_scope(factory) as session:
            pipeline = Pipeline(current_snapshot(session=session), get_classifier(model_dir),
                                settings.flag_threshold)
            ingest_batch(session=session, posts=posts, pipeline=pipeline, now=utcnow())


def _run_sources(factory: Any, settings: Any, kind: str, sources: list, model_dir: Path,
                 pages: list | None) -> dict[str, Any]:
    from app.db import session_scope, utcnow
    from app.sources import runner
    from app.sources import service as sources_service
    from app.sources.adapters import collectors

    with session_scope(factory) as session:
        for name, params in sources:
            sources_service.add(session, name=name, kind=kind, params=params,
                                every="1h", now=utcnow())
    totals = {"pages": 0, "items": 0, "flagged": 0, "errors": []}
    collect = collectors(settings, factory)
    t0 = time.perf_counter()
    for name, _ in sources:
        with session_scope(factory) as session:
            source_id = runner.claim_named(session, name, "bench", utcnow()).id
        result = runner.run(factory, source_id, collect=collect, worker="bench",
                            model_cache_dir=model_dir, matcher_cache_dir=None,
                            threshold=settings.flag_threshold,
                            on_page=pages.append if pages is not None else None)
        totals["pages"] += result.pages
        totals["items"] += result.items_new + result.items_updated
        totals["flagged"] += result.flagged
        if result.error:
            totals["errors"].append(f"{name}: {result.error}")
    totals["seconds"] = time.perf_counter() - t0
    return totals


def _baseline(factory: Any, settings: Any, pages: list, model_dir: Path) -> dict[str, Any]:
    """The same posts in the same pages through plain ingest_batch, as the runner calls it."""
    from app.db import session_scope, utcnow
    from app.posts.acts import record_acts
    from app.posts.detect import get_classifier
    from app.posts.ingest import Pipeline, ingest_batch
    from app.watchlist.snapshot import current_snapshot

    classifier = get_classifier(model_dir)
    items = flagged = 0
    t0 = time.perf_counter()
    for page in pages:
        with session_scope(factory) as session:
            pipeline = Pipeline(current_snapshot(session=session), classifier,
                                settings.flag_threshold)
            counts = ingest_batch(session=session, posts=page.posts, pipeline=pipeline,
                                  now=utcnow())
            if page.acts:
                counts.flagged += record_acts(session=session, acts=page.acts,
                                              pipeline=pipeline, now=utcnow()).flagged
        items += counts.new + counts.updated
        flagged += counts.flagged
    return {"seconds": time.perf_counter() - t0, "items": items, "flagged": flagged}


def worker(backend: str, url: str, plan: dict[str, dict], model_dir: Path) -> list[dict]:
    from sqlalchemy.orm import sessionmaker

    from app.config import Settings
    from app.db import make_engine, session_scope
    from app.migrate import upgrade_database
    from app.watchlist import service as watchlist_service

    upgrade_database(url)
    engine = make_engine(url)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with session_scope(factory) as session:
        for kind in ("candidates", "people"):
            result = watchlist_service.import_file(
                session=session, path=ROOT / "demo" / f"{kind}.csv", kind=kind)
            assert not result.errors, result.errors[:3]
    results = []
    for kind, setup in plan.items():
        settings = Settings(database_url=url, **{k.removeprefix("PANTAU_").lower(): v
                                                 for k, v in setup["env"].items()})
        pages: list = []
        _fresh(engine, factory, settings, setup, model_dir)
        warm = _run_sources(factory, settings, kind, setup["sources"], model_dir, pages)
        assert not warm["errors"], warm["errors"]
        _fresh(engine, factory, settings, setup, model_dir)
        base = _baseline(factory, settings, pages, model_dir)
        _fresh(engine, factory, settings, setup, model_dir)
        timed = _run_sources(factory, settings, kind, setup["sources"], model_dir, None)
        assert not timed["errors"], timed["errors"]
        results.append({
            "backend": backend, "kind": kind, "sources": len(setup["sources"]),
            "items": timed["items"], "pages": timed["pages"], "flagged": timed["flagged"],
            "collect_s": round(timed["seconds"], 3),
            "items_per_s": round(timed["items"] / timed["seconds"], 1),
            "baseline_items": base["items"], "baseline_flagged": base["flagged"],
            "baseline_s": round(base["seconds"], 3),
            "baseline_items_per_s": round(base["items"] / base["seconds"], 1),
            "ratio_to_baseline": round(timed["items"] / timed["seconds"]
                                       / (base["items"] / base["seconds"]), 3),
        })
    engine.dispose()
    return results


# --- driving it (parent process) ----------------------------------------------------------








def _kinds(wanted: str | None) -> list[str]:
    """The kinds asked for that have a collector today (app/sources/adapters.py)."""
    from app.config import Settings
    from app.sources.adapters import collectors

    runnable = set(collectors(Settings(), None))  # the factory is only used when a kind runs
    kinds = wanted.split(",") if wanted else list(SEEDS)
    missing = [k for k in kinds if k not in SEEDS or k not in runnable]
    if missing:
        print(f"not measured (no collector or no seeding for it yet): {', '.join(missing)}")
    return [k for k in kinds if k in SEEDS and k in runnable]


def _print(r: dict[str, Any]) -> None:
    print(f"{r['backend']:>10} {r['kind']:21} {r['items']:>6} {r['pages']:>5} "
          f"{r['flagged']:>7} {r['items_per_s']:>12,.0f} {r['baseline_items_per_s']:>12,.0f} "
          f"{r['ratio_to_baseline']:>6.2f}", flush=True)


def _run_backend(backend: str, plan_file: Path, model_dir: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        url, pg_name = throwaway_db.database(backend, Path(tmp))
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", backend, "--url", url,
                 "--plan", str(plan_file), "--model-dir", str(model_dir)],
                capture_output=True, text=True, check=True, cwd=ROOT)
        except subprocess.CalledProcessError as exc:
            sys.exit(f"{backend} run failed:\n{exc.stderr}")
        finally:
            if pg_name:
                throwaway_db.drop(pg_name)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000, help="items seeded per kind")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--kinds", help="comma-separated; default every kind that runs")
    parser.add_argument("--model-dir", type=Path, default=ROOT / "var" / "models",
                        help="the classifier cache (trained there once if missing)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "collect.json")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        plan = json.loads(args.plan.read_text())
        print(json.dumps(worker(args.worker, args.url, plan, args.model_dir)))
        return
    from fake_posts import Catalogue

    kinds = _kinds(args.kinds)
    backends = args.backends.split(",")
    if "postgresql" in backends and (problem := throwaway_db.postgres_problem()):
        print(f"PostgreSQL skipped, not reachable: {problem}")
        backends.remove("postgresql")
    results: list[dict] = []
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        catalogue, now = Catalogue(), datetime.now(UTC)
        plan = {kind: SEEDS[kind](stack, catalogue, args.posts, now) for kind in kinds}
        plan_file = Path(tmp) / "plan.json"
        plan_file.write_text(json.dumps(plan))
        print(f"{'backend':>10} {'kind':21} {'items':>6} {'pages':>5} {'flagged':>7} "
              f"{'collected/s':>12} {'ingest/s':>12} {'ratio':>6}")
        for backend in backends:
            for r in _run_backend(backend, plan_file, args.model_dir):
                _print(r)
                results.append(r)
    print("collected/s: from the fake's answer to stored and flagged, through the runner;"
          " ingest/s: ingest_batch of the same pages, no HTTP (the baseline)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"measured_at": datetime.now(UTC).isoformat(),
                                    "posts_per_kind": args.posts, "results": results},
                                   indent=2))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
