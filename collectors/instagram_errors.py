"""Instagram Graph API errors and usage headers, classified. Pure code.

Dispatch is on `error.code`, as the spec says (shared/specs/platforms.md section 2, "Errors and
throttling"): most failures arrive as 400 or 403 whatever their cause.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

# --- usage headers -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meter:
    """One usage reading. Values are percentages of a limit; throttling starts at 100."""

    call_count: int = 0
    total_cputime: int = 0
    total_time: int = 0

    @property
    def highest(self) -> int:
        return max(self.call_count, self.total_cputime, self.total_time)


@dataclass(frozen=True, slots=True)
class BusinessMeter(Meter):
    """A business-use-case reading, with the platform's estimate of when access returns."""

    business_id: str = ""
    type: str = ""
    regain_access_in: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True)
class Usage:
    """What `X-App-Usage` and `X-Business-Use-Case-Usage` said about one response."""

    app: Meter | None = None
    business: tuple[BusinessMeter, ...] = ()

    @property
    def highest_percent(self) -> int:
        """The meter closest to its limit, in percent; 0 when no header was sent."""
        meters = [*self.business, *([self.app] if self.app else [])]
        return max((m.highest for m in meters), default=0)

    @property
    def regain_access_in(self) -> timedelta | None:
        """The longest wait the business-use-case header announced, if any."""
        waits = [m.regain_access_in for m in self.business if m.regain_access_in > timedelta(0)]
        return max(waits, default=None)


NO_USAGE = Usage()


def parse_usage(headers: Mapping[str, str]) -> Usage:
    """The usage headers of a response. Unreadable headers count as absent: they only advise."""
    lowered = {key.lower(): value for key, value in headers.items()}
    app = _json_header(lowered.get("x-app-usage"))
    business = _json_header(lowered.get("x-business-use-case-usage"))
    return Usage(
        app=Meter(**_percents(app)) if isinstance(app, Mapping) else None,
        business=_business_meters(business) if isinstance(business, Mapping) else (),
    )


