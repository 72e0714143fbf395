"""A local fake TikTok, Instagram and news site for `make demo`, publishing demo posts as it runs.

    python demo/fake_platform.py --port-file var/fake-platform.json \
        --env-file var/fake-platform.env --state var/fake-platform-state.json

It starts the test suite's fakes (tests/fakes: TikTok's Research API, Instagram's Graph API and
an RSS news site) on free ports of 127.0.0.1 and writes where they are, with the demo-only
credentials, to the port file (JSON) and the env file (PANTAU_…=… lines for the worker).
Then it publishes posts from demo/fake_posts.py: on the first start a backlog spread over
the last few hours, then a few every 20-30 s, stamped with the current time, so a worker
that polls keeps finding new ones. Campaign videos get likes from watched civil servants, and
outlets' news also goes on the news site's feed.

The fakes run on the wall clock and keep the platforms' real limits: TikTok tokens live two
hours and the daily quota is 1,000 requests and 100,000 records (reset at midnight UTC);
Instagram allows 200 calls an hour. What was published when, and how much of today's TikTok
quota is spent, is saved to --state, so a restart serves the same posts with the same ids and
carries on. Nothing is ever downloaded. SIGTERM or Ctrl-C saves the state and stops.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import sys
import threading
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import fake_posts
from fake_posts import Catalogue, Entry

from tests.fakes.instagram import FakeInstagram, hashtag_id_for
from tests.fakes.rss import FakeNewsSite
from tests.fakes.tiktok import FakeTikTok

FEED_PATH = "/rss/pilkada-jabar.xml"
FEED_SIZE = 30  # articles a feed carries, newest first
BACKLOG_SPAN = timedelta(hours=6)
KEEP = timedelta(days=8)  # older posts are past every source's window; the state forgets them
# Demo-only credentials: the fakes accept these and nothing else.
TIKTOK_KEY, TIKTOK_SECRET = "pantau-demo-client-key", "pantau-demo-client-secret"
INSTAGRAM_TOKEN, INSTAGRAM_USER = "pantau-demo-instagram-token", "17841400000000001"


class WallClock:
    """The fakes' clock for a long-running demo: real time, in UTC."""

    def __call__(self) -> datetime:
        return datetime.now(UTC)


