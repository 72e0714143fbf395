from __future__ import annotations

import pytest

from app.watchlist.nip import validate_nip

# Fictional numbers: the dates are consistent, the people do not exist.
PNS = "198805122010011003"  # born 1988-05-12, appointed 2010-01, male, #003
PPPK = "199104172023212005"  # born 1991-04-17, PPPK 2023 (code 21), female, #005


def test_valid_pns_nip_is_returned_unchanged() -> None:
    assert validate_nip(PNS) == PNS


@pytest.mark.parametrize(
    "written", ["19880512 201001 1 003", "19880512.201001.1.003", " 198805122010011003\t"]
)
def test_spaces_and_dots_are_dropped(written: str) -> None:
    assert validate_nip(written) == PNS


def test_leap_day_birth_is_a_date() -> None:
    assert validate_nip("198802292010011003") == "198802292010011003"


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("", "NIP is empty"),
        ("19880512201001100", "NIP must be 18 digits, not 17"),
        ("1988051220100110031", "NIP must be 18 digits, not 19"),
        ("19880512-201001-1-003", "NIP may only hold digits, spaces and dots; found '-'"),
        ("1988O5122010011003", "NIP may only hold digits, spaces and dots; found 'O'"),
        ("１９８８０５１２２０１００１１００３", "NIP may only hold digits"),
        ("198813452010011003", "birth date 19881345 is not a date (YYYYMMDD)"),
        ("198902292010011003", "birth date 19890229 is not a date (YYYYMMDD)"),
        ("188805122010011003", "birth date 18880512 is before 1900"),
        ("209905122010011003", "birth date 20990512 is in the future"),
        ("198805122010131003", "appointment month 201013 is not a month (YYYYMM, month 1-12)"),
        ("198805122010001003", "appointment month 201000 is not a month"),
        ("198805122099011003", "appointment year 2099 is in the future"),
        ("199005121989011003", "appointment 198901 is before birth date 19900512"),
        ("200005122016011003", "appointment 201601 is at age 15, under 17 (birth date 20000512)"),
        ("198805122010013003", "gender digit (15th) must be 1 (male) or 2 (female), not 3"),
        ("198805122010010003", "gender digit (15th) must be 1 (male) or 2 (female), not 0"),
    ],
)
def test_invalid_nips_say_why(nip: str, message: str) -> None:
    with pytest.raises(ValueError) as exc:
        validate_nip(nip)
    assert str(exc.value).startswith(message)


def test_age_17_is_checked_to_the_month() -> None:
    assert validate_nip("199005122007051003") == "199005122007051003"  # 17 years 0 months
    with pytest.raises(ValueError, match="at age 16, under 17"):
        validate_nip("199005122007041003")


def test_pppk_number_has_a_code_where_pns_has_a_month() -> None:
    assert validate_nip(PPPK, pppk=True) == PPPK
    assert validate_nip("199104172025242005", pppk=True) == "199104172025242005"  # part-time
    with pytest.raises(ValueError, match="if this is a PPPK number, set employment to PPPK"):
        validate_nip(PPPK)


def test_pppk_still_checks_birth_age_and_gender() -> None:
    with pytest.raises(ValueError, match="birth date 19910231"):
        validate_nip("199102312023212005", pppk=True)
    with pytest.raises(ValueError, match="appointment 2005 is at age 14"):
        validate_nip("199104172005212005", pppk=True)
    with pytest.raises(ValueError, match="gender digit"):
        validate_nip("199104172023219005", pppk=True)
