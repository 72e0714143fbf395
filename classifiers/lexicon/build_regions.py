"""Write lexicon/regions.txt: the names of Indonesia's provinces, regencies and cities, as they
stand once normalized, for `classifiers.regions`.

From Kemendagri's region codes shipped in app/data/wilayah/ (MIT, cahyadsn/wilayah), without
the "Kabupaten"/"Kota" prefix, plus the provinces' everyday abbreviations. Run after that data
changes:  python -m classifiers.lexicon.build_regions
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from classifiers.normalize import normalize_text
from classifiers.regions import REGIONS_PATH

SOURCE = Path(__file__).resolve().parents[2] / "app" / "data" / "wilayah" / "prov_kabkota.csv"
_PREFIX = re.compile(
    r"^(?:(?:Kabupaten|Kota)(?: Administrasi)?|Provinsi|Daerah Khusus(?: Ibukota)?"
    r"|Daerah Istimewa)\s+"
)
# What captions write instead of the official name: provinces' abbreviations, cities' everyday
# names and spellings run together or apart.
_EVERYDAY = """
    sumut sumbar sumsel jabar jateng jatim kalbar kalteng kalsel kaltim kaltara sulut sulteng
    sulsel sultra sulbar ntb ntt babel kepri dki diy jogja yogya jakarta papua solo baubau
    pangkalpinang tanjungpinang palangkaraya
""".split()


def region_names(source: Path = SOURCE) -> list[str]:
    with source.open(encoding="utf-8", newline="") as fh:
        names = {normalize_text(_PREFIX.sub("", row["nama"])) for row in csv.DictReader(fh)}
    return sorted(names | set(_EVERYDAY))


def main() -> None:
    names = region_names()
    header = (
        "# normalized region names, one a line; written by classifiers/lexicon/build_regions.py"
        " from Kemendagri codes (MIT, cahyadsn/wilayah), do not edit\n"
    )
    REGIONS_PATH.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {REGIONS_PATH}")


if __name__ == "__main__":
    main()
