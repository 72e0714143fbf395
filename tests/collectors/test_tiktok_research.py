from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from collectors.tiktok_errors import (
    AuthFailed,
    BadRequest,
    InvalidToken,
    NotAuthorized,
    QuotaExceeded,
    RateLimited,
    SearchIdInvalid,
    ServerError,
    TikTokError,
    classify_error,
    next_quota_reset,
)
from collectors.tiktok_research import (
    COLLECTOR,
    COLLECTOR_VERSION,
    MAX_WINDOW,
    BadItem,
    Item,
    activity_from_item,
    build_query,
    comment_to_post,
    comments_body,
    date_windows,
    parse_page,
    parse_token,
    user_videos_body,
    video_query_body,
    video_to_post,
)

NOW = datetime(2024, 9, 15, 4, 19, 3, tzinfo=UTC)
COLLECTED = datetime(2024, 9, 15, 4, 20, tzinfo=UTC)

# The spec's response, laid out as it shows it, with its "…" filled in.
SPEC_VIDEO_PAGE = b"""{"data":{"videos":[{"id":7311111111111111111,"create_time":1704100000,\
"username":"akun_a",
   "region_code":"ID","video_description":"Dukung Pak Budi! #pemilu #Coblos02",\
"hashtag_names":["pemilu"],
   "like_count":12,"comment_count":3,"share_count":1,"view_count":400,\
"music_id":7000000000000000000,
   "voice_to_text":"jangan lupa coblos nomor dua"}],
  "cursor":100,"has_more":true,"search_id":"7201388525814961198"},
 "error":{"code":"ok","message":"","log_id":"20240915041903"}}"""

SPEC_COMMENT = {
    "id": 7312222222222222222,
    "video_id": 7311111111111111111,
    "text": "Setuju @akun_a, #pemilu damai",
    "like_count": 4,
    "reply_count": 1,
    "parent_comment_id": 7311111111111111111,
    "create_time": 1704103600,
}


