"""An upload far over the size limit is cut off while streaming: the server's memory stays flat.

A real ``docsvc serve`` process with a 5 MB limit receives a 300 MB chunked upload (no Content-Length, so the
early refusal by declared size cannot help). Its peak resident memory (``VmHWM``) may grow by a small fraction
of the upload only, the answer is a 413 problem, and nothing is stored.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from docsvc.auth.keys import generate_key
from tests.service.test_concurrency import _wait_ready
from tests.service.test_e2e_server import free_port

LIMIT = 5 * 1024 * 1024
UPLOAD = 300 * 1024 * 1024
CHUNK = 1024 * 1024


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, subprocess.Popen[bytes], Path]]:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to read the server's memory")
    admin = generate_key().plaintext
    home = tmp_path / "home"
    env = {**os.environ, "DOCSVC_HOME": str(home), "DOCSVC_ADMIN_KEY": admin,
           "DOCSVC_MAX_UPLOAD_BYTES": str(LIMIT)}
    env.pop("DOCSVC_DATABASE_URL", None)
    port = free_port()
    home.mkdir(parents=True)
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port), "--no-access-log"],
                                env=env, stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, log)
        yield base, admin, proc, home
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_oversized_chunked_upload_keeps_memory_flat(server: tuple[str, str, subprocess.Popen[bytes], Path]) -> None:
    base, admin, proc, home = server
    with httpx.Client(base_url=base, timeout=60) as http:
        made = http.post("/v1/keys", json={"name": "uploader", "role": "contract_manager"},
                         headers={"Authorization": f"Bearer {admin}"})
        assert made.status_code == 201, made.text
        key = made.json()["key"]
        http.get("/v1/documents/00000000-0000-0000-0000-000000000000", headers={"Authorization": f"Bearer {key}"})
        before = peak_rss_mb(proc.pid)
        boundary = "docsvc-memory-test"

        def body() -> Iterator[bytes]:
            yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
                   "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n").encode()
            block = b"0" * CHUNK
            for _ in range(UPLOAD // CHUNK):
                yield block
            yield f"\r\n--{boundary}--\r\n".encode()

        r = http.post("/v1/documents", content=body(), headers={
            "Authorization": f"Bearer {key}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
        after = peak_rss_mb(proc.pid)
        assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
        assert http.get("/healthz").status_code == 200
    growth = after - before
    print(f"\npeak RSS {before:.0f} MB -> {after:.0f} MB (+{growth:.1f} MB) for a {UPLOAD // 2**20} MB upload")
    assert growth < 40, f"server peak memory grew by {growth:.0f} MB on a {UPLOAD // 2**20} MB upload"
    assert not [p for p in (home / "objects" / "documents").rglob("*") if p.is_file()]
    assert not list((home / "tmp").glob("upload-*"))
