"""The items of each category: who posts what, and why it is (not) a violation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gen_model import (
    ELECTION_SHORT,
    MONTHS_ID,
    WIB,
    Account,
    Candidate,
    Item,
    Person,
)


class ItemsMixin:
    """One method per category of the plan; each returns an Item with its note."""

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def build(self) -> None:
        """Posts first (comments need videos to hang under), pinned scenarios among them."""
        plan = self.ds.PLAN
        for pin in self.ds.PINNED:
            if not pin["shape"].startswith("comment"):
                self.add(self.make_violation(pin["mode"], pin["shape"].split("-")[0],
                                             pin["shape"], pin=pin))
        for want_comments in (False, True):
            for category, mode, shape, count in plan:
                if shape.startswith("comment") != want_comments:
                    continue
                for _ in range(count):
                    self.make(category, mode, shape)
        for pin in self.ds.PINNED:
            if pin["shape"].startswith("comment"):
                self.add(self.make_violation(pin["mode"], "comment", pin["shape"], pin=pin))

    def make(self, category: str, mode: str, shape: str) -> None:
        platform = shape.split("-")[0]
        maker = getattr(self, f"make_{category}")
        self.add(maker(mode, platform, shape))

    def person_by_key(self, key: str) -> Person:
        return next(p for p in self.people if p.key == key)

    def cand_by_key(self, key: str) -> Candidate:
        return next(c for c in self.candidates if c.key == key)

    @staticmethod
    def leads(person: Person) -> bool:
        """Whether the person heads something (and so can lead an apel or be quoted)."""
        return person.senior or person.employment == "KEPALA_DESA" or person.position.startswith(
            ("Camat", "Lurah", "Sekretaris Kecamatan", "Kepala"))

    # violation: a watched person meets partisan content

    def make_violation(self, mode: str, platform: str, shape: str,
                       pin: dict[str, Any] | None = None) -> Item:
        if mode in ("author", "oppose"):
            return self.violation_by_author(mode, platform, shape, pin)
        if mode == "name-comment":
            return self.violation_named_comment(shape)
        return self.violation_by_others(mode, platform, shape, pin)

    def violation_by_author(self, mode: str, platform: str, shape: str,
                            pin: dict[str, Any] | None) -> Item:
        if pin:
            person = self.person_by_key(pin["person"])
        else:
            person = self.rotate(f"viol-{platform}", self.watched(platform))
        cand = self.cand_by_key(pin["cand"]) if pin else self.pick_candidate(person.region)
        parent = self.pick_parent(cand, "partisan") if platform == "comment" else None
        if not pin and parent is not None and parent.candidate in self.elections_for(
                person.region):
            cand = parent.candidate
        pool = ("viol_comment" if platform == "comment" else "viol_author") + (
            "_oppose" if mode == "oppose" else "")
        tpl = pin["text"] if pin else self.pick_template(pool, cand)
        when = self.when(tpl, cand, after=parent.when if parent else None)
        ctx = self.context(cand=cand, person=person, when=when, region=person.region,
                           platform=platform)
        if pin:
            text = self.render(tpl, ctx, "plain")
        else:
            text = self.compose(pool, ctx, cand, "casual",
                                () if platform == "comment" else ("tags_partisan",),
                                template=tpl, when=when,
                                dress=None if platform == "comment" else "partisan")
        author = self.person_account(person, platform)
        label = "oppose" if mode == "oppose" else "support"
        how = "author" if platform != "comment" else "comment author"
        note = (f"{how} @{author.handle} ({person.position}) {label}s "
                f"{cand.aliases[0]}{self.ballot_note(cand)}")
        if pin:
            note += f"; {pin['why']}"
        return Item(platform, shape, "violation", how, text, author, when, note,
                    candidate=cand, actors=[person], parent=parent, label=label)

    def violation_named_comment(self, shape: str) -> Item:
        person = self.rotate("viol-named", self.people)
        cand = self.pick_candidate(person.region)
        parent = self.pick_parent(cand, "partisan")
        tpl = self.pick_template("viol_named_comment", cand)
        when = self.when(tpl, cand, after=parent.when if parent else None)
        ctx = self.context(cand=cand, person=person, when=when, region=person.region)
        text = self.compose("viol_named_comment", ctx, cand, "casual", template=tpl, when=when)
        author = self.citizen("tiktok", self.home_region(person.region))
        note = (f"names {person.position} as backing "
                f"{cand.aliases[0]}{self.ballot_note(cand)}")
        return Item("comment", shape, "violation", "named", text, author, when, note,
                    candidate=cand, actors=[person], parent=parent, label="support")

    def violation_by_others(self, mode: str, platform: str, shape: str,
                            pin: dict[str, Any] | None) -> Item:
        """Someone else's partisan post mentions, tags, co-authors with or names the person."""
        rng = self.rng
        need_handle = {"mention": platform, "tag": "instagram", "coauthor": "instagram"}
        if pin:
            person = self.person_by_key(pin["person"])
        elif mode in need_handle:
            person = self.rotate(f"viol-{mode}-{platform}", self.watched(need_handle[mode]))
        else:
            # People without any account can only ever be found by name: use them first.
            unseen = [p for p in self.people if not (p.tiktok or p.instagram)]
            others = [p for p in self.people if p.tiktok or p.instagram]
            self.rng.shuffle(others)
            person = self.rotate("viol-name", unseen + others, shuffle=False)
        cand = self.cand_by_key(pin["cand"]) if pin else self.pick_candidate(person.region)
        author = self.pinned_author(pin, platform, cand, person) if pin else (
            self.cand_account(cand, platform) if rng.random() < 0.55
            else self.relawan(platform, cand) if rng.random() < 0.6
            else self.citizen(platform, self.home_region(person.region)))
        person2 = None
        if pin and pin.get("person2"):
            person2 = self.person_by_key(pin["person2"])
        elif mode == "name" and rng.random() < 0.3:
            mates = [p for p in self.people if p.region == person.region and p is not person]
            person2 = rng.choice(mates) if mates else None
        pool, need = {"mention": ("viol_mention", {"M"}), "name": ("viol_named", {"P", "PN"})
                      }.get(mode, ("viol_tagged", None))
        avoid = None if person2 else {"P2"}
        if person2 is not None:
            need = {"P2"}
        tpl = pin["text"] if pin else self.pick_template(pool, cand, need=need, avoid=avoid)
        when = self.when(tpl, cand)
        ctx = self.context(cand=cand, person=person, when=when, region=person.region,
                           person2=person2, platform=platform)
        if pin:
            text = self.render(tpl, ctx, "plain")
        else:
            text = self.compose(pool, ctx, cand, "casual", ("tags_partisan",), template=tpl,
                                when=when, need=need, avoid=avoid, dress="partisan")
        actors = [person] + ([person2] if person2 else [])
        item = Item(platform, shape, "violation", mode, text, author, when, "", candidate=cand,
                    actors=actors, label="support")
        if mode in ("mention", "tag", "coauthor"):
            pacc = self.person_account(person, platform)
            if mode == "mention":
                item.mentions = [pacc]
                item.note = f"mentions @{pacc.handle} ({person.position})"
            elif mode == "tag":
                extra = ([self.cand_account(cand, "instagram")]
                         if author.kind != "candidate" and rng.random() < 0.6 else [])
                item.tags = [pacc] + extra
                item.note = f"tags @{pacc.handle} ({person.position}) in the photo"
            else:
                item.coauthors = [pacc]
                item.note = f"collab post with @{pacc.handle} ({person.position}) as co-author"
        else:
            item.note = "names " + " and ".join(p.position for p in actors) + " in the caption"
        item.note += (f"; @{author.handle} ({author.kind}) backs {cand.aliases[0]}"
                      f"{self.ballot_note(cand)}")
        if pin:
            item.note += f"; {pin['why']}"
        if platform == "instagram" and (pin and pin.get("alt") or not pin and rng.random() < 0.35):
            shown = pin.get("alt") if pin else ctx.get("S", "")
            item.alt_text = self.alt_text(author, when, partisan=self.render(shown, ctx, "plain"))
        return item

    def pinned_author(self, pin: dict[str, Any], platform: str, cand: Candidate,
                      person: Person) -> Account:
        kind = pin["author"]
        if kind == "candidate":
            return self.cand_account(cand, platform)
        if kind == "relawan":
            return self.relawan(platform, cand)
        handle, name = kind
        return self._account("tiktok" if platform == "comment" else platform, handle, name,
                             "citizen", person.region, self._followers(800, 6000))

    def ballot_note(self, cand: Candidate) -> str:
        election = f"{ELECTION_SHORT[cand.office]} {self.regions[cand.region]['short']}"
        return f" ({cand.ballot.zfill(2)}, {election})" if cand.ballot else (
            f" (bakal calon, {election})")

    # citizens and campaigns: partisan, but nobody who must stay neutral

    def make_citizen_support(self, mode: str, platform: str, shape: str) -> Item:
        prospective = True if mode == "prospective" else None
        cand = self.pick_candidate(prospective=prospective)
        parent = None
        if platform == "comment":
            parent = self.pick_parent(cand, "partisan")
            if parent is not None and parent.candidate is not None:
                cand = parent.candidate
        region = cand.region
        home = self.home_region(region)
        if mode == "candidate":
            author, pool, note = self.cand_account(cand, platform), "cand_post", (
                "candidate's own campaign post")
        elif mode == "relawan":
            author, pool, note = self.relawan(platform, cand), "relawan_post", (
                "volunteer team account")
        elif mode == "prospective":
            author, pool, note = self.citizen(platform, home), "prospect_post", (
                "citizen backs a prospective candidate")
        elif mode == "oppose":
            author = self.citizen(platform, home)
            pool = "cit_comment_oppose" if platform == "comment" else "cit_oppose"
            note = "citizen attacks a candidate"
        else:
            author = self.citizen(platform, home)
            pool = "cit_comment" if platform == "comment" else "cit_post"
            note = "ordinary citizen supports a candidate"
        tpl = self.pick_template(pool, cand)
        when = self.when(tpl, cand, after=parent.when if parent else None)
        ctx = self.context(cand=cand, person=None, when=when, region=region)
        comment = platform == "comment"
        text = self.compose(pool, ctx, cand, "plain" if mode == "candidate" else "casual",
                            () if comment else ("tags_partisan",), template=tpl, when=when,
                            dress=None if comment or mode == "candidate" else "partisan")
        item = Item(platform, shape, "citizen_support", mode, text, author, when,
                    f"{note}: {cand.aliases[0]}{self.ballot_note(cand)}", candidate=cand,
                    parent=parent, label="oppose" if mode == "oppose" else "support")
        if platform == "instagram" and mode in ("candidate", "relawan") and \
                self.rng.random() < 0.4:
            item.alt_text = self.alt_text(author, when, partisan=ctx["S"])
        return item

    def home_region(self, region: str) -> str:
        if self.regions[region]["kec"]:
            return region
        return self.rng.choice([c for c in sorted(self.regions) if c.startswith(region + ".")])

    # watched people being neutral (hard negatives)

    def make_neutral_official(self, mode: str, platform: str, shape: str) -> Item:
        if mode == "named":
            person = self.rotate("neu-named", self.people)
            author = self.pick_agency("tiktok" if platform == "comment" else platform,
                                      person.region)
            pools = ["neu_named_head", "neu_named"] if self.leads(person) else ["neu_named"]
            how = f"@{author.handle} (government account) names"
        else:
            person = self.rotate(f"neu-{platform}", self.watched(platform))
            author = self.person_account(person, platform)
            pools = ["neu_comment"] if platform == "comment" else self.neutral_pools(person)
            how = f"@{author.handle}"
        parent = self.pick_parent(None, "neutral") if platform == "comment" else None
        tpl = self.pick_template(pools, None)
        when = self.when(tpl, None, after=parent.when if parent else None)
        ctx = self.context(cand=None, person=person, when=when, region=person.region,
                           platform=platform)
        comment = platform == "comment"
        text = self.compose(pools, ctx, None, "plain", () if comment else ("tags_neutral",),
                            template=tpl, when=when, dress=None if comment else "formal")
        if mode == "named":
            note = f"{how} {person.position} in a neutral context"
        else:
            note = f"{how} ({person.position}) posts neutrally"
        note += f" ({self.kind_of(text)})"
        return Item(platform, shape, "neutral_official", mode, text, author, when,
                    note, actors=[person], parent=parent)

    def kind_of(self, text: str) -> str:
        for words, kind in self.ds.NEUTRAL_KINDS:
            if any(w in text.lower() for w in words):
                return kind
        return "office work"

    def neutral_pools(self, person: Person) -> list[str]:
        if person.employment == "KEPALA_DESA":
            group = "neu_kades"
        elif person.employment in ("TNI", "POLRI"):
            group = "neu_security"
        elif person.senior:
            group = "neu_head"
        elif person.position.startswith(("Camat", "Lurah", "Sekretaris Kecamatan")):
            group = "neu_area"
        else:
            group = "neu_staff"
        first = [group, "neu_any"] if self.rng.random() < 0.6 else ["neu_any", group]
        return first + ["neu_staff"]

    # news

    def make_news(self, mode: str, platform: str, shape: str) -> Item:
        rng = self.rng
        kind = rng.choices(["person", "cand", "general"], weights=self.ds.NEWS_MIX)[0]
        person = cand = None
        if kind == "person":
            person = self.rotate("news-person", self.people)
            region = person.region
            cand = self.pick_candidate(region, prospective=False)
            pools = ["news_head", "news_person"] if self.leads(person) and rng.random() < 0.5 \
                else ["news_person", "news_general"]
        elif kind == "cand":
            cand = self.pick_candidate(prospective=False)
            region = cand.region
            pools = ["news_cand", "news_general"]
        else:
            region = rng.choice(sorted(self.regions))
            pools = ["news_general", "news_cand"]
        tpl = self.pick_template(pools, cand)
        if kind == "general" and tpl in self.pools["news_cand"]:
            cand = self.pick_candidate(region, prospective=False)
        author = self.pick_media(platform, region)
        when = self.when(tpl, cand)
        ctx = self.context(cand=cand, person=person, when=when, region=region, platform=platform)
        text = self.compose(pools, ctx, cand, "plain", ("tags_news",), template=tpl, when=when,
                            dress="news")
        note = "news report"
        if person is not None and any(a in text for a in [person.plain, *person.aliases]):
            note = f"news names {person.position} (a report, not an endorsement)"
        elif person is not None:
            note = "news about an official's conduct (a report, not an endorsement)"
        elif cand is not None:
            note = f"news about {cand.aliases[0]} ({ELECTION_SHORT[cand.office]})"
        return Item(platform, shape, "news", kind, text, author, when, note,
                    candidate=cand, actors=[person] if person else [])

    # noise

    def make_noise(self, mode: str, platform: str, shape: str) -> Item:
        parent = None
        person = None
        if mode in ("watched", "hard"):
            person = self.rotate(f"noise-{platform}", self.watched(platform))
            author = self.person_account(person, platform)
            region = self.home_region(person.region)
            pool = ("noise_hard" if mode == "hard" else "noise_comment" if platform == "comment"
                    else "noise_personal")
            note = f"everyday post by watched @{author.handle} ({person.position})"
            if mode == "hard":
                note = (f"watched @{author.handle} ({person.position}) cheers for something "
                        "that is not a candidate (hard negative)")
        else:
            region = self.rng.choice([c for c in sorted(self.regions) if self.regions[c]["kec"]])
            author = self.citizen("tiktok" if platform == "comment" else platform, region)
            pool = "noise_comment" if platform == "comment" else "noise_post"
            note = "everyday post"
        if platform == "comment":
            parent = self.pick_parent(None, "noise")
            note = note.replace("post", "comment")
        if shape.endswith("nocaption"):
            return Item(platform, shape, "noise", mode, None, author, self.when("", None),
                        "photo without a caption (caption null)")
        tpl = self.pick_template(pool, None)
        when = self.when(tpl, None, after=parent.when if parent else None)
        ctx = self.context(cand=None, person=person, when=when, region=region)
        text = self.compose(pool, ctx, None, "casual", template=tpl, when=when,
                            dress=None if platform == "comment" else "noise")
        return Item(platform, shape, "noise", mode, text, author, when, note,
                    actors=[person] if person else [], parent=parent)

    def make_ad(self, mode: str, platform: str, shape: str) -> Item:
        handle, _ = self.rng.choice(self.ds.SHOPS)
        author = self.accounts[("instagram", handle)]
        tpl = self.pick_template("ad", None)
        when = self.when(tpl, None)
        ctx = self.context(cand=None, person=None, when=when, region=sorted(self.regions)[-1])
        text = self.compose("ad", ctx, None, "plain", template=tpl, when=when)
        return Item("instagram", shape, "ad", mode, text, author, when,
                    "sponsored post (product_type ad): the importer skips it")

    # comments hang under videos of the capture

    def pick_parent(self, cand: Candidate | None, kind: str) -> Item | None:
        videos = [i for i in self.items if i.platform == "tiktok"]
        if kind == "partisan":
            fitting = [v for v in videos if v.candidate is not None and v.candidate is cand]
            fitting += [v for v in videos if v.category in ("citizen_support", "news")
                        and v.candidate is not None and cand is not None
                        and v.candidate.region == cand.region]
        elif kind == "neutral":
            fitting = [v for v in videos if v.category in ("news", "neutral_official")]
        else:
            fitting = [v for v in videos if v.category == "noise"]
        pool = fitting or videos
        return self.rng.choice(pool[:]) if pool else None

    def alt_text(self, author: Account, when: datetime, partisan: str = "") -> str:
        local = when.astimezone(WIB)
        base = (f"Foto oleh {author.name} pada {local.day} {MONTHS_ID[local.month]} "
                f"{local.year}. Mungkin berupa gambar {self.rng.randint(2, 9)} orang")
        if partisan:
            return f"{base} dan teks yang menyatakan '{partisan.upper()}'."
        return base + self.rng.choice([".", ", kerumunan.", ", luar ruangan."])
