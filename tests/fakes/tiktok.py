"""A local fake of the TikTok Research API, written from shared/specs/platforms.md section 1.

A real HTTP server (stdlib, one thread per connection) on 127.0.0.1 and a free port:

    with FakeTikTok(videos=[make_video(1, username="a", created=...)]) as fake:
        client = TikTokClient(base_url=fake.base_url, client_key=fake.client_key,
                              client_secret=fake.client_secret, now=fake.clock)

It issues `clt.*` tokens that expire after `token_ttl` seconds of `clock`, pages video queries
with cursor and search_id (search results are cached per search_id, as on TikTok), checks the
date format, the 30-day window, max_count and the requested fields, and keeps the daily request
and record quotas on `clock`'s UTC day. Failures are switched on through `failures`, each a
count of the next requests it hits, so tests stay deterministic. `hidden_ids` are videos that
take a place in the result set but are never returned (deleted or private): that is how the
API produces short and empty pages that still have `has_more`.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# The clock for tokens and the daily quota; share it with the client. Tests import it from here.
from tests.fakes.serving import FakeClock

VIDEO_FIELDS = frozenset(
    "id video_description create_time region_code share_count view_count like_count "
    "comment_count music_id hashtag_names username effect_ids playlist_id voice_to_text "
    "is_stem_verified favorites_count video_duration hashtag_info_list sticker_info_list "
    "effect_info_list video_mention_list video_label video_tag".split()
)
USER_VIDEO_FIELDS = VIDEO_FIELDS - {"voice_to_text", "effect_ids", "playlist_id"}
COMMENT_FIELDS = frozenset(
    "id video_id text like_count reply_count parent_comment_id create_time".split()
)
QUERY_FIELDS = frozenset(
    "create_date username region_code video_id hashtag_name keyword music_id effect_id "
    "video_length".split()
)
OPERATIONS = frozenset({"EQ", "IN", "GT", "GTE", "LT", "LTE"})
# The spec does not quote TikTok's messages for the two kinds of 429; these are guesses that
# keep "quota" in the one for the spent daily quota.
THROTTLE_MESSAGE = "Too many requests, please slow down"
QUOTA_MESSAGE = "Daily quota limit exceeded"

_USER_VIDEO_KEYS = {
    "/v2/research/user/liked_videos/": ("liked", "user_liked_videos"),
    "/v2/research/user/reposted_videos/": ("reposted", "reposted_videos"),
    "/v2/research/user/pinned_videos/": ("pinned", "pinned_videos_list"),
}


def make_video(
    video_id: int,
    *,
    username: str,
    created: datetime,
    description: str = "",
    hashtags: Iterable[str] = (),
    region: str = "ID",
    voice_to_text: str | None = None,
    views: int = 100,
    likes: int = 10,
    comments: int = 1,
    shares: int = 0,
) -> dict[str, Any]:
    """A video object as the Research API returns it (ids are JSON numbers)."""
    video: dict[str, Any] = {
        "id": video_id,
        "create_time": int(created.timestamp()),
        "username": username,
        "region_code": region,
        "video_description": description,
        "hashtag_names": list(hashtags),
        "view_count": views,
        "like_count": likes,
        "comment_count": comments,
        "share_count": shares,
        "music_id": 7000000000000000000 + video_id,
    }
    if voice_to_text is not None:
        video["voice_to_text"] = voice_to_text
    return video


def make_comment(comment_id: int, *, video_id: int, text: str, created: datetime) -> dict[str, Any]:
    """A top-level comment object; its parent is its video, as on TikTok."""
    return {
        "id": comment_id,
        "video_id": video_id,
        "text": text,
        "like_count": 0,
        "reply_count": 0,
        "parent_comment_id": video_id,
        "create_time": int(created.timestamp()),
    }


@dataclass
class Failures:
    """Switchable failures; each number is how many of the next research requests it hits."""

    search_id_invalid: int = 0  # 400 "Search Id … is invalid or expired" on a valid id
    throttle: int = 0  # 429 rate_limit_exceeded, not counted against the quota
    throttle_retry_after: int | None = None  # Retry-After header on those 429s
    server_error: int = 0  # 500 internal_error, counted against the quota


@dataclass(frozen=True)
class Call:
    """One research request as the fake saw it, whatever the answer."""

    path: str
    fields: str | None
    body: Any
    status: int


class _Answer(Exception):
    """An error answer: the handler turns it into the API's nested error envelope."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def _invalid(message: str) -> _Answer:
    return _Answer(400, "invalid_params", message)


