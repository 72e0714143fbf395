"""The watch-list admin pages: people and their accounts, elections and their candidates.

The rules are admin_service's. A refused form comes back filled in as typed, with each field at
fault named, under 422 (bad input) or 409 (already someone else's).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.dependencies import DbSession
from app.users.dependencies import require_page
from app.users.models import User
from app.watchlist import admin_service
from app.watchlist.admin_service import FormError
from app.watchlist.models import EMPLOYMENTS
from app.watchlist.nip import mask_nip
from app.watchlist.rows import PLATFORMS
from app.watchlist.schemas import AccountForm, CandidateForm, ElectionForm, PersonForm
from app.watchlist.service import OFFICE_TITLES
from app.web import page_route, render

PREFIX = "/admin/watchlist"
router = APIRouter(prefix=PREFIX, tags=["pages"], include_in_schema=False,
                   dependencies=[Depends(page_route)])

Admin = Annotated[User, Depends(require_page("admin"))]
PersonIn = Annotated[PersonForm, Form()]
ElectionIn = Annotated[ElectionForm, Form()]
CandidateIn = Annotated[CandidateForm, Form()]
AccountIn = Annotated[AccountForm, Form()]


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(PREFIX + path, status_code=303)


def _status(error: FormError | None) -> int:
    return error.status_code if error else 200


# --- people ----------------------------------------------------------------------------------


def _people_page(request: Request, session: DbSession, *, query: str = "", after: int = 0,
                 form: PersonForm | None = None, error: FormError | None = None) -> HTMLResponse:
    return render(request, "watchlist/people.html", status_code=_status(error),
                  page=admin_service.list_people(session=session, query=query, after=after),
                  query=query, after=after, form=form or PersonForm(), error=error,
                  employments=EMPLOYMENTS, mask_nip=mask_nip)


@router.get("/people")
def people(request: Request, session: DbSession, admin: Admin,
           q: Annotated[str, Query(max_length=200)] = "",
           after: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    """Watched people by name, NIP or agency, a page at a time, and a form to add one."""
    return _people_page(request, session, query=q, after=after)


@router.post("/people")
def create_person(request: Request, session: DbSession, admin: Admin,
                  person_in: PersonIn) -> Response:
    """Add a person, then go to their page to add accounts."""
    try:
        person = admin_service.create_person(session=session, person_in=person_in, by=admin)
    except FormError as exc:
        return _people_page(request, session, form=person_in, error=exc)
    return _see(f"/people/{person.id}")


def _person_page(request: Request, session: DbSession, person_id: int, *,
                 form: PersonForm | None = None, account_form: AccountForm | None = None,
                 error: FormError | None = None, failed: str = "") -> HTMLResponse:
    person = admin_service.get_person(session=session, person_id=person_id)
    return render(request, "watchlist/person.html", status_code=_status(error), person=person,
                  accounts=admin_service.list_accounts(session=session, owner=person),
                  form=form or PersonForm.of(person), account_form=account_form or AccountForm(),
                  error=error, failed=failed, employments=EMPLOYMENTS, platforms=PLATFORMS)


@router.get("/people/{person_id}")
def person(request: Request, session: DbSession, admin: Admin, person_id: int) -> HTMLResponse:
    """One person: the edit form, their accounts, and deletion."""
    return _person_page(request, session, person_id)


@router.post("/people/{person_id}")
def update_person(request: Request, session: DbSession, admin: Admin, person_id: int,
                  person_in: PersonIn) -> Response:
    """Save an edited person."""
    try:
        admin_service.update_person(session=session, person_id=person_id, person_in=person_in,
                                    by=admin)
    except FormError as exc:
        return _person_page(request, session, person_id, form=person_in, error=exc,
                            failed="person")
    return _see(f"/people/{person_id}")


@router.post("/people/{person_id}/delete")
def delete_person(session: DbSession, admin: Admin, person_id: int) -> RedirectResponse:
    """Take a person and their accounts off the watch-list."""
    admin_service.delete_person(session=session, person_id=person_id, by=admin)
    return _see("/people")


@router.post("/people/{person_id}/accounts")
def add_person_account(request: Request, session: DbSession, admin: Admin, person_id: int,
                       account_in: AccountIn) -> Response:
    """Give a person another account."""
    owner = admin_service.get_person(session=session, person_id=person_id)
    try:
        admin_service.add_account(session=session, owner=owner, account_in=account_in, by=admin)
    except FormError as exc:
        return _person_page(request, session, person_id, account_form=account_in, error=exc,
                            failed="account")
    return _see(f"/people/{person_id}")


# --- elections -------------------------------------------------------------------------------


def _elections_page(request: Request, session: DbSession, *, form: ElectionForm | None = None,
                    error: FormError | None = None) -> HTMLResponse:
    return render(request, "watchlist/elections.html", status_code=_status(error),
                  elections=admin_service.list_elections(session=session),
                  form=form or ElectionForm(), error=error, offices=OFFICE_TITLES)


@router.get("/elections")
def elections(request: Request, session: DbSession, admin: Admin) -> HTMLResponse:
    """Every election with its number of candidates, and a form to add one."""
    return _elections_page(request, session)


@router.post("/elections")
def create_election(request: Request, session: DbSession, admin: Admin,
                    election_in: ElectionIn) -> Response:
    """Add an election, then go to its page to add candidates."""
    try:
        election = admin_service.create_election(session=session, election_in=election_in,
                                                 by=admin)
    except FormError as exc:
        return _elections_page(request, session, form=election_in, error=exc)
    return _see(f"/elections/{election.id}")


def _election_page(request: Request, session: DbSession, election_id: int, *,
                   form: ElectionForm | None = None, candidate_form: CandidateForm | None = None,
                   error: FormError | None = None, failed: str = "") -> HTMLResponse:
    election = admin_service.get_election(session=session, election_id=election_id)
    return render(request, "watchlist/election.html", status_code=_status(error),
                  election=election,
                  candidates=admin_service.list_candidates(session=session,
                                                           election_id=election_id),
                  form=form or ElectionForm.of(election),
                  candidate_form=candidate_form or CandidateForm(), error=error, failed=failed,
                  offices=OFFICE_TITLES)


@router.get("/elections/{election_id}")
def election(request: Request, session: DbSession, admin: Admin,
             election_id: int) -> HTMLResponse:
    """One election: the edit form, its candidates, and a form to add one."""
    return _election_page(request, session, election_id)


@router.post("/elections/{election_id}")
def update_election(request: Request, session: DbSession, admin: Admin, election_id: int,
                    election_in: ElectionIn) -> Response:
    """Save an edited election."""
    try:
        admin_service.update_election(session=session, election_id=election_id,
                                      election_in=election_in, by=admin)
    except FormError as exc:
        return _election_page(request, session, election_id, form=election_in, error=exc,
                              failed="election")
    return _see(f"/elections/{election_id}")


@router.post("/elections/{election_id}/candidates")
def create_candidate(request: Request, session: DbSession, admin: Admin, election_id: int,
                     candidate_in: CandidateIn) -> Response:
    """Add a candidate to the election, then go to their page to add accounts."""
    try:
        candidate = admin_service.create_candidate(session=session, election_id=election_id,
                                                   candidate_in=candidate_in, by=admin)
    except FormError as exc:
        return _election_page(request, session, election_id, candidate_form=candidate_in,
                              error=exc, failed="candidate")
    return _see(f"/candidates/{candidate.id}")


# --- candidates ------------------------------------------------------------------------------


def _candidate_page(request: Request, session: DbSession, candidate_id: int, *,
                    form: CandidateForm | None = None, account_form: AccountForm | None = None,
                    error: FormError | None = None, failed: str = "") -> HTMLResponse:
    candidate = admin_service.get_candidate(session=session, candidate_id=candidate_id)
    return render(request, "watchlist/candidate.html", status_code=_status(error),
                  candidate=candidate,
                  election=admin_service.get_election(session=session,
                                                      election_id=candidate.election_id),
                  accounts=admin_service.list_accounts(session=session, owner=candidate),
                  form=form or CandidateForm.of(candidate),
                  account_form=account_form or AccountForm(), error=error, failed=failed,
                  platforms=PLATFORMS)


@router.get("/candidates/{candidate_id}")
def candidate(request: Request, session: DbSession, admin: Admin,
              candidate_id: int) -> HTMLResponse:
    """One candidate: the edit form, their accounts, and deletion."""
    return _candidate_page(request, session, candidate_id)


@router.post("/candidates/{candidate_id}")
def update_candidate(request: Request, session: DbSession, admin: Admin, candidate_id: int,
                     candidate_in: CandidateIn) -> Response:
    """Save an edited candidate."""
    try:
        admin_service.update_candidate(session=session, candidate_id=candidate_id,
                                       candidate_in=candidate_in, by=admin)
    except FormError as exc:
        return _candidate_page(request, session, candidate_id, form=candidate_in, error=exc,
                               failed="candidate")
    return _see(f"/candidates/{candidate_id}")


@router.post("/candidates/{candidate_id}/delete")
def delete_candidate(session: DbSession, admin: Admin, candidate_id: int) -> RedirectResponse:
    """Take a candidate and their accounts off the watch-list."""
    election_id = admin_service.delete_candidate(session=session, candidate_id=candidate_id,
                                                 by=admin)
    return _see(f"/elections/{election_id}")


@router.post("/candidates/{candidate_id}/accounts")
def add_candidate_account(request: Request, session: DbSession, admin: Admin,
                          candidate_id: int, account_in: AccountIn) -> Response:
    """Give a candidate another account."""
    owner = admin_service.get_candidate(session=session, candidate_id=candidate_id)
    try:
        admin_service.add_account(session=session, owner=owner, account_in=account_in, by=admin)
    except FormError as exc:
        return _candidate_page(request, session, candidate_id, account_form=account_in,
                               error=exc, failed="account")
    return _see(f"/candidates/{candidate_id}")


# --- accounts --------------------------------------------------------------------------------


@router.post("/accounts/{account_id}/delete")
def remove_account(session: DbSession, admin: Admin, account_id: int) -> RedirectResponse:
    """Take one account off, then go back to its owner's page."""
    account = admin_service.remove_account(session=session, account_id=account_id, by=admin)
    if account.person_id is not None:
        return _see(f"/people/{account.person_id}")
    return _see(f"/candidates/{account.candidate_id}")
