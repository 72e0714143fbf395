"""`pantau sources`: what the collectors watch, on what schedule."""

from __future__ import annotations

import sys
from datetime import timedelta

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from app.cli_session import in_session
from app.db import utcnow
from app.errors import Invalid
from app.sources import service
from app.sources.kinds import KINDS, format_every, parse_every
from app.sources.quotas import HASHTAGS_PER_WINDOW


def _key_values(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r}: write KEY=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out


@click.group("sources")
def sources() -> None:
    """Sources the scheduled collectors pull from."""


@sources.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(list(KINDS)))
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="e.g. keywords='Mas Bima,Bekasi Juara' hashtags=BekasiJuara days_back=7")
@click.option("--every", default="15m", show_default=True, help="30m, 6h, 1d …")
def add(name: str, kind: str, params: tuple[str, ...], every: str) -> None:
    """Add a source; it runs at the next worker tick."""
    values = _key_values(params)
    source = in_session(lambda s: service.add(s, name=name, kind=kind, params=values,
                                               every=every, now=utcnow()))
    click.echo(f"added {source.name} ({source.kind}, every {format_every(source.every_seconds)})")


@sources.command("list")
def list_() -> None:
    """Every source with its schedule and health."""
    def rows(session: Session) -> list[tuple[str, ...]]:
        return [(s.name, s.kind, format_every(s.every_seconds), "on" if s.enabled else "off",
                 s.last_run_at.isoformat(timespec="minutes") if s.last_run_at else "never",
                 s.next_run_at.isoformat(timespec="minutes"), str(s.error_streak),
                 (s.last_error or "")[:60]) for s in service.list_all(session)]

    table = Table("name", "kind", "every", "enabled", "last run", "next run", "errors",
                  "last error")
    for row in in_session(rows):
        table.add_row(*row)
    # A pipe gets full rows, not names cut to fit 80 columns.
    Console(width=None if sys.stdout.isatty() else 200).print(table)


@sources.command("health")
@click.option("--max-lag", default="30m", show_default=True,
              help="a source this far past its time is overdue (no worker is running it)")
@click.option("--max-errors", default=3, show_default=True,
              help="a source with this many failed runs in a row is failing")
def health(max_lag: str, max_errors: int) -> None:
    """Are the workers keeping up? Exits 1 when a source is overdue or failing."""
    from app.cli import _fail
    from app.sources import health as checks

    try:
        lag = timedelta(seconds=parse_every(max_lag, minimum=0, option="--max-lag"))
    except Invalid as exc:
        _fail(exc.message)
    now = utcnow()
    report = in_session(lambda s: checks.check(s, now, max_lag=lag, max_errors=max_errors))
    table = Table("source", "kind", "state", "detail")
    for source in report.sources:
        table.add_row(source.name, source.kind, source.state, source.detail)
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    for quota in report.quotas:
        if quota.platform == "instagram":
            line = f"{quota.platform} {quota.name}: at {quota.used}%"
        else:
            line = f"{quota.platform} {quota.name}: {quota.left} of {quota.limit} left today"
        if quota.blocked_until and quota.blocked_until > now:
            line += f", paused until {quota.blocked_until:%Y-%m-%d %H:%M} UTC"
        click.echo(line)
    if report.problems:
        _fail(f"{len(report.problems)} of {len(report.sources)} sources need attention: "
              + ", ".join(f"{p.name} ({p.state})" for p in report.problems))
    click.echo(f"healthy: {len(report.sources)} sources")


@sources.command("enable")
@click.argument("name")
def enable(name: str) -> None:
    """Switch a source on; it runs at the next tick."""
    in_session(lambda s: service.set_enabled(s, name, True, utcnow()))
    click.echo(f"enabled {name}")


@sources.command("disable")
@click.argument("name")
def disable(name: str) -> None:
    """Switch a source off; its cursor is kept for when it comes back."""
    in_session(lambda s: service.set_enabled(s, name, False, utcnow()))
    click.echo(f"disabled {name}")


@sources.command("generate")
@click.option("--election", "election", required=True,
              help="the election's name as a slug, or office-region-year (walikota-32.75-2024)")
def generate(election: str) -> None:
    """Build (or refresh) the sources an election needs from the watch-list."""
    def work(session: Session) -> tuple[list[tuple[str, str, bool, dict]], list[str]]:
        made = [(s.name, s.kind, created, s.params)
                for s, created in service.generate(session, election, utcnow())]
        return made, service.watched_hashtags(session)

    made, hashtags = in_session(work)
    for name, kind, created, params in made:
        sizes = ", ".join(f"{k} {len(v)}" for k, v in params.items() if isinstance(v, list))
        click.echo(f"{'created' if created else 'refreshed'} {name} ({kind}: {sizes})")
    if len(hashtags) > HASHTAGS_PER_WINDOW:
        click.echo(f"warning: the Instagram hashtag sources ask for {len(hashtags)} hashtags; "
                   f"Graph allows {HASHTAGS_PER_WINDOW} in any 7 days, so the rest wait their "
                   "turn. Disable the sources or trim the hashtags you need least.", err=True)


@sources.command("run")
@click.argument("name")
def run_(name: str) -> None:
    """Run one source now, in the foreground, page by page."""
    from app.cli import _factory, _fail
    from app.config import get_settings
    from app.sources import runner
    from app.sources.adapters import collectors
    from app.sources.worker import worker_name

    settings = get_settings()
    me = f"{worker_name()}:cli"
    lease = timedelta(seconds=settings.source_lease_seconds)
    source = in_session(lambda s: runner.claim_named(s, name, me, utcnow(), lease))
    pages = 0

    def progress(page: runner.Page) -> None:
        nonlocal pages
        pages += 1
        click.echo(f"page {pages}: {len(page.posts)} items", err=True)

    factory = _factory()
    result = runner.run(factory, source.id, collect=collectors(settings, factory), worker=me,
                        model_cache_dir=settings.model_cache_dir,
                        matcher_cache_dir=settings.matcher_cache_dir,
                        threshold=settings.flag_threshold, on_page=progress, lease=lease)
    summary = (f"{result.source}: {result.status}, {result.pages} pages, {result.items_new} new, "
               f"{result.items_updated} updated, {result.flagged} flagged")
    if result.next_run_at is not None:  # a run taken over by a worker has no schedule of its own
        summary += f"; next run {result.next_run_at:%Y-%m-%d %H:%M} UTC"
    if result.status != "ok":
        _fail(f"{summary}: {result.error}")
    click.echo(summary)
