"""The `pantau` command: database, watch-list, imports, classification, API keys, the server."""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy.orm import sessionmaker

from app.audit.cli import audit_group
from app.config import get_settings
from app.db import make_engine, session_scope
from app.errors import PantauError
from app.exports.cli import CLI_ACTOR
from app.exports.cli import export as export_cases_cli
from app.review.cli import review_group
from app.sources.cli import sources as sources_group
from app.sources.worker_cli import worker as worker_command
from app.users.cli import user as user_cli

if TYPE_CHECKING:
    from classifiers.support import Example, SupportClassifier

err = Console(stderr=True)
# Lines classified per model call: large enough to amortise the call, small enough to stream.
CLASSIFY_BATCH = 1000


def _factory() -> sessionmaker:
    return sessionmaker(bind=make_engine(get_settings().database_url), expire_on_commit=False)


def _fail(message: str) -> None:
    # soft_wrap keeps the message on one line however narrow the console; escape keeps
    # brackets in paths and messages from being read as rich markup.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True,
              soft_wrap=True)
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
            watchlist_service.record_import(session=session, result=result, file_name=path.name,
                                            user_id=None, actor=CLI_ACTOR)
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
            matcher_cache_dir=settings.matcher_cache_dir,
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
              help="flags:read, posts:read or imports:write; repeat for several.")
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


def _stdin_lines(stream: BinaryIO) -> Iterator[str]:
    """Stdin's lines, each cut to the longest text a post may have.

    A line is read in bounded chunks, so one endless line cannot exhaust memory; invalid
    UTF-8 becomes U+FFFD rather than an error, so every line still gets its answer.
    """
    from collectors.base import MAX_TEXT_CHARS

    limit = MAX_TEXT_CHARS * 4  # UTF-8 takes at most four bytes a character
    while chunk := stream.readline(limit):
        rest = chunk
        while len(rest) == limit and not rest.endswith(b"\n"):
            rest = stream.readline(limit)
        yield chunk.rstrip(b"\r\n").decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]


def _load_classifier(path: Path | None) -> SupportClassifier:
    from classifiers.support import ModelVersionError, SupportClassifier, load_default

    if path is None:
        # The first use trains the model, which takes a while; say so on a terminal.
        with err.status("loading the support classifier (trained on first use)"):
            return load_default(get_settings().model_cache_dir)
    try:
        return SupportClassifier.load(path)
    except ModelVersionError as exc:
        _fail(str(exc))


@main.command()
@click.option("--model", "model_path", default=None,
              type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="A model saved by `pantau classifier train --out`; default: the shipped one.")
def classify(model_path: Path | None) -> None:
    """Classify stdin, one text a line: one JSON object a line out (label, score, explanation)."""
    model = _load_classifier(model_path)
    lines = _stdin_lines(sys.stdin.buffer)
    # Bytes, not text: UTF-8 whatever the locale says, since captions are rarely ASCII.
    out = sys.stdout.buffer
    # Typed at a terminal, each line is answered at once; piped, lines go in batches.
    batch_size = 1 if sys.stdin.isatty() else CLASSIFY_BATCH
    while batch := list(itertools.islice(lines, batch_size)):
        for result in model.predict(batch):
            row = {"label": result.label, "score": result.score, "explanation": result.explanation}
            out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        out.flush()


@main.group()
def classifier() -> None:
    """The support classifier: training and evaluation."""


def _training_data(extra: tuple[Path, ...]) -> tuple[list[Example], str]:
    """The shipped corpus plus extra labelled CSVs, and a digest naming exactly that data."""
    from classifiers.support import CorpusError, corpus_digest, load_corpus

    examples: list[Example] = []
    for path in (None, *extra):  # None: every shipped corpus file
        try:
            examples += load_corpus(path)
        except CorpusError as exc:
            _fail(str(exc))
        except UnicodeDecodeError as exc:
            _fail(f"{path or 'the shipped corpus'}: not UTF-8 ({exc.reason} at byte {exc.start})")
    # Without extras the digest is the shipped corpus's own, the one load_default names by.
    digests = [corpus_digest(), *(corpus_digest(p) for p in extra)]
    digest = digests[0] if not extra else hashlib.sha256("".join(digests).encode()).hexdigest()
    return examples, digest


