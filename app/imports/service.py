"""Browser-capture uploads: which platforms, how often, the job row and who may see it."""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import Invalid, NotFound, PantauError
from app.imports.auth import PLATFORM_HEADER, Uploader
from app.imports.models import ImportJob
from app.imports.upload import Received
from collectors.zeeschuimer import SUPPORTED_PLATFORMS

# What each Zeeschuimer module id becomes in the parser: (PostIn.platform, PostIn.kind).
EXPECTED_ITEMS: dict[str, tuple[str, str]] = {
    "tiktok.com": ("tiktok", "post"),
    "tiktok-comments": ("tiktok", "comment"),
    "instagram.com": ("instagram", "post"),
}
# As 4CAT allows; an upload is a whole browsing session's export, so more is a runaway script.
RATE_LIMIT = 5
RATE_WINDOW = timedelta(minutes=1)


class TooManyUploads(PantauError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def check_platform(header: str | None) -> str:
    """The upload's platform from its X-Zeeschuimer-Platform header; a missing one is a 400,
    an unsupported one a 404, each naming the header."""
    supported = ", ".join(SUPPORTED_PLATFORMS)
    if header is None or not header.strip():
        raise Invalid(f"missing the {PLATFORM_HEADER} header: name the export's platform "
                      f"({supported}), as Zeeschuimer does", status_code=400)
    platform = header.strip()
    if platform not in SUPPORTED_PLATFORMS:
        # 4CAT's wording and status: Zeeschuimer tells the user "does not accept … datasets"
        # only for a 404.
        raise Invalid(f"Unknown platform or source format {platform[:60]!r} in the "
                      f"{PLATFORM_HEADER} header; Pantau imports {supported}", status_code=404)
    return platform


def _by_uploader(uploader: Uploader) -> ColumnElement[bool]:
    if uploader.user is not None:
        return ImportJob.user_id == uploader.user.id
    assert uploader.api_key is not None
    return ImportJob.api_key_id == uploader.api_key.id


def check_rate(*, session: Session, uploader: Uploader, now: datetime) -> None:
    """TooManyUploads when the uploader started RATE_LIMIT uploads in the last RATE_WINDOW.

    Counted in the database, so the limit holds across processes and replicas.
    """
    recent = session.scalars(
        select(ImportJob.created_at)
        .where(_by_uploader(uploader), ImportJob.created_at > now - RATE_WINDOW)
        .order_by(ImportJob.created_at)
    ).all()
    if len(recent) < RATE_LIMIT:
        return
    # The next upload is allowed once the oldest of the last RATE_LIMIT leaves the window.
    wait = recent[-RATE_LIMIT] + RATE_WINDOW - now
    raise TooManyUploads(
        f"at most {RATE_LIMIT} uploads a minute; try again in a minute",
        retry_after=max(1, math.ceil(wait.total_seconds())),
    )


def create_job(
    *, session: Session, uploader: Uploader, platform: str, received: Received, now: datetime
) -> ImportJob:
    """A queued job for an upload, on the audit record; flushed, not committed."""
    job = ImportJob(
        key=secrets.token_hex(16), platform=platform, state="queued",
        user_id=uploader.user.id if uploader.user else None,
        api_key_id=uploader.api_key.id if uploader.api_key else None,
        bytes=received.bytes, sha256=received.sha256, lines_total=received.lines,
        created_at=now, updated_at=now, errors=[],
    )
    session.add(job)
    session.flush()
    audit.record(
        session, action="capture.upload", user_id=job.user_id, actor=uploader.actor,
        object_type="import_job", object_id=job.id,
        after={"platform": platform, "bytes": received.bytes, "sha256": received.sha256,
               "lines": received.lines, "api_key_id": job.api_key_id},
        at=now,
    )
    return job


def get_for(*, session: Session, key: str, uploader: Uploader) -> ImportJob:
    """The uploader's own job by its key; anyone else's is as unknown as a made-up key."""
    job = session.scalar(select(ImportJob).where(ImportJob.key == key, _by_uploader(uploader)))
    if job is None:
        raise NotFound(f"no upload with key {key[:64]!r}")
    return job