def _item(data: Any) -> Item:
    return Item.parse(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _spec_video() -> Item:
    return parse_page(200, SPEC_VIDEO_PAGE, "videos", now=NOW).items[0]


def _envelope(code: str, message: str = "", **data: Any) -> bytes:
    error = {"code": code, "message": message, "log_id": "20240915041903"}
    return json.dumps({"data": data, "error": error}).encode()


# --- query building -------------------------------------------------------------------------


def test_query_is_indonesia_and_any_term() -> None:
    query = build_query(
        keywords=[" Prabowo ", "ganti presiden", "prabowo", ""],
        hashtags=["#Pemilu2024", "pemilu2024", "#"],
        usernames=["@Akun_A", "akun_b"],
    )
    assert query == {
        "and": [{"operation": "IN", "field_name": "region_code", "field_values": ["ID"]}],
        "or": [
            {
                "operation": "IN",
                "field_name": "keyword",
                "field_values": ["Prabowo", "ganti presiden"],
            },
            {"operation": "IN", "field_name": "hashtag_name", "field_values": ["pemilu2024"]},
            {"operation": "IN", "field_name": "username", "field_values": ["akun_a", "akun_b"]},
        ],
    }


def test_query_leaves_out_empty_term_lists() -> None:
    query = build_query(hashtags=["pilkada"])
    assert [c["field_name"] for c in query["or"]] == ["hashtag_name"]


def test_query_without_terms_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one keyword"):
        build_query(keywords=[" "], hashtags=["#"])


def test_date_windows_split_at_30_days_and_share_boundaries() -> None:
    windows = date_windows(date(2024, 1, 1), date(2024, 3, 16))
    assert windows == [
        (date(2024, 1, 1), date(2024, 1, 31)),
        (date(2024, 1, 31), date(2024, 3, 1)),
        (date(2024, 3, 1), date(2024, 3, 16)),
    ]
    assert all(end - start <= MAX_WINDOW for start, end in windows)


@pytest.mark.parametrize("days", [1, 29, 30])
def test_date_range_of_at_most_30_days_is_one_window(days: int) -> None:
    start = date(2024, 2, 10)
    assert date_windows(start, start + timedelta(days=days)) == [
        (start, start + timedelta(days=days))
    ]


def test_date_range_of_31_days_is_two_windows() -> None:
    assert len(date_windows(date(2024, 1, 1), date(2024, 2, 1))) == 2


@pytest.mark.parametrize("end", [date(2024, 1, 1), date(2023, 12, 31)])
def test_empty_date_range_is_refused(end: date) -> None:
    with pytest.raises(ValueError, match="empty date range"):
        date_windows(date(2024, 1, 1), end)


def test_first_video_page_body() -> None:
    query = build_query(keywords=["banjir"])
    body = video_query_body(query, date(2024, 1, 1), date(2024, 1, 30))
    assert body == {
        "query": query,
        "start_date": "20240101",
        "end_date": "20240130",
        "max_count": 100,
    }


def test_later_video_page_body_resends_query_with_cursor_and_search_id() -> None:
    query = build_query(keywords=["banjir"])
    body = video_query_body(
        query, date(2024, 1, 1), date(2024, 1, 30), cursor=100, search_id="7201388525814961198"
    )
    assert body["cursor"] == 100
    assert body["search_id"] == "7201388525814961198"
    assert (body["start_date"], body["end_date"]) == ("20240101", "20240130")


@pytest.mark.parametrize(
    ("start", "end", "max_count", "message"),
    [
        (date(2024, 1, 1), date(2024, 2, 1), 100, "at most 30 days"),
        (date(2024, 1, 2), date(2024, 1, 1), 100, "at most 30 days"),
        (date(2024, 1, 1), date(2024, 1, 2), 101, "max_count"),
        (date(2024, 1, 1), date(2024, 1, 2), 0, "max_count"),
    ],
)
def test_video_page_body_respects_the_api_limits(
    start: date, end: date, max_count: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        video_query_body(build_query(keywords=["x"]), start, end, max_count=max_count)


def test_comments_body_sends_the_video_id_as_a_number() -> None:
    assert comments_body("7311111111111111111") == {
        "video_id": 7311111111111111111,
        "max_count": 100,
    }
    assert comments_body("1", cursor=100)["cursor"] == 100


def test_user_videos_bodies() -> None:
    assert user_videos_body("liked", "@Akun_A", cursor=1704100000) == {
        "username": "akun_a",
        "max_count": 100,
        "cursor": 1704100000,
    }
    assert user_videos_body("reposted", "akun_a") == {"username": "akun_a", "max_count": 100}
    # TikTok's own client sends the pinned endpoint a username and nothing else.
    assert user_videos_body("pinned", "akun_a") == {"username": "akun_a"}
    with pytest.raises(ValueError, match="one page"):
        user_videos_body("pinned", "akun_a", cursor=5)


# --- responses ------------------------------------------------------------------------------


def test_spec_page_parses_with_cursor_and_search_id() -> None:
    page = parse_page(200, SPEC_VIDEO_PAGE, "videos", now=NOW)
    assert (page.cursor, page.has_more, page.search_id) == (100, True, "7201388525814961198")
    assert len(page.items) == 1
    assert page.items[0].data["username"] == "akun_a"


def test_item_raw_is_its_exact_bytes_in_the_answer() -> None:
    page = parse_page(200, SPEC_VIDEO_PAGE, "videos", now=NOW)
    start = SPEC_VIDEO_PAGE.index(b'{"id"')
    end = SPEC_VIDEO_PAGE.index(b"}],") + 1
    assert page.items[0].raw == SPEC_VIDEO_PAGE[start:end]


def test_item_spans_survive_tricky_strings_and_unicode() -> None:
    body = (
        '{ "error" : {"code":"ok"} , "data" : { "cursor" : "2", "comments" : [ '
        '{"id": 1, "text": "kurung ] dan koma , dan \\"kutip\\" }"} ,\n'
        '\t{"id": 2, "text": "Rp 😀 ✓", "nested": [[1, {"a": "]"}]]}\r\n'
        '], "has_more": false, "comments": [] } }'
    ).encode()
    # json keeps the last of two same-named members; so does the walker.
    assert parse_page(200, body, "comments", now=NOW).items == ()
    first_only = body.replace(b'"comments": []', b'"other": []')
    page = parse_page(200, first_only, "comments", now=NOW)
    assert page.cursor == 2 and page.has_more is False
    assert [item.data["id"] for item in page.items] == [1, 2]
    for item in page.items:
        assert item.raw in first_only
        assert json.loads(item.raw) == item.data
    assert page.items[1].raw.decode("utf-8").startswith('{"id": 2, "text": "Rp 😀 ✓"')


def test_byte_order_mark_does_not_hide_the_items() -> None:
    page = parse_page(200, b"\xef\xbb\xbf" + SPEC_VIDEO_PAGE, "videos", now=NOW)
    assert page.items[0].raw == _spec_video().raw


def test_answer_that_is_not_utf8_is_a_server_error() -> None:
    with pytest.raises(ServerError):
        parse_page(200, SPEC_VIDEO_PAGE.replace(b"Budi", b"B\xffdi"), "videos", now=NOW)


def test_page_without_its_array_is_empty() -> None:
    page = parse_page(200, _envelope("ok", cursor=0, has_more=False), "videos", now=NOW)
    assert page.items == ()
    assert page.search_id is None


def test_answer_without_data_is_a_server_error() -> None:
    with pytest.raises(ServerError, match="no 'data'"):
        parse_page(200, b'{"error":{"code":"ok"}}', "videos", now=NOW)


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "code", "message", "expected"),
    [
        (401, "access_token_invalid", "The access token is invalid", InvalidToken),
        (401, "scope_not_authorized", "", NotAuthorized),
        (401, "scope_permission_missed", "", NotAuthorized),
        (429, "rate_limit_exceeded", "Too many requests", RateLimited),
        (
            400,
            "invalid_params",
            "Search Id 7201388525814961198 is invalid or expired",
            SearchIdInvalid,
        ),
        (400, "invalid_params", "search_id 1 is invalid or expired", SearchIdInvalid),
        (400, "invalid_params", "Invalid count or cursor", BadRequest),
        (500, "internal_error", "Something went wrong", ServerError),
        # The code decides even when the status disagrees.
        (200, "invalid_params", "Invalid fields", BadRequest),
        (403, "something_new", "?", TikTokError),
    ],
)
def test_error_codes_become_typed_errors(
    status: int, code: str, message: str, expected: type[TikTokError]
) -> None:
    body = _envelope(code, message)
    error = classify_error(status, body, now=NOW)
    assert type(error) is expected
    assert (error.code, error.status, error.log_id) == (code, status, "20240915041903")
    assert error.message == (message or code)
    with pytest.raises(expected):
        parse_page(status, body, "videos", now=NOW)


