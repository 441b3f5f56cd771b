"""Issue 13: every built-in document, rendered from an extracted contract in English and German, is one a
coordinator can send to the customer as it is.

The DOCX text is read back with python-docx. ``DOCSVC_TEST_DUMP=<dir>`` keeps the files, to convert them to PDF
and look at the pages.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from docsvc.config import Settings
from docsvc.generate.people import display_name
from docsvc.models import Role
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest
from tests.service.test_generation_api import document_text, download, generate

CUSTOMER = "Smith & Sons <Print> Ltd"
ADDRESS = "1 High Street, London EC1A 1AA"
# English words of the templates and labels that a German document must not show
ENGLISH_LABELS = ("Germany", "England and Wales", "Hourly", "Monthly", "Annual", "Priority 1", "Customer",
                  "Supplier", "Requester", "Approver", "Pending", "(Contract)", "Within scope",
                  "Needs a decision", "Page ",
                  "Not stated", "Response time", "Availability", "rounded half-up")
EN_DATE = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                     r"December) \d{4}\b")
DE_DATE = re.compile(r"\b\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
                     r"Dezember) \d{4}\b")
NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def organisation(settings: Settings) -> Settings:
    settings.organisation_name = "Acme Print Limited"
    settings.organisation_address = "2 Mill Lane; Leeds LS1 4AB"
    return settings


def _documents(client: TestClient, keys: dict[Role, str], tmp_path: Path) -> dict[str, bytes]:
    """All six built-ins: process documentation (SLA and priced contract), change request, price-review letter."""
    manager, coordinator = keys[Role.CONTRACT_MANAGER], keys[Role.COORDINATOR]
    priced = ingest(client, manager, write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print",
                                                           customer=CUSTOMER), customer="Smith & Sons")
    sla_path = write_sla_contract(tmp_path / "mns.docx", supplier="Acme Net", customer="Smith & Sons")
    sla_doc = docx.Document(str(sla_path))  # one exclusion clause for all SLA terms: extraction repeats it per row
    sla_doc.add_paragraph("Availability excludes downtime caused by planned maintenance or force majeure.")
    sla_doc.save(str(sla_path))
    sla = ingest(client, manager, sla_path, customer="Smith & Sons")
    cr = client.post(f"/v1/contracts/{priced}/change-requests", headers=bearer(coordinator), json={
        "title": "More printers in Leeds", "implementation_date": "2026-12-06",
        "items": [{"service": "Managed print", "site": "Leeds", "quantity": 5,
                   "description": "Maintenance of 5 additional multifunction printers"},
                  {"description": "Supply of paper and staples"}, {"description": "Install a firewall"}],
        "price_impact": {"amount": "180.00", "currency": "GBP", "frequency": "monthly"}}).json()
    assert client.post(f"/v1/change-requests/{cr['id']}/submit", headers=bearer(coordinator)).status_code == 200
    assert client.post(f"/v1/change-requests/{cr['id']}/approve", headers=bearer(manager),
                       json={"comment": "ok"}).status_code == 200
    review = client.post(f"/v1/contracts/{priced}/price-reviews", headers=bearer(coordinator),
                         json={"review_date": "2025-07-01", "percent": "3.5"}).json()
    data = {"customer_address": ADDRESS}
    out: dict[str, bytes] = {}
    for language in ("en", "de"):
        for name, contract in (("process-sla", sla), ("process-priced", priced)):
            made = generate(client, coordinator, contract, template="process-documentation", language=language,
                            data=data)
            assert made.status_code == 201, made.text
            out[f"{name}-{language}"] = download(client, coordinator, made.json())
        for name, url in (("change-request", f"/v1/change-requests/{cr['id']}/form"),
                          ("letter", f"/v1/price-reviews/{review['id']}/letter")):
            made = client.post(url, json={"language": language, "data": data}, headers=bearer(coordinator))
            assert made.status_code == 201, made.text
            out[f"{name}-{language}"] = download(client, coordinator, made.json())
    if dump := os.environ.get("DOCSVC_TEST_DUMP"):
        for name, content in out.items():
            (Path(dump) / f"{name}.docx").write_bytes(content)
    return out


def test_built_in_documents_are_fit_to_send(client: TestClient, keys: dict[Role, str], organisation: Settings,
                                            tmp_path: Path) -> None:
    documents = _documents(client, keys, tmp_path)
    for name, content in documents.items():
        text = document_text(content).replace("\u00a0", " ")
        assert "Your Company Ltd" not in text, name
        assert "Acme Print Limited" in text and "2 Mill Lane" in text, name  # the organisation's letterhead
        assert not re.search(r"\bkey [0-9a-f]{8}", text), name  # no API key id
        assert "(coordinator" not in text and "(contract_manager" not in text, name  # no role in parentheses
        assert "shared words:" not in text, name  # no internal matcher text
        assert not ("no service credits" in text and "capped" in text), name
        assert not ("keine Gutschriften" in text and "begrenzt" in text), name
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        exclusions = [line for line in lines if line.startswith(("The service levels exclude", "Von den Service"))]
        assert len(exclusions) <= 1, (name, exclusions)
        assert not NUMERIC_DATE.search(text.replace("2024-06", "")), (name, NUMERIC_DATE.search(text))
        # quotes of the (English) source contract are the contract's own words, in any document language
        own = re.sub(r"[„“][^“”]*[“”]", "", "\n".join(line for line in lines if ".docx" not in line))
        if name.endswith("-de"):
            assert DE_DATE.search(own) and not EN_DATE.search(own), (name, EN_DATE.search(own))
            # whole words only: "Customer" inside an English company name would not be a label
            english = [w for w in ENGLISH_LABELS if re.search(rf"(?<![\w&<]){re.escape(w)}(?![\w>'’])", own)]
            assert not english, (name, english)
        else:
            assert EN_DATE.search(own) and not DE_DATE.search(own), name
    assert ADDRESS in document_text(documents["letter-en"]) and ADDRESS in document_text(documents["letter-de"])
    assert "Within scope" in document_text(documents["change-request-en"])
    assert "Entscheidung erforderlich" in document_text(documents["change-request-de"])
    assert "England und Wales" in document_text(documents["process-sla-de"])
    assert "P1" in document_text(documents["process-sla-en"])
    assert "The service levels exclude: scheduled maintenance; force majeure." in document_text(
        documents["process-sla-en"])
    assert "ausgenommen: geplante Wartung; höhere Gewalt." in document_text(documents["process-sla-de"])


@pytest.mark.parametrize(("actor", "name"), [
    ("Chris (coordinator) (coordinator, key d93a08fa-0000-4000-8000-000000000000)", "Chris"),
    ("Jane Doe <jane@example.com>", "Jane Doe"), ("Ops team (contract manager)", "Ops team"), ("Bob", "Bob"),
    ("(admin, key d93a08fa)", None), ("", None)])
def test_display_name_shows_the_person_only(actor: str, name: str | None) -> None:
    assert display_name(actor) == name
