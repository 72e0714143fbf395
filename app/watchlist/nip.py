"""NIP, the 18-digit civil-servant number, checked for the dates it encodes.

PNS (Perka BKN 43/2007): YYYYMMDD birth date, YYYYMM first appointment (TMT CPNS),
G gender (1 male, 2 female), NNN sequence.

PPPK numbers (NI PPPK) have the same length, birth date, gender and sequence, but the six
appointment digits are the appointment *year* followed by a two-digit code that is not a
month (commonly 21, and 24 for part-time PPPK), so only the year can be checked there.
"""

from __future__ import annotations

import re
from datetime import date

NIP_LENGTH = 18
# Hiring starts at 18; a year of slack covers TMT rounding and data-entry of the month.
MIN_AGE_AT_APPOINTMENT = 17
_EARLIEST_BIRTH_YEAR = 1900
_SEPARATORS = re.compile(r"[\s.]+")


def validate_nip(nip: str, *, pppk: bool = False) -> str:
    """The normalized 18-digit NIP, or ValueError saying exactly what is wrong.

    Spaces and dots are dropped ("19880512 201001 1 003" is fine). With `pppk`, the two
    digits after the appointment year are a code rather than a month.
    """
    digits = _SEPARATORS.sub("", nip)
    _check_shape(digits)
    birth = _birth_date(digits[:8])
    year, month = _appointment(digits[8:14], pppk=pppk)
    _check_age(birth, year, month, digits)
    if digits[14] not in "12":
        raise ValueError(f"gender digit (15th) must be 1 (male) or 2 (female), not {digits[14]}")
    return digits


def _check_shape(digits: str) -> None:
    if not digits:
        raise ValueError("NIP is empty")
    if not digits.isascii() or not digits.isdigit():
        bad = "".join(dict.fromkeys(c for c in digits if not (c.isascii() and c.isdigit())))
        raise ValueError(f"NIP may only hold digits, spaces and dots; found {bad!r}")
    if len(digits) != NIP_LENGTH:
        raise ValueError(f"NIP must be {NIP_LENGTH} digits, not {len(digits)}")


def _birth_date(text: str) -> date:
    try:
        birth = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise ValueError(f"birth date {text} is not a date (YYYYMMDD)") from None
    if birth.year < _EARLIEST_BIRTH_YEAR:
        raise ValueError(f"birth date {text} is before {_EARLIEST_BIRTH_YEAR}")
    if birth > date.today():
        raise ValueError(f"birth date {text} is in the future")
    return birth


def _appointment(text: str, *, pppk: bool) -> tuple[int, int | None]:
    """(year, month); month is None for PPPK, whose number does not hold one."""
    year = int(text[:4])
    # Numbers are issued shortly before the appointment starts, never years ahead.
    if year > date.today().year + 1:
        raise ValueError(f"appointment year {text[:4]} is in the future")
    if pppk:
        return year, None
    month = int(text[4:])
    if not 1 <= month <= 12:
        raise ValueError(
            f"appointment month {text} is not a month (YYYYMM, month 1-12); "
            "if this is a PPPK number, set employment to PPPK"
        )
    return year, month


def _check_age(birth: date, year: int, month: int | None, digits: str) -> None:
    shown = digits[8:12] if month is None else digits[8:14]
    birth_text = digits[:8]
    # Month precision only: a PNS appointment starts on the 1st, and for PPPK we give the
    # benefit of the doubt with December.
    months = (year * 12 + (month or 12)) - (birth.year * 12 + birth.month)
    if months < 0:
        raise ValueError(f"appointment {shown} is before birth date {birth_text}")
    if months < MIN_AGE_AT_APPOINTMENT * 12:
        raise ValueError(
            f"appointment {shown} is at age {months // 12}, under {MIN_AGE_AT_APPOINTMENT} "
            f"(birth date {birth_text})"
        )


def mask_nip(nip: str | None) -> str:
    """Enough of a NIP to tell two people apart on screen, without the birth date in it.

    The first four digits (birth year) and the last three (serial) stay; the rest, which
    spell the birth day and the appointment month, become dots.
    """
    if not nip:
        return "—"
    return nip[:4] + "•" * max(0, len(nip) - 7) + nip[-3:]
