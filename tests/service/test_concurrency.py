"""Concurrent uploads against a real uvicorn server process, on SQLite and on PostgreSQL.

Racing clients must never create two documents, two jobs or a stray object for the same bytes, and every
client must get a usable answer (200 or 202) naming the one document. Threads start their requests together
behind a barrier so the requests really overlap inside the server.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from docsvc.auth.keys import generate_key
from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.integrity import check_integrity
from docsvc.models import Document, ExtractionRun, Role
from docsvc.runtime import Runtime, open_runtime
from docsvc.storage import content_key
from tests.fixtures.service_docs import write_sla_contract
from tests.service.test_e2e_server import free_port

CLIENTS = 8
# An upload of these small files takes well under a second even with eight at once; a request still waiting
# after this long is stuck, and the test should say so instead of blocking the suite.
REQUEST_TIMEOUT = 15.0


@dataclass
class Served:
    base: str
    manager: str  # a contract_manager API key
    runtime: Runtime  # the server's database and object store, opened from the test process
    queue: str  # how the server queues jobs: "inprocess" (SQLite) or "procrastinate" (PostgreSQL)


@pytest.fixture
def served(settings: Settings) -> Iterator[Served]:
    """``docsvc serve`` in its own process on the parametrised database (SQLite file or PostgreSQL)."""
    admin = generate_key().plaintext
    runtime = open_runtime(settings)  # migrates before the server starts, so the two never race on it
    with transaction(runtime.sessions) as session:
        _, manager = create_key(session, name="uploader", role=Role.CONTRACT_MANAGER, actor="test")
    env = {**os.environ, "DOCSVC_HOME": str(settings.home), "DOCSVC_ADMIN_KEY": admin}
    env.pop("DOCSVC_DATABASE_URL", None)
    env.pop("DOCSVC_QUEUE", None)  # PostgreSQL: the scaled-out default, jobs deferred to procrastinate
    if settings.database_url:
        env["DOCSVC_DATABASE_URL"] = settings.database_url
    port = free_port()
    # the log goes to a file: a pipe nobody reads would block the server once its buffer is full
    log = settings.home / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, log)
        yield Served(base, manager, runtime, "procrastinate" if settings.database_url else "inprocess")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)  # a graceful shutdown waits for in-flight requests, forever if they hang
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        runtime.close()


def _wait_ready(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not become ready")


def race(served: Served, uploads: list[tuple[Path, dict[str, str]]]) -> list[httpx.Response]:
    """POST every (file, extra headers) from its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(uploads))
    bodies = [(path.name, path.read_bytes(), headers) for path, headers in uploads]

    def one(item: tuple[str, bytes, dict[str, str]]) -> httpx.Response:
        name, data, headers = item
        with httpx.Client(base_url=served.base, timeout=REQUEST_TIMEOUT) as http:
            barrier.wait()
            return http.post("/v1/documents", files={"file": (name, data)}, data={"customer": "Acme"},
                             headers={"Authorization": f"Bearer {served.manager}", **headers})

    with ThreadPoolExecutor(max_workers=len(uploads)) as pool:
        return list(pool.map(one, bodies))


def _rows(runtime: Runtime, sha256: str) -> tuple[int, int]:
    """(documents, jobs) recorded for these bytes."""
    with transaction(runtime.sessions) as session:
        documents = session.scalar(select(func.count()).select_from(Document).where(Document.sha256 == sha256))
        jobs = session.scalar(select(func.count()).select_from(ExtractionRun).join(Document)
                              .where(Document.sha256 == sha256))
    return documents or 0, jobs or 0


def _assert_consistent(runtime: Runtime, documents: int) -> None:
    report = check_integrity(runtime)
    assert report.clean, report
    assert report.documents == report.objects == documents


def _deferred(runtime: Runtime, run_id: str) -> int:
    """How many procrastinate jobs were deferred for this run (each racing upload could have deferred one)."""
    with runtime.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE queueing_lock = :lock"),
                                {"lock": f"run:{run_id}"}).scalar_one())


def _describe(responses: list[httpx.Response]) -> list[Any]:
    return [(r.status_code, r.text[:300]) for r in responses]


def _wait_for_job(served: Served, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    with httpx.Client(base_url=served.base, timeout=10) as http:
        while time.monotonic() < deadline:
            job: dict[str, Any] = http.get(f"/v1/jobs/{job_id}",
                                           headers={"Authorization": f"Bearer {served.manager}"}).json()
            if job["status"] in ("succeeded", "failed"):
                return job
            time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def test_same_file_uploaded_concurrently_is_one_document(served: Served, tmp_path: Path) -> None:
    path = write_sla_contract(tmp_path / "same.docx", supplier="Northwind", customer="Acme")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    responses = race(served, [(path, {})] * CLIENTS)
    assert all(r.status_code in (200, 202) for r in responses), _describe(responses)
    # exactly one request created the document; the others were told it already exists
    assert sorted(r.status_code for r in responses) == [200] * (CLIENTS - 1) + [202]
    assert [r.json()["duplicate"] for r in responses].count(False) == 1
    assert len({r.json()["document"]["id"] for r in responses}) == 1
    assert len({r.json()["job"]["id"] for r in responses}) == 1
    assert _rows(served.runtime, sha) == (1, 1)
    assert served.runtime.store.stat(content_key(sha)) is not None
    _assert_consistent(served.runtime, documents=1)
    job_id = responses[0].json()["job"]["id"]
    if served.queue == "procrastinate":
        assert _deferred(served.runtime, job_id) == 1  # run by `docsvc worker` processes, not started here
    else:
        job = _wait_for_job(served, job_id)
        assert job["status"] == "succeeded" and job["attempts"] == 1, job


def test_different_files_uploaded_concurrently_are_distinct_documents(served: Served, tmp_path: Path) -> None:
    paths = [write_sla_contract(tmp_path / f"c{i}.docx", supplier=f"Supplier{i}", customer="Acme")
             for i in range(CLIENTS)]
    responses = race(served, [(path, {}) for path in paths])
    assert [r.status_code for r in responses] == [202] * CLIENTS, _describe(responses)
    documents = [r.json()["document"] for r in responses]
    assert [d["sha256"] for d in documents] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    assert len({d["id"] for d in documents}) == CLIENTS
    assert len({r.json()["job"]["id"] for r in responses}) == CLIENTS
    # one customer "Acme" although eight requests asked for it at once
    assert len({d["customer_id"] for d in documents}) == 1
    assert all(_rows(served.runtime, d["sha256"]) == (1, 1) for d in documents)
    if served.queue == "procrastinate":
        assert [_deferred(served.runtime, r.json()["job"]["id"]) for r in responses] == [1] * CLIENTS
    _assert_consistent(served.runtime, documents=CLIENTS)


def test_repeated_idempotency_key_concurrently_is_one_document(served: Served, tmp_path: Path) -> None:
    path = write_sla_contract(tmp_path / "retry.docx", supplier="Contoso", customer="Acme")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    responses = race(served, [(path, key)] * CLIENTS)
    assert all(r.status_code in (200, 202) for r in responses), _describe(responses)
    assert len({r.json()["document"]["id"] for r in responses}) == 1
    assert _rows(served.runtime, sha) == (1, 1)
    _assert_consistent(served.runtime, documents=1)
