"""Tenancy on every route: a key limited to customer B never reaches customer A's records.

Customer A gets one of everything (document, job, contract, generated document, change request, price review).
Then every route whose path names a tenant-owned record is called with A's ids by a key of an allowed role
scoped to customer B: the answer must be 404 (the record's existence is not revealed), never 2xx. The same call
with a key scoped to A must not be refused, so the walk cannot pass vacuously. A route with a tenant-owned
parameter that this test does not know fails it.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.models import Role
from docsvc.runtime import Runtime
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_auth import api_routes, role_rule
from tests.service.test_contracts import ingest
from tests.service.test_documents import upload

GLOBAL_PARAMS = {"name", "version", "key_id"}  # templates and indices are shared; keys are admin-only
BODIES: dict[str, dict[str, Any]] = {
    "/v1/contracts/{contract_id}/generated": {"template": "process-documentation"},
    "/v1/contracts/{contract_id}/change-requests": {"title": "x", "items": [{"description": "printers"}]},
    "/v1/contracts/{contract_id}/price-reviews": {"review_date": "2025-07-01", "percent": "2"},
    "/v1/contracts/{contract_id}/fields/{name}": {"action": "accept"},
}


def test_a_customer_scoped_key_reaches_no_other_customers_records(
    client: TestClient, runtime: Runtime, keys: dict[Role, str], tmp_path: Path
) -> None:
    manager, coordinator = keys[Role.CONTRACT_MANAGER], keys[Role.COORDINATOR]
    contract = ingest(client, manager, write_priced_contract(tmp_path / "a.docx", supplier="Acme Print",
                                                             customer="Alpha Ltd"), customer="Alpha")
    other_contract = ingest(client, manager, write_sla_contract(tmp_path / "b.docx", supplier="Northwind",
                                                                customer="Beta"), customer="Beta")
    record = client.get(f"/v1/contracts/{contract}", headers=bearer(manager)).json()
    document = upload(client, manager, tmp_path / "a.docx").json()
    ids = {
        "contract_id": contract, "document_id": document["document"]["id"], "job_id": document["job"]["id"],
        "generated_id": client.post(f"/v1/contracts/{contract}/generated", headers=bearer(coordinator),
                                    json={"template": "process-documentation"}).json()["id"],
        "request_id": client.post(f"/v1/contracts/{contract}/change-requests", headers=bearer(coordinator),
                                  json=BODIES["/v1/contracts/{contract_id}/change-requests"]).json()["id"],
        "review_id": client.post(f"/v1/contracts/{contract}/price-reviews", headers=bearer(coordinator),
                                 json={"review_date": "2025-07-01", "percent": "2"}).json()["id"],
        "name": "governing_law",  # the only route naming both is PATCH .../fields/{name}
    }
    customers = {name: uuid.UUID(client.get(f"/v1/contracts/{cid}", headers=bearer(manager)).json()["customer_id"])
                 for name, cid in (("alpha", contract), ("beta", other_contract))}
    scoped: dict[tuple[str, Role], str] = {}
    with transaction(runtime.sessions) as session:
        for name, customer_id in customers.items():
            for role in (Role.CONTRACT_MANAGER, Role.COORDINATOR, Role.READER):
                _, scoped[(name, role)] = create_key(session, name=f"{name} {role.value}", role=role, actor="test",
                                                     customer_id=customer_id)
    walked = []
    for full_path, route in api_routes():
        params = set(re.findall(r"\{([^}]+)\}", full_path))
        if not params or params <= GLOBAL_PARAMS:
            continue
        unknown = params - set(ids) - GLOBAL_PARAMS
        assert not unknown, f"{full_path}: add its tenant-owned parameter(s) {unknown} to this test"
        rule = role_rule(route)
        assert rule is not None and hasattr(rule, "roles")
        role = next(r for r in (Role.READER, Role.COORDINATOR, Role.CONTRACT_MANAGER) if r in rule.roles)
        path = full_path
        for param in params:
            path = path.replace("{" + param + "}", str(ids[param]))
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            headers: dict[str, str] = {}
            if method == "PATCH":
                headers["If-Match"] = client.get(f"/v1/contracts/{contract}", headers=bearer(manager)).headers["etag"]
            body = BODIES.get(full_path)
            other = client.request(method, path, json=body, headers={**bearer(scoped[("beta", role)]), **headers})
            assert other.status_code == 404, f"{method} {full_path} as Beta's {role.value}: {other.status_code}"
            assert other.headers["content-type"] == "application/problem+json"
            own = client.request(method, path, json=body, headers={**bearer(scoped[("alpha", role)]), **headers})
            assert own.status_code not in (401, 403, 404), f"{method} {full_path} as Alpha's: {own.status_code}"
            walked.append(f"{method} {full_path}")
    assert len(walked) >= 20, walked
    print(f"\n{len(walked)} tenant-owned operations walked")
    assert record["id"] == contract

