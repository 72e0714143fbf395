"""Instagram Graph API over HTTP: hashtag lookup, hashtag media and business discovery.

One request per page. Failures are raised as the typed errors of `instagram_errors` (a
Throttled carries the wait); nothing is retried here, because the wait belongs to the caller's
schedule. The hashtag budget (30 unique tags per account per 7 days) is shared by every worker,
so its ledger lives with the caller: each HashtagLookup is the report of one search to record.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import httpx

from collectors.instagram_errors import ServerError, Usage, classify_error, parse_usage
from collectors.instagram_graph import (
    RECENT_MEDIA_FIELDS,
    RECENT_MEDIA_PAGE_SIZE,
    MediaPage,
    business_discovery_fields,
    hashtag_query,
    parse_business_discovery,
    parse_hashtag_search,
    parse_recent_media,
)

_GRAPH_ID = re.compile(r"[0-9]{1,30}")
_ACCESS_TOKEN = re.compile(r"(access_token=)[^&\s\"']+")


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class HashtagLookup:
    """One `ig_hashtag_search`: the tag as searched, its id, and the usage it reported."""

    name: str
    hashtag_id: str
    usage: Usage


class InstagramClient:
    """One client per run; close it (or use `with`) to release its connections."""

    def __init__(
        self,
        *,
        base_url: str,
        access_token: str,
        ig_user_id: str,
        timeout: float = 30.0,
        now: Callable[[], datetime] = _utcnow,
        before_request: Callable[[], None] | None = None,
        after_response: Callable[[Usage], None] | None = None,
    ) -> None:
        """`before_request` runs before every Graph request and may refuse it by raising;
        `after_response` gets the usage headers of every answer, failures included, so that
        processes sharing the app's limits can slow down together."""
        self._before_request = before_request or (lambda: None)
        self._after_response = after_response or (lambda usage: None)
        self._token = access_token
        self._user_id = ig_user_id
        self._now = now
        self._http = httpx.Client(base_url=base_url, timeout=timeout)
        _hide_tokens_in_httpx_logs()

    def __enter__(self) -> InstagramClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def hashtag_id(self, name: str) -> HashtagLookup:
        """Look up a hashtag's id. Ids never change: cache them, since a search costs budget."""
        query = hashtag_query(name)
        params = {"user_id": self._user_id, "q": query}
        body, usage = self._get("/ig_hashtag_search", params, hashtag_search=True)
        return HashtagLookup(name=query, hashtag_id=parse_hashtag_search(body), usage=usage)

    def recent_media(self, hashtag_id: str, after: str | None = None) -> MediaPage:
        """One page of media tagged with the hashtag in the last 24 hours."""
        params = {
            "user_id": self._user_id,
            "fields": RECENT_MEDIA_FIELDS,
            "limit": str(RECENT_MEDIA_PAGE_SIZE),
        }
        if after is not None:
            params["after"] = after
        body, usage = self._get(f"/{_path_id(hashtag_id)}/recent_media", params)
        return replace(parse_recent_media(body, collected_at=self._now()), usage=usage)

    def business_discovery(self, username: str, after: str | None = None) -> MediaPage:
        """One page of a public Business or Creator account's media, newest first."""
        params = {"fields": business_discovery_fields(username, after)}
        body, usage = self._get(f"/{_path_id(self._user_id)}", params)
        page = parse_business_discovery(body, username=username, collected_at=self._now())
        return replace(page, usage=usage)

    def iter_recent_media(self, hashtag_id: str, after: str | None = None) -> Iterator[MediaPage]:
        """Pages from `after` to the end, each post once (see `_each_once`)."""
        return _each_once(lambda cursor: self.recent_media(hashtag_id, cursor), after)

    def iter_business_discovery(
        self, username: str, after: str | None = None
    ) -> Iterator[MediaPage]:
        """Pages from `after` to the end, each post once (see `_each_once`)."""
        return _each_once(lambda cursor: self.business_discovery(username, cursor), after)

    def _get(
        self, path: str, params: Mapping[str, str], *, hashtag_search: bool = False
    ) -> tuple[bytes, Usage]:
        self._before_request()
        try:
            response = self._http.get(path, params={**params, "access_token": self._token})
        except httpx.TransportError as exc:
            # `from None`: the chained exception holds the request, and so the token.
            raise ServerError(f"Graph API unreachable: {type(exc).__name__}: {exc}") from None
        usage = parse_usage(response.headers)
        self._after_response(usage)
        if not response.is_success:
            raise classify_error(
                response.status_code,
                response.content,
                response.headers,
                hashtag_search=hashtag_search,
            )
        return response.content, usage


def _each_once(fetch: Callable[[str | None], MediaPage], after: str | None) -> Iterator[MediaPage]:
    """Follow cursors until the last page, yielding each post once.

    Graph may send the same `after` on every page, so a page that brings no new post also ends
    the run instead of looping (its problems, if any, are still reported). Each yielded page
    keeps its own cursor, for the caller to save with the page's posts.
    """
    seen: set[str] = set()
    while True:
        page = fetch(after)
        fresh = tuple(post for post in page.posts if post.external_id not in seen)
        if fresh or page.problems:
            yield replace(page, posts=fresh)
        if not fresh or page.after is None:
            return
        seen.update(post.external_id for post in fresh)
        after = page.after


def _path_id(value: str) -> str:
    # Ids go into the path; anything but digits could point the request elsewhere.
    if not _GRAPH_ID.fullmatch(value):
        raise ValueError(f"not a Graph id: {value!r}")
    return value


class _HideAccessTokens(logging.Filter):
    """httpx logs every request URL at INFO, and Graph takes the token in the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        return True


def _redact(arg: Any) -> Any:
    if isinstance(arg, httpx.URL | str) and "access_token=" in str(arg):
        return _ACCESS_TOKEN.sub(r"\1[hidden]", str(arg))
    return arg


def _hide_tokens_in_httpx_logs() -> None:
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _HideAccessTokens) for f in logger.filters):
        logger.addFilter(_HideAccessTokens())