def _json_header(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _percents(reading: Mapping[str, Any]) -> dict[str, int]:
    names = ("call_count", "total_cputime", "total_time")
    return {name: _number(reading.get(name)) for name in names}


def _business_meters(header: Mapping[str, Any]) -> tuple[BusinessMeter, ...]:
    # {"<business-object-id>": [reading, ...], ...}
    return tuple(
        _business_meter(str(business_id), reading)
        for business_id, readings in header.items()
        if isinstance(readings, list)
        for reading in readings
        if isinstance(reading, Mapping)
    )


def _business_meter(business_id: str, reading: Mapping[str, Any]) -> BusinessMeter:
    minutes = _number(reading.get("estimated_time_to_regain_access"))
    kind = reading.get("type")
    return BusinessMeter(
        **_percents(reading),
        business_id=business_id,
        type=kind if isinstance(kind, str) else "",
        regain_access_in=timedelta(minutes=minutes),
    )


# --- errors --------------------------------------------------------------------------------


class GraphError(Exception):
    """A Graph API failure. The message is safe to log: it never holds the access token."""

    retryable: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        subcode: int | None = None,
        http_status: int | None = None,
        fbtrace_id: str | None = None,
        usage: Usage = NO_USAGE,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.subcode = subcode
        self.http_status = http_status
        self.fbtrace_id = fbtrace_id
        self.usage = usage


class ServerError(GraphError):
    """Graph failed or could not be reached; the same request may work later."""

    retryable = True


class Throttled(GraphError):
    """A rate limit was hit; `wait` is how long to leave this token or account alone."""

    retryable = True

    def __init__(self, message: str, *, wait: timedelta, **details: Any) -> None:
        super().__init__(message, **details)
        self.wait = wait


class TokenInvalid(GraphError):
    """The access token is invalid or revoked; a person has to issue a new one."""


class TokenExpired(TokenInvalid):
    """The access token has expired (code 190, subcode 463)."""


class PermissionDenied(GraphError):
    """The token or app lacks a permission or feature the call needs."""


class HashtagBudgetExhausted(GraphError):
    """The account has queried 30 unique hashtags in the last 7 days."""


class NotFound(GraphError):
    """The hashtag, account or object does not exist or is not visible to this app."""


class BadRequest(GraphError):
    """A parameter was wrong; repeating the request will not help."""


THROTTLE_CODES = frozenset({4, 17, 32, 613, 80002})
_TEMPORARILY_BLOCKED = 368
# Only `X-Business-Use-Case-Usage` says when access returns. The other meters cover a rolling
# hour, so a quarter of it lets usage fall back under the limit without idling for the whole
# hour; a block (368) is a penalty, not a meter, and gets the hour.
DEFAULT_THROTTLE_WAIT = timedelta(minutes=15)
BLOCKED_WAIT = timedelta(hours=1)

# Not in the spec, so marked unverified: third-party code reports code 24 for the 31st hashtag,
# Graph uses subcode 33 for "object does not exist", and business_discovery answers 110
# ("Invalid user id") for an unknown or non-professional username.
_HASHTAG_LIMIT_CODE = 24
_NO_SUCH_OBJECT_SUBCODE = 33
_UNKNOWN_USER_CODE = 110


def classify_error(
    http_status: int, body: bytes, headers: Mapping[str, str], *, hashtag_search: bool = False
) -> GraphError:
    """The typed error for a failed Graph response, dispatched on `error.code`, not on status.

    `hashtag_search` says the request was `ig_hashtag_search`, the only call that can exhaust
    the hashtag budget.
    """
    usage = parse_usage(headers)
    error = _error_object(body)
    if error is None:
        return _without_envelope(http_status, usage)
    code, subcode = _optional_int(error.get("code")), _optional_int(error.get("error_subcode"))
    trace = error.get("fbtrace_id")
    details: dict[str, Any] = {
        "code": code,
        "subcode": subcode,
        "http_status": http_status,
        "fbtrace_id": trace if isinstance(trace, str) else None,
        "usage": usage,
    }
    message = _describe(error, code, subcode)
    cls = _error_class(code, subcode, http_status, hashtag_search=hashtag_search)
    if cls is Throttled:
        return Throttled(message, wait=_throttle_wait(code, usage), **details)
    return cls(message, **details)


def _error_class(
    code: int | None, subcode: int | None, http_status: int, *, hashtag_search: bool
) -> type[GraphError]:
    if code in THROTTLE_CODES or code == _TEMPORARILY_BLOCKED:
        return Throttled
    if code == 190:
        return TokenExpired if subcode == 463 else TokenInvalid
    if code in (1, 2):
        return ServerError
    if code == _HASHTAG_LIMIT_CODE and hashtag_search:
        return HashtagBudgetExhausted
    if code == 10 or (code is not None and 200 <= code <= 299):
        return PermissionDenied
    if code == _UNKNOWN_USER_CODE or (code == 100 and subcode == _NO_SUCH_OBJECT_SUBCODE):
        return NotFound
    if code == 100:
        return BadRequest
    return ServerError if http_status >= 500 else GraphError


def _throttle_wait(code: int | None, usage: Usage) -> timedelta:
    announced = usage.regain_access_in
    if announced is not None:
        return announced
    return BLOCKED_WAIT if code == _TEMPORARILY_BLOCKED else DEFAULT_THROTTLE_WAIT


def _without_envelope(http_status: int, usage: Usage) -> GraphError:
    # A proxy or load balancer answered, not Graph: only the status is left to go on.
    message = f"HTTP {http_status} without a Graph error object"
    if http_status == 429:
        return Throttled(message, wait=DEFAULT_THROTTLE_WAIT, http_status=429, usage=usage)
    if http_status == 404:
        return NotFound(message, http_status=404, usage=usage)
    cls = ServerError if http_status >= 500 else GraphError
    return cls(message, http_status=http_status, usage=usage)


def _error_object(body: bytes) -> Mapping[str, Any] | None:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    error = document.get("error") if isinstance(document, Mapping) else None
    return error if isinstance(error, Mapping) else None


def _describe(error: Mapping[str, Any], code: int | None, subcode: int | None) -> str:
    message = error.get("message")
    text = message.strip() if isinstance(message, str) and message.strip() else "no message"
    if len(text) > 300:
        text = text[:299] + "…"
    kind = f"code {code}" + (f", subcode {subcode}" if subcode is not None else "")
    return f"Graph API error ({kind}): {text}"


def _number(value: object) -> int:
    """A header number as a whole non-negative int; anything else reads as 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return round(value) if math.isfinite(value) and value > 0 else 0


def _optional_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
