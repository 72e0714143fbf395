"""Readings of platform values that every collector needs the same way."""

from __future__ import annotations

import math


def count(value: object) -> int | None:
    """A like/view/comment count as sent (int, integral float or digits), None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and math.isfinite(value) and value >= 0 and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def tiktok_video_url(handle: str | None, video_id: str) -> str:
    # TikTok resolves an empty handle ("/@/video/<id>") to the right video.
    return f"https://www.tiktok.com/@{handle or ''}/video/{video_id}"
