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
    # Signs pagination cursors; default: a random secret in <home>/cursor-secret. Set it when several hosts with
    # their own home serve one database, so a cursor from one is valid on the others.
    cursor_secret: SecretStr | None = None
    # Every request body but a multipart upload (which has max_upload_bytes): refused when declared larger,
    # cut off with 413 while streaming otherwise. The largest real JSON request is a few KB.
    max_json_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    # Failed authentications an address may make in a burst (and per minute after); then 429. 0: no limit.
    auth_failures_per_minute: int = Field(default=30, ge=0)
    # Web workbench sessions (docsvc/users/sessions.py): end after this idleness, or this long after sign-in.
    ui_session_idle_minutes: int = Field(default=60, ge=1)
    ui_session_max_hours: int = Field(default=12, ge=1)
    # Failed sign-ins per address (and per e-mail) in a burst and per minute; then the form answers 429.
    ui_sign_in_failures_per_minute: int = Field(default=10, ge=0)
    # Slow clients (slowloris): a request's headers must arrive within this many seconds of the connection
    # opening or of the previous response; a body that stops arriving for this long is dropped with 408.
    header_read_timeout_seconds: float = Field(default=10.0, gt=0)
    body_read_timeout_seconds: float = Field(default=30.0, gt=0)
    keep_alive_timeout_seconds: int = Field(default=5, ge=1)

    # Extraction: confidences mapped through docsvc/extract/nlp/calibration.json (share of such values found
    # correct on the labelled corpora); false gives the extractors' raw scores, which the calibration is fitted on.
    extract_calibrated_confidence: bool = True

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
    render_workers: int = 2
    render_cpu_seconds: int = 20
    render_memory_mb: int = 1024
    render_timeout_seconds: float = 60.0
    # Fairness (issue 10): one customer (or customer-less key) holds at most this many render workers / PDF
    # slots at once; over its share it gets 503 + Retry-After. With every slot busy a request waits this long.
    render_per_customer: int = 1
    pdf_workers: int = 2
    pdf_per_customer: int = 1
    pdf_timeout_seconds: float = 60.0
    pdf_memory_mb: int = 1024
    generation_wait_seconds: float = 5.0
    seed_builtin_templates: bool = True
    builtin_templates_dir: Path | None = Field(
        default=None, description="Folder of the built-in .docx templates; default: templates/ beside the package.")

    # Letterhead of generated documents (a request's data.letterhead overrides any of it). Unset lines are left
    # out of the documents: a placeholder company name must never reach a customer.
    organisation_name: str | None = Field(default=None, description="Company name in the letterhead.")
    organisation_address: str | None = Field(default=None, description="Address lines separated by ';'.")
    organisation_signatory: str | None = Field(
        default=None, description="Who signs letters; default: the person who generates the document.")
    letterhead_company: str | None = Field(default=None, description="Older name of organisation_name.")
    letterhead_address: str = Field(default="", description="Address lines separated by ';'.")
    letterhead_phone: str | None = None
    letterhead_email: str | None = None
    letterhead_website: str | None = None
    letterhead_registration: str | None = None

    # Webhooks (docsvc/webhooks). Deliveries never go to loopback, private, link-local, multicast or reserved
    # addresses (SSRF) except to hosts listed here (comma-separated names or IP literals, as written in the URL).
    webhook_allowed_hosts: str = Field(
        default="", description="Hosts webhooks may reach even on private/loopback addresses (comma-separated).")
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="Connect + answer time per attempt.")
    # Attempt n (n >= 2) waits base * 2**(n-2), at most retry_max; after max_attempts the delivery is failed.
    webhook_max_attempts: int = Field(default=6, ge=1, le=20)
    webhook_retry_base_seconds: float = Field(default=30.0, ge=0)
    webhook_retry_max_seconds: float = Field(default=3600.0, ge=0)
    webhook_deadline_days: int = Field(
        default=30, ge=0, le=3660,
        description="deadline.approaching is sent once per deadline when it is this many days away or fewer "
                    "(0: never). The scan runs hourly in the worker and on `docsvc webhooks scan-deadlines`.")

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'docsvc.db'}"

    @property
    def resolved_queue(self) -> Literal["inprocess", "procrastinate"]:
        if self.queue != "auto":
            return self.queue
        return "procrastinate" if self.resolved_database_url.startswith("postgresql") else "inprocess"

    @property
    def webhook_hosts_allowed(self) -> frozenset[str]:
        return frozenset(h.strip().lower().strip("[]") for h in self.webhook_allowed_hosts.split(",") if h.strip())

    @property
    def resolved_storage_path(self) -> Path:
        return self.storage_path or self.home / "objects"


@cache
def get_settings() -> Settings:
    return Settings()
