"""`pantau import zeeschuimer`: captured files in, posts and flags stored, one batch a commit.

Each batch commits on its own, so an interrupted import keeps what it stored and a re-run
counts it as duplicates; a bad line is reported with its file and line and skipped.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.db import session_scope, utcnow
from app.posts.detect import get_classifier
from app.posts.ingest import IngestCounts, Pipeline, ingest_batch
from app.watchlist.snapshot import current_snapshot
from collectors.base import LineError, LineSkipped, PostIn
from collectors.zeeschuimer import read_capture


@dataclass
class ImportReport:
    counts: IngestCounts = field(default_factory=IngestCounts)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _batches(
    paths: Sequence[Path], report: ImportReport, counts: IngestCounts, batch_size: int
) -> Iterator[list[PostIn]]:
    batch: list[PostIn] = []
    for path in paths:
        if not path.is_file():
            report.errors.append(f"{path}: no such file")
            continue
        lines = 0
        for item in read_capture(path):
            lines += 1
            counts.read += 1
            if isinstance(item, LineError):
                counts.invalid += 1
                report.errors.append(str(item))
            elif isinstance(item, LineSkipped):
                counts.skipped += 1
                report.skipped.append(f"{item.source}:{item.line}: {item.reason}")
            else:
                batch.append(item)
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
        if lines == 0:
            report.errors.append(f"{path}: empty file, nothing to import")
    if batch:
        yield batch


def import_captures(
    paths: Sequence[Path],
    *,
    factory: sessionmaker[Session],
    model_cache_dir: Path,
    threshold: float,
    batch_size: int = 1000,
    on_batch: Callable[[int], None] | None = None,
    matcher_cache_dir: Path | None = None,
) -> ImportReport:
    """Import Zeeschuimer NDJSON files; returns counts and every problem, by file and line.

    With `matcher_cache_dir`, the watch-list's matcher is loaded from there when another
    process already built it, and stored there when this one builds it."""
    report = ImportReport()
    classifier = get_classifier(model_cache_dir)
    # The parser thread keeps its own counts; they are merged once it is done.
    parsed = IngestCounts()
    for batch in _ahead(_batches(paths, report, parsed, batch_size)):
        with session_scope(factory) as session:
            snapshot = current_snapshot(session=session, cache_dir=matcher_cache_dir)
            pipeline = Pipeline(snapshot, classifier, threshold)
            report.counts.add(
                ingest_batch(session=session, posts=batch, pipeline=pipeline, now=utcnow())
            )
        if on_batch:
            on_batch(len(batch))
    report.counts.add(parsed)
    return report


_END = object()


def _ahead(items: Iterator[list[PostIn]], depth: int = 2) -> Iterator[list[PostIn]]:
    """`items`, produced by a thread up to `depth` batches ahead.

    Reading and parsing the next batch then overlaps the database's work on this one (psycopg
    and SQLite release the GIL while they wait).
    """
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        # Never block for good: the consumer may have stopped reading.
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            put(exc)

    thread = threading.Thread(target=produce, name="capture-reader", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def count_lines(paths: Iterable[Path]) -> int:
    """Lines across existing files, for a progress bar's total."""
    total = 0
    for path in paths:
        if path.is_file():
            with open(path, "rb") as fh:
                total += sum(1 for _ in fh)
    return total
