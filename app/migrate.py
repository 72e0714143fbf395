"""Bringing a database to the current schema and reference data."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.orm import sessionmaker

from app.db import make_engine, session_scope
from app.regions import service as region_service

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade_database(database_url: str) -> int:
    """Run migrations to head, then load missing regions; returns regions added."""
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    try:
        with session_scope(sessionmaker(bind=engine)) as session:
            return region_service.load_regions(session=session)
    finally:
        engine.dispose()
