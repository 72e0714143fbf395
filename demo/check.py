#!/usr/bin/env python3
"""Check the demo data (stdlib only): python3 demo/check.py [folder ...]

For each dataset folder (default: demo/ and demo/unseen/) it checks that every capture line is a
valid Zeeschuimer envelope, that people.csv and candidates.csv are well formed (headers, NIPs,
region codes that exist in shared/data/wilayah-kemendagri), that expected.csv covers every item
once, and that the ground truth is honest: every violation has a watched person visible as
author, @mention, tag or by name/alias AND a candidate cue; citizens' support has no watched
person at all; everyday posts by watched people carry no candidate cue.

When run from the repository with its virtualenv, it also parses every capture with the
project's own Zeeschuimer collector. Exits non-zero on any problem.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gen_model import valid_nip

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WILAYAH = [REPO.parent / "shared" / "data" / "wilayah-kemendagri",
           Path("/work/shared/data/wilayah-kemendagri")]
PEOPLE_HEADER = "name,aliases,nip,employment,position,agency,region_code,tiktok,instagram"
CANDIDATES_HEADER = ("name,aliases,office,region_code,year,ballot_number,running_mate,slogans,"
                     "hashtags,tiktok,instagram")
EMPLOYMENT = {"PNS", "PPPK", "NON_ASN", "BUMD", "TNI", "POLRI", "KEPALA_DESA"}
PLATFORMS = {"capture-tiktok.ndjson": "tiktok.com",
             "capture-tiktok-comments.ndjson": "tiktok-comments",
             "capture-instagram.ndjson": "instagram.com"}
ENVELOPE = {"id", "nav_index", "item_id", "timestamp_collected", "last_updated",
            "source_platform", "source_platform_url", "source_url", "user_agent", "data"}
BALLOT = re.compile(r"\b(no\.?|nomor|nomer|paslon|urut)\s*0?[1-4]\b|\b0[1-4]\b|salam \w+ jari|"
                    r"[☝✌]")
START, END = datetime(2024, 9, 1, tzinfo=UTC), datetime(2024, 12, 1, tzinfo=UTC)


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, message: str) -> None:
        self.problems.append(message)


def region_codes() -> tuple[set[str], dict[str, str]]:
    folder = next(p for p in WILAYAH if p.exists())
    with open(folder / "prov_kabkota.csv", encoding="utf-8") as fh:
        codes = {row["kode"] for row in csv.DictReader(fh)}
    with open(folder / "wilayah.csv", encoding="utf-8") as fh:
        names = {row["kode"]: row["nama"] for row in csv.DictReader(fh)}
    return codes, names


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def plain(name: str) -> str:
    words = name.split(",")[0].split()
    prefixes = {"drs.", "dra.", "dr.", "ir.", "h.", "hj.", "prof.", "moch.", "bripka", "brigpol",
                "aiptu", "serda", "sertu", "serka", "akp", "kompol", "iptu", "ipda"}
    while words and words[0].lower() in prefixes:
        words.pop(0)
    return " ".join(words)


# --- the raw items -----------------------------------------------------------------------------


def view(platform: str, data: dict[str, Any]) -> dict[str, Any]:
    """The fields the ground truth is judged on, for any of the shapes."""
    out: dict[str, Any] = {"mentions": set(), "tags": set(), "alt": "", "time": None}
    if platform == "tiktok.com":
        author = data["author"]
        out["id"] = data["id"]
        out["author"] = author["uniqueId"] if isinstance(author, dict) else author
        out["name"] = author["nickname"] if isinstance(author, dict) else data.get("nickname")
        out["text"] = data["desc"]
        out["time"] = int(data["createTime"])
        out["mentions"] = {e["userUniqueId"] for e in data["textExtra"] if e.get("userUniqueId")}
    elif platform == "tiktok-comments":
        out["id"] = data["cid"]
        out["author"] = data["user"]["unique_id"]
        out["name"] = data["user"]["nickname"]
        out["text"] = data["text"]
        out["time"] = data["create_time"]
        out["parent"] = data["aweme_id"]
    elif data.get("__typename", "").startswith("Graph"):
        out["id"] = data["shortcode"]
        out["author"] = data["owner"]["username"]
        out["name"] = ""
        edges = data["edge_media_to_caption"]["edges"]
        out["text"] = edges[0]["node"]["text"] if edges else ""
        out["time"] = data["taken_at_timestamp"]
        out["tags"] = {e["node"]["user"]["username"]
                       for e in data["edge_media_to_tagged_user"]["edges"]}
        out["alt"] = data.get("accessibility_caption", "")
    else:
        out["id"] = data["code"]
        out["author"] = data["user"]["username"]
        out["name"] = data["user"].get("full_name", "")
        out["text"] = (data.get("caption") or {}).get("text") or ""
        out["time"] = data.get("taken_at")
        out["tags"] = {t["user"]["username"] for t in (data.get("usertags") or {}).get("in", [])}
        out["tags"] |= {c["username"] for c in data.get("coauthor_producers") or []}
        out["alt"] = data.get("accessibility_caption", "")
        out["ad"] = data.get("product_type") == "ad"
    out["mentions"] |= {m.rstrip(".").lower()
                        for m in re.findall(r"(?<![\w.@])@([A-Za-z0-9_.]+)", out["text"])}
    return out


def check_dataset(folder: Path, codes: set[str], names: dict[str, str], rep: Report) -> None:
    print(f"== {folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder}")
    people = check_people(folder, codes, rep)
    candidates = check_candidates(folder, codes, rep)
    check_regions(folder, codes, names, rep)
    items, duplicates, per_file = read_captures(folder, rep)
    expected = read_expected(folder, rep)
    keys = set(items)
    for key in sorted(keys - set(expected)):
        rep.fail(f"{folder.name}: {key} is captured but not in expected.csv")
    for key in sorted(set(expected) - keys):
        rep.fail(f"{folder.name}: expected.csv row {key} has no captured item")
    check_truth(folder.name, items, expected, people, candidates, rep)
    tiktok_ids = {k[1] for k, v in items.items() if v["platform"] == "tiktok.com"}
    for key, item in items.items():
        if item["platform"] == "tiktok-comments" and item["parent"] not in tiktok_ids:
            rep.fail(f"{key}: comment on a video that is not in the capture")
    cats = Counter(row["category"] for row in expected.values())
    print(f"  lines per file: {dict(per_file)}; duplicates: {duplicates}")
    print(f"  items: {len(items)}; categories: {dict(sorted(cats.items()))}")
    print(f"  people: {len(people)} ({dict(Counter(p['employment'] for p in people))}); "
          f"candidates: {len(candidates)}")
    cross_check(folder, rep)


def check_people(folder: Path, codes: set[str], rep: Report) -> list[dict[str, str]]:
    path = folder / "people.csv"
    if path.read_text(encoding="utf-8").splitlines()[0] != PEOPLE_HEADER:
        rep.fail(f"{path}: header is not {PEOPLE_HEADER}")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    handles: Counter[tuple[str, str]] = Counter()
    for line, row in enumerate(rows, start=2):
        where = f"{path.name}:{line}"
        if row["employment"] not in EMPLOYMENT:
            rep.fail(f"{where}: employment {row['employment']!r}")
        if row["employment"] in ("PNS", "PPPK"):
            if not valid_nip(row["nip"]):
                rep.fail(f"{where}: invalid NIP {row['nip']!r}")
        elif row["nip"]:
            rep.fail(f"{where}: {row['employment']} should have no NIP")
        if row["region_code"] not in codes:
            rep.fail(f"{where}: region {row['region_code']} not in prov_kabkota.csv")
        for platform in ("tiktok", "instagram"):
            for handle in split(row[platform]):
                handles[(platform, handle)] += 1
                if handle != handle.lower():
                    rep.fail(f"{where}: handle {handle} is not lower case")
    for key, n in handles.items():
        if n > 1:
            rep.fail(f"{path.name}: handle {key} listed {n} times")
    return rows


def check_candidates(folder: Path, codes: set[str], rep: Report) -> list[dict[str, str]]:
    path = folder / "candidates.csv"
    if path.read_text(encoding="utf-8").splitlines()[0] != CANDIDATES_HEADER:
        rep.fail(f"{path}: header is not {CANDIDATES_HEADER}")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    races: dict[tuple[str, str], list[str]] = {}
    for line, row in enumerate(rows, start=2):
        if row["office"] not in ("gubernur", "bupati", "walikota"):
            rep.fail(f"{path.name}:{line}: office {row['office']!r}")
        if row["region_code"] not in codes:
            rep.fail(f"{path.name}:{line}: region {row['region_code']} unknown")
        if row["year"] != "2024":
            rep.fail(f"{path.name}:{line}: year {row['year']}")
        races.setdefault((row["office"], row["region_code"]), []).append(row["ballot_number"])
    for race, ballots in races.items():
        numbered = [b for b in ballots if b]
        if len(numbered) != len(set(numbered)):
            rep.fail(f"{path.name}: {race} has repeated ballot numbers {numbered}")
        if numbered and not 2 <= len(numbered) <= 4:
            rep.fail(f"{path.name}: {race} has {len(numbered)} numbered candidates")
    return rows


def check_regions(folder: Path, codes: set[str], names: dict[str, str], rep: Report) -> None:
    """The kecamatan and kelurahan/desa named in the generator exist under their region."""
    module = "pools_main" if folder == HERE else "pools_unseen"
    source = HERE / f"{module}.py"
    if not source.exists():
        return
    namespace: dict[str, Any] = {}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)
    by_parent: dict[str, set[str]] = {}
    for code, name in names.items():
        by_parent.setdefault(code.rsplit(".", 1)[0], set()).add(name.casefold())
    for code, info in namespace["REGIONS"].items():
        if code not in codes:
            rep.fail(f"{module}: region {code} unknown")
        for kec, villages in info["kec"].items():
            kec_code = next((c for c, n in names.items() if c.startswith(code + ".")
                             and c.count(".") == 2 and n.casefold() == kec.casefold()), None)
            if kec_code is None:
                rep.fail(f"{module}: kecamatan {kec} is not in {code}")
                continue
            for village in villages:
                if village.casefold() not in by_parent.get(kec_code, set()):
                    rep.fail(f"{module}: {village} is not in kecamatan {kec} ({kec_code})")
    for person in namespace["PEOPLE"]:
        kec = person["area"]
        if kec and kec not in namespace["REGIONS"][person["region"]]["kec"]:
            rep.fail(f"{module}: {person['name']} works in unknown kecamatan {kec}")


def read_captures(folder: Path, rep: Report) -> tuple[dict, int, Counter]:
    items: dict[tuple[str, str], dict[str, Any]] = {}
    seen: Counter[tuple[str, str]] = Counter()
    per_file: Counter[str] = Counter()
    ids: list[int] = []
    for name, source_platform in PLATFORMS.items():
        path = folder / name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{path.name}:{number}"
            per_file[name] += 1
            try:
                env = json.loads(line)
            except json.JSONDecodeError as exc:
                rep.fail(f"{where}: not JSON ({exc})")
                continue
            if set(env) != ENVELOPE:
                rep.fail(f"{where}: envelope keys {sorted(set(env) ^ ENVELOPE)}")
                continue
            ids.append(env["id"])
            if env["source_platform"] != source_platform:
                rep.fail(f"{where}: source_platform {env['source_platform']}")
            for field in ("timestamp_collected", "last_updated"):
                if not 1725000000000 < env[field] < 1736000000000:
                    rep.fail(f"{where}: {field} {env[field]} is not milliseconds in 2024")
            item = view(source_platform, env["data"])
            if env["item_id"] != item["id"]:
                rep.fail(f"{where}: item_id {env['item_id']} != {item['id']}")
            if item["time"] is not None:
                when = datetime.fromtimestamp(item["time"], tz=UTC)
                if not START <= when < END:
                    rep.fail(f"{where}: created {when:%Y-%m-%d}, outside Sept-Nov 2024")
                if env["timestamp_collected"] < item["time"] * 1000:
                    rep.fail(f"{where}: collected before it was posted")
            platform = "instagram" if source_platform == "instagram.com" else "tiktok"
            key = (platform, item["id"])
            seen[key] += 1
            item["platform"] = source_platform
            items.setdefault(key, item)
    if len(ids) != len(set(ids)):
        rep.fail(f"{folder.name}: envelope ids repeat")
    return items, sum(n - 1 for n in seen.values()), per_file


def read_expected(folder: Path, rep: Report) -> dict[tuple[str, str], dict[str, str]]:
    path = folder / "expected.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for row in rows:
        key = (row["platform"], row["external_id"])
        if key in out:
            rep.fail(f"{path.name}: {key} listed twice")
        if row["should_flag"] != ("1" if row["category"] == "violation" else "0"):
            rep.fail(f"{path.name}: {key} should_flag {row['should_flag']} for {row['category']}")
        out[key] = row
    return out


# --- the ground truth --------------------------------------------------------------------------


def watched_in(item: dict[str, Any], people: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(person, how) for every watched person visible in the item."""
    text = item["text"].casefold()
    found = []
    for p in people:
        handles = {h.lower() for h in split(p["tiktok"]) + split(p["instagram"])}
        if item["author"] and item["author"].lower() in handles:
            found.append((p["name"], "author"))
        if handles & {m.lower() for m in item["mentions"]}:
            found.append((p["name"], "mention"))
        if handles & {t.lower() for t in item["tags"]}:
            found.append((p["name"], "tag"))
        for alias in [plain(p["name"]), *split(p["aliases"])]:
            if re.search(r"(?<!\w)" + re.escape(alias.casefold()) + r"(?!\w)", text):
                found.append((p["name"], "name"))
                break
    return found


