from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import sqlalchemy.exc
from fastapi.testclient import TestClient

from docsvc.auth.keys import generate_key
from docsvc.config import Settings
from docsvc.main import create_app
from docsvc.models import Role
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


@pytest.mark.parametrize("error", [
    sqlalchemy.exc.OperationalError("SELECT ...", {}, Exception("connection to server at 127.0.0.1 refused")),
    sqlalchemy.exc.TimeoutError("QueuePool limit of size 20 overflow 10 reached, connection timed out"),
])
def test_a_database_that_does_not_answer_is_a_503_problem(client: TestClient, keys: dict[Role, str],
                                                          monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """The DBAPI failure is raised where the route meets the database; the real-outage case of the async SLA
    pool is in test_sla_term_copy.py."""
    def unavailable(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr("docsvc.contracts.repository.list_contracts", unavailable)
    r = client.get("/v1/contracts", headers=bearer(keys[Role.READER]))
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "database_unavailable" and r.headers["retry-after"] == "5"
    assert "refused" not in r.text and "QueuePool" not in r.text  # no driver detail leaks to the client
