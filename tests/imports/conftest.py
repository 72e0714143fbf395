"""An app whose var dir already holds the trained classifier, users and keys to upload with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.auth import service as auth_service
from app.config import Settings
from app.main import create_app
from app.posts.detect import get_classifier

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "zeeschuimer"
NDJSON = {"Content-Type": "application/x-ndjson"}


@pytest.fixture(scope="session")
def trained_models(model_cache_dir: Path) -> Path:
    """The session's classifier, trained at most once (it takes a minute)."""
    get_classifier(model_cache_dir)
    return model_cache_dir


@pytest.fixture(scope="session")
def var_dir(trained_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var dir whose model cache is the session's trained classifier, as a server's is."""
    var = tmp_path_factory.mktemp("imports-var")
    (var / "models").symlink_to(trained_models, target_is_directory=True)
    return var


@pytest.fixture
def client(
    database_url: str, session_factory: sessionmaker[Session], var_dir: Path
) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, var_dir=var_dir))
    with TestClient(app, follow_redirects=False) as c:
        yield c
    app.state.engine.dispose()


@pytest.fixture
def make_key(session_factory: sessionmaker[Session]) -> Callable[..., dict[str, str]]:
    """Bearer headers for a new partner API key with the given scopes."""

    def make(*scopes: str, name: str = "pokja laptop") -> dict[str, str]:
        with session_factory() as s:
            _, token = auth_service.create(session=s, name=name, scopes=scopes)
            s.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


def capture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
