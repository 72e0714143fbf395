"""TikTok Research API errors: the typed exceptions and how an error answer maps to one.

Codes, statuses and the client action for each are those of shared/specs/platforms.md
section 1 ("Errors"), including the problems seen in practice: one 429 for throttling and for
the spent daily quota, and a 400 "search_id invalid or expired" worth retrying.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

# "Search Id 7201388525814961198 is invalid or expired": a 400 the API also returns for ids it
# has just issued; the spec says to retry it.
_SEARCH_ID_INVALID = re.compile(r"search[ _]?id\b.*\binvalid or expired", re.IGNORECASE)


class TikTokError(Exception):
    """An error answer from the API: `code` is its `error.code`, `status` the HTTP status."""

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        log_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.log_id = log_id


class AuthFailed(TikTokError):
    """The token endpoint refused the client key or secret: fix the configuration."""


class NotAuthorized(TikTokError):
    """The project lacks the research scope: fatal until TikTok approves it."""


class InvalidToken(TikTokError):
    """The access token expired or was revoked (the API does not say which): get a new one."""


class RateLimited(TikTokError):
    """HTTP 429. `retry_after` is the wait in seconds when the platform gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class QuotaExceeded(RateLimited):
    """The daily quota is used up; it comes back at `resets_at` (00:00 UTC)."""

    def __init__(self, message: str, *, resets_at: datetime, now: datetime, **kw: Any) -> None:
        super().__init__(message, retry_after=(resets_at - now).total_seconds(), **kw)
        self.resets_at = resets_at


class BadRequest(TikTokError):
    """HTTP 400 `invalid_params`: the request is wrong and resending it will not help."""


class SearchIdInvalid(BadRequest):
    """The flaky "Search Id … is invalid or expired": resend the same request after a pause."""


class ServerError(TikTokError):
    """HTTP 5xx or no usable answer: retry later (a 500 still used up quota)."""


def classify_error(
    status: int,
    body: bytes,
    *,
    now: datetime,
    headers: Mapping[str, str] | None = None,
) -> TikTokError:
    """The typed exception for an error answer from a research or token endpoint."""
    code, message, log_id = error_fields(json_object(body))
    kw: dict[str, Any] = {"code": code, "status": status, "log_id": log_id}
    message = message or code or f"HTTP {status}"
    if code == "access_token_invalid":
        return InvalidToken(message, **kw)
    if code in ("scope_not_authorized", "scope_permission_missed"):
        return NotAuthorized(message, **kw)
    if code == "rate_limit_exceeded" or status == 429:
        # One 429 code covers throttling and the spent daily quota; only the message differs.
        if "quota" in message.lower():
            return QuotaExceeded(message, resets_at=next_quota_reset(now), now=now, **kw)
        return RateLimited(message, retry_after=_retry_after(headers or {}, now), **kw)
    if code == "invalid_params" or status == 400:
        if _SEARCH_ID_INVALID.search(message):
            return SearchIdInvalid(message, **kw)
        return BadRequest(message, **kw)
    if code == "internal_error" or status >= 500:
        return ServerError(message, **kw)
    if status == 401:
        return InvalidToken(message, **kw)
    return TikTokError(message, **kw)


def next_quota_reset(now: datetime) -> datetime:
    """The next 00:00 UTC, when the daily request and record quotas start again."""
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), UTC)


def error_fields(envelope: Mapping[str, Any]) -> tuple[str | None, str, str | None]:
    """(code, message, log_id) of an answer's error, nested or flat; Nones when it has none."""
    error = envelope.get("error")
    if isinstance(error, Mapping):
        return _string(error.get("code")), str(error.get("message") or ""), _log_id(error)
    # The token endpoint flattens its error: {"error": "...", "error_description": "..."}.
    if isinstance(error, str):
        return error, str(envelope.get("error_description") or ""), _log_id(envelope)
    return None, "", None


def _log_id(holder: Mapping[str, Any]) -> str | None:
    return _string(holder.get("log_id"))


def _string(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _retry_after(headers: Mapping[str, str], now: datetime) -> float | None:
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" means UTC with no zone named
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def json_object(body: bytes | str) -> Mapping[str, Any]:
    """The answer as a JSON object; empty when it is anything else."""
    # Proxies answer 502s with HTML; an answer that is not a JSON object carries no envelope.
    try:
        value = json.loads(body)
    except ValueError:
        return {}
    return value if isinstance(value, Mapping) else {}
