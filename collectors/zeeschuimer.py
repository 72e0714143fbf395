"""Zeeschuimer NDJSON captures turned into PostIn.

Zeeschuimer is a browser extension that records the items TikTok and Instagram send to the
browser. An export holds one JSON envelope per line with the platform's raw item under `data`.
The field mapping follows 4CAT's importers; see shared/specs/platforms.md section 3.

Every non-blank line gives exactly one result: a PostIn, a LineError (the line is broken or
not understood) or a LineSkipped (a valid line we deliberately do not import). Duplicates
(the same item captured twice) are all returned; deduplication on (platform, external_id)
is the caller's job because it needs the database anyway.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from collectors.base import MAX_TEXT_CHARS, LineError, LineSkipped, PostIn
from collectors.text import clean, handle, handles, hashtags, mentions, tags
from collectors.values import count, tiktok_video_url

COLLECTOR = "zeeschuimer"
COLLECTOR_VERSION = "1"

# Real lines are a few KB to a few hundred KB. A longer one is corrupt or hostile, and decoding
# and parsing it would hold several copies of it in memory.
MAX_LINE_BYTES = 16 * 1024 * 1024

Result = PostIn | LineError | LineSkipped

# Zeeschuimer module ids we read. Anything else is skipped if Zeeschuimer is known to produce
# it, so that a mixed export imports cleanly, and is an error if not: an unknown id means a
# file that is not a Zeeschuimer export, or a module that appeared after this code was written
# and should be looked at rather than silently ignored.
SUPPORTED_PLATFORMS = ("tiktok.com", "tiktok-comments", "instagram.com")
KNOWN_UNSUPPORTED_PLATFORMS = frozenset(
    {
        "9gag.com",
        "bilibili.com",
        "douyin.com",
        "facebook-comments",
        "facebook.com",
        "gab.com",
        "imgur.com",
        "instagram-comments",
        "linkedin.com",
        "parler.com",
        "pinterest.com",
        "threads.net",
        "truthsocial.com",
        "twitter-comments",
        "twitter.com",
        "x.com",
        "xiaohongshu-comments",
        "xiaohongshu.com",
    }
)

# Anything outside this window is a unit mix-up (seconds vs milliseconds) or garbage; neither
# platform existed before 2005.
_EARLIEST = datetime(2005, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)

_BOM = b"\xef\xbb\xbf"
_READ_CHUNK = 1024 * 1024

_NUMERIC = re.compile(r"\d+(?:\.\d+)?")

_INSTAGRAM_AD_LINK = "https://www.facebook.com/ads/ig_redirect"
_GRAPH_TYPENAMES = ("GraphImage", "GraphVideo", "GraphSidecar")


class _BadLine(Exception):
    """A line that cannot become a PostIn; the message is shown to the person importing."""


@dataclass(frozen=True, slots=True)
class _Envelope:
    raw: bytes
    collected_at: datetime


# --- reading -------------------------------------------------------------------------------


def read_capture(path: Path) -> Iterator[Result]:
    """One result per non-blank line of a Zeeschuimer export, streaming the file."""
    source = str(path)
    with open(path, "rb") as fh:
        for number, raw in _lines(fh):
            if raw is None:
                yield LineError(source, number, _too_long_message(None))
                continue
            if number == 1 and raw.startswith(_BOM):
                # Editors add a BOM when re-saving; it marks the file, not the first item.
                raw = raw[len(_BOM) :]
            if raw.strip():
                yield parse_line(raw, source=source, line=number)


def _lines(fh: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(1-based line number, line without its newline), or None for an over-long line.

    `readline` with a limit keeps a single giant line from being loaded whole.
    """
    number = 0
    while True:
        chunk = fh.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            _skip_rest_of_line(fh)
            yield number, None
            continue
        yield number, _strip_newline(chunk)


