"""Source parameters and schedules: typed, and every mistake names what to fix."""

from __future__ import annotations

import pytest

from app.errors import Invalid
from app.sources.kinds import format_every, parse_every, parse_params


def test_every_reads_units_and_refuses_hammering():
    assert [parse_every(t) for t in ("15m", "6h", "1d", "90s")] == [900, 21600, 86400, 90]
    assert format_every(900) == "15m" and format_every(86400) == "1d"
    with pytest.raises(Invalid, match="at least 1m"):
        parse_every("10s")
    with pytest.raises(Invalid, match="like 30s, 15m"):
        parse_every("quarter hour")


def test_tiktok_query_params_split_dedupe_and_strip_signs():
    params = parse_params("tiktok_query", {
        "keywords": "Mas Bima, Bekasi Juara,,Mas Bima", "hashtags": "#BekasiJuara",
        "usernames": "@camat_hendra", "days_back": "14"})
    assert params == {"keywords": ["Mas Bima", "Bekasi Juara"], "hashtags": ["BekasiJuara"],
                      "usernames": ["camat_hendra"], "days_back": 14}
    assert parse_params("tiktok_query", {"hashtags": "x"})["days_back"] == 7


@pytest.mark.parametrize(("kind", "raw", "message"), [
    ("tiktok_query", {}, "needs --param keywords=… or hashtags=… or usernames=…"),
    ("tiktok_query", {"keyword": "x"}, "--param keyword: not a parameter of tiktok_query"),
    ("tiktok_query", {"hashtags": "x", "days_back": "400"}, "--param days_back: a whole number"),
    ("rss_feed", {"url": "ftp://x"}, "--param url: an http"),
    ("myspace", {}, "--kind: unknown kind"),
])
def test_bad_params_name_the_parameter(kind, raw, message):
    with pytest.raises(Invalid, match=message.replace("…", ".").replace("(", r"\(")):
        parse_params(kind, raw)
