"""Dates and wording: choosing templates, filling slots, slang, distinct captions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from gen_model import (
    BALLOT_DRAW,
    BALLOT_SLOTS,
    DAYS_ID,
    ELECTION_SHORT,
    FINGERS,
    MONTHS_ID,
    NUMBER_WORDS,
    OFFICE_TITLES,
    OFFICE_WORDS,
    SLOTS,
    WIB,
    YEAR,
    Candidate,
    Person,
)

LITERAL_BALLOT = re.compile(r"\b(no|nomor|nomer|paslon)\.? ?0?[1-4]\b", re.IGNORECASE)


class TextMixin:
    """How the generator picks a moment and writes a caption."""

    def when(self, template: Any, cand: Candidate | None, *, after: datetime | None = None
             ) -> datetime:
        start, end = datetime(2024, 9, 2, tzinfo=WIB), datetime(2024, 11, 30, 22, tzinfo=WIB)
        text = template[0] if isinstance(template, tuple) else template
        if isinstance(template, tuple):
            start = max(start, self._md(template[1]))
            end = min(end, self._md(template[2]) + timedelta(hours=23))
        slots = set(SLOTS.findall(text))
        if LITERAL_BALLOT.search(text):
            slots.add("N")  # a hand-written "nomer 1" is as dated as a {N} slot
        if cand is not None and not cand.ballot:
            end = min(end, datetime(2024, 9, 21, 22, tzinfo=WIB))
        elif slots & BALLOT_SLOTS:
            start = max(start, BALLOT_DRAW)
        if after is not None:
            # A comment comes minutes to days after its video, and before the capture ends.
            start = max(start, after + timedelta(minutes=7))
            end = min(max(end, start + timedelta(hours=30)), start + timedelta(days=4),
                      datetime(2024, 11, 30, 23, 30, tzinfo=WIB))
        span = (end - start).total_seconds()
        moment = start + timedelta(seconds=self.rng.random() * (span if span > 0 else 1200))
        # people post between 05:00 and 23:59 WIB
        if moment.hour < 5 and after is None:
            moment += timedelta(hours=self.rng.randint(6, 14))
        return moment.replace(microsecond=0)

    @staticmethod
    def _md(text: str) -> datetime:
        month, day = (int(x) for x in text.split("-"))
        return datetime(YEAR, month, day, tzinfo=WIB)

    # text --------------------------------------------------------------------------------------

    def pick_template(self, pool: str | Sequence[str], cand: Candidate | None, *,
                      need: set[str] | None = None, avoid: set[str] | None = None,
                      when: datetime | None = None) -> Any:
        """A template from the first of `pool` (a name or a fallback chain) that has one left.

        A template without slots is used once; one with slots at most twice, so that the
        captions stay distinct sentences rather than one phrase with different hashtags.
        """
        chain = [pool] if isinstance(pool, str) else list(pool)
        for name in chain:
            options = []
            for tpl in self.pools[name]:
                text = tpl[0] if isinstance(tpl, tuple) else tpl
                slots = set(SLOTS.findall(text))
                if self.uses.get(text, 0) >= (2 if slots else 1):
                    continue
                if cand is not None and not cand.ballot and slots & BALLOT_SLOTS:
                    continue
                if when is not None and not self.fits(tpl, slots, when):
                    continue
                if need and not slots & need:
                    continue
                if avoid and slots & avoid:
                    continue
                options.append(tpl)
            if options:
                return self.rng.choice(options)
        raise SystemExit(f"pool {chain} has no template left for {need=} {avoid=} {when=}")

    def fits(self, tpl: Any, slots: set[str], when: datetime) -> bool:
        """Whether a template can be said at `when` (its date window, ballot numbers known)."""
        if slots & BALLOT_SLOTS and when < BALLOT_DRAW:
            return False
        if isinstance(tpl, tuple):
            return self._md(tpl[1]) <= when < self._md(tpl[2]) + timedelta(days=1)
        return True

    def context(self, *, cand: Candidate | None, person: Person | None, when: datetime,
                region: str, person2: Person | None = None, platform: str = "tiktok"
                ) -> dict[str, str]:
        rng = self.rng
        info = self.regions[region]
        area, village = self.area_village(person, region)
        ctx: dict[str, str] = {
            "R": info["short"], "RF": info["full"], "K": area, "KEL": village,
            "PL": rng.choice(info["places"]), "FOOD": rng.choice(info["food"]),
            "D": str(max(1, (when - datetime(2024, 9, 25, tzinfo=WIB)).days + 1)),
            "NUM": f"{rng.randint(380, 2900) * 1000 + rng.randint(0, 999):,}".replace(",", "."),
            "DAY": self.day_after(when), "TPS": str(rng.randint(1, 68)),
            "RW": f"{rng.randint(1, 18):02d}", "RT": f"{rng.randint(1, 12):02d}",
            "SE": rng.choice(self.ds.CIRCULARS).format(n=rng.randint(100, 980)),
        }
        ctx["R1"] = f"{info['short']} 1"
        ctx["RTAG"] = info["tag"]
        ctx.update(info.get("words", {}))
        if cand is not None:
            c_info = self.regions[cand.region]
            alias = rng.choice(cand.aliases[:2] if len(cand.aliases) > 1 else cand.aliases)
            # A registered candidate's rivals are the other paslon, not a bakal calon.
            others = [c for c in self.candidates
                      if c.region == cand.region and c.office == cand.office and c is not cand
                      and (c.ballot or not cand.ballot)]
            other = rng.choice(others) if others else cand
            n = cand.ballot
            ctx.update({
                "C": alias, "CU": alias.upper(), "CN": cand.name, "C2": other.aliases[0],
                "H": "#" + rng.choice(cand.hashtags), "S": rng.choice(cand.slogans),
                "ROLE": OFFICE_WORDS[cand.office], "R": c_info["short"],
                "R1": f"{c_info['short']} 1", "RF": c_info["full"], "RTAG": c_info["tag"],
                "E": f"{ELECTION_SHORT[cand.office]} {c_info['short']}",
                "ET": f"Pemilihan {OFFICE_TITLES[cand.office]} {c_info['short']} 2024",
                "CL": self.candidate_list(cand),
                "MATE": cand.mate or "pasangannya",
            })
            ctx.update(c_info.get("words", {}))
            if person is None and cand.region in self.regions and self.regions[cand.region]["kec"]:
                ctx["K"], ctx["KEL"] = self.area_village(None, cand.region)
                ctx["PL"] = rng.choice(c_info["places"])
            if n:
                ctx.update({
                    "N": rng.choice([f"no {n}", f"no.{n}", f"nomor {n}", f"0{n}", f"paslon {n}",
                                     f"nomor urut {n}", f"paslon 0{n}", f"no urut {n}"]),
                    "NN": f"0{n}", "F": FINGERS[n],
                    "SJ": rng.choice([f"salam {n} jari {FINGERS[n]}",
                                      f"salam {NUMBER_WORDS[n]} jari {FINGERS[n]}"]),
                })
        else:
            elections = [c for c in self.candidates if c.region == region] or self.candidates
            ctx["CL"] = self.candidate_list(rng.choice(elections))
            first = rng.choice(elections)
            ctx["E"] = f"{ELECTION_SHORT[first.office]} {self.regions[first.region]['short']}"
            ctx["ET"] = (f"Pemilihan {OFFICE_TITLES[first.office]} "
                         f"{self.regions[first.region]['short']} 2024")
            ctx["ROLE"] = OFFICE_WORDS[first.office]
        if person is not None:
            ctx.update({
                "P": rng.choice(person.aliases), "PN": person.plain, "J": person.position,
                "AG": person.agency.split(",")[0],
                "PJ": self.head_of(person.region),
            })
            plat = "tiktok" if platform in ("tiktok", "comment") else "instagram"
            handle = getattr(person, plat)
            if handle:
                ctx["M"] = "@" + handle
        if person2 is not None:
            ctx["P2"] = rng.choice(person2.aliases)
        return ctx

    def area_village(self, person: Person | None, region: str) -> tuple[str, str]:
        if person is not None and person.area:
            kec = person.area
            villages = self.all_villages(person.region, kec)
            return kec, person.village or self.rng.choice(villages)
        codes = [region] if self.regions[region]["kec"] else [
            c for c in self.regions if c.startswith(region + ".") and self.regions[c]["kec"]]
        code = self.rng.choice(codes)
        kec = self.rng.choice(sorted(self.regions[code]["kec"]))
        return kec, self.rng.choice(self.regions[code]["kec"][kec])

    def all_villages(self, region: str, kec: str) -> list[str]:
        return self.regions[region]["kec"].get(kec, [kec])

    def head_of(self, region: str) -> str:
        for p in self.people:
            if p.region == region and p.position.startswith(("Pj", "Pjs")):
                return f"{p.position} {p.plain}"
        return f"Pemerintah {self.regions[region]['full']}"

    def candidate_list(self, cand: Candidate) -> str:
        field_ = sorted((c for c in self.candidates if c.region == cand.region
                         and c.office == cand.office and c.ballot), key=lambda c: c.ballot)
        parts = [f"{c.aliases[0]} ({c.ballot.zfill(2)})" for c in field_]
        return ", ".join(parts[:-1]) + f" dan {parts[-1]}" if len(parts) > 1 else "".join(parts)

    def day_after(self, when: datetime) -> str:
        day = (when + timedelta(days=self.rng.randint(2, 6))).date()
        return f"{DAYS_ID[day.weekday()]}, {day.day} {MONTHS_ID[day.month]} {day.year}"

    def render(self, template: Any, ctx: dict[str, str], style: str) -> str:
        text = template[0] if isinstance(template, tuple) else template
        if style == "casual":
            text = self.casual(text)
        missing = [s for s in SLOTS.findall(text) if s not in ctx]
        if missing:
            raise SystemExit(f"template {text!r} needs {missing}")
        out = SLOTS.sub(lambda m: ctx[m.group(1)], text)
        if style == "casual":
            roll = self.rng.random()
            if roll < self.ds.SHOUT_SHARE:
                out = out.upper()
            elif roll < self.ds.SHOUT_SHARE + 0.3:
                out = out.lower()
        return re.sub(r"\s+([,.!?])", r"\1", re.sub(r"[ \t]{2,}", " ", out)).strip()

    def casual(self, text: str) -> str:
        """Slang, elongation and the odd typo, applied to a template's own words only."""
        rng = self.rng
        words = text.split(" ")
        for i, word in enumerate(words):
            if "{" in word or word.startswith(("#", "@", "http")):
                continue
            bare = word.strip(".,!?").lower()
            if bare in self.ds.SLANG and rng.random() < 0.45:
                words[i] = word.lower().replace(bare, rng.choice(self.ds.SLANG[bare]))
        if rng.random() < 0.35:
            picks = [i for i, w in enumerate(words) if w.strip(".,!?").lower() in self.ds.STRETCH]
            if picks:
                i = rng.choice(picks)
                core = words[i].rstrip(".,!?")
                words[i] = core + core[-1] * rng.randint(2, 4) + words[i][len(core):]
        if rng.random() < self.ds.TYPO_SHARE:
            picks = [i for i, w in enumerate(words)
                     if len(w) >= 6 and w.isalpha() and w.lower() not in self.ds.NO_TYPO]
            if picks:
                i = rng.choice(picks)
                w = words[i]
                j = rng.randint(1, len(w) - 3)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        return " ".join(words)

    @staticmethod
    def skeleton(tpl: Any, ctx: dict[str, str]) -> str:
        """The template with what it says about whom, ignoring how it is spelt: the same
        sentence about the same candidate, with other slang or another ballot format, is a
        repeat."""
        raw = tpl[0] if isinstance(tpl, tuple) else tpl
        same = {"C": "CN", "CU": "CN", "P": "PN"}  # any alias stands for the same one
        trivial = {"F", "SJ", "N", "NN", "H", "S"}
        values = [ctx.get(same.get(s, s), "") for s in SLOTS.findall(raw) if s not in trivial]
        return "\x00".join([raw, *values]).casefold()

    def compose(self, pool: str | Sequence[str], ctx: dict[str, str], cand: Candidate | None,
                style: str, tails: Sequence[str] = (), *, template: Any, when: datetime,
                need: set[str] | None = None, avoid: set[str] | None = None,
                dress: str | None = None) -> str:
        """A distinct text: a template, sometimes an opener/closer from the `dress` pools,
        sometimes hashtags from `tails`.

        Distinct means the sentence itself, not its hashtags. A repeat is re-dressed a few
        times, then another template that fits the same slots and date is tried.
        """
        tpl = template
        for attempt in range(1, 121):
            body = self.render(tpl, ctx, style)
            key = re.sub(r"\W+", " ", re.sub(r"#\w+", "", body).casefold()).strip()
            if key in self.seen_texts or self.skeleton(tpl, ctx) in self.seen_texts:
                # Slang can still vary a casual sentence; otherwise this template is spent.
                if style != "casual" or attempt % 4 == 0:
                    self.uses[tpl[0] if isinstance(tpl, tuple) else tpl] = 2
                    tpl = self.pick_template(pool, cand, need=need, avoid=avoid, when=when)
                continue
            parts = [body]
            if dress and self.rng.random() < 0.25:
                parts.insert(0, self.render(self.rng.choice(self.pools[f"open_{dress}"]), ctx,
                                            "plain"))
            if dress and self.rng.random() < 0.25:
                parts.append(self.render(self.rng.choice(self.pools[f"close_{dress}"]), ctx,
                                         "plain"))
            for tail in tails:
                if self.rng.random() < 0.6:
                    tags = self.render(self.rng.choice(self.pools[tail]), ctx, "plain")
                    if not any(t.casefold() in " ".join(parts).casefold() for t in
                               tags.split()):
                        parts.append(tags)
            self.seen_texts.add(key)
            self.seen_texts.add(self.skeleton(tpl, ctx))
            raw = tpl[0] if isinstance(tpl, tuple) else tpl
            self.uses[raw] = self.uses.get(raw, 0) + 1
            return " ".join(p for p in parts if p).strip()
        raise SystemExit(f"pool {pool} ran out of distinct texts")
