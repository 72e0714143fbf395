"""Copies of the demo captures whose capture times fall in the last eight days.

The captures were made for Pilkada 2024, so every item they flag is long past the 7-day limit
and the queue's clock would show nothing but red. `make demo` imports these copies instead:
the capture times (`timestamp_collected`, `last_updated`) are spread, in their original order,
over the eight days before now, so some items are fresh, some urgent and a few overdue. The
posts keep their own times, and the tests keep using the originals.

    python demo/recent_captures.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

DEMO = Path(__file__).resolve().parent
SPAN_MS = 8 * 24 * 3600 * 1000
NEWEST_MS_AGO = 3600 * 1000


def main(out_dir: Path) -> None:
    files = sorted(DEMO.glob("capture-*.ndjson"))
    lines = {f: [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line]
             for f in files}
    stamps = [item["timestamp_collected"] for items in lines.values() for item in items]
    first, last = min(stamps), max(stamps)
    end = int(time.time() * 1000) - NEWEST_MS_AGO

    def shifted(ms: int) -> int:
        return end - SPAN_MS + (ms - first) * SPAN_MS // max(1, last - first)

    out_dir.mkdir(parents=True, exist_ok=True)
    for f, items in lines.items():
        with (out_dir / f.name).open("w", encoding="utf-8") as out:
            for item in items:
                item["timestamp_collected"] = shifted(item["timestamp_collected"])
                item["last_updated"] = shifted(item.get("last_updated", first))
                out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {sum(map(len, lines.values()))} captures with recent capture times to {out_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
