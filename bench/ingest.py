"""Ingest benchmark: N synthetic captured posts against a watch-list of M people.

For each backend it imports a Zeeschuimer capture end to end (parse, upsert, match, classify,
triage, flag) and, in the same run, bulk-loads the same rows raw (COPY on PostgreSQL,
executemany on SQLite, which has no COPY) as the baseline. Each backend runs in its own process
so that its peak memory is its own. Prints a table and writes JSON.

    .venv/bin/python bench/ingest.py --posts 100000 --people 100000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import throwaway_db  # bench/throwaway_db.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ("Agus Budi Citra Dedi Eko Fajar Gita Hadi Indra Joko Kurnia Lestari Mega Nanda Oki "
         "Putri Rahmat Sari Tono Umar Vina Wahyu Yudi Zainal Ayu Bayu Dewi Endang Fitri Galih "
         "Hendra Intan Jaya Kartika Lukman Maya Nur Oktavia Pandu Rizki Slamet Taufik Utami "
         "Wulan Yanti Zulkifli Arif Bambang Cahya Dian Erlangga Farida Gilang Heru Irma").split()
MIDDLE = ("Adi Bagus Cahyo Dwi Eka Hari Ika Jati Kusuma Laksana Mulya Nur Prasetya Rahayu "
          "Sri Tri Wira Yoga Puspita Anggraini Setya Budi Maharani Permana Wijaya").split()
LAST = ("Santoso Wijaya Saputra Hidayat Kusuma Pratama Nugroho Setiawan Lestari Susanto "
        "Gunawan Hartono Purnomo Siregar Nasution Simanjuntak Harahap Lubis Hutapea Tanjung "
        "Wibowo Rahman Hakim Fauzi Sembiring Ginting Sitompul Panjaitan Sihombing Pohan "
        "Kurniawan Permadi Suharto Wahyudi Firmansyah Ramadhan Syahputra Maulana Hasibuan").split()
NOISE = [
    "Macet parah di jalan pagi ini, sabar ya semuanya",
    "Resep nasi goreng kampung ala rumahan, enak banget",
    "Nonton bola bareng warga, seru pol",
    "Selamat hari Jumat, semoga berkah untuk kita semua",
    "Promo diskon 50% hari ini saja, buruan cek",
    "Kerja bakti membersihkan selokan bersama warga RW 05",
]
PARTISAN = [
    "Bulatkan tekad untuk Mas Bima, coblos no 2!",
    "Salam 2 jari ✌ Bekasi Maju Bersama #BekasiBersamaMasBima",
    "Ayo menangkan Mas Bima di Pilkada Bekasi, all in!",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}"


def write_people(path: Path, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """A people CSV of `count` PNS in Kota Bekasi; returns (name, tiktok handle) pairs."""
    people = []
    used: set[str] = set()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow("name,aliases,nip,employment,position,agency,region_code,tiktok,instagram"
                     .split(","))
        for i in range(count):
            name = _name(rng)
            nip = ""
            while not nip or nip in used:  # NIPs are unique; the importer refuses repeats
                birth = f"{rng.randint(1965, 1998)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                tmt = f"{int(birth[:4]) + rng.randint(21, 25)}{rng.randint(1, 12):02d}"
                nip = f"{birth}{tmt}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
            used.add(nip)
            handle = f"asn{i:07d}"
            out.writerow([name, "", nip, "PNS", "Staf", "Pemerintah Kota Bekasi", "32.75",
                          handle, ""])
            people.append((name, handle))
    return people


def write_candidates(path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow("name,aliases,office,region_code,year,ballot_number,running_mate,slogans,"
                     "hashtags,tiktok,instagram".split(","))
        out.writerow(["Bima Satria Nugraha", "Mas Bima", "walikota", "32.75", "2024", "2", "",
                      "Bekasi Maju Bersama", "BekasiBersamaMasBima", "", ""])


def write_capture(
    path: Path, count: int, people: list[tuple[str, str]], rng: random.Random
) -> None:
    """A Zeeschuimer TikTok capture: mostly citizens' noise, some watched authors and names."""
    start = int(datetime(2024, 10, 1, tzinfo=UTC).timestamp())
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(count):
            roll = rng.random()
            author = f"warga{rng.randint(0, 10**6)}"
            if roll < 0.02:
                author = rng.choice(people)[1]
                text = rng.choice(PARTISAN)
            elif roll < 0.05:
                text = f"{rng.choice(NOISE)} bersama Pak {rng.choice(people)[0]}"
            elif roll < 0.10:
                text = rng.choice(PARTISAN)
            else:
                text = f"{rng.choice(NOISE)} #{rng.choice(['fyp', 'bekasi', 'kuliner'])}"
            video_id = str(7_300_000_000_000_000_000 + i)
            item = {
                "id": video_id, "desc": text, "createTime": start + i,
                "author": {"uniqueId": author, "nickname": author, "id": str(i)},
                "stats": {"diggCount": rng.randint(0, 500), "commentCount": 3,
                          "shareCount": 1, "playCount": rng.randint(10, 100000)},
            }
            envelope = {
                "id": i, "nav_index": f"1:{i}", "item_id": video_id,
                "timestamp_collected": (start + 86400) * 1000,
                "last_updated": (start + 86400) * 1000,
                "source_platform": "tiktok.com", "source_platform_url": "https://www.tiktok.com/",
                "source_url": "https://www.tiktok.com/api/post/item_list/", "user_agent": "bench",
                "data": item,
            }
            fh.write(json.dumps(envelope, ensure_ascii=False) + "\n")


