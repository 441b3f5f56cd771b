"""SLA reports over the API and the CLI, on SQLite and PostgreSQL, from a contract record with reviewed and
unreviewed values. The figures are the hand-worked ones of tests/sla_reports/test_compute.py."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from docsvc.db import transaction
from docsvc.models import (
    AuditEntry,
    Contract,
    Customer,
    ExtractedField,
    PriceItem,
    Role,
    ServiceCreditTier,
    SlaReport,
    SlaTerm,
)
from docsvc.runtime import Runtime
from tests.service.conftest import bearer

EVIDENCE = {"page": 4, "text": "Availability of 99.5% during Business Hours, excluding planned maintenance."}


def make_sla_contract(runtime: Runtime, customer: str = "Smith & Sons") -> str:
    """A managed-print contract under English law: availability 99.5 % in business hours (planned maintenance
    excluded), P1 response 2 and resolution 8 business hours (the resolution term unreviewed), credit tiers
    5/10/20 % and a 15 % cap, monthly fee £1,250 + 20 × £45 = £2,150."""
    with transaction(runtime.sessions) as session:
        owner = Customer(name=customer)
        session.add(owner)
        session.flush()
        contract = Contract(customer_id=owner.id, title="Managed Print Services Agreement", language="en")
        session.add(contract)
        session.flush()
        cid = contract.id
        session.add_all([
            ExtractedField(contract_id=cid, name="governing_law", value="England and Wales", review_state="accepted"),
            ExtractedField(contract_id=cid, name="pricing.currency", value="GBP", review_state="accepted"),
            ExtractedField(contract_id=cid, name="service_credit_cap", value={"percent": 15, "basis": "monthly fee"},
                           review_state="accepted"),
            SlaTerm(contract_id=cid, service="Managed Print", metric="availability", target_value=Decimal("99.5"),
                    target_unit="percent", measurement_period="monthly", hours_of_cover="Mon-Fri 08:00-18:00",
                    exclusions=["planned maintenance"], review_state="accepted", evidence=EVIDENCE),
            SlaTerm(contract_id=cid, service="Managed Print", metric="response_time", priority="P1",
                    target_value=Decimal("2"), target_unit="business_hours", review_state="accepted",
                    evidence={"page": 5, "text": "P1: response within 2 business hours"}),
            SlaTerm(contract_id=cid, service="Managed Print", metric="resolution_time", priority="P1",
                    target_value=Decimal("8"), target_unit="business_hours", review_state="pending",
                    evidence={"page": 5, "text": "P1: resolution within 8 business hours"}),
            *[ServiceCreditTier(contract_id=cid, metric="availability", threshold_upper=upper, threshold_lower=lower,
                                credit_percent=Decimal(percent), review_state="accepted", evidence={"page": 6})
              for upper, lower, percent in ((Decimal("99.5"), Decimal("99.0"), "5"),
                                            (Decimal("99.0"), Decimal("98.0"), "10"), (Decimal("98.0"), None, "20"))],
            PriceItem(contract_id=cid, description="Service management fee", unit_price_text="1250.00",
                      unit_price=Decimal("1250"), currency="GBP", frequency="monthly", review_state="accepted"),
            PriceItem(contract_id=cid, description="Device rental", unit_price_text="45.00", unit_price=Decimal("45"),
                      currency="GBP", quantity=Decimal("20"), frequency="monthly", review_state="accepted"),
            PriceItem(contract_id=cid, description="Mono click charge", unit_price_text="0.0045",
                      unit_price=Decimal("0.0045"), currency="GBP", unit="per page", frequency="per_unit"),
        ])
    return str(cid)


AUGUST: dict[str, Any] = {
    "period": "2026-08",
    "outages": [
        {"service": "Managed Print", "start": "2026-08-12T17:00:00+01:00", "end": "2026-08-12T19:30:00+01:00"},
        {"service": "Managed Print", "start": "2026-08-18T07:00:00", "end": "2026-08-18T09:00:00", "planned": True},
        {"service": "Managed Print", "start": "2026-08-31T09:00:00Z", "end": "2026-08-31T11:00:00Z"},
        {"service": "Managed Print", "start": "2026-08-20T10:00:00+01:00", "end": "2026-08-20T10:45:00+01:00"},
    ],
    "incidents": [{"id": "INC-1", "service": "Managed Print", "priority": "Priority 1",
                   "opened": "2026-08-14T17:30:00+01:00", "responded": "2026-08-17T09:00:00+01:00",
                   "resolved": "2026-08-17T16:00:00+01:00"}],
    "measurements": [{"service": "Managed Print", "metric": "first_time_fix", "value": "87.5", "unit": "percent"}],
}


@pytest.fixture
def sla_contract(runtime: Runtime) -> str:
    return make_sla_contract(runtime)


def test_report_from_the_record_is_stored_audited_and_listed(client: TestClient, runtime: Runtime,
                                                             keys: dict[Role, str], sla_contract: str) -> None:
    coordinator, reader = bearer(keys[Role.COORDINATOR]), bearer(keys[Role.READER])
    calendar = client.get(f"/v1/contracts/{sla_contract}/working-calendar", headers=reader).json()
    assert calendar | {"notes": []} == {
        "timezone": "Europe/London", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "start": "08:00", "end": "18:00",
        "country": "GB", "subdivision": "ENG", "extra_holidays": [], "source": "default", "notes": [],
        "hours": "Mon-Fri 08:00-18:00"}
    made = client.post(f"/v1/contracts/{sla_contract}/sla-reports", json=AUGUST, headers=coordinator)
    assert made.status_code == 201, made.text
    report = made.json()
    assert made.headers["location"] == f"/v1/sla-reports/{report['id']}"
    terms = {t["metric"]: t for t in report["result"]["terms"]}
    # 20 working days × 600 min = 12,000 min; 60 + 45 min down (a naive time is London time; the 31st is a bank
    # holiday) → 99.125 %
    assert terms["availability"]["achieved"]["value"] == "99.125" and terms["availability"]["met"] is False
    assert terms["availability"]["evidence"]["text"] == EVIDENCE["text"]
    # Friday 17:30 → Monday 09:00 = 1.5 business hours (met); → Monday 16:00 = 8.5 (missed)
    assert terms["response_time"]["achieved"]["value"] == "1.5" and terms["response_time"]["met"] is True
    assert terms["resolution_time"]["achieved"]["value"] == "8.5" and terms["resolution_time"]["met"] is False
    assert terms["resolution_time"]["unreviewed"] is True and report["unreviewed"] is True
    assert report["result"]["unjudged"][0]["metric"] == "first_time_fix"
    # only the availability tier applies (no resolution tier in this contract): 5 % of £2,150 = £107.50
    assert (report["credit_percent"], report["credit_amount"], report["currency"]) == ("5", "107.50", "GBP")
    assert report["terms_missed"] == 2 and report["calendar"]["country"] == "GB"
    assert client.get(f"/v1/sla-reports/{report['id']}", headers=reader).json() == report
    listed = client.get(f"/v1/contracts/{sla_contract}/sla-reports", headers=reader).json()
    assert [r["id"] for r in listed] == [report["id"]]
    by_customer = client.get("/v1/sla-reports", params={"customer": "SMITH & SONS"}, headers=reader).json()
    assert [r["id"] for r in by_customer["items"]] == [report["id"]]
    assert client.get("/v1/sla-reports", params={"customer": "Nobody"}, headers=reader).json()["items"] == []
    history = client.get(f"/v1/contracts/{sla_contract}/history", headers=reader).json()
    assert any(e["action"] == "sla_report.create" and e["details"]["sla_report"] == report["id"] for e in history)
    # a customer merge moves the contract, and its reports with it
    with transaction(runtime.sessions) as session:
        target = Customer(name="Smith Group")
        session.add(target)
        session.flush()
        target_id, source_id = target.id, session.get(Contract, uuid.UUID(sla_contract)).customer_id  # type: ignore[union-attr]
    merged = client.post(f"/v1/customers/{target_id}/merge", json={"from": str(source_id)},
                         headers=bearer(keys[Role.ADMIN]))
    assert merged.status_code == 200, merged.text
    after = client.get("/v1/sla-reports", params={"customer": "Smith Group"}, headers=reader).json()
    assert [r["id"] for r in after["items"]] == [report["id"]]


def test_the_edited_calendar_is_used(client: TestClient, keys: dict[Role, str], sla_contract: str) -> None:
    manager, coordinator = bearer(keys[Role.CONTRACT_MANAGER]), bearer(keys[Role.COORDINATOR])
    # 31 August is a normal working day once the calendar has no holidays: 21 days × 600 = 12,600 min; the 31st's
    # outage 10:00-12:00 London counts (120 min): (12,600 − 225) / 12,600 = 98.2142857 % → 98.2143
    body = {"timezone": "Europe/London", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "start": "08:00",
            "end": "18:00"}
    stored = client.put(f"/v1/contracts/{sla_contract}/working-calendar", json=body, headers=manager)
    assert stored.status_code == 200 and stored.json()["source"] == "stored", stored.text
    report = client.post(f"/v1/contracts/{sla_contract}/sla-reports", json=AUGUST, headers=coordinator).json()
    availability = next(t for t in report["result"]["terms"] if t["metric"] == "availability")
    assert availability["achieved"]["value"] == "98.2143"
    assert report["credit_percent"] == "10" and report["credit_amount"] == "215.00"
    bad = client.put(f"/v1/contracts/{sla_contract}/working-calendar", json=body | {"country": "XX"},
                     headers=manager)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert "XX" in bad.json()["detail"]
    assert client.put(f"/v1/contracts/{sla_contract}/working-calendar", json=body,
                      headers=coordinator).status_code == 403


@pytest.mark.parametrize("change, words", [
    ({"period": "2026-13"}, "period"),
    ({"outages": [{"start": "2026-08-12T19:00:00Z", "end": "2026-08-12T17:00:00Z"}]}, "before it starts"),
    ({"incidents": [{"id": "X", "opened": "2026-08-12T19:00:00Z", "resolved": "2026-08-12T17:00:00Z"}]},
     "before opened"),
    ({"incidents": [{"id": "X", "opened": "2026-08-12T19:00:00", "resolved": "2026-08-12T20:00:00Z"}]}, "offset"),
    ({"measurements": [{"metric": "availability", "value": "1e999"}]}, "decimal"),
    ({"outages": [{"start": "0001-01-01T00:00:00+05:00", "end": "2026-08-12T17:00:00Z"}]}, "plausible"),
])
def test_bad_input_is_a_clear_problem(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                      sla_contract: str, change: dict[str, Any], words: str) -> None:
    answer = client.post(f"/v1/contracts/{sla_contract}/sla-reports", json=AUGUST | change,
                         headers=bearer(keys[Role.COORDINATOR]))
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert words in answer.text
    with transaction(runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(SlaReport)) == 0


def test_a_contract_without_sla_terms_and_an_unknown_contract(client: TestClient, runtime: Runtime,
                                                              keys: dict[Role, str]) -> None:
    with transaction(runtime.sessions) as session:
        contract = Contract(title="No SLA")
        session.add(contract)
        session.flush()
        cid = contract.id
    coordinator = bearer(keys[Role.COORDINATOR])
    empty = client.post(f"/v1/contracts/{cid}/sla-reports", json={"period": "2026-08"}, headers=coordinator)
    assert empty.status_code == 422 and "no SLA terms" in empty.json()["detail"]
    assert client.post(f"/v1/contracts/{uuid.uuid4()}/sla-reports", json={"period": "2026-08"},
                       headers=coordinator).status_code == 404
    assert client.get(f"/v1/sla-reports/{uuid.uuid4()}", headers=coordinator).status_code == 404


def _cli(runtime: Runtime, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # this checkout's docsvc, whichever one the interpreter has installed
    env = {"DOCSVC_HOME": str(runtime.settings.home), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    if runtime.settings.database_url:
        env["DOCSVC_DATABASE_URL"] = runtime.settings.database_url
    return subprocess.run([sys.executable, "-m", "docsvc.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180, cwd=cwd)


def test_cli_import_from_csv(client: TestClient, runtime: Runtime, keys: dict[Role, str], sla_contract: str,
                             tmp_path: Path) -> None:
    incidents, outages = tmp_path / "incidents.csv", tmp_path / "outages.csv"
    incidents.write_text("ID,Priority,Service,Opened,Responded,Resolved\n"
                         "INC-1,P1,Managed Print,2026-08-14T17:30:00,2026-08-17T09:00:00,2026-08-17T16:00:00\n",
                         encoding="utf-8")
    outages.write_text("service,start,end,planned\n"
                       "Managed Print,2026-08-12T17:00:00,2026-08-12T19:30:00,no\n"
                       "Managed Print,2026-08-18T07:00:00,2026-08-18T09:00:00,yes\n"
                       "Managed Print,2026-08-31T10:00:00,2026-08-31T12:00:00,\n"
                       "Managed Print,2026-08-20T10:00:00,2026-08-20T10:45:00,false\n", encoding="utf-8")
    base = ("sla-report", "import", "--contract", sla_contract, "--period", "2026-08")
    done = _cli(runtime, *base, str(incidents), str(outages), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 met, 2 missed" in done.stderr and "5 % = 107.50 GBP" in done.stderr
    reports = client.get(f"/v1/contracts/{sla_contract}/sla-reports", headers=bearer(keys[Role.READER])).json()
    assert len(reports) == 1 and reports[0]["created_by"].startswith("cli") and reports[0]["credit_amount"] == "107.50"
    outages.write_text("service,start,end,planned\nManaged Print,2026-08-12T17:00:00,2026-08-12T19:30:00,no\n"
                       "Managed Print,2026-08-18T09:00:00,2026-08-18T07:00:00,yes\n", encoding="utf-8")
    bad = _cli(runtime, *base, str(incidents), str(outages), cwd=tmp_path)
    assert bad.returncode == 2 and "outages.csv line 3" in bad.stderr and "Traceback" not in bad.stderr
    incidents.write_text("id,opened\nINC-1,someday\n", encoding="utf-8")
    bad = _cli(runtime, *base, str(incidents), cwd=tmp_path)
    assert bad.returncode == 2 and "incidents.csv line 2" in bad.stderr and "opened" in bad.stderr
    incidents.write_text("number,opened\n", encoding="utf-8")
    bad = _cli(runtime, *base, str(incidents), cwd=tmp_path)
    assert bad.returncode == 2 and "missing column(s) id" in bad.stderr
    with transaction(runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(SlaReport)) == 1
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "sla_report.create")) == 1
    # the monthly service review from the stored report, on the command line too
    review = _cli(runtime, "sla-report", "review", reports[0]["id"], "--language", "de", "-o", "review.docx",
                  cwd=tmp_path)
    assert review.returncode == 0, review.stderr
    from tests.service.test_generation_api import document_text

    text = document_text((tmp_path / "review.docx").read_bytes()).replace("\u00a0", " ")
    assert "Fällige Gutschrift: 107,50 £" in text and "Verfehlt" in text
    missing = _cli(runtime, "sla-report", "review", str(uuid.uuid4()), cwd=tmp_path)
    assert missing.returncode == 2 and "no SLA report" in missing.stderr and "Traceback" not in missing.stderr


def test_monthly_service_review_from_a_report(client: TestClient, runtime: Runtime, keys: dict[Role, str],
                                              sla_contract: str) -> None:
    from docsvc.models import ChangeRequest
    from tests.service.test_generation_api import document_text, download, table_rows

    coordinator = bearer(keys[Role.COORDINATOR])
    july = {"period": "2026-07", "outages": [], "incidents": []}
    assert client.post(f"/v1/contracts/{sla_contract}/sla-reports", json=july, headers=coordinator).status_code == 201
    august = client.post(f"/v1/contracts/{sla_contract}/sla-reports", json=AUGUST, headers=coordinator).json()
    with transaction(runtime.sessions) as session:
        session.add(ChangeRequest(contract_id=uuid.UUID(sla_contract), reference="CR-0007", title="Two more A3 devices",
                                  status="submitted", contract_revision=1, created_by="test"))
        session.add(ChangeRequest(contract_id=uuid.UUID(sla_contract), reference="CR-0003", title="Done already",
                                  status="approved", contract_revision=1, created_by="test"))
    made = client.post(f"/v1/sla-reports/{august['id']}/service-review", headers=coordinator)
    assert made.status_code == 201, made.text
    assert made.json()["template_name"] == "service-review-en" and made.json()["source_type"] == "sla_report"
    data = download(client, keys[Role.COORDINATOR], made.json())
    text, rows = document_text(data), table_rows(data)
    assert ["Managed Print: Availability", "99.5%", "99.125%", "Missed", "-0.375 percentage points"] in rows
    assert ["Managed Print: Response time (P1)", "2 business hours", "1.5 business hours", "Met",
            "0.5 business hours"] in rows
    assert ["Managed Print: Resolution time (P1) *", "8 business hours", "8.5 business hours", "Missed",
            "-0.5 business hours"] in rows  # unreviewed term: starred
    assert ["2026-07", "3", "0", "0", "100%", "–"] in rows and ["2026-08", "1", "2", "0", "99.125%", "£107.50"] in rows
    assert "Credit due: £107.50 (5% of the period's fixed fee of £2,150.00)." in text
    assert "Two more A3 devices" in text and "Done already" not in text
    # the contract's own deadlines (its current term, from today) and its latest billing check
    upcoming = client.get(f"/v1/contracts/{sla_contract}/deadlines", headers=coordinator).json()
    soon = [d for d in upcoming if d["due"] <= (dt.date.today() + dt.timedelta(days=90)).isoformat()]
    if soon:
        assert all(d["title"] in text for d in soon), soon
    else:
        assert "No contractual deadlines fall due in the next 90 days." in text
    assert "The latest billing check found no mismatches." in text
    assert "First time fix" in text and "Smith & Sons" in text
    record = client.get(f"/v1/contracts/{sla_contract}", headers=coordinator).json()
    item = record["price_items"][0]
    billed = {"description": item["description"], "quantity": "1", "currency": item.get("currency") or "GBP",
              "unit_price": str(Decimal(str(item["unit_price"])) + 1), "period": "2026-08"}
    check = client.post(f"/v1/contracts/{sla_contract}/billing-checks", json={"lines": [billed]},
                        headers=bearer(keys[Role.CONTRACT_MANAGER]))
    assert check.status_code == 201, check.text
    assert any(m["kind"] == "price" for m in check.json()["mismatches"]), check.json()
    german = client.post(f"/v1/sla-reports/{august['id']}/service-review", json={"language": "de"},
                         headers=coordinator)
    assert german.status_code == 201 and german.json()["template_name"] == "service-review-de"
    german_data = download(client, keys[Role.COORDINATOR], german.json())
    german_text = document_text(german_data).replace("\u00a0", " ")
    assert "Fällige Gutschrift: 107,50 £" in german_text and "Verfehlt" in german_text
    assert item["description"] in german_text and "keine Abweichungen" not in german_text
    wrong = client.post(f"/v1/contracts/{sla_contract}/generated", json={"template": "service-review"},
                        headers=coordinator)
    assert wrong.status_code == 422 and "/service-review" in wrong.json()["detail"]
