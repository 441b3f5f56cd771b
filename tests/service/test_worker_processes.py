"""Scaled-out mode: jobs queued in PostgreSQL (procrastinate) and run by real ``docsvc worker`` processes.

A worker killed with SIGKILL mid-job leaves its job to another worker; the contract ends with exactly one set
of rows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.main import create_app
from docsvc.models import ExtractionRun, Role, SlaTerm
from docsvc.runtime import Runtime, open_runtime
from tests.fixtures.databases import temporary_postgres_database
from tests.fixtures.service_docs import write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_documents import upload


@pytest.fixture
def pg_runtime(tmp_path: Path) -> Iterator[Runtime]:
    with temporary_postgres_database() as url:
        settings = Settings(home=tmp_path / "home", database_url=url, job_stale_seconds=2,
                            worker_stalled_seconds=2)
        runtime = open_runtime(settings)
        yield runtime
        runtime.close()


def start_worker(runtime: Runtime, name: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DOCSVC_HOME": str(runtime.settings.home),
           "DOCSVC_DATABASE_URL": runtime.settings.resolved_database_url,
           "DOCSVC_JOB_STALE_SECONDS": "2", "DOCSVC_WORKER_STALLED_SECONDS": "2"}
    return subprocess.Popen([sys.executable, "-m", "docsvc.cli", "worker", "--name", name], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def run_state(runtime: Runtime, run_id: str) -> tuple[str, str | None]:
    with transaction(runtime.sessions) as session:
        run = session.get(ExtractionRun, uuid.UUID(run_id))
        assert run is not None
        return run.status, str(run.contract_id) if run.contract_id else None


def wait_for(predicate: object, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_job_is_queued_with_the_document_and_run_by_a_worker_process(pg_runtime: Runtime, tmp_path: Path) -> None:
    with transaction(pg_runtime.sessions) as session:
        _, key = create_key(session, name="uploader", role=Role.CONTRACT_MANAGER, actor="test")
    with TestClient(create_app(pg_runtime.settings, runtime=pg_runtime)) as client:
        accepted = upload(client, key, write_sla_contract(tmp_path / "a.docx", supplier="Northwind", customer="Acme"))
        run_id = accepted.json()["job"]["id"]
        with pg_runtime.engine.connect() as conn:
            queued = conn.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE queueing_lock = :l"),
                                  {"l": f"run:{run_id}"}).scalar_one()
        assert queued == 1
        assert run_state(pg_runtime, run_id)[0] == "queued"  # nothing runs in the web process in this mode
        worker = start_worker(pg_runtime, "w1")
        try:
            wait_for(lambda: run_state(pg_runtime, run_id)[0] == "succeeded")
        finally:
            stop(worker)
        job = client.get(f"/v1/jobs/{run_id}", headers=bearer(key)).json()
        assert job["status"] == "succeeded" and job["contract_id"]


def test_a_killed_worker_leaves_its_job_to_another_without_duplicates(pg_runtime: Runtime, tmp_path: Path) -> None:
    with transaction(pg_runtime.sessions) as session:
        _, key = create_key(session, name="uploader", role=Role.CONTRACT_MANAGER, actor="test")
    big = write_sla_contract(tmp_path / "big.docx", supplier="Northwind", customer="Acme", filler_paragraphs=6000)
    with TestClient(create_app(pg_runtime.settings, runtime=pg_runtime)) as client:
        run_id = upload(client, key, big).json()["job"]["id"]
    first = start_worker(pg_runtime, "doomed")
    try:
        wait_for(lambda: run_state(pg_runtime, run_id)[0] == "running")
    finally:
        stop(first, signal.SIGKILL)
    assert run_state(pg_runtime, run_id)[0] == "running"  # died mid-job
    time.sleep(3)  # let its heartbeat go stale
    second = start_worker(pg_runtime, "rescuer")
    try:
        wait_for(lambda: run_state(pg_runtime, run_id)[0] in ("succeeded", "failed"), timeout=180)
    finally:
        stop(second)
    status, contract_id = run_state(pg_runtime, run_id)
    assert status == "succeeded"
    with transaction(pg_runtime.sessions) as session:
        run = session.get(ExtractionRun, uuid.UUID(run_id))
        assert run is not None and run.attempts == 2  # claimed by the doomed worker, then by the rescuer
        rows = session.scalar(select(func.count()).select_from(SlaTerm)
                              .where(SlaTerm.contract_id == run.contract_id))
    assert contract_id and rows == 7  # 3 priorities x (response, resolution) + availability, once


def test_a_job_handed_back_is_queued_again_for_later(pg_runtime: Runtime) -> None:
    from docsvc.jobs.distributed import RETRY_DELAY_SECONDS, enqueue_in_transaction

    run_id = uuid.uuid4()
    with transaction(pg_runtime.sessions) as session:
        enqueue_in_transaction(session, run_id, delay_seconds=RETRY_DELAY_SECONDS)
    with pg_runtime.engine.connect() as conn:
        row = conn.execute(text("SELECT status, scheduled_at - now() AS wait, args FROM procrastinate_jobs "
                                "WHERE queueing_lock = :l"), {"l": f"run:{run_id}"}).one()
    assert row.status == "todo" and row.args == {"run_id": str(run_id)}
    assert RETRY_DELAY_SECONDS - 5 < row.wait.total_seconds() <= RETRY_DELAY_SECONDS
