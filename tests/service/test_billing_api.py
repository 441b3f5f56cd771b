"""POST /v1/contracts/{id}/billing-checks end to end on SQLite and PostgreSQL: JSON and CSV invoices, the
price review in effect, confirmed matches remembered, the Word report, tenancy and refusals.

Figures worked by hand in the comments (the pure check is golden-tested in tests/billing/test_check.py).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from fastapi.testclient import TestClient

from docsvc.auth.service import create_key
from docsvc.billing.service import latest_mismatches
from docsvc.db import transaction
from docsvc.models import Contract, Customer, ExtractedField, PriceItem, Role
from docsvc.runtime import Runtime
from tests.service.conftest import bearer


def seed(runtime: Runtime) -> dict[str, Any]:
    with transaction(runtime.sessions) as session:
        alpha, beta = Customer(name="Alpha"), Customer(name="Beta")
        session.add_all([alpha, beta])
        session.flush()
        contract, other = Contract(customer_id=alpha.id, title="Alpha print"), Contract(customer_id=beta.id)
        session.add_all([contract, other])
        session.flush()
        for name, value in (("pricing.currency", "GBP"),
                            ("pricing.minimum_commitment", {"amount": "1700.00", "currency": "GBP",
                                                            "frequency": "monthly"}),
                            ("pricing.price_review", {"index": "CPI", "frequency": "annual", "cap_percent": 5})):
            session.add(ExtractedField(contract_id=contract.id, name=name, value=value, review_state="accepted",
                                       evidence={"page": 9, "text": f"{name} clause"}))
        items = {}
        for key, description, price, unit, quantity, frequency, state in (
                ("colour", "Colour pages (A4)", "0.0410", "per page", None, None, "accepted"),
                ("mono", "Mono pages (A4)", "0.0045", "per page", None, None, "accepted"),
                ("maintenance", "Printer maintenance", "25.00", "per device", Decimal(40), "monthly", "pending"),
                ("a3", "Colour pages (A3)", "0.0800", "per page", None, None, "accepted")):
            row = PriceItem(contract_id=contract.id, description=description, unit_price_text=price,
                            unit_price=Decimal(price), currency="GBP", unit=unit, quantity=quantity,
                            frequency=frequency, review_state=state,
                            evidence={"page": 7, "text": f"{description} £{price} {unit}"})
            session.add(row)
            session.flush()
            items[key] = str(row.id)
        beta_item = PriceItem(contract_id=other.id, description="Colour pages (A4)", unit_price_text="0.05",
                              unit_price=Decimal("0.05"), currency="GBP")
        session.add(beta_item)
        session.flush()
        beta_key = create_key(session, name="beta", role=Role.CONTRACT_MANAGER, actor="test", customer_id=beta.id)[1]
        return {"contract": str(contract.id), "items": items, "beta_item": str(beta_item.id), "beta_key": beta_key}


OCTOBER = [
    {"description": "Farbseiten A4", "quantity": "12000", "unit_price": "0.0420", "currency": "GBP",
     "period": "2026-10"},
    {"description": "S/W-Seiten A4", "quantity": "40000", "unit_price": "0.0050", "currency": "GBP",
     "period": "2026-10"},
    {"description": "Wartung Drucker monatlich", "quantity": "36", "unit_price": "25.63", "currency": "GBP",
     "period": "2026-10"},
    {"description": "Toner delivery", "quantity": "1", "unit_price": "30.00", "currency": "GBP", "period": "2026-10"},
]
CSV = ("Beschreibung;Menge;Einzelpreis;Währung;Zeitraum\n"
       "Farbseiten A4;12.000;0,0420;GBP;2026-10\n"
       "S/W-Seiten A4;40.000;0,0050;GBP;2026-10\n"
       "Wartung Drucker monatlich;36;25,63;GBP;2026-10\n"
       "Toner delivery;1;30,00;GBP;2026-10\n")


def figures(check: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(m["line"], m["kind"], m["expected"], m["invoiced"], m["difference"]) for m in check["mismatches"]]


def test_an_invoice_checked_after_a_price_review(client: TestClient, runtime: Runtime,
                                                 keys: dict[Role, str]) -> None:
    world = seed(runtime)
    contract, items = world["contract"], world["items"]
    coordinator = bearer(keys[Role.COORDINATOR])
    # 2.5 % from 2026-07-01: 0.0410 x 1.025 = 0.042025 -> 0.0420; 0.0045 x 1.025 = 0.0046125 -> 0.0046;
    # 25.00 x 1.025 = 25.625 -> 25.63 (half up, at the places the contract writes).
    review = client.post(f"/v1/contracts/{contract}/price-reviews", headers=coordinator,
                         json={"review_date": "2026-07-01", "percent": "2.5"})
    assert review.status_code == 201, review.text
    # a computed review is not in effect yet: the contract's own prices are checked
    before = client.post(f"/v1/contracts/{contract}/billing-checks", headers=coordinator,
                         json={"invoice_ref": "INV-2026-10", "lines": OCTOBER})
    assert before.status_code == 201, before.text
    assert before.json()["lines"][0]["expected_unit_price"] == "0.0410"
    applied = client.post(f"/v1/price-reviews/{review.json()['id']}/apply",
                          headers={**bearer(keys[Role.CONTRACT_MANAGER]), "If-Match": review.headers["etag"]})
    assert applied.status_code == 200, applied.text
    made = client.post(f"/v1/contracts/{contract}/billing-checks", headers=coordinator,
                       json={"invoice_ref": "INV-2026-10", "lines": OCTOBER})
    assert made.status_code == 201, made.text
    check = made.json()
    assert made.headers["location"] == f"/v1/billing-checks/{check['id']}"
    assert [line["expected_unit_price"] for line in check["lines"]] == ["0.0420", "0.0046", "25.63", None]
    assert [(line["match"] or {}).get("price_item_id") for line in check["lines"]] == [
        items["colour"], items["mono"], items["maintenance"], None]
    # Mono +0.0004 x 40,000 = 16.00. Maintenance: 36 devices against 40 contracted. Toner: no such item.
    # October total of matched lines: 504.00 + 200.00 + 36 x 25.63 (922.68) = 1,626.68, under the 1,700.00
    # monthly minimum by 73.32.
    assert figures(check) == [
        (2, "price", "0.0046", "0.0050", "0.0004"),
        (3, "quantity_below_commitment", "40", "36", "-4"),
        (4, "unknown_item", None, "30.00", "30.00"),
        (None, "minimum_commitment", "1700.00", "1626.68", "-73.32"),
    ]
    assert check["mismatches"][0]["evidence"]["price_review"]["id"] == review.json()["id"]
    assert check["mismatches"][0]["evidence"]["total_difference"] == "16.00"
    assert check["mismatches"][1]["reviewed"] is False  # the maintenance item is unreviewed
    assert check["summary"]["unreviewed_kinds"] == ["quantity_below_commitment"]
    # The same invoice as a German CSV, uploaded as a file and as a text/csv body: the same findings.
    upload = client.post(f"/v1/contracts/{contract}/billing-checks", headers=coordinator,
                         files={"file": ("rechnung.csv", CSV.encode(), "text/csv")}, data={"invoice_ref": "R-10"})
    assert upload.status_code == 201, upload.text
    assert figures(upload.json()) == figures(check) and upload.json()["invoice_ref"] == "R-10"
    raw = client.post(f"/v1/contracts/{contract}/billing-checks", params={"invoice_ref": "R-10b"},
                      headers={**coordinator, "Content-Type": "text/csv"}, content=CSV.encode())
    assert raw.status_code == 201, raw.text
    assert figures(raw.json()) == figures(check)
    with transaction(runtime.sessions) as session:
        assert latest_mismatches(session, uuid.UUID(contract)) == raw.json()["mismatches"]
    listed = client.get(f"/v1/contracts/{contract}/billing-checks", headers=bearer(keys[Role.READER])).json()
    assert [c["id"] for c in listed] == [raw.json()["id"], upload.json()["id"], check["id"], before.json()["id"]]

    # The Word report carries the same findings.
    report = client.get(f"/v1/billing-checks/{check['id']}/document", headers=bearer(keys[Role.READER]))
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    word = Document(io.BytesIO(report.content))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "INV-2026-10" in text and "Alpha print" in text
    assert "0.0046" in cells and "-73.32" in cells and any("Unknown item" in c for c in cells)


def test_a_confirmed_match_is_remembered_for_the_contract(client: TestClient, runtime: Runtime,
                                                          keys: dict[Role, str]) -> None:
    world = seed(runtime)
    contract, items = world["contract"], world["items"]
    coordinator = bearer(keys[Role.COORDINATOR])
    lines = [{"description": "Farbseiten", "quantity": "100", "unit_price": "0.0410", "currency": "GBP",
              "period": "2026-10"}]
    # "Farbseiten" -> {colour, page}; A4 and A3 items both score 2x2/5 = 0.8: ambiguous.
    first = client.post(f"/v1/contracts/{contract}/billing-checks", headers=coordinator, json={"lines": lines})
    assert [m["kind"] for m in first.json()["mismatches"]][0] == "ambiguous_item"
    confirmed = client.post(f"/v1/contracts/{contract}/billing-matches", headers=coordinator,
                            json={"invoice_description": "Farbseiten", "price_item_id": items["colour"]})
    assert confirmed.status_code == 201, confirmed.text
    again = client.post(f"/v1/contracts/{contract}/billing-matches", headers=coordinator,
                        json={"invoice_description": "FARBSEITEN", "price_item_id": items["colour"]})
    assert again.status_code == 200 and again.json()["id"] == confirmed.json()["id"]
    second = client.post(f"/v1/contracts/{contract}/billing-checks", headers=coordinator, json={"lines": lines})
    line = second.json()["lines"][0]
    assert line["match"] == {"price_item_id": items["colour"], "description": "Colour pages (A4)",
                             "how": "confirmed", "score": None}
    # 100 pages at 0.0410 = 4.10, under the 1,700.00 monthly minimum: that is the only finding left.
    assert figures(second.json()) == [(None, "minimum_commitment", "1700.00", "4.10", "-1695.90")]
    assert [m["invoice_key"] for m in client.get(f"/v1/contracts/{contract}/billing-matches",
                                                 headers=coordinator).json()] == ["colour page"]
    # Another contract's item cannot be confirmed here.
    foreign = client.post(f"/v1/contracts/{contract}/billing-matches", headers=coordinator,
                          json={"invoice_description": "x", "price_item_id": world["beta_item"]})
    assert foreign.status_code == 422


def test_refusals_and_tenancy(client: TestClient, runtime: Runtime, keys: dict[Role, str]) -> None:
    world = seed(runtime)
    contract = world["contract"]
    url = f"/v1/contracts/{contract}/billing-checks"
    coordinator = bearer(keys[Role.COORDINATOR])
    line = {"description": "Colour pages A4", "quantity": "1", "unit_price": "0.041"}
    refused = [
        client.post(url, headers=coordinator, json={"lines": [{**line, "period": "October"}]}),
        client.post(url, headers=coordinator, json={"lines": []}),
        client.post(url, headers=coordinator, json={"lines": [{**line, "unit_price": "1e999999"}]}),
        client.post(url, headers={**coordinator, "Content-Type": "text/csv"}, content=b"Description;Menge\nx;1\n"),
        client.post(url, headers={**coordinator, "Content-Type": "text/csv"},
                    content=b"description,quantity,unit price\nx,lots,1\n"),
        client.post(url, headers={**coordinator, "Content-Type": "text/csv"}, content=b"\xff\xfe\x00"),
        client.post(url, headers={**coordinator, "Content-Type": "application/xml"}, content=b"<x/>"),
        client.post(url, headers=coordinator, files={"other": ("a.csv", b"x")}),
    ]
    assert [r.status_code for r in refused] == [422, 422, 422, 422, 422, 422, 415, 422]
    assert all(r.headers["content-type"] == "application/problem+json" for r in refused)
    assert "line 2" in refused[4].json()["detail"]
    assert client.post(url, headers=bearer(keys[Role.READER]), json={"lines": [line]}).status_code == 403
    made = client.post(url, headers=coordinator, json={"lines": [line]})
    assert made.status_code == 201
    beta = bearer(world["beta_key"])
    assert client.get(f"/v1/billing-checks/{made.json()['id']}", headers=beta).status_code == 404
    assert client.get(f"/v1/billing-checks/{made.json()['id']}/document", headers=beta).status_code == 404
    assert client.post(url, headers=beta, json={"lines": [line]}).status_code == 404


def _cli(runtime: Runtime, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH: this checkout's docsvc, not another one installed into the environment
    env = {"DOCSVC_HOME": str(runtime.settings.home), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    if runtime.settings.database_url:
        env["DOCSVC_DATABASE_URL"] = runtime.settings.database_url
    return subprocess.run([sys.executable, "-m", "docsvc.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180, cwd=cwd)


def test_cli_billing_check_and_deadlines(client: TestClient, runtime: Runtime, tmp_path: Path) -> None:
    world = seed(runtime)
    invoice = tmp_path / "rechnung.csv"
    invoice.write_text(CSV, encoding="utf-8")
    done = _cli(runtime, "billing-check", "--contract", world["contract"], str(invoice), "--invoice-ref", "R-10",
                "--document", str(tmp_path / "report.docx"), cwd=tmp_path)
    # Without the price review of the first test the contract's own prices apply: mono 0.0045 (invoiced 0.0050:
    # +0.0005), colour 0.0410 (invoiced 0.0420: +0.0010), maintenance 25.00 (invoiced 25.63: +0.63).
    assert done.returncode == 1, done.stderr  # mismatches found
    check = json.loads(done.stdout)
    assert [(m["line"], m["kind"], m["difference"]) for m in check["mismatches"]][:4] == [
        (1, "price", "0.0010"), (2, "price", "0.0005"), (3, "price", "0.63"), (3, "quantity_below_commitment", "-4")]
    assert check["invoice_ref"] == "R-10" and "mismatches" in done.stderr
    assert Document(str(tmp_path / "report.docx")).tables
    missing = _cli(runtime, "billing-check", "--contract", str(uuid.uuid4()), str(invoice), cwd=tmp_path)
    assert missing.returncode == 2 and "no contract" in missing.stderr
    listed = _cli(runtime, "deadlines", "--within", "90d", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
