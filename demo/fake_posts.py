"""Posts for the demo's fake platforms: the demo generator's items, numbered for ever.

`generate.py` wrote the captures `make demo` imports. Run with other seeds, the same generator
writes new posts of the same kinds, by the same fictional civil servants, candidates,
citizens and outlets, in the same mix of violations, citizens' support, news, neutral posts
and noise. `Catalogue` numbers them 0, 1, 2, … so that post k is the same post (text, author,
platform) on every start; only when it is published gives it its time and its ids. Texts the
imported captures already have, or an earlier post has, are left out, so nothing a reviewer
sees twice is a copy.

Everything here is pure: items in, the platforms' own JSON (and RSS) out. No network.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

DEMO = Path(__file__).resolve().parent
ROOT = DEMO.parent
# The generator's modules import each other by bare name (they are scripts, not a package),
# and the fakes live in tests/.
for _path in (str(DEMO), str(ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from gen_model import Item  # noqa: E402
from generate import Generator, load  # noqa: E402

from tests.fakes.instagram import make_media  # noqa: E402
from tests.fakes.tiktok import make_comment, make_video  # noqa: E402

_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
# Accounts that business discovery can see: professional ones, not citizens' private ones.
PROFESSIONAL = frozenset({"person", "candidate", "relawan", "media", "agency", "shop"})
FEED_TITLE = "Kabar Pilkada Jabar (fiktif)"
FEED_HOME = "https://kabarpilkada.example.id"


@dataclass(frozen=True, slots=True)
class Entry:
    """Post `number` of the catalogue: the generator's item, not yet given a time."""

    number: int
    item: Item

    @property
    def text(self) -> str:
        return self.item.text or ""

    @property
    def hashtags(self) -> list[str]:
        return list(dict.fromkeys(_HASHTAG.findall(self.text)))


class Catalogue:
    """Demo posts without end, the same ones in the same order on every run."""

    def __init__(self, dataset: str = "pools_main", first_seed: int = 1) -> None:
        self._ds = load(dataset)
        # The captures `make demo` imports are this exact generation (it is deterministic).
        self.roster = self._generator(None)
        self._seen = {_key(item) for item in self.roster.items}
        self._entries: list[Entry] = []
        self._numbers: dict[int, int] = {}  # id(item) -> its number, to find a comment's video
        self._seed = first_seed

    def __getitem__(self, number: int) -> Entry:
        while len(self._entries) <= number:
            self._extend()
        return self._entries[number]

    def take(self, start: int, count: int) -> list[Entry]:
        return [self[number] for number in range(start, start + count)]

    def fingerprint(self) -> str:
        """Changes when the demo data or the generator does, and with it what post k is."""
        head = json.dumps([[e.item.platform, e.text] for e in self.take(0, 100)])
        return hashlib.sha256(head.encode()).hexdigest()[:16]

    def parent(self, entry: Entry) -> Entry | None:
        """The video a comment entry is under."""
        number = self._numbers.get(id(entry.item.parent))
        return None if number is None else self._entries[number]

    def where(self, platform: str, start: int = 0) -> Iterator[Entry]:
        """Entries of one platform ("tiktok", "comment", "instagram") from `start` on."""
        number = start
        while True:
            if self[number].item.platform == platform:
                yield self[number]
            number += 1

    def _generator(self, seed: int | None) -> Generator:
        """The dataset's own generation with None; otherwise its roster, and posts from `seed`."""
        generator = Generator(self._ds)
        if seed is not None:
            generator.rng = random.Random(seed)
        generator.build()
        generator.assign_ids()  # ids are replaced on publishing; this also draws the stats
        return generator

    def _extend(self) -> None:
        while True:
            seed, self._seed = self._seed, self._seed + 1
            try:
                generator = self._generator(seed)
                break
            except SystemExit:
                # The phrase pools are sized for the dataset's own seed; with a few others
                # a pool runs dry before the plan is done. Such a seed is skipped, always.
                continue
        items = [item for item in generator.items if item.shape != "instagram-ad"]
        fresh = []
        for item in items:
            key = _key(item)
            if key not in self._seen:
                self._seen.add(key)
                fresh.append(item)
        kept = {id(item) for item in fresh}
        # A comment whose video was left out has nothing to hang under.
        fresh = [i for i in fresh if i.platform != "comment" or id(i.parent) in kept]
        for item in _interleave(fresh, random.Random(seed)):
            self._numbers[id(item)] = len(self._entries)
            self._entries.append(Entry(len(self._entries), item))


