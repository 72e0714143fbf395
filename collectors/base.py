"""The one normalized shape every collector produces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# "news" items come from publishers' feeds rather than a social platform; they are matched and
# reviewed like posts, so they share the shape.
Platform = Literal["tiktok", "instagram", "news"]
PostKind = Literal["post", "comment", "article"]

# TikTok captions stop at 4,000 characters and Instagram's at 2,200; anything far beyond
# that is not a real caption and would only bloat storage and slow matching.
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class PostIn:
    """A post or comment as one collector saw it, before it touches the database.

    `raw` is the exact bytes received (one NDJSON line, one API item), kept for evidence;
    `raw_sha256` is its hex digest.
    """

    platform: Platform
    kind: PostKind
    external_id: str
    text: str
    raw: bytes
    collector: str
    collector_version: str
    collected_at: datetime
    permalink: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    author_external_id: str | None = None
    created_at: datetime | None = None
    parent_external_id: str | None = None
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    tagged: tuple[str, ...] = ()
    metrics: dict[str, int] = field(default_factory=dict)
    extra_text: str = ""

    @property
    def raw_sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


@dataclass(frozen=True, slots=True)
class LineError:
    """A capture line that could not become a PostIn: where it is and why."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class LineSkipped:
    """A valid line that is deliberately not imported (an ad, an unsupported platform)."""

    source: str
    line: int
    reason: str