def _skip_rest_of_line(fh: BinaryIO) -> None:
    while True:
        chunk = fh.readline(_READ_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _strip_newline(chunk: bytes) -> bytes:
    if chunk.endswith(b"\r\n"):
        return chunk[:-2]
    if chunk.endswith(b"\n"):
        return chunk[:-1]
    return chunk


def _too_long_message(length: int | None) -> str:
    size = "" if length is None else f" {length:,} bytes,"
    return f"line is{size} over the {MAX_LINE_BYTES:,}-byte limit; not parsed"


# --- one line ------------------------------------------------------------------------------


def parse_line(raw: bytes, *, source: str, line: int) -> Result:
    """Turn one NDJSON line (without its newline) into a PostIn, LineError or LineSkipped."""
    if len(raw) > MAX_LINE_BYTES:
        return LineError(source, line, _too_long_message(len(raw)))
    try:
        envelope = _decode(raw)
        platform = _source_platform(envelope)
        if platform not in SUPPORTED_PLATFORMS:
            return LineSkipped(source, line, f"source_platform {platform!r} is not imported yet")
        data = envelope.get("data")
        if not isinstance(data, Mapping):
            raise _BadLine("missing 'data' object (the captured item)")
        context = _Envelope(raw=raw, collected_at=_collected_at(envelope))
        result = _PARSERS[platform](data, context)
    except _BadLine as exc:
        return LineError(source, line, str(exc))
    if isinstance(result, str):
        return LineSkipped(source, line, result)
    return result


def _decode(raw: bytes) -> Mapping[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(
            f"invalid UTF-8 at byte offset {exc.start} (byte 0x{raw[exc.start]:02x})"
        ) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        # Huge integer literals and absurd nesting fail outside JSONDecodeError.
        raise _BadLine(f"malformed JSON: {exc}") from None
    if not isinstance(value, dict):
        raise _BadLine(f"not a JSON object but a JSON {_json_type(value)}")
    return value


def _json_type(value: object) -> str:
    names = {list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _source_platform(envelope: Mapping[str, Any]) -> str:
    platform = envelope.get("source_platform")
    if not isinstance(platform, str) or not platform.strip():
        raise _BadLine("missing 'source_platform'; is this a Zeeschuimer export?")
    platform = platform.strip()
    if platform in SUPPORTED_PLATFORMS or platform in KNOWN_UNSUPPORTED_PLATFORMS:
        return platform
    supported = ", ".join(SUPPORTED_PLATFORMS)
    raise _BadLine(f"unknown source_platform {platform!r}; supported: {supported}")


def _collected_at(envelope: Mapping[str, Any]) -> datetime:
    # last_updated is the same clock; older exports may lack timestamp_collected.
    for field in ("timestamp_collected", "last_updated"):
        if envelope.get(field) is not None:
            return _epoch(envelope[field], field, millis=True)
    raise _BadLine("missing 'timestamp_collected' (when the item was captured)")


# --- TikTok --------------------------------------------------------------------------------


def _tiktok_post(data: Mapping[str, Any], env: _Envelope) -> PostIn:
    post_id = _required_id(data.get("id"), "data.id")
    text = _text(data.get("desc"), "data.desc")
    author, name, author_id = _tiktok_author(data)
    extras = _dicts(data.get("textExtra"))
    return PostIn(
        platform="tiktok",
        kind="post",
        external_id=post_id,
        text=text,
        raw=env.raw,
        collector=COLLECTOR,
        collector_version=COLLECTOR_VERSION,
        collected_at=env.collected_at,
        permalink=tiktok_video_url(author, post_id),
        author_handle=author,
        author_name=name,
        author_external_id=author_id,
        created_at=_optional_time(data.get("createTime"), "data.createTime"),
        hashtags=tags(
            [e.get("hashtagName") for e in extras],
            [c.get("title") for c in _dicts(data.get("challenges"))],
            hashtags(text),
        ),
        mentions=handles([e.get("userUniqueId") for e in extras], mentions(text)),
        metrics=_metrics(_tiktok_stats(data)),
        extra_text=_tiktok_transcript(data),
    )


def _tiktok_author(data: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
    author = data.get("author")
    if isinstance(author, Mapping):
        return (
            handle(author.get("uniqueId")),
            _name(author.get("nickname")),
            _optional_id(author.get("id")),
        )
    if isinstance(author, str):
        # Items embedded in page HTML flatten the author to its handle, name alongside.
        return handle(author), _name(data.get("nickname")), _optional_id(data.get("authorId"))
    return None, None, None



def _tiktok_stats(data: Mapping[str, Any]) -> list[tuple[str, object]]:
    # statsV2 carries the same counts as strings; it is the fallback when stats lacks one.
    names = (
        ("views", "playCount"),
        ("likes", "diggCount"),
        ("comments", "commentCount"),
        ("shares", "shareCount"),
    )
    pairs: list[tuple[str, object]] = []
    for block in (_mapping(data.get("stats")), _mapping(data.get("statsV2"))):
        pairs.extend((key, block.get(raw_key)) for key, raw_key in names)
    return pairs


def _tiktok_transcript(data: Mapping[str, Any]) -> str:
    # The web itemStruct carries no transcript today; take one if TikTok ever inlines it.
    for key in ("voiceToText", "voice_to_text", "transcript"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return _text(value, f"data.{key}")
    return ""


def _tiktok_comment(data: Mapping[str, Any], env: _Envelope) -> PostIn:
    # Zeeschuimer copies cid into id; either will do.
    comment_id = _required_id(_first(data, "cid", "id"), "data.cid")
    video_id = _required_id(data.get("aweme_id"), "data.aweme_id (the video)")
    text = _text(data.get("text"), "data.text")
    user = _mapping(data.get("user"))
    return PostIn(
        platform="tiktok",
        kind="comment",
        external_id=comment_id,
        text=text,
        raw=env.raw,
        collector=COLLECTOR,
        collector_version=COLLECTOR_VERSION,
        collected_at=env.collected_at,
        permalink=_comment_url(data, video_id),
        author_handle=handle(user.get("unique_id")),
        author_name=_name(user.get("nickname")),
        author_external_id=_optional_id(user.get("uid")),
        created_at=_optional_time(data.get("create_time"), "data.create_time"),
        parent_external_id=video_id,
        hashtags=hashtags(text),
        mentions=mentions(text),
        metrics=_metrics(
            [("likes", data.get("digg_count")), ("replies", data.get("reply_comment_total"))]
        ),
    )


def _comment_url(data: Mapping[str, Any], video_id: str) -> str:
    url = _mapping(data.get("share_info")).get("url")
    if isinstance(url, str) and url.startswith("https://"):
        return url
    return tiktok_video_url(None, video_id)


# --- Instagram -----------------------------------------------------------------------------


def _instagram(data: Mapping[str, Any], env: _Envelope) -> PostIn | str:
    link = data.get("link")
    if data.get("product_type") == "ad" or (
        isinstance(link, str) and link.startswith(_INSTAGRAM_AD_LINK)
    ):
        return "Instagram ad"
    typename = data.get("__typename")
    if isinstance(typename, str) and "Polaris" in typename:
        return _instagram_polaris(data, env)
    if isinstance(typename, str) and typename.startswith(_GRAPH_TYPENAMES):
        return _instagram_graph(data, env)
    # No __typename, or XDTMediaDict: the item-list shape, Zeeschuimer's default.
    return _instagram_item_list(data, env)


def _instagram_item_list(data: Mapping[str, Any], env: _Envelope) -> PostIn:
    code = _required_id(data.get("code"), "data.code (the shortcode)")
    text = _text(_mapping(data.get("caption")).get("text"), "data.caption.text")
    user = _mapping(data.get("user")) or _mapping(data.get("owner"))
    counts = [("comments", data.get("comment_count"))]
    # Owners can hide like and view counts; Instagram then sends placeholders, not counts.
    if not data.get("like_and_view_counts_disabled"):
        counts += [
            ("likes", data.get("like_count")),
            ("views", _first(data, "view_count", "play_count")),
        ]
    return _instagram_post(
        env,
        code=code,
        text=text,
        user=user,
        created_at=_optional_time(data.get("taken_at"), "data.taken_at"),
        metrics=_metrics(counts),
        tagged=_item_list_tagged(data),
        extra_text=_alt_text(data),
    )


def _item_list_tagged(data: Mapping[str, Any]) -> tuple[str, ...]:
    # Carousel slides carry their own tags.
    media = [data, *_dicts(data.get("carousel_media"))]
    tagged = [
        _mapping(tag.get("user")).get("username")
        for item in media
        for tag in _dicts(_mapping(item.get("usertags")).get("in"))
    ]
    coauthors = [c.get("username") for c in _dicts(data.get("coauthor_producers"))]
    return handles(tagged, coauthors)


def _alt_text(data: Mapping[str, Any]) -> str:
    # Instagram's generated alt text quotes text seen in the image ("text that says 'coblos
    # no 2'"), which is exactly what a caption-only matcher misses.
    value = data.get("accessibility_caption")
    if isinstance(value, str) and value.strip():
        return _text(value, "data.accessibility_caption")
    return ""


def _instagram_graph(data: Mapping[str, Any], env: _Envelope) -> PostIn:
    code = _required_id(data.get("shortcode"), "data.shortcode")
    edges = _dicts(_mapping(data.get("edge_media_to_caption")).get("edges"))
    caption = _mapping(edges[0].get("node")).get("text") if edges else None
    text = _text(caption, "data.edge_media_to_caption.edges[0].node.text")
    likes = _first(data, "edge_media_preview_like", "edge_liked_by")
    comments = _first(data, "edge_media_preview_comment", "edge_media_to_comment")
    tagged_edges = _dicts(_mapping(data.get("edge_media_to_tagged_user")).get("edges"))
    return _instagram_post(
        env,
        code=code,
        text=text,
        user=_mapping(data.get("owner")) or _mapping(data.get("user")),
        created_at=_optional_time(data.get("taken_at_timestamp"), "data.taken_at_timestamp"),
        metrics=_metrics(
            [
                ("likes", _mapping(likes).get("count")),
                ("comments", _mapping(comments).get("count")),
                ("views", data.get("video_view_count")),
            ]
        ),
        tagged=handles(
            _mapping(_mapping(e.get("node")).get("user")).get("username") for e in tagged_edges
        ),
        extra_text=_alt_text(data),
    )


def _instagram_polaris(data: Mapping[str, Any], env: _Envelope) -> PostIn:
    # Polaris items carry no counts; a time only if Instagram happened to include one.
    code = _required_id(_first(data, "code", "shortcode"), "data.code (the shortcode)")
    return _instagram_post(
        env,
        code=code,
        text=_text(_mapping(data.get("caption")).get("text"), "data.caption.text"),
        user=_mapping(data.get("user")) or _mapping(data.get("owner")),
        created_at=_optional_time(data.get("taken_at"), "data.taken_at"),
        metrics={},
        tagged=_item_list_tagged(data),
        extra_text=_alt_text(data),
    )


def _instagram_post(
    env: _Envelope,
    *,
    code: str,
    text: str,
    user: Mapping[str, Any],
    created_at: datetime | None,
    metrics: dict[str, int],
    tagged: tuple[str, ...],
    extra_text: str,
) -> PostIn:
    return PostIn(
        platform="instagram",
        kind="post",
        external_id=code,
        text=text,
        raw=env.raw,
        collector=COLLECTOR,
        collector_version=COLLECTOR_VERSION,
        collected_at=env.collected_at,
        permalink=f"https://www.instagram.com/p/{code}/",
        author_handle=handle(user.get("username")),
        author_name=_name(user.get("full_name")),
        author_external_id=_optional_id(_first(user, "id", "pk")),
        created_at=created_at,
        hashtags=hashtags(text),
        mentions=mentions(text),
        tagged=tagged,
        metrics=metrics,
        extra_text=extra_text,
    )


_PARSERS: dict[str, Callable[[Mapping[str, Any], _Envelope], PostIn | str]] = {
    "tiktok.com": _tiktok_post,
    "tiktok-comments": _tiktok_comment,
    "instagram.com": _instagram,
}


# --- field helpers -------------------------------------------------------------------------


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _first(data: Mapping[str, Any], *keys: str) -> Any:
    """The value of the first key that is present and not null."""
    return next((data[k] for k in keys if data.get(k) is not None), None)


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _optional_id(value: object) -> str | None:
    # int64 ids arrive as JSON numbers or strings; they are stored as strings either way.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _required_id(value: object, field: str) -> str:
    found = _optional_id(value)
    if found is None:
        if value is None or value == "":
            raise _BadLine(f"missing item id: no {field}")
        raise _BadLine(f"{field} is not an id: {_show(value)}")
    return found


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _BadLine(f"{field} is not a string but a JSON {_json_type(value)}")
    if len(value) > MAX_TEXT_CHARS:
        raise _BadLine(f"{field} is {len(value):,} characters, over the {MAX_TEXT_CHARS:,} limit")
    # PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded; `raw` keeps both.
    return clean(value)


def _name(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return clean(value.strip())
    return None



def _metrics(pairs: Iterable[tuple[str, object]]) -> dict[str, int]:
    """The first usable value per key; missing or garbage counts are left out, not zero."""
    metrics: dict[str, int] = {}
    for key, value in pairs:
        if key not in metrics and (number := count(value)) is not None:
            metrics[key] = number
    return metrics


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str) and _NUMERIC.fullmatch(value.strip()):
        return float(value.strip())
    return None


def _epoch(value: object, field: str, *, millis: bool = False) -> datetime:
    unit = "milliseconds" if millis else "seconds"
    number = _number(value)
    if number is None:
        raise _BadLine(f"{field} is not a Unix timestamp in {unit}: {_show(value)}")
    try:
        when = datetime.fromtimestamp(number / 1000 if millis else number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        when = None
    if when is None or not _EARLIEST <= when < _LATEST:
        shown = "out of range" if when is None else f"{when:%Y-%m-%d}"
        raise _BadLine(
            f"{field} {_show(value)} is {shown}, not a date between 2005 and 2100 "
            f"(expected Unix {unit})"
        )
    return when


def _optional_time(value: object, field: str) -> datetime | None:
    # Some shapes (Polaris, `_zs_partial` items) carry no time at all; that is not an error.
    if value is None or value == "":
        return None
    return _epoch(value, field)


def _show(value: object) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, Mapping) else "{…}"
    return shown if len(shown) <= 40 else shown[:37] + "…"
