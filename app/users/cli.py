"""`pantau user`: accounts from the command line, for the first admin and for scripts."""

from __future__ import annotations

import sys

import click
from sqlalchemy.orm import Session

from app.cli_session import in_session
from app.db import utcnow
from app.users import service as users_service
from app.users.models import ROLES

_ROLE = click.Choice(ROLES)
_PASSWORD_STDIN = click.option(
    "--password-stdin", is_flag=True,
    help="Read the password from the first line of stdin instead of asking for it.",
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("user")
def user() -> None:
    """Accounts: reviewers, coordinators and admins."""


@user.command("create")
@click.argument("username")
@click.option("--role", required=True, type=_ROLE)
@click.option("--display-name", default=None, help="The name pages show [default: USERNAME].")
@click.option("--unit", default=None, help="The supervising unit, e.g. 'Bawaslu Kota Bekasi'.")
@_PASSWORD_STDIN
def user_create(username: str, role: str, display_name: str | None, unit: str | None,
                password_stdin: bool) -> None:
    """Create an account; the password is asked for twice unless --password-stdin."""
    password = _read_password(password_stdin)
    created = in_session(lambda s: users_service.create_user(
        s, username, password, role, display_name, unit).username)
    click.echo(f"created {role} {created}")


@user.command("list")
def user_list() -> None:
    """Every account: username, role, status, last login (UTC), name and unit."""
    def rows(session: Session) -> list[tuple[str, ...]]:
        now = utcnow()
        return [
            (u.username, u.role,
             "inactive" if not u.active else
             "locked" if u.locked_until and u.locked_until > now else "active",
             u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-",
             u.display_name, u.unit or "")
            for u in users_service.list_(session)
        ]

    for row in in_session(rows):
        click.echo("{:<24} {:<12} {:<9} {:<17} {} {}".format(*row).rstrip())


@user.command("set-role")
@click.argument("username")
@click.argument("role", type=_ROLE)
def user_set_role(username: str, role: str) -> None:
    """Give an account another role."""
    in_session(lambda s: users_service.set_role(
        s, users_service.get_by_username(s, username), role))
    click.echo(f"{username} is now {role}")


def _set_active(username: str, active: bool) -> None:
    in_session(lambda s: users_service.set_active(
        s, users_service.get_by_username(s, username), active))
    click.echo(f"{username} is {'active' if active else 'deactivated'}")


@user.command("deactivate")
@click.argument("username")
def user_deactivate(username: str) -> None:
    """Deactivate an account and end its browser sessions; its history stays."""
    _set_active(username, False)


@user.command("activate")
@click.argument("username")
def user_activate(username: str) -> None:
    """Let a deactivated account log in again."""
    _set_active(username, True)


@user.command("set-password")
@click.argument("username")
@_PASSWORD_STDIN
def user_set_password(username: str, password_stdin: bool) -> None:
    """Replace a password; ends the account's sessions, revokes its tokens, lifts a lockout."""
    password = _read_password(password_stdin)
    in_session(lambda s: users_service.set_password(
        s, users_service.get_by_username(s, username), password))
    click.echo(f"password of {username} changed")
