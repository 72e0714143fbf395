"""Whether collection is keeping up: what `pantau sources health` reports to an operator.

A source is overdue when it has waited longer than `max_lag` past its time, which means no
worker is running (or all are stuck); failing when its last `max_errors` runs failed. Both are
problems: the command exits non-zero, so a cron job or a container health check can alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sources.models import Source
from app.sources.quotas import QuotaLeft, quotas_left


@dataclass(frozen=True, slots=True)
class SourceHealth:
    name: str
    kind: str
    state: str  # ok, running, overdue, failing, disabled
    detail: str

    @property
    def problem(self) -> bool:
        return self.state in ("overdue", "failing")


@dataclass(frozen=True, slots=True)
class Health:
    sources: list[SourceHealth]
    quotas: list[QuotaLeft]

    @property
    def problems(self) -> list[SourceHealth]:
        return [s for s in self.sources if s.problem]


def _ago(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def _source(source: Source, now: datetime, max_lag: timedelta, max_errors: int) -> SourceHealth:
    if not source.enabled:
        return SourceHealth(source.name, source.kind, "disabled", "switched off")
    if source.locked_until is not None and source.locked_until >= now:
        return SourceHealth(source.name, source.kind, "running", f"by {source.locked_by}")
    if source.error_streak >= max_errors:
        return SourceHealth(source.name, source.kind, "failing",
                            f"{source.error_streak} failed runs in a row; last: "
                            f"{(source.last_error or '')[:200]}")
    late = now - source.next_run_at
    if late > max_lag:
        return SourceHealth(source.name, source.kind, "overdue",
                            f"due {_ago(late)} ago: is a worker running?")
    when = source.next_run_at.strftime("%Y-%m-%d %H:%M")
    return SourceHealth(source.name, source.kind, "ok", f"next run {when} UTC")


def check(session: Session, now: datetime, *, max_lag: timedelta,
          max_errors: int) -> Health:
    sources = session.scalars(select(Source).order_by(Source.name)).all()
    return Health([_source(s, now, max_lag, max_errors) for s in sources],
                  quotas_left(session, now))