def test_search_id_invalid_is_a_bad_request_for_callers_that_gave_up_retrying() -> None:
    assert issubclass(SearchIdInvalid, BadRequest)


@pytest.mark.parametrize(
    ("status", "expected"), [(502, ServerError), (429, RateLimited), (400, BadRequest)]
)
def test_answers_without_an_envelope_fall_back_to_the_status(
    status: int, expected: type[TikTokError]
) -> None:
    error = classify_error(status, b"<html>Bad Gateway</html>", now=NOW)
    assert type(error) is expected
    assert error.code is None
    assert error.message == f"HTTP {status}"


def test_rate_limit_without_retry_after_has_no_wait() -> None:
    error = classify_error(429, _envelope("rate_limit_exceeded", "slow down"), now=NOW)
    assert isinstance(error, RateLimited) and not isinstance(error, QuotaExceeded)
    assert error.retry_after is None


@pytest.mark.parametrize(
    ("header", "wait"),
    [
        ("30", 30.0),
        ("Sun, 15 Sep 2024 04:20:03 GMT", 60.0),
        ("Sun, 15 Sep 2024 04:00:00 GMT", 0.0),
        ("Sun, 15 Sep 2024 04:19:13 -0000", 10.0),
        ("soon", None),
    ],
)
def test_rate_limit_keeps_the_platforms_wait(header: str, wait: float | None) -> None:
    error = classify_error(
        429, _envelope("rate_limit_exceeded", "slow down"), now=NOW, headers={"retry-after": header}
    )
    assert isinstance(error, RateLimited)
    assert error.retry_after == wait


def test_spent_daily_quota_waits_until_midnight_utc() -> None:
    error = classify_error(429, _envelope("rate_limit_exceeded", "Daily Quota exceeded"), now=NOW)
    assert isinstance(error, QuotaExceeded)
    assert error.resets_at == datetime(2024, 9, 16, tzinfo=UTC)
    assert error.retry_after == (datetime(2024, 9, 16, tzinfo=UTC) - NOW).total_seconds()


