"""Every route states who may call it, and the rule holds for every role."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from docsvc.deps import Allow, Public
from docsvc.main import create_app
from docsvc.models import Role
from docsvc.openapi import api_routes as routes_of
from tests.service.conftest import bearer


def role_rule(route: APIRoute) -> Allow | Public | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, (Allow, Public)):
            return dep.call
        stack.extend(dep.dependencies)
    return None


def api_routes() -> list[tuple[str, APIRoute]]:
    """(full path, route) for every API route, including those of included routers."""
    return routes_of(create_app())


def test_every_route_has_a_role_rule() -> None:
    routes = api_routes()
    assert len(routes) >= 5
    missing = [f"{sorted(r.methods)} {path}" for path, r in routes if role_rule(r) is None]
    assert missing == [], f"routes without Allow(...) or PUBLIC: {missing}"


def _calls() -> list[tuple[str, str, Allow | Public]]:
    out = []
    for full_path, route in api_routes():
        rule = role_rule(route)
        assert rule is not None
        path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), full_path)
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            out.append((method, path, rule))
    return out


@pytest.mark.parametrize(("method", "path", "rule"), _calls(), ids=lambda v: v if isinstance(v, str) else "")
def test_role_rules_hold(client: TestClient, keys: dict[Role, str], method: str, path: str,
                         rule: Allow | Public) -> None:
    body: dict[str, Any] = {}
    if isinstance(rule, Public):
        assert client.request(method, path).status_code not in (401, 403)
        return
    anonymous = client.request(method, path, json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    for role, key in keys.items():
        status = client.request(method, path, json=body, headers=bearer(key)).status_code
        if role in rule.roles:
            assert status not in (401, 403), f"{role.value} must be allowed on {method} {path}"
        else:
            assert status == 403, f"{role.value} must be refused on {method} {path}"


def test_bad_and_revoked_keys_are_refused(client: TestClient, keys: dict[Role, str]) -> None:
    for header in ("Bearer nonsense", "Basic abc", f"Bearer {keys[Role.READER]}x", "Bearer dsk_0123456789_" + "a" * 30):
        r = client.get("/v1/keys", headers={"Authorization": header})
        assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    admin = bearer(keys[Role.ADMIN])
    listed = client.get("/v1/keys", headers=admin).json()
    reader_id = next(k["id"] for k in listed if k["role"] == "reader")
    assert client.delete(f"/v1/keys/{reader_id}", headers=admin).json()["revoked_at"]
    r = client.get("/healthz", headers=bearer(keys[Role.READER]))
    assert r.status_code == 200
    r = client.post("/v1/keys", json={"name": "x", "role": "reader"}, headers=bearer(keys[Role.READER]))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_admin_creates_a_key_that_works_and_is_shown_once(client: TestClient, keys: dict[Role, str]) -> None:
    admin = bearer(keys[Role.ADMIN])
    created = client.post("/v1/keys", json={"name": "billing", "role": "reader"}, headers=admin)
    assert created.status_code == 201
    plaintext = created.json()["key"]
    assert plaintext.startswith("dsk_")
    listed = client.get("/v1/keys", headers=admin).json()
    assert all("key" not in k for k in listed)
    assert client.get("/v1/keys", headers=bearer(plaintext)).status_code == 403  # a reader, not an admin
