"""`tiktok_comments`: the comments under videos already flagged for review.

A comment praising a candidate under a flagged video is evidence in its own right, and the
same civil servants tend to comment where they post. The research API's comment object has
no author, so comments are matched by what they say, like any caption.

The videos are the flagged TikTok posts created in the last `days_back` days, taken in id
order; the cursor is the last video finished and, inside a video, TikTok's comment cursor,
so a run cut short resumes at the next page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import session_scope
from app.posts.models import Post
from app.review.models import ReviewItem
from app.sources.runner import CollectorFailed, Page
from app.sources.tiktok_access import tiktok_client
from collectors.tiktok_errors import BadRequest
from collectors.tiktok_research import BadItem, comment_to_post


def flagged_videos(session: Session, since: datetime, after_id: int) -> list[tuple[int, str]]:
    """(post id, video id) of flagged TikTok videos created since `since`, past `after_id`."""
    return [(post_id, video_id) for post_id, video_id in session.execute(
        select(Post.id, Post.external_id)
        .where(Post.platform == "tiktok", Post.kind == "post", Post.id > after_id,
               Post.created_at >= since,
               select(ReviewItem.id).where(ReviewItem.post_id == Post.id).exists())
        .order_by(Post.id)
    )]


def tiktok_comments(settings: Settings, factory: sessionmaker[Session],
                    params: Mapping[str, Any], cursor: Mapping[str, Any] | None,
                    now: datetime) -> Iterator[Page]:
    state = dict(cursor or {})
    done_id = state.get("after", 0)
    since = now - timedelta(days=params.get("days_back", 7))
    with session_scope(factory) as session:
        videos = flagged_videos(session, since, done_id)
    if not videos:
        yield Page([], None)
        return
    refused: list[str] = []
    with tiktok_client(settings, factory, now) as client:
        for position, (post_id, video_id) in enumerate(videos):
            resume = state.get("cursor") if state.get("video") == post_id else None
            try:
                pages = list(client.iter_comments(video_id, cursor=resume))
            except BadRequest as exc:
                # A video deleted since it was flagged; the others still have comments.
                refused.append(f"video {video_id}: {exc}")
                pages = []
            for page in pages:
                posts = [_comment(item, now) for item in page.items]
                if page.has_more:
                    following: dict[str, Any] | None = {
                        "after": done_id, "video": post_id, "cursor": page.cursor}
                elif position + 1 < len(videos):
                    following = {"after": post_id}
                else:
                    following = None
                yield Page([p for p in posts if p is not None], following)
            if not pages:
                yield Page([], {"after": post_id} if position + 1 < len(videos) else None)
            done_id = post_id
    if refused:
        raise CollectorFailed("comments refused: " + "; ".join(refused[:10]))


def _comment(item: Any, now: datetime) -> Any:
    try:
        return comment_to_post(item, collected_at=now)
    except BadItem:
        return None  # one malformed comment must not cost the page
