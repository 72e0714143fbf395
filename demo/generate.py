#!/usr/bin/env python3
"""Write Pantau's demo data: a fictional watch-list and Zeeschuimer captures with ground truth.

    python3 demo/generate.py

Standard library only and deterministic: every dataset has a fixed seed, nothing reads the
clock or depends on hash order, so running it again rewrites the files byte for byte.

Two datasets, each described by a module next to this file:

- `pools_main.py`   -> demo/         (Kota Bekasi, Kota Bogor, Kota Cirebon, Kab. Bogor, Jawa Barat)
- `pools_unseen.py` -> demo/unseen/  (Kota Depok, Kota Surabaya), other people, other candidates
  and other phrase pools, so that tests can score the classifier on text it was not tuned on.

A dataset module holds the roster (people, candidates, regions, media accounts), the phrase
pools and a PLAN: how many items of each (category, mode, shape). This file turns that into
people.csv, candidates.csv, capture-*.ndjson and expected.csv.
"""

from __future__ import annotations

import calendar
import csv
import importlib.util
import json
import random
import re
import string
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from gen_capture import CaptureMixin
from gen_items import ItemsMixin
from gen_model import (
    CANDIDATES_HEADER,
    EXPECTED_HEADER,
    HERE,
    PEOPLE_HEADER,
    YEAR,
    YEARS,
    Account,
    Candidate,
    Item,
    Person,
    valid_nip,
)
from gen_text import TextMixin


