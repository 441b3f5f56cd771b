"""Issue 12's walk, in one piece: what a person confirms is what other systems read and letters say.

Upload → review queue → add a missed SLA row, reject a garbage price, correct the title → GET /v1/sla?reviewed=true
→ price review → letter. Each step's details are tested on their own in test_review.py and
test_review_propagation.py; this test checks that they hold together.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from fastapi.testclient import TestClient

from docsvc.models import Role
from tests.fixtures.service_docs import write_priced_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest
from tests.service.test_review import etag, write

MISSED = {"metric": "availability", "target_value": "99.5", "target_unit": "percent",
          "evidence": {"text": "The Services shall be available 99.5% of each month."}}


def test_review_flow_reaches_the_sla_api_and_the_letter(client: TestClient, keys: dict[Role, str],
                                                         tmp_path: Path) -> None:
    manager, coordinator = keys[Role.CONTRACT_MANAGER], keys[Role.COORDINATOR]
    contract = ingest(client, manager, write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print",
                                                             customer="Smith"), customer="Smith")
    url = f"/v1/contracts/{contract}"
    queue = client.get("/v1/review-queue", params={"limit": 500}, headers=bearer(manager)).json()["items"]
    assert queue and all(contract in str(item) for item in queue)  # only this contract has anything to review

    added = write(client, manager, "POST", f"{url}/sla", contract, MISSED)
    assert added.status_code == 201, added.text
    prices = {p["description"]: p for p in client.get(f"{url}/price-items", headers=bearer(manager)).json()}
    rejected = write(client, manager, "PATCH", f"{url}/price-items/{prices['Colour click charge']['id']}",
                     contract, {"action": "reject"})
    assert rejected.status_code == 200, rejected.text
    titled = client.patch(f"{url}/fields/title", json={"action": "correct", "value": "Smith Print Agreement 2024"},
                          headers={**bearer(manager), "If-Match": etag(client, manager, contract)})
    assert titled.status_code == 200, titled.text

    confirmed = client.get("/v1/sla", params={"reviewed": "true"}, headers=bearer(keys[Role.READER])).json()
    assert [(r["metric"], r["target_value"], r["contract"]["title"]) for r in confirmed["items"]] == [
        ("availability", 99.5, "Smith Print Agreement 2024")]

    review = client.post(f"{url}/price-reviews", json={"review_date": "2025-07-01", "percent": "2"},
                         headers=bearer(coordinator))
    assert review.status_code == 201, review.text
    lines = {line["description"] for line in review.json()["result"]["lines"]}
    assert "Colour click charge" not in lines and "Mono click charge" in lines
    letter = client.post(f"/v1/price-reviews/{review.json()['id']}/letter", json={"format": "docx"},
                         headers=bearer(coordinator))
    assert letter.status_code == 201, letter.text
    body = client.get(f"/v1/generated/{letter.json()['id']}/file", headers=bearer(coordinator))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body.content)).paragraphs)
    text += "\n".join(c.text for t in docx.Document(io.BytesIO(body.content)).tables for r in t.rows for c in r.cells)
    # the letter names the contract by its corrected title in its file name (its sentences leave titles out)
    assert "Smith-Print-Agreement-2024" in letter.json()["filename"], letter.json()["filename"]
    assert "MANAGED PRINT SERVICES AGREEMENT" not in text
    made = client.post(f"{url}/generated", json={"template": "process-documentation"}, headers=bearer(coordinator))
    assert made.status_code == 201, made.text
    document = docx.Document(io.BytesIO(client.get(f"/v1/generated/{made.json()['id']}/file",
                                                   headers=bearer(coordinator)).content))
    words = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any("Smith Print Agreement 2024" in w for w in words)
    assert "Mono click charge" in text and "Colour click charge" not in text
