"""A local fake news site serving RSS and Atom, from shared/specs/platforms.md "RSS fake".

Real HTTP on 127.0.0.1 and a free port:

    with FakeNewsSite() as site:
        site.publish("/rss/politik.xml", (FIXTURES / "antara-politik.xml").read_bytes())
        page = rss.collect(http, site.url("/rss/politik.xml"))

Every feed is served with an ETag (a digest of its bytes) and a Last-Modified; a matching
If-None-Match, or failing that an If-Modified-Since no older than the feed, gets 304 and no
body. `publish` again to change a feed, `remove` to make it 404 or 410, `delay` to answer
slowly. `requests` records what each request sent, to assert conditional GETs.
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from tests.fakes.serving import Request, Response, serve

RSS = "application/rss+xml; charset=utf-8"


@dataclass(frozen=True)
class Feed:
    body: bytes
    content_type: str
    modified: datetime

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class FeedRequest:
    """One request as the site saw it, and its answer's status."""

    path: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int


class FakeNewsSite:
    def __init__(self) -> None:
        self.feeds: dict[str, Feed] = {}
        self.gone: dict[str, int] = {}  # path -> 404 or 410
        self.delays: dict[str, float] = {}  # path -> seconds before answering
        self.requests: list[FeedRequest] = []
        self._lock = threading.Lock()
        self._stack = ExitStack()
        self._base: str | None = None

    def __enter__(self) -> FakeNewsSite:
        self._base = self._stack.enter_context(serve(self.handle))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def url(self, path: str) -> str:
        assert self._base is not None, "use the site as a context manager"
        return self._base + path

    def publish(
        self,
        path: str,
        body: bytes,
        *,
        content_type: str = RSS,
        modified: datetime = datetime(2024, 11, 5, 3, 0, tzinfo=UTC),
    ) -> Feed:
        """Serve `body` at `path` from now on."""
        feed = Feed(body=body, content_type=content_type, modified=modified)
        with self._lock:
            self.feeds[path] = feed
            self.gone.pop(path, None)
        return feed

    def remove(self, path: str, status: int = 410) -> None:
        with self._lock:
            self.feeds.pop(path, None)
            self.gone[path] = status

    def delay(self, path: str, seconds: float) -> None:
        self.delays[path] = seconds

    def handle(self, request: Request) -> Response:
        if seconds := self.delays.get(request.path):
            time.sleep(seconds)
        with self._lock:
            response = self._answer(request)
            self.requests.append(
                FeedRequest(
                    path=request.path,
                    if_none_match=request.headers.get("if-none-match"),
                    if_modified_since=request.headers.get("if-modified-since"),
                    status=response.status,
                )
            )
        return response

    def _answer(self, request: Request) -> Response:
        feed = self.feeds.get(request.path)
        if feed is None:
            status = self.gone.get(request.path, 404)
            page = b"<html><body>Not here</body></html>"
            return Response(status, page, {"Content-Type": "text/html; charset=utf-8"})
        headers = {"ETag": feed.etag, "Last-Modified": format_datetime(feed.modified, usegmt=True)}
        if _not_modified(request, feed):
            return Response(304, b"", headers)
        return Response(200, feed.body, {**headers, "Content-Type": feed.content_type})


def _not_modified(request: Request, feed: Feed) -> bool:
    # RFC 9110: If-None-Match, when sent, decides alone.
    tags = request.headers.get("if-none-match")
    if tags is not None:
        sent = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
        return feed.etag in sent or "*" in sent
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return feed.modified <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
