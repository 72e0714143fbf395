"""The `pantau` import commands as a user runs them: exit codes, messages, counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.posts.models import Post
from app.watchlist.models import Person
from collectors.base import PostIn
from collectors.zeeschuimer import parse_line
from tests.builders import PEOPLE_HEADER, PEOPLE_ROWS, write_csv
from tests.e2e.test_demo_end_to_end import _env, _pantau

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "zeeschuimer"


@pytest.fixture
def env(database_url: str, session_factory: sessionmaker[Session], tmp_path: Path) -> dict:
    return _env(database_url, tmp_path / "var")


def _count(session_factory: sessionmaker[Session], model: type) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_watchlist_file_with_a_bad_row_writes_nothing(
    env: dict, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    bad_nip = [*PEOPLE_ROWS[1][:2], "198213452006041003", *PEOPLE_ROWS[1][3:]]
    path = write_csv(tmp_path / "people.csv", PEOPLE_HEADER, [PEOPLE_ROWS[0], bad_nip])
    done = _pantau(env, "watchlist", "import", str(path))
    assert done.returncode == 1
    assert "people.csv line 3, field nip" in done.stderr
    assert "nothing was written" in done.stderr
    assert _count(session_factory, Person) == 0


def test_dry_run_counts_and_writes_nothing(
    env: dict, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", PEOPLE_HEADER, PEOPLE_ROWS)
    done = _pantau(env, "watchlist", "import", str(path), "--kind", "people", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f"would write {len(PEOPLE_ROWS)} new" in done.stdout
    assert _count(session_factory, Person) == 0


def test_malformed_capture_lines_are_named_and_the_rest_imports(
    env: dict, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    capture = tmp_path / "capture.ndjson"
    lines = (FIXTURES / "tiktok.ndjson").read_text(encoding="utf-8").splitlines()
    by_id = {}
    for ln in lines:
        parsed = parse_line(ln.encode(), source="fixture", line=0)
        if isinstance(parsed, PostIn):
            by_id.setdefault(parsed.external_id, ln)
    good = list(by_id.values())[:3]
    capture.write_text("\n".join([good[0], '{"id": 2, "data": {', *good[1:]]) + "\n",
                       encoding="utf-8")
    first = _pantau(env, "import", "zeeschuimer", str(capture))
    assert first.returncode == 0, first.stderr
    assert f"{capture}:2:" in first.stderr
    n = len(good)
    assert f"read {n + 1}, new {n}," in first.stdout and "invalid 1" in first.stdout
    stored = _count(session_factory, Post)
    assert stored == n >= 2
    again = _pantau(env, "import", "zeeschuimer", str(capture))
    assert " new 0, updated 0," in again.stdout and "flagged 0" in again.stdout
    assert _count(session_factory, Post) == stored


def test_a_file_of_nothing_but_garbage_fails(env: dict, tmp_path: Path) -> None:
    capture = tmp_path / "garbage.ndjson"
    capture.write_bytes(b"not json\n\xff\xfe\n")
    done = _pantau(env, "import", "zeeschuimer", str(capture))
    assert done.returncode == 1
    assert f"{capture}:1:" in done.stderr and f"{capture}:2:" in done.stderr


def test_missing_file_is_a_clear_error(env: dict, tmp_path: Path) -> None:
    done = _pantau(env, "watchlist", "import", str(tmp_path / "nope.csv"))
    assert done.returncode != 0 and "nope.csv" in done.stderr
