from __future__ import annotations

import os
import stat
from pathlib import Path

from fastapi.testclient import TestClient

from docsvc.auth.keys import generate_key
from docsvc.config import Settings
from docsvc.main import create_app
from docsvc.runtime import FIRST_KEY_FILE, open_runtime
from tests.service.conftest import bearer


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["checks"] == {"database": "ok", "object_store": "ok"}
    assert client.get("/healthz").headers["x-content-type-options"] == "nosniff"


def test_errors_are_problem_json(client: TestClient) -> None:
    r = client.get("/v1/does-not-exist")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "no route GET /v1/does-not-exist"
    r = client.put("/healthz")
    assert r.status_code == 405 and r.headers["content-type"] == "application/problem+json"


def test_first_start_creates_schema_and_a_private_admin_key(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    runtime = open_runtime(settings)
    runtime.close()
    key_file = settings.home / FIRST_KEY_FILE
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    key = key_file.read_text().strip()
    second = open_runtime(settings)  # a second start neither migrates twice nor makes another key
    with TestClient(create_app(settings, runtime=second)) as client:
        keys = client.get("/v1/keys", headers=bearer(key)).json()
    second.close()
    assert [k["role"] for k in keys] == ["admin"]


def test_admin_key_from_the_environment(tmp_path: Path) -> None:
    chosen = generate_key().plaintext
    settings = Settings(home=tmp_path / "home", admin_key=chosen)
    runtime = open_runtime(settings)
    with TestClient(create_app(settings, runtime=runtime)) as client:
        assert client.get("/v1/keys", headers=bearer(chosen)).status_code == 200
    runtime.close()
    assert not (settings.home / FIRST_KEY_FILE).exists()
