from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from collectors.base import PostIn
from collectors.instagram_errors import (
    BLOCKED_WAIT,
    DEFAULT_THROTTLE_WAIT,
    BadRequest,
    GraphError,
    HashtagBudgetExhausted,
    NotFound,
    PermissionDenied,
    ServerError,
    Throttled,
    TokenExpired,
    TokenInvalid,
    classify_error,
    parse_usage,
)
from collectors.instagram_graph import (
    COLLECTOR,
    COLLECTOR_VERSION,
    business_discovery_fields,
    hashtag_query,
    media_to_post,
    parse_business_discovery,
    parse_hashtag_search,
    parse_recent_media,
)
from collectors.json_items import array_items
from collectors.zeeschuimer import parse_line

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "instagram"
COLLECTED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _recent() -> bytes:
    return (FIXTURES / "recent_media.json").read_bytes()


def _error(code: int, subcode: int | None = None, message: str = "boom") -> bytes:
    error: dict[str, object] = {"message": message, "type": "OAuthException", "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = "EJplcsCHuLu"
    return json.dumps({"error": error}).encode()


# --- hashtag media -------------------------------------------------------------------------


def test_recent_media_page_maps_each_item_and_names_the_bad_ones() -> None:
    page = parse_recent_media(_recent(), collected_at=COLLECTED)
    assert [p.external_id for p in page.posts] == ["ABC123", "DEF456", "GHI789"]
    assert page.after == "QVFIUjRtc"
    assert page.problems == (
        "item 3: no media id: null",
        'item 4: timestamp is not an ISO 8601 time with an offset: "kemarin sore"',
    )


def test_recent_media_post_fields() -> None:
    post = parse_recent_media(_recent(), collected_at=COLLECTED).posts[0]
    assert post.platform == "instagram"
    assert post.kind == "post"
    assert post.permalink == "https://www.instagram.com/p/ABC123/"
    assert post.author_handle is None  # username cannot be requested on hashtag edges
    assert post.text.startswith("Apel pagi bersama Pak Camat")
    # "#coblosno2" and "#CoblosNo2" are one tag; the first spelling wins.
    assert post.hashtags == ("NetralitasASN", "coblosno2")
    assert post.mentions == ("tim_paslon2",)
    assert post.metrics == {"likes": 12, "comments": 3}
    assert post.created_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert post.collected_at == COLLECTED
    assert (post.collector, post.collector_version) == (COLLECTOR, COLLECTOR_VERSION)


def test_raw_is_the_exact_bytes_of_the_item() -> None:
    body = _recent()
    post = parse_recent_media(body, collected_at=COLLECTED).posts[0]
    assert post.raw in body  # sliced from the page, not re-serialized
    assert post.raw.startswith(b'{"id":"17880997618081620"') and post.raw.endswith(
        b'"comments_count":3}'
    )
    assert json.loads(post.raw)["id"] == "17880997618081620"


def test_hidden_likes_are_absent_not_zero_and_reels_keep_their_shortcode() -> None:
    reel, carousel = parse_recent_media(_recent(), collected_at=COLLECTED).posts[1:]
    assert reel.metrics == {"comments": 0}
    assert reel.permalink == "https://www.instagram.com/reel/DEF456/"
    assert carousel.text == ""  # no caption
    assert carousel.hashtags == ()


def test_last_page_has_no_next_and_so_no_cursor() -> None:
    document = json.loads(_recent())
    del document["paging"]["next"]
    page = parse_recent_media(json.dumps(document).encode(), collected_at=COLLECTED)
    assert page.after is None
    assert len(page.posts) == 3


def test_shortcode_matches_the_zeeschuimer_id_and_tags() -> None:
    caption = "Salam dari kantor #KerjaNyata @Dinas.Kominfo, ikut #PilkadaDamai"
    graph = media_to_post(
        {"id": "1790", "caption": caption, "permalink": "https://www.instagram.com/p/Zx9/"},
        b"{}",
        collected_at=COLLECTED,
    )
    line = {
        "timestamp_collected": 1714564800000,
        "source_platform": "instagram.com",
        "data": {"code": "Zx9", "caption": {"text": caption}, "taken_at": 1714550400},
    }
    captured = parse_line(json.dumps(line).encode(), source="x.ndjson", line=1)
    assert isinstance(captured, PostIn)
    assert (graph.external_id, graph.permalink) == (captured.external_id, captured.permalink)
    assert (graph.hashtags, graph.mentions) == (captured.hashtags, captured.mentions)


def test_foreign_permalink_is_dropped_and_the_media_id_used() -> None:
    post = media_to_post(
        {"id": "17880997618081699", "permalink": "javascript:alert(1)", "caption": "x"},
        b"{}",
        collected_at=COLLECTED,
    )
    assert post.external_id == "17880997618081699"
    assert post.permalink is None


@pytest.mark.parametrize(
    "body",
    [b"<html>502 Bad Gateway</html>", b"[1, 2]", b'{"paging": {}}', b"\xff\xfe{}"],
)
def test_unreadable_pages_are_server_errors(body: bytes) -> None:
    with pytest.raises(ServerError):
        parse_recent_media(body, collected_at=COLLECTED)


# --- business discovery --------------------------------------------------------------------


def test_business_discovery_page() -> None:
    body = (FIXTURES / "business_discovery.json").read_bytes()
    page = parse_business_discovery(body, username="@Dinas_Kominfo", collected_at=COLLECTED)
    first, second = page.posts
    assert page.after == "QVFIUmFmdGVy"
    assert page.problems == ()
    assert first.external_id == "Bq1xYz"
    assert first.author_handle == "dinas_kominfo"
    assert first.mentions == ("calon.bupati_01",)
    assert first.hashtags == ("PilkadaDamai",)
    assert first.metrics == {"likes": 240, "comments": 18}
    assert first.raw in body
    assert second.text == ""  # "caption": null


def test_business_discovery_without_media_is_an_empty_last_page() -> None:
    body = b'{"business_discovery":{"id":"17841401441775531"},"id":"17841405309211844"}'
    page = parse_business_discovery(body, username="sepi", collected_at=COLLECTED)
    assert page.posts == () and page.after is None


def test_business_discovery_fields_nest_the_cursor() -> None:
    media = "id,caption,media_type,permalink,timestamp,like_count,comments_count"
    assert business_discovery_fields("bluebottle") == (
        f"business_discovery.username(bluebottle){{media.limit(25){{{media}}}}}"
    )
    assert business_discovery_fields("@bluebottle", "QVFI-x_y=") == (
        f"business_discovery.username(bluebottle){{media.after(QVFI-x_y=).limit(25){{{media}}}}}"
    )


@pytest.mark.parametrize(
    ("username", "after"),
    [("a){followers_count", None), ("", None), ("x" * 31, None), ("ok", "c){id}")],
)
def test_business_discovery_fields_refuse_to_alter_the_query(
    username: str, after: str | None
) -> None:
    with pytest.raises(ValueError):
        business_discovery_fields(username, after)


def test_hashtag_query() -> None:
    assert hashtag_query(" #PilkadaDamai ") == "PilkadaDamai"
    for bad in ("", "#", "dua kata", "🗳️", "tag#x"):
        with pytest.raises(ValueError):
            hashtag_query(bad)


def test_hashtag_search_response() -> None:
    assert parse_hashtag_search(b'{"data":[{"id":"17843857450040591"}]}') == "17843857450040591"
    with pytest.raises(NotFound):
        parse_hashtag_search(b'{"data":[]}')


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "subcode", "expected"),
    [
        (1, None, ServerError),
        (2, None, ServerError),
        (4, None, Throttled),
        (17, None, Throttled),
        (32, None, Throttled),
        (613, None, Throttled),
        (80002, None, Throttled),
        (368, None, Throttled),
        (190, 463, TokenExpired),
        (190, 460, TokenInvalid),
        (190, None, TokenInvalid),
        (10, None, PermissionDenied),
        (200, None, PermissionDenied),
        (299, None, PermissionDenied),
        (100, None, BadRequest),
        (100, 33, NotFound),
        (110, 2207013, NotFound),
        (24, None, GraphError),  # the budget only where a hashtag was searched
        (12345, None, GraphError),
    ],
)
def test_errors_are_classified_by_code_not_status(
    code: int, subcode: int | None, expected: type[GraphError]
) -> None:
    for status in (400, 403):
        error = classify_error(status, _error(code, subcode), {})
        assert type(error) is expected
        assert (error.code, error.subcode, error.http_status) == (code, subcode, status)
        assert error.fbtrace_id == "EJplcsCHuLu"


