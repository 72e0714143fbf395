"""One transaction for a command: the work commits, or its refusal prints and exits 1."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from app.db import session_scope
from app.errors import PantauError

T = TypeVar("T")


def in_session(work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction; a refusal prints its reason and exits 1."""
    # Imported here: app.cli imports the command modules that import this one.
    from app.cli import _factory, _fail

    try:
        with session_scope(_factory()) as session:
            return work(session)
    except PantauError as exc:
        _fail(exc.message)
        raise SystemExit(1) from exc  # _fail has exited already; this keeps the type honest
