"""Templates, generation, change requests and price reviews over the API, on SQLite and PostgreSQL.

Documents are generated from contracts the worker really extracted, and the output is opened with python-docx:
the numbers in the document must be the contract's, the names intact (``&`` and ``<``), the provenance right.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from docsvc.generate import pdf_available
from docsvc.integrity import check_integrity
from docsvc.models import Role
from docsvc.runtime import Runtime
from docsvc.storage import content_key
from tests.fixtures.service_docs import write_priced_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest

CUSTOMER = "Smith & Sons <Print> Ltd"


def document_text(data: bytes) -> str:
    """All text of a .docx: paragraphs, table cells, headers and footers."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
            parts += [cell.text for table in part.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def table_rows(data: bytes) -> list[list[str]]:
    document = docx.Document(io.BytesIO(data))
    return [[cell.text.strip() for cell in row.cells] for table in document.tables for row in table.rows]


@pytest.fixture
def priced(client: TestClient, keys: dict[Role, str], tmp_path: Path) -> str:
    path = write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print", customer=CUSTOMER)
    return ingest(client, keys[Role.CONTRACT_MANAGER], path, customer="Smith & Sons")


def generate(client: TestClient, key: str, contract: str, **body: Any) -> Any:
    return client.post(f"/v1/contracts/{contract}/generated", json=body, headers=bearer(key))


def download(client: TestClient, key: str, generated: dict[str, Any]) -> bytes:
    r = client.get(f"/v1/generated/{generated['id']}/file", headers=bearer(key))
    assert r.status_code == 200, r.text
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "attachment" in r.headers["content-disposition"]
    return r.content


def test_built_in_templates_are_seeded_and_valid(client: TestClient, keys: dict[Role, str]) -> None:
    listed = client.get("/v1/templates", headers=bearer(keys[Role.READER])).json()
    names = {t["name"]: t for t in listed}
    for kind in ("process-documentation", "change-request", "price-review-letter", "service-review"):
        for language in ("en", "de"):
            template = names[f"{kind}-{language}"]
            assert template["latest_status"] == "active", template
            assert template["language"] == language and template["kind"] == kind.replace("-", "_")


def test_process_documentation_from_the_extracted_record(client: TestClient, keys: dict[Role, str],
                                                         priced: str) -> None:
    coordinator = keys[Role.COORDINATOR]
    r = generate(client, coordinator, priced, template="process-documentation",
                 data={"letterhead": {"company": "Acme Print Ltd"}, "document": {"reference": "PD-7"}})
    assert r.status_code == 201, r.text
    made = r.json()
    assert r.headers["location"] == f"/v1/generated/{made['id']}"
    assert made["template_name"] == "process-documentation-en" and made["template_version"] == 1
    assert made["contract_revision"] >= 1 and made["input_data"]["document"]["reference"] == "PD-7"
    assert "coordinator" in made["created_by"] and made["format"] == "docx"
    data = download(client, coordinator, made)
    text = document_text(data)
    assert CUSTOMER in text and "Acme Print Ltd" in text and "PD-7" in text
    assert "£0.0045" in text and "£0.0390" in text and "£1,250.00" in text  # as the contract states them
    rows = table_rows(data)
    # the priority as the contract writes it ("P1"), not relabelled
    assert any("P1" in row and "Response time" in row and "4 hours" in row for row in rows), rows
    assert "multifunction printers" in text and "consumables other than toner" in text
    assert "mps.docx" in text  # the source document, for the page references
    listed = client.get(f"/v1/contracts/{priced}/generated", headers=bearer(keys[Role.READER])).json()
    assert [g["id"] for g in listed] == [made["id"]]


def test_reviewed_values_win_and_the_revision_is_recorded(client: TestClient, keys: dict[Role, str],
                                                          priced: str) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    url = f"/v1/contracts/{priced}"
    etag = client.get(url, headers=bearer(manager)).headers["etag"]
    corrected = client.patch(f"{url}/fields/governing_law", json={"action": "correct", "value": "Scotland"},
                             headers={**bearer(manager), "If-Match": etag})
    assert corrected.status_code == 200, corrected.text
    made = generate(client, manager, priced, template="process-documentation").json()
    assert made["contract_revision"] == corrected.json()["revision"]
    rows = table_rows(download(client, manager, made))
    assert ["Governing law", "Scotland"] in rows  # the reference quote still shows what the contract says


def test_generation_errors_are_clear(client: TestClient, keys: dict[Role, str], priced: str) -> None:
    coordinator = keys[Role.COORDINATOR]
    unknown = generate(client, coordinator, priced, template="proces-documentation-en")
    assert unknown.status_code == 404 and "process-documentation-en" in unknown.json()["detail"]
    form = generate(client, coordinator, priced, template="change-request")
    assert form.status_code == 422 and "/form" in form.json()["detail"]
    bad_data = generate(client, coordinator, priced, template="process-documentation",
                        data={"letterhead": {"company": ["not", "a", "name"]}})
    assert bad_data.status_code == 422 and bad_data.json()["code"] == "context_invalid"
    assert bad_data.headers["content-type"] == "application/problem+json"
    pdf = generate(client, coordinator, priced, template="process-documentation", format="pdf")
    if pdf_available():
        assert pdf.status_code == 201 and pdf.json()["media_type"] == "application/pdf"
    else:
        assert pdf.status_code == 501 and "LibreOffice" in pdf.json()["detail"]
    missing = client.post("/v1/contracts/00000000-0000-0000-0000-000000000000/generated",
                          json={"template": "process-documentation"}, headers=bearer(coordinator))
    assert missing.status_code == 404


def test_german_document_formats_money_and_dates_the_german_way(client: TestClient, keys: dict[Role, str],
                                                                priced: str) -> None:
    made = generate(client, keys[Role.COORDINATOR], priced, template="process-documentation", language="de").json()
    assert made["template_name"] == "process-documentation-de"
    text = document_text(download(client, keys[Role.COORDINATOR], made)).replace("\u00a0", " ")
    assert "1.250,00 £" in text and "0,0045 £" in text
    assert "1. Juni 2024" in text


def test_template_upload_validation_and_versions(client: TestClient, keys: dict[Role, str],
                                                 tmp_path: Path) -> None:
    coordinator = bearer(keys[Role.COORDINATOR])

    def upload(body: str, name: str = "welcome-letter") -> Any:
        document = docx.Document()
        document.add_paragraph(body)
        buffer = io.BytesIO()
        document.save(buffer)
        return client.post("/v1/templates", files={"file": ("welcome.docx", buffer.getvalue())},
                           data={"name": name, "kind": "custom", "language": "en"}, headers=coordinator)

    good = upload("Dear {{ contract.customer.name }}, welcome.")
    assert good.status_code == 201, good.text
    assert good.json()["version"] == 1 and good.json()["status"] == "active"
    again = upload("Dear {{ contract.customer.name }}, welcome.")
    assert again.status_code in (200, 201)
    typo = upload("Dear {{ contract.partys[0].name }}")
    assert typo.status_code == 422 and typo.headers["content-type"] == "application/problem+json"
    assert "contract.parties" in typo.text
    for payload in ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                    "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
                    "{{ cycler.__init__.__globals__.os.popen('id').read() }}"):
        hostile = upload(payload, name="hostile")
        assert hostile.status_code == 422, (payload, hostile.text)
        assert hostile.json()["template"]["status"] == "rejected"
    versions = client.get("/v1/templates/welcome-letter", headers=coordinator).json()
    assert [v["status"] for v in versions][-1] == "rejected" and versions[0]["status"] == "active"
    rejected = versions[-1]["version"]
    use_rejected = client.post(
        "/v1/contracts/00000000-0000-0000-0000-000000000000/generated",
        json={"template": "welcome-letter", "version": rejected}, headers=coordinator)
    assert use_rejected.status_code in (404, 422)
    original = client.get("/v1/templates/welcome-letter/versions/1/file", headers=coordinator)
    assert original.status_code == 200 and original.content.startswith(b"PK")
    not_docx = client.post("/v1/templates", files={"file": ("x.docx", b"%PDF-1.7 not a docx")},
                           data={"name": "x", "kind": "custom", "language": "en"}, headers=coordinator)
    assert not_docx.status_code == 415
    no_file = client.post("/v1/templates", data={"name": "x", "kind": "custom", "language": "en"},
                          files={"other": ("a.txt", b"a")}, headers=coordinator)
    assert no_file.status_code == 400 and "'file'" in no_file.json()["detail"]
    bad_kind = client.post(
        "/v1/templates", files={"file": ("w.docx", original.content)},
        data={"name": "w", "kind": "poem", "language": "en"}, headers=coordinator)
    assert bad_kind.status_code == 422 and "kind" in bad_kind.json()["detail"]
    schema = client.get("/v1/generation-context/schema", headers=coordinator).json()
    assert "contract" in schema["properties"]


