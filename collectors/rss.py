"""Indonesian news feeds (RSS and Atom) turned into PostIn.

`fetch` makes a conditional GET with httpx: feedparser has no timeout and must never open a
URL itself. `parse` hands the bytes to feedparser and maps each entry; `collect` does both.
Feed facts: shared/specs/platforms.md section 6.

An article is a post of platform "news" whose author is the publisher, named by the feed's
host ("antaranews.com"). Its text is the title and summary as plain text; the full content,
where a feed carries it, goes to `extra_text` so matching sees it too.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, ClassVar
from xml.sax import SAXParseException

import feedparser
import httpx

from collectors.base import MAX_TEXT_CHARS, PostIn
from collectors.feed_text import html_to_text, parse_date, plain_text
from collectors.text import clean

COLLECTOR = "rss_feed"
COLLECTOR_VERSION = "1"

# Real feeds are tens to hundreds of kilobytes; anything this big is not a news feed.
MAX_FEED_BYTES = 10 * 1024 * 1024
# The widths of posts.external_id and posts.permalink.
MAX_ID_CHARS = 100
MAX_LINK_CHARS = 500

_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class FeedError(Exception):
    """A feed that could not be read. The message names the feed and the problem."""

    retryable: ClassVar[bool] = False


class FeedUnavailable(FeedError):
    """Timeout, connection failure, 429 or 5xx: try again later."""

    retryable = True


class FeedGone(FeedError):
    """404 or 410: the feed moved or was removed; a person has to fix the source."""


class MalformedFeed(FeedError):
    """The body is not a feed feedparser can read any entry from."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said identifies this version of the feed, to send back next time."""

    etag: str | None = None
    last_modified: str | None = None


NO_VALIDATORS = Validators()


@dataclass(frozen=True, slots=True)
class FeedResponse:
    """A fetched feed. `content` is None when the server answered 304 Not Modified."""

    url: str
    content: bytes | None
    content_type: str | None
    validators: Validators


@dataclass(frozen=True, slots=True)
class FeedPage:
    """The articles of one fetch, each once, and what to send with the next fetch.

    `warnings` says what was read with difficulty (a malformed feed that still gave entries)
    or left out (entries without id or link, repeats).
    """

    posts: tuple[PostIn, ...]
    validators: Validators = NO_VALIDATORS
    not_modified: bool = False
    warnings: tuple[str, ...] = ()


def _utcnow() -> datetime:
    return datetime.now(UTC)


def collect(
    http: httpx.Client,
    url: str,
    validators: Validators = NO_VALIDATORS,
    *,
    now: Callable[[], datetime] = _utcnow,
) -> FeedPage:
    """Fetch `url` unless unchanged since `validators`, and map its entries."""
    response = fetch(http, url, validators)
    if response.content is None:
        return FeedPage(posts=(), validators=response.validators, not_modified=True)
    page = parse(
        response.content, url=response.url, content_type=response.content_type, collected_at=now()
    )
    return replace(page, validators=response.validators)


def fetch(http: httpx.Client, url: str, validators: Validators = NO_VALIDATORS) -> FeedResponse:
    """A conditional GET of `url`, following redirects, read up to MAX_FEED_BYTES."""
    if httpx.URL(url).scheme not in ("http", "https"):
        raise FeedError(f"{url}: not an http(s) URL")
    headers = {"Accept": _ACCEPT}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    try:
        with http.stream("GET", url, headers=headers, follow_redirects=True) as response:
            _check_status(url, response.status_code)
            content = None if response.status_code == 304 else _read_limited(url, response)
    except httpx.TooManyRedirects as exc:
        raise FeedError(f"{url}: {exc}") from exc
    except httpx.TransportError as exc:
        raise FeedUnavailable(f"{url}: {type(exc).__name__}: {exc}") from exc
    sent = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
    return FeedResponse(
        url=str(response.url),
        content=content,
        content_type=response.headers.get("content-type"),
        # A 304 need not repeat the validators, and the ones sent are then still current; a new
        # body without validators makes the old ones stale.
        validators=sent if content is not None else _newer(sent, validators),
    )


def _newer(sent: Validators, kept: Validators) -> Validators:
    return Validators(sent.etag or kept.etag, sent.last_modified or kept.last_modified)


def _check_status(url: str, status: int) -> None:
    if status in (404, 410):
        raise FeedGone(f"{url}: HTTP {status}: the feed is gone")
    if status == 429 or status >= 500:
        raise FeedUnavailable(f"{url}: HTTP {status}")
    if status != 304 and not 200 <= status < 300:
        raise FeedError(f"{url}: HTTP {status}")


def _read_limited(url: str, response: httpx.Response) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > MAX_FEED_BYTES:
            raise FeedError(f"{url}: over {MAX_FEED_BYTES:,} bytes; not a news feed")
    return bytes(body)


