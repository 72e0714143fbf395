"""The `pantau` command: database, watch-list, imports, API keys, the server."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.orm import sessionmaker

from app.config import get_settings
from app.db import make_engine, session_scope
from app.errors import PantauError

err = Console(stderr=True)


def _factory() -> sessionmaker:
    return sessionmaker(bind=make_engine(get_settings().database_url), expire_on_commit=False)


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    sys.exit(1)


@click.group()
def main() -> None:
    """Pantau: civil-servant neutrality monitoring for Bawaslu's internet-watch pokja."""


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Migrate PANTAU_DATABASE_URL to the newest schema and load the region codes."""
    from app.migrate import upgrade_database

    url = get_settings().database_url
    added = upgrade_database(url)
    click.echo(f"database at head; {added} regions added")


@main.group()
def watchlist() -> None:
    """The people who must stay neutral, and the candidates."""


@watchlist.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--kind", type=click.Choice(["people", "candidates"]), default=None,
              help="What the file holds; guessed from its header when left out.")
@click.option("--dry-run", is_flag=True, help="Validate and count, write nothing.")
def watchlist_import(path: Path, kind: str | None, dry_run: bool) -> None:
    """Import a people or candidates CSV/XLSX file; a file with errors writes nothing."""
    from app.watchlist import service as watchlist_service
    from app.watchlist.rows import detect_kind

    if not path.is_file():
        _fail(f"{path}: no such file")
    try:
        kind = kind or detect_kind(path)
    except ValueError as exc:
        _fail(f"{path}: {exc}")
    factory = _factory()
    session = factory()
    try:
        result = watchlist_service.import_file(session=session, path=path, kind=kind)
        if result.errors or dry_run:
            session.rollback()
        else:
            session.commit()
    except watchlist_service.WatchlistConflict as exc:
        session.rollback()
        result = watchlist_service.ImportResult(kind, errors=exc.errors)
    finally:
        session.close()
    for error in result.errors:
        err.print(f"{path.name} {error}", highlight=False, markup=False)
    if result.errors:
        _fail(f"{len(result.errors)} error(s) in {path}; nothing was written")
    verb = "would write" if dry_run else "wrote"
    click.echo(
        f"{kind}: {result.rows} rows; {verb} {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.accounts_changed} account changes"
    )


@main.group("import")
def import_() -> None:
    """Import captured posts."""


@import_.command("zeeschuimer")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--quiet", is_flag=True, help="No progress bar, no per-line problems.")
def import_zeeschuimer(paths: tuple[Path, ...], quiet: bool) -> None:
    """Import Zeeschuimer NDJSON exports (TikTok posts and comments, Instagram)."""
    from app.posts.capture_import import count_lines, import_captures

    settings = get_settings()
    show_progress = err.is_terminal and not quiet
    with Progress(
        TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, disable=not show_progress,
    ) as progress:
        task = progress.add_task("import", total=count_lines(paths) if show_progress else None)
        report = import_captures(
            list(paths), factory=_factory(), model_cache_dir=settings.model_cache_dir,
            threshold=settings.flag_threshold, batch_size=settings.ingest_batch_size,
            on_batch=lambda n: progress.advance(task, n),
        )
    if not quiet:
        for problem in report.errors[:200]:
            err.print(f"invalid: {problem}", highlight=False, markup=False)
        if len(report.errors) > 200:
            err.print(f"... and {len(report.errors) - 200} more problems")
    c = report.counts
    click.echo(
        f"read {c.read}, new {c.new}, updated {c.updated}, duplicate {c.duplicate}, "
        f"invalid {c.invalid}, skipped {c.skipped}, flagged {c.flagged}"
    )
    if report.errors and c.read == c.invalid + c.skipped:
        sys.exit(1)


@main.group()
def apikey() -> None:
    """Partner API keys."""


@apikey.command("create")
@click.option("--name", required=True, help="Who the key is for, e.g. 'BKN Jakarta'.")
@click.option("--scope", "scopes", multiple=True, required=True,
              help="flags:read or posts:read; repeat for several.")
def apikey_create(name: str, scopes: tuple[str, ...]) -> None:
    """Create a key and print it once; only its hash is stored."""
    from app.auth import service as auth_service

    try:
        with session_scope(_factory()) as session:
            key, token = auth_service.create(session=session, name=name, scopes=scopes)
            key_id = key.id
    except PantauError as exc:
        _fail(exc.message)
    click.echo(token)
    err.print(f"key #{key_id} for {name!r} ({', '.join(scopes)}); it is not shown again.",
              highlight=False, markup=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the API (and the OpenAPI docs at /docs)."""
    import uvicorn

    from app.main import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


if __name__ == "__main__":
    main()
