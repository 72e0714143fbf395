"""Confirmed cases in three cities, with captions written to break spreadsheets and pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from app.posts.models import PostMatch
from app.review.models import ReviewItem
from app.users.models import User
from tests.case_builders import (
    NOW,
    answer,
    decide,
    make_candidate,
    make_flag,
    make_person,
    make_user,
)

FORMULA = '=HYPERLINK("http://contoh.invalid/x","klik") Bulatkan tekad untuk Mas Bima!'
SCRIPT = '<script>alert("pantau")</script> Coblos no 1 \x0b Bandung Juara!'


@dataclass
class Cases:
    bekasi: ReviewItem
    bandung: ReviewItem
    surabaya: ReviewItem
    pending: ReviewItem
    rejected: ReviewItem
    citra: User
    dedi: User
    election_id: int


@pytest.fixture
def cases(session: Session) -> Cases:
    ana = make_user(session, "ana", "Ana Rahmawati")
    budi = make_user(session, "budi", "Budi Santoso")
    citra = make_user(session, "citra", "Citra Lestari", "coordinator", "Bawaslu Kota Bekasi")
    dedi = make_user(session, "dedi", "Dedi Kurniawan", "coordinator",
                     "Bawaslu Provinsi Jawa Barat")
    camat = make_person(session, "Hendra Kusumawijaya", nip="198204112006041003",
                        position="Camat Bekasi Timur", agency="Kecamatan Bekasi Timur",
                        region_code="32.75.01", rank=2)
    staf = make_person(session, "Yoga Pratama", nip="199502142020121005",
                       position="Staf Bagian Umum", agency="Sekretariat Daerah Kota Bandung",
                       region_code="32.73", rank=5)
    pj = make_person(session, "Drs. Arief Setiawan, M.Si", nip="197108231998031002",
                     position="Pj Wali Kota Bandung", agency="Pemerintah Kota Bandung",
                     region_code="32.73", rank=1)
    guru = make_person(session, "Agus Wibisono", nip="198811022014031001",
                       position="Guru SMPN 12", agency="Dinas Pendidikan", region_code="35.78")
    bima = make_candidate(session, "Bima Satria Nugraha", office="walikota",
                          region_code="32.75", election_name="Pilwalkot Bekasi 2024",
                          ballot_number=2)

    # Posted at 00:30 WIB on 10 October (17:30 UTC on the 9th).
    bekasi = make_flag(session, "101", actor=camat, candidate=bima, text=FORMULA,
                       posted_at=datetime(2024, 10, 9, 17, 30, tzinfo=UTC),
                       flagged_at=NOW - timedelta(days=9))
    decide(session, bekasi, ana, NOW - timedelta(days=8), note="=caption mendukung paslon 02")
    answer(session, bekasi, citra, NOW - timedelta(days=7), note="sesuai, teruskan ke BKN")

    # The staff member posted it, but the Pj it names outranks them.
    bandung = make_flag(session, "102", actor=staf, text=SCRIPT,
                        posted_at=datetime(2024, 10, 12, 2, 0, tzinfo=UTC),
                        flagged_at=NOW - timedelta(days=6))
    session.add(PostMatch(post_id=bandung.post_id, person_id=pj.id, how="name", field="text",
                          span_start=0, span_end=5, matched="Arief"))
    bandung.region_code = "32.73"
    decide(session, bandung, budi, NOW - timedelta(days=5), category=7)
    answer(session, bandung, dedi, NOW - timedelta(days=4))

    surabaya = make_flag(session, "103", actor=guru, text="-Dukung terus Mas Bima @bima.bekasi",
                         posted_at=datetime(2024, 10, 1, 4, 0, tzinfo=UTC),
                         flagged_at=NOW - timedelta(days=15))
    decide(session, surabaya, ana, NOW - timedelta(days=14), category=6)
    answer(session, surabaya, dedi, NOW - timedelta(days=13))

    pending = make_flag(session, "104", actor=camat, candidate=bima)
    decide(session, pending, ana, NOW)
    rejected = make_flag(session, "105", actor=guru, flagged_at=NOW - timedelta(days=3))
    decide(session, rejected, budi, NOW - timedelta(days=2))
    answer(session, rejected, citra, NOW - timedelta(days=1), accept=False, note="berita")
    session.commit()
    return Cases(bekasi, bandung, surabaya, pending, rejected, citra, dedi,
                 election_id=bima.election_id)
