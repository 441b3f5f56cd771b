"""Issue 12 §4/§5: SLA rows for other systems (contract, customer, include_undated, customer= by id or name),
signed cursors, customers (list, get, rename, merge) and the 415 detail naming the uploaded file."""

from __future__ import annotations

import base64
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.models import AuditEntry, Contract, Role, SlaTerm
from docsvc.runtime import Runtime
from tests.fixtures.service_docs import write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest, two_contracts  # noqa: F401  (fixture)
from tests.service.test_documents import upload


def customer_of(client: TestClient, key: str, contract_id: str) -> str:
    customer: str = client.get(f"/v1/contracts/{contract_id}", headers=bearer(key)).json()["customer_id"]
    return customer


def test_sla_rows_name_contract_and_customer(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                             two_contracts: dict[str, str]) -> None:  # noqa: F811
    reader = bearer(keys[Role.READER])
    acme, beta = two_contracts["acme"], two_contracts["beta"]
    acme_customer = customer_of(client, keys[Role.READER], acme)
    rows = client.get("/v1/sla", params={"limit": 500}, headers=reader).json()["items"]
    row = next(r for r in rows if r["contract_id"] == acme and r["priority"] == "P1")
    assert row["contract"] == {"id": acme, "title": "MANAGED NETWORK SERVICES AGREEMENT"}
    assert row["customer"] == {"id": acme_customer, "name": "Acme"}
    assert {"service", "priority", "hours_of_cover", "measurement_period"} <= set(row)
    for customer in (acme_customer, "acme", "ＡCME"):
        by = client.get("/v1/sla", params={"customer": customer, "limit": 500}, headers=reader).json()["items"]
        assert by and {r["contract_id"] for r in by} == {acme}, customer
        contracts = client.get("/v1/contracts", params={"customer": customer}, headers=reader).json()["items"]
        assert [c["id"] for c in contracts] == [acme], customer
    assert client.get("/v1/sla", params={"customer": "Nobody"}, headers=reader).json()["items"] == []
    # Undated contracts are not in force on every date.
    with transaction(runtime.sessions) as session:
        undated = Contract(title="Undated side letter")
        session.add(undated)
        session.flush()
        session.add(SlaTerm(contract_id=undated.id, metric="availability", target_value=Decimal("99.9"),
                            target_unit="percent"))
        undated_id = str(undated.id)
    old = client.get("/v1/sla", params={"active_on": "2003-01-01"}, headers=reader).json()["items"]
    assert old == []
    now = client.get("/v1/sla", params={"active_on": "2025-06-01", "limit": 500}, headers=reader).json()["items"]
    assert {r["contract_id"] for r in now} == {acme}
    with_undated = client.get("/v1/sla", params={"active_on": "2025-06-01", "include_undated": "true", "limit": 500},
                              headers=reader).json()["items"]
    assert {r["contract_id"] for r in with_undated} == {acme, undated_id}
    undated_row = next(r for r in with_undated if r["contract_id"] == undated_id)
    assert undated_row["customer"] is None and undated_row["contract"]["title"] == "Undated side letter"
    assert beta not in {r["contract_id"] for r in with_undated}


def test_bad_and_forged_cursors_are_400(client: TestClient, keys: dict[Role, str],
                                        two_contracts: dict[str, str]) -> None:  # noqa: F811
    reader = bearer(keys[Role.READER])
    forged = base64.urlsafe_b64encode(uuid.UUID(two_contracts["acme"]).bytes).decode().rstrip("=")
    first = client.get("/v1/sla", params={"limit": 2}, headers=reader).json()
    contracts_cursor = client.get("/v1/contracts", params={"limit": 1}, headers=reader).json()["next_cursor"]
    tampered = first["next_cursor"][:-2] + ("AA" if not first["next_cursor"].endswith("AA") else "BB")
    for path, cursor in (("/v1/sla", "###"), ("/v1/sla", forged), ("/v1/sla", tampered), ("/v1/sla", "é" * 30),
                         ("/v1/sla", contracts_cursor), ("/v1/contracts", first["next_cursor"]),
                         ("/v1/contracts", ""), ("/v1/customers", "x" * 40), ("/v1/sla", "A" * 300)):
        bad = client.get(path, params={"cursor": cursor}, headers=reader)
        assert bad.status_code == 400, (path, cursor, bad.status_code)
        assert bad.json()["code"] == "invalid_cursor" and bad.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/sla", params={"cursor": first["next_cursor"]}, headers=reader).status_code == 200


