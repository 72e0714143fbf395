from __future__ import annotations

import json
import socket
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from collectors.tiktok_client import SEARCH_ID_RETRIES, SEARCH_ID_WAIT, TikTokClient, paginate
from collectors.tiktok_errors import (
    AuthFailed,
    BadRequest,
    InvalidToken,
    QuotaExceeded,
    RateLimited,
    SearchIdInvalid,
    ServerError,
    TikTokError,
    classify_error,
)
from collectors.tiktok_research import (
    Item,
    Page,
    activity_from_item,
    build_query,
    comment_to_post,
    date_windows,
    video_to_post,
)
from tests.fakes.tiktok import FakeTikTok, make_comment, make_video

START, END = date(2024, 9, 1), date(2024, 10, 1)
QUERY = build_query(keywords=["pemilu"], hashtags=["#Pilkada"])
FIRST_ID = 7400000000000000000
MATCHING = 230  # three pages of 100


def _videos() -> list[dict]:
    base = datetime(2024, 9, 1, tzinfo=UTC)
    videos = [
        # Odd ones match the keyword, even ones the hashtag: the query's `or`.
        make_video(
            FIRST_ID + i,
            username=f"akun_{i % 7}",
            created=base + timedelta(hours=3 * i),
            description=f"Ayo ke TPS, #pemilu damai {i}" if i % 2 else f"Kampanye hari {i}",
            hashtags=[] if i % 2 else ["Pilkada"],
            voice_to_text=f"transkrip {i}",
        )
        for i in range(MATCHING)
    ]
    # Noise the query must leave out: another region, and Indonesian videos without the terms.
    videos += [
        make_video(
            7500000000000000000 + i,
            username="luar",
            created=base,
            description="pemilu",
            region="MY",
        )
        for i in range(5)
    ]
    videos += [
        make_video(7600000000000000000 + i, username="dapur", created=base, description="rendang")
        for i in range(5)
    ]
    return videos


@pytest.fixture
def fake() -> Iterator[FakeTikTok]:
    with FakeTikTok(videos=_videos()) as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(fake: FakeTikTok, sleeps: list[float]) -> Iterator[TikTokClient]:
    with TikTokClient(
        client_key=fake.client_key,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        now=fake.clock,
        sleep=sleeps.append,
    ) as tiktok:
        yield tiktok


def _items(pages: Iterable[Page]) -> list[Item]:
    return [item for page in pages for item in page.items]


def _ids(pages: Iterable[Page]) -> list[int]:
    return [item.data["id"] for item in _items(pages)]


def _matching(hidden: set[int] = frozenset()) -> set[int]:
    return {FIRST_ID + i for i in range(MATCHING)} - hidden


def _statuses(fake: FakeTikTok) -> list[int]:
    return [call.status for call in fake.calls]


# --- video query paging ---------------------------------------------------------------------


