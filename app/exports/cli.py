"""`pantau export`: confirmed cases to a file, on the audit record like any export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

_DAY = click.DateTime(["%Y-%m-%d"])
# How the audit log names work done from the `pantau` command rather than by a logged-in user.
CLI_ACTOR = "cli"


@click.group("export")
def export() -> None:
    """Export confirmed cases."""


@export.command("cases")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True)
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The file to write.")
@click.option("--region", default=None, help="Kemendagri code; 32 covers 32.75.")
@click.option("--election", type=int, default=None, help="Election id.")
@click.option("--since", type=_DAY, default=None, help="First WIB day of posting, YYYY-MM-DD.")
@click.option("--until", type=_DAY, default=None, help="Last WIB day of posting, YYYY-MM-DD.")
def export_cases(fmt: str, out: Path, region: str | None, election: int | None,
                 since: datetime | None, until: datetime | None) -> None:
    """Write the confirmed cases to a CSV or XLSX file."""
    from sqlalchemy.orm import sessionmaker

    from app.config import get_settings
    from app.db import make_engine, session_scope
    from app.errors import PantauError
    from app.exports import service as export_service
    from app.exports.formats import WRITERS

    filters = export_service.CaseFilters(region, election, since and since.date(),
                                         until and until.date())
    factory = sessionmaker(bind=make_engine(get_settings().database_url))
    try:
        with session_scope(factory) as session:
            rows = export_service.export_cases(session=session, filters=filters, fmt=fmt,
                                               user_id=None, actor=CLI_ACTOR)
            data = WRITERS[fmt](rows)
    except PantauError as exc:
        raise click.ClickException(exc.message) from exc
    # Written after the commit: an export on the record that failed to write is better
    # than a file that left without a record.
    out.write_bytes(data)
    cases = len({r.case_id for r in rows})
    click.echo(f"wrote {cases} confirmed cases ({len(rows)} rows, one per person named) to {out}")
