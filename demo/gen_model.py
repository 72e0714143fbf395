"""Shared pieces of the demo generator: constants, the roster and item records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
WIB = timezone(timedelta(hours=7))
YEAR = 2024
BALLOT_DRAW = datetime(2024, 9, 23, 12, 0, tzinfo=WIB)  # KPU drew ballot numbers on 23 Sept 2024

PEOPLE_HEADER = ["name", "aliases", "nip", "employment", "position", "agency", "region_code",
                 "tiktok", "instagram"]
CANDIDATES_HEADER = ["name", "aliases", "office", "region_code", "year", "ballot_number",
                     "running_mate", "slogans", "hashtags", "tiktok", "instagram"]
EXPECTED_HEADER = ["platform", "external_id", "category", "should_flag", "note"]

# Zeeschuimer is a Firefox extension; two analysts' browsers.
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
]
FINGERS = {"1": "☝️", "2": "✌️", "3": "👌", "4": "🖐️"}
YEARS = [str(y) for y in (86, 88, 90, 93, 95, 97, 99)] + ["01", "03", "05"]
NUMBER_WORDS = {"1": "satu", "2": "dua", "3": "tiga", "4": "empat"}
OFFICE_WORDS = {"walikota": "walikota", "bupati": "bupati", "gubernur": "gubernur"}
OFFICE_TITLES = {"walikota": "Wali Kota", "bupati": "Bupati", "gubernur": "Gubernur"}
ELECTION_SHORT = {"walikota": "Pilwalkot", "bupati": "Pilbup", "gubernur": "Pilgub"}
MONTHS_ID = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# Titles and ranks that rosters put around a name; the "plain" name drops them.
NAME_PREFIXES = {"drs.", "dra.", "dr.", "ir.", "h.", "hj.", "prof.", "moch.", "bripka", "brigpol",
                 "aiptu", "serda", "sertu", "serka", "akp", "kompol", "iptu", "ipda"}
SLOTS = re.compile(r"\{([A-Z0-9]+)\}")
BALLOT_SLOTS = {"N", "NN", "F", "SJ", "CL"}


# --- roster ------------------------------------------------------------------------------------


@dataclass
class Person:
    key: str
    name: str
    aliases: list[str]
    employment: str
    position: str
    agency: str
    region: str
    area: str
    village: str
    tiktok: str
    instagram: str
    nick: str
    born: tuple[int, str] | None
    nip: str = ""

    @property
    def plain(self) -> str:
        return plain_name(self.name)

    @property
    def senior(self) -> bool:
        return self.position.startswith(("Pj", "Pjs", "Sekretaris Daerah", "Kepala Dinas",
                                         "Kepala Satuan", "Kepala Badan"))


@dataclass
class Candidate:
    key: str
    name: str
    aliases: list[str]
    office: str
    region: str
    ballot: str
    mate: str
    slogans: list[str]
    hashtags: list[str]
    tiktok: str
    instagram: str


@dataclass
class Account:
    platform: str  # tiktok | instagram
    handle: str
    name: str
    uid: str
    kind: str  # person | candidate | relawan | citizen | media | agency | shop
    region: str
    followers: int
    person: Person | None = None
    candidate: Candidate | None = None
    sec_uid: str = ""


@dataclass
class Item:
    platform: str  # tiktok | comment | instagram
    shape: str
    category: str
    mode: str
    text: str | None
    author: Account
    when: datetime
    note: str
    candidate: Candidate | None = None
    actors: list[Person] = field(default_factory=list)
    mentions: list[Account] = field(default_factory=list)
    tags: list[Account] = field(default_factory=list)
    coauthors: list[Account] = field(default_factory=list)
    parent: Item | None = None
    reply_to: Item | None = None
    alt_text: str = ""
    external_id: str = ""
    pk: str = ""
    context: str = ""
    stats: dict[str, int] = field(default_factory=dict)
    label: str = ""


def plain_name(name: str) -> str:
    """'Drs. H. Wahyudi Kartanegara, M.Si' -> 'Wahyudi Kartanegara'."""
    words = name.split(",")[0].split()
    while words and words[0].lower() in NAME_PREFIXES:
        words.pop(0)
    return " ".join(words)


def valid_nip(nip: str) -> bool:
    """18 digits: birth date, appointment year-month after age 18, gender 1/2, sequence."""
    if not re.fullmatch(r"\d{18}", nip):
        return False
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
        appointed = date(int(nip[8:12]), int(nip[12:14]), 1)
    except ValueError:
        return False
    return appointed.year - born.year >= 18 and nip[14] in "12" and nip[15:] != "000"