def _steps(progress: Progress, total: int) -> Callable[[str], None]:
    """A callback that shows each step's name as it starts."""
    task = progress.add_task("starting", total=total)
    done = itertools.count()
    return lambda name: progress.update(task, description=name, completed=next(done))


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, disable=not err.is_terminal, transient=True,
    )


_EXTRA = click.option(
    "--extra", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="More labelled rows (text,label,source,note[,category]), e.g. reviewer decisions "
         "with source 'decisions'; repeat for several.",
)


@classifier.command("train")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to save the model (its card goes beside it); required with --extra. "
                   "Default: the model cache, where `pantau serve` and imports look.")
@_EXTRA
def classifier_train(out: Path | None, extra: tuple[Path, ...]) -> None:
    """Measure on the held-out split, then train on everything and save with a model card."""
    from classifiers import evaluation
    from classifiers.support import train

    if extra and out is None:
        raise click.UsageError("--extra needs --out: the default place is for the shipped corpus")
    settings = get_settings()
    examples, digest = _training_data(extra)
    with _progress() as progress:
        step = _steps(progress, total=2)
        heldout = evaluation.evaluate_heldout(
            examples, threshold=settings.flag_threshold, on_step=step
        )
        step(f"training on all {len(examples)} examples")
        model, card = train(examples, digest=digest)
    card["metrics"] = {
        "threshold": settings.flag_threshold,
        "sources": evaluation.composition(examples),
        "heldout": None if heldout is None else evaluation.without_curves(heldout),
    }
    path = out or settings.model_cache_dir / f"{card['model_version']}.joblib"
    model.save(path, card=card)
    _print_training_summary(card["metrics"], path)


def _print_training_summary(metrics: dict, path: Path) -> None:
    for source, labels in metrics["sources"].items():
        counts = ", ".join(f"{label} {n}" for label, n in labels.items())
        click.echo(f"{source}: {sum(labels.values())} examples ({counts})")
    heldout = metrics["heldout"]
    if heldout is None:
        click.echo("held-out: no rows to hold out (no 'handwritten' source)")
    else:
        s, ff = heldout["per_class"]["support"], heldout["neutrality_false_flags"]
        click.echo(f"held-out ({heldout['examples']} examples, {s['support']} support): support "
                   f"precision {s['precision']:.3f}, recall {s['recall']:.3f}, F1 {s['f1']:.3f}")
        rate = "n/a" if ff["rate"] is None else f"{ff['flagged']}/{ff['total']} = {ff['rate']:.1%}"
        click.echo(f"held-out neutrality false flags: {rate}")
    click.echo(f"model: {path}")
    click.echo(f"card:  {path.with_suffix('.card.json')}")


@classifier.command("evaluate")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder for evaluation.json, confusion.txt, pr_curve.png "
                   "[default: <var_dir>/evaluation].")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@_EXTRA
def classifier_evaluate(out: Path | None, folds: int, extra: tuple[Path, ...]) -> None:
    """Cross-validate on the training split and measure on the fixed held-out split."""
    from classifiers import evaluation

    settings = get_settings()
    out = out or settings.var_dir / "evaluation"
    examples, digest = _training_data(extra)
    with _progress() as progress:
        result = evaluation.evaluate(
            examples, folds=folds, threshold=settings.flag_threshold,
            on_step=_steps(progress, total=folds + 1),
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / "evaluation.json").write_text(
        json.dumps({**result, "training_data_sha256": digest}, indent=2, ensure_ascii=False)
        + "\n", encoding="utf-8",
    )
    (out / "confusion.txt").write_text(evaluation.confusion_report(result), encoding="utf-8")
    evaluation.write_pr_curve(out / "pr_curve.png", heldout=result["heldout"],
                              cross_validation=result["cross_validation"])
    click.echo(evaluation.format_result("held-out", result["heldout"]))
    click.echo()
    click.echo(evaluation.format_result(f"cross-validation ({folds} folds, training split)",
                                        result["cross_validation"]))
    click.echo()
    click.echo(evaluation.verdict(result["heldout"]))
    click.echo(f"wrote {out / 'evaluation.json'}, {out / 'confusion.txt'}, "
               f"{out / 'pr_curve.png'}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the API (and the OpenAPI docs at /docs)."""
    import uvicorn

    from app.main import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


main.add_command(audit_group)
main.add_command(export_cases_cli)
main.add_command(review_group)
main.add_command(sources_group)
main.add_command(worker_command)
main.add_command(user_cli)


if __name__ == "__main__":
    main()
