"""Novations: the original contract's counterparty changes as of the novation date; history keeps both."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from docsvc.models import Role
from tests.fixtures.service_docs import write_amendment, write_novation, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest


@pytest.mark.parametrize("named", [True, False], ids=["named-by-uploader", "proposed-by-service"])
def test_novation_moves_the_counterparty_as_of_its_date(client: TestClient, keys: dict[Role, str], tmp_path: Path,
                                                        named: bool) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    original = ingest(client, manager, write_sla_contract(tmp_path / "msa.docx", supplier="Northwind",
                                                          customer="Acme"), customer="Acme")
    fields = {"customer": "Acme", **({"contract_id": original} if named else {})}
    novation = ingest(client, manager, write_novation(tmp_path / "novation.docx", transferor="Northwind",
                                                      transferee="Southgate Networks", remaining="Acme"), **fields)
    assert novation != original
    reader = bearer(keys[Role.READER])
    lineage = client.get(f"/v1/contracts/{original}/lineage", params={"on": "2025-08-01"}, headers=reader).json()
    [link] = lineage["changed_by"]
    assert (link["child_contract_id"], link["kind"], link["effective_date"]) == (novation, "novation", "2025-07-01")
    assert link["proposed"] is (not named)
    assert {p["name"] for p in lineage["parties"]} == {"Southgate Networks Limited", "Acme plc"}
    before = client.get(f"/v1/contracts/{original}/lineage", params={"on": "2025-06-30"}, headers=reader).json()
    assert {p["name"] for p in before["parties"]} == {"Northwind Limited", "Acme plc"}
    back = client.get(f"/v1/contracts/{novation}/lineage", headers=reader).json()
    assert [c["parent_contract_id"] for c in back["changes"]] == [original]
    # the original's own record is untouched by the novation's extraction
    record = client.get(f"/v1/contracts/{original}", headers=reader).json()
    assert record["document_type"] == "contract" and len(record["sla"]) >= 6


def test_an_amendment_is_matched_to_the_contract_between_the_same_parties(
    client: TestClient, keys: dict[Role, str], tmp_path: Path
) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    original = ingest(client, manager, write_sla_contract(tmp_path / "msa.docx", supplier="Northwind",
                                                          customer="Acme"), customer="Acme")
    ingest(client, manager, write_sla_contract(tmp_path / "other.docx", supplier="Eastgate", customer="Acme"),
           customer="Acme")
    amendment = ingest(client, manager, write_amendment(tmp_path / "amendment.docx", supplier="Northwind",
                                                        customer="Acme"), customer="Acme")
    reader = bearer(keys[Role.READER])
    [link] = client.get(f"/v1/contracts/{original}/lineage", headers=reader).json()["changed_by"]
    assert (link["child_contract_id"], link["kind"], link["proposed"]) == (amendment, "amendment", True)
    # a second amendment between the same parties goes to the original, not to the first amendment
    second = ingest(client, manager, write_amendment(tmp_path / "amendment2.docx", supplier="Northwind ",
                                                     customer="Acme"), customer="Acme")
    children = client.get(f"/v1/contracts/{original}/lineage", headers=reader).json()["changed_by"]
    assert {c["child_contract_id"] for c in children} == {amendment, second}
