"""All settings in one place, read from ``DOCSVC_*`` environment variables (and ``.env``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCSVC_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path.home() / ".docsvc", description="Where embedded state lives.")

    # Parsing limits: a hostile or broken file must end as a clear error, never a hang or an OOM.
    max_pages: int = 500
    max_upload_bytes: int = 200 * 1024 * 1024
    parse_timeout_seconds: float = 120.0
    parse_memory_mb: int = 1536


def get_settings() -> Settings:
    return Settings()
