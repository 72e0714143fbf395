"""`pantau audit verify`: prove the record has not been edited since it was written."""

from __future__ import annotations

import sys

import click

from app.audit import service as audit
from app.db import session_scope


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
def verify() -> None:
    """Walk the chain; name the first broken entry and exit 1 if there is one."""
    # Imported here: app.cli imports this module to register the group.
    from app.cli import _factory

    with session_scope(_factory()) as session:
        check = audit.verify(session)
    if check.ok:
        click.echo(f"audit chain intact: {check.entries} entries")
        return
    click.echo(f"audit chain BROKEN at entry {check.first_broken_id} "
               f"(entry {check.entries} in order): {check.reason}", err=True)
    sys.exit(1)
