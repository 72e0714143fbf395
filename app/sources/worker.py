"""`pantau worker`: every few seconds, claim a due source, run it, and claim the next.

Any number of workers share the sources table: a claim is a lease on the row (SKIP LOCKED on
PostgreSQL, the write lock on SQLite), so no source ever runs twice at once. The worker's
state is exposed as Prometheus metrics and a health endpoint on --health-port.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import session_scope, utcnow
from app.sources import runner
from app.sources.models import Source
from app.sources.quotas import quotas_left


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Metrics:
    """The worker's numbers, in a registry of its own so tests can run several workers."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.runs = Counter("pantau_source_runs", "source runs finished", ["source", "status"],
                            registry=self.registry)
        self.items = Counter("pantau_source_items", "items stored", ["source", "kind"],
                             registry=self.registry)
        self.errors = Counter("pantau_source_errors", "failed runs", ["source"],
                              registry=self.registry)
        self.lag = Gauge("pantau_source_lag_seconds", "how overdue each enabled source is",
                         ["source"], registry=self.registry)
        self.streak = Gauge("pantau_source_error_streak", "failed runs in a row", ["source"],
                            registry=self.registry)
        self.quota_left = Gauge("pantau_quota_left", "what is left of a platform limit all "
                                "workers share (Instagram usage: percent)",
                                ["platform", "name"], registry=self.registry)
        self.last_tick = Gauge("pantau_worker_last_tick_timestamp_seconds",
                               "when this worker last looked for due sources",
                               registry=self.registry)

    def record(self, result: runner.RunResult) -> None:
        self.runs.labels(result.source, result.status).inc()
        self.items.labels(result.source, "new").inc(result.items_new)
        self.items.labels(result.source, "updated").inc(result.items_updated)
        if result.status == "error":
            self.errors.labels(result.source).inc()

    def observe(self, session: Session, now: datetime) -> None:
        for name, next_run_at, streak in session.execute(
            select(Source.name, Source.next_run_at, Source.error_streak)
            .where(Source.enabled.is_(True))
        ):
            self.lag.labels(name).set(max(0.0, (now - next_run_at).total_seconds()))
            self.streak.labels(name).set(streak)
        for quota in quotas_left(session, now):
            self.quota_left.labels(quota.platform, quota.name).set(quota.left)
        self.last_tick.set(now.timestamp())


class _LongTickIsNormal(logging.Filter):
    """A tick that runs a long source outlasts the interval; APScheduler warns each time the
    next one is skipped, which is the design (one tick at a time), not a problem to log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


class Worker:
    def __init__(self, factory: sessionmaker[Session], settings: Settings,
                 collect: Mapping[str, runner.Collect], *, name: str | None = None,
                 now: Callable[[], datetime] = utcnow,
                 on_result: Callable[[runner.RunResult], None] | None = None) -> None:
        self.factory, self.settings, self.collect = factory, settings, collect
        self.name = name or worker_name()
        self.now = now
        self.on_result = on_result
        self.lease = timedelta(seconds=settings.source_lease_seconds)
        self.metrics = Metrics()
        self.stopping = threading.Event()

    def tick(self) -> int:
        """Run due sources until none is left; returns how many runs were made."""
        runs = 0
        while not self.stopping.is_set():
            with session_scope(self.factory) as session:
                source = runner.claim_due(session, self.name, self.now(), self.lease)
                source_id = source.id if source else None
            if source_id is None:
                break
            result = runner.run(
                self.factory, source_id, collect=self.collect, worker=self.name,
                model_cache_dir=self.settings.model_cache_dir,
                matcher_cache_dir=self.settings.matcher_cache_dir,
                threshold=self.settings.flag_threshold, now=self.now, lease=self.lease,
            )
            self.metrics.record(result)
            if self.on_result:
                self.on_result(result)
            runs += 1
        with session_scope(self.factory) as session:
            self.metrics.observe(session, self.now())
        return runs

    def serve_metrics(self, port: int) -> None:
        # /metrics for Prometheus; any scrape answering is the liveness check.
        start_http_server(port, addr="127.0.0.1", registry=self.metrics.registry)

    def run_forever(self, every_seconds: float) -> None:
        from apscheduler.schedulers.blocking import BlockingScheduler

        logging.getLogger("apscheduler.scheduler").addFilter(_LongTickIsNormal())
        scheduler = BlockingScheduler()
        # One tick at a time: a long run delays the next tick rather than overlapping it.
        scheduler.add_job(self.tick, "interval", seconds=every_seconds, max_instances=1,
                          coalesce=True, next_run_time=datetime.now().astimezone())
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            self.stopping.set()
