"""The review queue as JSON, for clients other than the browser. Same rules as the pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app.db import utcnow
from app.dependencies import DbSession
from app.review import decisions, evidence, queue
from app.review.schemas import ClaimIn, ConfirmationIn, DecisionIn, ReopenIn
from app.users.dependencies import require
from app.users.models import User
from app.web import request_locale

router = APIRouter(prefix="/api/v1/review", tags=["review"])

Reviewer = Annotated[User, Depends(require("review"))]
Coordinator = Annotated[User, Depends(require("confirm"))]
Reopener = Annotated[User, Depends(require("reopen"))]
Viewer = Annotated[User, Depends(require("dashboard"))]


def _view(request: Request, session: DbSession, item_id: int) -> dict[str, Any]:
    return evidence.gather(session, item_id, utcnow()).as_json(request_locale(request))


@router.post("/claim", responses={204: {"description": "the queue is empty"}})
def claim_next(request: Request, session: DbSession, user: Reviewer,
               body: ClaimIn | None = None) -> Any:
    """Claim the next item by urgency and priority (or get back the one you hold)."""
    item = queue.claim_next(session, user, utcnow(), skip=set(body.skip) if body else ())
    if item is None:
        return Response(status_code=204)
    return _view(request, session, item.id)


@router.get("/items/{item_id}")
def get_item(request: Request, item_id: int, session: DbSession, _user: Viewer) -> Any:
    return _view(request, session, item_id)


@router.post("/items/{item_id}/claim")
def claim_item(request: Request, item_id: int, session: DbSession, user: Reviewer) -> Any:
    queue.claim(session, user, item_id, utcnow())
    return _view(request, session, item_id)


@router.post("/items/{item_id}/renew")
def renew(request: Request, item_id: int, session: DbSession, user: Reviewer) -> Any:
    item = queue.renew(session, user, item_id, utcnow())
    return {"id": item.id, "lease_expires_at": item.lease_expires_at.isoformat()}


@router.post("/items/{item_id}/release", status_code=204)
def release(item_id: int, session: DbSession, user: Reviewer) -> Response:
    queue.release(session, user, item_id, utcnow())
    return Response(status_code=204)


@router.post("/items/{item_id}/decision")
def decide(request: Request, item_id: int, body: DecisionIn, session: DbSession,
           user: Reviewer) -> Any:
    decisions.decide(session, user, item_id, utcnow(), verdict=body.verdict,
                     category=body.category, note=body.note, label=body.label,
                     expected_version=body.version)
    return _view(request, session, item_id)


@router.post("/items/{item_id}/confirmation")
def confirmation(request: Request, item_id: int, body: ConfirmationIn, session: DbSession,
                 user: Coordinator) -> Any:
    decisions.confirm(session, user, item_id, utcnow(), accept=body.decision == "confirm",
                      note=body.note, category=body.category, expected_version=body.version)
    return _view(request, session, item_id)


@router.post("/items/{item_id}/reopen")
def reopen(request: Request, item_id: int, body: ReopenIn, session: DbSession,
           user: Reopener) -> Any:
    decisions.reopen(session, user, item_id, utcnow(), reason=body.reason,
                     expected_version=body.version)
    return _view(request, session, item_id)
