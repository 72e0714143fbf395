"""`tiktok_comments`: the comments under videos flagged for review.

A comment praising a candidate under a flagged video is evidence in its own right, and the
same civil servants tend to comment where they post. The research API's comment object has
no author, so comments are matched by what they say, like any caption.

Each flagged video's comments are read once, in the order the videos were flagged, up to
MAX_PAGES_PER_VIDEO pages: a viral video's hundred-thousandth comment is not worth a day's
quota, which every TikTok source shares. The cursor is the last review item whose video is
done and, inside a video, TikTok's comment cursor, so a run cut short resumes at the next page
and the next pass starts with the videos flagged since.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import session_scope
from app.posts.models import Post
from app.review.models import ReviewItem
from app.sources.runner import Page
from app.sources.tiktok_access import tiktok_client
from collectors.tiktok_errors import BadRequest
from collectors.tiktok_research import BadItem, comment_to_post

log = logging.getLogger(__name__)

MAX_PAGES_PER_VIDEO = 20


def flagged_videos(session: Session, since: datetime, after_item: int) -> list[tuple[int, str]]:
    """(review item id, video id) of TikTok videos created since `since` and flagged after
    item `after_item`, in the order they were flagged."""
    return [(item_id, video_id) for item_id, video_id in session.execute(
        select(ReviewItem.id, Post.external_id)
        .join(Post, Post.id == ReviewItem.post_id)
        .where(Post.platform == "tiktok", Post.kind == "post", ReviewItem.id > after_item,
               Post.created_at >= since)
        .order_by(ReviewItem.id)
    )]


def tiktok_comments(settings: Settings, factory: sessionmaker[Session],
                    params: Mapping[str, Any], cursor: Mapping[str, Any] | None,
                    now: datetime) -> Iterator[Page]:
    state = dict(cursor or {})
    done = state.get("after", 0)
    since = now - timedelta(days=params.get("days_back", 7))
    with session_scope(factory) as session:
        videos = flagged_videos(session, since, done)
    if not videos:
        yield Page([], {"after": done})
        return
    with tiktok_client(settings, factory, now) as client:
        for item_id, video_id in videos:
            resume = state.get("cursor") if state.get("video") == item_id else None
            pages = _video_pages(client, video_id, resume)
            stored_any = False
            for page, more in pages:
                posts = [p for p in (_comment(item, now) for item in page.items) if p]
                following = ({"after": done, "video": item_id, "cursor": page.cursor} if more
                             else {"after": item_id})
                yield Page(posts, following)
                stored_any = True
            if not stored_any:
                yield Page([], {"after": item_id})
            done = item_id


def _video_pages(client: Any, video_id: str, resume: int | None) -> Iterator[tuple[Any, bool]]:
    """(page, more to read) for one video, at most MAX_PAGES_PER_VIDEO pages."""
    pages = client.iter_comments(video_id, cursor=resume)
    for number in range(MAX_PAGES_PER_VIDEO):
        try:
            page = next(pages)
        except StopIteration:
            return
        except BadRequest as exc:
            if number > 0:
                raise  # mid-video: the run fails here and resumes at the saved cursor
            # A video deleted or hidden since it was flagged; the others go on.
            log.warning("comments of TikTok video %s refused: %s", video_id, exc)
            return
        more = page.has_more and number + 1 < MAX_PAGES_PER_VIDEO
        yield page, more
        if not more:
            return


def _comment(item: Any, now: datetime) -> Any:
    try:
        return comment_to_post(item, collected_at=now)
    except BadItem:
        return None  # one malformed comment must not cost the page
