"""A real ``docsvc serve`` against hostile clients (issue 10, findings 2, 17 and 19).

Every route that takes a body gets a 300 MB one, with and without a key, declared up front and streamed
chunked: the answer is 401 or 413 and the server's peak resident memory (``VmHWM``) barely moves. Connections
that send nothing, headers a byte at a time, or a body that stalls are closed by the server. And everything
the server keeps under ``DOCSVC_HOME`` is readable by its user only.
"""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from docsvc.auth.keys import generate_key
from docsvc.main import create_app
from tests.service.test_concurrency import _wait_ready
from tests.service.test_e2e_server import free_port
from tests.service.test_upload_memory import peak_rss_mb

BODY = 300 * 1024 * 1024
CHUNK = 256 * 1024
TIMEOUT = 1.0  # header and body read timeouts of this server


@dataclass
class Server:
    base: str
    port: int
    admin: str
    proc: subprocess.Popen[bytes]
    home: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to read the server's memory")
    tmp = tmp_path_factory.mktemp("limits")
    admin = generate_key().plaintext
    home = tmp / "home"
    env = {**os.environ, "DOCSVC_HOME": str(home), "DOCSVC_ADMIN_KEY": admin,
           "DOCSVC_HEADER_READ_TIMEOUT_SECONDS": str(TIMEOUT), "DOCSVC_BODY_READ_TIMEOUT_SECONDS": str(TIMEOUT),
           "DOCSVC_AUTH_FAILURES_PER_MINUTE": "0"}  # this test sends many keyless requests on purpose
    env.pop("DOCSVC_DATABASE_URL", None)
    port = free_port()
    log = tmp / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port), "--no-access-log"],
                                env=env, stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, log)
        yield Server(base, port, admin, proc, home)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def body_routes() -> list[tuple[str, str, bool]]:
    """(method, path with ids filled in, whether JSON) of every operation that declares a request body."""
    out = []
    for path, operations in create_app().openapi()["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                is_json = "application/json" in operation["requestBody"]["content"]
                out.append((method.upper(), re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path), is_json))
    return out


def send_huge(port: int, method: str, path: str, key: str | None, *, declared: bool) -> int:
    """Send up to ``BODY`` bytes of JSON-looking data, stopping as soon as the server answers; its status."""
    head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    if key:
        head += f"Authorization: Bearer {key}\r\n"
    head += f"Content-Length: {BODY}\r\n" if declared else "Transfer-Encoding: chunked\r\n"
    block = b"[" + b"1," * (CHUNK // 2 - 1) + b"1"
    frame = block if declared else f"{len(block):x}\r\n".encode() + block + b"\r\n"
    sent, answer = 0, b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.encode() + b"\r\n")
        pending = b""
        while sent < BODY:
            readable, writable, _ = select.select([sock], [sock], [], 30)
            if readable:
                break
            if not pending:
                pending, sent = frame, sent + len(block)
            try:
                pending = pending[sock.send(pending):]
            except (BrokenPipeError, ConnectionResetError):
                break
        try:
            while chunk := sock.recv(65536):
                answer += chunk
                if b"\r\n\r\n" in answer:
                    break
        except ConnectionResetError:
            pass
    assert sent < BODY, f"{method} {path}: the server read the whole {BODY // 2**20} MB body"
    match = re.match(rb"HTTP/1.1 (\d{3}) ", answer)
    assert match, f"{method} {path}: no answer ({answer[:200]!r})"
    return int(match.group(1))


def test_every_body_route_refuses_huge_bodies_in_bounded_memory(server: Server) -> None:
    routes = body_routes()
    assert len(routes) >= 10
    wrong = generate_key().plaintext  # well-formed, unknown to the server
    with httpx.Client(base_url=server.base) as http:
        assert http.get("/v1/keys", headers={"Authorization": f"Bearer {server.admin}"}).status_code == 200
    before = peak_rss_mb(server.proc.pid)
    for method, path, is_json in routes:
        for declared in (True, False):
            assert send_huge(server.port, method, path, None, declared=declared) == 401, (method, path)
            assert send_huge(server.port, method, path, wrong, declared=declared) == 401, (method, path)
            status = send_huge(server.port, method, path, server.admin, declared=declared)
            # A multipart route refuses a JSON body before reading it (400); the JSON cap stops the rest (413).
            assert status == 413 or (not is_json and status in (400, 413)), (method, path, declared, status)
    after = peak_rss_mb(server.proc.pid)
    growth = after - before
    print(f"\npeak RSS {before:.0f} -> {after:.0f} MB (+{growth:.1f} MB) over {len(routes) * 6} requests "
          f"of {BODY // 2**20} MB")
    assert growth < 50, f"peak memory grew by {growth:.0f} MB"
    assert httpx.get(f"{server.base}/healthz").status_code == 200


def _closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"") -> float | None:
    """Seconds until the server closed ``sock`` while we send ``trickle`` a byte at a time, or None."""
    started = time.monotonic()
    sock.settimeout(0.2)
    for i in range(int(seconds / 0.2)):
        if trickle and i < len(trickle):
            try:
                sock.send(trickle[i:i + 1])
            except (BrokenPipeError, ConnectionResetError):
                return time.monotonic() - started
        try:
            data = sock.recv(65536)
            if data == b"" or b"408" in data:
                return time.monotonic() - started
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - started
    return None


def test_idle_slow_and_stalled_connections_are_closed(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as idle:
        assert _closed_within(idle, TIMEOUT + 4) is not None, "a connection that sends nothing stays open"
    with socket.create_connection(("127.0.0.1", server.port)) as slow:
        trickle = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 100
        assert _closed_within(slow, TIMEOUT + 4, trickle) is not None, "headers sent a byte at a time are waited for"
    with socket.create_connection(("127.0.0.1", server.port)) as stalled:
        stalled.sendall(f"POST /v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.admin}\r\n"
                        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":".encode())
        stalled.settimeout(TIMEOUT + 4)
        answer = stalled.recv(65536)
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
        while b"request_timeout" not in answer:  # the body may come in a segment of its own
            more = stalled.recv(65536)
            if not more:
                break
            answer += more
        assert b"request_timeout" in answer
    with socket.create_connection(("127.0.0.1", server.port)) as upload:  # a stalled upload leaves no file
        upload.sendall((f"POST /v1/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.admin}\r\n"
                        "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000000\r\n\r\n"
                        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
                        "%PDF-1.7\n").encode() + b"0" * 100_000)
        upload.settimeout(TIMEOUT + 4)
        assert upload.recv(65536).startswith(b"HTTP/1.1 408 ")
    assert not list((server.home / "tmp").glob("upload-*"))
    assert httpx.get(f"{server.base}/healthz").status_code == 200


def test_home_is_private_after_a_real_start(server: Server) -> None:
    headers = {"Authorization": f"Bearer {server.admin}"}
    assert httpx.post(f"{server.base}/v1/keys", json={"name": "x", "role": "reader"}, headers=headers).is_success
    refused = httpx.post(f"{server.base}/v1/documents", files={"file": ("a.txt", b"not a contract")}, headers=headers)
    assert refused.status_code == 415  # an upload went through tmp/ and objects/ exist
    home = server.home
    expected = [home, home / "docsvc.db", home / "docsvc.db-wal", home / "docsvc.db-shm", home / "objects",
                home / "tmp"]
    for path in expected:
        assert path.exists(), f"{path} was not created"
    loose = []
    for path in [*expected, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            loose.append(f"{path.relative_to(home.parent)} {mode:o}")
    assert loose == [], f"readable by others: {loose}"