class Generator(TextMixin, ItemsMixin, CaptureMixin):
    """Builds one dataset from its module: roster, items, captures, ground truth."""

    def __init__(self, ds: ModuleType) -> None:
        self.ds = ds
        self.rng = random.Random(ds.SEED)
        self.out = HERE / ds.OUT
        self.regions: dict[str, dict[str, Any]] = ds.REGIONS
        self.people = [self._person(p) for p in ds.PEOPLE]
        self.candidates = [Candidate(**c) for c in ds.CANDIDATES]
        self.pools: dict[str, list[Any]] = ds.POOLS
        self.items: list[Item] = []
        self.seen_texts: set[str] = set()
        self.accounts: dict[tuple[str, str], Account] = {}
        self.used_ids: set[str] = set()
        self.turns: dict[str, int] = {}
        self.orders: dict[str, list[Any]] = {}
        self.uses: dict[str, int] = {}
        self._make_accounts()

    # roster ------------------------------------------------------------------------------------

    def _person(self, row: dict[str, Any]) -> Person:
        person = Person(**row)
        if person.employment in ("PNS", "PPPK"):
            person.nip = self._nip(person)
        if person.plain not in person.aliases:
            raise SystemExit(f"{person.name}: aliases must include the plain name {person.plain!r}")
        return person

    def _nip(self, person: Person) -> str:
        assert person.born, f"{person.name} needs a birth year and gender for the NIP"
        year, gender = person.born
        month = self.rng.randint(1, 12)
        day = self.rng.randint(1, calendar.monthrange(year, month)[1])
        if person.employment == "PPPK":
            tmt_year, tmt_month = self.rng.choice([2021, 2022, 2023]), self.rng.choice([1, 3, 10])
        else:
            tmt_year = min(year + self.rng.randint(22, 29), 2019)
            tmt_month = self.rng.randint(1, 12)
        nip = (f"{year:04d}{month:02d}{day:02d}{tmt_year:04d}{tmt_month:02d}"
               f"{1 if gender == 'M' else 2}{self.rng.randint(1, 999):03d}")
        assert valid_nip(nip), nip
        return nip

    def _account(self, platform: str, handle: str, name: str, kind: str, region: str,
                 followers: int, **links: Any) -> Account:
        key = (platform, handle)
        if key in self.accounts:
            return self.accounts[key]
        uid = self._digits(19, "7") if platform == "tiktok" else self._digits(
            self.rng.choice([9, 10, 11]), self.rng.choice("1234567"))
        sec = "MS4wLjABAAAA" + "".join(
            self.rng.choice(string.ascii_letters + string.digits + "-_") for _ in range(52))
        acct = Account(platform, handle, name, uid, kind, region, followers, sec_uid=sec, **links)
        self.accounts[key] = acct
        return acct

    def _make_accounts(self) -> None:
        for p in self.people:
            for platform, handle in (("tiktok", p.tiktok), ("instagram", p.instagram)):
                if handle:
                    self._account(platform, handle, p.nick, "person", p.region,
                                  self._followers(800, 9000), person=p)
        for c in self.candidates:
            for platform, handle in (("tiktok", c.tiktok), ("instagram", c.instagram)):
                if handle:
                    self._account(platform, handle, c.name, "candidate", c.region,
                                  self._followers(20000, 180000), candidate=c)
        for code, info in self.regions.items():
            for handle, name in info.get("media", []):
                for platform in ("tiktok", "instagram"):
                    self._account(platform, handle, name, "media", code,
                                  self._followers(30000, 400000))
            for handle, name in info.get("agency", []):
                for platform in ("tiktok", "instagram"):
                    self._account(platform, handle, name, "agency", code,
                                  self._followers(5000, 60000))
        for handle, name in self.ds.SHOPS:
            self._account("instagram", handle, name, "shop", "", self._followers(3000, 90000))
            self._account("tiktok", handle, name, "shop", "", self._followers(3000, 90000))

    def _followers(self, low: int, high: int) -> int:
        return int(low * (high / low) ** self.rng.random())

    def _digits(self, n: int, first: str) -> str:
        return first + "".join(self.rng.choice(string.digits) for _ in range(n - 1))

    def citizen(self, platform: str, region: str) -> Account:
        """A new ordinary account, never a watched handle or a watched person's name."""
        first = self.rng.choice(self.ds.CITIZEN_FIRST)
        last = self.rng.choice(self.ds.CITIZEN_LAST)
        pattern = self.rng.choice(self.ds.HANDLE_PATTERNS)
        place = self.rng.choice(self.regions[region]["handle_bits"])
        handle = pattern.format(f=first.lower(), l=last.lower(), p=place,
                                n=self.rng.randint(1, 99), y=self.rng.choice(YEARS))
        handle = re.sub(r"[^a-z0-9._]", "", handle)[:24].strip("._")
        name = self.rng.choice([f"{first} {last}", first, f"{first} {place.title()}",
                                f"{first.lower()}{self.rng.choice(['', '_', '.'])}{last.lower()}"])
        if (platform, handle) in self.accounts:
            return self.citizen(platform, region)
        return self._account(platform, handle, name, "citizen", region, self._followers(40, 4000))

    def relawan(self, platform: str, cand: Candidate) -> Account:
        alias = re.sub(r"[^a-z]", "", cand.aliases[0].lower())
        handle = self.rng.choice(self.ds.RELAWAN_PATTERNS).format(a=alias)
        return self._account(platform, handle, f"Relawan {cand.aliases[0]}", "relawan",
                             cand.region, self._followers(500, 15000), candidate=cand)

    def pick_media(self, platform: str, region: str) -> Account:
        handle, _ = self.rng.choice(self.regions[region]["media"])
        return self.accounts[(platform, handle)]

    def pick_agency(self, platform: str, region: str) -> Account:
        handle, _ = self.rng.choice(self.regions[region]["agency"])
        return self.accounts[(platform, handle)]

    def rotate(self, key: str, options: Sequence[Any], *, shuffle: bool = True) -> Any:
        """Spread picks evenly over options, in a seeded order."""
        if not options:
            raise SystemExit(f"nothing to pick for {key}")
        if key not in self.orders:
            self.turns[key] = 0
            order = list(options)
            if shuffle:
                self.rng.shuffle(order)
            self.orders[key] = order
        order = self.orders[key]
        value = order[self.turns[key] % len(order)]
        self.turns[key] += 1
        return value

    def watched(self, platform: str) -> list[Person]:
        attr = "tiktok" if platform in ("tiktok", "comment") else "instagram"
        return [p for p in self.people if getattr(p, attr)]

    def person_account(self, person: Person, platform: str) -> Account:
        attr = "tiktok" if platform in ("tiktok", "comment") else "instagram"
        return self.accounts[("tiktok" if attr == "tiktok" else "instagram",
                              getattr(person, attr))]

    def cand_account(self, cand: Candidate, platform: str) -> Account:
        plat = "tiktok" if platform in ("tiktok", "comment") else "instagram"
        handle = cand.tiktok if plat == "tiktok" else cand.instagram
        if handle:
            return self.accounts[(plat, handle)]
        return self.relawan(plat, cand)

    def elections_for(self, region: str) -> list[Candidate]:
        """Candidates a person in `region` would be voting on (their city or regency, and the
        province)."""
        province = region.split(".")[0]
        return [c for c in self.candidates if c.region in (region, province)]

    def pick_candidate(self, region: str | None = None, prospective: bool | None = None
                       ) -> Candidate:
        pool = self.elections_for(region) if region else self.candidates
        if prospective is None:
            prospective = self.rng.random() < self.ds.PROSPECTIVE_SHARE
        chosen = [c for c in pool if bool(c.ballot) != prospective] or pool
        # People mostly talk about their own city's or regency's race, less about the province.
        local = [c for c in chosen if c.region == region]
        if region and local and self.rng.random() < self.ds.LOCAL_SHARE:
            return self.rng.choice(local)
        return self.rng.choice(chosen)

    # --- writing -------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.build()
        self.assign_ids()
        self.replies()
        records = self.envelopes()
        self.out.mkdir(parents=True, exist_ok=True)
        self.write_people()
        self.write_candidates()
        files = {"tiktok": "capture-tiktok.ndjson", "comment": "capture-tiktok-comments.ndjson",
                 "instagram": "capture-instagram.ndjson"}
        for platform, name in files.items():
            lines = [json.dumps(env, ensure_ascii=False, separators=(",", ":"))
                     for item, env in records if item.platform == platform]
            (self.out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.write_expected()
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.category] = counts.get(item.category, 0) + 1
        counts["lines"] = len(records)
        return counts

    def write_people(self) -> None:
        with open(self.out / "people.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(PEOPLE_HEADER)
            for p in self.people:
                w.writerow([p.name, ";".join(p.aliases), p.nip, p.employment, p.position,
                            p.agency, p.region, p.tiktok, p.instagram])

    def write_candidates(self) -> None:
        with open(self.out / "candidates.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(CANDIDATES_HEADER)
            for c in self.candidates:
                w.writerow([c.name, ";".join(c.aliases), c.office, c.region, YEAR, c.ballot,
                            c.mate, ";".join(c.slogans), ";".join(c.hashtags), c.tiktok,
                            c.instagram])

    def write_expected(self) -> None:
        order = {"tiktok": 0, "comment": 1, "instagram": 2}
        rows = sorted(self.items, key=lambda i: (order[i.platform], i.when))
        with open(self.out / "expected.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(EXPECTED_HEADER)
            for item in rows:
                platform = "instagram" if item.platform == "instagram" else "tiktok"
                kind = {"comment": "comment; ", "instagram": ""}.get(item.platform, "")
                shape = {"tiktok-embedded": "embedded item (author as string); ",
                         "instagram-graph": "legacy Graph item; ",
                         "instagram-polaris": "Polaris item; ",
                         "instagram-partial": "_zs_partial item; "}.get(item.shape, "")
                w.writerow([platform, item.external_id, item.category,
                            "1" if item.category == "violation" else "0",
                            f"{kind}{shape}{item.note}"])


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    names = ["pools_main", "pools_unseen"]
    names = [n for n in names if (HERE / f"{n}.py").exists()]
    for name in names:
        ds = load(name)
        counts = Generator(ds).run()
        where = (HERE / ds.OUT).relative_to(HERE.parent)
        print(f"{where}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
