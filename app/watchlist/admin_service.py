"""The watch-list edited by hand on the admin pages: people, elections, candidates, accounts.

What is typed is checked by the import's row rules (rows.py), so whatever is saved here, the
next import of the same person or candidate accepts too. Every check runs before anything is
written, so a refused form leaves the request's transaction as it was. Each change goes on the
audit record with the fields it changed, before and after, and moves the watch-list revision
as an import does, so every process rebuilds its matcher; a form saved unchanged does neither.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, NotFound, PantauError
from app.posts.models import PostMatch
from app.regions import service as region_service
from app.regions.models import Region
from app.users.models import User
from app.watchlist import service as watchlist_service
from app.watchlist.models import Account, Candidate, Election, Person
from app.watchlist.rows import (
    MAX_TEXT_CHARS,
    RowError,
    candidate_from_form,
    election_from_form,
    handle_from_form,
    person_from_form,
)
from app.watchlist.schemas import AccountForm, CandidateForm, ElectionForm, PersonForm

PAGE_SIZE = 50
_PERSON_FIELDS = ("name", "aliases", "nip", "employment", "position", "agency", "region_code",
                  "rank")
_CANDIDATE_FIELDS = ("election_id", "name", "aliases", "ballot_number", "running_mate",
                     "slogans", "hashtags")
_ACCOUNT_FIELDS = ("platform", "handle", "person_id", "candidate_id")
_NIP_SEPARATORS = re.compile(r"[\s.]+")
T = TypeVar("T")


class FormError(PantauError):
    """Form input refused: each field at fault and why. Nothing was written."""

    status_code = 422

    def __init__(self, errors: Sequence[tuple[str, str]], *, status_code: int | None = None
                 ) -> None:
        super().__init__("; ".join(f"{name}: {why}" for name, why in errors),
                         status_code=status_code)
        self.errors = list(errors)

    @property
    def fields(self) -> set[str]:
        return {name for name, _ in self.errors}


def _taken(field: str, message: str) -> FormError:
    return FormError([(field, message)], status_code=Conflict.status_code)


def _problems(errors: Sequence[RowError]) -> list[tuple[str, str]]:
    return [(e.field or "", e.message) for e in errors]


def _checked(parsed: tuple[T | None, list[RowError]]) -> T:
    value, errors = parsed
    if errors or value is None:
        raise FormError(_problems(errors))
    return value


class _StoredRegionCodes:
    """Region codes, asked of the database one at a time: a form names one code (and the
    error hint tries a near miss or two), not the 90,000 the gazetteer holds."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._session.get(Region, code) is not None


