"""Ingest, detection and triage on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.posts.detect import get_classifier
from app.posts.ingest import IngestCounts, Pipeline, ingest_batch
from app.posts.models import Classification, Post, PostMatch, PostRevision
from app.review.models import ReviewItem
from app.watchlist import service as watchlist_service
from app.watchlist.snapshot import current_snapshot
from collectors.base import PostIn
from tests.builders import (
    CANDIDATE_ROWS,
    CANDIDATES_HEADER,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    make_post,
    write_csv,
)

NOW = datetime(2024, 10, 3, tzinfo=UTC)


@pytest.fixture
def watchlist(session: Session, tmp_path: Path) -> None:
    for kind, header, rows in (
        ("candidates", CANDIDATES_HEADER, CANDIDATE_ROWS),
        ("people", PEOPLE_HEADER, PEOPLE_ROWS),
    ):
        path = write_csv(tmp_path / f"{kind}.csv", header, rows)
        assert not watchlist_service.import_file(session=session, path=path, kind=kind).errors
    session.commit()


def _ingest(session: Session, posts: list[PostIn], model_cache_dir: Path) -> IngestCounts:
    pipeline = Pipeline(current_snapshot(session=session), get_classifier(model_cache_dir), 0.5)
    counts = ingest_batch(session=session, posts=posts, pipeline=pipeline, now=NOW)
    session.commit()
    return counts


def _flagged_ids(session: Session) -> set[str]:
    stmt = select(Post.external_id).join(ReviewItem, ReviewItem.post_id == Post.id)
    return set(session.scalars(stmt))


@pytest.mark.usefixtures("watchlist")
def test_civil_servant_supporting_a_candidate_is_flagged(
    session: Session, model_cache_dir: Path
) -> None:
    posts = [
        make_post(external_id="1", author_handle="camat_hendra",
                  text="Bulatkan tekad untuk Mas Bima! Bekasi Maju Bersama 💪"),
        make_post(external_id="2", author_handle="warga_bekasi",
                  text="Bulatkan tekad untuk Mas Bima! coblos no 2 ✌"),
        make_post(external_id="3", author_handle="wahyu.pranoto",
                  text="Pj Wali Kota mengingatkan seluruh ASN Kota Bekasi wajib menjaga "
                       "netralitas dan tidak boleh mendukung paslon manapun di Pilkada 2024."),
        make_post(external_id="4", author_handle="jokosusilo99",
                  text="Sarapan nasi uduk dulu sebelum ngantor"),
    ]
    counts = _ingest(session, posts, model_cache_dir)
    assert (counts.new, counts.flagged) == (4, 1)
    assert _flagged_ids(session) == {"1"}
    item = session.scalar(select(ReviewItem))
    assert item is not None and item.status == "open" and item.region_code == "32.75"
    assert item.election_id is not None and item.label == "support"
    hows = set(session.scalars(select(PostMatch.how).where(PostMatch.post_id == item.post_id)))
    assert "author" in hows
    # Only posts where a watched person was matched are worth classifying: not the citizen's.
    classified = session.scalars(
        select(Post.external_id).join(Classification, Classification.post_id == Post.id)
    )
    assert set(classified) == {"1", "3", "4"}


@pytest.mark.usefixtures("watchlist")
def test_named_official_in_a_campaign_post_is_flagged(
    session: Session, model_cache_dir: Path
) -> None:
    post = make_post(
        external_id="10", author_handle="bima.bekasi",
        text="Terima kasih Pak Camat Hendra Kusumawijaya yang hadir di deklarasi kami. "
             "Bekasi Maju Bersama! #BekasiBersamaMasBima",
    )
    assert _ingest(session, [post], model_cache_dir).flagged == 1
    match = session.scalar(select(PostMatch).where(PostMatch.person_id.is_not(None)))
    assert match is not None and match.how in {"name", "honorific", "alias"}
    assert post.text[match.span_start : match.span_end].lower().endswith("kusumawijaya")


@pytest.mark.usefixtures("watchlist")
def test_reimport_is_a_duplicate_and_changes_nothing(
    session: Session, model_cache_dir: Path
) -> None:
    post = make_post(external_id="1", author_handle="camat_hendra",
                     text="Bulatkan tekad untuk Mas Bima!")
    _ingest(session, [post], model_cache_dir)
    counts = _ingest(session, [post, post], model_cache_dir)
    assert (counts.new, counts.updated, counts.duplicate, counts.flagged) == (0, 0, 2, 0)
    assert session.scalar(select(func.count()).select_from(Post)) == 1
    assert session.scalar(select(func.count()).select_from(Classification)) == 1


@pytest.mark.usefixtures("watchlist")
def test_caption_edit_keeps_the_old_text_and_redetects(
    session: Session, model_cache_dir: Path
) -> None:
    before = make_post(external_id="5", author_handle="camat_hendra",
                       text="Kerja bakti bersama warga Harapan Jaya")
    _ingest(session, [before], model_cache_dir)
    assert _flagged_ids(session) == set()
    after = make_post(external_id="5", author_handle="camat_hendra",
                      text="Kerja bakti bersama warga. Coblos no 2, Bulatkan tekad untuk Mas Bima!")
    counts = _ingest(session, [after], model_cache_dir)
    assert (counts.updated, counts.flagged) == (1, 1)
    revision = session.scalar(select(PostRevision))
    assert revision is not None and revision.text == before.text
    assert revision.raw_sha256 == before.raw_sha256
    stored = session.scalar(select(Post))
    assert stored is not None and stored.text == after.text
    assert stored.raw_sha256 == after.raw_sha256


@pytest.mark.usefixtures("watchlist")
def test_metrics_update_is_not_a_revision(session: Session, model_cache_dir: Path) -> None:
    post = make_post(external_id="6", text="Selamat pagi Bekasi")
    _ingest(session, [post], model_cache_dir)
    seen_again = replace(post, metrics={"views": 9000, "likes": 700},
                         raw=post.raw + b" ", collected_at=NOW)
    counts = _ingest(session, [seen_again], model_cache_dir)
    assert counts.updated == 1
    stored = session.scalar(select(Post))
    assert stored is not None and stored.metrics["views"] == 9000
    assert stored.collected_at == post.collected_at and stored.last_seen_at == NOW
    assert session.scalar(select(func.count()).select_from(PostRevision)) == 0


@pytest.mark.usefixtures("watchlist")
def test_raw_payload_is_kept_byte_for_byte(session: Session, model_cache_dir: Path) -> None:
    raw = '{"id": "7", "desc": "Salam  dari   Bekasi \\u2728 ✨"}'.encode()
    _ingest(session, [make_post(external_id="7", raw=raw)], model_cache_dir)
    stored = session.scalar(select(Post))
    assert stored is not None and stored.raw.encode("utf-8") == raw
    import hashlib

    assert stored.raw_sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.usefixtures("watchlist")
def test_a_failing_batch_leaves_nothing_behind(session: Session, model_cache_dir: Path) -> None:
    good = make_post(
        external_id="8", author_handle="camat_hendra", text="Bulatkan tekad untuk Mas Bima!"
    )
    naive = replace(make_post(external_id="9"), collected_at=datetime(2024, 10, 1))
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll the whole batch back
        _ingest(session, [good, naive], model_cache_dir)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Post)) == 0
    assert session.scalar(select(func.count()).select_from(ReviewItem)) == 0


def test_reading_ahead_hands_over_every_batch_and_the_reader_errors() -> None:
    from app.posts.capture_import import _ahead

    assert list(_ahead(iter([[1], [2], [3]]), depth=1)) == [[1], [2], [3]]

    def broken():
        yield [1]
        raise OSError("disk went away")

    got = []
    with pytest.raises(OSError, match="disk went away"):
        for batch in _ahead(broken()):
            got.append(batch)
    assert got == [[1]]


@pytest.mark.usefixtures("watchlist")
def test_an_older_sighting_never_replaces_a_newer_one(
    session: Session, model_cache_dir: Path
) -> None:
    older = make_post(external_id="7", text="Selamat pagi Bekasi",
                      collected_at=datetime(2024, 10, 1, tzinfo=UTC))
    newer = make_post(external_id="7", text="Selamat pagi Bekasi! (diedit)",
                      collected_at=datetime(2024, 10, 2, tzinfo=UTC))
    first = _ingest(session, [older, newer], model_cache_dir)
    assert (first.new, first.updated) == (1, 1)
    for _ in range(2):  # re-importing the same capture, in any order, changes nothing
        again = _ingest(session, [older, newer], model_cache_dir)
        assert (again.new, again.updated, again.duplicate) == (0, 0, 2)
    stored = session.scalar(select(Post))
    assert stored is not None and stored.text == newer.text
    assert [r.text for r in session.scalars(select(PostRevision))] == [older.text]