def _key(item: Item) -> tuple[str, str]:
    return item.platform, " ".join((item.text or "").lower().split())


def _interleave(items: list[Item], rng: random.Random) -> list[Item]:
    """Posts in a shuffled order, each comment somewhere after the video it is under."""
    posts = [i for i in items if i.platform != "comment"]
    comments = [i for i in items if i.platform == "comment"]
    rng.shuffle(posts)
    rng.shuffle(comments)
    share = len(comments) / max(1, len(posts))
    out: list[Item] = []
    placed: set[int] = set()
    for post in posts:
        out.append(post)
        placed.add(id(post))
        ready = [c for c in comments if id(c.parent) in placed]
        while ready and rng.random() < share:
            comment = ready.pop(0)
            comments.remove(comment)
            out.append(comment)
    return out + comments


# --- the platforms' objects ----------------------------------------------------------------


def _timed_id(at: datetime, salt: str) -> int:
    """A TikTok-style id: the creation time in the top 32 bits, as TikTok's ids have it."""
    return (int(at.timestamp()) << 32) | zlib.crc32(salt.encode())


def video_id(entry: Entry, at: datetime) -> int:
    return _timed_id(at, f"video:{entry.number}")


def video(entry: Entry, at: datetime) -> dict[str, Any]:
    """The Research API's video object for a TikTok entry."""
    stats = entry.item.stats
    return make_video(video_id(entry, at), username=entry.item.author.handle, created=at,
                      description=entry.text, hashtags=[t.lower() for t in entry.hashtags],
                      views=stats.get("views", 0), likes=stats.get("likes", 0),
                      comments=stats.get("comments", 0), shares=stats.get("shares", 0))


def comment(entry: Entry, at: datetime, parent_video_id: int) -> dict[str, Any]:
    """The Research API's comment object for a comment entry under its video."""
    found = make_comment(_timed_id(at, f"comment:{entry.number}"), video_id=parent_video_id,
                         text=entry.text, created=at)
    found["like_count"] = entry.item.stats.get("likes", 0)
    return found


def media(entry: Entry, at: datetime) -> dict[str, Any]:
    """The Graph API's media object for an Instagram entry."""
    stats = entry.item.stats
    kind = "VIDEO" if entry.number % 3 == 0 else "IMAGE"  # reels and photos, as on Instagram
    return make_media(entry.number, caption=entry.item.text, posted=at, media_type=kind,
                      likes=stats.get("likes"), comments=stats.get("comments", 0))


def is_article(entry: Entry) -> bool:
    """News by an outlet is on its website as well as on its TikTok or Instagram."""
    return entry.item.category == "news" and entry.item.author.kind == "media"


def article(entry: Entry, at: datetime) -> dict[str, str]:
    text = " ".join(entry.text.split())
    title = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0][:120]
    link = f"{FEED_HOME}/berita/{entry.number}"
    return {"title": title, "link": link, "guid": link, "description": text,
            "author": entry.item.author.name, "published": format_datetime(at)}


def feed(articles: Iterable[dict[str, str]]) -> bytes:
    """An RSS 2.0 channel of `articles`, newest first as news sites order them."""
    items = "".join(
        f"<item><title>{escape(a['title'])}</title><link>{escape(a['link'])}</link>"
        f"<guid isPermaLink=\"true\">{escape(a['guid'])}</guid>"
        f"<pubDate>{a['published']}</pubDate>"
        f"<dc:creator>{escape(a['author'])}</dc:creator>"
        f"<description>{escape(a['description'])}</description></item>\n"
        for a in articles)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>{escape(FEED_TITLE)}</title><link>{FEED_HOME}</link>"
            f"<description>Berita fiktif untuk demo Pantau</description>"
            f"<language>id</language>\n{items}</channel></rss>\n").encode()


def likers(catalogue: Catalogue, entry: Entry) -> list[str]:
    """Watched civil servants who like a candidate's (or volunteers') campaign video.

    A like is evidence too (the SKB counts liking a candidate's post), and it is what the
    user-activity source finds. About one campaign video in three gets one such like, from a
    watched TikTok user who votes in that election.
    """
    item = entry.item
    if not (item.platform == "tiktok" and item.category == "citizen_support"
            and item.author.kind in ("candidate", "relawan") and item.candidate):
        return []
    rng = random.Random(f"like:{entry.number}")
    if rng.random() >= 1 / 3:
        return []
    roster = catalogue.roster
    voters = [p for p in roster.watched("tiktok")
              if item.candidate.key in {c.key for c in roster.elections_for(p.region)}]
    return [rng.choice(voters).tiktok] if voters else []
