"""`tiktok_comments` against the fake Research API: the comments under flagged videos only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.config import Settings
from app.db import session_scope, utcnow
from app.posts.models import Post
from app.review.models import ReviewItem
from app.sources import runner, service
from app.sources.adapters import collectors
from app.sources.models import Source
from tests.fakes.tiktok import FakeClock, FakeTikTok, make_comment
from tests.review.items import make_items


def _run(session_factory, settings, model_cache_dir):
    with session_scope(session_factory) as s:
        source_id = runner.claim_named(s, "komentar", "w1", utcnow()).id
    return runner.run(session_factory, source_id, collect=collectors(settings, session_factory),
                      worker="w1", model_cache_dir=model_cache_dir, matcher_cache_dir=None,
                      threshold=0.5)


def test_comments_of_flagged_videos_are_stored_once_under_their_video(
    session_factory, database_url, model_cache_dir
):
    now = utcnow()
    with session_scope(session_factory) as s:
        make_items(s, 2, collected=now - timedelta(days=1))
        videos = s.scalars(select(Post.external_id).order_by(Post.id)).all()
        # A video nobody flagged: its comments are not worth the quota.
        s.add(Post(platform="tiktok", kind="post", external_id="7499999999999999999",
                   text="Resep rendang", extra_text="", hashtags=[], mentions=[], tagged=[],
                   metrics={}, created_at=now, collected_at=now, last_seen_at=now, raw="{}",
                   raw_sha256="0" * 64, collector="test", collector_version="1"))
        service.add(s, name="komentar", kind="tiktok_comments", params={"days_back": "3"},
                    every="1h", now=now)
    busy, quiet = int(videos[0]), int(videos[1])
    comments = (
        [make_comment(9_000 + i, video_id=busy, text=f"Setuju pak camat {i}",
                      created=now - timedelta(hours=2)) for i in range(150)]
        + [make_comment(9_500 + i, video_id=quiet, text="Gas Mas Bima!",
                        created=now - timedelta(hours=1)) for i in range(3)]
        + [make_comment(9_900, video_id=7499999999999999999, text="Enak",
                        created=now - timedelta(hours=1))]
    )
    with FakeTikTok(comments=comments, clock=FakeClock(now)) as fake:
        settings = Settings(database_url=database_url, tiktok_client_key=fake.client_key,
                            tiktok_client_secret=fake.client_secret,
                            tiktok_base_url=fake.base_url)
        first = _run(session_factory, settings, model_cache_dir)
        asked = [str(c.body["video_id"]) for c in fake.calls if c.path.endswith("/list/")]
        with session_scope(session_factory) as s:
            s.scalar(select(Source)).next_run_at = utcnow()
        # Nothing flagged since: the next pass costs no request.
        again = _run(session_factory, settings, model_cache_dir)
        asked_again = [c for c in fake.calls if c.path.endswith("/list/")]
    assert (first.status, first.items_new, again.status, again.items_new) == ("ok", 153, "ok", 0)
    assert asked == [str(busy), str(busy), str(quiet)] and len(asked_again) == 3
    with session_scope(session_factory) as s:
        parents = s.scalars(select(Post.parent_external_id).where(Post.kind == "comment")).all()
        assert parents.count(str(busy)) == 150 and parents.count(str(quiet)) == 3
        last_item = s.scalar(select(func.max(ReviewItem.id)))
        assert s.scalar(select(Source.cursor)) == {"after": last_item}
