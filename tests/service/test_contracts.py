"""Contracts over the API: the current record, SLA queries for other systems, review with ETags, tenancy."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.models import Role
from docsvc.runtime import Runtime
from tests.fixtures.service_docs import write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_documents import upload, wait_for_job


def ingest(client: TestClient, key: str, path: Path, **fields: str) -> str:
    accepted = upload(client, key, path, **fields)
    assert accepted.status_code == 202, accepted.text
    job = wait_for_job(client, key, accepted.json()["job"]["id"])
    assert job["status"] == "succeeded", job
    contract_id: str = job["contract_id"]
    return contract_id


@pytest.fixture
def two_contracts(client: TestClient, keys: dict[Role, str], tmp_path: Path) -> dict[str, str]:
    manager = keys[Role.CONTRACT_MANAGER]
    return {
        "acme": ingest(client, manager, write_sla_contract(tmp_path / "a.docx", supplier="Northwind",
                                                            customer="Acme"), customer="Acme"),
        "beta": ingest(client, manager, write_sla_contract(tmp_path / "b.docx", supplier="Northwind",
                                                            customer="Beta", start="1 January 2020",
                                                            end="31 December 2021", p1_response="15 minutes"),
                       customer="Beta"),
    }


def test_contract_record_with_evidence(client: TestClient, keys: dict[Role, str],
                                       two_contracts: dict[str, str]) -> None:
    r = client.get(f"/v1/contracts/{two_contracts['acme']}", headers=bearer(keys[Role.READER]))
    assert r.status_code == 200 and r.headers["etag"]
    record = r.json()
    assert record["fields"]["governing_law"]["value"] == "England and Wales"
    assert record["fields"]["governing_law"]["evidence"]["text"].startswith("This Agreement is governed")
    assert record["effective_date"] == "2024-04-01" and record["expiration_date"] == "2027-03-31"
    assert {p["name"] for p in record["parties"]} >= {"Northwind Limited", "Acme plc"}
    p1 = [s for s in record["sla"] if s["priority"] == "P1"]
    assert {(s["metric"], s["target_value"], s["target_unit"]) for s in p1} == {
        ("response_time", 30.0, "minutes"), ("resolution_time", 4.0, "hours")}


def test_sla_query_for_other_systems(client: TestClient, keys: dict[Role, str],
                                     two_contracts: dict[str, str]) -> None:
    reader = bearer(keys[Role.READER])
    rows = client.get("/v1/sla", params={"metric": "response_time", "priority": "p1"}, headers=reader).json()
    assert {(r["contract_id"], r["target_value"]) for r in rows["items"]} == {
        (two_contracts["acme"], 30.0), (two_contracts["beta"], 15.0)}
    active = client.get("/v1/sla", params={"metric": "response_time", "priority": "P1", "active_on": "2025-06-01"},
                        headers=reader).json()
    assert [r["contract_id"] for r in active["items"]] == [two_contracts["acme"]]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/sla", params=params, headers=reader).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = client.get("/v1/sla", params={"limit": 500}, headers=reader).json()["items"]
    assert seen == [r["id"] for r in everything] and len(seen) == len(set(seen)) >= 14
    bad = client.get("/v1/sla", params={"cursor": "###"}, headers=reader)
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["code"] == "invalid_cursor"


def test_review_needs_a_fresh_etag_and_is_audited(client: TestClient, keys: dict[Role, str],
                                                  two_contracts: dict[str, str]) -> None:
    manager = bearer(keys[Role.CONTRACT_MANAGER])
    url = f"/v1/contracts/{two_contracts['acme']}"
    etag = client.get(url, headers=manager).headers["etag"]
    body = {"action": "correct", "value": "Scotland", "comment": "clause 3 was replaced by the side letter"}
    assert client.patch(f"{url}/fields/governing_law", json=body, headers=manager).status_code == 428
    corrected = client.patch(f"{url}/fields/governing_law", json=body, headers={**manager, "If-Match": etag})
    assert corrected.status_code == 200
    assert corrected.json()["fields"]["governing_law"]["value"] == "Scotland"
    assert corrected.json()["fields"]["governing_law"]["extracted_value"] == "England and Wales"
    stale = client.patch(f"{url}/fields/governing_law", json={"action": "accept"},
                         headers={**manager, "If-Match": etag})
    assert stale.status_code == 412
    history = client.get(f"{url}/history", headers=manager).json()
    review = next(h for h in history if h["action"] == "field.correct")
    assert review["details"]["before"] == "England and Wales" and review["details"]["after"] == "Scotland"
    assert "contract_manager" in review["actor"]
    reader = client.patch(f"{url}/fields/governing_law", json={"action": "accept"},
                          headers={**bearer(keys[Role.READER]), "If-Match": corrected.headers["etag"]})
    assert reader.status_code == 403


def test_a_customer_scoped_key_sees_only_its_customer(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                                      two_contracts: dict[str, str]) -> None:
    admin = bearer(keys[Role.ADMIN])
    acme_customer = client.get(f"/v1/contracts/{two_contracts['acme']}", headers=admin).json()["customer_id"]
    with transaction(runtime.sessions) as session:
        _, scoped = create_key(session, name="acme portal", role=Role.READER, actor="test",
                               customer_id=uuid.UUID(acme_customer))
    listed = client.get("/v1/contracts", headers=bearer(scoped)).json()["items"]
    assert [c["id"] for c in listed] == [two_contracts["acme"]]
    assert client.get(f"/v1/contracts/{two_contracts['beta']}", headers=bearer(scoped)).status_code == 404
    sla = client.get("/v1/sla", headers=bearer(scoped)).json()["items"]
    assert {r["contract_id"] for r in sla} == {two_contracts["acme"]}
