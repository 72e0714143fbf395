"""What the pokja looks at: the queue's state, where flags come from, how fast items are
decided, and how often coordinators agree with reviewers. Read-only; each figure is one
grouped query, so the page costs the same with ten items or ten million.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from app.dashboard.schemas import (
    AgreementRead,
    BacklogBucket,
    DashboardRead,
    DayCount,
    RegionCount,
    ReviewerAgreement,
    ReviewerThroughput,
    StatusCount,
)
from app.i18n import WIB
from app.regions.models import Region
from app.review.models import REVIEW_STATUSES, ReviewItem, ReviewStep
from app.users.models import User

WINDOW_DAYS = 30
BACKLOG_STATUSES = ("open", "pending_confirmation")
# Whole days left on the 7-day clock; the last bucket also holds anything further out.
BACKLOG_MAX_DAYS = 6


@dataclass(frozen=True, slots=True)
class Window:
    """The last `days` WIB calendar days, today included, as a half-open UTC range."""

    since: datetime
    until: datetime
    days: tuple[date, ...]


def window(now: datetime, days: int = WINDOW_DAYS) -> Window:
    first = now.astimezone(WIB).date() - timedelta(days=days - 1)
    since = datetime.combine(first, time(), WIB).astimezone(UTC)
    return Window(since, since + timedelta(days=days),
                  tuple(first + timedelta(days=d) for d in range(days)))


def _wib_day(session: Session, column: ColumnElement[datetime]) -> ColumnElement[object]:
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(WIB.key, column))
    # SQLite holds naive UTC text. WIB has been UTC+7 without daylight saving since 1964,
    # so a fixed shift is exact for every time Pantau stores.
    return func.date(column, "+7 hours")


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _names(session: Session, user_ids: Collection[int]) -> dict[int, str]:
    stmt = select(User.id, User.display_name).where(User.id.in_(list(user_ids)))
    return dict(session.execute(stmt).all())


def status_counts(*, session: Session) -> list[StatusCount]:
    """How many review items are in each status, every status listed."""
    stmt = select(ReviewItem.status, func.count()).group_by(ReviewItem.status)
    counts = dict(session.execute(stmt).all())
    return [StatusCount(status=s, count=counts.get(s, 0)) for s in REVIEW_STATUSES]


def _in_window(column: ColumnElement[datetime], span: Window) -> ColumnElement[bool]:
    return (column >= span.since) & (column < span.until)


def flags_by_day(*, session: Session, span: Window) -> list[DayCount]:
    """Items flagged each WIB day of the window, days without flags included."""
    # Grouping on a subquery column: PostgreSQL would not match the same expression written
    # twice with separately bound parameters.
    days = (
        select(_wib_day(session, ReviewItem.flagged_at).label("day"))
        .where(_in_window(ReviewItem.flagged_at, span)).subquery()
    )
    rows = session.execute(select(days.c.day, func.count()).group_by(days.c.day))
    counts = {_as_date(day): n for day, n in rows}
    return [DayCount(day=d, count=counts.get(d, 0)) for d in span.days]


def _regency(code: str | None) -> str | None:
    return None if code is None else ".".join(code.split(".")[:2])


def flags_by_region(*, session: Session, span: Window) -> list[RegionCount]:
    """Items flagged in the window per kabupaten/kota, most first, named from the gazetteer."""
    stmt = (
        select(ReviewItem.region_code, func.count())
        .where(_in_window(ReviewItem.flagged_at, span)).group_by(ReviewItem.region_code)
    )
    # An actor's region can be a kecamatan or a village: count it in its kabupaten/kota.
    totals: Counter[str | None] = Counter()
    for code, n in session.execute(stmt):
        totals[_regency(code)] += n
    wanted = {c for code in totals if code for c in (code, code.split(".")[0])}
    stmt = select(Region.code, Region.name).where(Region.code.in_(wanted))
    names = dict(session.execute(stmt).all())
    rows = []
    for code, n in totals.items():
        province = code.split(".")[0] if code else None
        rows.append(RegionCount(
            region_code=code, province_code=province, province=names.get(province or ""),
            regency=names.get(code) if code and "." in code else None, count=n,
        ))
    return sorted(rows, key=lambda r: (-r.count, r.region_code or "~"))


def backlog(*, session: Session, now: datetime) -> list[BacklogBucket]:
    """Open and pending items by whole days left before their statutory limit."""
    days_left = case(
        *((ReviewItem.due_at < now + timedelta(days=d), d - 1)
          for d in range(BACKLOG_MAX_DAYS + 1)),
        else_=BACKLOG_MAX_DAYS,
    )
    buckets = (
        select(ReviewItem.status, days_left.label("days_left"))
        .where(ReviewItem.status.in_(BACKLOG_STATUSES)).subquery()
    )
    stmt = select(buckets.c.status, buckets.c.days_left, func.count()).group_by(
        buckets.c.status, buckets.c.days_left
    )
    counts = {(status, int(left)): n for status, left, n in session.execute(stmt)}
    return [
        BacklogBucket(days_left=left, open=counts.get(("open", left), 0),
                      pending_confirmation=counts.get(("pending_confirmation", left), 0))
        for left in range(-1, BACKLOG_MAX_DAYS + 1)
    ]


def throughput(*, session: Session, span: Window) -> list[ReviewerThroughput]:
    """Decisions per reviewer per WIB day of the window, busiest reviewer first."""
    steps = (
        select(ReviewStep.user_id, _wib_day(session, ReviewStep.created_at).label("day"))
        .where(ReviewStep.step == "decision", _in_window(ReviewStep.created_at, span))
        .subquery()
    )
    stmt = select(steps.c.user_id, steps.c.day, func.count()).group_by(
        steps.c.user_id, steps.c.day
    )
    per_user: dict[int, dict[date, int]] = {}
    for user_id, day, n in session.execute(stmt):
        per_user.setdefault(user_id, {})[_as_date(day)] = n
    names = _names(session, per_user)
    rows = [
        ReviewerThroughput(
            user_id=user_id, name=names[user_id], total=sum(days.values()),
            per_day=[DayCount(day=d, count=days.get(d, 0)) for d in span.days],
        )
        for user_id, days in per_user.items()
    ]
    return sorted(rows, key=lambda r: (-r.total, r.name))


def agreement(*, session: Session) -> AgreementRead:
    """Of each reviewer's violation verdicts, how many a coordinator confirmed or rejected.

    A verdict's answer is the item's next step: a confirmation, a rejection, or a reopening
    (which withdraws the verdict unanswered). All time: a rate needs every answer there is.
    """
    answer = func.lead(ReviewStep.step).over(
        partition_by=ReviewStep.item_id, order_by=(ReviewStep.created_at, ReviewStep.id)
    )
    violation = (ReviewStep.step == "decision") & (ReviewStep.verdict == "violation")
    steps = (
        select(ReviewStep.user_id, ReviewStep.step, ReviewStep.verdict, answer.label("answer"))
        .where(ReviewStep.item_id.in_(select(ReviewStep.item_id).where(violation)))
        .subquery()
    )
    stmt = (
        select(steps.c.user_id, steps.c.answer, func.count())
        .where(steps.c.step == "decision", steps.c.verdict == "violation")
        .group_by(steps.c.user_id, steps.c.answer)
    )
    answers: dict[int, Counter[str | None]] = {}
    for user_id, step, n in session.execute(stmt):
        answers.setdefault(user_id, Counter())[step] += n
    names = _names(session, answers)
    reviewers = sorted(
        (_agreement(counts, user_id, names[user_id]) for user_id, counts in answers.items()),
        key=lambda r: (-r.violations, r.name or ""),
    )
    overall = _agreement(sum(answers.values(), Counter()), None, None)
    return AgreementRead(overall=overall, reviewers=reviewers)


def _agreement(counts: Counter[str | None], user_id: int | None,
               name: str | None) -> ReviewerAgreement:
    confirmed, rejected = counts["confirmation"], counts["rejection"]
    total = sum(counts.values())
    answered = confirmed + rejected
    return ReviewerAgreement(
        user_id=user_id, name=name, violations=total, confirmed=confirmed, rejected=rejected,
        unanswered=total - answered, agreement=confirmed / answered if answered else None,
    )


def dashboard(*, session: Session, now: datetime, days: int = WINDOW_DAYS) -> DashboardRead:
    """Every dashboard figure as of `now`; flags and throughput over the last `days` WIB days."""
    span = window(now, days)
    return DashboardRead(
        generated_at=now, window_days=days, since=span.since,
        statuses=status_counts(session=session),
        flags_by_region=flags_by_region(session=session, span=span),
        flags_by_day=flags_by_day(session=session, span=span),
        backlog=backlog(session=session, now=now),
        throughput=throughput(session=session, span=span),
        agreement=agreement(session=session),
    )
