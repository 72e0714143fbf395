"""Instagram Graph API payloads turned into PostIn, and the requests that ask for them.

Pure code: no HTTP here (`instagram_client` does that; `instagram_errors` classifies failures).
Shapes and fields follow shared/specs/platforms.md section 2.

A media item becomes a post whose `external_id` is the shortcode from its permalink, the id the
Zeeschuimer importer uses too, so the same post seen through a browser capture and through the
API is one row. The Graph media id is a different number and stays in `raw`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from collectors.base import MAX_TEXT_CHARS, PostIn
from collectors.instagram_errors import NO_USAGE, NotFound, ServerError, Usage
from collectors.json_items import array_items
from collectors.text import clean, handle, hashtags, mentions

COLLECTOR = "instagram_graph"
COLLECTOR_VERSION = "1"

# `username` cannot be requested on the hashtag edges; the spec's field lists, verbatim.
RECENT_MEDIA_FIELDS = (
    "id,caption,media_type,permalink,timestamp,like_count,comments_count,"
    "children{media_type,media_url}"
)
ACCOUNT_MEDIA_FIELDS = "id,caption,media_type,permalink,timestamp,like_count,comments_count"

RECENT_MEDIA_PAGE_SIZE = 50  # the most Graph returns per page
ACCOUNT_MEDIA_PAGE_SIZE = 25

# Both go into Graph's field-expansion syntax, where "(", ")", "{" or "," would change the query.
_USERNAME = re.compile(r"[A-Za-z0-9._]{1,30}")
_GRAPH_CURSOR = re.compile(r"[A-Za-z0-9_\-=%.]+")
# Hashtags are letters, digits and '_'; emoji tags are unsupported by Graph.
_HASHTAG_NAME = re.compile(r"\w{1,100}")

_SHORTCODE = re.compile(
    r"https://(?:www\.)?instagram\.com/(?:[A-Za-z0-9_.]+/)?(?:p|reel|reels|tv)/([A-Za-z0-9_-]+)/?"
)


# --- media ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MediaPage:
    """One page of media. `after` is the cursor for the next page, None at the end.

    `problems` names the items that could not become posts; the rest of the page is kept.
    """

    posts: tuple[PostIn, ...]
    after: str | None
    problems: tuple[str, ...] = ()
    usage: Usage = NO_USAGE


def hashtag_query(name: str) -> str:
    """`name` as `ig_hashtag_search` takes it: no '#'. ValueError when Graph cannot search it."""
    query = name.strip().removeprefix("#")
    if not _HASHTAG_NAME.fullmatch(query):
        raise ValueError(f"not a searchable hashtag: {name!r} (letters, digits and '_' only)")
    return query


def business_discovery_fields(username: str, after: str | None = None) -> str:
    """The `fields` value asking for one page of `username`'s media, after cursor `after`."""
    name = username.strip().removeprefix("@")
    if not _USERNAME.fullmatch(name):
        raise ValueError(f"not an Instagram username: {username!r}")
    edge = f"media.limit({ACCOUNT_MEDIA_PAGE_SIZE})"
    if after is not None:
        if not _GRAPH_CURSOR.fullmatch(after):
            raise ValueError(f"not a Graph paging cursor: {_show(after)}")
        edge = f"media.after({after}).limit({ACCOUNT_MEDIA_PAGE_SIZE})"
    return f"business_discovery.username({name}){{{edge}{{{ACCOUNT_MEDIA_FIELDS}}}}}"


class _BadItem(Exception):
    """A media item that cannot become a PostIn."""


def parse_hashtag_search(body: bytes) -> str:
    """The hashtag id in an `ig_hashtag_search` response."""
    _, document = _load(body)
    data = document.get("data")
    first = data[0] if isinstance(data, list) and data else None
    hashtag_id = _optional_id(first.get("id")) if isinstance(first, Mapping) else None
    if hashtag_id is None:
        raise NotFound("ig_hashtag_search found no hashtag")
    return hashtag_id


def parse_recent_media(body: bytes, *, collected_at: datetime) -> MediaPage:
    """A `/<hashtag-id>/recent_media` (or `top_media`) page; its items carry no username."""
    text, document = _load(body)
    if not isinstance(document.get("data"), list):
        raise ServerError("recent_media response has no 'data' array")
    paging = _mapping(document.get("paging"))
    # The `after` cursor can repeat on every page, so only a missing `next` marks the end.
    after = _cursor(paging) if paging.get("next") else None
    return _page(array_items(text, ["data"]), after, collected_at=collected_at, owner=None)


