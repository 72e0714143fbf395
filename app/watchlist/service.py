"""Importing the watch-list: people who must stay neutral, candidates and their elections.

An import is all or nothing: rows are validated first (rows.py), then written with set-based
statements. Re-importing the same file changes nothing and does not move the revision, so
matchers are rebuilt only when something really changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.db import utcnow
from app.errors import Invalid
from app.regions import service as region_service
from app.regions.models import Region
from app.regions.service import short_name
from app.watchlist.models import Account, Candidate, Election, Person, WatchlistState
from app.watchlist.ranks import rank_for
from app.watchlist.rows import CandidateRow, PersonRow, RowError, parse_candidates, parse_people

OFFICE_TITLES = {"gubernur": "Gubernur", "bupati": "Bupati", "walikota": "Wali Kota"}


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accounts_changed: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.accounts_changed)


def import_file(*, session: Session, path: Path, kind: str) -> ImportResult:
    """Validate and write one people or candidates file; with errors, write nothing."""
    if kind == "people":
        parsed = parse_people(path, known_codes=region_service.known_codes(session=session))
        result = ImportResult("people", rows=len(parsed.rows), errors=list(parsed.errors))
        if not result.errors:
            _write_people(session, parsed.rows, result)
    elif kind == "candidates":
        parsed_c = parse_candidates(path, region_kinds=region_service.region_kinds(session=session))
        result = ImportResult("candidates", rows=len(parsed_c.rows), errors=list(parsed_c.errors))
        if not result.errors:
            _write_candidates(session, parsed_c.rows, result)
    else:
        raise Invalid(f"unknown watch-list kind {kind!r}: use people or candidates")
    if result.changed:
        bump_revision(session=session)
    session.flush()
    return result


def record_import(
    *, session: Session, result: ImportResult, file_name: str, user_id: int | None, actor: str
) -> None:
    """Put a written import on the audit record: which file, and what it changed."""
    audit.record(
        session, action="watchlist.import", user_id=user_id, actor=actor,
        object_type="watchlist", after={
            "file": file_name, "kind": result.kind, "rows": result.rows,
            "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "accounts_changed": result.accounts_changed,
        },
    )


def bump_revision(*, session: Session) -> None:
    """Tell every process its cached matcher is stale."""
    state = session.get(WatchlistState, 1)
    stamp = uuid.uuid4().hex
    if state is None:
        session.add(WatchlistState(id=1, revision=1, stamp=stamp, updated_at=utcnow()))
    else:
        state.revision += 1
        state.stamp = stamp
        state.updated_at = utcnow()
    session.flush()


def person_values(row: PersonRow) -> dict[str, object]:
    """A validated row as the Person columns it sets, rank included."""
    return {
        "name": row.name,
        "aliases": list(row.aliases),
        "nip": row.nip,
        "employment": row.employment,
        "position": row.position,
        "agency": row.agency,
        "region_code": row.region_code,
        "rank": rank_for(row.position, row.employment),
    }


def _write_people(session: Session, rows: Sequence[PersonRow], result: ImportResult) -> None:
    by_nip: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    current: dict[int, dict[str, object]] = {}
    cols = [Person.id, Person.name, Person.aliases, Person.nip, Person.employment,
            Person.position, Person.agency, Person.region_code, Person.rank]
    for rec in session.execute(select(*cols)).mappings():
        current[rec["id"]] = {k: rec[k] for k in rec if k != "id"}
        if rec["nip"]:
            by_nip[rec["nip"]] = rec["id"]
        by_name[(rec["name"].casefold(), rec["region_code"])] = rec["id"]
    inserts, updates, ids_for_rows = [], [], []
    now = utcnow()
    for row in rows:
        values = person_values(row)
        name_key = (row.name.casefold(), row.region_code)
        pid = by_nip.get(row.nip) if row.nip else by_name.get(name_key)
        ids_for_rows.append(pid)
        if pid is None:
            inserts.append({**values, "updated_at": now})
        elif current[pid] != values:
            updates.append({"id": pid, **values, "updated_at": now})
    if inserts:
        stmt = insert(Person.__table__).returning(
            Person.__table__.c.id, sort_by_parameter_order=True
        )
        new_ids = iter(session.execute(stmt, inserts).scalars().all())
        ids_for_rows = [pid if pid is not None else next(new_ids) for pid in ids_for_rows]
    if updates:
        session.execute(update(Person), updates)
    _sync_accounts(
        session, "person_id", list(zip(ids_for_rows, rows, strict=True)), result
    )
    result.created += len(inserts)
    result.updated += len(updates)
    result.unchanged = len(rows) - len(inserts) - len(updates)


def _sync_accounts(
    session: Session,
    owner_col: str,
    owners: Sequence[tuple[int, PersonRow | CandidateRow]],
    result: ImportResult,
) -> None:
    """Make each owner's accounts exactly those its row lists."""
    wanted: dict[tuple[str, str], tuple[int, int]] = {}
    for owner_id, row in owners:
        for platform, handles in (("tiktok", row.tiktok), ("instagram", row.instagram)):
            for handle in handles:
                other = wanted.get((platform, handle))
                if other and other[0] != owner_id:
                    result.errors.append(RowError(
                        row.line, platform, f"@{handle} is also listed on line {other[1]}"
                    ))
                wanted[(platform, handle)] = (owner_id, row.line)
    existing = {
        (a.platform, a.handle): a
        for a in session.scalars(select(Account))
    }
    owner_ids = {owner_id for owner_id, _ in owners}
    to_add, to_remove = [], []
    for key, (owner_id, line) in wanted.items():
        acct = existing.get(key)
        if acct is None:
            to_add.append({"platform": key[0], "handle": key[1], owner_col: owner_id})
        elif getattr(acct, owner_col) != owner_id:
            if getattr(acct, owner_col) in owner_ids:
                # Moves between two owners listed in this same file.
                to_remove.append(acct.id)
                to_add.append({"platform": key[0], "handle": key[1], owner_col: owner_id})
                continue
            owner = (
                f"person #{acct.person_id}" if acct.person_id
                else f"candidate #{acct.candidate_id}"
            )
            result.errors.append(RowError(
                line, key[0], f"@{key[1]} already belongs to {owner} in the watch-list"
            ))
    for key, acct in existing.items():
        if getattr(acct, owner_col) in owner_ids and key not in wanted:
            to_remove.append(acct.id)
    if result.errors:
        raise WatchlistConflict(result.errors)
    if to_remove:
        session.execute(delete(Account).where(Account.id.in_(to_remove)))
        session.flush()
    if to_add:
        session.execute(insert(Account.__table__), to_add)
    result.accounts_changed += len(to_add) + len(to_remove)


