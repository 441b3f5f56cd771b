"""Row-level review (issue 12 §1): add, accept/correct/reject, bulk, If-Match, validation, re-extraction, and
what downstream reads (GET /v1/sla?reviewed=true, price reviews) see afterwards."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from docsvc.contracts.materialize import materialize
from docsvc.models import Document, ExtractionRun, Role
from docsvc.runtime import Runtime
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest

MISSED_ROW = {"service": "Network", "metric": "resolution_time", "priority": "P4", "target_value": "5",
              "target_unit": "business_days", "evidence": {"page": 3, "bbox": [72, 410.5, 520, 428],
                                                           "text": "P4 | 1 day | 5 Business Days"}}


def etag(client: TestClient, key: str, contract: str) -> str:
    value: str = client.get(f"/v1/contracts/{contract}", headers=bearer(key)).headers["etag"]
    return value


def write(client: TestClient, key: str, method: str, path: str, contract: str, body: Any) -> Any:
    """A write with the contract's current ETag."""
    return client.request(method, path, json=body, headers={**bearer(key), "If-Match": etag(client, key, contract)})


def reextract(runtime: Runtime, contract: str, *more_sla: dict[str, Any]) -> None:
    """What the worker does for a new run of the same document: materialize its record (plus ``more_sla``)."""
    with runtime.sessions() as worker:
        run = worker.scalars(select(ExtractionRun).where(ExtractionRun.contract_id == uuid.UUID(contract))).first()
        assert run is not None and run.record is not None
        document = worker.get(Document, run.document_id)
        assert document is not None
        record = {**run.record, "sla": [*(run.record.get("sla") or []), *more_sla]}
        materialize(worker, run=run, document=document, record=record)
        worker.commit()


