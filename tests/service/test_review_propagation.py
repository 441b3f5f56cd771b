"""Issue 12 §2: only known fields are reviewed, corrected values are validated, and a correction reaches every
place that shows the value (contract list, ?text=, GET /v1/sla rows, generated documents, re-extraction)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from docsvc.models import Role
from tests.fixtures.service_docs import write_amendment, write_novation, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest, two_contracts  # noqa: F401  (fixture)
from tests.service.test_documents import wait_for_job


def review(client: TestClient, key: str, contract_id: str, name: str, body: dict[str, Any]) -> Any:
    url = f"/v1/contracts/{contract_id}"
    etag = client.get(url, headers=bearer(key)).headers["etag"]
    return client.patch(f"{url}/fields/{name}", json=body, headers={**bearer(key), "If-Match": etag})


def test_only_known_fields_and_valid_values(client: TestClient, keys: dict[Role, str],
                                            two_contracts: dict[str, str]) -> None:  # noqa: F811
    manager, acme = keys[Role.CONTRACT_MANAGER], two_contracts["acme"]
    for name in ("foo_bar", "sla", "pricing.items"):
        junk = review(client, manager, acme, name, {"action": "correct", "value": "x"})
        assert junk.status_code == 404 and junk.headers["content-type"] == "application/problem+json", name
    for name, value in (("effective_date", "next tuesday"), ("effective_date", 20240101),
                        ("initial_term", "next tuesday"), ("document_type", "letter"), ("auto_renewal", "yes"),
                        ("pricing.payment_terms_days", "thirty"), ("title", "   "), ("title", "x" * 501)):
        bad = review(client, manager, acme, name, {"action": "correct", "value": value})
        assert bad.status_code == 422, (name, value, bad.text)
    record = client.get(f"/v1/contracts/{acme}", headers=bearer(manager)).json()
    assert "foo_bar" not in record["fields"] and "sla" not in record["fields"]
    assert record["effective_date"] == "2024-04-01"
    term = review(client, manager, acme, "initial_term", {"action": "correct", "value": "12 Monate"})
    assert term.status_code == 200 and term.json()["fields"]["initial_term"]["value"] == "P12M"
    moved = review(client, manager, acme, "effective_date", {"action": "correct", "value": "2024-05-01"})
    assert moved.json()["effective_date"] == "2024-05-01"
    typed = review(client, manager, acme, "document_type", {"action": "correct", "value": "sla"})
    assert typed.json()["document_type"] == "sla"


def test_a_corrected_title_reaches_everything(client: TestClient, keys: dict[Role, str],
                                              two_contracts: dict[str, str]) -> None:  # noqa: F811
    manager, acme = keys[Role.CONTRACT_MANAGER], two_contracts["acme"]
    reader = bearer(keys[Role.READER])
    corrected = review(client, manager, acme, "title", {"action": "correct", "value": "Zephyr Network Terms"})
    assert corrected.status_code == 200 and corrected.json()["title"] == "Zephyr Network Terms"
    listed = client.get("/v1/contracts", headers=reader).json()["items"]
    assert {c["id"]: c["title"] for c in listed}[acme] == "Zephyr Network Terms"
    assert [c["id"] for c in client.get("/v1/contracts", params={"text": "zephyr"}, headers=reader)
            .json()["items"]] == [acme]
    rows = client.get("/v1/sla", params={"limit": 500}, headers=reader).json()["items"]
    titles = {r["contract"]["title"] for r in rows if r["contract_id"] == acme}
    assert titles == {"Zephyr Network Terms"}
    made = client.post(f"/v1/contracts/{acme}/generated", json={"template": "process-documentation"},
                       headers=bearer(keys[Role.COORDINATOR]))
    assert made.status_code == 201, made.text
    assert "Zephyr-Network-Terms" in made.json()["filename"]
    # Extracting again with the current engine: the reviewed title stays, on the same contract.
    documents = client.get(f"/v1/contracts/{acme}/documents", headers=reader).json()
    assert [d["kind"] for d in documents] == ["original", "generated"]
    assert documents[1]["id"] == made.json()["id"]
    again = client.post(f"/v1/documents/{documents[0]['id']}/extract", headers=bearer(manager))
    assert again.status_code == 202 and again.headers["location"] == f"/v1/jobs/{again.json()['id']}"
    assert again.json()["extractor_version"]
    job = wait_for_job(client, manager, again.json()["id"])
    assert job["status"] == "succeeded" and job["contract_id"] == acme
    after = client.get(f"/v1/contracts/{acme}", headers=reader).json()
    assert after["title"] == "Zephyr Network Terms"
    assert after["fields"]["title"]["review_state"] == "corrected"
    rejected = review(client, manager, acme, "title", {"action": "reject"})
    assert rejected.json()["title"] == "a.docx"  # named by its file again, not by the rejected value
    assert client.post(f"/v1/documents/{documents[1]['id']}/extract", headers=bearer(manager)).status_code == 404


def test_a_contracts_documents_include_its_amendments_and_novations(client: TestClient, keys: dict[Role, str],
                                                                    tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    original = ingest(client, manager, write_sla_contract(tmp_path / "msa.docx", supplier="Northwind",
                                                          customer="Acme"), customer="Acme")
    novation = ingest(client, manager, write_novation(tmp_path / "novation.docx", transferor="Northwind",
                                                      transferee="Southgate Networks", remaining="Acme"),
                      customer="Acme", contract_id=original)
    amendment = ingest(client, manager, write_amendment(tmp_path / "amendment.docx", supplier="Southgate Networks",
                                                        customer="Acme"), customer="Acme", contract_id=original)
    reader = bearer(keys[Role.READER])
    listed = client.get(f"/v1/contracts/{original}/documents", headers=reader).json()
    kinds = {d["filename"]: (d["kind"], d["contract_id"]) for d in listed}
    assert kinds["msa.docx"] == ("original", original)
    assert kinds["novation.docx"] == ("novation", novation)
    assert kinds["amendment.docx"] == ("amendment", amendment) and len(listed) == 3
    own = client.get(f"/v1/contracts/{novation}/documents", headers=reader).json()
    assert [(d["filename"], d["kind"]) for d in own] == [("novation.docx", "original")]
    assert client.get(f"/v1/contracts/{uuid.uuid4()}/documents", headers=reader).status_code == 404
