"""CSV and XLSX as a partner opens them: right columns, WIB times, no formula ever runs."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.exports import formats
from app.exports import service as export_service
from app.exports.service import COLUMNS, CaseFilters, CaseRow
from tests.exports.conftest import FORMULA, SCRIPT, Cases

REQUIRED = (
    "case_id post_id platform permalink post_time_wib first_collected_wib actor_name "
    "actor_nip_masked actor_position actor_agency actor_region candidate skb_category "
    "skb_category_name text raw_sha256 decided_by decided_at_wib confirmed_by "
    "confirmed_at_wib note"
).split()


@pytest.fixture
def rows(session: Session, cases: Cases) -> list[CaseRow]:
    return export_service.list_cases(session=session, filters=CaseFilters())


def _csv(rows: list[CaseRow]) -> list[dict[str, str]]:
    data = formats.to_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")  # the mark Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_required_column_is_there_in_order() -> None:
    assert [c for c in COLUMNS if c in REQUIRED] == REQUIRED


def test_csv_has_a_row_per_person_named_with_wib_times(rows: list[CaseRow],
                                                     cases: Cases) -> None:
    parsed = _csv(rows)
    assert [int(r["case_id"]) for r in parsed] == [cases.surabaya.id, cases.bekasi.id,
                                                   cases.bandung.id, cases.bandung.id]
    bekasi = parsed[1]
    assert bekasi["post_time_wib"] == "2024-10-10 00:30:00"
    assert bekasi["actor_nip_masked"] == "1982•••••••••••003"
    assert bekasi["confirmed_by"] == "Citra Lestari" and bekasi["skb_category"] == "2"


def test_csv_cells_never_start_a_formula(rows: list[CaseRow]) -> None:
    parsed = _csv(rows)
    assert parsed[1]["text"] == "'" + FORMULA
    assert parsed[1]["note"] == "'=caption mendukung paslon 02"
    assert parsed[0]["text"] == "'-Dukung terus Mas Bima @bima.bekasi"
    for row in parsed:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_prefixes_each_dangerous_first_character() -> None:
    cells = ["=1+1", "+62 812", "-5", "@SUM(A1)", "\tx", "\ry", "a=b", "2024", ""]
    assert [formats._csv_value(c) for c in cells] == [
        "'=1+1", "'+62 812", "'-5", "'@SUM(A1)", "'\tx", "'\ry", "a=b", "2024", "",
    ]


def test_no_full_nip_leaves_in_either_format(rows: list[CaseRow]) -> None:
    full = ("198204112006041003", "197108231998031002", "198811022014031001")
    book = load_workbook(io.BytesIO(formats.to_xlsx(rows)))
    cells = [str(c.value) for line in book["Kasus"].iter_rows() for c in line]
    for nip in full:
        assert nip.encode() not in formats.to_csv(rows)
        assert not any(nip in cell for cell in cells)


def test_xlsx_reads_back_with_text_as_text_and_real_times(rows: list[CaseRow],
                                                          cases: Cases) -> None:
    book = load_workbook(io.BytesIO(formats.to_xlsx(rows)))
    sheet = book["Kasus"]
    header, *lines = list(sheet.iter_rows())
    assert [c.value for c in header] == list(COLUMNS) and header[0].font.b
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:Y{len(rows) + 1}"
    by_id = {line[0].value: dict(zip(COLUMNS, line, strict=True)) for line in lines}
    bekasi = by_id[cases.bekasi.id]
    # A string cell, shown as written and never evaluated.
    assert bekasi["text"].value == FORMULA and bekasi["text"].data_type == "s"
    assert bekasi["post_time_wib"].value == datetime(2024, 10, 10, 0, 30)
    assert bekasi["post_time_wib"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert bekasi["skb_category"].value == 2
    # XML cannot hold a vertical tab; the rest of the caption stays.
    assert by_id[cases.bandung.id]["text"].value == SCRIPT.replace("\x0b", "")


def test_an_empty_export_is_a_header_only() -> None:
    assert _csv([]) == []
    book = load_workbook(io.BytesIO(formats.to_xlsx([])))
    assert book["Kasus"].max_row == 1