def test_pages_through_every_matching_video_exactly_once(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    pages = list(client.iter_videos(QUERY, START, END))
    ids = _ids(pages)
    assert len(ids) == len(set(ids)) == MATCHING
    assert set(ids) == _matching()
    assert [len(p.items) for p in pages] == [100, 100, 30]
    assert [p.has_more for p in pages] == [True, True, False]
    # The first page asks without a search_id; later ones resend it with the cursor.
    bodies = [call.body for call in fake.calls]
    assert "search_id" not in bodies[0] and "cursor" not in bodies[0]
    assert [(b["cursor"], b["search_id"]) for b in bodies[1:]] == [
        (100, pages[0].search_id),
        (200, pages[0].search_id),
    ]
    assert client.usage.requests == fake.requests_today == 3
    assert client.usage.records == fake.records_today == MATCHING


def test_videos_carry_the_transcript_and_map_to_posts(client: TikTokClient) -> None:
    page = client.query_videos(QUERY, START, END)
    item = page.items[0]
    assert json.loads(item.raw) == item.data
    post = video_to_post(item, collected_at=datetime(2024, 10, 1, tzinfo=UTC))
    assert post.extra_text.startswith("transkrip ")
    assert (
        post.permalink == f"https://www.tiktok.com/@{post.author_handle}/video/{post.external_id}"
    )


def test_short_and_empty_pages_do_not_end_the_listing(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    first, second, _ = client.iter_videos(QUERY, START, END)
    fake.hidden_ids = set(_ids([first])[:2])  # deleted since: a short first page
    assert [len(p.items) for p in client.iter_videos(QUERY, START, END)] == [98, 100, 30]
    # A whole page of deleted videos: an empty page that still has more.
    fake.hidden_ids = set(_ids([second]))
    pages = list(client.iter_videos(QUERY, START, END))
    assert [len(p.items) for p in pages] == [100, 0, 30]
    assert pages[1].has_more
    assert sorted(_ids(pages)) == sorted(_matching(fake.hidden_ids))


@pytest.mark.parametrize("inclusive", [False, True])
def test_windows_cover_a_long_range_whatever_end_date_means(
    fake: FakeTikTok, client: TikTokClient, inclusive: bool
) -> None:
    fake.end_date_inclusive = inclusive
    base = datetime(2024, 6, 1, tzinfo=UTC)
    fake.videos = [
        make_video(
            FIRST_ID + day,
            username="akun",
            created=base + timedelta(days=day, hours=23),
            description="pemilu",
        )
        for day in range(75)
    ]
    seen = Counter(
        video_id
        for start, end in date_windows(base.date(), base.date() + timedelta(days=75))
        for video_id in _ids(client.iter_videos(QUERY, start, end))
    )
    assert set(seen) == {FIRST_ID + day for day in range(75)}
    # Shared boundary days come back twice only when the API includes end_date.
    assert max(seen.values()) == (2 if inclusive else 1)


def test_custom_conditions_reach_the_api(fake: FakeTikTok, client: TikTokClient) -> None:
    base = datetime(2024, 9, 1, tzinfo=UTC)
    fake.videos = [
        make_video(i, username="a", created=base + timedelta(days=day), description="pemilu")
        | {"video_duration": seconds}
        for i, day, seconds in [(1, 0, 10), (2, 3, 40), (3, 5, 40)]
    ]
    query = build_query(keywords=["pemilu"])
    query["and"].append(
        {"operation": "LTE", "field_name": "create_date", "field_values": ["20240904"]}
    )
    query["not"] = [{"operation": "EQ", "field_name": "video_length", "field_values": ["SHORT"]}]
    assert _ids([client.query_videos(query, START, END)]) == [2]


def test_resumes_from_a_saved_cursor_and_search_id(client: TikTokClient) -> None:
    first = next(client.iter_videos(QUERY, START, END))
    rest = list(
        client.iter_videos(QUERY, START, END, cursor=first.cursor, search_id=first.search_id)
    )
    assert sorted(_ids([first, *rest])) == sorted(_matching())


# --- tokens ---------------------------------------------------------------------------------


def test_token_is_reused_then_renewed_before_it_expires(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    fake.token_ttl = 600
    client.query_videos(QUERY, START, END)
    fake.clock.advance(seconds=250)
    client.query_videos(QUERY, START, END)
    assert fake.tokens_issued == 1
    # Past half its life (at most 5 minutes before the end), the token is replaced unasked.
    fake.clock.advance(seconds=100)
    client.query_videos(QUERY, START, END)
    assert fake.tokens_issued == 2
    assert 401 not in _statuses(fake)


def test_token_rejected_by_the_server_is_renewed_and_the_request_sent_again(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    client.query_videos(QUERY, START, END)
    fake.revoke_tokens()
    page = client.query_videos(QUERY, START, END)
    assert len(page.items) == 100
    assert fake.tokens_issued == 2
    assert _statuses(fake) == [200, 401, 200]


def test_token_rejected_again_after_renewal_is_raised(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    fake.token_ttl = 0  # every token is dead on arrival
    with pytest.raises(InvalidToken) as caught:
        client.query_videos(QUERY, START, END)
    assert caught.value.code == "access_token_invalid"
    assert _statuses(fake) == [401, 401]


def test_wrong_credentials_raise_auth_failed(fake: FakeTikTok) -> None:
    with (
        TikTokClient(
            client_key=fake.client_key, client_secret="wrong", base_url=fake.base_url
        ) as c,
        pytest.raises(AuthFailed) as caught,
    ):
        c.query_videos(QUERY, START, END)
    assert caught.value.code == "invalid_client"
    assert fake.calls == []


# --- the spec's failures --------------------------------------------------------------------


def test_search_id_invalid_is_retried_after_five_seconds(
    fake: FakeTikTok, client: TikTokClient, sleeps: list[float]
) -> None:
    fake.failures.search_id_invalid = 2
    ids = _ids(client.iter_videos(QUERY, START, END))
    assert sorted(ids) == sorted(_matching())
    assert sleeps == [SEARCH_ID_WAIT, SEARCH_ID_WAIT]
    assert _statuses(fake) == [200, 400, 400, 200, 200]


def test_search_id_invalid_gives_up_after_five_retries(
    fake: FakeTikTok, client: TikTokClient, sleeps: list[float]
) -> None:
    fake.failures.search_id_invalid = SEARCH_ID_RETRIES + 1
    pages = client.iter_videos(QUERY, START, END)
    assert len(next(pages).items) == 100
    with pytest.raises(SearchIdInvalid, match="is invalid or expired"):
        next(pages)
    assert sleeps == [SEARCH_ID_WAIT] * SEARCH_ID_RETRIES
    assert client.usage.requests == 1 + SEARCH_ID_RETRIES + 1


def test_rate_limit_surfaces_with_the_platforms_wait(
    fake: FakeTikTok, client: TikTokClient, sleeps: list[float]
) -> None:
    pages = client.iter_videos(QUERY, START, END)
    first = next(pages)
    fake.failures.throttle, fake.failures.throttle_retry_after = 1, 42
    with pytest.raises(RateLimited) as caught:
        next(pages)
    assert not isinstance(caught.value, QuotaExceeded)
    assert caught.value.retry_after == 42
    assert sleeps == []  # waiting is the caller's decision
    # The caller resumes from the last page it kept.
    rest = list(
        client.iter_videos(QUERY, START, END, cursor=first.cursor, search_id=first.search_id)
    )
    assert sorted(_ids([first, *rest])) == sorted(_matching())


def test_spent_request_quota_surfaces_until_midnight_utc(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    fake.requests_per_day = 2
    fake.clock.now = datetime(2024, 10, 1, 22, tzinfo=UTC)
    pages = client.iter_videos(QUERY, START, END)
    next(pages), next(pages)
    with pytest.raises(QuotaExceeded) as caught:
        next(pages)
    assert caught.value.resets_at == datetime(2024, 10, 2, tzinfo=UTC)
    assert caught.value.retry_after == 2 * 3600
    assert client.usage.requests == 3 and fake.requests_today == 2
    fake.clock.advance(hours=2)
    assert len(client.query_videos(QUERY, START, END).items) == 100


def test_spent_record_quota_surfaces(fake: FakeTikTok, client: TikTokClient) -> None:
    fake.records_per_day = 150
    pages = client.iter_videos(QUERY, START, END)
    next(pages), next(pages)
    with pytest.raises(QuotaExceeded):
        next(pages)
    assert client.usage.records == 200


def test_server_error_surfaces_and_still_counts(fake: FakeTikTok, client: TikTokClient) -> None:
    fake.failures.server_error = 1
    with pytest.raises(ServerError) as caught:
        client.query_videos(QUERY, START, END)
    assert (caught.value.status, caught.value.code) == (500, "internal_error")
    assert client.usage.requests == fake.requests_today == 1
    assert client.usage.records == 0


def test_unreachable_server_is_a_server_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = f"http://127.0.0.1:{port}"
    with (
        TikTokClient(client_key="k", client_secret="s", base_url=unreachable) as c,
        pytest.raises(ServerError, match="/v2/oauth/token/: ConnectError"),
    ):
        c.query_videos(QUERY, START, END)


def test_paging_refuses_a_cursor_that_does_not_move() -> None:
    sent: list[int | None] = []

    def fetch(cursor: int | None, search_id: str | None) -> Page:
        sent.append(cursor)
        return Page(items=(), cursor=100, has_more=True, search_id="1")

    pages = paginate(fetch, sleep=lambda _: None)
    next(pages), next(pages)
    with pytest.raises(ServerError, match="did not advance from 100"):
        next(pages)
    assert sent == [None, 100]


# --- comments and user activity -------------------------------------------------------------


def test_comments_page_through_and_map_to_their_video(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    created = datetime(2024, 9, 2, tzinfo=UTC)
    fake.comments = [
        make_comment(
            7700000000000000000 + i, video_id=FIRST_ID, text=f"komentar {i}", created=created
        )
        for i in range(150)
    ] + [make_comment(7800000000000000000, video_id=FIRST_ID + 1, text="lain", created=created)]
    pages = list(client.iter_comments(str(FIRST_ID)))
    assert [len(p.items) for p in pages] == [100, 50]
    posts = [comment_to_post(i, collected_at=created) for p in pages for i in p.items]
    assert len({p.external_id for p in posts}) == 150
    assert {p.parent_external_id for p in posts} == {str(FIRST_ID)}
    assert fake.calls[0].body == {"video_id": FIRST_ID, "max_count": 100}


def test_liked_reposted_and_pinned_videos(fake: FakeTikTok, client: TikTokClient) -> None:
    videos = _videos()
    fake.user_videos = {
        "pns_sri": {"liked": videos[:130], "reposted": videos[130:133], "pinned": videos[133:135]}
    }
    liked = list(client.iter_user_videos("liked", "@PNS_Sri"))
    assert [len(p.items) for p in liked] == [100, 30]
    assert [len(p.items) for p in client.iter_user_videos("reposted", "pns_sri")] == [3]
    assert len(client.user_reposted("pns_sri").items) == 3
    assert len(client.user_liked("pns_sri").items) == 100
    pinned = client.user_pinned("pns_sri")
    assert (len(pinned.items), pinned.has_more, pinned.cursor) == (2, False, None)
    acts = [
        activity_from_item(item, action="liked", actor_handle="pns_sri", collected_at=fake.clock())
        for item in _items(liked)
    ]
    assert {a.actor_handle for a in acts} == {"pns_sri"}
    assert acts[0].post.author_handle == "akun_0"
    # These endpoints have no transcript; the fake refuses fields they do not document.
    assert all("voice_to_text" not in (c.fields or "") for c in fake.calls)
    assert all(c.status == 200 for c in fake.calls)


def test_unknown_user_has_no_videos(client: TikTokClient) -> None:
    page = client.user_liked("tidak_ada")
    assert (page.items, page.has_more) == ((), False)


# --- the fake is as strict as the spec ------------------------------------------------------


def _raw_query(fake: FakeTikTok, body: dict, fields: str = "id") -> TikTokError:
    credentials = {"client_key": fake.client_key, "client_secret": fake.client_secret}
    token = httpx.post(
        f"{fake.base_url}/v2/oauth/token/", data=credentials | {"grant_type": "client_credentials"}
    ).json()["access_token"]
    response = httpx.post(
        f"{fake.base_url}/v2/research/video/query/?fields={fields}",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )
    return classify_error(response.status_code, response.content, now=fake.clock())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_date": "2024-09-01"}, "YYYYMMDD"),
        ({"end_date": "20241002"}, "30 days"),
        ({"end_date": "20240831"}, "30 days"),
        ({"max_count": 101}, "Invalid count or cursor"),
        ({"query": {"and": []}}, "non-empty"),
        (
            {"query": {"or": [{"field_name": "title", "operation": "EQ", "field_values": ["x"]}]}},
            "Invalid query condition",
        ),
    ],
)
def test_fake_refuses_what_the_api_refuses(fake: FakeTikTok, change: dict, message: str) -> None:
    body = {"query": QUERY, "start_date": "20240901", "end_date": "20241001"} | change
    error = _raw_query(fake, body)
    assert isinstance(error, BadRequest) and not isinstance(error, SearchIdInvalid)
    assert message in error.message


def test_fake_refuses_unknown_fields_and_foreign_search_ids(
    fake: FakeTikTok, client: TikTokClient
) -> None:
    body = {"query": QUERY, "start_date": "20240901", "end_date": "20241001"}
    assert "Invalid fields: title" in _raw_query(fake, body, fields="id,title").message
    search_id = client.query_videos(QUERY, START, END).search_id
    other = body | {"end_date": "20240930", "search_id": search_id, "cursor": 100}
    assert "resend the query" in _raw_query(fake, other).message
    assert isinstance(_raw_query(fake, body | {"search_id": "1"}), SearchIdInvalid)
