"""End to end through a real uvicorn server process: upload a PDF, the job succeeds, /v1/sla has its rows."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from docsvc.auth.keys import generate_key
from tests.fixtures.documents import CONTRACTS, write_contract_pdf
from tests.fixtures.service_docs import write_sla_contract


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    home = tmp_path_factory.mktemp("home")
    admin = generate_key().plaintext
    port = free_port()
    env = {**os.environ, "DOCSVC_HOME": str(home), "DOCSVC_ADMIN_KEY": admin}
    proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    else:
        proc.kill()
        raise RuntimeError("server did not become ready")
    yield base, admin
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def test_upload_pdf_then_query_sla(server: tuple[str, str], tmp_path: Path) -> None:
    base, admin = server
    with httpx.Client(base_url=base, timeout=30) as http:
        made = http.post("/v1/keys", json={"name": "uploader", "role": "contract_manager"},
                         headers={"Authorization": f"Bearer {admin}"})
        assert made.status_code == 201
        auth = {"Authorization": f"Bearer {made.json()['key']}"}
        docx_path = write_sla_contract(tmp_path / "sla.docx", supplier="Northwind", customer="Acme")
        pdf_path = write_contract_pdf(tmp_path / "msa.pdf", CONTRACTS["en"])
        jobs = []
        for path in (pdf_path, docx_path):
            with path.open("rb") as fh:
                r = http.post("/v1/documents", files={"file": (path.name, fh)}, data={"customer": "Acme"},
                              headers=auth)
            assert r.status_code == 202, r.text
            jobs.append(r.json()["job"]["id"])
        deadline = time.monotonic() + 120
        finished: dict[str, dict[str, object]] = {}
        while len(finished) < len(jobs) and time.monotonic() < deadline:
            for job_id in jobs:
                job = http.get(f"/v1/jobs/{job_id}", headers=auth).json()
                if job["status"] in ("succeeded", "failed"):
                    finished[job_id] = job
            time.sleep(0.3)
        assert [finished[j]["status"] for j in jobs] == ["succeeded", "succeeded"]
        pdf_contract = finished[jobs[0]]["contract_id"]
        pdf_record = http.get(f"/v1/contracts/{pdf_contract}", headers=auth).json()
        assert pdf_record["fields"]["governing_law"]["evidence"]["page"] == 2
        rows = http.get("/v1/sla", params={"priority": "P1"}, headers=auth).json()["items"]
        assert {(r["metric"], r["target_value"], r["target_unit"]) for r in rows} == {
            ("response_time", 30.0, "minutes"), ("resolution_time", 4.0, "hours")}
        assert all(r["evidence"]["text"] and r["review_state"] == "pending" for r in rows)
        spec = http.get("/openapi.json").json()
        assert "/v1/sla" in spec["paths"] and "/v1/documents" in spec["paths"]