def test_review_walk_add_reject_correct_and_reextract(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                                      tmp_path: Path) -> None:
    manager, coordinator = keys[Role.CONTRACT_MANAGER], keys[Role.COORDINATOR]
    sla = ingest(client, manager, write_sla_contract(tmp_path / "s.docx", supplier="Northwind", customer="Acme"),
                 customer="Acme")
    url = f"/v1/contracts/{sla}"
    assert client.get(f"{url}/review-status", headers=bearer(manager)).json()["review_status"] == "needs_review"
    assert client.get("/v1/sla?reviewed=true", headers=bearer(manager)).json()["items"] == []

    # a missed SLA row: added with its evidence, a new revision, and in the confirmed SLA at once
    before = client.get(url, headers=bearer(manager)).json()["revision"]
    added = write(client, manager, "POST", f"{url}/sla", sla, MISSED_ROW)
    assert added.status_code == 201, added.text
    row = added.json()
    assert row["review_state"] == "added" and row["priority"] == "P4" and row["target_value"] == 5.0
    assert row["evidence"]["page"] == 3 and row["reviewed_by"]
    assert added.headers["location"] == f"{url}/sla/{row['id']}"
    assert client.get(url, headers=bearer(manager)).json()["revision"] == before + 1
    assert added.headers["etag"] == etag(client, manager, sla)
    confirmed = client.get("/v1/sla?reviewed=true", headers=bearer(manager)).json()["items"]
    assert [r["id"] for r in confirmed] == [row["id"]]
    assert client.get(f"{url}/review-status", headers=bearer(manager)).json()["review_status"] == "in_review"

    # the whole extracted table accepted in one call; one extracted row corrected
    extracted = [r for r in client.get(f"{url}/sla", headers=bearer(manager)).json() if r["review_state"] == "pending"]
    assert len(extracted) >= 4
    bulk = write(client, manager, "POST", f"{url}/sla/review", sla,
                 {"action": "accept", "ids": [r["id"] for r in extracted[1:]]})
    assert bulk.status_code == 200 and {r["review_state"] for r in bulk.json()} == {"accepted"}
    first = extracted[0]
    corrected = write(client, manager, "PATCH", f"{url}/sla/{first['id']}", sla,
                      {"action": "correct", "value": {"target_value": "42"}, "comment": "table says 42"})
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["target_value"] == 42.0 and corrected.json()["review_state"] == "corrected"
    assert corrected.json()["metric"] == first["metric"]  # a partial correction keeps the other fields
    again = write(client, manager, "POST", f"{url}/sla/review", sla,
                  {"action": "accept", "ids": [first["id"], row["id"]]})
    assert [r["review_state"] for r in again.json()] == ["corrected", "added"]  # accepting keeps who changed it
    confirmed = client.get("/v1/sla?reviewed=true&limit=500", headers=bearer(manager)).json()["items"]
    assert len(confirmed) == len(extracted) + 1
    assert next(r for r in confirmed if r["id"] == first["id"])["target_value"] == 42.0

    # audited with before and after
    history = client.get(f"{url}/history", headers=bearer(manager)).json()
    fix = next(h for h in history if h["action"] == "row.correct.sla")
    assert fix["details"]["before"]["target_value"] != 42.0 and fix["details"]["after"]["target_value"] == 42.0
    assert fix["details"]["comment"] == "table says 42"
    assert {"row.add.sla", "row.accept.sla"} <= {h["action"] for h in history}

    # re-extraction keeps the reviewed and added rows and does not duplicate them
    reextract(runtime, sla)
    after = client.get(f"{url}/sla", headers=bearer(manager)).json()
    assert sorted(r["id"] for r in after) == sorted(r["id"] for r in [*extracted, row])
    assert next(r for r in after if r["id"] == first["id"])["target_value"] == 42.0

    # explicitly reviewed: the contract list filters on it
    done = write(client, manager, "POST", f"{url}/review-status", sla, {"status": "reviewed"})
    assert done.status_code == 200 and done.json()["review_status"] == "reviewed" and done.json()["reviewed_by"]
    listed = client.get("/v1/contracts?review_status=reviewed", headers=bearer(coordinator)).json()["items"]
    assert [c["id"] for c in listed] == [sla]
    assert client.get("/v1/contracts?review_status=needs_review", headers=bearer(manager)).json()["items"] == []
    assert client.get("/v1/contracts?review_status=done", headers=bearer(manager)).status_code == 422

    # a run that finds nothing new leaves it reviewed; one that finds a row nobody has seen reopens the review
    reextract(runtime, sla)
    assert client.get(f"{url}/review-status", headers=bearer(manager)).json()["review_status"] == "reviewed"
    reextract(runtime, sla, {"metric": "availability", "service": "Wi-Fi", "target": {"value": "99.0",
                                                                                     "unit": "percent"},
                             "confidence": 0.6, "evidence": {"paragraph": 9, "text": "Wi-Fi 99.0%"}})
    assert client.get(f"{url}/review-status", headers=bearer(manager)).json()["review_status"] == "needs_review"
    assert [r["service"] for r in client.get(f"{url}/sla", headers=bearer(manager)).json()
            if r["review_state"] == "pending"] == ["Wi-Fi"]


def test_rejected_price_leaves_price_reviews_and_stays_out_after_reextraction(
        client: TestClient, runtime: Runtime, keys: dict[Role, str], tmp_path: Path) -> None:
    manager, coordinator = keys[Role.CONTRACT_MANAGER], keys[Role.COORDINATOR]
    priced = ingest(client, manager, write_priced_contract(tmp_path / "p.docx", supplier="Acme Print",
                                                           customer="Smith"), customer="Smith")
    url = f"/v1/contracts/{priced}"
    items = {i["description"]: i for i in client.get(f"{url}/price-items", headers=bearer(manager)).json()}
    garbage = items["Colour click charge"]
    rejected = write(client, manager, "PATCH", f"{url}/price-items/{garbage['id']}", priced, {"action": "reject"})
    assert rejected.status_code == 200 and rejected.json()["review_state"] == "rejected"
    fee = items["Service management fee"]
    fixed = write(client, manager, "PATCH", f"{url}/price-items/{fee['id']}", priced,
                  {"action": "correct", "value": {"unit_price": "1300.00"}})
    assert fixed.status_code == 200 and fixed.json()["unit_price"] == "1300.00"

    review = client.post(f"{url}/price-reviews", json={"review_date": "2025-07-01", "percent": "2"},
                         headers=bearer(coordinator))
    assert review.status_code == 201, review.text
    lines = {line["description"]: line for line in review.json()["result"]["lines"]}
    assert "Colour click charge" not in lines
    assert lines["Service management fee"]["current_price"] == "1300.00"  # the correction wins
    assert lines["Mono click charge"]["current_price"] == "0.0045"
    assert "Colour click charge" not in {i["description"] for i in
                                         client.get(f"{url}/pricing", headers=bearer(manager)).json()["items"]}
    listed = client.get(f"{url}/price-items?include_rejected=true", headers=bearer(manager)).json()
    assert {i["description"]: i["review_state"] for i in listed}["Colour click charge"] == "rejected"

    reextract(runtime, priced)
    after = client.get(f"{url}/price-items?include_rejected=true", headers=bearer(manager)).json()
    assert sorted(i["description"] for i in after) == sorted(items)  # nothing came back beside its review
    assert {i["description"]: i["review_state"] for i in after} == {
        "Colour click charge": "rejected", "Service management fee": "corrected", "Mono click charge": "pending"}
    assert "Colour click charge" not in {i["description"] for i in
                                         client.get(f"{url}/price-items", headers=bearer(manager)).json()}


