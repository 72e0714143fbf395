"""The platforms' limits as state every worker shares, kept in the database.

A per-process counter would let three workers spend three times TikTok's daily quota, so each
request is reserved here, in its own short transaction, before it leaves: the rows are locked
(FOR UPDATE on PostgreSQL, the write lock on SQLite), the reservation is refused when it
would pass the limit, and what the answer did not use is given back afterwards. A worker
killed between the two leaves its reservation spent, which errs on the side of the quota.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from app.db import session_scope, utcnow, write_lock
from app.sources.models import InstagramHashtag, PlatformQuota
from app.sources.runner import CollectorFailed
from collectors.instagram_errors import DEFAULT_THROTTLE_WAIT, Usage
from collectors.tiktok_research import MAX_COUNT

DAY = timedelta(days=1)
# Graph starts throttling at 100%; stopping a little before leaves room for the requests
# already on their way from other workers.
INSTAGRAM_STOP_AT_PERCENT = 90
HASHTAGS_PER_WINDOW = 30
HASHTAG_WINDOW = timedelta(days=7)
# Serializes the hashtag budget on PostgreSQL, where counting rows cannot lock the ones
# another worker is about to insert.
_HASHTAG_LOCK_KEY = 0x5A4E_7461_6773  # "ZNtags"


class QuotaExhausted(CollectorFailed):
    """A shared limit is reached; `retry_after` is when it frees up."""


class HashtagBudgetFull(QuotaExhausted):
    """30 other hashtags hold the 7-day budget: this one waits, the others may go on."""


def day_start(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _insert(session: Session):  # noqa: ANN202 - the dialect's insert construct
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _locked_counters(session: Session, platform: str, limits: Mapping[str, int],
                     now: datetime) -> dict[str, PlatformQuota]:
    """The platform's daily counters, created if missing, locked, and reset on a new day."""
    write_lock(session)
    today = day_start(now)
    session.execute(
        _insert(session)(PlatformQuota.__table__)
        .values([{"platform": platform, "name": name, "period_start": today, "used": 0,
                  "limit": limit} for name, limit in limits.items()])
        .on_conflict_do_nothing()
    )
    rows = session.scalars(
        select(PlatformQuota)
        .where(PlatformQuota.platform == platform, PlatformQuota.name.in_(list(limits)))
        .order_by(PlatformQuota.name)  # always the same locking order
        .with_for_update()
    ).all()
    for row in rows:
        row.limit = limits[row.name]  # a changed setting applies from the next request
        if row.period_start < today:
            row.period_start, row.used = today, 0
    return {row.name: row for row in rows}


@dataclass(frozen=True, slots=True)
class QuotaLeft:
    platform: str
    name: str
    used: int
    limit: int
    blocked_until: datetime | None

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)


def quotas_left(session: Session, now: datetime) -> list[QuotaLeft]:
    """Every shared limit as it stands now (a daily counter from yesterday reads as unused)."""
    today = day_start(now)
    return [
        QuotaLeft(row.platform, row.name,
                  row.used if row.period_start >= today or row.platform == "instagram" else 0,
                  row.limit, row.blocked_until)
        for row in session.scalars(select(PlatformQuota)
                                   .order_by(PlatformQuota.platform, PlatformQuota.name))
    ]


class TikTokQuota:
    """TikTok's research quota (1,000 requests and 100,000 records a day, reset 00:00 UTC).

    Plug `before_request` and `after_response` into a TikTokClient. Each request reserves one
    request and a full page of records; the records the page did not bring are given back.
    """

    platform = "tiktok"

    def __init__(self, factory: sessionmaker[Session], *, requests_per_day: int,
                 records_per_day: int, clock: Callable[[], datetime] = utcnow) -> None:
        self.factory = factory
        self.limits = {"requests": requests_per_day, "records": records_per_day}
        self.clock = clock
        self._reserved_on: datetime | None = None

    def before_request(self) -> None:
        wanted = {"requests": 1, "records": MAX_COUNT}
        now = self.clock()
        self._reserved_on = day_start(now)
        with session_scope(self.factory) as session:
            counters = _locked_counters(session, self.platform, self.limits, now)
            for name, amount in wanted.items():
                counter = counters[name]
                if counter.used + amount > counter.limit:
                    raise QuotaExhausted(
                        f"TikTok's daily {name} quota is spent ({counter.used} of "
                        f"{counter.limit}); it resets at 00:00 UTC",
                        retry_after=day_start(now) + DAY - now)
            for name, amount in wanted.items():
                counters[name].used += amount

    def after_response(self, records: int) -> None:
        unused = MAX_COUNT - min(records, MAX_COUNT)
        now = self.clock()
        # A reservation made before midnight was yesterday's; today's counter never had it.
        if unused == 0 or day_start(now) != self._reserved_on:
            return
        with session_scope(self.factory) as session:
            counter = _locked_counters(session, self.platform, self.limits, now)["records"]
            counter.used = max(0, counter.used - unused)

    def spent_elsewhere(self) -> None:
        """TikTok says today's quota is gone (collaborators on the same project spend it too):
        record it, so no worker asks again before midnight."""
        with session_scope(self.factory) as session:
            counter = _locked_counters(session, self.platform, self.limits,
                                       self.clock())["requests"]
            counter.used = counter.limit


