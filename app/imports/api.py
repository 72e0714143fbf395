"""Zeeschuimer's 4CAT endpoints: upload a capture, poll its import.

Point Zeeschuimer's "4CAT server" setting at Pantau and its "to 4CAT" button posts the export
here; see README, "Browser captures from Zeeschuimer".
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request

from app.db import utcnow
from app.dependencies import AppSettings, DbSession
from app.imports import service as import_service
from app.imports import upload
from app.imports.auth import PLATFORM_HEADER, CurrentUploader, Uploader
from app.imports.runner import run_import
from app.imports.schemas import ImportQueued, ImportStatus, status_of

router = APIRouter(prefix="/api", tags=["imports"])


def _platform(request: Request) -> str:
    return import_service.check_platform(request.headers.get(PLATFORM_HEADER))


def _within_rate(session: DbSession, uploader: CurrentUploader) -> Uploader:
    try:
        import_service.check_rate(session=session, uploader=uploader, now=utcnow())
    except import_service.TooManyUploads as exc:
        raise HTTPException(429, exc.message,
                            headers={"Retry-After": str(exc.retry_after)}) from None
    # The body may take minutes to arrive; no transaction (on SQLite, no write lock taken by
    # the login's bookkeeping) may stay open that long.
    session.commit()
    return uploader


async def _received(
    request: Request, settings: AppSettings,
    _uploader: Annotated[Uploader, Depends(_within_rate)],
) -> upload.Received:
    return await upload.receive(request, settings.var_dir / "uploads")


def _status_url(request: Request, key: str) -> str:
    return str(request.url_for("check_query")) + "?" + urlencode({"key": key})


# The body is read as a stream, not declared as a parameter; this documents it.
_NDJSON_BODY = {"requestBody": {"required": True, "content": {
    "application/x-ndjson": {"schema": {"type": "string", "format": "binary"}}}}}


@router.post("/import-dataset/", response_model=ImportQueued, openapi_extra=_NDJSON_BODY)
def import_dataset(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    uploader: CurrentUploader,
    platform: Annotated[str, Depends(_platform)],
    received: Annotated[upload.Received, Depends(_received)],
    background: BackgroundTasks,
) -> ImportQueued:
    """Upload a Zeeschuimer NDJSON export (raw body, X-Zeeschuimer-Platform); poll its key."""
    try:
        job = import_service.create_job(session=session, uploader=uploader, platform=platform,
                                        received=received, now=utcnow())
    except BaseException:
        received.path.unlink(missing_ok=True)
        raise
    # Background tasks run after the reply, and so after the request's commit: the job's row
    # is there for the import (and for the first poll) to find.
    background.add_task(run_import, factory=request.app.state.session_factory, job_id=job.id,
                        path=received.path, settings=settings)
    return ImportQueued(status="queued", key=job.key, url=_status_url(request, job.key))


@router.get("/check-query/", response_model=ImportStatus)
def check_query(
    request: Request,
    session: DbSession,
    uploader: CurrentUploader,
    key: Annotated[str, Query(min_length=1, max_length=64, description="the upload's key")],
) -> ImportStatus:
    """How an upload's import is going: done, rows stored, counts and line errors."""
    job = import_service.get_for(session=session, key=key, uploader=uploader)
    return status_of(job, url=_status_url(request, key), now=utcnow())
