"""Watch-list files read and validated row by row: people who must stay neutral, candidates.

Pure: a CSV or XLSX file in, validated rows and precise errors out. Nothing here touches the
database; the caller passes the region codes it knows. Line numbers are the file's own (the
CSV's physical line, the sheet's row number), so a user can go straight to the cell.

Most input is typed by hand in Excel, so the errors also recognise what Excel does to it:
18-digit NIPs turned into 1.98805E+17, region code 32.10 turned into 32.1, semicolon CSVs
from an Indonesian-locale Excel, and "CSV" files saved in a Windows code page.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Container, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Generic, Literal, TypeVar

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from app.watchlist.nip import validate_nip

Kind = Literal["people", "candidates"]

PEOPLE_COLUMNS = (
    "name",
    "aliases",
    "nip",
    "employment",
    "position",
    "agency",
    "region_code",
    "tiktok",
    "instagram",
)
CANDIDATE_COLUMNS = (
    "name",
    "aliases",
    "office",
    "region_code",
    "year",
    "ballot_number",
    "running_mate",
    "slogans",
    "hashtags",
    "tiktok",
    "instagram",
)
# Mirrors the CHECK constraint and OFFICES in app/watchlist/models.py (a test keeps them equal);
# kept here so that parsing does not import the database layer.
EMPLOYMENTS = ("PNS", "PPPK", "NON_ASN", "BUMD", "TNI", "POLRI", "KEPALA_DESA")
OFFICES = ("gubernur", "bupati", "walikota")
# What each office is elected in, as region kinds from the gazetteer.
OFFICE_REGION_KIND = {"gubernur": "provinsi", "bupati": "kabupaten", "walikota": "kota"}
REGION_KIND_OFFICE = {kind: office for office, kind in OFFICE_REGION_KIND.items()}
# Spellings seen in real lists, mapped to the canonical value.
_EMPLOYMENT_ALIASES = {
    "P3K": "PPPK",
    "HONORER": "NON_ASN",
    "NONASN": "NON_ASN",
    "KADES": "KEPALA_DESA",
}

MAX_NAME_CHARS = 200  # Person.name, Candidate.name, running_mate columns
MAX_TEXT_CHARS = 300  # position, agency (String(300)), one slogan
MAX_HASHTAG_CHARS = 100
MAX_CELL_CHARS = 2_000  # a whole cell, lists included
MAX_FILE_BYTES = 20 * 1024 * 1024
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_BALLOT_NUMBER = 99

_HANDLE_RULES = {"tiktok": 24, "instagram": 30}  # platform -> longest handle
_HANDLE = re.compile(r"[a-z0-9._]+")
_PROFILE_URL = re.compile(
    r"(?:https?://)?(?:www\.|m\.)?(?:tiktok\.com/@|instagram\.com/)([^/?#]+)", re.IGNORECASE
)
_HASHTAG = re.compile(r"\w+")
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")
_YEAR = re.compile(r"\d{4}")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem at a line (and field) of the file; field None means the whole line."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class PersonRow:
    line: int
    name: str
    aliases: tuple[str, ...]
    nip: str | None
    employment: str
    position: str | None
    agency: str | None
    region_code: str
    tiktok: tuple[str, ...]
    instagram: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CandidateRow:
    line: int
    name: str
    aliases: tuple[str, ...]
    office: str
    region_code: str
    year: int
    ballot_number: int | None  # None: a prospective candidate (bakal calon)
    running_mate: str | None
    slogans: tuple[str, ...]
    hashtags: tuple[str, ...]
    tiktok: tuple[str, ...]
    instagram: tuple[str, ...]


RowT = TypeVar("RowT", PersonRow, CandidateRow)


@dataclass(slots=True)
class ParseResult(Generic[RowT]):
    """Valid rows and every error; a row with any error is left out of `rows`."""

    rows: list[RowT] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- public API ----------------------------------------------------------------------------


def parse_people(path: Path, *, known_codes: Collection[str]) -> ParseResult[PersonRow]:
    """Read a people file; `known_codes` are all valid region codes (any level).

    A Mapping such as region_kinds works too, but people sit in kecamatan and desa as well,
    so pass every code the gazetteer has.
    """
    return _parse(path, PEOPLE_COLUMNS, lambda f: _person(f, known_codes), _person_duplicates)


def parse_candidates(path: Path, *, region_kinds: Mapping[str, str]) -> ParseResult[CandidateRow]:
    """Read a candidates file; `region_kinds` maps code -> provinsi | kabupaten | kota."""
    return _parse(
        path, CANDIDATE_COLUMNS, lambda f: _candidate(f, region_kinds), _candidate_duplicates
    )


def detect_kind(path: Path) -> Kind:
    """Whether the file holds people or candidates, from its header; ValueError if unclear."""
    try:
        header_line, header, _ = _read_table(path)
    except _FileProblem as exc:
        raise ValueError(str(exc.error)) from None
    columns = {_column_name(c) for c in header}
    people = len(columns & (set(PEOPLE_COLUMNS) - set(CANDIDATE_COLUMNS)))
    candidates = len(columns & (set(CANDIDATE_COLUMNS) - set(PEOPLE_COLUMNS)))
    if people and not candidates:
        return "people"
    if candidates and not people:
        return "candidates"
    shown = ", ".join(c for c in header if c) or "nothing"
    raise ValueError(
        f"line {header_line}: cannot tell a people file from a candidates file by its header "
        f"({shown}); people need {', '.join(PEOPLE_COLUMNS)}; candidates need "
        f"{', '.join(CANDIDATE_COLUMNS)}"
    )


# --- one record typed into a form -----------------------------------------------------------
# The admin pages check what is typed by the same rules as a file row, so whatever is saved by
# hand, the next import of the same person or candidate accepts too. There is no file, so
# errors carry line FORM_LINE; only their field and message mean something.

FORM_LINE = 0
PLATFORMS = tuple(_HANDLE_RULES)


def person_from_form(
    values: Mapping[str, str], *, known_codes: Container[str]
) -> tuple[PersonRow | None, list[RowError]]:
    """A person from form fields named like PEOPLE_COLUMNS, or None and every error."""
    fields = _form_fields(values, PEOPLE_COLUMNS)
    return _person(fields, known_codes), fields.errors


def candidate_from_form(
    values: Mapping[str, str], *, region_kinds: Mapping[str, str]
) -> tuple[CandidateRow | None, list[RowError]]:
    """A candidate from form fields named like CANDIDATE_COLUMNS, or None and every error."""
    fields = _form_fields(values, CANDIDATE_COLUMNS)
    return _candidate(fields, region_kinds), fields.errors


def election_from_form(
    values: Mapping[str, str], *, region_kinds: Mapping[str, str]
) -> tuple[tuple[str, str, int] | None, list[RowError]]:
    """(office, region code, year) from form fields, or None and every error."""
    fields = _form_fields(values, ("office", "region_code", "year"))
    office = _office(fields)
    key = (office, _election_region(fields, office, region_kinds), _year(fields))
    return (None if fields.errors else key), fields.errors


def handle_from_form(platform: str, text: str) -> tuple[str | None, list[RowError]]:
    """A handle or profile link typed for `platform`, normalized, or None and the errors."""
    if platform not in _HANDLE_RULES:
        message = f"{platform!r} is not one of {', '.join(PLATFORMS)}"
        return None, [RowError(FORM_LINE, "platform", message)]
    fields = _form_fields({platform: text}, (platform,))
    if not fields.values[platform]:
        return None, [RowError(FORM_LINE, "handle", "required")]
    handle = _handle(fields.values[platform], platform, fields)
    # Reported under the form's own field: a file has a column per platform, the form has one.
    return handle, [RowError(e.line, "handle", e.message) for e in fields.errors]


def _form_fields(values: Mapping[str, str], columns: tuple[str, ...]) -> _Fields:
    cells = [_clean(values.get(name, "")) for name in columns]
    return _Fields.from_cells(FORM_LINE, cells, {name: i for i, name in enumerate(columns)})


# --- parsing skeleton ----------------------------------------------------------------------


def _parse(
    path: Path,
    columns: tuple[str, ...],
    build: Callable[[_Fields], RowT | None],
    duplicates: Callable[[list[RowT]], list[RowError]],
) -> ParseResult[RowT]:
    result: ParseResult[RowT] = ParseResult()
    try:
        header_line, header, rows = _read_table(path)
    except _FileProblem as exc:
        result.errors.append(exc.error)
        return result
    index, header_errors = _header_index(header, columns, header_line)
    if header_errors:
        result.errors.extend(header_errors)
        return result
    if not rows:
        result.errors.append(RowError(header_line, None, "no rows after the header"))
        return result
    for line, cells in rows:
        fields = _Fields.from_cells(line, cells, index)
        row = build(fields)
        result.errors.extend(fields.errors)
        if row is not None:
            result.rows.append(row)
    result.errors.extend(duplicates(result.rows))
    result.errors.sort(key=lambda e: e.line)
    # A duplicate is reported on its second line; that row must not be written either.
    bad_lines = {e.line for e in result.errors}
    result.rows = [r for r in result.rows if r.line not in bad_lines]
    return result


def _column_name(cell: str) -> str:
    return re.sub(r"[\s-]+", "_", cell.strip().lower())


def _header_index(
    header: list[str], columns: tuple[str, ...], line: int
) -> tuple[dict[str, int], list[RowError]]:
    names = [_column_name(c) for c in header]
    while names and not names[-1]:
        names.pop()  # Excel leaves trailing empty header cells behind
    problems: list[str] = []
    if blank := [str(i + 1) for i, n in enumerate(names) if not n]:
        problems.append(f"column(s) {', '.join(blank)} have no name")
    if dupes := sorted({n for n in names if n and names.count(n) > 1}):
        problems.append(f"duplicated column(s): {', '.join(dupes)}")
    if unknown := [n for n in names if n and n not in columns]:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if missing := [c for c in columns if c not in names]:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if problems:
        problems.append(f"expected: {','.join(columns)}")
        return {}, [RowError(line, None, "header: " + "; ".join(problems))]
    return {n: i for i, n in enumerate(names)}, []


# --- reading CSV and XLSX ------------------------------------------------------------------


class _FileProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.error = RowError(line, None, message)


def _read_table(path: Path) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """(header line, header cells, [(line, cells)]) with blank lines left out."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _FileProblem(1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    data = path.read_bytes()
    if data.startswith(_ZIP_MAGIC):
        lines = _xlsx_lines(path)
    elif data.startswith(_OLE_MAGIC):
        raise _FileProblem(1, "old Excel .xls format; save it as .xlsx or as CSV UTF-8")
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raise _FileProblem(1, "not a valid .xlsx file (it is not a zip archive)")
    else:
        lines = _csv_lines(data)
    rows = [(n, [_clean(c) for c in cells]) for n, cells in lines if any(c.strip() for c in cells)]
    if not rows:
        raise _FileProblem(1, "empty file: no header")
    (header_line, header), *body = rows
    return header_line, header, body


