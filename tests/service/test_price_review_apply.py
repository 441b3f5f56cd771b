"""Applying a price review (issues 13 and 15): once, with the review's ETag, never a stale or older review,
audited; on SQLite and PostgreSQL. The race of eight applies is in tests/service/test_races.py."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.models import AuditEntry, Role
from docsvc.price_reviews.service import applied_reviews
from docsvc.runtime import Runtime
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest


@pytest.fixture
def priced(client: TestClient, keys: dict[Role, str], tmp_path: Path) -> str:
    path = write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print", customer="Smith Ltd")
    return ingest(client, keys[Role.CONTRACT_MANAGER], path, customer="Smith")


def review(client: TestClient, keys: dict[Role, str], contract: str, date: str, percent: str = "2.5") -> str:
    made = client.post(f"/v1/contracts/{contract}/price-reviews", json={"review_date": date, "percent": percent},
                       headers=bearer(keys[Role.COORDINATOR]))
    assert made.status_code == 201, made.text
    review_id: str = made.json()["id"]
    return review_id


def tag(client: TestClient, keys: dict[Role, str], review_id: str) -> str:
    got = client.get(f"/v1/price-reviews/{review_id}", headers=bearer(keys[Role.READER]))
    assert got.status_code == 200, got.text
    etag: str = got.headers["etag"]
    return etag


def apply(client: TestClient, key: str, review_id: str, if_match: str | None) -> Any:
    headers = bearer(key) | ({"If-Match": if_match} if if_match is not None else {})
    return client.post(f"/v1/price-reviews/{review_id}/apply", headers=headers)


def audits(runtime: Runtime, contract: str) -> list[dict[str, Any]]:
    with transaction(runtime.sessions) as session:
        return [e.details for e in session.scalars(select(AuditEntry).where(
            AuditEntry.action == "price_review.apply", AuditEntry.entity_id == contract).order_by(AuditEntry.id))]


def test_a_review_is_applied_once_by_a_manager(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                               priced: str) -> None:
    review_id = review(client, keys, priced, "2025-07-01")
    before = client.get(f"/v1/price-reviews/{review_id}", headers=bearer(keys[Role.READER]))
    assert before.json()["applied_at"] is None and before.json()["applied_by"] is None
    etag = before.headers["etag"]
    missing = apply(client, keys[Role.CONTRACT_MANAGER], review_id, None)
    assert missing.status_code == 428 and etag in missing.json()["detail"]
    for role in (Role.COORDINATOR, Role.READER):
        refused = apply(client, keys[role], review_id, etag)
        assert refused.status_code == 403, (role, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
    assert audits(runtime, priced) == []

    applied = apply(client, keys[Role.CONTRACT_MANAGER], review_id, etag)
    assert applied.status_code == 200, applied.text
    body = applied.json()
    assert body["applied_at"] is not None and "contract_manager" in body["applied_by"]
    assert body["applied_by_name"] == "test contract_manager"  # the key's name without "(…, key …)"
    assert applied.headers["etag"] != etag and applied.headers["etag"] == tag(client, keys, review_id)
    listed = client.get(f"/v1/contracts/{priced}/price-reviews", headers=bearer(keys[Role.READER])).json()
    assert [r["applied_at"] is not None for r in listed if r["id"] == review_id] == [True]

    for again in (etag, applied.headers["etag"]):  # a retry with the old tag or a fresh one: no second apply
        second = apply(client, keys[Role.CONTRACT_MANAGER], review_id, again)
        assert second.status_code == 409, second.text
        problem = second.json()
        assert problem["code"] == "price_review_already_applied" and "already applied" in problem["title"]
        assert "cannot be applied again" in problem["detail"] and problem["applied_by"] == body["applied_by"]
        assert second.headers["content-type"] == "application/problem+json"
    records = audits(runtime, priced)
    assert len(records) == 1 and records[0]["price_review"] == review_id
    assert records[0]["prices"] and all(p["from"] != p["to"] for p in records[0]["prices"])
    with transaction(runtime.sessions) as session:
        assert [str(r.id) for r in applied_reviews(session, uuid.UUID(priced))] == [review_id]


def test_a_changed_contract_needs_a_fresh_etag_and_changed_prices_a_new_review(
        client: TestClient, keys: dict[Role, str], priced: str) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    url = f"/v1/contracts/{priced}"

    def contract_write(method: str, path: str, body: dict[str, Any]) -> None:
        current = client.get(url, headers=bearer(manager)).headers["etag"]
        done = client.request(method, path, json=body, headers={**bearer(manager), "If-Match": current})
        assert done.status_code == 200, done.text

    first = review(client, keys, priced, "2025-07-01")
    seen = tag(client, keys, first)
    contract_write("PATCH", f"{url}/fields/governing_law", {"action": "correct", "value": "Scotland"})
    stale = apply(client, manager, first, seen)
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    assert stale.headers["etag"] == tag(client, keys, first) != seen
    for junk in ('W/' + seen, '"something-else"', "not a tag"):
        assert apply(client, manager, first, junk).status_code == 412
    # the governing law is no input of the computation: with the fresh tag the review is applied
    assert apply(client, manager, first, stale.headers["etag"]).status_code == 200

    second = review(client, keys, priced, "2026-07-01")
    fee = next(i for i in client.get(f"{url}/price-items", headers=bearer(manager)).json()
               if i["description"] == "Service management fee")
    contract_write("PATCH", f"{url}/price-items/{fee['id']}", {"action": "correct", "value": {"unit_price": "1300.00"}})
    outdated = apply(client, manager, second, tag(client, keys, second))
    assert outdated.status_code == 409, outdated.text
    assert outdated.json()["code"] == "price_review_outdated" and "recompute" in outdated.json()["detail"]
    assert "price items" in outdated.json()["detail"]
    recomputed = review(client, keys, priced, "2026-07-01")
    assert recomputed != second
    applied = apply(client, manager, recomputed, tag(client, keys, recomputed))
    assert applied.status_code == 200, applied.text
    fee_line = next(line for line in applied.json()["result"]["lines"] if line["description"] == fee["description"])
    assert fee_line["current_price"] == "1300.00"


def test_an_older_review_is_not_applied_after_a_newer_one(client: TestClient, runtime: Runtime,
                                                          keys: dict[Role, str], priced: str) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    older, newer = review(client, keys, priced, "2024-07-01", "2"), review(client, keys, priced, "2025-07-01", "3")
    assert apply(client, manager, newer, tag(client, keys, newer)).status_code == 200
    refused = apply(client, manager, older, tag(client, keys, older))
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "price_review_superseded" and "2025-07-01" in refused.json()["detail"]
    assert refused.json()["applied_review"] == newer
    assert client.get(f"/v1/price-reviews/{older}", headers=bearer(manager)).json()["applied_at"] is None
    # a later review after it is fine, and billing's list has the newest first
    latest = review(client, keys, priced, "2026-07-01", "1")
    assert apply(client, manager, latest, tag(client, keys, latest)).status_code == 200
    with transaction(runtime.sessions) as session:
        assert [str(r.id) for r in applied_reviews(session, uuid.UUID(priced))] == [latest, newer]
    assert [a["replaces"] for a in audits(runtime, priced)] == [None, newer]


def test_another_customers_review_is_not_found(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                               priced: str, tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    other = ingest(client, manager, write_sla_contract(tmp_path / "b.docx", supplier="Northwind", customer="Beta"),
                   customer="Beta")
    customers = {cid: uuid.UUID(client.get(f"/v1/contracts/{cid}", headers=bearer(manager)).json()["customer_id"])
                 for cid in (priced, other)}
    with transaction(runtime.sessions) as session:
        beta = create_key(session, name="beta manager", role=Role.CONTRACT_MANAGER, actor="test",
                          customer_id=customers[other])[1]
        smith = create_key(session, name="smith manager", role=Role.CONTRACT_MANAGER, actor="test",
                           customer_id=customers[priced])[1]
    review_id = review(client, keys, priced, "2025-07-01")
    etag = tag(client, keys, review_id)
    for if_match in (None, etag):
        hidden = apply(client, beta, review_id, if_match)
        assert hidden.status_code == 404 and hidden.headers["content-type"] == "application/problem+json"
    assert apply(client, keys[Role.CONTRACT_MANAGER], str(uuid.uuid4()), etag).status_code == 404
    assert audits(runtime, priced) == []
    own = apply(client, smith, review_id, etag)
    assert own.status_code == 200 and own.json()["applied_by_name"] == "smith manager"