class Platform:
    """The three fakes and what has been published on them so far."""

    def __init__(self, catalogue: Catalogue, clock: WallClock) -> None:
        self.catalogue = catalogue
        self.tiktok = FakeTikTok(client_key=TIKTOK_KEY, client_secret=TIKTOK_SECRET, clock=clock)
        self.instagram = FakeInstagram(access_token=INSTAGRAM_TOKEN, user_id=INSTAGRAM_USER,
                                       clock=clock)
        self.news = FakeNewsSite()
        self.published: list[tuple[int, datetime]] = []
        self.next_number = 0
        self._video_ids: dict[int, int] = {}  # entry number -> its video's id
        self._articles: list[dict[str, str]] = []
        self._stack = ExitStack()

    def __enter__(self) -> Platform:
        for fake in (self.tiktok, self.instagram, self.news):
            self._stack.enter_context(fake)
        # Watched people's and candidates' accounts exist before they post: business
        # discovery of a quiet account finds no media rather than an unknown account. So do
        # the campaign hashtags: Graph's hashtag ids never change, and Pantau keeps them.
        for name in ("people.csv", "candidates.csv"):
            with open(fake_posts.DEMO / name, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if row["instagram"] and row["instagram"].lower() not in self.instagram.accounts:
                        self.instagram.add_account(row["instagram"], [])
                    for tag in filter(None, row.get("hashtags", "").split(";")):
                        self.instagram.add_hashtag(tag, [])
        self.news.publish(FEED_PATH, fake_posts.feed([]), modified=datetime.now(UTC))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    # --- publishing ------------------------------------------------------------------------

    def publish_next(self, count: int, at: datetime) -> list[str]:
        return [self.publish(entry, at) for entry in self.catalogue.take(self.next_number, count)]

    def publish(self, entry: Entry, at: datetime) -> str:
        """Put one entry on its platform at `at`; returns a line for the log."""
        platform = entry.item.platform
        if platform == "tiktok":
            self._publish_video(entry, at)
        elif platform == "comment":
            self._publish_comment(entry, at)
        else:
            self._publish_media(entry, at)
        if fake_posts.is_article(entry):
            self._articles.insert(0, fake_posts.article(entry, at))
            del self._articles[FEED_SIZE:]
            self.news.publish(FEED_PATH, fake_posts.feed(self._articles), modified=at)
        self.published.append((entry.number, at))
        self.next_number = max(self.next_number, entry.number + 1)
        excerpt = " ".join(entry.text.split())[:70]
        return (f"{at.astimezone():%H:%M:%S} {platform:9} @{entry.item.author.handle}: "
                f"{excerpt} [{entry.item.category}]")

    def _publish_video(self, entry: Entry, at: datetime) -> None:
        video = fake_posts.video(entry, at)
        self._video_ids[entry.number] = video["id"]
        # Lists are replaced, never changed in place: a request being answered keeps the old.
        self.tiktok.videos = [*self.tiktok.videos, video]
        for username in fake_posts.likers(self.catalogue, entry):
            actions = self.tiktok.user_videos.setdefault(username, {})
            actions["liked"] = [video, *actions.get("liked", [])]

    def _publish_comment(self, entry: Entry, at: datetime) -> None:
        parent = self.catalogue.parent(entry)
        video_id = self._video_ids.get(parent.number) if parent else None
        if video_id is not None:
            comment = fake_posts.comment(entry, at, video_id)
            self.tiktok.comments = [*self.tiktok.comments, comment]

    def _publish_media(self, entry: Entry, at: datetime) -> None:
        media = fake_posts.media(entry, at)
        author = entry.item.author
        account = self.instagram.accounts.get(author.handle.lower())
        if account is None and author.kind in fake_posts.PROFESSIONAL:
            account = self.instagram.add_account(author.handle, [])
        if account is not None:
            account.media = [media, *account.media]  # business discovery lists newest first
        for tag in entry.hashtags:
            tagged = self.instagram.hashtags.get(hashtag_id_for(tag))
            if tagged is None:
                self.instagram.add_hashtag(tag, [media])
            else:
                self.instagram.hashtags[hashtag_id_for(tag)] = [media, *tagged]

    # --- state -----------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        # The fake keeps the quota's day privately; it is what makes a restart keep the count.
        day: date | None = self.tiktok._day
        return {
            "catalogue": self.catalogue.fingerprint(),
            "next_number": self.next_number,
            "published": [[number, at.isoformat()] for number, at in self.published],
            "tiktok_quota": {"day": day.isoformat() if day else None,
                             "requests": self.tiktok.requests_today,
                             "records": self.tiktok.records_today},
        }

    def restore(self, state: dict[str, Any], now: datetime) -> bool:
        """Serve again what was published before; False if the demo data changed since."""
        if state.get("catalogue") != self.catalogue.fingerprint():
            return False
        for number, at in state.get("published", []):
            when = datetime.fromisoformat(at)
            if now - when < KEEP:
                self.publish(self.catalogue[number], when)
        self.next_number = max(self.next_number, state.get("next_number", 0))
        quota = state.get("tiktok_quota") or {}
        if quota.get("day"):
            self.tiktok._day = date.fromisoformat(quota["day"])
            self.tiktok.requests_today = quota.get("requests", 0)
            self.tiktok.records_today = quota.get("records", 0)
        return True

    def backlog(self, count: int, now: datetime) -> None:
        """The first start: `count` posts spread over the last hours, oldest first."""
        for i in range(count):
            self.publish(self.catalogue[self.next_number],
                         now - BACKLOG_SPAN + BACKLOG_SPAN * (i + 1) / (count + 1))

    def where(self) -> dict[str, Any]:
        env = {
            "PANTAU_TIKTOK_BASE_URL": self.tiktok.base_url,
            "PANTAU_TIKTOK_CLIENT_KEY": TIKTOK_KEY,
            "PANTAU_TIKTOK_CLIENT_SECRET": TIKTOK_SECRET,
            "PANTAU_INSTAGRAM_BASE_URL": self.instagram.base_url,
            "PANTAU_INSTAGRAM_ACCESS_TOKEN": INSTAGRAM_TOKEN,
            "PANTAU_INSTAGRAM_USER_ID": INSTAGRAM_USER,
        }
        return {"pid": os.getpid(), "tiktok": self.tiktok.base_url,
                "instagram": self.instagram.base_url, "news_feed": self.news.url(FEED_PATH),
                "env": env}


def _write(path: Path, text: str) -> None:
    """Whole or not at all: whoever waits for the file never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port-file", type=Path, required=True,
                        help="JSON written once the fakes listen: their URLs and the env")
    parser.add_argument("--env-file", type=Path, help="the same env as PANTAU_…=… lines")
    parser.add_argument("--state", type=Path, help="what was published when, kept across runs")
    parser.add_argument("--every", type=float, default=20.0,
                        help="seconds between batches (each wait is up to half as long again)")
    parser.add_argument("--batch", type=int, default=6, help="posts published per batch")
    parser.add_argument("--backlog", type=int, default=150,
                        help="posts spread over the last 6 hours on a first start")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = _arguments(argv)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    rng = random.Random()
    state = json.loads(args.state.read_text()) if args.state and args.state.exists() else None
    with Platform(Catalogue(), WallClock()) as platform:
        now = datetime.now(UTC)
        if state and platform.restore(state, now):
            print(f"fake platform: {len(platform.published)} posts restored", flush=True)
        else:
            if state:
                # Post k is no longer the post it was: serving it again would edit old posts.
                print("fake platform: the demo data changed since the last start; starting "
                      "afresh (remove var/pantau.db too for a clean demo)", flush=True)
            platform.backlog(args.backlog, now)
            print(f"fake platform: {args.backlog} posts of the last hours published", flush=True)

        def save() -> None:
            if args.state:
                _write(args.state, json.dumps(platform.state()))

        save()
        where = platform.where()
        if args.env_file:
            _write(args.env_file, "".join(f"{k}={v}\n" for k, v in where["env"].items()))
        _write(args.port_file, json.dumps(where, indent=2))
        print(f"fake platform: TikTok {where['tiktok']}, Instagram {where['instagram']}, "
              f"news feed {where['news_feed']}", flush=True)
        try:
            while not stop.wait(args.every * (1 + rng.random() / 2)):
                for line in platform.publish_next(args.batch, datetime.now(UTC)):
                    print(line, flush=True)
                save()
                print(f"  TikTok quota today: {platform.tiktok.requests_today}/"
                      f"{platform.tiktok.requests_per_day} requests, "
                      f"{platform.tiktok.records_today}/{platform.tiktok.records_per_day} "
                      f"records", flush=True)
        finally:
            save()
            args.port_file.unlink(missing_ok=True)
    print("fake platform: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