def test_change_request_scope_check_workflow_and_form(client: TestClient, keys: dict[Role, str],
                                                      priced: str) -> None:
    coordinator, manager = bearer(keys[Role.COORDINATOR]), bearer(keys[Role.CONTRACT_MANAGER])
    body = {"title": "More printers in Leeds", "implementation_date": "2025-09-01",
            "items": [{"service": "Managed print", "site": "Leeds",
                       "description": "Maintenance of 5 additional multifunction printers", "quantity": 5},
                      {"description": "Supply of paper and staples"},
                      {"description": "Install a firewall"}],
            "price_impact": {"amount": "180.00", "currency": "GBP", "frequency": "monthly"}}
    r = client.post(f"/v1/contracts/{priced}/change-requests", json=body, headers=coordinator)
    assert r.status_code == 201, r.text
    cr = r.json()
    assert cr["status"] == "draft" and cr["reference"] == "CR-0001"
    assert [i["classification"] for i in cr["items"]] == ["in_scope", "out_of_scope", "unclear"]
    assert "multifunction printers" in cr["items"][0]["matched_scope"]["text"]
    assert cr["items"][0]["matched_scope"]["evidence"]["text"]
    assert cr["summary"] == {"in_scope": 1, "out_of_scope": 1, "unclear": 1}
    url = f"/v1/change-requests/{cr['id']}"
    assert client.post(f"{url}/approve", headers=manager).status_code == 409  # still a draft
    assert client.post(f"{url}/submit", headers=coordinator).json()["status"] == "submitted"
    assert client.post(f"{url}/approve", headers=coordinator).status_code == 403
    approved = client.post(f"{url}/approve", json={"comment": "ok for Q3"}, headers=manager)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = client.post(f"{url}/reject", headers=manager)
    assert again.status_code == 409 and "approved" in again.json()["detail"]
    form = client.post(f"{url}/form", headers=coordinator)
    assert form.status_code == 201, form.text
    assert form.json()["source_type"] == "change_request" and form.json()["source_id"] == cr["id"]
    text = document_text(download(client, keys[Role.COORDINATOR], form.json()))
    assert "CR-0001" in text and "More printers in Leeds" in text and "Install a firewall" in text
    german = client.post(f"{url}/form", json={"language": "de"}, headers=coordinator)
    assert german.status_code == 201 and german.json()["template_name"] == "change-request-de"
    german_text = document_text(download(client, keys[Role.COORDINATOR], german.json()))
    assert "Änderungsantrag" in german_text and "CR-0001" in german_text
    history = client.get(f"/v1/contracts/{priced}/history", headers=manager).json()
    assert "document.generate" in {h["action"] for h in history}


