"""The admin pages' forms, as typed.

Every field is a string: the checks, and their precise messages, are the import's own
(rows.py), so a Pydantic constraint here would only answer with a vaguer error first. Lists
(aliases, slogans, hashtags) are typed as in an import file, separated by ";".
"""

from __future__ import annotations

from pydantic import BaseModel

from app.watchlist.models import Candidate, Election, Person

LIST_SEPARATOR = "; "


class PersonForm(BaseModel):
    name: str = ""
    aliases: str = ""
    nip: str = ""
    employment: str = ""
    position: str = ""
    agency: str = ""
    region_code: str = ""

    @classmethod
    def of(cls, person: Person) -> PersonForm:
        """The form filled in with a stored person, for editing."""
        return cls(
            name=person.name, aliases=LIST_SEPARATOR.join(person.aliases), nip=person.nip or "",
            employment=person.employment, position=person.position or "",
            agency=person.agency or "", region_code=person.region_code,
        )


class CandidateForm(BaseModel):
    name: str = ""
    aliases: str = ""
    ballot_number: str = ""
    running_mate: str = ""
    slogans: str = ""
    hashtags: str = ""

    @classmethod
    def of(cls, candidate: Candidate) -> CandidateForm:
        """The form filled in with a stored candidate, for editing."""
        number = candidate.ballot_number
        return cls(
            name=candidate.name, aliases=LIST_SEPARATOR.join(candidate.aliases),
            ballot_number="" if number is None else str(number),
            running_mate=candidate.running_mate or "",
            slogans=LIST_SEPARATOR.join(candidate.slogans),
            hashtags=LIST_SEPARATOR.join(candidate.hashtags),
        )


class ElectionForm(BaseModel):
    office: str = ""
    region_code: str = ""
    year: str = ""
    name: str = ""

    @classmethod
    def of(cls, election: Election) -> ElectionForm:
        """The form filled in with a stored election, for editing."""
        return cls(office=election.office, region_code=election.region_code,
                   year=str(election.year), name=election.name)


class AccountForm(BaseModel):
    platform: str = "tiktok"
    handle: str = ""
