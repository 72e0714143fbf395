"""The Kemendagri region gazetteer shipped in app/data/wilayah (MIT, see its LICENSE.txt)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.regions.models import Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "wilayah"
_LEVEL_KIND = {1: "provinsi", 3: "kecamatan", 4: "kelurahan_desa"}


_NAME_PREFIXES = ("Kota Administrasi ", "Kabupaten ", "Kota ")


def short_name(name: str) -> str:
    """"Kota Bekasi" -> "Bekasi": how captions and election names write a region."""
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _parent(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def iter_region_rows(data_dir: Path = DATA_DIR) -> Iterator[dict[str, object]]:
    """Every region as a row dict, parents before children."""
    with open(data_dir / "prov_kabkota.csv", encoding="utf-8", newline="") as fh:
        # Level 2 is split into kabupaten and kota only in this file; the office that is
        # elected there (bupati or walikota) depends on it.
        level2_kind = {r["kode"]: r["jenis"] for r in csv.DictReader(fh)}
    with open(data_dir / "wilayah.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            level = int(r["level"])
            kind = level2_kind.get(r["kode"], "kabupaten") if level == 2 else _LEVEL_KIND[level]
            yield {
                "code": r["kode"],
                "name": r["nama"],
                "level": level,
                "kind": kind,
                "parent_code": _parent(r["kode"]),
            }


def load_regions(*, session: Session, data_dir: Path = DATA_DIR) -> int:
    """Insert the regions the database lacks; returns how many were added."""
    existing = set(session.scalars(select(Region.code)))
    rows = [r for r in iter_region_rows(data_dir) if r["code"] not in existing]
    for start in range(0, len(rows), 5000):
        session.execute(insert(Region), rows[start : start + 5000])
    session.flush()
    return len(rows)


def region_kinds(*, session: Session) -> dict[str, str]:
    """code -> kind for provinces and kabupaten/kota, the levels elections happen at."""
    stmt = select(Region.code, Region.kind).where(Region.level <= 2)
    return {code: kind for code, kind in session.execute(stmt)}


def known_codes(*, session: Session) -> set[str]:
    """Every region code, for validating rows that name one."""
    return set(session.scalars(select(Region.code)))


def count(*, session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Region)) or 0