def candidate_cue(text: str, candidates: list[dict[str, str]]) -> bool:
    low = text.casefold()
    for c in candidates:
        words = [c["name"], *split(c["aliases"]), *split(c["slogans"]), *split(c["hashtags"])]
        if any(w.casefold() in low for w in words):
            return True
    return bool(BALLOT.search(low))


def check_truth(name: str, items: dict, expected: dict, people: list, candidates: list,
                rep: Report) -> None:
    for key, row in expected.items():
        item = items.get(key)
        if item is None:
            continue
        text = " ".join([item["text"], item["alt"]])
        actors = watched_in(item, people)
        cue = candidate_cue(text, candidates)
        category = row["category"]
        if category == "violation":
            if not actors:
                rep.fail(f"{name} {key}: violation without a visible watched person")
            if not cue:
                rep.fail(f"{name} {key}: violation without a candidate cue: {item['text']!r}")
        elif category == "citizen_support":
            if actors:
                rep.fail(f"{name} {key}: citizen_support involves watched {actors}")
            # A candidate's own post, or a comment under a partisan video, may say it plainly.
            by_candidate = any(item["author"] in split(c["tiktok"]) + split(c["instagram"])
                               for c in candidates)
            parent = items.get(("tiktok", item.get("parent", "")))
            if not (cue or by_candidate or parent and candidate_cue(parent["text"], candidates)):
                rep.fail(f"{name} {key}: citizen_support without a candidate cue")
        elif category == "neutral_official" and not actors:
            rep.fail(f"{name} {key}: neutral_official without a watched person")
        elif category == "noise" and actors and cue:
            rep.fail(f"{name} {key}: noise by watched {actors} has a candidate cue")
        if category == "ad" and not item.get("ad"):
            rep.fail(f"{name} {key}: the ad row is not an ad item")