def test_index_values_and_price_review_with_letter(client: TestClient, keys: dict[Role, str], priced: str) -> None:
    manager, coordinator = bearer(keys[Role.CONTRACT_MANAGER]), bearer(keys[Role.COORDINATOR])
    stored = client.post("/v1/indices/cpi/values", headers=manager, json={
        "values": [{"period": "2024-06", "value": "133.0"}, {"period": "2025-06", "value": "137.1"}],
        "source": "ONS D7BT"})
    assert stored.status_code == 200 and stored.json() == {"index": "CPI", "inserted": 2, "updated": 0,
                                                           "unchanged": 0}
    assert client.post("/v1/indices/CPI/values", json={"values": [{"period": "2024-13", "value": "1"}]},
                       headers=manager).status_code == 422
    request = {"review_date": "2025-07-01",
               "index": {"name": "CPI", "base_period": "2024-06", "current_period": "2025-06"}}
    r = client.post(f"/v1/contracts/{priced}/price-reviews", json=request, headers=coordinator)
    assert r.status_code == 201, r.text
    result = r.json()["result"]
    # 137.1 / 133.0 - 1 = 3.0827 %, within the 5 % cap
    assert result["raw_percent"] == "3.0827" and result["bound"] is None
    lines = {line["description"]: line for line in result["lines"]}
    assert lines["Mono click charge"]["current_price"] == "0.0045"
    assert lines["Mono click charge"]["new_price"] == "0.0046"  # 0.0045 × 1.030827 = 0.0046387 → 4 places
    assert lines["Service management fee"]["new_price"] == "1288.53"  # 1250 × 1.030827 = 1288.534
    missing = client.post(f"/v1/contracts/{priced}/price-reviews", headers=coordinator, json={
        "review_date": "2025-07-01", "index": {"name": "CPI", "base_period": "2024-06", "current_period": "2025-07"}})
    assert missing.status_code == 422 and "2025-07" in missing.json()["detail"]
    capped = client.post(f"/v1/contracts/{priced}/price-reviews", json={"review_date": "2025-07-01",
                                                                        "percent": "7.5"}, headers=coordinator)
    assert capped.status_code == 201 and capped.json()["result"]["bound"] == "cap"
    assert capped.json()["result"]["percent_applied"] in ("5", "5.0", "5.00", "5.0000")
    letter = client.post(f"/v1/price-reviews/{r.json()['id']}/letter", headers=coordinator)
    assert letter.status_code == 201, letter.text
    text = document_text(download(client, keys[Role.COORDINATOR], letter.json()))
    assert "£0.0046" in text and "£1,288.53" in text and CUSTOMER in text and "137.1" in text
    german = client.post(f"/v1/price-reviews/{r.json()['id']}/letter", json={"language": "de"}, headers=coordinator)
    assert german.status_code == 201 and german.json()["template_name"] == "price-review-letter-de"
    german_text = document_text(download(client, keys[Role.COORDINATOR], german.json())).replace("\u00a0", " ")
    assert "Preisanpassung" in german_text and "1.288,53 £" in german_text and "0,0046 £" in german_text
    values = client.get("/v1/indices/CPI/values", headers=bearer(keys[Role.READER])).json()
    assert [v["period"] for v in values] == ["2024-06", "2025-06"]
    assert client.get("/v1/indices", headers=coordinator).json()[0] == {
        "name": "CPI", "values": 2, "first_period": "2024-06", "last_period": "2025-06"}


