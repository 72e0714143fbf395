from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from collectors.base import MAX_TEXT_CHARS, LineError, LineSkipped, PostIn
from collectors.zeeschuimer import (
    COLLECTOR,
    COLLECTOR_VERSION,
    MAX_LINE_BYTES,
    parse_line,
    read_capture,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zeeschuimer"
COLLECTED_MS = 1729566245456  # 2024-10-22T03:04:05.456Z


def _read(name: str) -> list[PostIn | LineError | LineSkipped]:
    return list(read_capture(FIXTURES / name))


def _line(platform: str, data: Any, **envelope: Any) -> bytes:
    record = {
        "id": 1,
        "item_id": "x",
        "timestamp_collected": COLLECTED_MS,
        "source_platform": platform,
        "data": data,
    }
    record.update(envelope)
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def _parse(raw: bytes) -> PostIn | LineError | LineSkipped:
    return parse_line(raw, source="capture.ndjson", line=7)


def _post(raw: bytes) -> PostIn:
    result = _parse(raw)
    assert isinstance(result, PostIn), result
    return result


def _error(raw: bytes) -> str:
    result = _parse(raw)
    assert isinstance(result, LineError), result
    assert (result.source, result.line) == ("capture.ndjson", 7)
    return result.message


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- TikTok posts ----------------------------------------------------------------------------


def test_tiktok_file_gives_one_result_per_non_blank_line() -> None:
    results = _read("tiktok.ndjson")
    assert [type(r) for r in results] == [PostIn, PostIn, PostIn, LineError]
    assert results[3].line == 5  # the blank line 4 gives nothing but still counts


def test_tiktok_post_with_author_object() -> None:
    post = _read("tiktok.ndjson")[0]
    assert isinstance(post, PostIn)
    assert post.platform == "tiktok"
    assert post.kind == "post"
    assert post.external_id == "7425551234567890123"
    assert post.text.startswith("Apel pagi bersama @Jaka.Permana.Official")
    assert post.author_handle == "sri.wahyu_lestari88"
    assert post.author_name == "Sri Wahyuningsih 🌸"
    assert post.author_external_id == "6801234567890123456"
    assert post.permalink == "https://www.tiktok.com/@sri.wahyu_lestari88/video/7425551234567890123"
    assert post.created_at == _utc("2024-10-15T08:00:00")
    assert post.collected_at == datetime(2024, 10, 16, 3, 4, 5, 456000, tzinfo=UTC)
    # textExtra first, then challenges; "#coblosno2" is the same tag as "#CoblosNo2".
    assert post.hashtags == ("Bekasi1", "CoblosNo2", "PilkadaDamai")
    assert post.mentions == ("jaka.permana.official",)
    assert post.tagged == ()
    assert post.metrics == {"views": 40210, "likes": 1520, "comments": 64, "shares": 87}
    assert post.parent_external_id is None
    assert post.extra_text == ""
    assert (post.collector, post.collector_version) == (COLLECTOR, COLLECTOR_VERSION)


def test_tiktok_post_with_author_string_and_string_create_time() -> None:
    post = _read("tiktok.ndjson")[1]
    assert isinstance(post, PostIn)
    assert post.external_id == "7425559876543210987"
    assert post.author_handle == "aguspras_88"
    assert post.author_name == "Agus Prasetyo"
    assert post.author_external_id == "6802222222222222222"
    assert post.created_at == _utc("2024-10-20T02:30:00")
    assert post.permalink == "https://www.tiktok.com/@aguspras_88/video/7425559876543210987"
    # Counts only in statsV2, as strings; "n/a" is dropped rather than turned into 0.
    assert post.metrics == {"views": 9800, "likes": 310, "shares": 5}
    # No textExtra: hashtags come from the caption. An e-mail address is not a mention.
    assert post.hashtags == ("Salam2Jari",)
    assert post.mentions == ()


def test_duplicate_item_ids_are_all_returned_for_the_caller_to_dedupe() -> None:
    first, _, again, _ = _read("tiktok.ndjson")
    assert isinstance(first, PostIn) and isinstance(again, PostIn)
    assert first.external_id == again.external_id
    assert first.metrics["likes"] == 1520
    assert again.metrics["likes"] == 1601
    assert first.raw_sha256 != again.raw_sha256


def test_raw_is_the_exact_line_without_its_newline() -> None:
    lines = (FIXTURES / "tiktok.ndjson").read_bytes().split(b"\n")
    post = _read("tiktok.ndjson")[0]
    assert isinstance(post, PostIn)
    assert post.raw == lines[0]
    assert post.raw_sha256 == hashlib.sha256(lines[0]).hexdigest()


def test_malformed_line() -> None:
    error = _read("tiktok.ndjson")[3]
    assert isinstance(error, LineError)
    assert error.line == 5
    assert error.message.startswith("malformed JSON: ")
    assert str(error).endswith("tiktok.ndjson:5: " + error.message)


def test_tiktok_numeric_ids_and_garbage_counts() -> None:
    post = _post(
        _line(
            "tiktok.com",
            {
                "id": 7425551234567890999,
                "desc": "",
                "createTime": 1729555200,
                "author": {"uniqueId": "@Budi_Setiawan", "id": 6801111111111111111},
                "stats": {"diggCount": -1, "playCount": True, "commentCount": 3.0},
                "statsV2": {"diggCount": "12", "shareCount": "1e3"},
            },
        )
    )
    assert post.external_id == "7425551234567890999"
    assert post.author_handle == "budi_setiawan"
    assert post.author_external_id == "6801111111111111111"
    assert post.metrics == {"likes": 12, "comments": 3}


def test_tiktok_without_author_still_gets_a_permalink() -> None:
    post = _post(_line("tiktok.com", {"id": "742", "desc": "x"}))
    assert post.author_handle is None
    assert post.created_at is None
    assert post.permalink == "https://www.tiktok.com/@/video/742"


def test_tiktok_transcript_goes_to_extra_text_when_present() -> None:
    post = _post(_line("tiktok.com", {"id": "742", "desc": "x", "voiceToText": "coblos nomor dua"}))
    assert post.extra_text == "coblos nomor dua"


# --- TikTok comments -------------------------------------------------------------------------


def test_tiktok_comments() -> None:
    top, reply = _read("tiktok-comments.ndjson")
    assert isinstance(top, PostIn) and isinstance(reply, PostIn)
    assert top.kind == "comment"
    assert top.platform == "tiktok"
    assert top.external_id == "7425600000000000001"
    assert top.parent_external_id == "7425551234567890123"
    assert top.text == "Siap bu! @dewikartika.sari ikut nyoblos no 2 ya 👍"
    assert top.author_handle == "rahmat.hidayat_77"
    assert top.author_name == "Rahmat Hidayat"
    assert top.author_external_id == "6803333333333333333"
    assert top.created_at == _utc("2024-10-15T09:15:00")
    assert top.permalink == (
        "https://www.tiktok.com/@sri.wahyu_lestari88/video/7425551234567890123?_r=1"
    )
    assert top.mentions == ("dewikartika.sari",)
    assert top.metrics == {"likes": 42, "replies": 3}
    # The reply has numeric ids, a string create_time and no share_info.
    assert reply.external_id == "7425600000000000002"
    assert reply.parent_external_id == "7425551234567890123"
    assert reply.created_at == _utc("2024-10-15T10:00:00")
    assert reply.permalink == "https://www.tiktok.com/@/video/7425551234567890123"
    assert reply.metrics == {"likes": 7, "replies": 0}


def test_crlf_line_endings_are_not_part_of_raw() -> None:
    top = _read("tiktok-comments.ndjson")[0]
    assert isinstance(top, PostIn)
    assert top.raw.endswith(b"}")
    assert (FIXTURES / "tiktok-comments.ndjson").read_bytes().startswith(top.raw + b"\r\n")


# --- Instagram -------------------------------------------------------------------------------


def test_instagram_file() -> None:
    results = _read("instagram.ndjson")
    assert [type(r) for r in results] == [PostIn] * 5 + [LineSkipped]
    skipped = results[5]
    assert isinstance(skipped, LineSkipped)
    assert (skipped.line, skipped.reason) == (6, "Instagram ad")


def test_instagram_item_list() -> None:
    post = _read("instagram.ndjson")[0]
    assert isinstance(post, PostIn)
    assert post.platform == "instagram"
    assert post.kind == "post"
    assert post.external_id == "DBa1b2C3d4E"  # the shortcode, not data.id
    assert post.permalink == "https://www.instagram.com/p/DBa1b2C3d4E/"
    assert post.author_handle == "dewi.kartika.sari"
    assert post.author_name == "Dewi Kartika Sari"
    assert post.author_external_id == "5501234567"
    assert post.created_at == _utc("2024-10-18T11:00:00")
    assert post.collected_at == datetime(2024, 10, 19, 1, 0, 0, 456000, tzinfo=UTC)
    assert post.hashtags == ("JabarJuara", "BulatkanTekad")
    assert post.mentions == ("tri.wicaksono",)
    # Post tags, then carousel-slide tags, then co-authors; lower-cased, each once.
    assert post.tagged == ("jaka.permana.official", "nuraini.fadilah", "tim.pemenangan.jp")
    assert post.metrics == {"comments": 45, "likes": 812}
    assert "text that says 'JP NOMOR 2'" in post.extra_text


def test_instagram_hidden_counts_and_null_caption() -> None:
    post = _read("instagram.ndjson")[1]
    assert isinstance(post, PostIn)
    assert post.external_id == "DBz9Y8x7W6v"
    assert post.text == ""
    assert post.metrics == {"comments": 12}  # like_count and play_count are placeholders


def test_instagram_legacy_graph() -> None:
    post = _read("instagram.ndjson")[2]
    assert isinstance(post, PostIn)
    assert post.external_id == "C9q8R7s6T5u"
    assert post.permalink == "https://www.instagram.com/p/C9q8R7s6T5u/"
    assert post.text == (
        "Hari pertama kampanye, tetap semangat! #PilkadaDamai @kpu_kotabekasi_contoh"
    )
    assert post.author_handle == "nuraini.fadilah"
    assert post.author_name == "Nur Aini Fadilah"
    assert post.author_external_id == "5503333333"
    assert post.created_at == _utc("2024-09-26T05:20:00")
    assert post.hashtags == ("PilkadaDamai",)
    assert post.mentions == ("kpu_kotabekasi_contoh",)
    assert post.tagged == ("agus.pras_88",)
    assert post.metrics == {"likes": 230, "comments": 18}


def test_instagram_polaris_has_no_time_or_counts() -> None:
    post = _read("instagram.ndjson")[3]
    assert isinstance(post, PostIn)
    assert post.external_id == "C8p7O6n5M4l"
    assert post.text == "Ngopi santai sore ini ☕ #Bekasi"
    assert post.author_handle == "budi_setiawan.bks"
    assert post.author_name == "Budi Setiawan"
    assert post.author_external_id == "5504444444"
    assert post.created_at is None
    assert post.metrics == {}
    assert post.hashtags == ("Bekasi",)


def test_instagram_partial_item_has_no_time() -> None:
    post = _read("instagram.ndjson")[4]
    assert isinstance(post, PostIn)
    assert post.external_id == "DCc3D4e5F6g"
    assert post.created_at is None
    assert post.author_handle == "sri.wahyu_lestari88"
    assert post.hashtags == ("01Menyala",)


def test_instagram_ad_by_redirect_link() -> None:
    raw = _line(
        "instagram.com", {"code": "X", "link": "https://www.facebook.com/ads/ig_redirect/?d=1"}
    )
    assert _parse(raw) == LineSkipped("capture.ndjson", 7, "Instagram ad")


def test_instagram_owner_when_user_is_missing() -> None:
    post = _post(_line("instagram.com", {"code": "X1", "owner": {"username": "Agus.Pras_88"}}))
    assert post.author_handle == "agus.pras_88"


# --- skips and errors ------------------------------------------------------------------------


def test_problem_lines() -> None:
    results = _read("problems.ndjson")
    assert results[0] == LineSkipped(
        str(FIXTURES / "problems.ndjson"), 1, "source_platform 'threads.net' is not imported yet"
    )
    messages = [r.message for r in results[1:] if isinstance(r, LineError)]
    assert messages == [
        "unknown source_platform 'myspace.com'; supported: tiktok.com, tiktok-comments, "
        "instagram.com",
        "not a JSON object but a JSON array",
        "missing 'data' object (the captured item)",
        "missing 'source_platform'; is this a Zeeschuimer export?",
        "missing item id: no data.id",
        'data.createTime is not a Unix timestamp in seconds: "kemarin sore"',
        "timestamp_collected 1729558800 is 1970-01-21, not a date between 2005 and 2100 "
        "(expected Unix milliseconds)",
        "missing item id: no data.code (the shortcode)",
        "missing item id: no data.aweme_id (the video)",
    ]
    assert [r.line for r in results] == list(range(1, 11))


def test_invalid_utf8_names_the_byte_offset() -> None:
    raw = _line("tiktok.com", {"id": "1", "desc": "halo"}).replace(b"halo", b"ha\xfflo")
    offset = raw.index(b"\xff")
    assert _error(raw) == f"invalid UTF-8 at byte offset {offset} (byte 0xff)"


def test_over_long_caption() -> None:
    raw = _line("tiktok.com", {"id": "1", "desc": "a" * (MAX_TEXT_CHARS + 1)})
    assert _error(raw) == "data.desc is 20,001 characters, over the 20,000 limit"


def test_caption_at_the_limit_is_fine() -> None:
    assert len(_post(_line("tiktok.com", {"id": "1", "desc": "a" * MAX_TEXT_CHARS})).text) == (
        MAX_TEXT_CHARS
    )


def test_non_string_caption() -> None:
    assert _error(_line("instagram.com", {"code": "X", "caption": {"text": 5}})) == (
        "data.caption.text is not a string but a JSON number"
    )


def test_over_long_line_passed_directly() -> None:
    raw = b" " * (MAX_LINE_BYTES + 1)
    assert _error(raw) == "line is 16,777,217 bytes, over the 16,777,216-byte limit; not parsed"


def test_over_long_line_in_a_file_is_skipped_without_losing_the_next_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.ndjson"
    good = _line("tiktok.com", {"id": "2", "desc": "sesudah"})
    with open(path, "wb") as fh:
        fh.write(b'{"data": "')
        for _ in range(17):
            fh.write(b"x" * (1024 * 1024))
        fh.write(b'"}\n' + good + b"\n")
    results = list(read_capture(path))
    assert len(results) == 2
    assert isinstance(results[0], LineError)
    assert results[0].line == 1
    assert results[0].message == "line is over the 16,777,216-byte limit; not parsed"
    assert isinstance(results[1], PostIn)
    assert (results[1].text, results[1].raw) == ("sesudah", good)


def test_bad_epoch_values() -> None:
    def create_time(value: object) -> str:
        return _error(_line("tiktok.com", {"id": "1", "createTime": value}))

    assert "not a Unix timestamp" in create_time(-5)
    assert "not a Unix timestamp" in create_time([1])
    assert create_time(0) == (
        "data.createTime 0 is 1970-01-01, not a date between 2005 and 2100 (expected Unix seconds)"
    )
    assert "is out of range" in create_time(10**20)


def test_missing_collection_time_falls_back_to_last_updated() -> None:
    raw = _line("tiktok.com", {"id": "1"}, timestamp_collected=None, last_updated=COLLECTED_MS)
    assert _post(raw).collected_at == datetime(2024, 10, 22, 3, 4, 5, 456000, tzinfo=UTC)
    raw = _line("tiktok.com", {"id": "1"}, timestamp_collected=None)
    assert _error(raw) == "missing 'timestamp_collected' (when the item was captured)"


def test_unsupported_platform_is_skipped_even_without_data() -> None:
    result = _parse(b'{"source_platform": "x.com", "timestamp_collected": 1}')
    assert isinstance(result, LineSkipped)


def test_nul_and_lone_surrogates_are_cleaned_from_text_but_not_raw() -> None:
    raw = b'{"source_platform":"tiktok.com","timestamp_collected":1729566245456,'
    raw += b'"data":{"id":"1","desc":"a\\u0000b\\ud800c"}}'
    post = _post(raw)
    assert post.text == "ab\ufffdc"
    assert post.raw == raw


def test_ids_that_are_not_ids() -> None:
    assert _error(_line("tiktok.com", {"id": {"x": 1}})) == "data.id is not an id: {…}"
    assert _error(_line("tiktok.com", {"id": True})) == "data.id is not an id: true"


# --- files -----------------------------------------------------------------------------------


def test_empty_and_blank_files_give_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ndjson"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.ndjson"
    blank.write_bytes(b"\n  \r\n\n")
    assert list(read_capture(empty)) == []
    assert list(read_capture(blank)) == []


def test_bom_and_missing_final_newline(tmp_path: Path) -> None:
    first = _line("tiktok.com", {"id": "1", "desc": "satu"})
    second = _line("tiktok.com", {"id": "2", "desc": "dua"})
    path = tmp_path / "bom.ndjson"
    path.write_bytes(b"\xef\xbb\xbf" + first + b"\n\n" + second)
    results = list(read_capture(path))
    assert [(r.line if isinstance(r, LineError) else r.text) for r in results] == ["satu", "dua"]
    assert isinstance(results[0], PostIn) and results[0].raw == first


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gaps.ndjson"
    path.write_bytes(b"\n\nnot json\n")
    (result,) = read_capture(path)
    assert isinstance(result, LineError)
    assert (result.source, result.line) == (str(path), 3)


@pytest.mark.parametrize("name", ["tiktok.ndjson", "tiktok-comments.ndjson", "instagram.ndjson"])
def test_times_are_aware_utc(name: str) -> None:
    for result in _read(name):
        if isinstance(result, PostIn):
            assert result.collected_at.tzinfo is UTC
            assert result.created_at is None or result.created_at.tzinfo is UTC
