"""Database fixtures: every database test runs on SQLite and on PostgreSQL.

Each backend gets a fresh database migrated by Alembic (never create_all) once per session;
after each test its rows are deleted, reference regions excepted.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import upgrade_database
from app.models import Base

POSTGRES_URL = os.environ.get(
    "PANTAU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("PANTAU_TEST_REQUIRE_POSTGRES") == "1"
KEEP_TABLES = {"regions", "alembic_version"}
ROOT = Path(__file__).resolve().parent.parent


def _postgres_reachable() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


_pg_problem = _postgres_reachable()


def _databases_line() -> str:
    if _pg_problem is None:
        return f"databases: sqlite, postgresql ({make_url(POSTGRES_URL).render_as_string()})"
    return f"databases: sqlite only; PostgreSQL SKIPPED, not reachable: {_pg_problem}"


def pytest_report_header(config: pytest.Config) -> str:
    return _databases_line()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # `make test` runs quietly, which hides the header; a skipped database must still show.
    terminalreporter.write_line(_databases_line(), yellow=_pg_problem is not None)


def pytest_sessionstart(session: pytest.Session) -> None:
    if _pg_problem is not None and REQUIRE_POSTGRES:
        raise pytest.UsageError(
            f"PANTAU_TEST_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable: {_pg_problem}"
        )


def _create_postgres_database() -> tuple[str, str]:
    name = f"pantau_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(name: str) -> None:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, region-loaded database URL for each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pantau.db'}"
        upgrade_database(url)
        yield url
        return
    if _pg_problem is not None:
        pytest.skip(f"PostgreSQL not reachable: {_pg_problem}")
    name, url = _create_postgres_database()
    try:
        upgrade_database(url)
        yield url
    finally:
        _drop_postgres_database(name)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    yield sessionmaker(bind=engine, expire_on_commit=False)
    _wipe(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work the test commits or discards itself."""
    with session_factory() as s:
        yield s
        s.rollback()


def _wipe(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                conn.execute(table.delete())


@pytest.fixture
def backend(database_url: str) -> str:
    return make_url(database_url).get_backend_name()


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One trained support classifier shared by the whole session."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture
def client(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The app over HTTP on the backend under test; redirects are left for the test to see."""
    app = create_app(Settings(database_url=database_url))
    with TestClient(app, follow_redirects=False) as c:
        yield c
    app.state.engine.dispose()