def test_every_collection_takes_additions_and_bulk_reject(client: TestClient, keys: dict[Role, str],
                                                          tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    priced = ingest(client, manager, write_priced_contract(tmp_path / "p.docx", supplier="Acme Print",
                                                           customer="Smith"), customer="Smith")
    url = f"/v1/contracts/{priced}"
    rows = {
        "price-items": {"description": "Toner", "unit_price": "0.0410", "currency": "GBP", "frequency": "per_unit"},
        "service-credits": {"metric": "availability", "threshold_lower": "99.0", "threshold_upper": "99.9",
                            "credit_percent": "5", "basis": "monthly charges"},
        "scope-items": {"in_scope": False, "text": "Paper supply", "sites": ["Leeds"]},
        "parties": {"name": "Smith Holdings Ltd", "role": "customer", "valid_from": "2025-01-01"},
    }
    for kind, body in rows.items():
        added = write(client, manager, "POST", f"{url}/{kind}", priced,
                      {**body, "evidence": {"paragraph": 4, "text": "quoted"}, "comment": "missed"})
        assert added.status_code == 201, (kind, added.text)
        assert added.json()["review_state"] == "added"
        listed = client.get(f"{url}/{kind}", headers=bearer(manager)).json()
        assert added.json()["id"] in {r["id"] for r in listed}
    # document order: the added rows quote paragraph 4, before the price table (paragraph 11)
    assert client.get(f"{url}/price-items", headers=bearer(manager)).json()[0]["unit_price"] == "0.0410"
    scope = client.get(f"{url}/scope-items", headers=bearer(manager)).json()
    gone = write(client, manager, "POST", f"{url}/scope-items/review", priced,
                 {"action": "reject", "ids": [r["id"] for r in scope]})
    assert gone.status_code == 200 and {r["review_state"] for r in gone.json()} == {"rejected"}
    assert client.get(f"{url}/scope-items", headers=bearer(manager)).json() == []
    assert client.get(f"{url}/scope", headers=bearer(manager)).json() == []
    stranger = write(client, manager, "POST", f"{url}/scope-items/review", priced,
                     {"action": "accept", "ids": [scope[0]["id"], str(uuid.uuid4())]})
    assert stranger.status_code == 404 and len(stranger.json()["missing"]) == 1


def test_writes_need_the_current_etag(client: TestClient, keys: dict[Role, str], tmp_path: Path) -> None:
    manager, reader = keys[Role.CONTRACT_MANAGER], keys[Role.READER]
    sla = ingest(client, manager, write_sla_contract(tmp_path / "s.docx", supplier="Northwind", customer="Acme"),
                 customer="Acme")
    url = f"/v1/contracts/{sla}"
    row = client.get(f"{url}/sla", headers=bearer(manager)).json()[0]
    stale = etag(client, manager, sla)
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", f"{url}/sla", MISSED_ROW), ("PATCH", f"{url}/sla/{row['id']}", {"action": "accept"}),
        ("POST", f"{url}/sla/review", {"action": "reject", "ids": [row["id"]]}),
        ("POST", f"{url}/review-status", {"status": "reviewed"}),
    ]
    for method, path, body in calls:
        missing = client.request(method, path, json=body, headers=bearer(manager))
        assert missing.status_code == 428 and missing.headers["content-type"] == "application/problem+json"
        assert client.request(method, path, json=body, headers={**bearer(reader), "If-Match": stale}
                              ).status_code == 403
    assert write(client, manager, "PATCH", f"{url}/sla/{row['id']}", sla, {"action": "accept"}).status_code == 200
    for method, path, body in calls:
        late = client.request(method, path, json=body, headers={**bearer(manager), "If-Match": stale})
        assert late.status_code == 412 and late.headers["etag"] == etag(client, manager, sla), (path, late.text)
    unknown = write(client, manager, "PATCH", f"{url}/sla/{uuid.uuid4()}", sla, {"action": "accept"})
    assert unknown.status_code == 404
    other_kind = client.get(f"/v1/contracts/{sla}/parties", headers=bearer(manager)).json()[0]["id"]
    assert write(client, manager, "PATCH", f"{url}/sla/{other_kind}", sla, {"action": "accept"}).status_code == 404