def _baseline(url: str, capture: Path) -> float:
    """Rows per second of the plainest bulk load of the same parsed rows."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from app.db import make_engine
    from app.posts.ingest import _post_row
    from collectors.base import PostIn
    from collectors.zeeschuimer import read_capture

    now = datetime.now(UTC)
    rows = [_post_row(p, now) for p in read_capture(capture) if isinstance(p, PostIn)]
    cols = ["platform", "external_id", "author_handle", "text", "metrics", "created_at",
            "collected_at", "raw", "raw_sha256"]
    engine = make_engine(url)
    backend = make_url(url).get_backend_name()
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE bench_raw (platform text, external_id text, "
                          "author_handle text, text text, metrics text, created_at text, "
                          "collected_at text, raw text, raw_sha256 text)"))
    values = [
        tuple(json.dumps(r[c]) if c == "metrics" else (str(r[c]) if r[c] is not None else None)
              for c in cols)
        for r in rows
    ]
    raw_conn = engine.raw_connection()
    try:
        cur = raw_conn.cursor()
        t0 = time.perf_counter()
        if backend == "postgresql":
            with cur.copy(f"COPY bench_raw ({', '.join(cols)}) FROM STDIN") as copy:
                for v in values:
                    copy.write_row(v)
        else:
            cur.executemany(f"INSERT INTO bench_raw VALUES ({', '.join('?' * len(cols))})", values)
        raw_conn.commit()
        elapsed = time.perf_counter() - t0
    finally:
        raw_conn.close()
        engine.dispose()
    return len(values) / elapsed


def worker(backend: str, url: str, posts: int, people_count: int, workdir: Path) -> dict:
    from sqlalchemy.orm import sessionmaker

    from app.db import make_engine, session_scope
    from app.migrate import upgrade_database
    from app.posts.capture_import import import_captures
    from app.posts.detect import get_classifier
    from app.watchlist import service as watchlist_service
    from app.watchlist.snapshot import current_snapshot

    rng = random.Random(20241127)
    upgrade_database(url)
    people = write_people(workdir / "people.csv", people_count, rng)
    write_candidates(workdir / "candidates.csv")
    capture = workdir / "capture.ndjson"
    write_capture(capture, posts, people, rng)
    factory = sessionmaker(bind=make_engine(url), expire_on_commit=False)

    t0 = time.perf_counter()
    with session_scope(factory) as session:
        for kind in ("candidates", "people"):
            result = watchlist_service.import_file(
                session=session, path=workdir / f"{kind}.csv", kind=kind
            )
            assert not result.errors, result.errors[:3]
    watchlist_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with session_scope(factory) as session:
        current_snapshot(session=session)
    matcher_s = time.perf_counter() - t0
    model_dir = workdir / "models"
    get_classifier(model_dir)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    report = import_captures([capture], factory=factory, model_cache_dir=model_dir,
                             threshold=0.5, batch_size=1000)
    import_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert report.counts.new == posts, report.counts
    baseline = _baseline(url, capture)
    return {
        "backend": backend, "posts": posts, "people": people_count,
        "watchlist_import_s": round(watchlist_s, 2), "matcher_build_s": round(matcher_s, 2),
        "import_s": round(import_s, 2), "posts_per_s": round(posts / import_s),
        "flagged": report.counts.flagged,
        "peak_rss_mb": round(peak_mb), "rss_before_import_mb": round(rss_before / 1024),
        "baseline": "COPY" if backend == "postgresql" else "executemany",
        "baseline_rows_per_s": round(baseline),
        "ratio_to_baseline": round(posts / import_s / baseline, 3),
    }






def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ingest.json")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.url, args.posts, args.people, args.workdir)))
        return
    results = []
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            url, pg_name = throwaway_db.database(backend, Path(tmp))
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--worker", backend, "--url", url,
                     "--posts", str(args.posts), "--people", str(args.people), "--workdir", tmp],
                    capture_output=True, text=True, check=True, cwd=ROOT,
                )
            except subprocess.CalledProcessError as exc:
                sys.exit(f"{backend} run failed:\n{exc.stderr}")
            finally:
                if pg_name:
                    throwaway_db.drop(pg_name)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = results[-1]
            print(f"{backend:>10}: {r['posts_per_s']:>7} posts/s end to end "
                  f"({r['import_s']} s), peak {r['peak_rss_mb']} MB; raw {r['baseline']} "
                  f"{r['baseline_rows_per_s']} rows/s; ratio {r['ratio_to_baseline']}; "
                  f"watch-list import {r['watchlist_import_s']} s, matcher build "
                  f"{r['matcher_build_s']} s, flagged {r['flagged']}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"measured_at": datetime.now(UTC).isoformat(),
                                    "results": results}, indent=2))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
