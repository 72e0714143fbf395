"""The kinds of source and the parameters each takes. Pure: strings in, typed values out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.errors import Invalid

_EVERY = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Below a minute a schedule hammers the platforms and burns the daily quota for nothing.
MIN_EVERY_SECONDS = 60
MAX_DAYS_BACK = 365


@dataclass(frozen=True, slots=True)
class Kind:
    lists: tuple[str, ...] = ()  # comma-separated parameters
    required_any: tuple[str, ...] = ()  # at least one of these must be given
    text: tuple[str, ...] = ()
    integers: Mapping[str, tuple[int, int, int]] | None = None  # name -> (default, low, high)

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.lists, *self.text, *(self.integers or {}))


KINDS: Mapping[str, Kind] = {
    "tiktok_query": Kind(lists=("keywords", "hashtags", "usernames"),
                         required_any=("keywords", "hashtags", "usernames"),
                         integers={"days_back": (7, 1, MAX_DAYS_BACK)}),
    "tiktok_comments": Kind(integers={"days_back": (7, 1, MAX_DAYS_BACK)}),
    "tiktok_user_activity": Kind(lists=("usernames",), required_any=("usernames",)),
    "instagram_hashtag": Kind(lists=("hashtags",), required_any=("hashtags",)),
    "instagram_account": Kind(lists=("usernames",), required_any=("usernames",)),
    "rss_feed": Kind(text=("url",), required_any=("url",)),
}


def parse_every(text: str, *, minimum: int = MIN_EVERY_SECONDS, option: str = "--every") -> int:
    """'15m' -> 900 seconds."""
    match = _EVERY.match(text or "")
    if not match:
        raise Invalid(f"{option}: write a number and a unit, like 30s, 15m, 6h or 1d "
                      f"(got {text!r})")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < minimum:
        raise Invalid(f"{option}: at least {format_every(minimum)} (got {text!r})")
    return seconds


def format_every(seconds: int) -> str:
    for unit in ("d", "h", "m"):
        if seconds % _UNIT_SECONDS[unit] == 0:
            return f"{seconds // _UNIT_SECONDS[unit]}{unit}"
    return f"{seconds}s"


def _handle(value: str) -> str:
    return value.strip().lstrip("@#").strip()


def parse_params(kind: str, raw: Mapping[str, str]) -> dict[str, Any]:
    """Validate `--param KEY=VALUE` pairs for a kind; every error names the parameter."""
    if kind not in KINDS:
        raise Invalid(f"--kind: unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    spec = KINDS[kind]
    unknown = sorted(set(raw) - set(spec.names))
    if unknown:
        allowed = ", ".join(spec.names) or "none"
        raise Invalid(f"--param {unknown[0]}: not a parameter of {kind} (it takes: {allowed})")
    params: dict[str, Any] = {}
    for name in spec.lists:
        values = [_handle(v) for v in raw.get(name, "").split(",")]
        if values := list(dict.fromkeys(v for v in values if v)):
            params[name] = values
    for name in spec.text:
        if raw.get(name, "").strip():
            params[name] = raw[name].strip()
    for name, (default, low, high) in (spec.integers or {}).items():
        value = raw.get(name, str(default)).strip()
        if not value.isdigit() or not low <= int(value) <= high:
            raise Invalid(f"--param {name}: a whole number from {low} to {high} (got {value!r})")
        params[name] = int(value)
    if spec.required_any and not any(name in params for name in spec.required_any):
        raise Invalid(f"{kind} needs --param {' or '.join(f'{n}=…' for n in spec.required_any)}")
    if "url" in params and not re.match(r"^https?://", params["url"]):
        raise Invalid(f"--param url: an http(s) address (got {params['url']!r})")
    return params