def test_values_are_validated_against_the_row_schema(client: TestClient, keys: dict[Role, str],
                                                     tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    priced = ingest(client, manager, write_priced_contract(tmp_path / "p.docx", supplier="Acme Print",
                                                           customer="Smith"), customer="Smith")
    url = f"/v1/contracts/{priced}"
    revision = client.get(url, headers=bearer(manager)).json()["revision"]
    bad_adds = [
        ("sla", {**MISSED_ROW, "metric": "uptime"}, "metric"),
        ("sla", {**MISSED_ROW, "target_unit": "fortnights"}, "target_unit"),
        ("sla", {**MISSED_ROW, "target_value": "abc"}, "target_value"),
        ("sla", {**MISSED_ROW, "target_value": "-1"}, "target_value"),
        ("price-items", {"description": "Toner", "unit_price": "1,20"}, "unit_price"),
        ("price-items", {"description": "Toner", "unit_price": "1.20", "currency": "eur"}, "currency"),
        ("price-items", {"description": "Toner", "unit_price": "1.20", "frequency": "weekly"}, "frequency"),
        ("price-items", {"description": "", "unit_price": "1.20"}, "description"),
        ("service-credits", {"credit_percent": "150.5.1"}, "credit_percent"),
        ("parties", {"name": "X Ltd", "role": "customer", "valid_from": "2025-13-01"}, "valid_from"),
        ("parties", {"name": "X Ltd", "role": "boss"}, "role"),
        ("parties", {"name": "X Ltd", "role": "customer", "valid_from": "2025-02-01", "valid_to": "2025-01-01"},
         "valid_to"),
        ("parties", {"name": " X Ltd", "role": "customer"}, "name"),
        ("scope-items", {"text": "x", "colour": "red"}, "colour"),
        ("sla", {**MISSED_ROW, "evidence": {"page": 0}}, "page"),
        ("sla", {**MISSED_ROW, "evidence": {"bbox": [1, 2]}}, "bbox"),
    ]
    for kind, body, field in bad_adds:
        r = write(client, manager, "POST", f"{url}/{kind}", priced, body)
        assert r.status_code == 422, (kind, body, r.text)
        assert r.headers["content-type"] == "application/problem+json" and field in r.json()["detail"], r.json()
    item = client.get(f"{url}/price-items", headers=bearer(manager)).json()[0]
    bad_fixes = [({"action": "correct", "value": {"unit_price": "cheap"}}, "value.unit_price"),
                 ({"action": "correct", "value": {"currency": "Pounds"}}, "value.currency"),
                 ({"action": "correct", "value": {"colour": "red"}}, "value.colour"),
                 ({"action": "correct"}, "value"), ({"action": "accept", "value": {"unit": "x"}}, "value"),
                 ({"action": "approve"}, "action")]
    for body, field in bad_fixes:
        r = write(client, manager, "PATCH", f"{url}/price-items/{item['id']}", priced, body)
        assert r.status_code == 422 and field in r.json()["detail"], (body, r.text)
    foreign = write(client, manager, "POST", f"{url}/sla", priced,
                    {**MISSED_ROW, "evidence": {"document_id": str(uuid.uuid4()), "paragraph": 2}})
    assert foreign.status_code == 422 and "document_id" in foreign.json()["detail"]
    # a refused write changed nothing (its revision bump was rolled back with it)
    assert client.get(url, headers=bearer(manager)).json()["revision"] == revision
    assert client.get(f"{url}/price-items/{item['id']}", headers=bearer(manager)).status_code == 405
