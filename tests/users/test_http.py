"""Login, logout, CSRF, admin pages and personal tokens through FastAPI's test client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEntry
from app.config import Settings
from app.main import create_app
from app.users import service as users_service
from app.users.dependencies import require
from app.users.models import User, WebSession
from tests.users.builders import PASSWORD, make_user

ECHO = "/api/v1/test-only/echo"


def _app(database_url: str, **settings: str) -> FastAPI:
    app = create_app(Settings(database_url=database_url, **settings))

    # A JSON route as other domains write them, to try require() from outside.
    def echo(user: Annotated[User, Depends(require("review"))]) -> dict[str, str]:
        return {"username": user.username}

    app.add_api_route(ECHO, echo, methods=["POST"])
    return app


@pytest.fixture
def app(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[FastAPI]:
    app = _app(database_url)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def people(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        make_user(s, "root", role="admin", display_name="Rini Admin")
        make_user(s, "ana", role="reviewer", display_name="Ana Reviewer")
        make_user(s, "koor", role="coordinator")
        s.commit()


def _login(client: TestClient, username: str = "ana", password: str = PASSWORD,
           next_: str = "/review") -> httpx.Response:
    client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": client.cookies.get("pantau_csrf") or "",
                                       "next": next_})


def _page_csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _set_cookie(response: httpx.Response, name: str) -> str:
    return next(h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}="))


def _count(session_factory: sessionmaker[Session], action: str) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).where(AuditEntry.action == action))


@pytest.mark.usefixtures("people")
def test_login_sets_a_session_cookie_the_page_scripts_cannot_read(client: TestClient) -> None:
    assert client.get("/").headers["location"] == "/login"
    page = client.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.text
    assert "HttpOnly" in _set_cookie(page, "pantau_csrf")
    done = _login(client)
    assert done.status_code == 303 and done.headers["location"] == "/review"
    cookie = _set_cookie(done, "pantau_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http, published on http
    assert client.get("/").headers["location"] == "/review"
    assert client.get("/login?next=/admin/users").headers["location"] == "/admin/users"


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(("settings", "base_url"), [
    ({"public_base_url": "https://pantau.bawaslu.example"}, "http://testserver"),
    ({}, "https://testserver"),
])
def test_cookies_are_secure_on_https(database_url: str, settings: dict, base_url: str) -> None:
    app = _app(database_url, **settings)
    with TestClient(app, base_url=base_url, follow_redirects=False) as client:
        csrf_cookie = _set_cookie(client.get("/login"), "pantau_csrf")
        assert "secure" in csrf_cookie.lower()
        # Sent by hand: over plain http the client rightly keeps a Secure cookie to itself.
        csrf = csrf_cookie.split(";")[0].split("=", 1)[1]
        done = client.post("/login", data={"username": "ana", "password": PASSWORD,
                                           "csrf_token": csrf},
                           headers={"Cookie": f"pantau_csrf={csrf}"})
        assert "secure" in _set_cookie(done, "pantau_session").lower()
    app.state.engine.dispose()


@pytest.mark.usefixtures("people")
def test_login_without_the_csrf_cookie_is_refused(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    forged = client.post("/login", data={"username": "ana", "password": PASSWORD,
                                         "csrf_token": "guessed"})
    assert forged.status_code == 403 and "pantau_session=" not in forged.headers.get(
        "set-cookie", "")
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(WebSession)) == 0


@pytest.mark.usefixtures("people")
def test_five_wrong_passwords_lock_the_account(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    for _ in range(5):
        refused = _login(client, password="wrong password")
        assert refused.status_code == 401 and "pantau_session=" not in refused.headers.get(
            "set-cookie", "")
        assert 'value="ana"' in refused.text  # the username is kept, the password is not
    assert _login(client).status_code == 401
    assert _count(session_factory, "login.failure") == 6
    assert _count(session_factory, "login.locked") == 1
    with session_factory() as s:
        assert users_service.get_by_username(s, "ana").locked_until is not None


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/",
                                    "/\\evil.example", "/\t/evil.example", "javascript:alert(1)"])
def test_login_goes_on_only_to_pages_of_this_site(client: TestClient, target: str) -> None:
    assert _login(client, next_=target).headers["location"] == "/"


@pytest.mark.usefixtures("people")
def test_a_page_sends_a_stranger_to_login_and_back(client: TestClient) -> None:
    page = client.get("/admin/users?sort=name")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fadmin%2Fusers%3Fsort%3Dname"
    login_form = client.get(page.headers["location"])
    assert 'name="next" value="/admin/users?sort=name"' in login_form.text
    done = _login(client, "root", next_="/admin/users?sort=name")
    assert done.headers["location"] == "/admin/users?sort=name"


@pytest.mark.usefixtures("people")
def test_the_api_answers_a_stranger_with_401_json(client: TestClient) -> None:
    for response in (client.get("/api/v1/auth/me"), client.post(ECHO)):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "log in first" in response.json()["detail"]


@pytest.mark.usefixtures("people")
def test_a_reviewer_may_not_see_the_admin_pages(client: TestClient) -> None:
    _login(client, "ana")
    page = client.get("/admin/users")
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert "Tidak diizinkan" in page.text and "Ana Reviewer" in page.text
    change = client.post("/admin/users/1/role", data={"role": "admin",
                                                      "csrf_token": _page_csrf(page.text)})
    assert change.status_code == 403


@pytest.mark.usefixtures("people")
def test_unsafe_cookie_requests_need_the_csrf_token(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _login(client, "ana")
    with session_factory() as s:
        csrf = s.scalar(select(WebSession.csrf_token))
    assert client.post(ECHO).status_code == 403
    assert client.post(ECHO, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.post(ECHO, data={"csrf_token": "wrong"}).status_code == 403
    assert client.post(ECHO, headers={"X-CSRF-Token": csrf}).json() == {"username": "ana"}
    assert client.post(ECHO, data={"csrf_token": csrf}).json() == {"username": "ana"}
    assert client.get("/api/v1/auth/me").status_code == 200  # safe methods need none


@pytest.mark.usefixtures("people")
def test_a_permission_the_role_lacks_is_403_json(client: TestClient) -> None:
    token = client.post("/api/v1/auth/token",
                        json={"username": "root", "password": PASSWORD}).json()["token"]
    refused = client.post(ECHO, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403 and "'review' permission" in refused.json()["detail"]


@pytest.mark.usefixtures("people")
def test_logout_needs_csrf_and_ends_the_session(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _login(client, "root")
    cookie = client.cookies.get("pantau_session")
    csrf = _page_csrf(client.get("/admin/users").text)
    assert client.post("/logout").status_code == 403
    assert client.get("/api/v1/auth/me").status_code == 200
    done = client.post("/logout", data={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert 'pantau_session=""' in _set_cookie(done, "pantau_session")
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(WebSession)) == 0
    assert _count(session_factory, "logout") == 1
    with TestClient(client.app, follow_redirects=False) as replay:
        replay.cookies.set("pantau_session", cookie)
        assert replay.get("/api/v1/auth/me").status_code == 401
        assert replay.get("/admin/users").status_code == 303


@pytest.mark.usefixtures("people")
def test_an_admin_manages_users_through_the_forms(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _login(client, "root")
    csrf = _page_csrf(client.get("/admin/users").text)
    new = {"username": "budi", "display_name": "Budi Santoso", "unit": "Bawaslu Kota Bogor",
           "role": "reviewer", "password": "rendang-padang-1"}
    assert client.post("/admin/users", data=new).status_code == 403
    assert client.post("/admin/users", data=new | {"csrf_token": csrf}).status_code == 303
    with session_factory() as s:
        budi = users_service.get_by_username(s, "budi")
    assert client.post(f"/admin/users/{budi.id}/role",
                       data={"role": "coordinator", "csrf_token": csrf}).status_code == 303
    assert client.post(f"/admin/users/{budi.id}/active",
                       data={"active": "false", "csrf_token": csrf}).status_code == 303
    with session_factory() as s:
        budi = users_service.get_by_username(s, "budi")
        assert (budi.role, budi.active, budi.unit) == ("coordinator", False, "Bawaslu Kota Bogor")
        actors = s.scalars(select(AuditEntry.actor).where(
            AuditEntry.object_id == str(budi.id), AuditEntry.action.like("user.%"))).all()
        assert actors == ["root", "root", "root"]
    page = client.get("/admin/users").text
    assert "Budi Santoso" in page and "Nonaktif" in page


@pytest.mark.usefixtures("people")
def test_a_refused_form_comes_back_with_the_reason_and_what_was_typed(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        root_id = users_service.get_by_username(s, "root").id
    _login(client, "root")
    csrf = _page_csrf(client.get("/admin/users").text)
    taken = client.post("/admin/users", data={"username": "ana", "display_name": "Ana Dua",
                                              "password": "rendang-padang-1",
                                              "csrf_token": csrf})
    assert taken.status_code == 409 and "is taken" in taken.text
    assert 'value="Ana Dua"' in taken.text and "rendang" not in taken.text
    last_admin = client.post(f"/admin/users/{root_id}/role", data={"role": "reviewer",
                                                                   "csrf_token": csrf})
    assert last_admin.status_code == 409 and "last active admin" in last_admin.text


@pytest.mark.usefixtures("people")
def test_a_display_name_is_shown_as_text_never_as_markup(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        make_user(s, "mallory", display_name='<script>alert("x")</script><b>bold</b>')
        s.commit()
    _login(client, "root")
    page = client.get("/admin/users").text
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold" in page


@pytest.mark.usefixtures("people")
def test_personal_tokens_from_password_to_revocation(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    made = client.post("/api/v1/auth/token",
                       json={"username": "koor", "password": PASSWORD, "name": "laptop",
                             "days": 7})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["token"].startswith("pantauu_") and body["name"] == "laptop"
    bearer = {"Authorization": f"Bearer {body['token']}"}
    me = client.get("/api/v1/auth/me", headers=bearer).json()
    assert me["username"] == "koor" and me["role"] == "coordinator"
    assert "confirm" in me["permissions"] and "admin" not in me["permissions"]
    # A bearer token is never sent by a browser on its own: no CSRF token needed.
    assert client.post(ECHO, headers=bearer).json() == {"username": "koor"}
    assert client.delete("/api/v1/auth/token", headers=bearer).status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401
    assert _count(session_factory, "token.create") == _count(session_factory, "token.revoke") == 1
    too_long = client.post("/api/v1/auth/token",
                           json={"username": "koor", "password": PASSWORD, "days": 91})
    assert too_long.status_code == 422


@pytest.mark.usefixtures("people")
def test_token_requests_count_toward_the_lockout(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    wrong = {"username": "ana", "password": "wrong password"}
    for _ in range(5):
        refused = client.post("/api/v1/auth/token", json=wrong)
        assert refused.status_code == 401 and "locked" in refused.json()["detail"]
    assert client.post("/api/v1/auth/token",
                       json={"username": "ana", "password": PASSWORD}).status_code == 401
    assert _count(session_factory, "login.locked") == 1
    assert _count(session_factory, "token.create") == 0


@pytest.mark.usefixtures("people")
def test_a_deactivated_users_token_is_refused(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    token = client.post("/api/v1/auth/token",
                        json={"username": "ana", "password": PASSWORD}).json()["token"]
    with session_factory() as s:
        users_service.set_active(s, users_service.get_by_username(s, "ana"), False)
        s.commit()
    refused = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403 and "deactivated" in refused.json()["detail"]


@pytest.mark.usefixtures("people")
def test_the_language_choice_needs_csrf_and_returns_to_the_page(client: TestClient) -> None:
    assert "Masuk ke Pantau" in client.get("/login").text
    csrf = client.cookies.get("pantau_csrf")
    back = {"Referer": "http://testserver/login?next=/admin/users"}
    assert client.post("/language", data={"lang": "en"}, headers=back).status_code == 403
    chosen = client.post("/language", data={"lang": "en", "csrf_token": csrf}, headers=back)
    assert chosen.status_code == 303 and chosen.headers["location"] == "/login?next=/admin/users"
    assert "httponly" in _set_cookie(chosen, "pantau_lang").lower()
    assert "Log in to Pantau" in client.get("/login").text
    elsewhere = client.post("/language", data={"lang": "id", "csrf_token": csrf},
                            headers={"Referer": "https://evil.example/"})
    assert elsewhere.headers["location"] == "/"
    _login(client, "root")
    session_csrf = _page_csrf(client.get("/admin/users").text)
    assert client.post("/language", data={"lang": "id", "csrf_token": csrf}).status_code == 403
    assert client.post("/language",
                       data={"lang": "id", "csrf_token": session_csrf}).status_code == 303
