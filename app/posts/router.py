"""Partner REST API over flagged posts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from app.auth import service as auth_service
from app.dependencies import AppSettings, DbSession, PartnerKey
from app.errors import NotFound
from app.posts import service as post_service
from app.posts.schemas import FlagPage, PostRead

router = APIRouter(prefix="/api/v1", tags=["flags"])


@router.get("/flags", response_model=FlagPage)
def list_flags(
    session: DbSession,
    settings: AppSettings,
    key: PartnerKey,
    region: Annotated[str | None, Query(description="Kemendagri code; 32 covers 32.75")] = None,
    election: Annotated[int | None, Query(description="election id")] = None,
    since: Annotated[datetime | None, Query(description="post time ≥ this (with zone)")] = None,
    until: Annotated[datetime | None, Query(description="post time < this (with zone)")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1)] = 50,
) -> FlagPage:
    """Flagged posts where a neutral-duty actor meets partisan content, newest first."""
    auth_service.require_scope(key, "flags:read")
    filters = post_service.FlagFilters(region, election, since, until, min_score)
    items, next_cursor = post_service.list_flags(
        session=session, filters=filters, cursor=cursor, limit=min(limit, settings.api_page_max)
    )
    return FlagPage(items=items, next_cursor=next_cursor)


@router.get("/posts/{post_id}", response_model=PostRead)
def get_post(post_id: int, session: DbSession, key: PartnerKey) -> PostRead:
    """One stored post; a key with only flags:read sees flagged posts only."""
    auth_service.require_scope(key, "posts:read", "flags:read")
    post = post_service.get_post(session=session, post_id=post_id)
    if "posts:read" not in key.scopes and post.review is None:
        raise NotFound(f"post {post_id} not found")
    return post
