"""Builders for test data: small, explicit, fictional people."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from collectors.base import PostIn

PEOPLE_HEADER = "name,aliases,nip,employment,position,agency,region_code,tiktok,instagram"
CANDIDATES_HEADER = (
    "name,aliases,office,region_code,year,ballot_number,running_mate,slogans,hashtags,tiktok,instagram"
)

# Fictional: a Pj mayor, a camat, a staff member and an honorary worker in Kota Bekasi.
PEOPLE_ROWS = [
    ["Drs. H. Wahyu Pranoto, M.Si", "Pak Wahyu", "197003152000031002", "PNS",
     "Pj Wali Kota Bekasi", "Pemerintah Kota Bekasi", "32.75", "wahyu.pranoto", "wahyupranoto"],
    ["Hendra Kusumawijaya", "Pak Hendra", "198204112006041003", "PNS",
     "Camat Bekasi Utara", "Kecamatan Bekasi Utara", "32.75", "camat_hendra", ""],
    ["Rina Oktaviani, S.Pd", "Bu Rina", "199010232019032001", "PPPK",
     "Guru SDN Harapan Jaya 3", "Dinas Pendidikan", "32.75", "", "rina.okta"],
    ["Joko Susilo", "", "", "NON_ASN", "Staf honorer Kelurahan Harapan Jaya",
     "Kelurahan Harapan Jaya", "32.75", "jokosusilo99", ""],
]
CANDIDATE_ROWS = [
    ["Bima Satria Nugraha", "Mas Bima;Bima", "walikota", "32.75", "2024", "2", "Siti Lestari",
     "Bekasi Maju Bersama", "BekasiBersamaMasBima", "bima.bekasi", "bimasatria.bekasi"],
    ["Yusuf Kurniawan", "Bang Yusuf", "walikota", "32.75", "2024", "1", "Dewi Anggraini",
     "Bekasi Juara", "BekasiJuara", "", ""],
]


def write_csv(path: Path, header: str, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header.split(","))
        writer.writerows(rows)
    return path


def make_post(**overrides: Any) -> PostIn:
    """A TikTok post by a nobody saying nothing, unless told otherwise."""
    external_id = overrides.pop("external_id", "7400000000000000001")
    text = overrides.pop("text", "Macet parah di Jalan Ahmad Yani pagi ini")
    raw = overrides.pop("raw", None)
    if raw is None:
        body = {"id": external_id, "desc": text, **overrides.pop("raw_extra", {})}
        raw = json.dumps(body).encode()
    values: dict[str, Any] = {
        "platform": "tiktok",
        "kind": "post",
        "external_id": external_id,
        "text": text,
        "raw": raw,
        "collector": "test",
        "collector_version": "1",
        "collected_at": datetime(2024, 10, 2, 3, 0, tzinfo=UTC),
        "created_at": datetime(2024, 10, 1, 12, 0, tzinfo=UTC),
        "author_handle": "warga_biasa",
        "permalink": f"https://www.tiktok.com/@warga_biasa/video/{external_id}",
        "metrics": {"views": 1200, "likes": 80},
    }
    values.update(overrides)
    return PostIn(**values)
