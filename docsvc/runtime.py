"""The long-lived parts of a docsvc process (database, object store), built once from the settings.

The web app, the worker and the CLI commands all start from ``open_runtime`` so they agree on where state
lives; the first start migrates the schema and creates the first admin key.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from docsvc.auth.keys import key_from_plaintext
from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import make_engine, make_sessionmaker, migrate, transaction
from docsvc.home import make_home_private
from docsvc.models import ApiKey, Role
from docsvc.storage import ObjectStore
from docsvc.storage.local import LocalStore
from docsvc.storage.s3 import S3Store
from docsvc.webhooks.queue import QUEUE_INFO

if TYPE_CHECKING:
    from docsvc.generate import RenderPool

log = logging.getLogger(__name__)

FIRST_KEY_FILE = "first-admin-key.txt"


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    store: ObjectStore
    job_event: threading.Event = field(default_factory=threading.Event)
    first_key_file: str | None = None  # set when this start created the first admin key
    _renderer: RenderPool | None = None
    _renderer_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        # Code that only holds a session (webhooks.service.emit) learns from it whether to defer a
        # procrastinate job or leave the row to the in-process worker.
        self.sessions.configure(info={QUEUE_INFO: self.settings.resolved_queue})

    @property
    def renderer(self) -> RenderPool:
        """The pool of template-rendering child processes, started on the first generation (most processes
        never render, and a render worker costs ~60 MB)."""
        with self._renderer_lock:
            if self._renderer is None:
                from docsvc.generate import RenderPool

                s = self.settings
                self._renderer = RenderPool(size=s.render_workers, cpu_seconds=s.render_cpu_seconds,
                                            memory_mb=s.render_memory_mb, timeout_seconds=s.render_timeout_seconds,
                                            per_owner=s.render_per_customer, wait_seconds=s.generation_wait_seconds)
            return self._renderer

    def enqueue(self, session: Session, run_id: uuid.UUID) -> None:
        """Queue a job inside the caller's transaction (a no-op for the in-process worker, which reads the
        runs table itself)."""
        if self.settings.resolved_queue == "procrastinate":
            from docsvc.jobs.distributed import enqueue_in_transaction

            enqueue_in_transaction(session, run_id)

    def notify_jobs(self) -> None:
        """Wake the in-process worker: a job was just committed."""
        self.job_event.set()

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
        self.engine.dispose()


def make_store(settings: Settings) -> ObjectStore:
    if settings.storage_backend == "s3":
        store = S3Store(
            endpoint=settings.storage_endpoint, bucket=settings.storage_bucket,
            access_key=settings.storage_access_key, secret_key=settings.storage_secret_key.get_secret_value(),
            secure=settings.storage_secure, region=settings.storage_region,
        )
        store.ensure_bucket()
        return store
    return LocalStore(settings.resolved_storage_path)


def open_runtime(settings: Settings, *, migrate_schema: bool = True) -> Runtime:
    make_home_private(settings)
    url = settings.resolved_database_url
    if migrate_schema:
        migrate(url)
    engine = make_engine(url, pool_size=settings.database_pool_size, max_overflow=settings.database_max_overflow)
    runtime = Runtime(settings, engine, make_sessionmaker(engine), make_store(settings))
    runtime.first_key_file = ensure_admin_key(runtime)
    if settings.seed_builtin_templates:
        from docsvc.templates_store.seed import BUILTIN_DIR, seed_builtin_templates

        with transaction(runtime.sessions) as session:
            added = seed_builtin_templates(session, runtime.store, settings.builtin_templates_dir or BUILTIN_DIR)
        if added:
            log.info("built-in templates stored: %s", ", ".join(added))
    return runtime


def ensure_admin_key(runtime: Runtime) -> str | None:
    """Create the first admin key when none exists; returns where its plaintext was written, if anywhere.

    With ``DOCSVC_ADMIN_KEY`` set, that key is registered (once). Otherwise a random key is written to a
    file readable only by the owner under ``DOCSVC_HOME`` — never to the log.
    """
    settings = runtime.settings
    with transaction(runtime.sessions) as session:
        if settings.admin_key is not None:
            key = key_from_plaintext(settings.admin_key.get_secret_value())
            if session.scalar(select(ApiKey).where(ApiKey.prefix == key.prefix)) is None:
                create_key(session, name="admin (DOCSVC_ADMIN_KEY)", role=Role.ADMIN, actor="system", key=key)
            return None
        if session.scalar(select(ApiKey).where(ApiKey.role == Role.ADMIN.value).limit(1)) is not None:
            return None
        _, plaintext = create_key(session, name="first admin", role=Role.ADMIN, actor="system")
    path = settings.home / FIRST_KEY_FILE
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(plaintext + "\n", encoding="utf-8")
    log.info("created the first admin API key; it is in %s (readable only by you)", path)
    return str(path)
