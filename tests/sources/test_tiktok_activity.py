"""tiktok_user_activity against the fake Research API, stored through the real runner and
pipeline on both databases: likes, reposts and pins of watched accounts become acts beside
one post per video, and a watched civil servant's like of a candidate's video becomes a
review item about that civil servant."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import session_scope
from app.posts.acts import ACT_FIELD, PostAct
from app.posts.detect import get_classifier
from app.posts.ingest import Pipeline, ingest_batch
from app.posts.models import Classification, Post, PostMatch
from app.review.models import ReviewItem
from app.sources import adapters, runner, service
from app.sources.models import Source
from app.sources.tiktok_activity import MAX_PAGES_PER_LIST, Position, resume_at, unavailable
from app.watchlist import service as watchlist_service
from app.watchlist.models import Person
from app.watchlist.snapshot import current_snapshot
from collectors.tiktok_errors import BadRequest, RateLimited, ServerError, TikTokError
from collectors.tiktok_research import Item, video_to_post
from tests.builders import (
    CANDIDATE_ROWS,
    CANDIDATES_HEADER,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    write_csv,
)
from tests.fakes.tiktok import FakeClock, FakeTikTok, make_video
from tests.web_login import bearer, login, make_login

# The review page decides with the real clock: a recent run keeps the 7-day limit open.
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
# From tests/builders.py: a Pj mayor and a camat (PNS), an honorary worker (non-ASN).
CIVIL_SERVANTS = ("wahyu.pranoto", "camat_hendra", "jokosusilo99")
CANDIDATE = "bima.bekasi"


def _video(video_id: int, username: str, description: str, **kw) -> dict:
    return make_video(video_id, username=username, created=NOW - timedelta(days=2),
                      description=description, **kw)


CAMPAIGN = _video(7400000000000000101, CANDIDATE,
                  "Silaturahmi dengan warga Harapan Jaya sore ini #BekasiBersamaMasBima")
RECIPE = _video(7400000000000000102, "dapur_bunda", "Resep nasi uduk Betawi, gampang banget")


@pytest.fixture
def watchlist(session_factory: sessionmaker[Session], tmp_path: Path) -> None:
    with session_scope(session_factory) as s:
        for kind, header, rows in (("candidates", CANDIDATES_HEADER, CANDIDATE_ROWS),
                                   ("people", PEOPLE_HEADER, PEOPLE_ROWS)):
            path = write_csv(tmp_path / f"{kind}.csv", header, rows)
            assert not watchlist_service.import_file(session=s, path=path, kind=kind).errors


def _settings(database_url: str, fake: FakeTikTok) -> Settings:
    return Settings(database_url=database_url, tiktok_client_key=fake.client_key,
                    tiktok_client_secret=fake.client_secret, tiktok_base_url=fake.base_url)


def _add(session_factory, usernames=CIVIL_SERVANTS) -> int:
    with session_scope(session_factory) as s:
        return service.add(s, name="asn-likes", kind="tiktok_user_activity",
                           params={"usernames": ",".join(usernames)}, every="1h",
                           now=NOW).id


def _run(session_factory, source_id, collect, model_cache_dir, at=NOW) -> runner.RunResult:
    with session_scope(session_factory) as s:
        assert runner.claim_due(s, "w1", at).id == source_id
    return runner.run(session_factory, source_id, collect=collect, worker="w1",
                      model_cache_dir=model_cache_dir, matcher_cache_dir=None, threshold=0.5,
                      now=lambda: at)


def _count(session_factory, model, *where) -> int:
    with session_scope(session_factory) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _acts(session_factory) -> set[tuple[str, str, bool]]:
    with session_scope(session_factory) as s:
        rows = s.execute(select(PostAct.handle, PostAct.action, PostAct.person_id))
        return {(handle, action, person is not None) for handle, action, person in rows}


@pytest.mark.usefixtures("watchlist")
def test_three_civil_servants_liking_one_video_make_one_post_three_acts_and_one_item(
    session_factory, database_url, model_cache_dir
):
    likes = {name: {"liked": [CAMPAIGN]} for name in CIVIL_SERVANTS}
    with FakeTikTok(user_videos=likes, clock=FakeClock(NOW)) as fake:
        collect = adapters.collectors(_settings(database_url, fake), session_factory)
        sid = _add(session_factory)
        first = _run(session_factory, sid, collect, model_cache_dir)
        assert (first.status, first.items_new, first.flagged) == ("ok", 1, 1), first.error
        # Three accounts, three lists each: nine pages, the pinned ones in one request each.
        assert first.pages == 9
        pinned = [c for c in fake.calls if c.path.endswith("/pinned_videos/")]
        assert [c.body for c in pinned] == [{"username": n} for n in CIVIL_SERVANTS]
        again = _run(session_factory, sid, collect, model_cache_dir, at=NOW + timedelta(hours=1))
    assert (again.status, again.items_new, again.flagged) == ("ok", 0, 0)
    assert _count(session_factory, Post) == 1
    assert _acts(session_factory) == {(n, "liked", True) for n in CIVIL_SERVANTS}
    assert _count(session_factory, ReviewItem) == 1
    assert _count(session_factory, Classification) == 1
    assert _count(session_factory, PostMatch, PostMatch.field == ACT_FIELD) == 3
    with session_scope(session_factory) as s:
        act = s.scalar(select(PostAct).where(PostAct.handle == "camat_hendra"))
        assert act.first_seen_at == NOW and act.last_seen_at == NOW + timedelta(hours=1)
        # The candidate posted it; the civil servants who liked it are the actors.
        actors = s.scalars(select(Person.name).join(PostMatch, PostMatch.person_id == Person.id)
                           .where(PostMatch.how == "liked")).all()
        assert sorted(actors) == ["Drs. H. Wahyu Pranoto, M.Si", "Hendra Kusumawijaya",
                                  "Joko Susilo"]
        item = s.scalar(select(ReviewItem))
        assert item.region_code == "32.75" and item.election_id is not None


@pytest.mark.usefixtures("watchlist")
def test_one_private_list_costs_only_that_list(session_factory, database_url, model_cache_dir):
    lists = {"wahyu.pranoto": {"liked": [RECIPE]},
             "camat_hendra": {"liked": [CAMPAIGN], "reposted": [CAMPAIGN]},
             "jokosusilo99": {"reposted": [RECIPE]}}
    with FakeTikTok(user_videos=lists, private_lists={("camat_hendra", "liked")},
                    clock=FakeClock(NOW)) as fake:
        collect = adapters.collectors(_settings(database_url, fake), session_factory)
        result = _run(session_factory, _add(session_factory), collect, model_cache_dir)
        refused = [c for c in fake.calls if c.status != 200]
    assert result.status == "ok" and result.error is None
    assert [(c.path, c.body["username"]) for c in refused] == [
        ("/v2/research/user/liked_videos/", "camat_hendra")]
    assert _acts(session_factory) == {("wahyu.pranoto", "liked", True),
                                      ("camat_hendra", "reposted", True),
                                      ("jokosusilo99", "reposted", True)}
    with session_scope(session_factory) as s:
        # A repost of the candidate's video is a case; nobody's recipe is.
        flagged = s.scalars(select(Post.author_handle).join(ReviewItem)).all()
        assert flagged == [CANDIDATE]


@pytest.mark.usefixtures("watchlist")
def test_a_run_cut_short_resumes_at_the_next_page(session_factory, database_url,
                                                  model_cache_dir):
    liked = [_video(7400000000000001000 + i, "warga_bekasi", f"Kuliner Bekasi ke-{i}")
             for i in range(130)]
    with FakeTikTok(user_videos={"wahyu.pranoto": {"liked": liked}},
                    clock=FakeClock(NOW)) as fake:
        collect = adapters.collectors(_settings(database_url, fake), session_factory)
        sid = _add(session_factory, usernames=("wahyu.pranoto", "camat_hendra"))

        def dies_after_one_page(params, cursor, now):
            pages = collect["tiktok_user_activity"](params, cursor, now)
            yield next(pages)
            raise ConnectionResetError("connection reset by peer")

        cut = _run(session_factory, sid, {"tiktok_user_activity": dies_after_one_page},
                   model_cache_dir)
        assert cut.status == "error" and cut.items_new == 100
        with session_scope(session_factory) as s:
            assert s.get(Source, sid).cursor == {
                "user": 0, "username": "wahyu.pranoto", "action": 0, "cursor": 100}
        fake.calls.clear()
        resumed = _run(session_factory, sid, collect, model_cache_dir,
                       at=NOW + timedelta(hours=3))
        first_call = fake.calls[0]
    assert resumed.status == "ok" and resumed.items_new == 30
    assert first_call.path.endswith("/liked_videos/") and first_call.body["cursor"] == 100
    assert _count(session_factory, Post) == 130
    assert _count(session_factory, PostAct) == 130
    with session_scope(session_factory) as s:
        assert s.get(Source, sid).cursor is None


@pytest.mark.usefixtures("watchlist")
def test_a_pass_reads_only_the_newest_pages_of_a_long_list(session_factory, database_url,
                                                          model_cache_dir):
    liked = [_video(7400000000000002000 + i, "warga_bekasi", f"Resep ke-{i}")
             for i in range(450)]
    with FakeTikTok(user_videos={"wahyu.pranoto": {"liked": liked}},
                    clock=FakeClock(NOW)) as fake:
        collect = adapters.collectors(_settings(database_url, fake), session_factory)
        sid = _add(session_factory, usernames=("wahyu.pranoto",))
        done = _run(session_factory, sid, collect, model_cache_dir)
        liked_calls = [c for c in fake.calls if c.path.endswith("/liked_videos/")]
    assert done.status == "ok" and len(liked_calls) == MAX_PAGES_PER_LIST == 3
    assert _count(session_factory, PostAct) == 300


@pytest.mark.usefixtures("watchlist")
def test_an_edited_caption_keeps_the_actors_found_by_their_acts(
    session_factory, database_url, model_cache_dir
):
    with FakeTikTok(user_videos={"camat_hendra": {"liked": [CAMPAIGN]}},
                    clock=FakeClock(NOW)) as fake:
        collect = adapters.collectors(_settings(database_url, fake), session_factory)
        _run(session_factory, _add(session_factory), collect, model_cache_dir)
    edited = {**CAMPAIGN, "video_description": "Terima kasih warga Harapan Jaya!"}
    post = video_to_post(Item.parse(json.dumps(edited).encode()),
                         collected_at=NOW + timedelta(hours=1))
    with session_scope(session_factory) as s:
        pipeline = Pipeline(current_snapshot(session=s), get_classifier(model_cache_dir), 0.5)
        counts = ingest_batch(session=s, posts=[post], pipeline=pipeline,
                              now=NOW + timedelta(hours=1))
        assert counts.updated == 1
    assert _count(session_factory, PostMatch, PostMatch.field == ACT_FIELD) == 1


@pytest.mark.usefixtures("watchlist")
def test_the_evidence_page_says_who_liked_the_video(client, session_factory, database_url,
                                                    model_cache_dir):
    with FakeTikTok(user_videos={"camat_hendra": {"liked": [CAMPAIGN]},
                                 "warga_biasa": {"liked": [CAMPAIGN]}},
                    clock=FakeClock(NOW)) as fake:
        collect = adapters.collectors(_settings(database_url, fake), session_factory)
        sid = _add(session_factory, usernames=("camat_hendra", "warga_biasa"))
        assert _run(session_factory, sid, collect, model_cache_dir).flagged == 1
    with session_scope(session_factory) as s:
        item_id = s.scalar(select(ReviewItem.id))
    make_login(session_factory, "ana", "reviewer", "Ana Reviewer")
    login(client, "ana")
    page = client.get(f"/review/items/{item_id}")
    assert page.status_code == 200, page.text
    assert "disukai oleh @camat_hendra (PNS · Hendra Kusumawijaya, Camat Bekasi Utara)" \
        in page.text
    # An account nobody watches is context, not an actor.
    assert "disukai oleh @warga_biasa ·" in page.text
    assert "Saran kategori SKB: 6. Posting, komentar, share, like" in page.text
    assert "Hendra Kusumawijaya</strong>" in page.text  # the actor card
    client.cookies.set("pantau_lang", "en")
    english = client.get(f"/review/items/{item_id}")
    assert "liked by @camat_hendra" in english.text
    api = client.get(f"/api/v1/review/items/{item_id}", headers=bearer(client, "ana")).json()
    assert api["suggested_category"] == 6
    assert [(a["action"], a["handle"], a["name"]) for a in api["acts"]] == [
        ("liked", "camat_hendra", "Hendra Kusumawijaya"), ("liked", "warga_biasa", None)]


def test_the_cursor_survives_an_edited_list_of_accounts():
    accounts = ["a", "b", "c"]
    saved = Position(1, 2, 40).as_cursor(accounts)
    assert saved == {"user": 1, "username": "b", "action": 2, "cursor": 40}
    assert resume_at(saved, accounts) == Position(1, 2, 40)
    assert resume_at(saved, ["b", "c"]) == Position(0, 2, 40)
    assert resume_at(saved, ["c"]) == Position()
    assert resume_at({"user": "x"}, accounts) == Position()
    assert Position(0, 2).next_list(3) == Position(1, 0)
    assert Position(2, 2).next_list(3) is None


def test_only_refusals_about_one_list_are_skipped():
    assert unavailable(BadRequest("user is private", status=400))
    assert unavailable(TikTokError("forbidden", status=403))
    assert not unavailable(RateLimited("slow down", status=429))
    assert not unavailable(ServerError("oops", status=500))
    assert not unavailable(TikTokError("no status"))
