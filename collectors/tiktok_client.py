"""TikTok Research API over HTTP: client-credentials tokens, one request per page, paging.

The client renews its token before it expires and once more on `access_token_invalid`, and
retries the flaky "search_id invalid or expired" as the spec says. Everything else is raised
as a typed error (collectors/tiktok_errors.py) for the caller to act on: a RateLimited
carries the platform's wait. Quotas are shared by every worker, so their state lives with the
caller; the client only counts what it used (`usage`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from collectors.tiktok_errors import InvalidToken, SearchIdInvalid, ServerError
from collectors.tiktok_research import (
    BASE_URL,
    COMMENT_FIELDS,
    COMMENT_LIST_PATH,
    MAX_COUNT,
    TOKEN_PATH,
    USER_VIDEO_FIELDS,
    USER_VIDEOS,
    VIDEO_FIELDS,
    VIDEO_QUERY_PATH,
    Action,
    Page,
    Token,
    comments_body,
    parse_page,
    parse_token,
    user_videos_body,
    video_query_body,
)

# Spec: retry "search_id invalid or expired" after about 5 s, up to 5 times.
SEARCH_ID_RETRIES = 5
SEARCH_ID_WAIT = 5.0

# Renew this long before the token's end, so a request never leaves with a token that dies
# on the way; half the lifetime when a token lives shorter than that.
_RENEW_BEFORE = timedelta(minutes=5)

Fetch = Callable[[int | None, str | None], Page]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Usage:
    """Research requests sent (failed ones too: a 500 still costs quota) and records received."""

    requests: int = 0
    records: int = 0


class TikTokClient:
    """One client per run; close it (or use `with`) to release its connections."""

    def __init__(
        self,
        *,
        client_key: str,
        client_secret: str,
        base_url: str = BASE_URL,
        timeout: float = 30.0,
        now: Callable[[], datetime] = _utcnow,
        sleep: Callable[[float], None] = time.sleep,
        before_request: Callable[[], None] | None = None,
        after_response: Callable[[int], None] | None = None,
    ) -> None:
        """`before_request` runs before every research request and may refuse it by raising;
        `after_response` gets the records it brought (0 for a failure). Together they keep a
        quota that other processes share."""
        self._before_request = before_request or (lambda: None)
        self._after_response = after_response or (lambda records: None)
        self._credentials = {
            "client_key": client_key,
            "client_secret": client_secret,
            "grant_type": "client_credentials",
        }
        self._http = httpx.Client(base_url=base_url, timeout=timeout)
        self._now = now
        self._sleep = sleep
        self._token: Token | None = None
        self._renew_at = datetime.min.replace(tzinfo=UTC)
        self._usage = Usage()

    def __enter__(self) -> TikTokClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    @property
    def usage(self) -> Usage:
        return self._usage

    # --- one page ---------------------------------------------------------------------------

    def query_videos(
        self,
        query: Mapping[str, Any],
        start: date,
        end: date,
        *,
        cursor: int | None = None,
        search_id: str | None = None,
        max_count: int = MAX_COUNT,
    ) -> Page:
        """One page of videos for `query` created in the window start..end (≤ 30 days)."""
        body = video_query_body(
            query, start, end, cursor=cursor, search_id=search_id, max_count=max_count
        )
        return self._research(VIDEO_QUERY_PATH, VIDEO_FIELDS, body, "videos")

    def comments(self, video_id: str, *, cursor: int | None = None) -> Page:
        """One page of the comments under a video."""
        body = comments_body(video_id, cursor=cursor)
        return self._research(COMMENT_LIST_PATH, COMMENT_FIELDS, body, "comments")

    def user_videos(self, action: Action, username: str, *, cursor: int | None = None) -> Page:
        """One page of the videos `username` liked, reposted or pinned."""
        endpoint = USER_VIDEOS[action]
        body = user_videos_body(action, username, cursor=cursor)
        return self._research(endpoint.path, USER_VIDEO_FIELDS, body, endpoint.array_key)

    def user_liked(self, username: str, *, cursor: int | None = None) -> Page:
        return self.user_videos("liked", username, cursor=cursor)

    def user_reposted(self, username: str, *, cursor: int | None = None) -> Page:
        return self.user_videos("reposted", username, cursor=cursor)

    def user_pinned(self, username: str) -> Page:
        return self.user_videos("pinned", username)

    # --- all pages --------------------------------------------------------------------------

    def iter_videos(
        self,
        query: Mapping[str, Any],
        start: date,
        end: date,
        *,
        cursor: int | None = None,
        search_id: str | None = None,
    ) -> Iterator[Page]:
        """Every page of one window; pass a saved cursor and search_id to resume."""

        def fetch(cursor: int | None, search_id: str | None) -> Page:
            return self.query_videos(query, start, end, cursor=cursor, search_id=search_id)

        return paginate(fetch, cursor=cursor, search_id=search_id, sleep=self._sleep)

    def iter_comments(self, video_id: str, *, cursor: int | None = None) -> Iterator[Page]:
        """Every page of a video's comments."""
        return paginate(
            lambda c, _: self.comments(video_id, cursor=c), cursor=cursor, sleep=self._sleep
        )

    def iter_user_videos(
        self, action: Action, username: str, *, cursor: int | None = None
    ) -> Iterator[Page]:
        """Every page of the videos `username` liked, reposted or pinned."""
        return paginate(
            lambda c, _: self.user_videos(action, username, cursor=c),
            cursor=cursor,
            sleep=self._sleep,
        )

    # --- transport --------------------------------------------------------------------------

    def _research(self, path: str, fields: str, body: dict[str, Any], array_key: str) -> Page:
        try:
            return self._research_once(path, fields, body, array_key)
        except InvalidToken:
            # Expired and revoked look alike; a fresh token cures either, a second refusal is real.
            self._token = None
            return self._research_once(path, fields, body, array_key)

    def _research_once(self, path: str, fields: str, body: dict[str, Any], array_key: str) -> Page:
        headers = {"Authorization": f"Bearer {self._access_token()}"}
        self._before_request()
        self._usage = Usage(self._usage.requests + 1, self._usage.records)
        records = 0
        try:
            # The spec writes `?fields=a,b,c`; httpx's params would escape the commas.
            response = self._post(f"{path}?fields={fields}", json=body, headers=headers)
            page = parse_page(
                response.status_code,
                response.content,
                array_key,
                now=self._now(),
                headers=response.headers,
            )
            records = len(page.items)
        finally:
            self._after_response(records)
        self._usage = Usage(self._usage.requests, self._usage.records + records)
        return page

    def _access_token(self) -> str:
        if self._token is None or self._now() >= self._renew_at:
            response = self._post(TOKEN_PATH, data=self._credentials)
            now = self._now()
            self._token = parse_token(response.status_code, response.content, now=now)
            self._renew_at = self._token.expires_at - min(
                _RENEW_BEFORE, (self._token.expires_at - now) / 2
            )
        return self._token.access_token

    def _post(self, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.post(url, **kwargs)
        except httpx.TransportError as exc:
            # A timeout may still have reached TikTok and cost quota; retry later like a 500.
            raise ServerError(f"POST {url.split('?')[0]}: {type(exc).__name__}: {exc}") from exc


def paginate(
    fetch: Fetch,
    *,
    cursor: int | None = None,
    search_id: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Page]:
    """Pages from `fetch(cursor, search_id)` until `has_more` is false.

    Short and empty pages are normal (deleted or private videos are dropped); only has_more
    ends the listing. A has_more without a new cursor is refused rather than looped on, since
    every repeat would spend daily quota.
    """
    while True:
        page = _retry_search_id(fetch, cursor, search_id, sleep)
        yield page
        if not page.has_more:
            return
        if page.cursor is None or page.cursor == cursor:
            raise ServerError(f"has_more is true but the cursor did not advance from {cursor}")
        cursor, search_id = page.cursor, page.search_id or search_id


def _retry_search_id(
    fetch: Fetch, cursor: int | None, search_id: str | None, sleep: Callable[[float], None]
) -> Page:
    for _ in range(SEARCH_ID_RETRIES):
        try:
            return fetch(cursor, search_id)
        except SearchIdInvalid:
            sleep(SEARCH_ID_WAIT)
    return fetch(cursor, search_id)