def parse(
    content: bytes, *, url: str, content_type: str | None, collected_at: datetime
) -> FeedPage:
    """The entries of a fetched feed as PostIn, each id once.

    `content_type` (the HTTP header) helps feedparser pick the encoding, and `url` resolves
    relative links. MalformedFeed when nothing can be read.
    """
    # Without a content type feedparser flags every feed as suspect; XML is what a feed is.
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    # A BytesIO, not bytes: feedparser first tries a bytes argument as a file name to open.
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    problem = _check_feed(url, parsed)
    warnings = [f"read despite: {problem}"] if problem else []
    feed = parsed.get("feed", {})
    publisher = plain_text(feed.get("title")) or None
    host = _host(url)
    posts: dict[str, PostIn] = {}
    for number, entry in enumerate(parsed.entries, start=1):
        post = entry_to_post(entry, host=host, publisher=publisher, collected_at=collected_at)
        if post is None:
            warnings.append(f"entry {number}: no id (guid) and no link; skipped")
        elif post.external_id in posts:
            # Feeds list the same article twice, e.g. under two channels.
            warnings.append(f"entry {number}: repeats {post.external_id}; skipped")
        else:
            posts[post.external_id] = post
    if problem and not posts:
        raise MalformedFeed(f"{url}: not a readable feed: {problem}")
    return FeedPage(posts=tuple(posts.values()), warnings=tuple(warnings))


def _check_feed(url: str, parsed: Mapping[str, Any]) -> str | None:
    """What is wrong with a feed that still has entries; MalformedFeed if it has none."""
    problem = _describe(parsed["bozo_exception"]) if parsed.get("bozo") else None
    if parsed.get("entries"):
        return problem
    if problem:
        raise MalformedFeed(f"{url}: not a readable feed: {problem}")
    if not parsed.get("version"):
        raise MalformedFeed(f"{url}: neither RSS nor Atom (an HTML page?)")
    return None


def _describe(problem: object) -> str:
    if isinstance(problem, SAXParseException):
        # Its str() starts with "<unknown>", the name of a file the feed never was.
        where = f"line {problem.getLineNumber()}, column {problem.getColumnNumber()}"
        problem = f"{where}: {problem.getMessage()}"
    text = " ".join(str(problem).split()) or type(problem).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def entry_to_post(
    entry: Mapping[str, Any], *, host: str | None, publisher: str | None, collected_at: datetime
) -> PostIn | None:
    """One feedparser entry as a PostIn; None when it has neither id nor link."""
    link = _web_link(entry.get("link"))
    identity = plain_text(entry.get("id")) or link
    if not identity:
        return None
    title = " ".join(_detail_text(entry, "title").split())
    content = _content_text(entry)
    # Without a summary of its own, feedparser offers the content as one (with no detail).
    summary = _detail_text(entry, "summary") if entry.get("summary_detail") else content
    text = title if summary in ("", title) else f"{title}\n\n{summary}".strip()
    return PostIn(
        platform="news",
        kind="article",
        external_id=_bounded_id(identity),
        text=text[:MAX_TEXT_CHARS],
        raw=_raw(entry),
        collector=COLLECTOR,
        collector_version=COLLECTOR_VERSION,
        collected_at=collected_at,
        permalink=link if link and len(link) <= MAX_LINK_CHARS else None,
        author_handle=host,
        author_name=publisher,
        created_at=_published(entry),
        extra_text="" if content in text else content[:MAX_TEXT_CHARS],
    )


def _detail_text(entry: Mapping[str, Any], key: str) -> str:
    # feedparser says per field whether it is HTML; stripping tags from plain text would eat
    # a literal "<" ("harga <Rp10 ribu").
    detail = entry.get(f"{key}_detail")
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    value = entry.get(key)
    return html_to_text(value) if kind in _HTML_TYPES else plain_text(value)


def _content_text(entry: Mapping[str, Any]) -> str:
    # Atom content and RSS content:encoded; the first one is the article.
    for part in entry.get("content") or ():
        if isinstance(part, Mapping) and part.get("value"):
            if part.get("type") in _HTML_TYPES:
                return html_to_text(part["value"])
            return plain_text(part["value"])
    return ""


def _web_link(value: object) -> str | None:
    # Only web links: the review UI renders this, and "javascript:" must never get there.
    link = plain_text(value)
    return link if link.startswith(("https://", "http://")) else None


def _bounded_id(identity: str) -> str:
    # Article URLs often pass the column's width; a digest of a long id is as stable.
    if len(identity) <= MAX_ID_CHARS:
        return identity
    return "sha256:" + hashlib.sha256(identity.encode("utf-8")).hexdigest()


def _host(url: str) -> str | None:
    host = httpx.URL(url).host.lower().removeprefix("www.")
    return clean(host) or None


def _published(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published", "updated"):
        when = parse_date(entry.get(key), entry.get(f"{key}_parsed"))
        if when is not None:
            return when
    return None


def _raw(entry: Mapping[str, Any]) -> bytes:
    # Sorted keys, so the same entry gives the same bytes (and hash) on every fetch.
    text = json.dumps(
        _jsonable(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return clean(text).encode("utf-8")


def _jsonable(value: object) -> object:
    # feedparser's *_parsed dates are UTC struct_times, which json would write as bare lists.
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
