from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest

from collectors.instagram_client import InstagramClient
from collectors.instagram_errors import (
    HashtagBudgetExhausted,
    NotFound,
    ServerError,
    Throttled,
    TokenExpired,
    TokenInvalid,
)
from tests.fakes.instagram import FakeInstagram, hashtag_id_for, make_media
from tests.fakes.serving import Request, Response, serve


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram() as running:
        yield running


@pytest.fixture
def client(fake: FakeInstagram) -> Iterator[InstagramClient]:
    with _client(fake) as opened:
        yield opened


def _client(fake: FakeInstagram, **overrides: str) -> InstagramClient:
    options = {
        "base_url": fake.base_url,
        "access_token": fake.access_token,
        "ig_user_id": fake.user_id,
        **overrides,
    }
    return InstagramClient(**options, now=fake.clock)


def _media(first: int, count: int) -> list[dict[str, object]]:
    return [
        make_media(n, caption=f"Apel ASN ke-{n} #NetralitasASN")
        for n in range(first, first + count)
    ]


def _media_calls(fake: FakeInstagram, suffix: str) -> list[dict[str, str]]:
    return [c.query for c in fake.calls if c.path.endswith(suffix)]


# --- hashtags ------------------------------------------------------------------------------


def test_hashtag_lookup_reports_the_search_for_the_ledger(
    fake: FakeInstagram, client: InstagramClient
) -> None:
    lookup = client.hashtag_id("#NetralitasASN")
    assert lookup.name == "NetralitasASN"
    assert lookup.hashtag_id == hashtag_id_for("netralitasasn")
    assert lookup.usage.app is not None
    assert list(fake.ledger[fake.user_id]) == [lookup.hashtag_id]
    assert fake.calls[-1].query["q"] == "NetralitasASN"


def test_recent_media_pages_through_every_item_exactly_once(
    fake: FakeInstagram, client: InstagramClient
) -> None:
    tag = fake.add_hashtag("netralitasasn", _media(1, 120))
    pages = list(client.iter_recent_media(tag))
    assert [len(p.posts) for p in pages] == [50, 50, 20]
    ids = [post.external_id for page in pages for post in page.posts]
    assert sorted(ids) == sorted(m["permalink"].split("/")[-2] for m in _media(1, 120))
    assert len(set(ids)) == 120
    # The same cursor on every page, and no request after the page without `next`.
    calls = _media_calls(fake, "/recent_media")
    assert len(calls) == 3
    assert calls[1]["after"] == calls[2]["after"]
    assert [p.after for p in pages] == [calls[1]["after"], calls[1]["after"], None]
    assert calls[0]["limit"] == "50" and "username" not in calls[0]["fields"]


def test_a_graph_that_repeats_its_page_ends_the_run() -> None:
    page = {
        "data": [make_media(n) for n in (1, 2)],
        "paging": {"cursors": {"after": "QVFIsame"}, "next": "https://graph.facebook.com/x"},
    }
    requests: list[Request] = []

    def answer(request: Request) -> Response:
        requests.append(request)
        return Response(200, json.dumps(page).encode())

    with (
        serve(answer) as base,
        InstagramClient(base_url=base, access_token="t", ig_user_id="1") as client,
    ):
        pages = list(client.iter_recent_media("17843857450040591"))
    assert [len(p.posts) for p in pages] == [2]
    assert len(requests) == 2


def test_hidden_likes_and_missing_media_urls(fake: FakeInstagram, client: InstagramClient) -> None:
    tag = fake.add_hashtag(
        "pilkadadamai",
        [
            make_media(1, likes=None, caption="suka disembunyikan"),
            make_media(2, media_type="VIDEO", licensed_audio=True, likes=7),
        ],
    )
    hidden, video = client.recent_media(tag).posts
    assert hidden.metrics == {"comments": 1}
    assert video.metrics == {"likes": 7, "comments": 1}


def test_only_the_last_24_hours_are_returned(fake: FakeInstagram, client: InstagramClient) -> None:
    tag = fake.add_hashtag("lama", _media(1, 3))
    fake.clock.advance(days=1)
    page = client.recent_media(tag)
    assert page.posts == () and page.after is None


# --- business discovery --------------------------------------------------------------------


def test_business_discovery_pages_with_nested_cursors(
    fake: FakeInstagram, client: InstagramClient
) -> None:
    fake.add_account("dinas_kominfo_bekasi", _media(500, 60))
    pages = list(client.iter_business_discovery("Dinas_Kominfo_Bekasi"))
    assert [len(p.posts) for p in pages] == [25, 25, 10]
    posts = [post for page in pages for post in page.posts]
    assert len({p.external_id for p in posts}) == 60
    assert {p.author_handle for p in posts} == {"dinas_kominfo_bekasi"}
    fields = [q["fields"] for q in _media_calls(fake, fake.user_id)]
    assert "media.after(" not in fields[0]
    assert f"media.after({pages[0].after}).limit(25)" in fields[1]


