"""``GET /v1/sla`` is serialised by hand: its rows must be exactly what the documented SlaTermRead gives."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docsvc.models import Role
from tests.service.conftest import bearer
from tests.service.test_contracts import two_contracts  # noqa: F401  (fixture)


def test_rows_match_the_per_contract_view(client: TestClient, keys: dict[Role, str],
                                          two_contracts: dict[str, str]) -> None:  # noqa: F811
    reader = bearer(keys[Role.READER])
    found = client.get("/v1/sla", params={"limit": 500}, headers=reader)
    assert found.headers["content-type"] == "application/json"
    across = {r["id"]: r for r in found.json()["items"]}
    for contract_id in two_contracts.values():
        for row in client.get(f"/v1/contracts/{contract_id}/sla", headers=reader).json():
            if row["review_state"] != "rejected":
                assert across.pop(row["id"]) == {**row, "contract_id": contract_id}
    assert across == {}