def test_quota_resets_at_midnight_utc_not_local_midnight() -> None:
    jakarta = timezone(timedelta(hours=7))
    # 05:00 in Jakarta on 1 October is still 30 September in UTC.
    assert next_quota_reset(datetime(2024, 10, 1, 5, tzinfo=jakarta)) == datetime(
        2024, 10, 1, tzinfo=UTC
    )
    assert next_quota_reset(datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC)) == datetime(
        2025, 1, 1, tzinfo=UTC
    )


def test_token_answer() -> None:
    body = b'{"access_token":"clt.example","expires_in":7200,"token_type":"Bearer"}'
    token = parse_token(200, body, now=NOW)
    assert token.access_token == "clt.example"
    assert token.expires_at == NOW + timedelta(hours=2)


def test_token_refusal_uses_the_flat_error() -> None:
    body = b'{"error":"invalid_client","error_description":"Client key is wrong","log_id":"1"}'
    with pytest.raises(AuthFailed) as caught:
        parse_token(401, body, now=NOW)
    assert (caught.value.code, caught.value.message, caught.value.log_id) == (
        "invalid_client",
        "Client key is wrong",
        "1",
    )


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (500, b"", ServerError),
        (429, b"", RateLimited),
        (200, b'{"token_type":"Bearer"}', AuthFailed),
        (200, b'{"access_token":"clt.x"}', AuthFailed),
    ],
)
def test_token_failures(status: int, body: bytes, expected: type[TikTokError]) -> None:
    with pytest.raises(expected):
        parse_token(status, body, now=NOW)


# --- videos ---------------------------------------------------------------------------------


def test_spec_video_to_post() -> None:
    item = _spec_video()
    post = video_to_post(item, collected_at=COLLECTED)
    assert (post.platform, post.kind) == ("tiktok", "post")
    assert post.external_id == "7311111111111111111"
    assert post.permalink == "https://www.tiktok.com/@akun_a/video/7311111111111111111"
    assert post.author_handle == "akun_a"
    assert post.author_name is None and post.author_external_id is None
    assert post.text == "Dukung Pak Budi! #pemilu #Coblos02"
    assert post.extra_text == "jangan lupa coblos nomor dua"
    # hashtag_names first, then the caption; #pemilu is not repeated.
    assert post.hashtags == ("pemilu", "Coblos02")
    assert post.metrics == {"views": 400, "likes": 12, "comments": 3, "shares": 1}
    assert post.created_at == datetime(2024, 1, 1, 9, 6, 40, tzinfo=UTC)
    assert post.collected_at == COLLECTED
    assert post.parent_external_id is None
    assert (post.collector, post.collector_version) == (COLLECTOR, COLLECTOR_VERSION)
    assert post.collector == "tiktok_research"
    assert post.raw == item.raw
    assert post.raw_sha256 == hashlib.sha256(item.raw).hexdigest()


@pytest.mark.parametrize("spelling", ["favorites_count", "favourites_count"])
def test_both_spellings_of_favorites(spelling: str) -> None:
    post = video_to_post(_item({"id": 1, spelling: 9}), collected_at=COLLECTED)
    assert post.metrics == {"favorites": 9}


def test_minimal_video() -> None:
    post = video_to_post(_item({"id": "7311111111111111111"}), collected_at=COLLECTED)
    assert post.external_id == "7311111111111111111"
    assert post.permalink == "https://www.tiktok.com/@/video/7311111111111111111"
    assert (post.text, post.extra_text, post.metrics, post.created_at) == ("", "", {}, None)
    assert post.author_handle is None


def test_mentions_from_the_mention_list_and_the_caption() -> None:
    post = video_to_post(
        _item(
            {
                "id": 1,
                "video_description": "Bareng @Jaka.Permana. dan pak@kantor.go.id",
                "video_mention_list": ["@Sri_Wahyu", "jaka.permana"],
            }
        ),
        collected_at=COLLECTED,
    )
    assert post.mentions == ("sri_wahyu", "jaka.permana")


