"""Tenancy on every route: a key limited to customer B never reaches customer A's records.

Customer A gets one of everything (document, job, contract, generated document, change request, price review,
its own template, an API key). Then every route whose path names a tenant-owned record is called with A's ids
by a key of an allowed role scoped to customer B: the answer must be 404 (the record's existence is not
revealed), never 2xx. The same call with a key scoped to A must not be refused, so the walk cannot pass
vacuously. Routes writing data shared by all customers (index values) refuse both scoped keys and accept an
unlimited one. A route with a parameter that this test does not know fails it.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.deps import Public
from docsvc.models import Role
from docsvc.runtime import Runtime
from docsvc.users.service import create_user
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_auth import api_routes, role_rule
from tests.service.test_contracts import ingest
from tests.service.test_documents import upload

# Paths naming data shared by every customer, by method: reads open to all, writes for unlimited keys only.
SHARED = {"/v1/indices/{name}/values": {"GET": "read", "POST": "write"}}
TEMPLATE_ROUTES = "/v1/templates/{name}"  # and below: {name}/{version} address Alpha's own template
ALPHA_TEMPLATE = "alpha-only-form-en"
BUILTIN = Path(__file__).resolve().parents[2] / "templates"
# A row of each reviewable collection, added to Alpha's contract so that every row route has one to name.
REVIEW_ROWS: dict[str, dict[str, Any]] = {
    "sla": {"metric": "availability", "target_value": "99.5", "target_unit": "percent"},
    "price-items": {"description": "Toner", "unit_price": "0.0410", "currency": "GBP"},
    "service-credits": {"metric": "availability", "credit_percent": "5"},
    "scope-items": {"text": "Paper supply", "in_scope": False},
    "parties": {"name": "Alpha Holdings Ltd", "role": "customer"},
}
BODIES: dict[str, dict[str, Any]] = {
    "/v1/contracts/{contract_id}/generated": {"template": "process-documentation"},
    "/v1/contracts/{contract_id}/change-requests": {"title": "x", "items": [{"description": "printers"}]},
    "/v1/contracts/{contract_id}/price-reviews": {"review_date": "2025-07-01", "percent": "2"},
    "/v1/contracts/{contract_id}/billing-checks": {"lines": [{"description": "Toner", "quantity": "1",
                                                              "unit_price": "0.0410", "currency": "GBP"}]},
    "/v1/contracts/{contract_id}/fields/{name}": {"action": "accept"},
    "/v1/customers/{customer_id}": {"name": "Alpha renamed"},
    "/v1/customers/{customer_id}/address": {"address_lines": ["1 High Street", "London"]},
    "/v1/indices/{name}/values": {"values": [{"period": "2025-06", "value": "131.4"}]},
    "/v1/contracts/{contract_id}/review-status": {"status": "reviewed"},
    "/v1/webhooks/{webhook_id}": {"enabled": False},
    "/v1/users/{user_id}": {"display_name": "Pat Alpha (renamed)"},
    "/v1/users/{user_id}/password": {"password": "another horse battery"},
    "/v1/contracts/{contract_id}/sla-reports": {"period": "2026-08"},
    "/v1/contracts/{contract_id}/working-calendar": {"timezone": "Europe/London", "days": ["Mon", "Fri"],
                                                     "start": "09:00", "end": "17:00", "country": "GB"},
    **{f"/v1/contracts/{{contract_id}}/{kind}/{{row_id}}": {"action": "accept"} for kind in REVIEW_ROWS},
    **{f"/v1/contracts/{{contract_id}}/{kind}": body for kind, body in REVIEW_ROWS.items()},
    **{f"/v1/contracts/{{contract_id}}/{kind}/review": {"action": "accept", "ids": [str(uuid.uuid4())]}
       for kind in REVIEW_ROWS},
}
# Customer changes: another customer's scoped key is told "not found"; the customer's own scoped key is refused
# (403): only keys limited to no customer rename or merge customers.
UNLIMITED_ONLY = {("PATCH", "/v1/customers/{customer_id}"), ("POST", "/v1/customers/{customer_id}/merge")}
ROLES = (Role.READER, Role.COORDINATOR, Role.CONTRACT_MANAGER, Role.ADMIN)  # the least a route allows is used


def upload_template(client: TestClient, key: str, name: str, data: bytes, **fields: str) -> Any:
    kind = "change_request" if "change-request" in name or name == ALPHA_TEMPLATE else "process_documentation"
    return client.post("/v1/templates", files={"file": (f"{name}.docx", data)}, headers=bearer(key),
                       data={"name": name, "kind": kind, "language": "en", **fields})


def test_a_customer_scoped_key_reaches_no_other_customers_records(
    client: TestClient, runtime: Runtime, keys: dict[Role, str], tmp_path: Path
) -> None:
    manager, coordinator = keys[Role.CONTRACT_MANAGER], keys[Role.COORDINATOR]
    contract = ingest(client, manager, write_priced_contract(tmp_path / "a.docx", supplier="Acme Print",
                                                             customer="Alpha Ltd"), customer="Alpha")
    other_contract = ingest(client, manager, write_sla_contract(tmp_path / "b.docx", supplier="Northwind",
                                                                customer="Beta"), customer="Beta")
    record = client.get(f"/v1/contracts/{contract}", headers=bearer(manager)).json()
    document = upload(client, manager, tmp_path / "a.docx", customer="Alpha").json()
    ids = {
        "contract_id": contract, "document_id": document["document"]["id"], "job_id": document["job"]["id"],
        "generated_id": client.post(f"/v1/contracts/{contract}/generated", headers=bearer(coordinator),
                                    json={"template": "process-documentation"}).json()["id"],
        "request_id": client.post(f"/v1/contracts/{contract}/change-requests", headers=bearer(coordinator),
                                  json=BODIES["/v1/contracts/{contract_id}/change-requests"]).json()["id"],
        "review_id": client.post(f"/v1/contracts/{contract}/price-reviews", headers=bearer(coordinator),
                                 json={"review_date": "2025-07-01", "percent": "2"}).json()["id"],
        "check_id": client.post(f"/v1/contracts/{contract}/billing-checks", headers=bearer(coordinator),
                                json=BODIES["/v1/contracts/{contract_id}/billing-checks"]).json()["id"],
        "name": "governing_law",  # PATCH .../fields/{name}; template routes use ALPHA_TEMPLATE
        "version": 1,
        "row_id": "per collection: see row_ids",
    }
    row_ids = {kind: _add_row(client, manager, contract, kind, body) for kind, body in REVIEW_ROWS.items()}
    ids["report_id"] = client.post(f"/v1/contracts/{contract}/sla-reports", headers=bearer(coordinator),
                                   json=BODIES["/v1/contracts/{contract_id}/sla-reports"]).json()["id"]
    customers = {name: uuid.UUID(client.get(f"/v1/contracts/{cid}", headers=bearer(manager)).json()["customer_id"])
                 for name, cid in (("alpha", contract), ("beta", other_contract))}
    ids["customer_id"] = customers["alpha"]
    BODIES["/v1/customers/{customer_id}/merge"] = {"from": str(customers["beta"])}
    scoped: dict[tuple[str, Role], str] = {}
    with transaction(runtime.sessions) as session:
        for name, customer_id in customers.items():
            for role in ROLES:
                _, scoped[(name, role)] = create_key(session, name=f"{name} {role.value}", role=role, actor="test",
                                                     customer_id=customer_id)
        ids["key_id"] = create_key(session, name="alpha spare", role=Role.READER, actor="test",
                                   customer_id=customers["alpha"])[0].id
        ids["user_id"] = create_user(session, email="pat@alpha.example", display_name="Pat Alpha",
                                     role=Role.READER, password="correct horse battery", actor="test",
                                     customer_id=customers["alpha"]).id
    made = client.post("/v1/webhooks", headers=bearer(scoped[("alpha", Role.ADMIN)]),
                       json={"url": "https://hooks.alpha.example/docsvc", "events": ["contract.reviewed"]})
    assert made.status_code == 201 and made.json()["customer_id"] == str(customers["alpha"]), made.text
    ids["webhook_id"] = made.json()["id"]  # its routes are declared so that DELETE is walked last
    ids["feed_id"] = client.post("/v1/calendar-feeds", json={}, headers=bearer(scoped[("alpha", Role.READER)])
                                 ).json()["id"]
    BODIES["/v1/contracts/{contract_id}/billing-matches"] = {"invoice_description": "Toner",
                                                            "price_item_id": row_ids["price-items"]}
    own_template = upload_template(client, scoped[("alpha", Role.COORDINATOR)], ALPHA_TEMPLATE,
                                   (BUILTIN / "change-request-en.docx").read_bytes())
    assert own_template.status_code == 201 and own_template.json().get("customer_id") == str(customers["alpha"])
    seeded = client.post("/v1/indices/CPI/values", json=BODIES["/v1/indices/{name}/values"], headers=bearer(manager))
    assert seeded.status_code == 200, seeded.text
    walked = []
    for full_path, route in api_routes():
        params = set(re.findall(r"\{([^}]+)\}", full_path))
        if not params or full_path.startswith("/ui/"):  # the workbench (session, not key): tests/ui
            continue
        rule = role_rule(route)
        if isinstance(rule, Public):
            continue  # a secret in the path is the credential (calendar feeds: tests/service/test_deadlines_api.py)
        unknown = params - set(ids)
        assert not unknown, f"{full_path}: add its tenant-owned parameter(s) {unknown} to this test"
        assert rule is not None and hasattr(rule, "roles")
        role = next(r for r in ROLES if r in rule.roles)
        path = full_path
        for param in params:
            value = ids[param]
            if param == "name" and full_path.startswith(TEMPLATE_ROUTES):
                value = ALPHA_TEMPLATE
            elif param == "name" and full_path in SHARED:
                value = "CPI"
            elif param == "row_id":
                value = row_ids[full_path.split("/")[4]]
            path = path.replace("{" + param + "}", str(value))
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            headers: dict[str, str] = {}
            if method == "PATCH":
                headers["If-Match"] = client.get(f"/v1/contracts/{contract}", headers=bearer(manager)).headers["etag"]
            body = BODIES.get(full_path)
            if full_path in SHARED:
                _shared(client, method, path, body, SHARED[full_path][method],
                        [scoped[(c, role)] for c in ("alpha", "beta")], keys[role])
                walked.append(f"{method} {full_path}")
                continue
            other = client.request(method, path, json=body, headers={**bearer(scoped[("beta", role)]), **headers})
            assert other.status_code == 404, f"{method} {full_path} as Beta's {role.value}: {other.status_code}"
            assert other.headers["content-type"] == "application/problem+json"
            own = client.request(method, path, json=body, headers={**bearer(scoped[("alpha", role)]), **headers})
            if (method, full_path) in UNLIMITED_ONLY:
                assert own.status_code == 403, f"{method} {full_path} as Alpha's: {own.status_code}"
            else:
                assert own.status_code not in (401, 403, 404), f"{method} {full_path} as Alpha's: {own.status_code}"
            walked.append(f"{method} {full_path}")
    assert len(walked) >= 25, walked
    assert {"GET /v1/templates/{name}/versions/{version}/file", "DELETE /v1/keys/{key_id}",
            "POST /v1/indices/{name}/values"} <= set(walked)
    print(f"\n{len(walked)} tenant-owned operations walked")
    assert record["id"] == contract


def _add_row(client: TestClient, key: str, contract: str, kind: str, body: dict[str, Any]) -> str:
    tag = client.get(f"/v1/contracts/{contract}", headers=bearer(key)).headers["etag"]
    added = client.post(f"/v1/contracts/{contract}/{kind}", json=body, headers={**bearer(key), "If-Match": tag})
    assert added.status_code == 201, added.text
    row_id: str = added.json()["id"]
    return row_id


def _shared(client: TestClient, method: str, path: str, body: dict[str, Any] | None, access: str,
            scoped_keys: list[str], unlimited: str) -> None:
    """Shared data: every scoped key reads it; only a key limited to no customer writes it."""
    for key in scoped_keys:
        answer = client.request(method, path, json=body, headers=bearer(key))
        expected = 403 if access == "write" else 200
        assert answer.status_code == expected, f"{method} {path} by a scoped key: {answer.status_code}"
    assert client.request(method, path, json=body, headers=bearer(unlimited)).status_code == 200

