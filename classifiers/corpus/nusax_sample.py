"""Write nusax.csv: everyday sentences from NusaX (CC BY-SA 4.0) as neutral examples.

NusaX holds reviews and opinions in Indonesian, Javanese and Sundanese: enthusiastic praise of
food and places that must not read as praise of a candidate. Sentences about politics are left
out, since some of them do take sides. Run once with the path of a NusaX sentiment checkout:

    python classifiers/corpus/nusax_sample.py /path/to/nusax-senti
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

LANGUAGES = ("indonesian", "javanese", "sundanese")
PER_LANGUAGE = 200
_POLITICS = re.compile(
    r"pilih|calon|presiden|jokowi|prabowo|kampanye|pilkada|pemilu|partai|gubernur|bupati"
    r"|wali ?kota|dpr|politik|menteri|pemerintah|milih|nyalon|coblos",
    re.IGNORECASE,
)


def main(root: Path) -> None:
    rng = random.Random(20261125)
    out = Path(__file__).with_name("nusax.csv")
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label", "source", "category", "note"])
        for language in LANGUAGES:
            with (root / language / "train.csv").open(encoding="utf-8", newline="") as src:
                rows = [r for r in csv.DictReader(src) if not _POLITICS.search(r["text"])]
            for row in rng.sample(rows, PER_LANGUAGE):
                writer.writerow([
                    row["text"].strip(), "neutral", "nusax", "everyday",
                    f"NusaX {language} train id {row['id']} ({row['label']}), CC BY-SA 4.0",
                ])
    print(f"{len(LANGUAGES) * PER_LANGUAGE} rows -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
