"""All settings in one place, read from ``DOCSVC_*`` environment variables (and ``.env``).

The defaults run everything embedded under ``DOCSVC_HOME``: SQLite, a local object-store folder and an
in-process worker. Setting ``DOCSVC_DATABASE_URL`` to PostgreSQL and ``DOCSVC_STORAGE_BACKEND=s3`` scales out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCSVC_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path.home() / ".docsvc", description="Where embedded state lives.")

    # Database: SQLite under home by default; any SQLAlchemy URL (postgresql+psycopg://...) otherwise.
    database_url: str | None = None
    # Connections each web or worker process keeps open. At least the requests you expect at once: a request
    # beyond it opens a connection and closes it again (a new PostgreSQL backend each time, measured as a
    # third of the database's CPU under 16 clients with the old size of 10).
    database_pool_size: int = Field(default=20, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)
    # PostgreSQL: GET /v1/sla reads through an async pool of its own (on the event loop); requests beyond it
    # wait their turn, which a 2-core database serves faster than more queries at once.
    sla_read_connections: int = Field(default=8, ge=1)

    # Object store
    storage_backend: Literal["local", "s3"] = "local"
    storage_path: Path | None = None  # local backend; default <home>/objects
    storage_endpoint: str = "127.0.0.1:9000"
    storage_bucket: str = "docsvc"
    storage_access_key: str = ""
    storage_secret_key: SecretStr = SecretStr("")
    storage_secure: bool = False
    storage_region: str | None = None

    # Jobs. "auto": in-process for SQLite, procrastinate (separate `docsvc worker` processes) for PostgreSQL.
    queue: Literal["auto", "inprocess", "procrastinate"] = "auto"
    # A running job whose heartbeat is older than this is taken over by another worker (its worker died).
    job_stale_seconds: float = 600.0
    # procrastinate: a worker that sent no heartbeat for this long is dead; its jobs are retried.
    worker_stalled_seconds: float = 30.0

    # Security
    admin_key: SecretStr | None = None

    # Parsing limits: a hostile or broken file must end as a clear error, never a hang or an OOM.
    max_pages: int = 500
    max_upload_bytes: int = 200 * 1024 * 1024
    parse_timeout_seconds: float = 120.0
    parse_memory_mb: int = 1536
    # OCR of scanned pages (Debian: tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-deu). The parser reads the
    # same two variables itself (ParseLimits), so every process that parses agrees with these.
    tesseract_cmd: str = Field(default="tesseract", description="Tesseract binary (name on PATH or a path).")
    ocr_languages: str = Field(
        default="auto", description='Tesseract models, e.g. "deu"; "auto": from the text layer or a first pass.')

    # Document generation: templates render in child processes with these limits (a template is code).
    render_workers: int = 1
    render_cpu_seconds: int = 20
    render_memory_mb: int = 1024
    render_timeout_seconds: float = 60.0
    seed_builtin_templates: bool = True
    builtin_templates_dir: Path | None = Field(
        default=None, description="Folder of the built-in .docx templates; default: templates/ beside the package.")

    # Letterhead of generated documents (a request's data.letterhead overrides any of it).
    letterhead_company: str = "Your Company Ltd"
    letterhead_address: str = Field(default="", description="Address lines separated by ';'.")
    letterhead_phone: str | None = None
    letterhead_email: str | None = None
    letterhead_website: str | None = None
    letterhead_registration: str | None = None

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'docsvc.db'}"

    @property
    def resolved_queue(self) -> Literal["inprocess", "procrastinate"]:
        if self.queue != "auto":
            return self.queue
        return "procrastinate" if self.resolved_database_url.startswith("postgresql") else "inprocess"

    @property
    def resolved_storage_path(self) -> Path:
        return self.storage_path or self.home / "objects"


@cache
def get_settings() -> Settings:
    return Settings()
