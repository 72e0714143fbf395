"""`pantau review training-data`: reviewer decisions as a training CSV."""

from __future__ import annotations

from pathlib import Path

import click

from app.db import session_scope
from app.review import training


@click.group("review")
def review_group() -> None:
    """The review queue's record."""


@review_group.command("training-data")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="CSV to write; pass it to `pantau classifier train --extra`.")
def training_data(out: Path) -> None:
    """Settled decisions (closed, or confirmed) as labelled examples, source `decisions`."""
    # Imported here: app.cli imports this module to register the group.
    from app.cli import _factory

    out.parent.mkdir(parents=True, exist_ok=True)
    with session_scope(_factory()) as session, out.open("w", newline="", encoding="utf-8") as f:
        n = training.write_csv(session, f)
    click.echo(f"wrote {n} labelled examples to {out}")
