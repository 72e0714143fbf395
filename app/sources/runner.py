"""Running one source: page by page, each page stored with its cursor in one transaction.

A run that dies (kill -9, a crash, a lost connection) leaves behind only whole pages and the
cursor after the last of them; the next run, by this worker or another, resumes there, and
posts already stored are recognised by (platform, external_id), so every item is stored once.
A failing source backs off on its own and never holds up the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.db import session_scope, utcnow, write_lock
from app.errors import Conflict
from app.posts.acts import record_acts
from app.posts.detect import get_classifier
from app.posts.ingest import Pipeline, ingest_batch
from app.sources import service
from app.sources.models import Source, SourceRun
from app.watchlist.snapshot import current_snapshot
from collectors.base import PostIn
from collectors.tiktok_research import Activity

LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class Page:
    """What one request brought back, and where the next one starts (None: the pass is over)."""

    posts: list[PostIn]
    cursor: dict[str, Any] | None
    # What the accounts a source follows did to some of `posts` (liked, reposted, pinned):
    # stored beside them, after them, in the same transaction.
    acts: list[Activity] = field(default_factory=list)


class LeaseLost(Exception):
    """This worker's hold on the source ran out and may now be someone else's."""


class CollectorFailed(Exception):
    """A source's run failed; `retry_after` is the platform's own wait, when it gave one."""

    def __init__(self, message: str, *, retry_after: timedelta | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# kind -> (params, cursor, now) -> pages. Filled by app.sources.adapters, which knows the
# platforms' clients and credentials; the runner only knows pages.
Collect = Callable[[Mapping[str, Any], Mapping[str, Any] | None, datetime], Iterator[Page]]


@dataclass
class RunResult:
    source: str
    status: str
    pages: int = 0
    items_new: int = 0
    items_updated: int = 0
    flagged: int = 0
    error: str | None = None
    next_run_at: datetime | None = None


def claim_due(session: Session, worker: str, now: datetime,
              lease: timedelta = LEASE) -> Source | None:
    """The most overdue enabled source nobody holds, now held by `worker`."""
    write_lock(session)
    stmt = (
        select(Source)
        .where(Source.enabled.is_(True), Source.next_run_at <= now,
               or_(Source.locked_until.is_(None), Source.locked_until < now))
        .order_by(Source.next_run_at, Source.id).limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    source = session.scalar(stmt)
    if source is not None:
        _hold(session, source, worker, now, lease)
    return source


def _hold(session: Session, source: Source, worker: str, now: datetime,
          lease: timedelta) -> None:
    source.locked_by, source.locked_until = worker, now + lease
    # A run still marked running belonged to a worker that died (killed, host lost): the
    # source is ours now, so its record says how it ended.
    session.execute(
        update(SourceRun)
        .where(SourceRun.source_id == source.id, SourceRun.status == "running")
        .values(status="abandoned", finished_at=now,
                error="the worker stopped mid-run; the next run resumed from its last page")
    )
    session.flush()


def claim_named(session: Session, name: str, worker: str, now: datetime,
                lease: timedelta = LEASE) -> Source:
    """A source run by hand (`pantau sources run`), unless a worker is running it now."""
    write_lock(session)
    source = service.get(session, name)
    if source.locked_until is not None and source.locked_until >= now:
        raise Conflict(f"{source.name} is being run by {source.locked_by} right now")
    _hold(session, source, worker, now, lease)
    return source


def _backoff(source: Source, error: CollectorFailed) -> timedelta:
    if error.retry_after is not None:
        return error.retry_after
    doubled = timedelta(seconds=source.every_seconds) * 2 ** min(source.error_streak, 10)
    return min(doubled, MAX_BACKOFF)


def run(
    factory: sessionmaker[Session], source_id: int, *, collect: Mapping[str, Collect],
    worker: str, model_cache_dir: Path, matcher_cache_dir: Path | None, threshold: float,
    now: Callable[[], datetime] = utcnow, on_page: Callable[[Page], None] | None = None,
    lease: timedelta = LEASE,
) -> RunResult:
    """Run a source this worker holds, to the end of its pass or its first failure.

    The hold is renewed with every page. A page that arrives after another worker took the
    source over (this one hung longer than `lease`) is not stored: the run ends, and whoever
    holds the source now carries on from the saved cursor.
    """
    with session_scope(factory) as session:
        source = session.get(Source, source_id)
        assert source is not None and source.locked_by == worker, "claim the source first"
        run_row = SourceRun(source_id=source.id, started_at=now(), status="running",
                            worker=worker)
        session.add(run_row)
        session.flush()
        run_id, kind, params = run_row.id, source.kind, dict(source.params)
        cursor, name = source.cursor, source.name
    result = RunResult(source=name, status="running")
    classifier = get_classifier(model_cache_dir)
    try:
        for page in collect[kind](params, cursor, now()):
            with session_scope(factory) as session:
                pipeline = Pipeline(current_snapshot(session=session,
                                                     cache_dir=matcher_cache_dir),
                                    classifier, threshold)
                counts = ingest_batch(session=session, posts=page.posts, pipeline=pipeline,
                                      now=now())
                if page.acts:
                    counts.flagged += record_acts(session=session, acts=page.acts,
                                                  pipeline=pipeline, now=now()).flagged
                # Checked last, so the page's matching and classification run without
                # SQLite's database-wide write lock; the UPDATE locks the row on PostgreSQL.
                held = session.execute(
                    update(Source).where(Source.id == source_id, Source.locked_by == worker)
                    .values(locked_until=now() + lease)
                ).rowcount
                if held != 1:
                    raise LeaseLost(f"{name}: no longer held by {worker}")
                session.get(Source, source_id).cursor = page.cursor
                run_row = session.get(SourceRun, run_id)
                run_row.pages += 1
                run_row.items_new += counts.new
                run_row.items_updated += counts.updated
            result.pages += 1
            result.items_new += counts.new
            result.items_updated += counts.updated
            result.flagged += counts.flagged
            if on_page:
                on_page(page)
    except LeaseLost as exc:
        return _abandon(factory, run_id, now(), result, exc)
    except CollectorFailed as exc:
        return _finish(factory, source_id, worker, run_id, now(), result, error=exc)
    except Exception as exc:  # noqa: BLE001 - one broken source must not stop the worker
        failed = CollectorFailed(f"{type(exc).__name__}: {exc}")
        return _finish(factory, source_id, worker, run_id, now(), result, error=failed)
    return _finish(factory, source_id, worker, run_id, now(), result, error=None)


def _abandon(factory: sessionmaker[Session], run_id: int, at: datetime, result: RunResult,
             lost: LeaseLost) -> RunResult:
    """Close the run's record only: the source now belongs to another worker."""
    with session_scope(factory) as session:
        run_row = session.get(SourceRun, run_id)
        run_row.finished_at, run_row.status = at, "lost"
        run_row.error = result.error = str(lost)
    result.status = "lost"
    return result


def _finish(factory: sessionmaker[Session], source_id: int, worker: str, run_id: int,
            at: datetime, result: RunResult, *, error: CollectorFailed | None) -> RunResult:
    with session_scope(factory) as session:
        write_lock(session)
        source = session.get(Source, source_id, with_for_update=True)
        run_row = session.get(SourceRun, run_id)
        run_row.finished_at = at
        if source is None or source.locked_by != worker:
            run_row.status = result.status = "lost"
            run_row.error = result.error = f"{result.source}: taken over before the run ended"
            return result
        source.last_run_at = at
        source.locked_by = source.locked_until = None
        if error is None:
            source.error_streak = 0
            source.last_error = None
            source.next_run_at = at + timedelta(seconds=source.every_seconds)
            run_row.status = result.status = "ok"
        else:
            source.next_run_at = at + _backoff(source, error)
            source.error_streak += 1
            source.last_error = run_row.error = result.error = str(error)[:2000]
            run_row.errors += 1
            run_row.status = result.status = "error"
        result.next_run_at = source.next_run_at
    return result