def cross_check(folder: Path, rep: Report) -> None:
    """Parse the captures with the project's collector, when it can be imported."""
    sys.path.insert(0, str(REPO))
    try:
        from collectors.base import LineError, LineSkipped  # type: ignore[import-not-found]
        from collectors.zeeschuimer import read_capture  # type: ignore[import-not-found]
    except ImportError:
        print("  (collectors.zeeschuimer not importable here; skipped the collector check)")
        return
    posts = skipped = 0
    for name in PLATFORMS:
        for result in read_capture(folder / name):
            if isinstance(result, LineError):
                rep.fail(f"collector: {result}")
            elif isinstance(result, LineSkipped):
                skipped += 1
            else:
                posts += 1
    print(f"  collector: {posts} posts, {skipped} skipped lines, no errors" if not [
        p for p in rep.problems if p.startswith("collector")] else "  collector: errors")


def main(argv: list[str]) -> int:
    folders = [Path(a).resolve() for a in argv] or [HERE, HERE / "unseen"]
    codes, names = region_codes()
    rep = Report()
    for folder in folders:
        if folder.exists():
            check_dataset(folder, codes, names, rep)
    for problem in rep.problems:
        print("PROBLEM", problem)
    print("OK" if not rep.problems else f"{len(rep.problems)} problem(s)")
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
