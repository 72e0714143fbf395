"""Case rows as files: CSV that a spreadsheet opens safely, and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.exports.service import COLUMNS, CaseRow

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# A spreadsheet reads a cell starting with one of these as a formula, so a caption reading
# =HYPERLINK(...) would run on the partner's machine (CSV injection; OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_WIDTHS = {"text": 60, "permalink": 45, "raw_sha256": 66, "skb_category_name": 40,
           "actor_region": 36, "note": 40, "confirmation_note": 40}


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: Sequence[CaseRow]) -> bytes:
    """A header row, then one row per case; times in WIB."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(getattr(row, name)) for name in COLUMNS])
    # Excel takes a CSV without a byte-order mark for the local code page and garbles
    # everything outside ASCII, emoji in captions included.
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_value(sheet: WriteOnlyWorksheet, value: object) -> object:
    if isinstance(value, datetime):
        # Excel has no time zones; the column name says WIB.
        cell = WriteOnlyCell(sheet, value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, str):
        # XML 1.0 cannot hold most control characters; the raw payload's hash stays the
        # evidence of what was posted.
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
        # Text, never a formula, whatever it starts with.
        cell.data_type = "s"
        return cell
    return value


def to_xlsx(rows: Sequence[CaseRow]) -> bytes:
    """One sheet, "Kasus": a bold frozen header with filters, then one row per case."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kasus")
    sheet.freeze_panes = "A2"
    for i, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 18)
    bold = Font(bold=True)
    header = [WriteOnlyCell(sheet, name) for name in COLUMNS]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_value(sheet, getattr(row, name)) for name in COLUMNS])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


WRITERS: dict[str, Callable[[Sequence[CaseRow]], bytes]] = {"csv": to_csv, "xlsx": to_xlsx}
