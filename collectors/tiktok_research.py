"""TikTok Research API, pure part: request bodies, response pages, items turned into PostIn.

No HTTP here (collectors/tiktok_client.py sends the requests; collectors/tiktok_errors.py
types the error answers). Paths, fields and limits are those of shared/specs/platforms.md
section 1.

A watched account's liked, reposted and pinned videos become an `Activity`: the video itself is
an ordinary PostIn (its author is whoever posted it), and the watched account's act is kept
beside it. PostIn has no field for "who acted", and posts are unique on (platform,
external_id), so one video liked by three civil servants must stay one post with three acts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from collectors.base import MAX_TEXT_CHARS, PostIn
from collectors.json_items import array_items
from collectors.text import clean, handle, handles, hashtags, mentions, tags
from collectors.tiktok_errors import (
    AuthFailed,
    ServerError,
    classify_error,
    error_fields,
    json_object,
)
from collectors.values import count, tiktok_video_url

COLLECTOR = "tiktok_research"
COLLECTOR_VERSION = "1"

BASE_URL = "https://open.tiktokapis.com"
TOKEN_PATH = "/v2/oauth/token/"
VIDEO_QUERY_PATH = "/v2/research/video/query/"
COMMENT_LIST_PATH = "/v2/research/video/comment/list/"

REGION = "ID"
MAX_COUNT = 100
MAX_WINDOW = timedelta(days=30)

VIDEO_FIELDS = (
    "id,video_description,create_time,region_code,share_count,view_count,like_count,"
    "comment_count,music_id,hashtag_names,username,effect_ids,playlist_id,voice_to_text,"
    "favorites_count,video_mention_list"
)
# The liked/reposted/pinned endpoints document a shorter list: no transcript.
USER_VIDEO_FIELDS = (
    "id,create_time,username,region_code,video_description,music_id,like_count,"
    "comment_count,share_count,view_count,hashtag_names,favorites_count,video_mention_list"
)
COMMENT_FIELDS = "id,video_id,text,like_count,reply_count,parent_comment_id,create_time"

Action = Literal["liked", "reposted", "pinned"]


@dataclass(frozen=True, slots=True)
class UserVideosEndpoint:
    path: str
    array_key: str
    paged: bool


USER_VIDEOS: dict[Action, UserVideosEndpoint] = {
    "liked": UserVideosEndpoint("/v2/research/user/liked_videos/", "user_liked_videos", True),
    "reposted": UserVideosEndpoint("/v2/research/user/reposted_videos/", "reposted_videos", True),
    # A handful of pinned videos: the body is the username alone, answered in one page.
    "pinned": UserVideosEndpoint("/v2/research/user/pinned_videos/", "pinned_videos_list", False),
}

# Anything outside 2005..2100 is a unit mix-up (milliseconds) or garbage.
_EARLIEST = int(datetime(2005, 1, 1, tzinfo=UTC).timestamp())
_LATEST = int(datetime(2100, 1, 1, tzinfo=UTC).timestamp())


# --- requests ------------------------------------------------------------------------------


def build_query(
    *,
    keywords: Iterable[str] = (),
    hashtags: Iterable[str] = (),
    usernames: Iterable[str] = (),
    region: str = REGION,
) -> dict[str, Any]:
    """The `query` object: videos from `region` matching any keyword, hashtag or username."""
    terms = (
        ("keyword", _unique(k.strip() for k in keywords)),
        ("hashtag_name", _unique(h.strip().lstrip("#").lower() for h in hashtags)),
        ("username", _unique(u.strip().lstrip("@").lower() for u in usernames)),
    )
    wanted = [_condition(field, values) for field, values in terms if values]
    if not wanted:
        # A region-only query is valid but asks for every video in the country.
        raise ValueError("a query needs at least one keyword, hashtag or username")
    return {"and": [_condition("region_code", [region])], "or": wanted}


def _condition(field: str, values: list[str]) -> dict[str, Any]:
    return {"operation": "IN", "field_name": field, "field_values": values}


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(value.casefold(), value)
    return list(seen.values())


def date_windows(start: date, end: date) -> list[tuple[date, date]]:
    """The range [start, end) cut into windows whose end is at most 30 days after the start.

    Neighbouring windows share their boundary day: the spec cannot say whether the API
    includes `end_date`, and sharing loses nothing either way (a video seen twice is one post).
    """
    if end <= start:
        raise ValueError(f"empty date range: {start} to {end}")
    windows = []
    while start < end:
        stop = min(start + MAX_WINDOW, end)
        windows.append((start, stop))
        start = stop
    return windows


def video_query_body(
    query: Mapping[str, Any],
    start: date,
    end: date,
    *,
    cursor: int | None = None,
    search_id: str | None = None,
    max_count: int = MAX_COUNT,
) -> dict[str, Any]:
    """The JSON body of one video query page; later pages resend it with cursor and search_id."""
    if not start <= end <= start + MAX_WINDOW:
        raise ValueError(f"{start} to {end} is not a window of at most 30 days")
    body: dict[str, Any] = {
        "query": query,
        "start_date": f"{start:%Y%m%d}",
        "end_date": f"{end:%Y%m%d}",
        "max_count": _maxcount(max_count),
    }
    if search_id is not None:
        body["search_id"] = search_id
    return _with_cursor(body, cursor)


def _maxcount(value: int) -> int:
    if not 1 <= value <= MAX_COUNT:
        raise ValueError(f"max_count must be 1..{MAX_COUNT}, not {value}")
    return value


def comments_body(
    video_id: str, *, cursor: int | None = None, max_count: int = MAX_COUNT
) -> dict[str, Any]:
    """The JSON body of one page of a video's comments."""
    # The API documents video_id as an int64 number; ids are kept as strings everywhere else.
    return _with_cursor({"video_id": int(video_id), "max_count": _maxcount(max_count)}, cursor)


