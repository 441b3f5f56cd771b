from __future__ import annotations

import re
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


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    rt = open_runtime(Settings(home=tmp_path / "home", ui_sign_in_failures_per_minute=3,
                               seed_builtin_templates=False))
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime=runtime, worker=False), base_url="http://testserver") as c:
        yield c


@pytest.fixture
def keys(runtime: Runtime) -> dict[Role, str]:
    out = {}
    with transaction(runtime.sessions) as session:
        for role in Role:
            _, out[role] = create_key(session, name=f"test {role.value}", role=role, actor="test")
    return out


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, *, email: str = "", password: str = "", api_key: str = "") -> int:
    form = client.get("/ui/sign-in")
    r = client.post("/ui/sign-in", data={"email": email, "password": password, "api_key": api_key,
                                         "csrf": csrf_of(form.text)}, follow_redirects=False)
    return r.status_code
