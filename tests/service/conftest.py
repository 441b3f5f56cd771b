from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.main import create_app
from docsvc.models import Role
from docsvc.runtime import Runtime, open_runtime
from tests.fixtures.databases import temporary_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Every service test runs on the embedded SQLite and on a real PostgreSQL (skipped when absent)."""
    if request.param == "sqlite":
        yield Settings(home=tmp_path / "home")
        return
    with temporary_postgres_database() as url:
        yield Settings(home=tmp_path / "home", database_url=url, queue="inprocess")


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    rt = open_runtime(settings)
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime=runtime)) as c:
        yield c


@pytest.fixture
def keys(runtime: Runtime) -> dict[Role, str]:
    """One API key per role."""
    out = {}
    with transaction(runtime.sessions) as session:
        for role in Role:
            _, plaintext = create_key(session, name=f"test {role.value}", role=role, actor="test")
            out[role] = plaintext
    return out


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
