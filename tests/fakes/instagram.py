"""A local fake of the Instagram Graph API, from shared/specs/platforms.md section 2.

Real HTTP on 127.0.0.1 and a free port:

    with FakeInstagram() as fake:
        tag_id = fake.add_hashtag("netralitasasn", [make_media(1, caption="… #NetralitasASN")])
        client = InstagramClient(base_url=fake.base_url, access_token=fake.access_token,
                                 ig_user_id=fake.user_id, now=fake.clock)

What it reproduces, as the spec's "Test fakes" list asks:
- `ig_hashtag_search` gives every name a stable id and keeps a rolling 7-day ledger per
  `user_id`: a repeat neither counts again nor resets its time, and the 31st new tag fails.
- `recent_media` returns the last 24 hours (by `clock`), pages of at most 50, the same `after`
  on every page (the fake remembers each hashtag's position, as Graph must), no `next` at the end.
- `business_discovery` pages with nested `media.after(…)` cursors; unknown accounts fail.
- Media without `like_count` (hidden likes) and videos without `media_url`.
- Usage headers that climb towards 100 with every call; past 100, code 4 (app) or 80002
  (business use case, with `estimated_time_to_regain_access`). `failures` scripts other codes.
- An expired token (`token_expires_at`) gets code 190 / subcode 463; a wrong one code 190.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import threading
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakes.serving import FakeClock, Request, Response, serve

API_VERSION = "v25.0"
MAX_PAGE = 50
HASHTAG_BUDGET = 30
BUDGET_WINDOW = timedelta(days=7)
RECENT_WINDOW = timedelta(hours=24)
APP_WINDOW = timedelta(hours=1)
BUSINESS_WINDOW = timedelta(hours=24)
ACCOUNT_PAGE = 25

_NAME = re.compile(r"[^.({]+")
_AFTER = re.compile(r"\.after\(([^)]*)\)")
_LIMIT = re.compile(r"\.limit\((\d+)\)")


def make_media(
    number: int,
    *,
    caption: str | None = "",
    posted: datetime = datetime(2024, 10, 1, 8, tzinfo=UTC),
    media_type: str = "IMAGE",
    likes: int | None = 10,
    comments: int = 1,
    licensed_audio: bool = False,
) -> dict[str, Any]:
    """One media object as Graph describes it; `likes=None` hides the like count."""
    shortcode = f"C{number:010d}"
    media: dict[str, Any] = {
        "id": str(17_900_000_000_000_000 + number),
        "caption": caption,
        "media_type": media_type,
        "permalink": f"https://www.instagram.com/p/{shortcode}/",
        "timestamp": posted.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        "like_count": likes,
        "comments_count": comments,
        "media_url": f"https://scontent.cdninstagram.com/{shortcode}.jpg",
    }
    if caption is None:
        del media["caption"]
    if likes is None:
        del media["like_count"]
    if media_type == "VIDEO" and licensed_audio:
        del media["media_url"]
    if media_type == "CAROUSEL_ALBUM":
        media["children"] = {
            "data": [{"id": f"{media['id']}{i}", "media_type": "IMAGE"} for i in (1, 2)]
        }
    return media


def hashtag_id_for(name: str) -> str:
    """The id Graph would give `name`: the same for every app, forever."""
    digest = int(hashlib.sha256(name.lower().encode()).hexdigest()[:12], 16)
    return str(17_840_000_000_000_000 + digest % 10**15)


@dataclass
class Failures:
    """Scripted failures; each count is how many of the next requests it hits."""

    throttle: int = 0
    throttle_code: int = 613  # 4, 17, 32, 613, 80002, 368 as the spec lists
    throttle_regain_minutes: int | None = None  # sent in X-Business-Use-Case-Usage
    server_error: int = 0  # code 2, HTTP 500: "retry later"


@dataclass(frozen=True)
class Call:
    """One request as the fake saw it, whatever the answer."""

    path: str
    query: dict[str, str]
    status: int


@dataclass
class Account:
    id: str
    media: list[dict[str, Any]]
    followers_count: int = 1000


class _Answer(Exception):
    """A Graph error object to send."""

    def __init__(self, status: int, code: int, message: str, subcode: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.subcode = status, code, message, subcode


@dataclass
class FakeInstagram:
    access_token: str = "fake-instagram-token"
    user_id: str = "17841400000000001"
    clock: FakeClock = field(default_factory=FakeClock)
    token_expires_at: datetime | None = None
    app_calls_per_hour: int = 200
    business_calls_per_day: int = 4800
    failures: Failures = field(default_factory=Failures)

    def __post_init__(self) -> None:
        self.calls: list[Call] = []
        self.hashtags: dict[str, list[dict[str, Any]]] = {}  # id -> media
        self.hashtag_names: dict[str, str] = {}  # id -> name
        self.accounts: dict[str, Account] = {}  # lower-case username -> account
        self.ledger: dict[str, dict[str, datetime]] = {}  # user id -> hashtag id -> first search
        self._positions: dict[str, int] = {}  # hashtag id -> next media index
        self._app_calls: list[datetime] = []
        self._business_calls: list[datetime] = []
        self._lock = threading.Lock()
        self._stack = ExitStack()
        self._base: str | None = None

    # --- seeding ------------------------------------------------------------------------

    def add_hashtag(self, name: str, media: Iterable[dict[str, Any]]) -> str:
        """Media tagged `name`; returns the hashtag id."""
        hashtag_id = hashtag_id_for(name)
        self.hashtags[hashtag_id] = list(media)
        self.hashtag_names[hashtag_id] = name.lower()
        return hashtag_id

    def add_account(self, username: str, media: Iterable[dict[str, Any]]) -> Account:
        """A Business or Creator account whose media business discovery can see."""
        number = len(self.accounts) + 1
        account = Account(id=str(17_841_500_000_000_000 + number), media=list(media))
        self.accounts[username.lower()] = account
        return account

    # --- running ------------------------------------------------------------------------

    def __enter__(self) -> FakeInstagram:
        self._base = self._stack.enter_context(serve(self.handle))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    @property
    def base_url(self) -> str:
        assert self._base is not None, "use the fake as a context manager"
        return f"{self._base}/{API_VERSION}"

    def handle(self, request: Request) -> Response:
        with self._lock:
            headers: dict[str, str] = {}
            try:
                self._check_token(request.query.get("access_token"))
                self._meter(headers)
                status, answer = 200, self._route(request.path, request.query)
            except _Answer as error:
                status, answer = error.status, _error_object(error)
            self.calls.append(Call(request.path, dict(request.query), status))
            headers["Content-Type"] = "application/json; charset=UTF-8"
            return Response(status, json.dumps(answer, ensure_ascii=False).encode(), headers)

    # --- checks -------------------------------------------------------------------------

    def _check_token(self, token: str | None) -> None:
        if token != self.access_token:
            raise _Answer(400, 190, "Invalid OAuth access token - Cannot parse access token")
        if self.token_expires_at is not None and self.clock() >= self.token_expires_at:
            raise _Answer(400, 190, "Error validating access token: Session has expired", 463)

    def _meter(self, headers: dict[str, str]) -> None:
        """Count the call, set the usage headers, and throttle as Graph would."""
        now = self.clock()
        self._app_calls = [t for t in self._app_calls if now - t < APP_WINDOW]
        self._business_calls = [t for t in self._business_calls if now - t < BUSINESS_WINDOW]
        app = _percent(len(self._app_calls), self.app_calls_per_hour)
        business = _percent(len(self._business_calls), self.business_calls_per_day)
        regain = 0
        if business >= 100:
            regain = math.ceil(
                (self._business_calls[0] + BUSINESS_WINDOW - now).total_seconds() / 60
            )
        if self.failures.throttle and self.failures.throttle_regain_minutes is not None:
            regain = self.failures.throttle_regain_minutes
        headers["X-App-Usage"] = json.dumps(
            {"call_count": app, "total_cputime": app // 2, "total_time": app // 2}
        )
        headers["X-Business-Use-Case-Usage"] = json.dumps(
            {
                self.user_id: [
                    {
                        "type": "instagram",
                        "call_count": business,
                        "total_cputime": business // 2,
                        "total_time": business // 2,
                        "estimated_time_to_regain_access": regain,
                    }
                ]
            }
        )
        if self.failures.throttle:
            self.failures.throttle -= 1
            raise _Answer(
                400,
                self.failures.throttle_code,
                _THROTTLE_MESSAGES.get(
                    self.failures.throttle_code, "Calls to this api have exceeded the rate limit."
                ),
            )
        if app >= 100:
            raise _Answer(403, 4, _THROTTLE_MESSAGES[4])
        if business >= 100:
            raise _Answer(400, 80002, _THROTTLE_MESSAGES[80002])
        if self.failures.server_error:
            self.failures.server_error -= 1
            raise _Answer(
                500, 2, "An unexpected error has occurred. Please retry your request later."
            )
        self._app_calls.append(now)
        self._business_calls.append(now)

    # --- endpoints ----------------------------------------------------------------------

    def _route(self, path: str, query: dict[str, str]) -> dict[str, Any]:
        parts = path.strip("/").split("/")
        if parts[0] != API_VERSION:
            raise _Answer(400, 2500, f"Unknown path components: {path}")
        match parts[1:]:
            case ["ig_hashtag_search"]:
                return self._hashtag_search(query)
            case [hashtag_id, "recent_media"] if hashtag_id in self.hashtags:
                return self._recent_media(hashtag_id, query)
            case [node] if node == self.user_id and "business_discovery" in query.get("fields", ""):
                return self._business_discovery(query["fields"])
            case [hashtag_id] if hashtag_id in self.hashtag_names:
                return {"id": hashtag_id, "name": self.hashtag_names[hashtag_id]}
        raise _Answer(
            400,
            100,
            "Unsupported get request. Object with ID does not exist, cannot be loaded due to "
            "missing permissions, or does not support this operation.",
            33,
        )

    def _hashtag_search(self, query: dict[str, str]) -> dict[str, Any]:
        user_id, name = query.get("user_id"), (query.get("q") or "").strip()
        if user_id != self.user_id or not name:
            raise _Answer(400, 100, "(#100) The parameter user_id and q are required")
        hashtag_id = hashtag_id_for(name)
        now = self.clock()
        searched = {
            tag: first
            for tag, first in self.ledger.get(user_id, {}).items()
            if now - first < BUDGET_WINDOW
        }
        if hashtag_id not in searched:
            if len(searched) >= HASHTAG_BUDGET:
                raise _Answer(
                    400, 24, "(#24) The number of unique hashtags queried in 7 days exceeds 30"
                )
            searched[hashtag_id] = now
        self.ledger[user_id] = searched
        self.hashtag_names.setdefault(hashtag_id, name.lower())
        self.hashtags.setdefault(hashtag_id, [])
        return {"data": [{"id": hashtag_id}]}

    def _recent_media(self, hashtag_id: str, query: dict[str, str]) -> dict[str, Any]:
        if query.get("user_id") != self.user_id:
            raise _Answer(400, 100, "(#100) The parameter user_id is required")
        names = _field_names(query.get("fields", "id"))
        if "username" in names:
            raise _Answer(400, 100, "(#100) Tried accessing nonexisting field (username)")
        since = self.clock() - RECENT_WINDOW
        media = [m for m in self.hashtags[hashtag_id] if _posted(m) > since]
        # One cursor value for every page, as the spec warns; where to go on is Graph's secret.
        cursor = _cursor(f"recent:{hashtag_id}")
        if query.get("after") not in (None, cursor):
            raise _Answer(400, 100, "(#100) The after parameter is not a valid cursor")
        start = self._positions.get(hashtag_id, 0) if "after" in query else 0
        end = start + min(int(query.get("limit") or 25), MAX_PAGE)
        self._positions[hashtag_id] = end
        page: dict[str, Any] = {
            "data": [_select(m, names) for m in media[start:end]],
            "paging": {"cursors": {"after": cursor}},
        }
        if end < len(media):
            page["paging"]["next"] = (
                f"https://graph.facebook.com/{API_VERSION}/{hashtag_id}/recent_media"
                f"?user_id={self.user_id}&limit={end - start}&after={cursor}"
            )
        return page

    def _business_discovery(self, fields: str) -> dict[str, Any]:
        match = re.fullmatch(r"business_discovery\.username\(([^)]*)\)\{(.*)\}", fields)
        if not match:
            raise _Answer(400, 100, "(#100) Syntax error in fields")
        username, inner = match.groups()
        account = self.accounts.get(username.lower())
        if account is None:
            raise _Answer(400, 110, "Invalid user id", 2207013)
        found: dict[str, Any] = {"id": account.id}
        for part in _split(inner):
            name = _NAME.match(part)
            if name and name.group() == "media":
                found["media"] = self._account_media(username.lower(), account, part)
            elif name and name.group() in ("followers_count", "media_count", "username"):
                found[name.group()] = {
                    "followers_count": account.followers_count,
                    "media_count": len(account.media),
                    "username": username.lower(),
                }[name.group()]
        return {"business_discovery": found, "id": self.user_id}

    def _account_media(self, username: str, account: Account, part: str) -> dict[str, Any]:
        after = _AFTER.search(part)
        limit = _LIMIT.search(part)
        names = _field_names(part[part.index("{") + 1 : -1]) if "{" in part else {"id"}
        start = _offset(after.group(1), username) if after else 0
        end = start + min(int(limit.group(1)) if limit else ACCOUNT_PAGE, MAX_PAGE)
        cursors = {"before": _cursor(f"{username}:{start}")}
        if end < len(account.media):
            cursors["after"] = _cursor(f"{username}:{end}")
        return {
            "data": [_select(m, names) for m in account.media[start:end]],
            "paging": {"cursors": cursors},
        }


_THROTTLE_MESSAGES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
    80002: "(#80002) There have been too many calls to this Instagram account.",
    368: "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
}


def _error_object(error: _Answer) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message": error.message,
        "type": "OAuthException",
        "code": error.code,
        "fbtrace_id": "AbCdEfGhIjK",
    }
    if error.subcode is not None:
        body["error_subcode"] = error.subcode
    return {"error": body}


def _percent(calls: int, limit: int) -> int:
    return min(100, math.ceil(100 * calls / limit))


def _posted(media: dict[str, Any]) -> datetime:
    return datetime.strptime(media["timestamp"], "%Y-%m-%dT%H:%M:%S%z")


def _cursor(state: str) -> str:
    return "QVFI" + base64.urlsafe_b64encode(state.encode()).decode().rstrip("=")


def _offset(cursor: str, username: str) -> int:
    try:
        padded = cursor.removeprefix("QVFI") + "=" * (-len(cursor) % 4)
        name, offset = base64.urlsafe_b64decode(padded).decode().rsplit(":", 1)
    except ValueError:
        name, offset = "", ""
    if name != username or not offset.isdigit():
        raise _Answer(400, 100, "(#100) The after parameter is not a valid cursor")
    return int(offset)


def _split(fields: str) -> list[str]:
    """Top-level comma-separated parts of a Graph `fields` value."""
    parts, depth, current = [], 0, ""
    for char in fields:
        depth += (char in "({") - (char in ")}")
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current] if current else parts


def _field_names(fields: str) -> set[str]:
    return {m.group() for part in _split(fields) if (m := _NAME.match(part.strip()))}


def _select(media: dict[str, Any], names: set[str]) -> dict[str, Any]:
    # Graph returns only what was asked for, and omits what it does not have.
    return {key: value for key, value in media.items() if key in names}
