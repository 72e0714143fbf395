"""All configuration, read once from the environment (prefix PANTAU_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Pantau's settings; every field can be set as PANTAU_<FIELD> in the environment."""

    model_config = SettingsConfigDict(env_prefix="PANTAU_", env_file=".env", extra="ignore")

    environment: str = Field("development", description="development, test or production")
    database_url: str = Field("sqlite:///var/pantau.db", description="SQLAlchemy URL")
    var_dir: Path = Field(Path("var"), description="where the SQLite file and model cache live")
    # A flag needs a partisan label at least this probable; below it a reviewer's minute is
    # more likely wasted than well spent.
    flag_threshold: float = Field(0.5, ge=0.0, le=1.0)
    ingest_batch_size: int = Field(1000, ge=1, le=50_000)
    api_page_max: int = Field(200, ge=1, le=1000)
    public_base_url: str = Field("http://127.0.0.1:8000", description="used in links we print")
    # Platform credentials come only from the environment; base URLs point tests and demos
    # at local fakes.
    tiktok_client_key: str = Field("", description="TikTok Research API client key")
    tiktok_client_secret: SecretStr = Field(SecretStr(""), description="its secret")
    tiktok_base_url: str = Field("https://open.tiktokapis.com")
    instagram_access_token: SecretStr = Field(SecretStr(""), description="Graph API token")
    instagram_user_id: str = Field("", description="the IG professional account's id")
    instagram_base_url: str = Field("https://graph.facebook.com/v25.0")
    # TikTok's research quota, shared by the project's collaborators: lower these when other
    # tools spend from the same project.
    tiktok_requests_per_day: int = Field(1000, ge=1)
    tiktok_records_per_day: int = Field(100_000, ge=1)
    # How long a worker holds a source between pages; another worker takes over a source
    # whose holder stopped renewing (killed, hung) once this has passed.
    source_lease_seconds: int = Field(300, ge=5, le=3600)

    @property
    def model_cache_dir(self) -> Path:
        return self.var_dir / "models"

    @property
    def matcher_cache_dir(self) -> Path:
        return self.var_dir / "matcher"


@lru_cache
def get_settings() -> Settings:
    """The process's settings, built on first use rather than at import time."""
    return Settings()
