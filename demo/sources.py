"""The demo's scheduled sources, pointed at the fake platform.

    PANTAU_DATABASE_URL=sqlite:///var/pantau.db python demo/sources.py var/fake-platform.json

Builds every demo election's sources from the watch-list, as `pantau sources generate` does,
adds the fake news site's feed, and gives them demo schedules that show new posts within
minutes while staying inside the platforms' real limits, which the fake keeps:

- TikTok video queries every 5 minutes, staggered so that one election's runs about every
  minute: about 60 of the 1,000 requests a day an hour;
- the comments under newly flagged videos every 5 minutes;
- Instagram accounts and hashtags hourly, under Graph's 200 calls an hour;
- the watched people's likes and reposts every 6 hours: a pass costs over 150 requests.

Run again (a second `make demo`), it refreshes the same sources instead of failing on them,
and starts them afresh: the last demo's worker is gone and the fake platform was restarted,
so their leases are released, and the video queries' cursors (search ids the new fake never
issued) dropped. Demo use only: a deployment keeps its schedules and cursors.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings
from app.db import make_engine, session_scope, utcnow
from app.sources import service
from app.sources.adapters import collectors
from app.sources.kinds import format_every, parse_params
from app.sources.models import Source
from app.watchlist.models import Election

NEWS_SOURCE = "demo-kabar-pilkada"
DEMO_EVERY = {
    "tiktok_query": 5 * 60,
    "tiktok_user_activity": 6 * 3600,
    "tiktok_comments": 5 * 60,  # only the videos flagged since its last run
    "instagram_account": 3600,
    "instagram_hashtag": 3600,
    "rss_feed": 2 * 60,
}
# The fake's posts are all recent: a day back asks for what matters in one window.
TIKTOK_DAYS_BACK = 1


def demo_sources(session: Session, news_feed: str, now: datetime) -> list[Source]:
    """Every demo election's sources and the news feed, created or refreshed."""
    sources = []
    for election in session.scalars(select(Election).order_by(Election.id)):
        slug = service.election_slugs(election)[0]
        sources += [source for source, _ in service.generate(session, slug, now)]
    news = session.scalar(select(Source).where(Source.name == NEWS_SOURCE))
    if news is None:
        news = service.add(session, name=NEWS_SOURCE, kind="rss_feed", params={"url": news_feed},
                           every="2m", now=now)
    else:
        # The fake listens on a new port each start.
        news.params = parse_params("rss_feed", {"url": news_feed})
    # Every election's sources end with the one comments source they share.
    return list({source.name: source for source in [*sources, news]}.values())


def restart(sources: list[Source], runnable: set[str], now: datetime) -> None:
    """Demo schedules, staggered within each kind, and a clean start for each source."""
    by_kind: dict[str, list[Source]] = {}
    for source in sources:
        by_kind.setdefault(source.kind, []).append(source)
    for kind, group in by_kind.items():
        every = DEMO_EVERY.get(kind, 3600)
        for index, source in enumerate(group):
            if kind == "tiktok_query":
                source.params = {**source.params, "days_back": TIKTOK_DAYS_BACK}
            source.every_seconds = every
            source.enabled = kind in runnable
            # TikTok's queries one after another, so that new posts come in every minute or so;
            # the likes' big passes apart, so that they do not spend the quota in one go.
            spread = kind in ("tiktok_query", "tiktok_user_activity")
            offset = every * index / len(group) if spread else 0
            source.next_run_at = now + timedelta(seconds=offset)
            if kind == "tiktok_query":
                source.cursor = None  # its search_id was issued by the fake that is gone
            source.locked_by = source.locked_until = None
            source.error_streak = 0
            source.last_error = None


def main(port_file: Path) -> None:
    where = json.loads(port_file.read_text(encoding="utf-8"))
    settings = get_settings()
    factory = sessionmaker(bind=make_engine(settings.database_url), expire_on_commit=False)
    runnable = set(collectors(settings, factory))
    now = utcnow()
    with session_scope(factory) as session:
        sources = demo_sources(session, where["news_feed"], now)
        restart(sources, runnable, now)
        session.flush()
        rows = [(s.name, s.kind, format_every(s.every_seconds), s.enabled,
                 round((s.next_run_at - now).total_seconds())) for s in sources]
    for name, kind, every, enabled, first in rows:
        when = "off: no collector for this kind yet" if not enabled else (
            f"every {every}, first run " + (f"in {first // 60} min" if first >= 60 else "now"))
        print(f"  {name:55} {kind:21} {when}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