class WatchlistConflict(Invalid):
    """Rows that are valid alone but clash with each other or with what is stored."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


def election_name(*, office: str, region_name: str, year: int) -> str:
    """How an election is called when nobody named it: "Pemilihan Wali Kota Bekasi 2024"."""
    return f"Pemilihan {OFFICE_TITLES[office]} {short_name(region_name)} {year}"


def _election_for(session: Session, row: CandidateRow, cache: dict) -> int:
    key = (row.office, row.region_code, row.year)
    if key not in cache:
        election_id = session.scalar(
            select(Election.id).where(
                Election.office == row.office,
                Election.region_code == row.region_code,
                Election.year == row.year,
            )
        )
        if election_id is None:
            region_name = session.scalar(select(Region.name).where(Region.code == row.region_code))
            election = Election(
                office=row.office, region_code=row.region_code, year=row.year,
                name=election_name(office=row.office, region_name=region_name, year=row.year),
            )
            session.add(election)
            session.flush()
            election_id = election.id
        cache[key] = election_id
    return cache[key]


def candidate_values(row: CandidateRow) -> dict[str, object]:
    """A validated row as the Candidate columns it sets."""
    return {
        "name": row.name,
        "aliases": list(row.aliases),
        "ballot_number": row.ballot_number,
        "running_mate": row.running_mate,
        "slogans": list(row.slogans),
        "hashtags": list(row.hashtags),
    }


def _write_candidates(
    session: Session, rows: Sequence[CandidateRow], result: ImportResult
) -> None:
    elections: dict = {}
    owners: list[tuple[int, CandidateRow]] = []
    for row in rows:
        election_id = _election_for(session, row, elections)
        cand = session.scalar(
            select(Candidate).where(
                Candidate.election_id == election_id, Candidate.name == row.name
            )
        )
        values = candidate_values(row)
        if cand is None:
            cand = Candidate(election_id=election_id, updated_at=utcnow(), **values)
            session.add(cand)
            session.flush()
            result.created += 1
        elif {k: getattr(cand, k) for k in values} != values:
            for k, v in values.items():
                setattr(cand, k, v)
            cand.updated_at = utcnow()
            result.updated += 1
        else:
            result.unchanged += 1
        owners.append((cand.id, row))
    _sync_accounts(session, "candidate_id", owners, result)
