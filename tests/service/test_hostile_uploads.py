"""Hostile files uploaded to a running server: each ends as a clear error, and the API keeps answering.

The server is a real ``docsvc serve`` process (SQLite with its in-process worker, and PostgreSQL with a
``docsvc worker`` process); parsing happens in resource-limited child processes, so a bomb being parsed must
not stall the web process. ``/healthz`` is polled the whole time: every poll must be answered (the bound is
generous, a liveness check rather than a latency target; latencies are printed).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.fixtures import hostile
from tests.service.test_concurrency import Served, served  # noqa: F401  (the fixture)
from tests.service.test_worker_processes import start_worker, stop

BOMBS: list[Callable[[Path], Path]] = [
    hostile.write_flate_bomb_pdf, hostile.write_nested_arrays_pdf, hostile.write_cyclic_pages_pdf,
    hostile.write_truncated_pdf, hostile.write_encrypted_pdf, hostile.write_many_pages_pdf,
    hostile.write_billion_laughs_docx, hostile.write_zip_bomb_docx, hostile.write_xxe_docx,
    hostile.write_million_paragraphs_docx, hostile.write_traversal_docx, hostile.write_macro_docx,
]
LIVENESS_BOUND = 5.0  # seconds; a stalled web process would miss it by far (parses run up to minutes)


def test_bombs_end_as_clear_errors_while_healthz_answers(served: Served, tmp_path: Path) -> None:  # noqa: F811
    worker = None
    if served.queue == "procrastinate":
        worker = start_worker(served.runtime, "bomb-worker")
    latencies: list[float] = []
    failures: list[str] = []
    done = threading.Event()

    def poll() -> None:
        with httpx.Client(base_url=served.base, timeout=LIVENESS_BOUND) as http:
            while not done.is_set():
                started = time.monotonic()
                try:
                    ok = http.get("/healthz").status_code == 200
                except httpx.HTTPError as exc:
                    ok, _ = False, failures.append(f"healthz: {type(exc).__name__}")
                latencies.append(time.monotonic() - started)
                if not ok and not failures:
                    failures.append("healthz did not answer 200")
                time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    auth = {"Authorization": f"Bearer {served.manager}"}
    outcomes: dict[str, str] = {}
    try:
        with httpx.Client(base_url=served.base, timeout=120, headers=auth) as http:
            jobs = {}
            for i, write in enumerate(BOMBS):
                path = write(_dir(tmp_path, i))
                r = http.post("/v1/documents", files={"file": (path.name, path.read_bytes())},
                              data={"customer": "Acme"})
                assert r.status_code in (202, 413, 415), (write.__name__, r.status_code, r.text[:300])
                assert r.headers["content-type"].startswith("application/json" if r.status_code == 202
                                                            else "application/problem+json")
                if r.status_code == 202:
                    jobs[write.__name__] = r.json()["job"]["id"]
                else:
                    outcomes[write.__name__] = f"refused {r.status_code}: {r.json()['code']}"
            deadline = time.monotonic() + 240
            while jobs and time.monotonic() < deadline:
                for name, job_id in list(jobs.items()):
                    job = http.get(f"/v1/jobs/{job_id}").json()
                    if job["status"] in ("succeeded", "failed"):
                        # damage pdfium repairs (nested arrays, a lying /Length...) may parse; the rest fail
                        if job["status"] == "failed":
                            assert job["error_code"] and job["error_message"], job
                            assert "Traceback" not in job["error_message"]
                        outcomes[name] = f"{job['status']} {job['error_code'] or ''}".strip()
                        del jobs[name]
                time.sleep(0.3)
            assert not jobs, f"jobs still unfinished after 240 s: {jobs}"
            clean = hostile.write_valid_docx(_dir(tmp_path, 99))
            r = http.post("/v1/documents", files={"file": (clean.name, clean.read_bytes())}, data={"customer": "Acme"})
            assert r.status_code == 202, r.text
            job_id = r.json()["job"]["id"]
            deadline = time.monotonic() + 120
            while http.get(f"/v1/jobs/{job_id}").json()["status"] not in ("succeeded", "failed"):
                assert time.monotonic() < deadline, "a clean file after the bombs did not finish"
                time.sleep(0.3)
            assert http.get(f"/v1/jobs/{job_id}").json()["status"] == "succeeded"
    finally:
        done.set()
        poller.join(timeout=10)
        if worker is not None:
            stop(worker)
    assert not failures, failures
    assert latencies and max(latencies) < LIVENESS_BOUND
    ordered = sorted(latencies)
    print(f"\n{served.queue}: {len(BOMBS)} hostile uploads {outcomes}; /healthz {len(latencies)} polls, "
          f"p50 {ordered[len(ordered) // 2] * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms")


def _dir(root: Path, i: int) -> Path:
    path = root / f"h{i}"
    path.mkdir()
    return path
