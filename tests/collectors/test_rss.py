from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from collectors import rss
from collectors.feed_text import html_to_text, parse_date
from collectors.rss import (
    COLLECTOR,
    COLLECTOR_VERSION,
    FeedError,
    FeedGone,
    FeedUnavailable,
    MalformedFeed,
    Validators,
    collect,
    entry_to_post,
    parse,
)
from tests.fakes.rss import FakeNewsSite
from tests.fakes.serving import Response, serve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rss"
COLLECTED = datetime(2024, 11, 6, 12, 0, tzinfo=UTC)
ANTARA = "https://www.antaranews.com/rss/politik.xml"


def _parse(name: str, url: str = ANTARA, content_type: str | None = None) -> rss.FeedPage:
    content = (FIXTURES / name).read_bytes()
    return parse(content, url=url, content_type=content_type, collected_at=COLLECTED)


@pytest.fixture
def site() -> Iterator[FakeNewsSite]:
    with FakeNewsSite() as running:
        yield running


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


# --- mapping -------------------------------------------------------------------------------


def test_rss_entries_become_articles_each_once() -> None:
    page = _parse("antara-politik.xml")
    first, second, undated = page.posts
    assert first.platform == "news" and first.kind == "article"
    assert first.external_id == "antara-4400001"  # the guid
    assert first.permalink == (
        "https://www.antaranews.com/berita/4400001/bawaslu-bekasi-ingatkan-asn-jaga-netralitas"
    )
    assert first.author_handle == "antaranews.com"
    assert first.author_name == "ANTARA News - Politik (fiktif)"
    assert first.created_at == datetime(2024, 11, 5, 3, 0, tzinfo=UTC)  # +0700
    assert (first.collector, first.collector_version) == (COLLECTOR, COLLECTOR_VERSION)
    assert first.collected_at == COLLECTED
    # No guid: the link is the id.
    assert (
        second.external_id == "https://www.antaranews.com/berita/4400002/camat-diduga-ikut-kampanye"
    )
    assert undated.created_at is None
    assert page.warnings == (
        "entry 3: repeats antara-4400001; skipped",
        "entry 5: no id (guid) and no link; skipped",
    )


def test_text_is_title_and_summary_with_html_removed() -> None:
    first, second, _ = _parse("antara-politik.xml").posts
    assert first.text == (
        "Bawaslu Bekasi ingatkan ASN jaga netralitas jelang pilkada\n\n"
        "Bekasi (ANTARA) - Bawaslu Kota Bekasi mengingatkan aparatur sipil negara (ASN) agar "
        'tidak "like" atau membagikan unggahan kampanye & tetap netral.'
    )
    assert "alert" not in first.text and "<" not in first.text
    # An escaped "<" in the HTML is text, and stays.
    assert "harga tiket <Rp10 ribu> disebut" in second.text
    # The full article (content:encoded) is matched too.
    assert "pelanggaran akan diteruskan ke BKN" in first.extra_text
    assert second.extra_text == ""


def test_indonesian_dates_are_read_in_their_zone() -> None:
    second = _parse("antara-politik.xml").posts[1]  # "Selasa, 05 Nov 2024 14:30:00 WIB"
    assert second.created_at == datetime(2024, 11, 5, 7, 30, tzinfo=UTC)


def test_raw_is_the_entry_as_stable_json() -> None:
    first = _parse("antara-politik.xml").posts[0]
    entry = json.loads(first.raw)
    assert entry["id"] == "antara-4400001"
    assert entry["published_parsed"] == "2024-11-05T03:00:00Z"
    assert first.raw == _parse("antara-politik.xml").posts[0].raw


def test_atom_entries() -> None:
    first, second = _parse("tempo-nasional.atom", url="https://rss.tempo.co/nasional.atom").posts
    assert first.external_id == "tag:tempo.co,2024:1900001"
    assert first.permalink == "https://rss.tempo.co/read/1900001/kepala-desa-dilaporkan"
    assert first.author_handle == "rss.tempo.co"
    assert first.created_at == datetime(2024, 11, 6, 1, 0, tzinfo=UTC)  # published, not updated
    assert first.text == (
        "Kepala desa & perangkatnya dilaporkan ke Bawaslu\n\n"
        "Warga melaporkan kepala desa yang membagikan stiker pasangan calon."
    )
    # A plain-text title keeps its "<"; the content stands in for a missing summary.
    assert second.text == (
        "Guru honorer <bukan ASN> boleh berkampanye?\n\n"
        "Penjelasan aturan netralitas bagi tenaga honorer."
    )


