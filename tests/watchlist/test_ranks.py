from __future__ import annotations

import pytest

from app.watchlist.ranks import rank_for


@pytest.mark.parametrize(
    ("position", "employment", "rank"),
    [
        ("Pj Wali Kota Bekasi", "PNS", 1),
        ("Penjabat Bupati Bogor", "PNS", 1),
        ("Sekretaris Daerah Kota Cirebon", "PNS", 2),
        ("Kepala Dinas Pendidikan", "PNS", 2),
        ("Camat Bekasi Utara", "PNS", 3),
        ("Lurah Harapan Jaya", "PNS", 4),
        ("Kepala Desa Cibodas", "KEPALA_DESA", 4),
        (None, "KEPALA_DESA", 4),
        ("Staf Dinas Kesehatan", "PNS", 5),
        ("Guru SDN 3", "PPPK", 5),
        (None, "BUMD", 5),
    ],
)
def test_rank_for(position: str | None, employment: str, rank: int) -> None:
    assert rank_for(position, employment) == rank