def _cli(runtime: Runtime, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"DOCSVC_HOME": str(runtime.settings.home), "PATH": "/usr/bin:/bin"}
    if runtime.settings.database_url:
        env["DOCSVC_DATABASE_URL"] = runtime.settings.database_url
    return subprocess.run([sys.executable, "-m", "docsvc.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180, cwd=cwd)


def test_cli_loads_indices_and_generates(client: TestClient, runtime: Runtime, keys: dict[Role, str], priced: str,
                                         tmp_path: Path) -> None:
    csv_file = tmp_path / "cpi.csv"
    csv_file.write_text("period,value\n2024-06,133.0\n2025-06,137.1\n", encoding="utf-8")
    loaded = _cli(runtime, "indices", "load", "cpi", str(csv_file), cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "CPI: 2 new, 0 corrected, 0 unchanged" in loaded.stderr
    csv_file.write_text("period,value\n2024-06,133.0\n2025-13,1\n", encoding="utf-8")
    bad = _cli(runtime, "indices", "load", "cpi", str(csv_file), cwd=tmp_path)
    assert bad.returncode == 2 and "line 3" in bad.stderr and "Traceback" not in bad.stderr
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"document": {"reference": "PD-CLI-1"}}), encoding="utf-8")
    out = tmp_path / "out.docx"
    made = _cli(runtime, "generate", "--contract", priced, "--template", "process-documentation",
                "--data", str(data), "-o", str(out), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "PD-CLI-1" in document_text(out.read_bytes()) and CUSTOMER in document_text(out.read_bytes())
    listed = client.get(f"/v1/contracts/{priced}/generated", headers=bearer(keys[Role.READER])).json()
    assert listed[0]["created_by"].startswith("cli")
    unknown = _cli(runtime, "generate", "--contract", priced, "--template", "nope", cwd=tmp_path)
    assert unknown.returncode == 2 and "no template 'nope'" in unknown.stderr and "Traceback" not in unknown.stderr
    assert check_integrity(runtime).clean  # templates and generated files are accounted for


def test_check_covers_templates_and_generated_files(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                                    priced: str) -> None:
    made = generate(client, keys[Role.COORDINATOR], priced, template="process-documentation").json()
    report = check_integrity(runtime)
    assert report.clean and report.rows > report.documents + 6
    objects = runtime.settings.resolved_storage_path
    (objects / content_key(made["sha256"], "generated")).write_bytes(b"x" * made["size"])
    assert check_integrity(runtime).checksum_mismatches == [f"generated:{made['id']}"]
