"""Logging in through the real login page and personal tokens, for HTTP tests of other pages."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.users import service as users_service
from app.users.models import User

PASSWORD = "kopi-tubruk-2024"


def make_login(session_factory: sessionmaker[Session], username: str, role: str,
               display_name: str, unit: str | None = None) -> User:
    """An account that can log in, committed so the app's own sessions see it."""
    with session_factory() as s:
        user = users_service.create_user(s, username, PASSWORD, role, display_name, unit)
        s.commit()
        return user


def login(client: TestClient, username: str) -> None:
    """A browser session: the login form's CSRF cookie, then the form post."""
    client.get("/login")
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": client.cookies.get("pantau_csrf")})
    assert response.status_code == 303, response.text


def bearer(client: TestClient, username: str) -> dict[str, str]:
    """Headers with a personal token, as a script would send them."""
    response = client.post("/api/v1/auth/token", json={"username": username,
                                                       "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
