"""The answers Zeeschuimer reads, in 4CAT's shape, with Pantau's own counts alongside.

Zeeschuimer reads `key` from the upload's answer, then polls until `done`, showing `status`
meanwhile; at the end it links `url` and files `datasource` and `rows` in its upload history.
The other 4CAT fields are there for 4CAT clients that read them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from app.imports.models import ImportJob

# A batch saves progress every few seconds; a running job silent this long was cut off (the
# server restarted mid-import) and will not finish.
STALE_AFTER = timedelta(minutes=15)


class ImportQueued(BaseModel):
    status: str = Field(description="always 'queued': the import runs after this answer")
    key: str = Field(description="poll GET /api/check-query/?key=<key>")
    url: str = Field(description="where this upload's status is shown")


class LineProblem(BaseModel):
    line: int
    message: str


class ImportStatus(BaseModel):
    # 4CAT's check-query fields.
    datasource: str = Field(description="the platform, as 4CAT names it: tiktok, instagram...")
    status: str = Field(description="what is happening, for people")
    label: str
    rows: int = Field(description="items of this upload now stored (new, updated or known)")
    key: str
    done: bool = Field(description="true once the import finished or failed")
    path: str = Field("", description="4CAT's result file; Pantau has none")
    progress: int = Field(description="percent of the upload's lines read")
    empty: bool
    is_favourite: bool = False
    url: str
    # Pantau's own.
    state: str = Field(description="queued, running, done or failed")
    platform: str = Field(description="the X-Zeeschuimer-Platform header")
    created_at: datetime
    finished_at: datetime | None
    bytes: int
    sha256: str
    lines_total: int
    lines_read: int
    items_new: int
    items_updated: int
    items_duplicate: int
    items_skipped: int
    items_flagged: int
    error_count: int
    errors: list[LineProblem] = Field(description="the first line errors; error_count has all")
    failure: str | None


def _state(job: ImportJob, now: datetime) -> tuple[str, str | None]:
    if job.state in ("queued", "running") and now - job.updated_at > STALE_AFTER:
        return "failed", ("the import stopped without finishing (the server restarted?); what "
                          "was stored so far is kept; upload again to finish")
    return job.state, job.failure


def _status_text(job: ImportJob, state: str, failure: str | None, rows: int) -> str:
    if state == "queued":
        return "Queued"
    if state == "running":
        return f"Importing: {job.rows_read:,} of {job.lines_total:,} lines read"
    if state == "failed":
        return f"Failed: {failure}"
    return (f"Done: {rows:,} items ({job.items_new:,} new, {job.items_updated:,} updated, "
            f"{job.items_duplicate:,} already stored), {job.items_flagged:,} flagged, "
            f"{job.items_skipped:,} lines skipped, {job.error_count:,} invalid lines")


def status_of(job: ImportJob, *, url: str, now: datetime) -> ImportStatus:
    """The job as check-query answers it; a job cut off by a restart reads as failed."""
    state, failure = _state(job, now)
    done = state in ("done", "failed")
    rows = job.items_new + job.items_updated + job.items_duplicate
    progress = 100 if done else min(99, job.rows_read * 100 // max(job.lines_total, 1))
    return ImportStatus(
        datasource=job.platform.split(".")[0], status=_status_text(job, state, failure, rows),
        label=f"Zeeschuimer {job.platform} upload, {job.created_at:%Y-%m-%d %H:%M} UTC",
        rows=rows, key=job.key, done=done, progress=progress, empty=done and rows == 0,
        url=url, state=state, platform=job.platform, created_at=job.created_at,
        finished_at=job.finished_at, bytes=job.bytes, sha256=job.sha256,
        lines_total=job.lines_total, lines_read=job.rows_read, items_new=job.items_new,
        items_updated=job.items_updated, items_duplicate=job.items_duplicate,
        items_skipped=job.items_skipped, items_flagged=job.items_flagged,
        error_count=job.error_count, errors=[LineProblem(**e) for e in job.errors],
        failure=failure,
    )
