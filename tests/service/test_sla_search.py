"""``GET /v1/sla`` is serialised by hand: its rows must be exactly what the documented SlaTermRead gives."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from docsvc.db import transaction
from docsvc.models import Contract, Role, SlaTerm
from docsvc.runtime import Runtime
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
                found_row = across.pop(row["id"])
                assert found_row["contract"]["id"] == contract_id and found_row["customer"]["name"]
                # the per-contract view is the review view: it also says who reviewed a row, and which document an
                # added row's evidence is in (none for extracted rows)
                review_only = {"reviewed_by": row.pop("reviewed_by"), "reviewed_at": row.pop("reviewed_at"),
                               "document_id": row["evidence"].pop("document_id", None)}
                assert review_only == {"reviewed_by": None, "reviewed_at": None, "document_id": None}
                assert {k: v for k, v in found_row.items() if k not in ("contract", "customer")} == {
                    **row, "contract_id": contract_id}
    assert across == {}




def test_service_text_search_pages_like_the_full_list(client: TestClient, runtime: Runtime,
                                                      keys: dict[Role, str]) -> None:
    """The text search fetches its page by id after walking a covering index: same rows, same order and
    cursors as filtering the full list, rejected rows left out."""
    services = ["Managed Print Services", "Print Fleet Maintenance", "WAN Connectivity", "Secure Print Release",
                None, "Druckdienste", "LAN Support"]
    with transaction(runtime.sessions) as session:
        contract = Contract()
        session.add(contract)
        session.flush()
        for i in range(21):
            session.add(SlaTerm(contract_id=contract.id, service=services[i % len(services)], metric="availability",
                                target_value=Decimal("99.5"), target_unit="percent",
                                review_state="rejected" if i % 5 == 4 else "pending"))
    reader = bearer(keys[Role.READER])
    everything = client.get("/v1/sla", params={"limit": 500}, headers=reader).json()["items"]
    expected = [r for r in everything if r["service"] and "print" in r["service"].lower()]
    assert 0 < len(expected) < len(everything)
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"service": "PRiNT", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/sla", params=params, headers=reader)
        assert page.status_code == 200, page.text
        seen += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == expected and all(r["review_state"] != "rejected" for r in seen)
