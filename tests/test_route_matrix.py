"""Every route against every role: nobody reaches what their role does not allow.

The table below must name every route the app serves, so a new route fails this test until
someone decides who may use it.
"""

from __future__ import annotations

from app.users.permissions import PERMISSIONS
from tests.web_login import bearer, make_login

# (method, path) -> a permission from app/users/permissions.py, or:
#   "public"  anyone, logged in or not;  "user"  any logged-in user;
#   "partner" partner API keys only (a user's token is not one).
ROUTES = {
    ("GET", "/api/v1/flags"): "partner",
    ("GET", "/api/v1/posts/{post_id}"): "partner",
    ("POST", "/api/v1/auth/token"): "public",
    ("DELETE", "/api/v1/auth/token"): "user",
    ("GET", "/api/v1/auth/me"): "user",
    ("GET", "/"): "public",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "public",
    ("POST", "/language"): "public",
    ("GET", "/admin/users"): "admin",
    ("POST", "/admin/users"): "admin",
    ("POST", "/admin/users/{user_id}/role"): "admin",
    ("POST", "/admin/users/{user_id}/active"): "admin",
    ("POST", "/api/v1/review/claim"): "review",
    ("GET", "/api/v1/review/items/{item_id}"): "dashboard",
    ("POST", "/api/v1/review/items/{item_id}/claim"): "review",
    ("POST", "/api/v1/review/items/{item_id}/renew"): "review",
    ("POST", "/api/v1/review/items/{item_id}/release"): "review",
    ("POST", "/api/v1/review/items/{item_id}/decision"): "review",
    ("POST", "/api/v1/review/items/{item_id}/confirmation"): "confirm",
    ("POST", "/api/v1/review/items/{item_id}/reopen"): "reopen",
    ("GET", "/review"): "review",
    ("GET", "/review/items/{item_id}"): "dashboard",
    ("POST", "/review/items/{item_id}/claim"): "review",
    ("POST", "/review/items/{item_id}/skip"): "review",
    ("POST", "/review/items/{item_id}/decision"): "review",
    ("GET", "/review/pending"): "confirm",
    ("POST", "/review/items/{item_id}/confirmation"): "confirm",
    ("POST", "/review/items/{item_id}/reopen"): "reopen",
    ("GET", "/dashboard"): "dashboard",
    ("GET", "/api/v1/dashboard"): "dashboard",
    ("GET", "/exports"): "export",
    ("GET", "/exports/cases.{fmt}"): "export",
    ("GET", "/cases/{item_id}/report"): "export",
    ("GET", "/admin/watchlist/people"): "admin",
    ("POST", "/admin/watchlist/people"): "admin",
    ("GET", "/admin/watchlist/people/{person_id}"): "admin",
    ("POST", "/admin/watchlist/people/{person_id}"): "admin",
    ("POST", "/admin/watchlist/people/{person_id}/delete"): "admin",
    ("POST", "/admin/watchlist/people/{person_id}/accounts"): "admin",
    ("GET", "/admin/watchlist/elections"): "admin",
    ("POST", "/admin/watchlist/elections"): "admin",
    ("GET", "/admin/watchlist/elections/{election_id}"): "admin",
    ("POST", "/admin/watchlist/elections/{election_id}"): "admin",
    ("POST", "/admin/watchlist/elections/{election_id}/candidates"): "admin",
    ("GET", "/admin/watchlist/candidates/{candidate_id}"): "admin",
    ("POST", "/admin/watchlist/candidates/{candidate_id}"): "admin",
    ("POST", "/admin/watchlist/candidates/{candidate_id}/delete"): "admin",
    ("POST", "/admin/watchlist/candidates/{candidate_id}/accounts"): "admin",
    ("POST", "/admin/watchlist/accounts/{account_id}/delete"): "admin",
    # Zeeschuimer's 4CAT protocol; an API key with scope imports:write may use them too.
    ("POST", "/api/import-dataset/"): "upload",
    ("GET", "/api/check-query/"): "upload",
}
ROLES = ("reviewer", "coordinator", "admin")
PARAMS = {"{post_id}": "1", "{user_id}": "1", "{item_id}": "1", "{fmt}": "csv",
          "{person_id}": "1", "{election_id}": "1", "{candidate_id}": "1", "{account_id}": "1"}


def _served(app) -> set[tuple[str, str]]:
    found = set()
    for mounted in app.routes:
        for route in getattr(getattr(mounted, "original_router", None), "routes", []):
            found |= {(m, route.path) for m in route.methods if m != "HEAD"}
    return found


def _url(path: str) -> str:
    for name, value in PARAMS.items():
        path = path.replace(name, value)
    return path



def test_every_route_is_in_the_table(client):
    assert _served(client.app) == set(ROUTES), "decide who may use the new route, add it here"
    assert set(ROUTES.values()) - {"public", "user", "partner"} <= set(PERMISSIONS)


def test_route_role_matrix(client, session_factory):
    tokens = {}
    for role in ROLES:
        make_login(session_factory, f"matrix_{role}", role, role.title())
        tokens[role] = bearer(client, f"matrix_{role}")
    problems = []
    # Revoking the token goes last: it ends the login the other requests use.
    order = sorted(ROUTES.items(), key=lambda kv: (kv[0] == ("DELETE", "/api/v1/auth/token"), kv))
    for (method, path), need in order:
        if need == "public":
            continue
        url = _url(path)
        anonymous = client.request(method, url)
        page = not path.startswith("/api/")
        if page and need != "partner":
            if not (anonymous.status_code == 303 and "/login" in anonymous.headers["location"]):
                problems.append(f"anonymous {method} {path}: {anonymous.status_code}")
        elif anonymous.status_code != 401:
            problems.append(f"anonymous {method} {path}: {anonymous.status_code}")
        for role in ROLES:
            status = client.request(method, url, headers=tokens[role]).status_code
            if need == "partner":
                ok = status == 401
            elif need == "user" or role in PERMISSIONS[need]:
                ok = status not in (401, 403)
            else:
                ok = status == 403
            if not ok:
                problems.append(f"{role} {method} {path} (needs {need}): {status}")
    assert not problems, "\n".join(problems)