def user_videos_body(
    action: Action, username: str, *, cursor: int | None = None, max_count: int = MAX_COUNT
) -> dict[str, Any]:
    """The JSON body of one page of a user's liked, reposted or pinned videos."""
    body: dict[str, Any] = {"username": username.strip().lstrip("@").lower()}
    if not USER_VIDEOS[action].paged:
        if cursor is not None:
            raise ValueError(f"{action} videos come in one page; there is no cursor")
        return body
    body["max_count"] = _maxcount(max_count)
    return _with_cursor(body, cursor)


def _with_cursor(body: dict[str, Any], cursor: int | None) -> dict[str, Any]:
    if cursor is not None:
        body["cursor"] = cursor
    return body


# --- responses -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a response array: its parsed value and its exact bytes in the response."""

    data: Any
    raw: bytes

    @classmethod
    def parse(cls, raw: bytes) -> Item:
        return cls(json.loads(raw), raw)


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its items, and the cursor and search_id that ask for the next one."""

    items: tuple[Item, ...]
    cursor: int | None
    has_more: bool
    search_id: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    access_token: str
    expires_at: datetime


def parse_page(
    status: int,
    body: bytes,
    array_key: str,
    *,
    now: datetime,
    headers: Mapping[str, str] | None = None,
) -> Page:
    """The page in a research answer, or raise the typed error it carries."""
    try:
        # The envelope and the item spans must come from the same text, BOM or not.
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    envelope = json_object(text)
    code, _, _ = error_fields(envelope)
    if status != 200 or code not in ("ok", None):
        raise classify_error(status, body, now=now, headers=headers)
    data = envelope.get("data")
    if not isinstance(data, Mapping):
        raise ServerError("answer has no 'data' object", code=code, status=status)
    return Page(
        items=tuple(_items_with_raw(text, array_key)),
        cursor=_cursor(data.get("cursor")),
        has_more=data.get("has_more") is True,
        search_id=_str_or_none(data.get("search_id")),
    )


def parse_token(status: int, body: bytes, *, now: datetime) -> Token:
    """The access token in a token answer, or raise AuthFailed / RateLimited / ServerError."""
    if status == 429 or status >= 500:
        raise classify_error(status, body, now=now)
    envelope = json_object(body)
    token = envelope.get("access_token")
    if status != 200 or not isinstance(token, str) or not token:
        code, message, log_id = error_fields(envelope)
        message = message or code or "no access_token in the answer"
        raise AuthFailed(message, code=code, status=status, log_id=log_id)
    expires_in = count(envelope.get("expires_in"))
    if expires_in is None:
        raise AuthFailed("token answer has no expires_in", status=status)
    return Token(token, now + timedelta(seconds=expires_in))


def _items_with_raw(text: str, array_key: str) -> list[Item]:
    """The elements of data[array_key], each with its exact bytes, kept as evidence."""
    items = array_items(text, ("data", array_key))
    return [Item(value, raw.encode("utf-8")) for value, raw in items]


def _cursor(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


# --- items to PostIn -----------------------------------------------------------------------


class BadItem(ValueError):
    """An API item that cannot become a PostIn (no id, a text that is not a string, …)."""


@dataclass(frozen=True, slots=True)
class Activity:
    """A watched account liked, reposted or pinned `post` (someone else's video, or its own)."""

    action: Action
    actor_handle: str
    post: PostIn


def video_to_post(item: Item, *, collected_at: datetime) -> PostIn:
    """A video from the video query (or a user-videos endpoint) as a PostIn."""
    data = _object(item)
    video_id = _required_id(data.get("id"), "id")
    text = _text(data.get("video_description"), "video_description")
    author = handle(data.get("username"))
    return PostIn(
        platform="tiktok",
        kind="post",
        external_id=video_id,
        text=text,
        raw=item.raw,
        collector=COLLECTOR,
        collector_version=COLLECTOR_VERSION,
        collected_at=collected_at,
        permalink=tiktok_video_url(author, video_id),
        author_handle=author,
        created_at=_time(data.get("create_time")),
        # Text hashtags and mentions are the same rules as collectors/zeeschuimer.py, so a video
        # captured both ways compares equal.
        hashtags=tags(_strings(data.get("hashtag_names")), hashtags(text)),
        mentions=handles(_strings(data.get("video_mention_list")), mentions(text)),
        metrics=_metrics(
            ("views", data.get("view_count")),
            ("likes", data.get("like_count")),
            ("comments", data.get("comment_count")),
            ("shares", data.get("share_count")),
            # One English page of the docs spells it the British way.
            ("favorites", data.get("favorites_count", data.get("favourites_count"))),
        ),
        extra_text=_text(data.get("voice_to_text"), "voice_to_text"),
    )


def comment_to_post(item: Item, *, collected_at: datetime) -> PostIn:
    """A comment as a PostIn whose parent is its video (replies keep their thread in `raw`).

    The research comment object names no author, so author_handle stays empty.
    """
    data = _object(item)
    comment_id = _required_id(data.get("id"), "id")
    video_id = _required_id(data.get("video_id"), "video_id")
    text = _text(data.get("text"), "text")
    return PostIn(
        platform="tiktok",
        kind="comment",
        external_id=comment_id,
        text=text,
        raw=item.raw,
        collector=COLLECTOR,
        collector_version=COLLECTOR_VERSION,
        collected_at=collected_at,
        permalink=tiktok_video_url(None, video_id),
        created_at=_time(data.get("create_time")),
        parent_external_id=video_id,
        hashtags=hashtags(text),
        mentions=mentions(text),
        metrics=_metrics(("likes", data.get("like_count")), ("replies", data.get("reply_count"))),
    )


def activity_from_item(
    item: Item, *, action: Action, actor_handle: str, collected_at: datetime
) -> Activity:
    """A liked/reposted/pinned video with the watched account that did it."""
    actor = handle(actor_handle)
    if actor is None:
        raise ValueError("actor_handle is empty")
    return Activity(action, actor, video_to_post(item, collected_at=collected_at))



def _object(item: Item) -> Mapping[str, Any]:
    if not isinstance(item.data, Mapping):
        raise BadItem(f"item is not a JSON object: {item.raw[:40]!r}")
    return item.data


def _str_or_none(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def _required_id(value: object, field: str) -> str:
    # int64 ids arrive as numbers or, from some wrappers, strings; both are stored as strings.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    raise BadItem(f"{field} is not an id: {value!r}")


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadItem(f"{field} is not a string: {value!r}")
    if len(value) > MAX_TEXT_CHARS:
        raise BadItem(f"{field} is {len(value):,} characters, over {MAX_TEXT_CHARS:,}")
    # PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded; `raw` keeps both.
    return clean(value)


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []



def _metrics(*pairs: tuple[str, object]) -> dict[str, int]:
    """Counts that are present and sane; a missing count is left out rather than made 0."""
    return {key: n for key, value in pairs if (n := count(value)) is not None}


def _time(value: object) -> datetime | None:
    if value is None:
        return None
    seconds = count(value)
    if seconds is None or not _EARLIEST <= seconds < _LATEST:
        raise BadItem(f"create_time {value!r} is not Unix seconds between 2005 and 2100")
    return datetime.fromtimestamp(seconds, tz=UTC)
