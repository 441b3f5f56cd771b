"""Issue 10 finding 15: a ``docsvc serve`` killed with SIGKILL mid-job, then started again.

Before: the job stayed ``running`` for ``DOCSVC_JOB_STALE_SECONDS`` (600 s), a half-received upload and a job
folder stayed in ``$DOCSVC_HOME/tmp`` for good, and ``docsvc check`` said clean. Now ``docsvc check`` reports
both, and the restarted server queues the job again at once and removes the files of the dead process, while
a running job and a temporary file of a live process are left alone.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from docsvc.auth.keys import generate_key
from docsvc.db import transaction
from docsvc.models import Document, ExtractionRun, RunStatus
from docsvc.runtime import Runtime
from tests.fixtures.service_docs import write_sla_contract
from tests.service.test_concurrency import _wait_ready
from tests.service.test_e2e_server import free_port

PARTIAL = 5 * 1024 * 1024


def start(home: Path, admin: str, log: Path) -> tuple[subprocess.Popen[bytes], str, int]:
    env = {**os.environ, "DOCSVC_HOME": str(home), "DOCSVC_ADMIN_KEY": admin}
    env.pop("DOCSVC_DATABASE_URL", None)
    port = free_port()
    with log.open("ab") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port), "--no-access-log"],
                                env=env, stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    _wait_ready(proc, base, log)
    return proc, base, port


def check(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCSVC_HOME": str(home), "COLUMNS": "300"}
    env.pop("DOCSVC_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "docsvc.cli", "check"], env=env, capture_output=True, text=True,
                          timeout=120)


def until(predicate: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def servers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_killed_server_hands_back_its_job_and_files_on_restart(
        tmp_path: Path, servers: list[subprocess.Popen[bytes]]) -> None:
    from docsvc.jobs import owner

    home, admin, log = tmp_path / "home", generate_key().plaintext, tmp_path / "server.log"
    auth = {"Authorization": f"Bearer {admin}"}
    proc, base, port = start(home, admin, log)
    servers.append(proc)
    doc = write_sla_contract(tmp_path / "sla.docx", supplier="Northwind", customer="Acme", filler_paragraphs=300)
    with doc.open("rb") as fh:
        accepted = httpx.post(f"{base}/v1/documents", files={"file": ("sla.docx", fh)}, headers=auth, timeout=30)
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["job"]["id"]

    # An upload still arriving when the server dies: 5 MB of a declared 50 MB.
    partial = socket.create_connection(("127.0.0.1", port))
    boundary = "crash"
    partial.sendall((f"POST /v1/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {admin}\r\n"
                     f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {50 * 2**20}\r\n\r\n"
                     f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n"
                     "%PDF-1.7\n").encode() + b"0" * PARTIAL)
    tmp = home / "tmp"
    until(lambda: any(p.name.startswith("upload-") and p.stat().st_size >= PARTIAL for p in tmp.iterdir()),
          30, "the partial upload on disk")
    until(lambda: httpx.get(f"{base}/v1/jobs/{job_id}", headers=auth).json()["status"] == "running", 60,
          "the job to run")
    # The job's working folder exists only for a moment; this is the one run_job of that process makes.
    tag = f"{owner.host()}~{proc.pid}~{owner.boot_id()}~{owner.start_ticks(proc.pid)}~"
    job_dir = tmp / f"docsvc-job-{tag}x1"
    job_dir.mkdir(exist_ok=True)
    (job_dir / "document.docx").write_bytes(b"PK")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial.close()

    # A live process's temporary file must survive the restart.
    live = tmp / f"upload-{owner.host()}~{os.getpid()}~{owner.boot_id()}~{owner.start_ticks(os.getpid())}~live"
    live.write_bytes(b"still arriving")
    leftovers = sorted(p.name for p in tmp.iterdir() if p != live)
    assert any(n.startswith("upload-") for n in leftovers) and job_dir.name in leftovers, leftovers

    report = check(home)
    assert report.returncode == 1, report.stdout
    assert "1 jobs left running by a process that died" in report.stdout, report.stdout
    assert "temporary files left by a process that died" in report.stdout
    assert str(live) not in report.stdout

    restarted = time.monotonic()
    proc, base, _ = start(home, admin, log)
    servers.append(proc)
    until(lambda: httpx.get(f"{base}/v1/jobs/{job_id}", headers=auth).json()["status"] == "succeeded", 120,
          "the interrupted job to finish after the restart")
    took = time.monotonic() - restarted
    print(f"\ninterrupted job finished {took:.1f} s after the restart (the stale rule: 600 s)")
    assert sorted(p.name for p in tmp.iterdir()) == [live.name]
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
    live.unlink()
    report = check(home)
    assert report.returncode == 0 and "clean" in report.stdout, report.stdout


def test_only_provably_dead_owners_lose_their_jobs(runtime: Runtime) -> None:
    """On SQLite and PostgreSQL (where several web processes may share the database): a live process keeps
    its job, so does one on another machine or in the older ``host:pid`` format (the heartbeat rule decides
    those); the job of a dead process, or of a process from before a reboot, is queued again."""
    from docsvc.jobs import owner, recovery

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    boot = owner.boot_id()
    workers = {"live": owner.owner_id(), "dead": f"{owner.host()}:{dead.pid}:{boot}.12345",
               "old-format": f"{owner.host()}:{dead.pid}", "other-host": f"elsewhere:{dead.pid}:{boot}.1",
               "rebooted": f"{owner.host()}:1:zzzzzzzz.1"}
    ids: dict[str, uuid.UUID] = {}
    with transaction(runtime.sessions) as session:
        for label, worker in workers.items():
            document = Document(storage_key=f"documents/{label}", filename=f"{label}.pdf",
                                sha256=label.ljust(64, "0"), size=1, media_type="application/pdf")
            session.add(document)
            session.flush()
            run = ExtractionRun(document_id=document.id, extractor_version="test", status=RunStatus.RUNNING.value,
                                worker=worker, attempts=1)
            session.add(run)
            session.flush()
            ids[label] = run.id
    recovery.recover(runtime)
    with transaction(runtime.sessions) as session:
        status = {label: session.scalar(select(ExtractionRun.status).where(ExtractionRun.id == run_id))
                  for label, run_id in ids.items()}
    assert status == {"live": "running", "dead": "queued", "old-format": "running", "other-host": "running",
                      "rebooted": "queued"}