@dataclass
class FakeTikTok:
    videos: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    # username -> videos, per action ("liked", "reposted", "pinned")
    user_videos: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    hidden_ids: set[int] = field(default_factory=set)
    # (username, action) lists the owner keeps private. The spec does not say how TikTok
    # answers for one (unverified); this fake refuses with the one per-request refusal it
    # documents, a 400 invalid_params.
    private_lists: set[tuple[str, str]] = field(default_factory=set)
    client_key: str = "fake-client-key"
    client_secret: str = "fake-client-secret"
    token_ttl: int = 7200
    requests_per_day: int = 1000
    records_per_day: int = 100_000
    end_date_inclusive: bool = False
    clock: FakeClock = field(default_factory=FakeClock)
    failures: Failures = field(default_factory=Failures)
    # Seconds each research answer takes, outside the fake's lock: a real API's latency,
    # which gives tests a moment to kill a worker in the middle of a page.
    latency: float = 0.0

    def __post_init__(self) -> None:
        self.calls: list[Call] = []
        self.tokens_issued = 0
        self.requests_today = 0
        self.records_today = 0
        self._day: date | None = None
        self._tokens: dict[str, datetime] = {}
        self._searches: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- running ----------------------------------------------------------------------------

    def __enter__(self) -> FakeTikTok:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        # A short poll keeps shutdown (once per test) from costing half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "use the fake as a context manager"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def expire_searches(self) -> None:
        """Forget every search_id issued so far, as TikTok does after a while."""
        with self._lock:
            self._searches.clear()

    def revoke_tokens(self) -> None:
        """Make every issued token invalid now, whatever its expiry said."""
        with self._lock:
            self._tokens.clear()

    # --- dispatch ---------------------------------------------------------------------------

    def handle(
        self, path: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """(status, JSON answer, extra headers) for one POST."""
        url = urlsplit(path)
        if self.latency and url.path.startswith("/v2/research/"):
            time.sleep(self.latency)
        with self._lock:
            if url.path == "/v2/oauth/token/":
                return self._token(body)
            fields = parse_qs(url.query).get("fields", [None])[0]
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
            try:
                status, answer, extra = 200, self._research(url.path, headers, fields, payload), {}
            except _Answer as exc:
                status, extra = exc.status, exc.headers
                answer = {"error": self._error(exc.code, exc.message)}
            self.calls.append(Call(url.path, fields, payload, status))
            return status, answer, extra

    def _error(self, code: str, message: str) -> dict[str, str]:
        return {"code": code, "message": message, "log_id": f"2024{len(self.calls):010d}"}

    def _token(self, body: bytes) -> tuple[int, dict[str, Any], dict[str, str]]:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        sent = (form.get("client_key"), form.get("client_secret"), form.get("grant_type"))
        if sent != (self.client_key, self.client_secret, "client_credentials"):
            # Token errors are flat, unlike the research endpoints' nested `error`.
            flat = {"error": "invalid_client", "error_description": "Client key or secret"}
            return 401, flat | {"log_id": "20240000000000"}, {}
        token = f"clt.{secrets.token_hex(16)}"
        self._tokens[token] = self.clock() + timedelta(seconds=self.token_ttl)
        self.tokens_issued += 1
        answer = {"access_token": token, "expires_in": self.token_ttl, "token_type": "Bearer"}
        return 200, answer, {}

    def _research(
        self, path: str, headers: Mapping[str, str], fields: str | None, body: Any
    ) -> dict[str, Any]:
        self._check_token(headers.get("Authorization", ""))
        self._check_quota()
        if self.failures.throttle > 0:
            self.failures.throttle -= 1
            wait = self.failures.throttle_retry_after
            retry = {} if wait is None else {"Retry-After": str(wait)}
            raise _Answer(429, "rate_limit_exceeded", THROTTLE_MESSAGE, retry)
        self.requests_today += 1
        if self.failures.server_error > 0:
            self.failures.server_error -= 1
            raise _Answer(500, "internal_error", "Something went wrong")
        if not isinstance(body, dict):
            raise _invalid("The request body is not a JSON object")
        if path == "/v2/research/video/query/":
            data, key = self._video_query(body), "videos"
            wanted = _fields(fields, VIDEO_FIELDS)
        elif path == "/v2/research/video/comment/list/":
            data, key = self._comment_list(body), "comments"
            wanted = _fields(fields, COMMENT_FIELDS)
        elif path in _USER_VIDEO_KEYS:
            action, key = _USER_VIDEO_KEYS[path]
            data, wanted = self._user_videos(action, key, body), _fields(fields, USER_VIDEO_FIELDS)
        else:
            raise _Answer(404, "not_found", f"No such endpoint: {path}")
        data[key] = [{k: v for k, v in item.items() if k in wanted} for item in data[key]]
        self.records_today += len(data[key])
        return {"data": data, "error": self._error("ok", "")}

    def _check_token(self, authorization: str) -> None:
        token = authorization.removeprefix("Bearer ").strip()
        expires = self._tokens.get(token)
        if expires is None or self.clock() >= expires:
            raise _Answer(401, "access_token_invalid", "The access token is invalid or expired")

    def _check_quota(self) -> None:
        today = self.clock().date()
        if today != self._day:
            self._day, self.requests_today, self.records_today = today, 0, 0
        if self.requests_today >= self.requests_per_day or (
            self.records_today >= self.records_per_day
        ):
            raise _Answer(429, "rate_limit_exceeded", QUOTA_MESSAGE)

    # --- endpoints --------------------------------------------------------------------------

    def _video_query(self, body: dict[str, Any]) -> dict[str, Any]:
        query = _check_query(body.get("query"))
        start, end = (
            _day(body.get("start_date"), "start_date"),
            _day(body.get("end_date"), "end_date"),
        )
        if end < start or end - start > timedelta(days=30):
            raise _invalid("end_date must be no more than 30 days after start_date")
        max_count, cursor = _max_count(body, default=20), _cursor(body)
        key = json.dumps([query, body["start_date"], body["end_date"]], sort_keys=True)
        search_id = body.get("search_id")
        if search_id is None:
            results = [
                v for v in self.videos if self._in_window(v, start, end) and _matches(v, query)
            ]
            results.sort(key=lambda v: (-v["create_time"], v["id"]))
            search_id = str(7201388525814961000 + len(self._searches))
            self._searches[search_id] = (key, results)
        else:
            results = self._cached(str(search_id), key)
        return self._page(results, "videos", cursor, max_count) | {"search_id": search_id}

    def _cached(self, search_id: str, key: str) -> list[dict[str, Any]]:
        cached = self._searches.get(search_id)
        flaky = cached is not None and self.failures.search_id_invalid > 0
        if flaky:
            self.failures.search_id_invalid -= 1
        if cached is None or flaky:
            raise _invalid(f"Search Id {search_id} is invalid or expired")
        if cached[0] != key:
            raise _invalid("Paging must resend the query and dates of its search_id")
        return cached[1]

    def _in_window(self, video: dict[str, Any], start: date, end: date) -> bool:
        created = datetime.fromtimestamp(video["create_time"], UTC).date()
        return start <= created <= end if self.end_date_inclusive else start <= created < end

    def _comment_list(self, body: dict[str, Any]) -> dict[str, Any]:
        # Listing replies by comment_id (newer docs) is not something the client does.
        if "video_id" not in body or "comment_id" in body:
            raise _invalid("Send video_id")
        found = [c for c in self.comments if str(c["video_id"]) == str(body["video_id"])]
        return self._page(found, "comments", _cursor(body), _max_count(body, default=10))

    def _user_videos(self, action: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
        username = body.get("username")
        if not isinstance(username, str) or not username:
            raise _invalid("username is required")
        if (username, action) in self.private_lists:
            raise _invalid(f"The {action} videos of user {username} are private")
        found = self.user_videos.get(username, {}).get(action, [])
        if action == "pinned":
            if set(body) != {"username"}:
                raise _invalid("pinned_videos takes only a username")
            return {key: list(found)}
        return self._page(found, key, _cursor(body), _max_count(body, default=20))

    def _page(
        self, results: list[dict[str, Any]], key: str, cursor: int, max_count: int
    ) -> dict[str, Any]:
        if cursor > len(results):
            raise _invalid("Invalid count or cursor")
        window = results[cursor : cursor + max_count]
        shown = [item for item in window if item["id"] not in self.hidden_ids]
        after = cursor + len(window)
        return {key: shown, "cursor": after, "has_more": after < len(results)}


# --- request checks ------------------------------------------------------------------------


def _fields(fields: str | None, allowed: frozenset[str]) -> set[str]:
    wanted = set((fields or "").split(",")) - {""}
    if not wanted or wanted - allowed:
        raise _invalid(f"Invalid fields: {','.join(sorted(wanted - allowed)) or '(none)'}")
    return wanted


def _day(value: object, name: str) -> date:
    if not (isinstance(value, str) and len(value) == 8 and value.isdigit()):
        raise _invalid(f"{name} must be a YYYYMMDD string")
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise _invalid(f"{name} is not a date: {value}") from None


def _max_count(body: dict[str, Any], *, default: int) -> int:
    value = body.get("max_count", default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise _invalid("Invalid count or cursor")
    return value


def _cursor(body: dict[str, Any]) -> int:
    value = body.get("cursor", 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _invalid("Invalid count or cursor")
    return value


def _check_query(query: object) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(query, dict) or not any(query.get(k) for k in ("and", "or", "not")):
        raise _invalid("query needs a non-empty and, or or not list")
    for conditions in query.values():
        for condition in conditions if isinstance(conditions, list) else [None]:
            if not (
                isinstance(condition, dict)
                and condition.get("field_name") in QUERY_FIELDS
                and condition.get("operation") in OPERATIONS
                and isinstance(condition.get("field_values"), list)
                and condition["field_values"]
                and all(isinstance(v, str) for v in condition["field_values"])
            ):
                raise _invalid(f"Invalid query condition: {json.dumps(condition)}")
    return query


def _matches(video: dict[str, Any], query: dict[str, list[dict[str, Any]]]) -> bool:
    ands, ors, nots = (query.get(k) or [] for k in ("and", "or", "not"))
    return (
        all(_holds(video, c) for c in ands)
        and (not ors or any(_holds(video, c) for c in ors))
        and not any(_holds(video, c) for c in nots)
    )


def _holds(video: dict[str, Any], condition: dict[str, Any]) -> bool:
    name, operation = condition["field_name"], condition["operation"]
    wanted = [v.lower() for v in condition["field_values"]]
    if name == "keyword":
        text = str(video.get("video_description", "")).lower()
        return any(w in text for w in wanted)
    values = _values(video, name)
    if operation in ("EQ", "IN"):
        return any(v in wanted for v in values)
    compare = {"GT": str.__gt__, "GTE": str.__ge__, "LT": str.__lt__, "LTE": str.__le__}
    # Dates (YYYYMMDD) compare as strings; ids are padded so they do too.
    return any(compare[operation](v.zfill(20), wanted[0].zfill(20)) for v in values)


def _values(video: dict[str, Any], name: str) -> list[str]:
    if name == "create_date":
        return [f"{datetime.fromtimestamp(video['create_time'], UTC):%Y%m%d}"]
    if name == "hashtag_name":
        return [str(t).lower() for t in video.get("hashtag_names", [])]
    if name == "effect_id":
        return [str(e) for e in video.get("effect_ids", [])]
    if name == "video_length":
        seconds = video.get("video_duration")
        if seconds is None:
            return []
        bounds = ((15, "short"), (60, "mid"), (180, "long"))
        return [next((label for limit, label in bounds if seconds < limit), "extra_long")]
    source = "id" if name == "video_id" else name
    return [str(video.get(source, "")).lower()]


# --- HTTP ----------------------------------------------------------------------------------


def _handler(fake: FakeTikTok) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes; with Nagle on, each answer waits ~40 ms for
        # the client's delayed ACK.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, answer, extra = fake.handle(self.path, dict(self.headers.items()), body)
            encoded = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(encoded)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(encoded)

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: pytest shows failures, not access logs."""

    return Handler
