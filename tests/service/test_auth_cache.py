"""The in-process cache of authenticated API keys: revocation is still honoured, within the documented bound."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from docsvc.auth.keys import hash_key
from docsvc.auth.service import KeyCache
from docsvc.db import transaction
from docsvc.models import ApiKey, Role
from docsvc.models.base import utcnow
from docsvc.runtime import Runtime
from tests.service.conftest import bearer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def install(client: TestClient) -> tuple[KeyCache, Clock]:
    clock = Clock()
    cache = KeyCache(clock=clock)
    client.app.state.key_cache = cache  # type: ignore[attr-defined]
    return cache, clock


def test_revoking_over_the_api_takes_effect_at_once(client: TestClient, keys: dict[Role, str]) -> None:
    cache, _ = install(client)
    reader = bearer(keys[Role.READER])
    assert client.get("/v1/sla", headers=reader).status_code == 200
    assert cache.get(hash_key(keys[Role.READER])) is not None  # the next request is answered from the cache
    admin = bearer(keys[Role.ADMIN])
    reader_id = next(k["id"] for k in client.get("/v1/keys", headers=admin).json() if k["role"] == "reader")
    assert client.delete(f"/v1/keys/{reader_id}", headers=admin).status_code == 200
    r = client.get("/v1/sla", headers=reader)
    assert r.status_code == 401 and "revoked" in r.json()["detail"]
    assert r.headers["content-type"] == "application/problem+json"


def test_a_key_revoked_elsewhere_stops_working_after_the_ttl(client: TestClient, runtime: Runtime,
                                                             keys: dict[Role, str]) -> None:
    cache, clock = install(client)
    reader = bearer(keys[Role.READER])
    assert client.get("/v1/sla", headers=reader).status_code == 200
    with transaction(runtime.sessions) as session:  # as `docsvc keys revoke` in another process does
        session.execute(update(ApiKey).where(ApiKey.role == Role.READER.value).values(revoked_at=utcnow()))
    clock.now += cache.ttl - 0.5
    assert client.get("/v1/sla", headers=reader).status_code == 200  # the documented bound: up to ttl seconds
    clock.now += 0.5
    r = client.get("/v1/sla", headers=reader)
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_only_valid_keys_are_cached(client: TestClient, keys: dict[Role, str]) -> None:
    cache, _ = install(client)
    good = keys[Role.READER]
    assert client.get("/v1/sla", headers=bearer(good)).status_code == 200
    wrong_secret = good[:-4] + ("aaaa" if not good.endswith("aaaa") else "bbbb")  # same prefix, other secret
    for header in (bearer(wrong_secret), {"Authorization": "Basic abc"}, {}):
        r = client.get("/v1/sla", headers=header)
        assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    assert cache.get(hash_key(wrong_secret)) is None and cache.get(hash_key("")) is None


def test_the_role_still_applies_to_a_cached_key(client: TestClient, keys: dict[Role, str]) -> None:
    install(client)
    reader = bearer(keys[Role.READER])
    assert client.get("/v1/sla", headers=reader).status_code == 200
    assert client.get("/v1/keys", headers=reader).status_code == 403
    assert client.get("/v1/keys", headers=reader).status_code == 403
