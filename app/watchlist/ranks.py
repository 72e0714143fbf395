"""How senior a watched person is, from their position: a Pj outranks a staff member."""

from __future__ import annotations

import re

# Ordered most senior first; the first pattern that matches the position wins.
_RANK_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"\b(pj|pjs|plt|penjabat)\b\.?\s*(gubernur|bupati|wali\s*kota|walikota)")),
    (1, re.compile(r"\b(gubernur|bupati|wali\s*kota|walikota)\b")),
    (2, re.compile(r"\b(sekda|sekretaris daerah|asisten)\b")),
    (2, re.compile(r"\bkepala (dinas|badan|kantor|satuan|bagian|opd)\b|\bkadis\b|\bkaban\b")),
    (3, re.compile(r"\b(camat|sekcam|kapolsek|danramil|kapolres|dandim|direktur)\b")),
    (4, re.compile(r"\b(lurah|kepala desa|kades|sekdes|kepala sekolah|kepsek)\b")),
)
STAFF_RANK = 5


def rank_for(position: str | None, employment: str) -> int:
    """1 (acting regional head) to 5 (staff)."""
    text = (position or "").lower()
    for rank, pattern in _RANK_PATTERNS:
        if pattern.search(text):
            return rank
    return 4 if employment == "KEPALA_DESA" else STAFF_RANK
