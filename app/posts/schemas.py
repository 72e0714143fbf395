from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuthorRead(BaseModel):
    handle: str | None
    name: str | None


class MatchSpan(BaseModel):
    how: str = Field(description="author, mention, tag, name, alias, honorific, ballot_number, "
                     "slogan or hashtag")
    field: str = Field(description="where it was found: author, text, extra_text, mentions, "
                       "tags, hashtags")
    span: tuple[int, int] | None = Field(description="[start, end) in that field's text")
    matched: str


class ActorRead(MatchSpan):
    person_id: int
    name: str
    employment: str
    position: str | None
    agency: str | None
    region_code: str


class ElectionRead(BaseModel):
    id: int
    name: str
    office: str
    region_code: str
    year: int


class CandidateMatchRead(MatchSpan):
    candidate_id: int
    name: str
    ballot_number: int | None
    election: ElectionRead


class ClassificationRead(BaseModel):
    label: str
    score: float
    probabilities: dict[str, float]
    explanation: dict[str, Any]
    model_version: str
    classified_at: datetime


class ReviewRead(BaseModel):
    id: int
    status: str
    priority: float
    flagged_at: datetime


class PostRead(BaseModel):
    id: int
    platform: str
    kind: str
    external_id: str
    permalink: str | None
    author: AuthorRead
    text: str
    extra_text: str
    hashtags: list[str]
    created_at: datetime | None
    collected_at: datetime
    last_seen_at: datetime
    metrics: dict[str, int]
    actors: list[ActorRead]
    candidates: list[CandidateMatchRead]
    classification: ClassificationRead | None
    review: ReviewRead | None
    revisions: int = Field(description="earlier captions kept after edits")
    raw_sha256: str
    collector: str
    collector_version: str


class FlagRead(PostRead):
    """A flagged post: label, score and explanation are never empty here."""

    label: str
    score: float
    explanation: dict[str, Any]
    model_version: str
    review_status: str


class FlagPage(BaseModel):
    items: list[FlagRead]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null at end")