def test_error_message_names_the_code_and_graphs_words() -> None:
    error = classify_error(400, _error(190, 463, "Session has expired"), {})
    assert str(error) == "Graph API error (code 190, subcode 463): Session has expired"
    assert isinstance(error, TokenInvalid) and not error.retryable


def test_hashtag_budget_exhausted_on_a_hashtag_search() -> None:
    error = classify_error(400, _error(24), {}, hashtag_search=True)
    assert isinstance(error, HashtagBudgetExhausted)


def test_throttle_wait_comes_from_the_business_use_case_header() -> None:
    headers = {
        "x-business-use-case-usage": json.dumps(
            {
                "17841405309211844": [
                    {"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 12}
                ],
                "17841405309211845": [{"type": "instagram", "estimated_time_to_regain_access": 3}],
            }
        )
    }
    error = classify_error(400, _error(80002), headers)
    assert isinstance(error, Throttled) and error.retryable
    assert error.wait == timedelta(minutes=12)
    assert error.usage.highest_percent == 100


def test_throttle_wait_defaults_without_an_estimate() -> None:
    app_only = {"X-App-Usage": '{"call_count":100,"total_cputime":25,"total_time":25}'}
    throttled = classify_error(403, _error(4), app_only)
    blocked = classify_error(400, _error(368), {})
    assert isinstance(throttled, Throttled) and isinstance(blocked, Throttled)
    assert throttled.wait == DEFAULT_THROTTLE_WAIT
    assert blocked.wait == BLOCKED_WAIT


@pytest.mark.parametrize(
    ("status", "expected"),
    [(502, ServerError), (500, ServerError), (429, Throttled), (404, NotFound), (401, GraphError)],
)
def test_answers_without_a_graph_error_object(status: int, expected: type[GraphError]) -> None:
    error = classify_error(status, b"<html>upstream</html>", {})
    assert type(error) is expected
    assert str(error) == f"HTTP {status} without a Graph error object"


# --- usage headers -------------------------------------------------------------------------


def test_usage_headers_as_the_spec_shows() -> None:
    usage = parse_usage(
        {
            "X-App-Usage": '{"call_count":28,"total_cputime":25,"total_time":25}',
            "X-Business-Use-Case-Usage": (
                '{"17841405309211844":[{"type":"instagram","call_count":95,'
                '"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":12}]}'
            ),
        }
    )
    assert usage.app is not None
    assert (usage.app.call_count, usage.app.total_cputime, usage.app.total_time) == (28, 25, 25)
    (business,) = usage.business
    assert business.business_id == "17841405309211844"
    assert business.type == "instagram"
    assert business.call_count == 95
    assert business.regain_access_in == timedelta(minutes=12)
    assert usage.highest_percent == 95
    assert usage.regain_access_in == timedelta(minutes=12)


def test_missing_or_unreadable_usage_headers_count_as_absent() -> None:
    assert parse_usage({}).highest_percent == 0
    assert parse_usage({}).regain_access_in is None
    broken = parse_usage({"x-app-usage": "{not json", "x-business-use-case-usage": "[1]"})
    assert broken.app is None and broken.business == ()
    odd = parse_usage({"x-app-usage": '{"call_count":"many","total_time":40.4}'})
    assert odd.app is not None and (odd.app.call_count, odd.app.total_time) == (0, 40)


# --- exact item bytes ----------------------------------------------------------------------


def test_array_items_slice_each_item_unchanged() -> None:
    text = '{ "data" : [ {"b":1,  "a":"\\u00e9"} ,\n\t[2] , "x" ], "data2": [] }'
    assert list(array_items(text, ["data"])) == [
        ({"b": 1, "a": "é"}, '{"b":1,  "a":"\\u00e9"}'),
        ([2], "[2]"),
        ("x", '"x"'),
    ]


def test_array_items_follow_a_path_and_take_the_last_duplicate_key() -> None:
    text = '{"a": {"b": [1]}, "a": {"skip": {"b": [9]}, "b": [3, 4]}}'
    assert [raw for _, raw in array_items(text, ["a", "b"])] == ["3", "4"]
    assert list(array_items(text, ["missing"])) == []
    assert list(array_items('{"a": 5}', ["a"])) == []
