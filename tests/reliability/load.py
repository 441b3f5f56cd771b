"""The scaled-out stack for the load-and-fault tests: PostgreSQL, the SeaweedFS S3 server, ``docsvc serve`` and
``docsvc worker`` processes, plus concurrent upload batches and the helpers to kill processes by role.

The server and the workers are real processes configured only through ``DOCSVC_*`` variables, as deployed; the
test process opens its own ``Runtime`` on the same database and bucket to inspect rows and objects.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import func, select

from docsvc.auth.keys import generate_key
from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.models import ExtractionRun, Role
from docsvc.runtime import Runtime, open_runtime
from tests.fixtures.databases import temporary_postgres_database
from tests.fixtures.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedServer
from tests.service.test_concurrency import _wait_ready
from tests.service.test_e2e_server import free_port
from tests.service.test_worker_processes import stop

# A small upload takes well under a second even 32 at once on 2 cores; one still waiting after this is stuck.
REQUEST_TIMEOUT = 60.0
# Short enough that a killed worker's job is taken over within seconds (as in test_worker_processes).
STALE_SECONDS = 2


@dataclass
class Stack:
    settings: Settings
    env: dict[str, str]
    runtime: Runtime  # the test's own view of the database and the bucket
    base: str
    manager: str  # contract_manager key
    coordinator: str  # coordinator key (generation)
    logs: Path
    server: subprocess.Popen[bytes] | None = None
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def headers(self, key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.manager}"}

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        """A ``docsvc worker`` process; its log goes to ``<logs>/<name>.log`` (a pipe nobody reads would block)."""
        with (self.logs / f"{name}.log").open("wb") as sink:
            proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "worker", "--name", name], env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
        self.workers[name] = proc
        return proc

    def kill_worker(self, name: str) -> None:
        stop(self.workers.pop(name), signal.SIGKILL)

    def worker_named(self, worker_id: str | None) -> str | None:
        """The name under which this test started the process that recorded ``worker_id`` on a run
        (``host:pid:boot.start``, docsvc.jobs.owner.owner_id)."""
        parts = (worker_id or "").rsplit(":", 2)
        pid = parts[1] if len(parts) == 3 else None
        return next((name for name, proc in self.workers.items() if str(proc.pid) == pid), None)

    def log_tail(self, name: str = "server", chars: int = 3000) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def s3_settings(home: Path, database_url: str, seaweed: SeaweedServer) -> Settings:
    return Settings(home=home, database_url=database_url, storage_backend="s3", storage_endpoint=seaweed.endpoint,
                    storage_bucket=f"load-{uuid.uuid4().hex[:16]}", storage_access_key=ACCESS_KEY,
                    storage_secret_key=SecretStr(SECRET_KEY), job_stale_seconds=STALE_SECONDS,
                    worker_stalled_seconds=STALE_SECONDS)


def service_env(settings: Settings, admin: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DOCSVC_")}
    env.update({
        "DOCSVC_HOME": str(settings.home), "DOCSVC_ADMIN_KEY": admin,
        "DOCSVC_DATABASE_URL": settings.resolved_database_url,  # queue "auto" on PostgreSQL: procrastinate
        "DOCSVC_STORAGE_BACKEND": settings.storage_backend, "DOCSVC_STORAGE_ENDPOINT": settings.storage_endpoint,
        "DOCSVC_STORAGE_BUCKET": settings.storage_bucket, "DOCSVC_STORAGE_ACCESS_KEY": settings.storage_access_key,
        "DOCSVC_STORAGE_SECRET_KEY": settings.storage_secret_key.get_secret_value(),
        "DOCSVC_JOB_STALE_SECONDS": str(settings.job_stale_seconds),
        "DOCSVC_WORKER_STALLED_SECONDS": str(settings.worker_stalled_seconds),
    })
    return env


@contextmanager
def scaled_out_stack(tmp_path: Path, seaweed: SeaweedServer,
                     configure: Callable[[Settings], Settings] = lambda s: s) -> Iterator[Stack]:
    """PostgreSQL (throw-away database) + a bucket of its own + ``docsvc serve``; workers are started by the test.
    Everything started here is stopped on exit, killed if it does not stop within seconds."""
    with temporary_postgres_database() as url:
        settings = configure(s3_settings(tmp_path / "home", url, seaweed))
        logs = tmp_path / "logs"
        logs.mkdir()
        admin = generate_key().plaintext
        runtime = open_runtime(settings)  # migrates and creates the bucket before any process starts
        with transaction(runtime.sessions) as session:
            _, manager = create_key(session, name="uploader", role=Role.CONTRACT_MANAGER, actor="test")
            _, coordinator = create_key(session, name="coordinator", role=Role.COORDINATOR, actor="test")
        port = free_port()
        stack = Stack(settings, service_env(settings, admin), runtime, f"http://127.0.0.1:{port}", manager,
                      coordinator, logs)
        try:
            with (logs / "server.log").open("wb") as sink:
                stack.server = subprocess.Popen(
                    [sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port), "--no-access-log"],
                    env=stack.env, stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
            _wait_ready(stack.server, stack.base, logs / "server.log")
            yield stack
        finally:
            for name in list(stack.workers):
                stop(stack.workers.pop(name), signal.SIGTERM)
            if stack.server is not None:
                stop(stack.server, signal.SIGTERM)
            runtime.close()


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    headers: dict[str, str] = field(default_factory=dict)


def send_batches(stack: Stack, uploads: list[Upload], *, threads: int = 32,
                 between: Callable[[int], None] | None = None) -> list[httpx.Response | Exception]:
    """POST the uploads in batches of ``threads``, each batch released at once behind a barrier; ``between(i)``
    runs after batch ``i``. A transport error (timeout, reset) is returned in place of its response."""
    results: list[httpx.Response | Exception] = []
    clients = [httpx.Client(base_url=stack.base, timeout=REQUEST_TIMEOUT) for _ in range(threads)]
    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for i, start in enumerate(range(0, len(uploads), threads)):
                batch = uploads[start:start + threads]
                barrier = threading.Barrier(len(batch))

                def one(job: tuple[httpx.Client, Upload], barrier: threading.Barrier = barrier
                        ) -> httpx.Response | Exception:
                    http, item = job
                    try:
                        barrier.wait(timeout=30)
                        return http.post("/v1/documents", files={"file": (item.name, item.data)},
                                         data={"customer": "Acme"}, headers={**stack.headers(), **item.headers})
                    except (httpx.HTTPError, threading.BrokenBarrierError) as exc:
                        return exc

                results += pool.map(one, zip(clients, batch, strict=False))
                if between is not None:
                    between(i)
    finally:
        for http in clients:
            http.close()
    return results


def describe(results: list[httpx.Response | Exception]) -> list[Any]:
    return [(r.status_code, r.text[:300]) if isinstance(r, httpx.Response) else repr(r) for r in results]


def run_states(runtime: Runtime) -> dict[uuid.UUID, ExtractionRun]:
    with transaction(runtime.sessions) as session:
        runs = session.scalars(select(ExtractionRun)).all()
        session.expunge_all()
    return {run.id: run for run in runs}


def count(runtime: Runtime, model: type[Any]) -> int:
    with transaction(runtime.sessions) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def wait_until(predicate: Callable[[], object], timeout: float, what: str, poll: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def run_check(stack: Stack) -> subprocess.CompletedProcess[str]:
    """``docsvc check`` as an operator runs it, against the same database and bucket."""
    return subprocess.run([sys.executable, "-m", "docsvc.cli", "check"], env=stack.env, capture_output=True,
                          text=True, timeout=120)