def test_customers_list_rename_merge(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                     two_contracts: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    admin, reader, manager = bearer(keys[Role.ADMIN]), bearer(keys[Role.READER]), keys[Role.CONTRACT_MANAGER]
    acme, beta = (customer_of(client, keys[Role.ADMIN], two_contracts[n]) for n in ("acme", "beta"))
    names: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page: dict[str, Any] = client.get("/v1/customers", params=params, headers=reader).json()
        names += [c["name"] for c in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert sorted(names) == ["Acme", "Beta"]
    assert [c["id"] for c in client.get("/v1/customers", params={"name": "CM"}, headers=reader)
            .json()["items"]] == [acme]
    assert client.get(f"/v1/customers/{beta}", headers=reader).json()["name"] == "Beta"
    with transaction(runtime.sessions) as session:
        _, beta_key = create_key(session, name="beta portal", role=Role.READER, actor="test",
                                 customer_id=uuid.UUID(beta))
        _, beta_admin = create_key(session, name="beta admin", role=Role.ADMIN, actor="test",
                                   customer_id=uuid.UUID(beta))
    scoped = bearer(beta_key)
    assert [c["id"] for c in client.get("/v1/customers", headers=scoped).json()["items"]] == [beta]
    assert client.get(f"/v1/customers/{acme}", headers=scoped).status_code == 404
    # Rename: admin keys not limited to a customer only; name_key follows; a taken name is 409.
    assert client.patch(f"/v1/customers/{beta}", json={"name": "Beta Two"}, headers=reader).status_code == 403
    assert client.patch(f"/v1/customers/{beta}", json={"name": "B2"}, headers=bearer(beta_admin)).status_code == 403
    taken = client.patch(f"/v1/customers/{beta}", json={"name": " ACME "}, headers=admin)
    assert taken.status_code == 409 and taken.json()["customer_id"] == acme
    renamed = client.patch(f"/v1/customers/{beta}", json={"name": "Beta  Two"}, headers=admin)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Beta Two"
    assert [c["id"] for c in client.get("/v1/contracts", params={"customer": "beta two"}, headers=reader)
            .json()["items"]] == [two_contracts["beta"]]
    third = ingest(client, manager, write_sla_contract(tmp_path / "c.docx", supplier="Northwind",
                                                       customer="Beta"), customer="BETA TWO")
    assert customer_of(client, keys[Role.ADMIN], third) == beta
    everything = {*two_contracts.values(), third}
    # Merge Beta into Acme: contracts, documents and keys move; Beta is gone; audited.
    assert client.post(f"/v1/customers/{acme}/merge", json={"from": acme}, headers=admin).status_code == 422
    assert client.post(f"/v1/customers/{acme}/merge", json={"from": beta},
                       headers=bearer(beta_admin)).status_code == 404
    merged = client.post(f"/v1/customers/{acme}/merge", json={"from": beta}, headers=admin)
    assert merged.status_code == 200, merged.text
    assert merged.json()["moved"]["contracts"] == 2 and merged.json()["moved"]["documents"] == 2
    assert merged.json()["moved"]["api_keys"] == 2
    assert client.get(f"/v1/customers/{beta}", headers=admin).status_code == 404
    assert customer_of(client, keys[Role.ADMIN], two_contracts["beta"]) == acme
    sla = client.get("/v1/sla", params={"customer": acme, "limit": 500}, headers=reader).json()["items"]
    assert {r["contract_id"] for r in sla} == everything
    assert {r["customer"]["name"] for r in sla} == {"Acme"}
    moved_key = {c["id"] for c in client.get("/v1/contracts", headers=scoped).json()["items"]}
    assert moved_key == everything  # the key now sees its new customer's contracts
    with transaction(runtime.sessions) as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "customer.merge")).one()
        assert audit.entity_id == acme and audit.details["from"] == beta and audit.details["from_name"] == "Beta Two"
    # The same bytes uploaded by both customers: each keeps its document after the merge.
    same = write_sla_contract(tmp_path / "same.docx", supplier="X", customer="Y")
    first = ingest(client, manager, same, customer="Acme")
    assert first
    with transaction(runtime.sessions) as session:
        _, gamma_key = create_key(session, name="admin", role=Role.ADMIN, actor="test")
    gamma_doc = upload(client, manager, same, customer="Gamma").json()["document"]
    merged_gamma = client.post(f"/v1/customers/{acme}/merge", json={"from": gamma_doc["customer_id"]},
                               headers=bearer(gamma_key))
    assert merged_gamma.status_code == 200, merged_gamma.text
    assert client.get(f"/v1/documents/{gamma_doc['id']}", headers=admin).json()["customer_id"] == acme


def test_415_names_the_uploaded_file(client: TestClient, keys: dict[Role, str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just text, not a contract")
    refused = upload(client, keys[Role.CONTRACT_MANAGER], notes, name="Quarterly notes.txt")
    assert refused.status_code == 415
    assert "Quarterly notes.txt" in refused.json()["detail"] and "upload-" not in refused.json()["detail"]
