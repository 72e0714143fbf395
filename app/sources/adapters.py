"""Each kind of source as pages the runner can store: platform clients, credentials, cursors.

The clients in collectors/ know the platforms; this module knows Pantau's settings and what a
source's cursor means for each kind. A platform's refusal becomes CollectorFailed with the wait
the platform asked for, so the runner backs the source off by exactly that.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.sources.instagram_kinds import instagram_account, instagram_hashtag
from app.sources.runner import Collect, CollectorFailed, Page
from app.sources.tiktok_access import tiktok_client
from app.sources.tiktok_activity import tiktok_user_activity
from app.sources.tiktok_comments import tiktok_comments
from collectors import rss
from collectors.tiktok_client import TikTokClient
from collectors.tiktok_errors import SearchIdInvalid
from collectors.tiktok_research import BadItem, build_query, date_windows, video_to_post
from collectors.tiktok_research import Page as TikTokPage

log = logging.getLogger(__name__)

FEED_TIMEOUT = 30.0
# A feed that is gone (404/410) is unlikely to come back within the hour.
GONE_WAIT = timedelta(hours=12)


def collectors(settings: Settings, factory: sessionmaker[Session]) -> dict[str, Collect]:
    """The kinds that can run with these settings; `factory` holds the shared quotas."""
    return {
        "rss_feed": _rss_feed,
        "tiktok_query": partial(_tiktok_query, settings, factory),
        "tiktok_comments": partial(tiktok_comments, settings, factory),
        "tiktok_user_activity": partial(tiktok_user_activity, settings, factory),
        "instagram_account": partial(instagram_account, settings, factory),
        "instagram_hashtag": partial(instagram_hashtag, settings, factory),
    }


def _rss_feed(params: Mapping[str, Any], cursor: Mapping[str, Any] | None,
              now: datetime) -> Iterator[Page]:
    sent = rss.Validators(etag=(cursor or {}).get("etag"),
                          last_modified=(cursor or {}).get("last_modified"))
    try:
        with httpx.Client(timeout=FEED_TIMEOUT, follow_redirects=True) as http:
            page = rss.collect(http, params["url"], sent, now=lambda: now)
    except rss.FeedGone as exc:
        raise CollectorFailed(str(exc), retry_after=GONE_WAIT) from exc
    except rss.FeedError as exc:
        raise CollectorFailed(str(exc)) from exc
    # The validators are the cursor: kept from run to run, so an unchanged feed costs a 304.
    kept = {"etag": page.validators.etag, "last_modified": page.validators.last_modified}
    yield Page(list(page.posts), kept)


def _tiktok_query(settings: Settings, factory: sessionmaker[Session], params: Mapping[str, Any],
                  cursor: Mapping[str, Any] | None, now: datetime) -> Iterator[Page]:
    """The video query over the last `days_back` days, window by window, page by page.

    The cursor names the pass's range, the window being read and the position in it, so a run
    cut short resumes at the page after the last one stored.
    """
    query = build_query(keywords=params.get("keywords", ()), hashtags=params.get("hashtags", ()),
                        usernames=params.get("usernames", ()))
    state = dict(cursor or {})
    if "start" not in state:
        end = now.date() + timedelta(days=1)
        state = {"start": (end - timedelta(days=params.get("days_back", 7))).isoformat(),
                 "end": end.isoformat(), "window": 0}
    windows = date_windows(date.fromisoformat(state["start"]), date.fromisoformat(state["end"]))
    with tiktok_client(settings, factory, now) as client:
        for index in range(state["window"], len(windows)):
            start, end = windows[index]
            pages = _window_pages(client, query, start, end, state.get("cursor"),
                                  state.get("search_id"))
            for page in pages:
                posts = [_video(item, now) for item in page.items]
                if page.has_more:
                    state = {**state, "window": index, "cursor": page.cursor,
                             "search_id": page.search_id}
                elif index + 1 < len(windows):
                    state = {"start": state["start"], "end": state["end"], "window": index + 1}
                else:
                    state = None  # the pass is over; the next run starts a new one
                yield Page([p for p in posts if p is not None], state)


def _window_pages(client: TikTokClient, query: Mapping[str, Any], start: date, end: date,
                  cursor: int | None, search_id: str | None) -> Iterator[TikTokPage]:
    """One window's pages from a saved position.

    A saved search may be one TikTok has forgotten (a run resumed the next day, after the
    quota ran out): its first page is asked once, without the retries meant for fresh ids,
    and a refusal reads the window again from its first page rather than failing forever.
    """
    if search_id is None:
        yield from client.iter_videos(query, start, end, cursor=cursor)
        return
    try:
        first = client.query_videos(query, start, end, cursor=cursor, search_id=search_id)
    except SearchIdInvalid:
        log.warning("saved TikTok search %s has expired; reading its window again", search_id)
        yield from client.iter_videos(query, start, end)
        return
    yield first
    if first.has_more:
        yield from client.iter_videos(query, start, end, cursor=first.cursor,
                                      search_id=first.search_id or search_id)


def _video(item: Any, now: datetime) -> Any:
    try:
        return video_to_post(item, collected_at=now)
    except BadItem:
        # One malformed video must not cost the page: the others are evidence.
        return None
