"""The reviewer's and coordinator's pages: claim, read the evidence, decide with the keyboard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.db import utcnow
from app.dependencies import DbSession
from app.errors import PantauError
from app.review import decisions, evidence, queue
from app.review.categories import SKB_CATEGORIES, category_name
from app.review.wording import WORDS
from app.users.dependencies import require_page
from app.users.models import User
from app.users.permissions import allowed
from app.web import render, request_locale

router = APIRouter(tags=["pages"], include_in_schema=False)

Reviewer = Annotated[User, Depends(require_page("review"))]
Coordinator = Annotated[User, Depends(require_page("confirm"))]
Reopener = Annotated[User, Depends(require_page("reopen"))]
Viewer = Annotated[User, Depends(require_page("dashboard"))]
SKIP_KEPT = 50


def _skips(raw: str) -> list[int]:
    ids = [int(p) for p in raw.split(",") if p.strip().isdigit()]
    return ids[-SKIP_KEPT:]


def _see(item_id: int, skip: list[int] | None = None) -> RedirectResponse:
    query = f"?skip={','.join(map(str, skip))}" if skip else ""
    return RedirectResponse(f"/review/items/{item_id}{query}", status_code=303)


@router.get("/review")
def next_item(request: Request, session: DbSession, user: Reviewer,
              skip: Annotated[str, Query(max_length=2000)] = "") -> Response:
    """Claim the next item and show it; an empty queue says so."""
    skipped = _skips(skip)
    item = queue.claim_next(session, user, utcnow(), skip=set(skipped))
    if item is None:
        return render(request, "review/empty.html", skipped=len(skipped))
    return _see(item.id, skipped)


def _item_page(request: Request, session: DbSession, user: User, item_id: int, *,
               error: str | None = None, status_code: int = 200,
               skip: str = "", submitted: dict[str, str] | None = None) -> HTMLResponse:
    ev = evidence.gather(session, item_id, utcnow())
    locale = request_locale(request)
    return render(
        request, "review/item.html", status_code=status_code, ev=ev, error=error,
        categories=[(n, category_name(n, locale)) for n in SKB_CATEGORIES],
        category_name=lambda n: category_name(n, locale),
        holds=ev.item.claimed_by_id == user.id and ev.item.status == "open",
        can_review=allowed(user.role, "review"), can_confirm=allowed(user.role, "confirm")
        and ev.item.decided_by_id != user.id, can_reopen=allowed(user.role, "reopen"),
        skip=skip, words=WORDS, submitted=submitted or {},
    )


@router.get("/review/items/{item_id}")
def item_page(request: Request, item_id: int, session: DbSession, user: Viewer,
              skip: Annotated[str, Query(max_length=2000)] = "") -> HTMLResponse:
    return _item_page(request, session, user, item_id, skip=skip)


@router.post("/review/items/{item_id}/claim")
def claim_item(request: Request, item_id: int, session: DbSession, user: Reviewer) -> Response:
    try:
        queue.claim(session, user, item_id, utcnow())
    except PantauError as exc:
        return _item_page(request, session, user, item_id, error=exc.message,
                          status_code=exc.status_code)
    return _see(item_id)


@router.post("/review/items/{item_id}/skip")
def skip_item(item_id: int, session: DbSession, user: Reviewer,
              skip: Annotated[str, Form(max_length=2000)] = "") -> Response:
    queue.release(session, user, item_id, utcnow())
    skipped = [*_skips(skip), item_id][-SKIP_KEPT:]
    return RedirectResponse(f"/review?skip={','.join(map(str, skipped))}", status_code=303)


@router.post("/review/items/{item_id}/decision")
def decide(
    request: Request, item_id: int, session: DbSession, user: Reviewer,
    version: Annotated[int, Form()], verdict: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
    label: Annotated[str, Form()] = "", skip: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        decisions.decide(
            session, user, item_id, utcnow(), verdict=verdict,
            category=int(category) if category.strip().isdigit() else None,
            note=note, label=label or None, expected_version=version,
        )
    except PantauError as exc:
        session.rollback()
        # Give back what was typed: a refused decision must not cost the reviewer their note.
        return _item_page(request, session, user, item_id, error=exc.message,
                          status_code=exc.status_code, skip=skip,
                          submitted={"verdict": verdict, "category": category, "note": note})
    query = f"?skip={skip}" if skip else ""
    return RedirectResponse(f"/review{query}", status_code=303)


@router.get("/review/pending")
def pending(request: Request, session: DbSession, user: Coordinator) -> HTMLResponse:
    """Violations waiting for a coordinator, oldest decision first."""
    items = decisions.waiting_for_confirmation(session)
    locale = request_locale(request)
    return render(request, "review/pending.html", items=items, now=utcnow(),
                  category_name=lambda n: category_name(n, locale))


@router.post("/review/items/{item_id}/confirmation")
def confirmation(
    request: Request, item_id: int, session: DbSession, user: Coordinator,
    decision: Annotated[str, Form()], version: Annotated[int, Form()],
    note: Annotated[str, Form()] = "", category: Annotated[str, Form()] = "",
) -> Response:
    try:
        decisions.confirm(
            session, user, item_id, utcnow(), accept=decision == "confirm", note=note,
            category=int(category) if category.strip().isdigit() else None,
            expected_version=version,
        )
    except PantauError as exc:
        session.rollback()
        return _item_page(request, session, user, item_id, error=exc.message,
                          status_code=exc.status_code)
    return RedirectResponse("/review/pending", status_code=303)


@router.post("/review/items/{item_id}/reopen")
def reopen(
    request: Request, item_id: int, session: DbSession, user: Reopener,
    reason: Annotated[str, Form()], version: Annotated[int, Form()],
) -> Response:
    try:
        decisions.reopen(session, user, item_id, utcnow(), reason=reason,
                         expected_version=version)
    except PantauError as exc:
        session.rollback()
        return _item_page(request, session, user, item_id, error=exc.message,
                          status_code=exc.status_code)
    return _see(item_id)