def test_declared_windows_1252_encoding() -> None:
    (post,) = _parse("cp1252.xml", url="https://harian.example.id/rss").posts
    assert post.text == "Sekda: “Kami netral” – kata pejabat"
    assert post.created_at == datetime(2024, 11, 6, 1, 0, tzinfo=UTC)  # "Rabu, … 08:00 WIB"


def test_malformed_feed_that_still_has_entries_is_read_with_a_warning() -> None:
    page = _parse("unescaped-ampersand.xml", url="https://kota.example.id/rss")
    (post,) = page.posts
    assert post.text == "Lurah & sekretaris kelurahan hadiri deklarasi"
    assert page.warnings == ("read despite: line 7, column 20: not well-formed (invalid token)",)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "truncated.xml",
            "https://x.id/rss: not a readable feed: line 7, column 0: no element found",
        ),
        ("not-a-feed.html", "https://x.id/rss: neither RSS nor Atom (an HTML page?)"),
    ],
)
def test_unreadable_feed_names_the_problem(name: str, message: str) -> None:
    with pytest.raises(MalformedFeed) as caught:
        _parse(name, url="https://x.id/rss")
    assert str(caught.value) == message


def test_long_ids_are_digested_and_foreign_links_dropped() -> None:
    link = "https://www.detik.com/berita/" + "judul-yang-sangat-panjang-" * 5
    post = entry_to_post(
        {"link": link, "title": "x"}, host="detik.com", publisher=None, collected_at=COLLECTED
    )
    assert post is not None
    assert post.external_id.startswith("sha256:") and len(post.external_id) <= 100
    assert post.permalink == link
    unsafe = entry_to_post(
        {"id": "a-1", "link": "javascript:alert(1)"},
        host=None,
        publisher=None,
        collected_at=COLLECTED,
    )
    assert unsafe is not None and unsafe.permalink is None and unsafe.external_id == "a-1"
    assert (
        entry_to_post({"link": "javascript:x"}, host=None, publisher=None, collected_at=COLLECTED)
        is None
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 05 Nov 2024 10:00:00 +0700", datetime(2024, 11, 5, 3, 0, tzinfo=UTC)),
        ("Selasa, 05 Agu 2024 10:00:00 WIB", datetime(2024, 8, 5, 3, 0, tzinfo=UTC)),
        ("Jum'at, 8 Nov 2024 09:15 WITA", datetime(2024, 11, 8, 1, 15, tzinfo=UTC)),
        ("05 Mei 2024 10:00 WIT", datetime(2024, 5, 5, 1, 0, tzinfo=UTC)),
        ("2024-11-05 10:00:00", datetime(2024, 11, 5, 3, 0, tzinfo=UTC)),  # no zone: Jakarta
        ("2024-11-05T10:00:00Z", datetime(2024, 11, 5, 10, 0, tzinfo=UTC)),
        ("2024-11-05 10:00:00 WIB", datetime(2024, 11, 5, 3, 0, tzinfo=UTC)),
        ("kemarin", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


def test_parse_date_falls_back_to_feedparsers_reading() -> None:
    parsed = datetime(2024, 11, 5, 3, 0, tzinfo=UTC).timetuple()
    assert parse_date("a form only feedparser knows", parsed) == datetime(
        2024, 11, 5, 3, 0, tzinfo=UTC
    )


def test_html_to_text() -> None:
    html = (
        "<p>Satu &amp; dua</p><!-- komentar --><style>p{}</style><ul><li>tiga</li>"
        "<li>empat<br>lima</li></ul><img src=x onerror=alert(1)>&lt;b&gt; bukan tag"
    )
    assert html_to_text(html) == "Satu & dua\ntiga\nempat\nlima\n<b> bukan tag"
    assert html_to_text(None) == ""


# --- fetching ------------------------------------------------------------------------------


def test_conditional_get_second_fetch_is_not_modified(
    site: FakeNewsSite, http: httpx.Client
) -> None:
    site.publish("/rss/politik.xml", (FIXTURES / "antara-politik.xml").read_bytes())
    url = site.url("/rss/politik.xml")
    first = collect(http, url, now=lambda: COLLECTED)
    assert len(first.posts) == 3 and not first.not_modified
    assert first.validators.etag and first.validators.last_modified
    assert first.posts[0].author_handle == "127.0.0.1"

    second = collect(http, url, first.validators)
    assert second.not_modified and second.posts == ()
    assert second.validators == first.validators
    sent = site.requests[-1]
    assert (sent.if_none_match, sent.if_modified_since, sent.status) == (
        first.validators.etag,
        first.validators.last_modified,
        304,
    )


def test_changed_feed_is_fetched_again(site: FakeNewsSite, http: httpx.Client) -> None:
    site.publish("/feed", (FIXTURES / "antara-politik.xml").read_bytes())
    first = collect(http, site.url("/feed"))
    site.publish("/feed", (FIXTURES / "cp1252.xml").read_bytes(), content_type="text/xml")
    second = collect(http, site.url("/feed"), first.validators)
    assert not second.not_modified
    assert second.validators.etag != first.validators.etag
    assert [p.external_id for p in second.posts] == ["https://harian.example.id/berita/1"]


def test_if_modified_since_alone(site: FakeNewsSite, http: httpx.Client) -> None:
    feed = site.publish("/feed", (FIXTURES / "antara-politik.xml").read_bytes())
    since = Validators(last_modified="Wed, 06 Nov 2024 00:00:00 GMT")
    assert collect(http, site.url("/feed"), since).not_modified
    assert site.requests[-1].if_none_match is None
    older = Validators(last_modified="Mon, 04 Nov 2024 00:00:00 GMT")
    assert len(collect(http, site.url("/feed"), older).posts) == 3
    assert feed.modified == datetime(2024, 11, 5, 3, 0, tzinfo=UTC)


def test_validators_when_the_server_sends_none(http: httpx.Client) -> None:
    body = (FIXTURES / "cp1252.xml").read_bytes()
    answers = [Response(304), Response(200, body, {"Content-Type": "application/rss+xml"})]
    old = Validators(etag='"v1"', last_modified="Tue, 05 Nov 2024 03:00:00 GMT")
    with serve(lambda request: answers.pop(0)) as base:
        unchanged = collect(http, base + "/feed", old)
        changed = collect(http, base + "/feed", old)
    assert unchanged.not_modified and unchanged.validators == old
    assert len(changed.posts) == 1 and changed.validators == Validators()


def test_feed_served_as_html_is_still_read(site: FakeNewsSite, http: httpx.Client) -> None:
    site.publish("/feed", (FIXTURES / "antara-politik.xml").read_bytes(), content_type="text/html")
    page = collect(http, site.url("/feed"))
    assert len(page.posts) == 3
    assert page.warnings[0].startswith("read despite: ")


@pytest.mark.parametrize("status", [404, 410])
def test_missing_feed_is_gone(site: FakeNewsSite, http: httpx.Client, status: int) -> None:
    site.remove("/old", status)
    with pytest.raises(FeedGone) as caught:
        collect(http, site.url("/old"))
    assert str(caught.value) == f"{site.url('/old')}: HTTP {status}: the feed is gone"
    assert not caught.value.retryable


def test_slow_feed_times_out_as_unavailable(site: FakeNewsSite) -> None:
    site.publish("/slow", (FIXTURES / "antara-politik.xml").read_bytes())
    site.delay("/slow", 1.0)
    with httpx.Client(timeout=0.1) as http, pytest.raises(FeedUnavailable) as caught:
        collect(http, site.url("/slow"))
    assert caught.value.retryable
    assert "ReadTimeout" in str(caught.value)


def test_malformed_served_feed(site: FakeNewsSite, http: httpx.Client) -> None:
    site.publish("/broken", (FIXTURES / "truncated.xml").read_bytes())
    with pytest.raises(MalformedFeed, match="no element found"):
        collect(http, site.url("/broken"))


def test_oversized_feed_is_refused(
    site: FakeNewsSite, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rss, "MAX_FEED_BYTES", 1000)
    site.publish("/big", (FIXTURES / "antara-politik.xml").read_bytes())
    with pytest.raises(FeedError, match="over 1,000 bytes"):
        collect(http, site.url("/big"))


def test_only_web_urls_are_fetched(http: httpx.Client) -> None:
    with pytest.raises(FeedError, match="not an http"):
        collect(http, "file:///etc/passwd")
