"""``/v1/users``: admins create and change users; every change is audited under the acting admin, on SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from docsvc.db import transaction
from docsvc.models import ApiKey, AuditEntry, Role
from docsvc.models.users import User
from docsvc.runtime import Runtime
from docsvc.users import service
from tests.service.conftest import bearer

PASSWORD = "correct horse battery"


def make_user(client: TestClient, admin: str, **extra: object) -> dict[str, object]:
    r = client.post("/v1/users", headers=bearer(admin), json={
        "email": "Carla@Example.com", "display_name": "Carla Coordinator", "role": "coordinator",
        "password": PASSWORD} | extra)
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    return body


def test_only_admins_manage_users(client: TestClient, keys: dict[Role, str]) -> None:
    for role in (Role.CONTRACT_MANAGER, Role.COORDINATOR, Role.READER):
        r = client.get("/v1/users", headers=bearer(keys[role]))
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    user = make_user(client, keys[Role.ADMIN])
    r = client.patch(f"/v1/users/{user['id']}", json={"role": "admin"}, headers=bearer(keys[Role.COORDINATOR]))
    assert r.status_code == 403


def test_changes_are_applied_validated_and_audited(client: TestClient, keys: dict[Role, str],
                                                   runtime: Runtime) -> None:
    admin = bearer(keys[Role.ADMIN])
    user = make_user(client, keys[Role.ADMIN])
    url = f"/v1/users/{user['id']}"
    for bad in ({"role": "owner"}, {"language": "fr"}, {"display_name": ""}, {"display_name": None},
                {"customer_id": "not-a-uuid"}, {"email": "x@example.com"}):
        r = client.patch(url, json=bad, headers=admin)
        assert r.status_code == 422, (bad, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    unknown = client.patch(url, json={"customer_id": "00000000-0000-0000-0000-000000000001"}, headers=admin)
    assert unknown.status_code == 404
    changed = client.patch(url, json={"display_name": "Carla  Manager", "role": "contract_manager",
                                      "language": "de"}, headers=admin)
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["display_name"], body["role"], body["language"]) == ("Carla Manager", "contract_manager", "de")
    # Only what was sent changes: the language stays when the role changes back.
    again = client.patch(url, json={"role": "coordinator"}, headers=admin).json()
    assert again["language"] == "de" and again["role"] == "coordinator"
    assert client.patch(url, json={"language": None}, headers=admin).json()["language"] is None
    disabled = client.patch(url, json={"disabled": True}, headers=admin).json()
    assert disabled["disabled_at"] is not None
    assert client.patch(url, json={"disabled": False}, headers=admin).json()["disabled_at"] is None
    assert client.put(f"{url}/password", json={"password": "short"}, headers=admin).status_code == 422
    assert client.put(f"{url}/password", json={"password": "a new long password"}, headers=admin).status_code == 200
    with transaction(runtime.sessions) as session:
        assert service.check_password(session, "carla@example.com", PASSWORD) is None
        assert service.check_password(session, "carla@example.com", "a new long password") is not None
        row = session.get(User, uuid.UUID(str(user["id"])))
        assert row is not None
        identity = session.get(ApiKey, row.api_key_id)
        assert identity is not None and identity.role == "coordinator" and identity.name == "user: Carla Manager"
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(user["id"]))
                                .order_by(AuditEntry.id)).all()
    actions = [a.action for a in audit]
    assert actions.count("user.update") == 5 and "user.password_reset" in actions
    assert all(a.actor.startswith("test admin (admin, key ") for a in audit)  # the acting admin, not the user
    first = next(a for a in audit if a.action == "user.update")
    assert first.details["changes"]["role"] == {"before": "coordinator", "after": "contract_manager"}
    assert "a new long password" not in str([a.details for a in audit])


def test_if_match_refuses_a_change_made_against_an_old_read(client: TestClient, keys: dict[Role, str]) -> None:
    """Two admins read one user; the second to save is told the user changed instead of undoing the first's
    change. Without If-Match the last write wins, as before."""
    admin = bearer(keys[Role.ADMIN])
    user = make_user(client, keys[Role.ADMIN])
    url = f"/v1/users/{user['id']}"
    read = client.get(url, headers=admin)
    etag = read.headers["etag"]
    assert etag == f'"user-{uuid.UUID(str(user["id"])).hex}-{read.json()["revision"]}"'
    first = client.patch(url, json={"role": "contract_manager"}, headers={**admin, "If-Match": etag})
    assert first.status_code == 200 and first.headers["etag"] != etag
    second = client.patch(url, json={"display_name": "Someone Else"}, headers={**admin, "If-Match": etag})
    assert second.status_code == 412 and second.headers["content-type"] == "application/problem+json"
    assert second.headers["etag"] == first.headers["etag"] and "read it again" in second.json()["detail"]
    stale_password = client.put(f"{url}/password", json={"password": "another long password"},
                                headers={**admin, "If-Match": etag})
    assert stale_password.status_code == 412
    current = client.get(url, headers=admin).json()
    assert (current["role"], current["display_name"]) == ("contract_manager", "Carla Coordinator")
    assert current["revision"] == read.json()["revision"] + 1
    fresh = client.patch(url, json={"display_name": "Carla C."}, headers={**admin, "If-Match": first.headers["etag"]})
    assert fresh.status_code == 200 and fresh.json()["display_name"] == "Carla C."
    assert client.patch(url, json={"language": "de"}, headers=admin).status_code == 200  # no If-Match: applies