class InstagramUsage:
    """The Graph API's usage meters, as the last answer to any worker reported them.

    Graph reports usage in percent on every answer; once a meter nears 100, or a throttling
    error arrives, every worker leaves the API alone until the time the platform gave.
    """

    platform, name = "instagram", "usage"

    def __init__(self, factory: sessionmaker[Session],
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.factory = factory
        self.clock = clock

    def _row(self, session: Session, now: datetime) -> PlatformQuota:
        write_lock(session)
        session.execute(
            _insert(session)(PlatformQuota.__table__)
            .values(platform=self.platform, name=self.name, period_start=now, used=0, limit=100)
            .on_conflict_do_nothing()
        )
        return session.scalars(
            select(PlatformQuota).where(PlatformQuota.platform == self.platform,
                                        PlatformQuota.name == self.name).with_for_update()
        ).one()

    def before_request(self) -> None:
        now = self.clock()
        with session_scope(self.factory) as session:
            row = session.get(PlatformQuota, (self.platform, self.name))
            blocked_until = row.blocked_until if row else None
            used = row.used if row else 0
        if blocked_until is not None and blocked_until > now:
            raise QuotaExhausted(
                f"Instagram usage at {used}%: every worker waits until "
                f"{blocked_until:%Y-%m-%d %H:%M} UTC", retry_after=blocked_until - now)

    def after_response(self, usage: Usage) -> None:
        if usage.app is None and not usage.business:
            return  # no meter in this answer: nothing learnt
        now = self.clock()
        percent = usage.highest_percent
        with session_scope(self.factory) as session:
            row = self._row(session, now)
            row.used, row.period_start = percent, now
            if percent >= INSTAGRAM_STOP_AT_PERCENT:
                wait = usage.regain_access_in or DEFAULT_THROTTLE_WAIT
                row.blocked_until = max(row.blocked_until or now, now + wait)

    def block(self, wait: timedelta) -> None:
        """A throttling error: everyone waits `wait`, not just the source that met it."""
        now = self.clock()
        with session_scope(self.factory) as session:
            row = self._row(session, now)
            row.blocked_until = max(row.blocked_until or now, now + wait)


class HashtagBudget:
    """The 30-unique-hashtags-in-7-days ledger of one IG account, shared by every worker.

    `use(name)` charges a tag before anything is asked about it: free when the tag's window is
    still open, refused with QuotaExhausted when 30 other tags hold the budget. It returns the
    tag's cached id (ids never change), or None when it still has to be searched.
    """

    def __init__(self, factory: sessionmaker[Session], ig_user_id: str, *,
                 per_window: int = HASHTAGS_PER_WINDOW,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.factory = factory
        self.ig_user_id = ig_user_id
        self.per_window = per_window
        self.clock = clock

    def _lock(self, session: Session) -> None:
        write_lock(session)
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _HASHTAG_LOCK_KEY})

    def use(self, name: str) -> str | None:
        name = name.lower()  # Graph's hashtags ignore case; one tag, one slot
        now = self.clock()
        open_since = now - HASHTAG_WINDOW
        with session_scope(self.factory) as session:
            self._lock(session)
            row = session.get(InstagramHashtag, (self.ig_user_id, name))
            if row is not None and row.window_started_at > open_since:
                row.last_used_at = now
                return row.hashtag_id
            held = session.scalars(
                select(InstagramHashtag.window_started_at)
                .where(InstagramHashtag.ig_user_id == self.ig_user_id,
                       InstagramHashtag.window_started_at > open_since)
                .order_by(InstagramHashtag.window_started_at)
            ).all()
            if len(held) >= self.per_window:
                frees_at = held[len(held) - self.per_window] + HASHTAG_WINDOW
                raise HashtagBudgetFull(
                    f"#{name}: the {self.per_window} hashtags of the last 7 days are used; "
                    f"the next frees up at {frees_at:%Y-%m-%d %H:%M} UTC",
                    retry_after=frees_at - now)
            if row is None:
                row = InstagramHashtag(ig_user_id=self.ig_user_id, name=name,
                                       window_started_at=now, last_used_at=now)
                session.add(row)
            else:
                row.window_started_at = row.last_used_at = now
            return row.hashtag_id

    def remember_id(self, name: str, hashtag_id: str) -> None:
        with session_scope(self.factory) as session:
            row = session.get(InstagramHashtag, (self.ig_user_id, name.lower()))
            if row is not None:
                row.hashtag_id = hashtag_id

    def used(self) -> int:
        """How many tags hold the budget now."""
        with session_scope(self.factory) as session:
            return session.scalar(
                select(func.count()).select_from(InstagramHashtag)
                .where(InstagramHashtag.ig_user_id == self.ig_user_id,
                       InstagramHashtag.window_started_at > self.clock() - HASHTAG_WINDOW)
            ) or 0