def _csv_lines(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines: list[tuple[int, list[str]]] = []
    end_of_previous = 0
    try:
        for cells in reader:
            # A quoted cell may span lines; a record starts right after the previous one.
            lines.append((end_of_previous + 1, cells))
            end_of_previous = reader.line_num
    except csv.Error as exc:
        raise _FileProblem(end_of_previous + 1, f"unreadable CSV: {exc}") from None
    return lines


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        raise _FileProblem(1, "file is UTF-16 (Excel 'Unicode Text'); save it as CSV UTF-8")
    body = data.removeprefix(_UTF8_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        offset = exc.start + len(data) - len(body)
        raise _FileProblem(
            line,
            f"file is not UTF-8 (byte 0x{body[exc.start]:02x} at byte offset {offset}); "
            "in Excel choose 'CSV UTF-8 (Comma delimited)' when saving",
        ) from None


def _delimiter(text: str) -> str:
    # Excel in an Indonesian locale writes ';' (',' is the decimal separator there). The
    # header has no lists in it, so its first line tells which one this file uses.
    first = text.lstrip().split("\n", 1)[0]
    for candidate in (";", "\t"):
        if candidate in first and "," not in first:
            return candidate
    return ","


def _xlsx_lines(path: Path) -> list[tuple[int, list[str]]]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _FileProblem(1, f"not a readable .xlsx file ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        # Generators often write a wrong <dimension>; without this, read-only mode trusts it
        # and silently drops columns.
        sheet.reset_dimensions()
        return [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
        ]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Beyond 2**53 a float has lost digits (an 18-digit NIP typed as a number); keep
        # the scientific form so the NIP check can say so instead of accepting garbage.
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _clean(cell: str) -> str:
    # NFC so that the same name typed on two systems compares equal; whitespace runs
    # (including NBSP and line breaks inside a cell) become one space.
    text = unicodedata.normalize("NFC", cell).translate(_INVISIBLE)
    return " ".join(text.split())


# --- per-row fields ------------------------------------------------------------------------


@dataclass(slots=True)
class _Fields:
    """One row's cells by column name, and the errors found while reading them."""

    line: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)

    @classmethod
    def from_cells(cls, line: int, cells: list[str], index: dict[str, int]) -> _Fields:
        values = {name: cells[i] if i < len(cells) else "" for name, i in index.items()}
        fields = cls(line, values)
        if any(cells[len(index) :]):
            fields.error(None, f"values beyond the last column ({len(index)} columns)")
        for name, value in values.items():
            if len(value) > MAX_CELL_CHARS:
                fields.error(name, f"{len(value):,} characters; the limit is {MAX_CELL_CHARS:,}")
        return fields

    def error(self, name: str | None, message: str) -> None:
        self.errors.append(RowError(self.line, name, message))

    def text(self, name: str, *, limit: int, required: bool = False) -> str:
        value = self.values[name]
        if required and not value:
            self.error(name, "required")
        elif len(value) > limit:
            self.error(name, f"{len(value):,} characters; the limit is {limit:,}")
        return value

    def person_name(self, name: str, *, required: bool = False) -> str:
        value = self.text(name, limit=MAX_NAME_CHARS, required=required)
        if value and not any(c.isalpha() for c in value):
            self.error(name, f"{value!r} has no letters; is it in the right column?")
        return value

    def items(self, name: str) -> list[str]:
        return [p.strip() for p in self.values[name].split(";") if p.strip()]

    def names(self, name: str, *, limit: int = MAX_NAME_CHARS) -> tuple[str, ...]:
        kept: dict[str, str] = {}
        for item in self.items(name):
            if len(item) > limit:
                self.error(name, f"{item[:30]!r}… is {len(item):,} characters; limit {limit}")
            kept.setdefault(item.casefold(), item)
        return tuple(kept.values())

    def handles(self, platform: str) -> tuple[str, ...]:
        found = (_handle(item, platform, self) for item in self.items(platform))
        return tuple(dict.fromkeys(h for h in found if h))


def _handle(item: str, platform: str, fields: _Fields) -> str | None:
    # People paste profile links as often as handles.
    match = _PROFILE_URL.match(item)
    handle = (match.group(1) if match else item).strip().lstrip("@").lower()
    longest = _HANDLE_RULES[platform]
    if not _HANDLE.fullmatch(handle) or len(handle) > longest:
        fields.error(
            platform,
            f"{item!r} is not a {platform} handle (letters, digits, '.' and '_', "
            f"at most {longest})",
        )
        return None
    return handle


# --- people --------------------------------------------------------------------------------


def _person(fields: _Fields, known_codes: Container[str]) -> PersonRow | None:
    employment = _employment(fields)
    row = PersonRow(
        line=fields.line,
        name=fields.person_name("name", required=True),
        aliases=fields.names("aliases"),
        nip=_nip(fields, employment),
        employment=employment,
        position=fields.text("position", limit=MAX_TEXT_CHARS) or None,
        agency=fields.text("agency", limit=MAX_TEXT_CHARS) or None,
        region_code=_region_code(fields, known_codes),
        tiktok=fields.handles("tiktok"),
        instagram=fields.handles("instagram"),
    )
    return None if fields.errors else row


def _employment(fields: _Fields) -> str:
    raw = fields.values["employment"]
    value = re.sub(r"[\s-]+", "_", raw.upper())
    value = _EMPLOYMENT_ALIASES.get(value.replace("_", ""), value)
    if value not in EMPLOYMENTS:
        shown = f"{raw!r} is not" if raw else "required; use"
        fields.error("employment", f"{shown} one of {', '.join(EMPLOYMENTS)}")
        return ""
    return value


def _nip(fields: _Fields, employment: str) -> str | None:
    raw = fields.values["nip"]
    if not raw:
        if employment in ("PNS", "PPPK"):
            fields.error("nip", f"required for {employment}")
        return None
    if _SCIENTIFIC.fullmatch(raw):
        fields.error(
            "nip",
            f"{raw} is a number Excel shortened, and its last digits are lost; format the "
            "column as Text and type the NIP again",
        )
        return None
    try:
        return validate_nip(raw, pppk=employment == "PPPK")
    except ValueError as exc:
        fields.error("nip", str(exc))
        return None


def _region_code(fields: _Fields, known: Container[str]) -> str:
    code = fields.values["region_code"].replace(" ", "")
    if not code:
        fields.error("region_code", "required (a Kemendagri code such as 32.75)")
    elif code not in known:
        fields.error("region_code", f"unknown region code {code}{_region_hint(code, known)}")
    return code


def _region_hint(code: str, known: Container[str]) -> str:
    if re.fullmatch(r"\d{2}(\.\d{2})*\.\d", code) and code + "0" in known:
        return f" (Excel turns {code}0 into {code}: format the column as Text)"
    if re.fullmatch(r"\d{4}", code) and f"{code[:2]}.{code[2:]}" in known:
        return f" (codes are dotted: {code[:2]}.{code[2:]})"
    return ""


def _person_duplicates(rows: list[PersonRow]) -> list[RowError]:
    errors: list[RowError] = []
    first: dict[tuple[str, ...], int] = {}
    for row in rows:
        if row.nip:
            key, name, what = ("nip", row.nip), "nip", f"same NIP {row.nip}"
        else:
            key = ("name", row.name.casefold(), row.region_code)
            name, what = "name", f"same name and region ({row.region_code}), no NIP"
        if key in first:
            errors.append(RowError(row.line, name, f"duplicate of line {first[key]}: {what}"))
        else:
            first[key] = row.line
    return errors + _handle_duplicates(rows)


# --- candidates ----------------------------------------------------------------------------


def _candidate(fields: _Fields, region_kinds: Mapping[str, str]) -> CandidateRow | None:
    office = _office(fields)
    row = CandidateRow(
        line=fields.line,
        name=fields.person_name("name", required=True),
        aliases=fields.names("aliases"),
        office=office,
        region_code=_election_region(fields, office, region_kinds),
        year=_year(fields),
        ballot_number=_ballot_number(fields),
        running_mate=fields.person_name("running_mate") or None,
        slogans=fields.names("slogans", limit=MAX_TEXT_CHARS),
        hashtags=_hashtags(fields),
        tiktok=fields.handles("tiktok"),
        instagram=fields.handles("instagram"),
    )
    return None if fields.errors else row


def _office(fields: _Fields) -> str:
    raw = fields.values["office"]
    value = re.sub(r"[\s_-]+", "", raw.lower())  # "Wali Kota" -> "walikota"
    if value not in OFFICES:
        shown = f"{raw!r} is not" if raw else "required; use"
        fields.error("office", f"{shown} one of {', '.join(OFFICES)}")
        return ""
    return value


def _election_region(fields: _Fields, office: str, region_kinds: Mapping[str, str]) -> str:
    code = _region_code(fields, region_kinds)
    kind = region_kinds.get(code)
    expected = OFFICE_REGION_KIND.get(office)
    if kind is None or expected is None or kind == expected:
        return code
    suggestion = REGION_KIND_OFFICE.get(kind)
    hint = f" (use {suggestion})" if suggestion else "; no head of region is elected there"
    fields.error(
        "region_code", f"{office} is elected in a {expected}, but {code} is a {kind}{hint}"
    )
    return code


def _year(fields: _Fields) -> int:
    raw = fields.values["year"]
    if _YEAR.fullmatch(raw) and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    fields.error("year", f"{raw!r} is not a year from {MIN_YEAR} to {MAX_YEAR}")
    return 0


def _ballot_number(fields: _Fields) -> int | None:
    raw = fields.values["ballot_number"]
    if not raw:
        return None  # a prospective candidate, before KPU draws numbers
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_BALLOT_NUMBER:
        return int(raw)
    fields.error(
        "ballot_number",
        f"{raw!r} is not a ballot number (1 to {MAX_BALLOT_NUMBER}, or empty before the draw)",
    )
    return None


def _hashtags(fields: _Fields) -> tuple[str, ...]:
    kept: dict[str, str] = {}
    for item in fields.items("hashtags"):
        tag = item.lstrip("#")
        if not _HASHTAG.fullmatch(tag) or len(tag) > MAX_HASHTAG_CHARS:
            fields.error("hashtags", f"{item!r} is not one hashtag (letters, digits and '_')")
            continue
        # Case is kept: normalization splits "#BekasiJuara" into words on it.
        kept.setdefault(tag.casefold(), tag)
    return tuple(kept.values())


def _candidate_duplicates(rows: list[CandidateRow]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[tuple[object, ...], int] = {}
    for row in rows:
        election = (row.office, row.region_code, row.year)
        key = ("candidate", row.name.casefold(), *election)
        if key in seen:
            what = "same name, office, region and year"
            errors.append(RowError(row.line, "name", f"duplicate of line {seen[key]}: {what}"))
            continue
        seen[key] = row.line
        ballot = ("ballot", row.ballot_number, *election)
        if row.ballot_number is not None and ballot in seen:
            errors.append(
                RowError(
                    row.line,
                    "ballot_number",
                    f"ballot number {row.ballot_number} is already on line {seen[ballot]} "
                    "for the same election",
                )
            )
        seen.setdefault(ballot, row.line)
    return errors + _handle_duplicates(rows)


def _handle_duplicates(rows: list[PersonRow] | list[CandidateRow]) -> list[RowError]:
    # One account has one owner in the database; two rows claiming it would fail there.
    errors: list[RowError] = []
    owner: dict[tuple[str, str], int] = {}
    for row in rows:
        for platform, handles in (("tiktok", row.tiktok), ("instagram", row.instagram)):
            for handle in handles:
                first = owner.setdefault((platform, handle), row.line)
                if first != row.line:
                    errors.append(
                        RowError(row.line, platform, f"@{handle} is also listed on line {first}")
                    )
    return errors
