"""`pantau user` as an admin runs it: passwords from stdin or a prompt, clear refusals."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEntry
from app.cli import main
from app.config import get_settings
from app.users import passwords
from app.users import service as users_service

Pantau = Callable[..., Result]


@pytest.fixture
def pantau(database_url: str, session_factory: sessionmaker[Session],
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Pantau]:
    monkeypatch.setenv("PANTAU_DATABASE_URL", database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args, input=None: runner.invoke(main, list(args), input=input)
    get_settings.cache_clear()


def test_create_with_the_password_on_stdin(
    pantau: Pantau, session_factory: sessionmaker[Session]
) -> None:
    done = pantau("user", "create", "Siti", "--role", "coordinator", "--display-name",
                  "Siti Rahma", "--unit", "Bawaslu Kota Bogor", "--password-stdin",
                  input="nasi-uduk-betawi\nignored second line\n")
    assert done.exit_code == 0, done.output
    assert done.stdout == "created coordinator siti\n"
    with session_factory() as s:
        siti = users_service.get_by_username(s, "siti")
        assert (siti.display_name, siti.unit, siti.role) == ("Siti Rahma", "Bawaslu Kota Bogor",
                                                             "coordinator")
        assert passwords.verify(siti.password_hash, "nasi-uduk-betawi")
        entry = s.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.actor, entry.user_id) == ("user.create", "cli", None)


def test_create_asks_for_the_password_twice(
    pantau: Pantau, session_factory: sessionmaker[Session]
) -> None:
    done = pantau("user", "create", "ana", "--role", "reviewer",
                  input="nasi-uduk-betawi\nnasi-uduk-betawi\n")
    assert done.exit_code == 0, done.output
    assert "nasi-uduk-betawi" not in done.output  # the prompt does not echo it
    with session_factory() as s:
        assert passwords.verify(users_service.get_by_username(s, "ana").password_hash,
                                "nasi-uduk-betawi")


def test_refusals_say_why_and_exit_1(pantau: Pantau) -> None:
    short = pantau("user", "create", "ana", "--role", "reviewer", "--password-stdin",
                   input="pendek\n")
    assert short.exit_code == 1 and "error: the password needs at least 10" in short.stderr
    assert pantau("user", "create", "ana", "--role", "reviewer", "--password-stdin",
                  input="nasi-uduk-betawi\n").exit_code == 0
    taken = pantau("user", "create", "ana", "--role", "admin", "--password-stdin",
                   input="nasi-uduk-betawi\n")
    assert taken.exit_code == 1 and "'ana' is taken" in taken.stderr
    bad_role = pantau("user", "create", "budi", "--role", "boss", "--password-stdin", input="x\n")
    assert bad_role.exit_code == 2 and "'boss' is not one of" in bad_role.stderr
    nobody = pantau("user", "deactivate", "nobody")
    assert nobody.exit_code == 1 and "no user 'nobody'" in nobody.stderr


def test_list_set_role_deactivate_and_set_password(
    pantau: Pantau, session_factory: sessionmaker[Session]
) -> None:
    for name, role in (("root", "admin"), ("ana", "reviewer")):
        pantau("user", "create", name, "--role", role, "--password-stdin",
               input="nasi-uduk-betawi\n")
    assert pantau("user", "set-role", "ana", "coordinator").stdout == "ana is now coordinator\n"
    assert pantau("user", "deactivate", "ana").exit_code == 0
    last_admin = pantau("user", "deactivate", "root")
    assert last_admin.exit_code == 1 and "last active admin" in last_admin.stderr
    listing = pantau("user", "list").stdout.splitlines()
    assert [line.split()[:3] for line in listing] == [["ana", "coordinator", "inactive"],
                                                     ["root", "admin", "active"]]
    assert pantau("user", "activate", "ana").exit_code == 0
    assert pantau("user", "set-password", "ana", "--password-stdin",
                  input="soto-betawi-enak\n").exit_code == 0
    with session_factory() as s:
        ana = users_service.get_by_username(s, "ana")
        assert ana.active and passwords.verify(ana.password_hash, "soto-betawi-enak")
