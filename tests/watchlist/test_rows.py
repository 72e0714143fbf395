from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.watchlist import models
from app.watchlist.rows import (
    EMPLOYMENTS,
    OFFICES,
    CandidateRow,
    PersonRow,
    RowError,
    detect_kind,
    parse_candidates,
    parse_people,
)

PEOPLE_HEADER = "name,aliases,nip,employment,position,agency,region_code,tiktok,instagram"
CANDIDATES_HEADER = (
    "name,aliases,office,region_code,year,ballot_number,running_mate,slogans,hashtags,"
    "tiktok,instagram"
)
REGION_KINDS = {
    "32": "provinsi",
    "32.01": "kabupaten",
    "32.10": "kabupaten",
    "32.75": "kota",
    "32.75.01": "kecamatan",
}
KNOWN_CODES = {*REGION_KINDS, "32.75.01.1001"}

# Fictional people in real regions.
NIP_SRI = "198805122010012003"
NIP_AGUS = "197511082001121001"
NIP_DEWI_PPPK = "199104172023212005"


def _csv(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "people.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    # The first sheet is read even when another one is the active sheet.
    workbook.create_sheet("catatan").append(["bukan data"])
    workbook.active = 1
    path = tmp_path / name
    workbook.save(path)
    return path


def _people(path: Path) -> tuple[list[PersonRow], list[str]]:
    result = parse_people(path, known_codes=KNOWN_CODES)
    return result.rows, [str(e) for e in result.errors]


def _candidates(path: Path) -> tuple[list[CandidateRow], list[str]]:
    result = parse_candidates(path, region_kinds=REGION_KINDS)
    return result.rows, [str(e) for e in result.errors]


def _people_errors(tmp_path: Path, *rows: str) -> list[str]:
    return _people(_csv(tmp_path, "\n".join([PEOPLE_HEADER, *rows]) + "\n"))[1]


def _candidate_errors(tmp_path: Path, *rows: str) -> list[str]:
    return _candidates(_csv(tmp_path, "\n".join([CANDIDATES_HEADER, *rows]) + "\n"))[1]


# --- people ----------------------------------------------------------------------------------


def test_people_csv(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        f"{PEOPLE_HEADER}\n"
        f"Sri Wahyuningsih,Bu Sri; Bu Wahyu ;;,19880512 201001 2 003,pns,"
        f"Camat Bekasi Utara,Kecamatan Bekasi Utara,32.75.01,@Sri.Wahyu_88,"
        f"https://www.instagram.com/sriwahyu.bks/?hl=id\n"
        f"\n"
        f"Dewi Kartika,,{NIP_DEWI_PPPK},PPPK,Guru,,32.75,,\n"
        f'Joko Santoso,"Pak Joko",,kepala desa,,,32.75.01.1001,"jokosantoso;@JokoSantoso",\n',
    )
    rows, errors = _people(path)
    assert errors == []
    assert rows == [
        PersonRow(
            line=2,
            name="Sri Wahyuningsih",
            aliases=("Bu Sri", "Bu Wahyu"),
            nip=NIP_SRI,
            employment="PNS",
            position="Camat Bekasi Utara",
            agency="Kecamatan Bekasi Utara",
            region_code="32.75.01",
            tiktok=("sri.wahyu_88",),
            instagram=("sriwahyu.bks",),
        ),
        PersonRow(
            line=4,
            name="Dewi Kartika",
            aliases=(),
            nip=NIP_DEWI_PPPK,
            employment="PPPK",
            position="Guru",
            agency=None,
            region_code="32.75",
            tiktok=(),
            instagram=(),
        ),
        PersonRow(
            line=5,
            name="Joko Santoso",
            aliases=("Pak Joko",),
            nip=None,
            employment="KEPALA_DESA",
            position=None,
            agency=None,
            region_code="32.75.01.1001",
            tiktok=("jokosantoso",),
            instagram=(),
        ),
    ]


def test_row_error_text() -> None:
    error = RowError(7, "nip", "birth date 19881345 is not a date (YYYYMMDD)")
    assert str(error) == "line 7, field nip: birth date 19881345 is not a date (YYYYMMDD)"
    assert str(RowError(1, None, "empty file: no header")) == "line 1: empty file: no header"


def test_bom_and_crlf_and_header_spelling(tmp_path: Path) -> None:
    header = "Name,Aliases,NIP,Employment,Position,Agency,Region Code,TikTok,Instagram"
    path = _csv(tmp_path, f"\ufeff{header}\r\nAgus Salim,,,TNI,Babinsa,,32.75,,\r\n")
    rows, errors = _people(path)
    assert errors == []
    assert [(r.line, r.name, r.employment, r.nip) for r in rows] == [(2, "Agus Salim", "TNI", None)]


def test_semicolon_csv_from_indonesian_excel(tmp_path: Path) -> None:
    header = PEOPLE_HEADER.replace(",", ";")
    path = _csv(tmp_path, f'{header}\nAgus Salim;"Pak Agus;Bang Agus";;POLRI;;;32.75;;\n')
    rows, errors = _people(path)
    assert errors == []
    assert rows[0].aliases == ("Pak Agus", "Bang Agus")
    assert rows[0].employment == "POLRI"


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    text = f"{PEOPLE_HEADER}\nAgus Salim,,,TNI,,,32.75,,\nRené Siregar,,,TNI,,,32.75,,\n"
    rows, errors = _people(_csv(tmp_path, text, encoding="cp1252"))
    offset = text.index("é")
    assert rows == []
    assert errors == [
        f"line 3: file is not UTF-8 (byte 0xe9 at byte offset {offset}); in Excel choose "
        "'CSV UTF-8 (Comma delimited)' when saving"
    ]


def test_utf16_file(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{PEOPLE_HEADER}\n", encoding="utf-16")
    assert _people(path)[1] == [
        "line 1: file is UTF-16 (Excel 'Unicode Text'); save it as CSV UTF-8"
    ]


@pytest.mark.parametrize("content", ["", "\n\n  \n", ",,,\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    assert _people(_csv(tmp_path, content)) == ([], ["line 1: empty file: no header"])


def test_header_without_rows(tmp_path: Path) -> None:
    assert _people(_csv(tmp_path, PEOPLE_HEADER + "\n\n")) == (
        [],
        ["line 1: no rows after the header"],
    )


def test_header_problems_are_named(tmp_path: Path) -> None:
    header = "name,aliases,nip,nip,jabatan,position,agency,region_code,tiktok,,"
    (error,) = _people(_csv(tmp_path, header + "\nAgus,,,TNI,,,32.75,,\n"))[1]
    assert error == (
        "line 1: header: duplicated column(s): nip; unknown column(s): jabatan; "
        "missing column(s): employment, instagram; "
        f"expected: {PEOPLE_HEADER}"
    )


def test_unnamed_column_in_the_middle(tmp_path: Path) -> None:
    header = PEOPLE_HEADER.replace("agency,", "agency,,")
    (error,) = _people(_csv(tmp_path, header + "\nAgus,,,TNI,,,,32.75,,\n"))[1]
    assert error.startswith("line 1: header: column(s) 7 have no name")


def test_nip_rules_depend_on_employment(tmp_path: Path) -> None:
    errors = _people_errors(
        tmp_path,
        "Sri Wahyuningsih,,,PNS,,,32.75,,",
        "Dewi Kartika,,,PPPK,,,32.75,,",
        "Agus Salim,,,TNI,,,32.75,,",
        "Bambang Irawan,,198813452010011003,NON_ASN,,,32.75,,",
        f"Rina Oktaviani,,{NIP_DEWI_PPPK},PNS,,,32.75,,",
        "Hendra Gunawan,,1.98805E+17,PNS,,,32.75,,",
    )
    assert errors == [
        "line 2, field nip: required for PNS",
        "line 3, field nip: required for PPPK",
        "line 5, field nip: birth date 19881345 is not a date (YYYYMMDD)",
        "line 6, field nip: appointment month 202321 is not a month (YYYYMM, month 1-12); "
        "if this is a PPPK number, set employment to PPPK",
        "line 7, field nip: 1.98805E+17 is a number Excel shortened, and its last digits are "
        "lost; format the column as Text and type the NIP again",
    ]


def test_employment_values(tmp_path: Path) -> None:
    rows, errors = _people(
        _csv(
            tmp_path,
            f"{PEOPLE_HEADER}\n"
            "Agus Salim,,,Non ASN,,,32.75,,\n"
            "Bambang Irawan,,,honorer,,,32.75,,\n"
            f"Dewi Kartika,,{NIP_DEWI_PPPK},p3k,,,32.75,,\n"
            "Eko Prasetyo,,,Bupati,,,32.75,,\n"
            "Fajar Nugroho,,,,,,32.75,,\n",
        )
    )
    assert [r.employment for r in rows] == ["NON_ASN", "NON_ASN", "PPPK"]
    options = "PNS, PPPK, NON_ASN, BUMD, TNI, POLRI, KEPALA_DESA"
    assert errors == [
        f"line 5, field employment: 'Bupati' is not one of {options}",
        f"line 6, field employment: required; use one of {options}",
    ]


def test_region_codes(tmp_path: Path) -> None:
    errors = _people_errors(
        tmp_path,
        "Agus Salim,,,TNI,,,99.99,,",
        "Bambang Irawan,,,TNI,,,32.1,,",
        "Citra Lestari,,,TNI,,,3275,,",
        "Dedi Kurnia,,,TNI,,,,,",
    )
    assert errors == [
        "line 2, field region_code: unknown region code 99.99",
        "line 3, field region_code: unknown region code 32.1 "
        "(Excel turns 32.10 into 32.1: format the column as Text)",
        "line 4, field region_code: unknown region code 3275 (codes are dotted: 32.75)",
        "line 5, field region_code: required (a Kemendagri code such as 32.75)",
    ]


def test_duplicate_people_name_both_lines(tmp_path: Path) -> None:
    rows, errors = _people(
        _csv(
            tmp_path,
            f"{PEOPLE_HEADER}\n"
            f"Sri Wahyuningsih,,{NIP_SRI},PNS,,,32.75,,\n"
            "Agus Salim,,,TNI,,,32.75,agus.salim,\n"
            f"Sri W.,,{NIP_SRI},PNS,,,32.75,,\n"
            "AGUS SALIM,,,TNI,,,32.75,,\n"
            "Agus Salim,,,TNI,,,32.01,Agus.Salim,\n",
        )
    )
    assert errors == [
        f"line 4, field nip: duplicate of line 2: same NIP {NIP_SRI}",
        "line 5, field name: duplicate of line 3: same name and region (32.75), no NIP",
        "line 6, field tiktok: @agus.salim is also listed on line 3",
    ]
    assert [r.line for r in rows] == [2, 3]


def test_lengths_and_required_name(tmp_path: Path) -> None:
    long_name = "A" * 201
    errors = _people_errors(
        tmp_path,
        f"{long_name},,,TNI,,,32.75,,",
        ",,,TNI,,,32.75,,",
        f"Agus Salim,{'B' * 250},,TNI,{'C' * 301},,32.75,,",
        "12345,,,TNI,,,32.75,,",
        f"Bambang Irawan,,,TNI,,,32.75,{'x' * 2001},",
    )
    assert errors == [
        "line 2, field name: 201 characters; the limit is 200",
        "line 3, field name: required",
        "line 4, field aliases: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'… is 250 characters; limit 200",
        "line 4, field position: 301 characters; the limit is 300",
        "line 5, field name: '12345' has no letters; is it in the right column?",
        "line 6, field tiktok: 2,001 characters; the limit is 2,000",
        f"line 6, field tiktok: '{'x' * 2001}' is not a tiktok handle (letters, digits, "
        "'.' and '_', at most 24)",
    ]


def test_bad_handles(tmp_path: Path) -> None:
    errors = _people_errors(tmp_path, "Agus Salim,,,TNI,,,32.75,agus salim,agus-salim")
    assert errors == [
        "line 2, field tiktok: 'agus salim' is not a tiktok handle (letters, digits, '.' and "
        "'_', at most 24)",
        "line 2, field instagram: 'agus-salim' is not a instagram handle (letters, digits, "
        "'.' and '_', at most 30)",
    ]


def test_extra_values_and_multiline_cells_keep_physical_lines(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        f"{PEOPLE_HEADER}\n"
        '"Agus Salim",,,TNI,"Babinsa\nKoramil 01",,32.75,,\n'
        "Bambang Irawan,,,TNI,,,32.75,,,lebih\n"
        "Citra Lestari,,,TNI,,,32.75,,,,\n",
    )
    rows, errors = _people(path)
    assert [(r.line, r.position) for r in rows] == [(2, "Babinsa Koramil 01"), (5, None)]
    assert errors == ["line 4: values beyond the last column (9 columns)"]


# --- XLSX ------------------------------------------------------------------------------------


def test_people_xlsx_uses_sheet_row_numbers_and_catches_excel_numbers(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            PEOPLE_HEADER.split(","),
            ["Sri Wahyuningsih", None, NIP_SRI, "PNS", None, None, "32.75", "sri.w", None],
            [],
            ["Agus Salim", None, None, "TNI", None, None, 32.1, None, None],
            # Typed as a number, an 18-digit NIP loses its last digits in the file.
            ["Hendra Gunawan", None, int(NIP_AGUS), "PNS", None, None, "32.75", None, None],
            ["Citra Lestari", None, None, "TNI", None, None, 32, None, None],
        ],
    )
    rows, errors = _people(path)
    assert [(r.line, r.name, r.nip, r.region_code) for r in rows] == [
        (2, "Sri Wahyuningsih", NIP_SRI, "32.75"),
        (6, "Citra Lestari", None, "32"),
    ]
    assert errors == [
        "line 4, field region_code: unknown region code 32.1 "
        "(Excel turns 32.10 into 32.1: format the column as Text)",
        "line 5, field nip: 1.97511082001121e+17 is a number Excel shortened, and its last "
        "digits are lost; format the column as Text and type the NIP again",
    ]


def test_not_really_xlsx(tmp_path: Path) -> None:
    path = _csv(tmp_path, PEOPLE_HEADER, name="people.xlsx")
    assert _people(path)[1] == ["line 1: not a valid .xlsx file (it is not a zip archive)"]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    (error,) = _people(broken)[1]
    assert error.startswith("line 1: not a readable .xlsx file")


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "people.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert _people(path)[1] == ["line 1: old Excel .xls format; save it as .xlsx or as CSV UTF-8"]


# --- candidates ------------------------------------------------------------------------------


def test_candidates_csv(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        f"{CANDIDATES_HEADER}\n"
        "Jaka Permana,Kang Jaka;JP,Gubernur,32,2024,02,Nur Aini,"
        "Jabar Bulatkan Tekad;Jabar Juara,#JabarJuara;#jabarjuara;BulatkanTekad,"
        "jaka.permana,@JakaPermana.Official\n"
        "Tri Wicaksono,Mas Tri,Wali Kota,32.75,2024,,,,,,\n"
        "Rahmat Hidayat,,BUPATI,32.01,2024,3,Siti Aminah,,,,\n",
        name="candidates.csv",
    )
    rows, errors = _candidates(path)
    assert errors == []
    assert rows == [
        CandidateRow(
            line=2,
            name="Jaka Permana",
            aliases=("Kang Jaka", "JP"),
            office="gubernur",
            region_code="32",
            year=2024,
            ballot_number=2,
            running_mate="Nur Aini",
            slogans=("Jabar Bulatkan Tekad", "Jabar Juara"),
            hashtags=("JabarJuara", "BulatkanTekad"),
            tiktok=("jaka.permana",),
            instagram=("jakapermana.official",),
        ),
        CandidateRow(
            line=3,
            name="Tri Wicaksono",
            aliases=("Mas Tri",),
            office="walikota",
            region_code="32.75",
            year=2024,
            ballot_number=None,
            running_mate=None,
            slogans=(),
            hashtags=(),
            tiktok=(),
            instagram=(),
        ),
        CandidateRow(
            line=4,
            name="Rahmat Hidayat",
            aliases=(),
            office="bupati",
            region_code="32.01",
            year=2024,
            ballot_number=3,
            running_mate="Siti Aminah",
            slogans=(),
            hashtags=(),
            tiktok=(),
            instagram=(),
        ),
    ]


def test_office_must_fit_the_region(tmp_path: Path) -> None:
    errors = _candidate_errors(
        tmp_path,
        "Jaka Permana,,walikota,32.01,2024,1,,,,,",
        "Tri Wicaksono,,gubernur,32.75,2024,1,,,,,",
        "Rahmat Hidayat,,bupati,32,2024,1,,,,,",
        "Budi Setiawan,,bupati,32.75.01,2024,1,,,,,",
        "Eko Prasetyo,,camat,32.75,2024,1,,,,,",
        "Fajar Nugroho,,bupati,99.01,2024,1,,,,,",
    )
    assert errors == [
        "line 2, field region_code: walikota is elected in a kota, but 32.01 is a kabupaten "
        "(use bupati)",
        "line 3, field region_code: gubernur is elected in a provinsi, but 32.75 is a kota "
        "(use walikota)",
        "line 4, field region_code: bupati is elected in a kabupaten, but 32 is a provinsi "
        "(use gubernur)",
        "line 5, field region_code: bupati is elected in a kabupaten, but 32.75.01 is a "
        "kecamatan; no head of region is elected there",
        "line 6, field office: 'camat' is not one of gubernur, bupati, walikota",
        "line 7, field region_code: unknown region code 99.01",
    ]


def test_year_and_ballot_number(tmp_path: Path) -> None:
    errors = _candidate_errors(
        tmp_path,
        "Jaka Permana,,walikota,32.75,24,0,,,,,",
        "Tri Wicaksono,,walikota,32.75,1999,dua,,,,,",
        "Rahmat Hidayat,,walikota,32.75,2024,-1,,,,,",
    )
    assert errors == [
        "line 2, field year: '24' is not a year from 2000 to 2100",
        "line 2, field ballot_number: '0' is not a ballot number (1 to 99, or empty before the "
        "draw)",
        "line 3, field year: '1999' is not a year from 2000 to 2100",
        "line 3, field ballot_number: 'dua' is not a ballot number (1 to 99, or empty before "
        "the draw)",
        "line 4, field ballot_number: '-1' is not a ballot number (1 to 99, or empty before "
        "the draw)",
    ]


def test_bad_hashtag(tmp_path: Path) -> None:
    errors = _candidate_errors(tmp_path, "Jaka Permana,,walikota,32.75,2024,1,,,Bekasi Juara,,")
    assert errors == [
        "line 2, field hashtags: 'Bekasi Juara' is not one hashtag (letters, digits and '_')"
    ]


def test_duplicate_candidates_and_ballot_numbers(tmp_path: Path) -> None:
    rows, errors = _candidates(
        _csv(
            tmp_path,
            f"{CANDIDATES_HEADER}\n"
            "Tri Wicaksono,,walikota,32.75,2024,1,,,,,\n"
            "Jaka Permana,,walikota,32.75,2024,2,,,,,\n"
            "TRI WICAKSONO,,walikota,32.75,2024,3,,,,,\n"
            "Rahmat Hidayat,,walikota,32.75,2024,2,,,,,\n"
            "Rahmat Hidayat,,walikota,32.75,2029,2,,,,,\n",
        )
    )
    assert errors == [
        "line 4, field name: duplicate of line 2: same name, office, region and year",
        "line 5, field ballot_number: ballot number 2 is already on line 3 for the same election",
    ]
    assert [r.line for r in rows] == [2, 3, 6]


def test_candidates_xlsx_with_numeric_cells(tmp_path: Path) -> None:
    header = CANDIDATES_HEADER.split(",")
    path = _xlsx(
        tmp_path,
        [header, ["Tri Wicaksono", None, "walikota", "32.75", 2024, 2, None, None, None, None]],
        name="candidates.xlsx",
    )
    rows, errors = _candidates(path)
    assert errors == []
    assert [(r.line, r.year, r.ballot_number) for r in rows] == [(2, 2024, 2)]


# --- kind detection --------------------------------------------------------------------------


def test_detect_kind(tmp_path: Path) -> None:
    assert detect_kind(_csv(tmp_path, PEOPLE_HEADER + "\n", name="a.csv")) == "people"
    assert detect_kind(_csv(tmp_path, "nama,nip\n", name="b.csv")) == "people"
    candidates = _xlsx(tmp_path, [CANDIDATES_HEADER.split(",")], name="c.xlsx")
    assert detect_kind(candidates) == "candidates"


def test_detect_kind_refuses_to_guess(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"line 1: cannot tell .* \(name, tiktok\)"):
        detect_kind(_csv(tmp_path, "name,tiktok\n"))
    with pytest.raises(ValueError, match="line 1: empty file: no header"):
        detect_kind(_csv(tmp_path, ""))


def test_constants_match_the_database_schema() -> None:
    assert EMPLOYMENTS == models.EMPLOYMENTS
    assert OFFICES == models.OFFICES