def test_counts_that_are_not_counts_are_left_out() -> None:
    post = video_to_post(
        _item({"id": 1, "view_count": -1, "like_count": "12", "share_count": True}),
        collected_at=COLLECTED,
    )
    assert post.metrics == {"likes": 12}


def test_nul_is_dropped_from_text_but_kept_in_raw() -> None:
    item = _item({"id": 1, "video_description": "a\u0000b"})
    assert video_to_post(item, collected_at=COLLECTED).text == "ab"
    assert b"\\u0000" in item.raw


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"video_description": "x"}, "id is not an id"),
        ({"id": "abc"}, "id is not an id"),
        ({"id": True}, "id is not an id"),
        ({"id": 1, "video_description": 5}, "video_description is not a string"),
        ({"id": 1, "voice_to_text": ["x"]}, "voice_to_text is not a string"),
        ({"id": 1, "create_time": 1704100000000}, "create_time"),
        ({"id": 1, "create_time": "yesterday"}, "create_time"),
        ({"id": 1, "video_description": "x" * 20_001}, "over 20,000"),
    ],
)
def test_broken_videos_raise_bad_item(data: dict[str, Any], message: str) -> None:
    with pytest.raises(BadItem, match=message):
        video_to_post(_item(data), collected_at=COLLECTED)


def test_item_that_is_not_an_object() -> None:
    with pytest.raises(BadItem, match="not a JSON object"):
        video_to_post(Item.parse(b"[1, 2]"), collected_at=COLLECTED)


# --- comments -------------------------------------------------------------------------------


def test_spec_comment_to_post() -> None:
    item = _item(SPEC_COMMENT)
    post = comment_to_post(item, collected_at=COLLECTED)
    assert (post.platform, post.kind) == ("tiktok", "comment")
    assert post.external_id == "7312222222222222222"
    assert post.parent_external_id == "7311111111111111111"
    assert post.permalink == "https://www.tiktok.com/@/video/7311111111111111111"
    assert post.text == "Setuju @akun_a, #pemilu damai"
    assert post.mentions == ("akun_a",)
    assert post.hashtags == ("pemilu",)
    assert post.metrics == {"likes": 4, "replies": 1}
    assert post.created_at == datetime(2024, 1, 1, 10, 6, 40, tzinfo=UTC)
    # The research comment object names no author.
    assert post.author_handle is None
    assert post.raw == item.raw


def test_reply_belongs_to_the_video_and_keeps_its_thread_in_raw() -> None:
    reply = SPEC_COMMENT | {"id": 7313333333333333333, "parent_comment_id": 7312222222222222222}
    post = comment_to_post(_item(reply), collected_at=COLLECTED)
    assert post.parent_external_id == "7311111111111111111"
    assert json.loads(post.raw)["parent_comment_id"] == 7312222222222222222


def test_comment_without_its_video_is_a_bad_item() -> None:
    with pytest.raises(BadItem, match="video_id"):
        comment_to_post(_item({"id": 1, "text": "x"}), collected_at=COLLECTED)


# --- liked, reposted, pinned ----------------------------------------------------------------


def test_liked_video_is_the_creators_post_with_the_watched_account_as_actor() -> None:
    activity = activity_from_item(
        _spec_video(), action="liked", actor_handle="@Sri.Wahyu", collected_at=COLLECTED
    )
    assert (activity.action, activity.actor_handle) == ("liked", "sri.wahyu")
    # The post is the video as its creator posted it, so matching and storage treat it as one.
    assert activity.post == video_to_post(_spec_video(), collected_at=COLLECTED)
    assert activity.post.author_handle == "akun_a"


def test_one_video_liked_by_two_accounts_is_one_post_and_two_acts() -> None:
    acts = [
        activity_from_item(_spec_video(), action=action, actor_handle=actor, collected_at=COLLECTED)
        for action, actor in [("liked", "pns_a"), ("reposted", "pns_b")]
    ]
    assert {(a.action, a.actor_handle) for a in acts} == {("liked", "pns_a"), ("reposted", "pns_b")}
    assert len({(a.post.platform, a.post.external_id) for a in acts}) == 1


def test_activity_needs_an_actor() -> None:
    with pytest.raises(ValueError, match="actor_handle"):
        activity_from_item(_spec_video(), action="pinned", actor_handle=" @ ", collected_at=NOW)