def parse_business_discovery(body: bytes, *, username: str, collected_at: datetime) -> MediaPage:
    """A `business_discovery` page of `username`'s media."""
    text, document = _load(body)
    account = document.get("business_discovery")
    if not isinstance(account, Mapping):
        raise ServerError("business_discovery response has no 'business_discovery' object")
    media = _mapping(account.get("media"))
    items = list(array_items(text, ["business_discovery", "media", "data"]))
    # The nested edge shows no `next`; an empty page or a missing cursor is the end.
    after = _cursor(_mapping(media.get("paging"))) if items else None
    return _page(items, after, collected_at=collected_at, owner=handle(username))


def media_to_post(
    item: Mapping[str, Any], raw: bytes, *, collected_at: datetime, owner: str | None = None
) -> PostIn:
    """One Graph media object (its parsed form and exact bytes) as a PostIn."""
    media_id = _optional_id(item.get("id"))
    if media_id is None:
        raise _BadItem(f"no media id: {_show(item.get('id'))}")
    permalink = item.get("permalink")
    match = _SHORTCODE.match(permalink) if isinstance(permalink, str) else None
    text = _caption(item.get("caption"))
    return PostIn(
        platform="instagram",
        kind="post",
        external_id=match.group(1) if match else media_id,
        text=text,
        raw=raw,
        collector=COLLECTOR,
        collector_version=COLLECTOR_VERSION,
        collected_at=collected_at,
        # Only Instagram's own links: the review UI renders this as a link.
        permalink=permalink if match else None,
        author_handle=handle(item.get("username")) or owner,
        created_at=_timestamp(item.get("timestamp")),
        hashtags=hashtags(text),
        mentions=mentions(text),
        metrics=_metrics(item),
    )


def _page(
    items: Iterable[tuple[Any, str]],
    after: str | None,
    *,
    collected_at: datetime,
    owner: str | None,
) -> MediaPage:
    posts: list[PostIn] = []
    problems: list[str] = []
    for index, (item, raw) in enumerate(items):
        try:
            if not isinstance(item, Mapping):
                raise _BadItem("not a JSON object")
            posts.append(
                media_to_post(item, raw.encode("utf-8"), collected_at=collected_at, owner=owner)
            )
        except _BadItem as exc:
            problems.append(f"item {index}: {exc}")
    return MediaPage(posts=tuple(posts), after=after, problems=tuple(problems))


def _load(body: bytes) -> tuple[str, Mapping[str, Any]]:
    try:
        text = body.decode("utf-8")
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        # UnicodeDecodeError is a ValueError too. A garbled 200 is a proxy or a cut
        # connection far more often than a changed API, so it is worth retrying.
        raise ServerError(f"Graph response is not JSON: {_shorten(str(exc), 120)}") from None
    if not isinstance(document, Mapping):
        raise ServerError("Graph response is not a JSON object")
    return text, document


def _cursor(paging: Mapping[str, Any]) -> str | None:
    after = _mapping(paging.get("cursors")).get("after")
    return after if isinstance(after, str) and after else None


def _caption(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _BadItem(f"caption is not a string: {_show(value)}")
    if len(value) > MAX_TEXT_CHARS:
        raise _BadItem(f"caption is {len(value):,} characters, over the {MAX_TEXT_CHARS:,} limit")
    return clean(value)


def _timestamp(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        # Graph writes "2024-05-01T08:00:00+0000", which fromisoformat reads from Python 3.11.
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise _BadItem(f"timestamp is not an ISO 8601 time with an offset: {_show(value)}")
    return when.astimezone(UTC)


def _metrics(item: Mapping[str, Any]) -> dict[str, int]:
    # Same keys as the Zeeschuimer importer. `like_count` is absent when the owner hides likes;
    # absent stays absent rather than becoming 0.
    counts = {
        "likes": _count(item.get("like_count")),
        "comments": _count(item.get("comments_count")),
    }
    return {key: value for key, value in counts.items() if value is not None}


# --- small helpers -------------------------------------------------------------------------


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _optional_id(value: object) -> str | None:
    # Graph sends ids as strings; a number is accepted the same way.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and math.isfinite(value) and value >= 0:
        return round(value)
    return None


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: object) -> str:
    return _shorten(json.dumps(value, ensure_ascii=False, default=str), 40)