def _describe(obj: object, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _diff(obj: object, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of just the fields `values` would change on `obj`."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    return {n: getattr(obj, n) for n in changed}, {n: values[n] for n in changed}


def _record(session: Session, by: User, kind: str, verb: str, object_id: int, *,
            before: Mapping[str, Any] | None = None,
            after: Mapping[str, Any] | None = None) -> None:
    audit.record(session, action=f"watchlist.{kind}.{verb}", user_id=by.id, actor=by.username,
                 object_type=kind, object_id=object_id, before=before, after=after)
    watchlist_service.bump_revision(session=session)


def _refuse_if_matched(session: Session, condition: ColumnElement[bool], who: str) -> None:
    # Deleting would cascade to the post matches: the evidence of whom a flagged post named.
    matches = session.scalar(select(func.count()).select_from(PostMatch).where(condition))
    if matches:
        raise Conflict(f"{who} is named in {matches} post match(es), the evidence behind flags "
                       "and cases; deleting would erase it, so edit instead")


# --- people ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeoplePage:
    """A page of people, each with their region's name, and the id the next page starts after."""

    people: list[tuple[Person, str]]
    next_after: int | None


def list_people(*, session: Session, query: str = "", after: int = 0,
                limit: int = PAGE_SIZE) -> PeoplePage:
    """People whose name or agency holds `query`, or whose NIP starts with it, by id."""
    stmt = (select(Person, Region.name).join(Region, Region.code == Person.region_code)
            .where(Person.id > after).order_by(Person.id).limit(limit + 1))
    if query.strip():
        stmt = stmt.where(_matching(query.strip()))
    rows = [(person, region) for person, region in session.execute(stmt)]
    return PeoplePage(rows[:limit], rows[limit - 1][0].id if len(rows) > limit else None)


def _matching(query: str) -> ColumnElement[bool]:
    digits = _NIP_SEPARATORS.sub("", query)
    if digits.isascii() and digits.isdigit():
        return _nip_prefix(digits)
    # No index serves a substring; walking the ids under the page limit, the scan stops as
    # soon as it has a page of hits.
    return or_(Person.name.icontains(query, autoescape=True),
               Person.agency.icontains(query, autoescape=True))


def _nip_prefix(digits: str) -> ColumnElement[bool]:
    # A range rather than LIKE 'digits%': PostgreSQL serves LIKE from a btree only under the
    # C collation, and this range comes straight from the unique NIP index on any.
    from_ = Person.nip >= digits
    head = digits.rstrip("9")
    if not head:
        return from_
    return and_(from_, Person.nip < head[:-1] + str(int(head[-1]) + 1))


def get_person(*, session: Session, person_id: int) -> Person:
    """The person with this id, or NotFound."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person #{person_id} on the watch-list")
    return person


def _person_values(session: Session, person_in: PersonForm) -> dict[str, Any]:
    row = _checked(person_from_form(person_in.model_dump(),
                                    known_codes=_StoredRegionCodes(session)))
    return watchlist_service.person_values(row)


def _refuse_taken_person(session: Session, values: Mapping[str, Any],
                         person_id: int | None) -> None:
    others = select(Person.id).where(Person.id != (person_id or 0))
    if values["nip"]:
        other = session.scalar(others.where(Person.nip == values["nip"]))
        if other is not None:
            raise _taken("nip", f"NIP {values['nip']} is already person #{other}'s")
        return
    # Without a NIP, an import tells people apart by name and region; two alike would merge.
    other = session.scalar(others.where(
        Person.region_code == values["region_code"],
        func.lower(Person.name) == str(values["name"]).lower(),
    ))
    if other is not None:
        raise _taken("name", f"person #{other} has this name in {values['region_code']}; "
                             "give a NIP to tell them apart")


def create_person(*, session: Session, person_in: PersonForm, by: User) -> Person:
    """Add a person to the watch-list."""
    values = _person_values(session, person_in)
    _refuse_taken_person(session, values, None)
    person = Person(**values, updated_at=utcnow())
    session.add(person)
    session.flush()
    _record(session, by, "person", "create", person.id, after=values)
    return person


def update_person(*, session: Session, person_id: int, person_in: PersonForm,
                  by: User) -> Person:
    """Save an edited person; only the fields that changed go on the record."""
    person = get_person(session=session, person_id=person_id)
    values = _person_values(session, person_in)
    before, after = _diff(person, values)
    if after:
        _refuse_taken_person(session, values, person.id)
        for name, value in after.items():
            setattr(person, name, value)
        person.updated_at = utcnow()
        _record(session, by, "person", "update", person.id, before=before, after=after)
    return person


def delete_person(*, session: Session, person_id: int, by: User) -> None:
    """Take a person and their accounts off the watch-list, unless a post names them."""
    person = get_person(session=session, person_id=person_id)
    _refuse_if_matched(session, PostMatch.person_id == person.id, f"person #{person.id}")
    before = {**_describe(person, _PERSON_FIELDS),
              "accounts": _account_names(list_accounts(session=session, owner=person))}
    session.execute(delete(Account).where(Account.person_id == person.id))
    session.delete(person)
    session.flush()
    _record(session, by, "person", "delete", person_id, before=before)


# --- accounts --------------------------------------------------------------------------------


def _owner(owner: Person | Candidate) -> dict[str, int]:
    return {"person_id": owner.id} if isinstance(owner, Person) else {"candidate_id": owner.id}


def _account_names(accounts: Sequence[Account]) -> list[str]:
    return [f"{a.platform}:@{a.handle}" for a in accounts]


def list_accounts(*, session: Session, owner: Person | Candidate) -> list[Account]:
    """A person's or candidate's accounts, by platform and handle."""
    [(column, owner_id)] = _owner(owner).items()
    stmt = (select(Account).where(getattr(Account, column) == owner_id)
            .order_by(Account.platform, Account.handle))
    return list(session.scalars(stmt))


def add_account(*, session: Session, owner: Person | Candidate, account_in: AccountForm,
                by: User) -> Account:
    """Give a person or candidate another account; a handle has one owner."""
    handle = _checked(handle_from_form(account_in.platform, account_in.handle))
    taken = session.scalar(select(Account).where(Account.platform == account_in.platform,
                                                 Account.handle == handle))
    if taken is not None:
        whose = (f"person #{taken.person_id}" if taken.person_id
                 else f"candidate #{taken.candidate_id}")
        raise _taken("handle", f"@{handle} on {account_in.platform} already belongs to {whose}")
    account = Account(platform=account_in.platform, handle=handle, **_owner(owner))
    session.add(account)
    session.flush()
    _record(session, by, "account", "create", account.id,
            after=_describe(account, _ACCOUNT_FIELDS))
    return account


def remove_account(*, session: Session, account_id: int, by: User) -> Account:
    """Take one account off the watch-list; the removed row says whose it was."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"no account #{account_id} on the watch-list")
    before = _describe(account, _ACCOUNT_FIELDS)
    session.delete(account)
    session.flush()
    _record(session, by, "account", "delete", account_id, before=before)
    return account


# --- elections -------------------------------------------------------------------------------


def list_elections(*, session: Session) -> list[tuple[Election, int]]:
    """Every election, newest first, with how many candidates it has."""
    stmt = (select(Election, func.count(Candidate.id))
            .outerjoin(Candidate, Candidate.election_id == Election.id)
            .group_by(Election.id).order_by(Election.year.desc(), Election.name))
    return [(election, count) for election, count in session.execute(stmt)]


def get_election(*, session: Session, election_id: int) -> Election:
    """The election with this id, or NotFound."""
    election = session.get(Election, election_id)
    if election is None:
        raise NotFound(f"no election #{election_id} on the watch-list")
    return election


def _election_values(session: Session, election_in: ElectionForm) -> dict[str, Any]:
    key, errors = election_from_form(election_in.model_dump(),
                                     region_kinds=region_service.region_kinds(session=session))
    problems = _problems(errors)
    name = " ".join(election_in.name.split())
    if len(name) > MAX_TEXT_CHARS:
        problems.append(("name", f"{len(name):,} characters; the limit is {MAX_TEXT_CHARS}"))
    if problems or key is None:
        raise FormError(problems)
    office, region_code, year = key
    if not name:
        region = session.get(Region, region_code)
        name = watchlist_service.election_name(office=office, region_name=region.name, year=year)
    return {"office": office, "region_code": region_code, "year": year, "name": name}


def _refuse_taken_election(session: Session, values: Mapping[str, Any],
                           election_id: int | None) -> None:
    other = session.scalar(select(Election).where(
        Election.office == values["office"], Election.region_code == values["region_code"],
        Election.year == values["year"], Election.id != (election_id or 0),
    ))
    if other is not None:
        raise _taken("region_code", f"election #{other.id} ({other.name}) is already "
                                    f"{other.office} in {other.region_code} in {other.year}")


def create_election(*, session: Session, election_in: ElectionForm, by: User) -> Election:
    """Add an election; left empty, its name is made as the import makes it."""
    values = _election_values(session, election_in)
    _refuse_taken_election(session, values, None)
    election = Election(**values)
    session.add(election)
    session.flush()
    _record(session, by, "election", "create", election.id, after=values)
    return election


def update_election(*, session: Session, election_id: int, election_in: ElectionForm,
                    by: User) -> Election:
    """Save an edited election; only the fields that changed go on the record."""
    election = get_election(session=session, election_id=election_id)
    values = _election_values(session, election_in)
    before, after = _diff(election, values)
    if after:
        _refuse_taken_election(session, values, election.id)
        for name, value in after.items():
            setattr(election, name, value)
        _record(session, by, "election", "update", election.id, before=before, after=after)
    return election


# --- candidates ------------------------------------------------------------------------------


def list_candidates(*, session: Session, election_id: int) -> list[Candidate]:
    """An election's candidates in ballot order, prospective ones (no number yet) last."""
    stmt = (select(Candidate).where(Candidate.election_id == election_id)
            .order_by(Candidate.ballot_number.is_(None), Candidate.ballot_number, Candidate.name))
    return list(session.scalars(stmt))


def get_candidate(*, session: Session, candidate_id: int) -> Candidate:
    """The candidate with this id, or NotFound."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(f"no candidate #{candidate_id} on the watch-list")
    return candidate


def _candidate_values(session: Session, election: Election,
                      candidate_in: CandidateForm) -> dict[str, Any]:
    # The election was checked when it was saved; its fields only complete the import's row.
    region = session.get(Region, election.region_code)
    typed = {**candidate_in.model_dump(), "office": election.office,
             "region_code": election.region_code, "year": str(election.year)}
    row = _checked(candidate_from_form(typed, region_kinds={region.code: region.kind}))
    return watchlist_service.candidate_values(row)


def _refuse_taken_candidate(session: Session, election_id: int, values: Mapping[str, Any],
                            candidate_id: int | None) -> None:
    others = select(Candidate).where(Candidate.election_id == election_id,
                                     Candidate.id != (candidate_id or 0))
    problems = []
    if (same := session.scalar(others.where(Candidate.name == values["name"]))) is not None:
        problems.append(("name", f"candidate #{same.id} in this election has this name"))
    number = values["ballot_number"]
    if number is not None and (
        same := session.scalar(others.where(Candidate.ballot_number == number))
    ) is not None:
        problems.append(("ballot_number", f"ballot number {number} is already {same.name}'s"))
    if problems:
        raise FormError(problems, status_code=Conflict.status_code)


def create_candidate(*, session: Session, election_id: int, candidate_in: CandidateForm,
                     by: User) -> Candidate:
    """Add a candidate (or a prospective one, with no ballot number yet) to an election."""
    election = get_election(session=session, election_id=election_id)
    values = _candidate_values(session, election, candidate_in)
    _refuse_taken_candidate(session, election.id, values, None)
    candidate = Candidate(election_id=election.id, updated_at=utcnow(), **values)
    session.add(candidate)
    session.flush()
    _record(session, by, "candidate", "create", candidate.id,
            after={"election_id": election.id, **values})
    return candidate


def update_candidate(*, session: Session, candidate_id: int, candidate_in: CandidateForm,
                     by: User) -> Candidate:
    """Save an edited candidate; only the fields that changed go on the record."""
    candidate = get_candidate(session=session, candidate_id=candidate_id)
    election = get_election(session=session, election_id=candidate.election_id)
    values = _candidate_values(session, election, candidate_in)
    before, after = _diff(candidate, values)
    if after:
        _refuse_taken_candidate(session, election.id, values, candidate.id)
        for name, value in after.items():
            setattr(candidate, name, value)
        candidate.updated_at = utcnow()
        _record(session, by, "candidate", "update", candidate.id, before=before, after=after)
    return candidate


def delete_candidate(*, session: Session, candidate_id: int, by: User) -> int:
    """Take a candidate and their accounts off, unless a post names them; their election's id."""
    candidate = get_candidate(session=session, candidate_id=candidate_id)
    _refuse_if_matched(session, PostMatch.candidate_id == candidate.id,
                       f"candidate #{candidate.id}")
    before = {**_describe(candidate, _CANDIDATE_FIELDS),
              "accounts": _account_names(list_accounts(session=session, owner=candidate))}
    session.execute(delete(Account).where(Account.candidate_id == candidate.id))
    session.delete(candidate)
    session.flush()
    _record(session, by, "candidate", "delete", candidate_id, before=before)
    return before["election_id"]
