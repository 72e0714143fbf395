"""Running an uploaded capture's import after the upload's reply: a job with its own sessions.

Like `pantau import zeeschuimer`, each batch of posts commits on its own, here together with
the job's counts, so a poll never reports more than is stored and a job cut off halfway keeps
what it stored (uploading again counts that as duplicates).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session, sessionmaker

from app.audit import service as audit
from app.auth.models import ApiKey
from app.config import Settings
from app.db import session_scope, utcnow
from app.imports.models import ImportJob
from app.imports.service import EXPECTED_ITEMS
from app.posts.detect import get_classifier
from app.posts.ingest import IngestCounts, Pipeline, ingest_batch
from app.users.models import User
from app.watchlist.snapshot import current_snapshot
from collectors.base import LineError, LineSkipped, PostIn
from collectors.zeeschuimer import MAX_LINE_BYTES, parse_line

log = logging.getLogger(__name__)

MAX_KEPT_ERRORS = 50
_BOM = b"\xef\xbb\xbf"


@dataclass
class _Progress:
    counts: IngestCounts = field(default_factory=IngestCounts)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.counts.invalid += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append({"line": line, "message": message})


def _numbered_lines(fh: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line), None for one over the parser's limit, read in bounded pieces.

    The parser's `read_capture` does not say which line a PostIn came from, and a post that
    contradicts the upload's platform header must be reported by its line like any error.
    """
    number = 0
    while chunk := fh.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while (rest := fh.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        line = chunk.rstrip(b"\r\n")
        yield number, line[len(_BOM):] if number == 1 and line.startswith(_BOM) else line


def _batches(path: Path, platform: str, progress: _Progress, size: int) -> Iterator[list[PostIn]]:
    expected = EXPECTED_ITEMS[platform]
    batch: list[PostIn] = []
    with open(path, "rb") as fh:
        for number, raw in _numbered_lines(fh):
            if raw is not None and not raw.strip():
                continue
            progress.counts.read += 1
            item = (parse_line(raw, source="upload", line=number) if raw is not None else
                    LineError("upload", number, f"line is over the {MAX_LINE_BYTES:,}-byte "
                              "limit; not parsed"))
            if isinstance(item, LineError):
                progress.error(number, item.message)
            elif isinstance(item, LineSkipped):
                progress.counts.skipped += 1
            elif (item.platform, item.kind) != expected:
                progress.error(number, f"a {item.platform} {item.kind}, but the upload's "
                               f"X-Zeeschuimer-Platform header says {platform}")
            else:
                batch.append(item)
                if len(batch) >= size:
                    yield batch
                    batch = []
    if batch:
        yield batch


def _save(session: Session, job_id: int, progress: _Progress, **changes: Any) -> ImportJob:
    job = session.get_one(ImportJob, job_id)
    c = progress.counts
    job.rows_read, job.items_new, job.items_updated = c.read, c.new, c.updated
    job.items_duplicate, job.items_skipped, job.items_flagged = c.duplicate, c.skipped, c.flagged
    job.error_count, job.errors = c.invalid, list(progress.errors)
    job.updated_at = utcnow()
    for name, value in changes.items():
        setattr(job, name, value)
    return job


def _actor(session: Session, job: ImportJob) -> str:
    if job.user_id is not None:
        return session.get_one(User, job.user_id).username
    key = session.get_one(ApiKey, job.api_key_id)
    return f"api key #{key.id} {key.name}"[:200]


def _import(factory: sessionmaker[Session], job_id: int, path: Path, settings: Settings) -> None:
    progress = _Progress()
    with session_scope(factory) as session:
        platform = _save(session, job_id, progress, state="running").platform
    classifier = get_classifier(settings.model_cache_dir)
    for batch in _batches(path, platform, progress, settings.ingest_batch_size):
        with session_scope(factory) as session:
            snapshot = current_snapshot(session=session, cache_dir=settings.matcher_cache_dir)
            pipeline = Pipeline(snapshot, classifier, settings.flag_threshold)
            progress.counts.add(
                ingest_batch(session=session, posts=batch, pipeline=pipeline, now=utcnow())
            )
            _save(session, job_id, progress)
    with session_scope(factory) as session:
        now = utcnow()
        job = _save(session, job_id, progress, state="done", finished_at=now)
        c = progress.counts
        audit.record(
            session, action="capture.import", user_id=job.user_id, actor=_actor(session, job),
            object_type="import_job", object_id=job.id, at=now,
            after={"read": c.read, "new": c.new, "updated": c.updated,
                   "duplicate": c.duplicate, "skipped": c.skipped, "invalid": c.invalid,
                   "flagged": c.flagged},
        )


_IMPORTS_AT_ONCE = threading.BoundedSemaphore(2)


def run_import(
    *, factory: sessionmaker[Session], job_id: int, path: Path, settings: Settings
) -> None:
    """Import an uploaded file into posts, recording progress on its job; deletes the file.

    A failure is logged and recorded on the job rather than raised: nobody is waiting on
    this call, only on the job's answer.
    """
    try:
        # Imports share the web process's thread pool with every page and API call; a burst
        # of uploads waits its turn here instead of starving the reviewers' requests.
        with _IMPORTS_AT_ONCE:
            _import(factory, job_id, path, settings)
    except Exception:
        log.exception("capture import job %s failed", job_id)
        with session_scope(factory) as session:
            job = session.get_one(ImportJob, job_id)
            job.state, job.finished_at = "failed", utcnow()
            # Internal details stay in the server log; the uploader gets what to do next.
            job.failure = (f"internal error while importing (job {job_id}); what was stored "
                           "so far is kept; upload again to finish, or ask an admin to "
                           "check the server log")
    finally:
        path.unlink(missing_ok=True)