def test_business_discovery_resumes_from_a_saved_cursor(
    fake: FakeInstagram, client: InstagramClient
) -> None:
    fake.add_account("kecamatan_maju", _media(700, 60))
    saved = client.business_discovery("kecamatan_maju").after
    rest = list(client.iter_business_discovery("kecamatan_maju", after=saved))
    assert sum(len(p.posts) for p in rest) == 35


def test_unknown_account_is_not_found(client: InstagramClient) -> None:
    with pytest.raises(NotFound):
        client.business_discovery("tidak_ada")


def test_bad_username_never_reaches_graph(fake: FakeInstagram, client: InstagramClient) -> None:
    with pytest.raises(ValueError):
        client.business_discovery("x){media{id}}")
    with pytest.raises(ValueError):
        client.recent_media("../me")
    assert fake.calls == []


# --- budget, throttling, tokens ------------------------------------------------------------


def test_31st_unique_hashtag_in_7_days_exhausts_the_budget(
    fake: FakeInstagram, client: InstagramClient
) -> None:
    for n in range(30):
        client.hashtag_id(f"tag{n}")
        fake.clock.advance(minutes=1)
    client.hashtag_id("tag0")  # a repeat costs nothing
    with pytest.raises(HashtagBudgetExhausted) as caught:
        client.hashtag_id("tag30")
    assert caught.value.code == 24
    fake.clock.advance(days=7)  # tag0's week is over, so one slot is free again
    assert client.hashtag_id("tag30").hashtag_id == hashtag_id_for("tag30")


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80002])
def test_throttling_codes_carry_the_wait_the_headers_give(
    fake: FakeInstagram, client: InstagramClient, code: int
) -> None:
    fake.failures.throttle = 1
    fake.failures.throttle_code = code
    fake.failures.throttle_regain_minutes = 12
    with pytest.raises(Throttled) as caught:
        client.hashtag_id("netralitasasn")
    assert caught.value.code == code
    assert caught.value.wait == timedelta(minutes=12)
    assert client.hashtag_id("netralitasasn")  # the next call goes through


def test_usage_climbs_until_the_app_limit_throttles(fake: FakeInstagram) -> None:
    fake.app_calls_per_hour = 4
    tag = fake.add_hashtag("netralitasasn", _media(1, 3))
    with _client(fake) as client:
        seen = [client.recent_media(tag).usage.app for _ in range(4)]
        with pytest.raises(Throttled) as caught:
            client.recent_media(tag)
    assert [meter.call_count for meter in seen if meter] == [0, 25, 50, 75]
    assert caught.value.code == 4
    assert caught.value.usage.highest_percent == 100
    assert caught.value.wait == timedelta(minutes=15)  # no estimate: the default


def test_business_use_case_limit_says_when_access_returns(fake: FakeInstagram) -> None:
    fake.business_calls_per_day = 2
    tag = fake.add_hashtag("netralitasasn", _media(1, 3))
    with _client(fake) as client:
        client.recent_media(tag)
        fake.clock.advance(hours=1)
        client.recent_media(tag)
        with pytest.raises(Throttled) as caught:
            client.recent_media(tag)
    assert caught.value.code == 80002
    assert caught.value.wait == timedelta(hours=23)


def test_expired_and_invalid_tokens(fake: FakeInstagram, client: InstagramClient) -> None:
    fake.token_expires_at = fake.clock.now
    with pytest.raises(TokenExpired):
        client.hashtag_id("netralitasasn")
    with _client(fake, access_token="revoked") as wrong, pytest.raises(TokenInvalid) as caught:
        wrong.hashtag_id("netralitasasn")
    assert not isinstance(caught.value, TokenExpired)


def test_transient_graph_failure_is_retryable(fake: FakeInstagram, client: InstagramClient) -> None:
    fake.failures.server_error = 1
    with pytest.raises(ServerError) as caught:
        client.hashtag_id("netralitasasn")
    assert caught.value.retryable and caught.value.code == 2


def test_unreachable_graph_is_a_server_error_without_the_token() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        InstagramClient(
            base_url=f"http://127.0.0.1:{port}/v25.0", access_token="s3cret", ig_user_id="1"
        ) as client,
        pytest.raises(ServerError) as caught,
    ):
        client.hashtag_id("netralitasasn")
    assert "s3cret" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_the_token_never_reaches_the_logs(
    fake: FakeInstagram, client: InstagramClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="httpx"):
        client.hashtag_id("netralitasasn")
    assert "access_token=[hidden]" in caplog.text
    assert fake.access_token not in caplog.text
