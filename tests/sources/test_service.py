"""Sources in the database: added, switched, and generated for an election from the watch-list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.config import get_settings
from app.errors import Conflict, NotFound
from app.sources import service
from app.watchlist.models import Candidate
from tests.posts.test_ingest import watchlist  # noqa: F401 - fixture

NOW = datetime(2024, 10, 1, 3, 0, tzinfo=UTC)


def test_add_enable_disable(session):
    source = service.add(session, name="Berita-Bekasi", kind="rss_feed",
                         params={"url": "https://example.id/rss"}, every="30m", now=NOW)
    assert (source.name, source.every_seconds, source.next_run_at) == ("berita-bekasi", 1800, NOW)
    with pytest.raises(Conflict):
        service.add(session, name="berita-bekasi", kind="rss_feed",
                    params={"url": "https://example.id/rss"}, every="30m", now=NOW)
    source.error_streak = 4
    assert not service.set_enabled(session, "berita-bekasi", False, NOW).enabled
    later = datetime(2024, 10, 2, tzinfo=UTC)
    back = service.set_enabled(session, "berita-bekasi", True, later)
    assert back.enabled and back.error_streak == 0 and back.next_run_at == later
    with pytest.raises(NotFound, match="pantau sources list"):
        service.get(session, "nope")


@pytest.mark.usefixtures("watchlist")
def test_generate_builds_an_elections_sources_and_refreshes_them(session):
    made = {s.name: (s, created) for s, created in
            service.generate(session, "walikota-32.75-2024", NOW)}
    query, created = made["pemilihan-wali-kota-bekasi-2024-tiktok"]
    assert created and query.kind == "tiktok_query"
    assert {"Bima Satria Nugraha", "Mas Bima", "Bekasi Maju Bersama"} <= set(
        query.params["keywords"])
    assert "BekasiBersamaMasBima" in query.params["hashtags"]
    # Watched civil servants' accounts in Kota Bekasi: their posts and likes are evidence.
    assert {"wahyu.pranoto", "camat_hendra"} <= set(query.params["usernames"])
    assert made["pemilihan-wali-kota-bekasi-2024-tiktok-activity"][0].kind == \
        "tiktok_user_activity"
    accounts = made["pemilihan-wali-kota-bekasi-2024-instagram-accounts"][0]
    assert "bimasatria.bekasi" in accounts.params["usernames"]
    # One comments source serves every election's flagged videos.
    assert made["tiktok-comments"][0].kind == "tiktok_comments" and made["tiktok-comments"][1]

    bima = session.query(Candidate).filter_by(name="Bima Satria Nugraha").one()
    bima.hashtags = [*bima.hashtags, "MasBimaLanjut"]
    again = {s.name: created for s, created in
             service.generate(session, "pemilihan-wali-kota-bekasi-2024", NOW)}
    assert not any(again.values())
    assert "MasBimaLanjut" in query.params["hashtags"]


@pytest.mark.usefixtures("watchlist")
def test_cli_add_generate_list(session, database_url, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PANTAU_DATABASE_URL", database_url)
    get_settings.cache_clear()
    session.commit()
    try:
        run = CliRunner()
        added = run.invoke(main, ["sources", "add", "detik", "--kind", "rss_feed",
                                  "--param", "url=https://news.detik.com/rss", "--every", "1h"])
        assert added.exit_code == 0 and "added detik (rss_feed, every 1h)" in added.output
        bad = run.invoke(main, ["sources", "add", "x", "--kind", "tiktok_query"])
        assert bad.exit_code == 1 and "needs --param" in bad.output
        many = ",".join(f"tag{i}" for i in range(30))
        assert run.invoke(main, ["sources", "add", "ig-banyak", "--kind", "instagram_hashtag",
                                 "--param", f"hashtags={many}"]).exit_code == 0
        made = run.invoke(main, ["sources", "generate", "--election", "walikota-32.75-2024"])
        assert made.exit_code == 0 and "created pemilihan-wali-kota-bekasi-2024-tiktok" in \
            made.output
        # 30 hand-added tags and the election's own: more than Graph allows in 7 days.
        assert "Graph allows 30 in any 7 days" in made.output
        unknown = run.invoke(main, ["sources", "generate", "--election", "pilkada-mars"])
        assert unknown.exit_code == 1 and "known: pemilihan-wali-kota-bekasi-2024" in \
            unknown.output
        listed = run.invoke(main, ["sources", "list"])
        assert "pemilihan-wali-kota-bekasi-2024-tiktok" in listed.output and "detik" in \
            listed.output
    finally:
        get_settings.cache_clear()
