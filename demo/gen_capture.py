"""Zeeschuimer captures: platform item JSON, ids, browsing sessions and envelopes."""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from gen_model import (
    USER_AGENTS,
    WIB,
    Account,
    Item,
)


class CaptureMixin:
    """Turns Items into TikTok itemStructs, comments and Instagram items, wrapped in
    Zeeschuimer envelopes as one analyst's browsing sessions would record them."""

    def assign_ids(self) -> None:
        for item in self.items:
            ts = int(item.when.timestamp())
            if item.platform in ("tiktok", "comment"):
                item.external_id = self.unique(lambda ts=ts: str((ts << 32)
                                                                  | self.rng.getrandbits(32)))
            else:
                pk = self.unique(lambda ts=ts: str(
                    ((ts * 1000 + self.rng.randint(0, 999) - 1314220021721) << 23)
                    | (self.rng.randint(0, 8191) << 10) | self.rng.randint(0, 1023)))
                item.pk = pk
                item.external_id = shortcode(int(pk))
        for item in self.items:
            item.stats = self.stats(item)

    def unique(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def stats(self, item: Item) -> dict[str, int]:
        rng = self.rng
        base = {"media": 40000, "candidate": 25000, "relawan": 4000, "agency": 6000,
                "person": 1500, "citizen": 900, "shop": 3000}[item.author.kind]
        if item.platform == "comment":
            return {"likes": int(rng.paretovariate(1.6)) - 1 + (rng.randint(0, 40)
                                                                if rng.random() < 0.3 else 0)}
        views = int(base * rng.lognormvariate(0, 1.1)) + rng.randint(50, 400)
        likes = int(views * rng.uniform(0.02, 0.12))
        return {"views": views, "likes": likes,
                "comments": int(likes * rng.uniform(0.01, 0.08)),
                "shares": int(likes * rng.uniform(0.0, 0.05)),
                "saves": int(likes * rng.uniform(0.0, 0.04))}

    def tiktok_data(self, item: Item, stats: dict[str, int]) -> dict[str, Any]:
        rng = self.rng
        text = item.text or ""
        author = item.author
        extras = []
        mention_handles = {a.handle: a for a in item.mentions}
        for match in re.finditer(r"(?<![\w.@])([#@])([\w.]+)", text):
            sign, word = match.groups()
            word = word.rstrip(".")
            start, end = match.start(), match.start() + 1 + len(word)
            if sign == "#":
                extras.append({"awemeId": "", "end": end, "hashtagId": tag_id(word),
                               "hashtagName": word, "isCommerce": False, "start": start,
                               "subType": 0, "type": 1})
            else:
                acct = mention_handles.get(word) or self.accounts.get(("tiktok", word))
                extras.append({"awemeId": "", "end": end, "hashtagName": "", "isCommerce": False,
                               "secUid": acct.sec_uid if acct else "", "start": start,
                               "subType": 0, "type": 0,
                               "userId": acct.uid if acct else "", "userUniqueId": word})
        tags = list(dict.fromkeys(e["hashtagName"] for e in extras if e["type"] == 1))
        duration = rng.randint(9, 95)
        vid = item.external_id
        create: int | str = int(item.when.timestamp())
        if rng.random() < self.ds.STRING_TIME_SHARE:
            create = str(create)
        music_id = str(int(vid) - rng.randint(10**9, 10**12))
        if rng.random() < 0.7:
            music = {"id": music_id, "title": f"suara asli - {author.name}",
                     "authorName": author.name, "original": True, "duration": duration}
        else:
            title, artist = rng.choice(self.ds.SONGS)
            music = {"id": self._digits(19, "7"), "title": title, "authorName": artist,
                     "original": False, "duration": rng.randint(30, 60)}
        music["playUrl"] = (f"https://sf16-ies-music-sg.tiktokcdn.com/obj/"
                            f"tos-alisg-ve-2774/{hashlib.md5(music['id'].encode()).hexdigest()}")
        data: dict[str, Any] = {
            "id": vid,
            "desc": text,
            "createTime": create,
            "scheduleTime": 0,
            "video": {"id": vid, "height": 1024, "width": 576, "duration": duration,
                      "ratio": "540p", "format": "mp4",
                      "cover": f"https://p16-sign-sg.tiktokcdn.com/obj/tos-alisg-p-0037/"
                               f"{hashlib.md5(vid.encode()).hexdigest()}~tplv-tiktokx-cropcenter"
                               f":300:400.jpeg"},
            "music": music,
            "challenges": [{"id": tag_id(t), "title": t, "desc": "", "isCommerce": False}
                           for t in tags],
            "stats": {"diggCount": stats["likes"], "shareCount": stats["shares"],
                      "commentCount": stats["comments"], "playCount": stats["views"],
                      "collectCount": stats["saves"]},
            "textExtra": extras,
            "isAd": False,
            "duetEnabled": True,
            "stitchEnabled": True,
            "shareEnabled": True,
            "locationCreated": "ID",
            "textLanguage": "id",
            "diversificationLabels": self.labels(item),
        }
        if rng.random() < 0.3:
            data["statsV2"] = {k: str(v) for k, v in data["stats"].items()}
        if item.shape == "tiktok-embedded":
            data["author"] = author.handle
            data["nickname"] = author.name
            data["authorId"] = author.uid
            data["authorSecId"] = author.sec_uid
        else:
            data["author"] = {"id": author.uid, "uniqueId": author.handle,
                              "nickname": author.name, "secUid": author.sec_uid,
                              "signature": self.signature(author), "verified":
                              author.kind in ("media", "candidate") and author.followers > 90000,
                              "privateAccount": False}
            data["authorStats"] = {"followerCount": author.followers,
                                   "followingCount": rng.randint(30, 900),
                                   "heart": author.followers * rng.randint(3, 20),
                                   "heartCount": author.followers * rng.randint(3, 20),
                                   "videoCount": rng.randint(12, 900),
                                   "diggCount": rng.randint(100, 20000), "friendCount": 0}
        return data

    def labels(self, item: Item) -> list[str]:
        if item.category in ("news", "neutral_official", "violation", "citizen_support"):
            return ["Society", "Politics"]
        return self.rng.choice([["Lifestyle"], ["Food & Drink"], ["Sports"], ["Comedy"],
                                ["Daily Life"]])

    def signature(self, author: Account) -> str:
        if author.kind == "person" and author.person is not None:
            return self.rng.choice(["Melayani dengan hati 🙏", "Akun pribadi",
                                    f"{author.person.agency.split(',')[0]}", ""])
        if author.kind == "media":
            return "Info terkini seputar " + self.regions[author.region]["short"] + " 📰"
        return self.rng.choice(["", "hidup cuma sekali", "📍" + author.region, "DM for collab"])

    def comment_data(self, item: Item, stats: dict[str, int]) -> dict[str, Any]:
        assert item.parent is not None
        video = item.parent
        user = item.author
        return {
            "cid": item.external_id,
            "id": item.external_id,
            "aweme_id": video.external_id,
            "text": item.text,
            "create_time": int(item.when.timestamp()),
            "digg_count": stats["likes"],
            "reply_id": item.reply_to.external_id if item.reply_to else "0",
            "reply_to_reply_id": "0",
            "reply_comment_total": stats.get("replies", 0),
            "status": 1,
            "stick_position": 0,
            "is_author_digged": False,
            "user_digged": 0,
            "comment_language": "id",
            "text_extra": [],
            "user": {"uid": user.uid, "unique_id": user.handle, "nickname": user.name,
                     "sec_uid": user.sec_uid,
                     "avatar_thumb": {"url_list": [
                         f"https://p16-sign-sg.tiktokcdn.com/tos-alisg-avt-0068/"
                         f"{hashlib.md5(user.uid.encode()).hexdigest()}~tplv-tiktokx-cropcenter"
                         f":100:100.jpeg"]}},
            "share_info": {
                "url": (f"https://www.tiktok.com/@{video.author.handle}/video/"
                        f"{video.external_id}?share_comment_id={item.external_id}"
                        f"&sharer_language=id&source=h5_m"),
                "desc": f"Komentar {user.name}",
                "title": item.text,
                "acl": {"code": 0, "extra": "{}"},
            },
            "label_list": None,
            "is_comment_translatable": False,
        }

    def instagram_data(self, item: Item, stats: dict[str, int]) -> dict[str, Any]:
        rng = self.rng
        shape = item.shape
        user = item.author
        ts = int(item.when.timestamp())
        user_obj = {"pk": user.uid, "id": user.uid, "username": user.handle,
                    "full_name": user.name, "is_private": False,
                    "is_verified": user.kind in ("media", "candidate") and user.followers > 90000,
                    "profile_pic_url": f"https://scontent-cgk1-1.cdninstagram.com/v/t51.2885-19/"
                                       f"{user.uid}_n.jpg"}
        if shape == "instagram-graph":
            return self.graph_data(item, stats, ts)
        media_type = 1
        if shape in ("instagram-partial",):
            media_type = 2
        elif shape == "instagram":
            media_type = rng.choices([1, 2, 8], weights=[5, 3, 2])[0]
        product = {1: "feed", 2: "clips", 8: "carousel_container"}[media_type]
        if shape == "instagram-ad":
            product = "ad"
        caption = None
        if item.text is not None:
            caption = {"pk": self._digits(19, "1"), "user_id": user.uid, "text": item.text,
                       "type": 1, "created_at": ts, "created_at_utc": ts,
                       "content_type": "comment", "status": "Active", "media_id": item.pk,
                       "has_translation": False}
        image = {"candidates": [{"url": self.cdn(item.pk, "jpg"), "width": 1080,
                                 "height": rng.choice([1080, 1350])}]}
        data: dict[str, Any] = {
            "pk": item.pk,
            "id": f"{item.pk}_{user.uid}",
            "code": item.external_id,
            "taken_at": ts,
            "media_type": media_type,
            "product_type": product,
            "caption": caption,
            "user": user_obj,
            "owner": {k: user_obj[k] for k in ("pk", "id", "username")},
            "like_count": stats["likes"],
            "comment_count": stats["comments"],
            "like_and_view_counts_disabled": False,
            "image_versions2": image,
            "original_width": 1080,
            "original_height": image["candidates"][0]["height"],
            "usertags": {"in": [self.usertag(a) for a in item.tags]},
            "coauthor_producers": [{"pk": a.uid, "id": a.uid, "username": a.handle,
                                    "full_name": a.name} for a in item.coauthors],
            "has_liked": False,
            "is_paid_partnership": False,
            "_zs_partial": False,
            "_zs_instagram_view": "",
            "_zs_html_embedded_json": False,
        }
        if item.alt_text or media_type == 1:
            data["accessibility_caption"] = item.alt_text or self.alt_text(user, item.when)
        if media_type == 2:
            data["video_versions"] = [{"type": 101, "width": 720, "height": 1280,
                                       "url": self.cdn(item.pk, "mp4")}]
            data["play_count"] = stats["views"]
            data["view_count"] = stats["views"]
            data["video_duration"] = round(rng.uniform(8, 90), 3)
        if media_type == 8:
            data["carousel_media_count"] = rng.randint(2, 6)
            data["carousel_media"] = [
                {"id": f"{int(item.pk) + k}_{user.uid}", "media_type": 1,
                 "image_versions2": {"candidates": [{"url": self.cdn(f"{item.pk}{k}", "jpg"),
                                                     "width": 1080, "height": 1350}]}}
                for k in range(1, data["carousel_media_count"] + 1)]
        if rng.random() < 0.15 and shape == "instagram":
            place = rng.choice(self.regions[user.region]["places"] if user.region in
                               self.regions else ["Jakarta"])
            data["location"] = {"pk": int(self._digits(15, "1")), "name": place,
                                "short_name": place, "city": self.regions.get(
                                    user.region, {"full": ""})["full"],
                                "lat": round(-6.2 - rng.random() * 1.1, 6),
                                "lng": round(106.6 + rng.random() * 1.9, 6)}
        if shape == "instagram-partial":
            # A reel seen on a profile grid before its page was opened: no video, no time.
            for key in ("taken_at", "video_versions", "image_versions2", "comment_count",
                        "original_width", "original_height", "accessibility_caption"):
                data.pop(key, None)
            data["_zs_partial"] = True
        if shape == "instagram-ad":
            data["link"] = ("https://www.facebook.com/ads/ig_redirect/?d=ad&a="
                            + self._digits(17, "2"))
            data["ad_id"] = self._digits(17, "2")
            data["ad_action"] = "Belanja Sekarang"
            data["is_paid_partnership"] = False
            data["injected"] = {"label": "Bersponsor", "is_demo": False}
        if shape == "instagram-polaris":
            keep = {"id": data["id"], "pk": data["pk"], "code": data["code"],
                    "caption": {"text": item.text} if item.text is not None else None,
                    "user": {k: user_obj[k] for k in ("pk", "id", "username", "full_name",
                                                      "profile_pic_url")},
                    "__typename": rng.choice(["XIGPolarisImageMedia", "XIGPolarisVideoMedia"]),
                    "usertags": data["usertags"], "_zs_partial": True,
                    "_zs_instagram_view": "single_post", "_zs_html_embedded_json": True}
            return keep
        return data

    def graph_data(self, item: Item, stats: dict[str, int], ts: int) -> dict[str, Any]:
        user = item.author
        return {
            "__typename": "GraphImage",
            "id": item.pk,
            "shortcode": item.external_id,
            "taken_at_timestamp": ts,
            "display_url": self.cdn(item.pk, "jpg"),
            "dimensions": {"height": 1350, "width": 1080},
            "is_video": False,
            "edge_media_to_caption": {"edges": [{"node": {"text": item.text}}]}
            if item.text is not None else {"edges": []},
            "edge_media_preview_like": {"count": stats["likes"], "edges": []},
            "edge_media_preview_comment": {"count": stats["comments"], "edges": []},
            "edge_media_to_tagged_user": {"edges": [{"node": {"user": {
                "username": a.handle, "full_name": a.name, "id": a.uid}}} for a in item.tags]},
            "owner": {"id": user.uid, "username": user.handle},
            "accessibility_caption": item.alt_text or self.alt_text(user, item.when),
            "comments_disabled": False,
        }

    def usertag(self, acct: Account) -> dict[str, Any]:
        return {"user": {"pk": acct.uid, "id": acct.uid, "username": acct.handle,
                         "full_name": acct.name, "is_verified": False},
                "position": [round(self.rng.uniform(0.1, 0.9), 4),
                             round(self.rng.uniform(0.1, 0.9), 4)]}

    def cdn(self, key: str, ext: str) -> str:
        digest = hashlib.md5(key.encode()).hexdigest()
        folder = "t51.29350-15" if ext == "jpg" else "o1/v/t16"
        return f"https://scontent-cgk1-1.cdninstagram.com/v/{folder}/{digest}_n.{ext}"

    # --- envelopes and sessions ----------------------------------------------------------------

    def replies(self) -> None:
        """Turn some comments into replies to an earlier comment on the same video."""
        by_video: dict[str, list[Item]] = {}
        for item in self.items:
            if item.platform == "comment":
                by_video.setdefault(item.parent.external_id, []).append(item)
        for comments in by_video.values():
            comments.sort(key=lambda c: c.when)
            for i, comment in enumerate(comments[1:], start=1):
                if self.rng.random() < self.ds.REPLY_SHARE:
                    comment.reply_to = self.rng.choice(comments[:i])
        for item in self.items:
            if item.platform == "comment":
                own = sum(1 for c in self.items if c.reply_to is item)
                item.stats["replies"] = own + (self.rng.randint(0, 6)
                                               if self.rng.random() < 0.3 else 0)

    def context_of(self, item: Item) -> tuple[str, str]:
        """(tab URL, captured response URL) for how the analyst came across the item."""
        rng = self.rng
        a = item.author
        region = self.regions.get(a.region) or self.regions[sorted(self.regions)[0]]
        keyword = rng.choice(region["searches"])
        q = keyword.replace(" ", "%20")
        if item.platform == "comment":
            video = item.parent
            tab = f"https://www.tiktok.com/@{video.author.handle}/video/{video.external_id}"
            if item.reply_to is not None:
                api = (f"https://www.tiktok.com/api/comment/list/reply/?aid=1988&app_language=id-ID"
                       f"&comment_id={item.reply_to.external_id}&count=3&cursor=0"
                       f"&item_id={video.external_id}")
            else:
                api = (f"https://www.tiktok.com/api/comment/list/?aid=1988&app_language=id-ID"
                       f"&aweme_id={video.external_id}&count=20&cursor=0")
            return tab, api
        if item.platform == "tiktok":
            if item.shape == "tiktok-embedded":
                url = f"https://www.tiktok.com/@{a.handle}/video/{item.external_id}"
                return url, url
            if a.kind in ("person", "candidate", "relawan") and rng.random() < 0.6:
                return (f"https://www.tiktok.com/@{a.handle}",
                        f"https://www.tiktok.com/api/post/item_list/?aid=1988&app_language=id-ID"
                        f"&count=35&cursor=0&secUid={a.sec_uid}")
            own = re.findall(r"#(\w+)", item.text or "")
            if own and rng.random() < 0.35:
                tag = rng.choice(own).lower()
                return (f"https://www.tiktok.com/tag/{tag}",
                        f"https://www.tiktok.com/api/challenge/item_list/?aid=1988"
                        f"&challengeID={tag_id(tag)}&count=30&cursor=0")
            return (f"https://www.tiktok.com/search?q={q}",
                    f"https://www.tiktok.com/api/search/general/full/?aid=1988"
                    f"&app_language=id-ID&keyword={q}&offset={rng.choice([0, 12, 24])}")
        if item.shape == "instagram-polaris":
            url = f"https://www.instagram.com/p/{item.external_id}/"
            return url, url
        if item.shape == "instagram-graph":
            tag = rng.choice(region["tags"])
            return (f"https://www.instagram.com/explore/tags/{tag}/",
                    "https://www.instagram.com/graphql/query/?query_hash="
                    "9b498c08113f1e09617a1703c22b2f32&variables=%7B%22tag_name%22%3A%22"
                    f"{tag}%22%2C%22first%22%3A12%7D")
        if a.kind in ("person", "candidate", "relawan", "agency") and rng.random() < 0.55:
            return (f"https://www.instagram.com/{a.handle}/",
                    f"https://www.instagram.com/api/v1/feed/user/{a.uid}/username/?count=12")
        own = re.findall(r"#(\w+)", item.text or "")
        if rng.random() < 0.5:
            tag = rng.choice(own).lower() if own else rng.choice(region["tags"])
            return (f"https://www.instagram.com/explore/tags/{tag}/",
                    f"https://www.instagram.com/api/v1/tags/web_info/?tag_name={tag}")
        return (f"https://www.instagram.com/explore/search/keyword/?q={q}",
                f"https://www.instagram.com/api/v1/fbsearch/web/top_serp/?enable_metadata=true"
                f"&query={q}")

    def sessions(self) -> list[datetime]:
        day = datetime(2024, 9, 3, tzinfo=WIB)
        out = []
        while day < datetime(2024, 12, 3, tzinfo=WIB):
            out.append(day.replace(hour=self.rng.randint(8, 14), minute=self.rng.randint(0, 59),
                                   second=self.rng.randint(0, 59)))
            day += timedelta(days=self.rng.choice([1, 2, 2, 3]))
        return out

    def envelopes(self) -> list[tuple[Item, dict[str, Any]]]:
        sessions = self.sessions()
        captures: list[tuple[datetime, Item, bool]] = []
        for item in self.items:
            ready = item.when + timedelta(minutes=30)
            first = next(s for s in sessions if s >= ready)
            captures.append((first, item, False))
        dup_pool = [i for i in self.items if i.shape not in ("instagram-ad",)]
        for category in self.ds.DUPLICATES:
            options = [i for i in dup_pool if i.category == category]
            item = self.rng.choice(options)
            dup_pool.remove(item)
            original = next(s for s, i, _ in captures if i is item)
            later = [s for s in sessions if s > original + timedelta(days=1)]
            again = self.rng.choice(later[:6]) if later else original + timedelta(days=2)
            if again not in sessions:
                sessions.append(again)
            captures.append((again, item, True))
        # Within a session the analyst works tab by tab; items arrive a second or so apart.
        captures.sort(key=lambda c: (c[0], c[1].when))
        records: list[tuple[Item, dict[str, Any]]] = []
        by_session: dict[datetime, list[tuple[Item, bool]]] = {}
        for session, item, dup in captures:
            by_session.setdefault(session, []).append((item, dup))
        next_id = 1
        for session, batch in by_session.items():
            ua = USER_AGENTS[0 if session.toordinal() % 3 else 1]
            tabs: dict[str, tuple[int, list[tuple[Item, bool, str, str]]]] = {}
            for item, dup in batch:
                tab_url, api_url = self.context_of(item)
                key = tab_url
                if key not in tabs:
                    tabs[key] = (len(tabs) + 1, [])
                tabs[key][1].append((item, dup, tab_url, api_url))
            clock = int(session.timestamp() * 1000) + self.rng.randint(0, 999)
            for tab_no, entries in tabs.values():
                clock += self.rng.randint(8000, 140000)
                for index, (item, dup, tab_url, api_url) in enumerate(entries, start=1):
                    clock += self.rng.randint(30, 2500)
                    stats = dict(item.stats)
                    if dup:
                        stats = {k: int(v * self.rng.uniform(1.05, 1.6)) for k, v in stats.items()}
                    data = self.data_for(item, stats)
                    env = {
                        "id": next_id,
                        "nav_index": f"{int(session.timestamp() * 1000)}:{tab_no}:{index}",
                        "item_id": item.external_id,
                        "timestamp_collected": clock,
                        "last_updated": clock,
                        "source_platform": {"tiktok": "tiktok.com", "comment": "tiktok-comments",
                                            "instagram": "instagram.com"}[item.platform],
                        "source_platform_url": tab_url,
                        "source_url": api_url,
                        "user_agent": ua,
                        "data": data,
                    }
                    if item.platform == "instagram" and "_zs_instagram_view" in data and \
                            not data["_zs_instagram_view"]:
                        data["_zs_instagram_view"] = instagram_view(tab_url)
                    next_id += 1
                    records.append((item, env))
        return records

    def data_for(self, item: Item, stats: dict[str, int]) -> dict[str, Any]:
        if item.platform == "tiktok":
            return self.tiktok_data(item, stats)
        if item.platform == "comment":
            return self.comment_data(item, stats)
        return self.instagram_data(item, stats)


def instagram_view(tab_url: str) -> str:
    path = [p for p in tab_url.split("/")[3:] if p]
    if not path:
        return "frontpage"
    if path[0] == "explore":
        return "search" if len(path) > 1 and path[1] == "search" else "explore"
    if path[0] == "p":
        return "single_post"
    return "user_posts"


SHORTCODE_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


def shortcode(pk: int) -> str:
    """Instagram's shortcode is the media pk in base 64."""
    out = ""
    while pk:
        pk, rem = divmod(pk, 64)
        out = SHORTCODE_ALPHABET[rem] + out
    return out


def tag_id(tag: str) -> str:
    """A stable numeric id per hashtag, like TikTok's challenge ids."""
    return str(int(hashlib.sha1(tag.lower().encode()).hexdigest()[:15], 16))
