"""The billing-check report as a Word document, built from the stored result (the same figures as the JSON)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.shared import Pt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KIND_LABELS = {"price": "Price differs", "unknown_item": "Unknown item", "ambiguous_item": "Item unclear",
               "currency": "Wrong currency", "frequency": "Wrong frequency",
               "quantity_below_commitment": "Quantity under the contracted quantity",
               "minimum_commitment": "Under the minimum commitment"}


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def build(*, title: str, check: dict[str, Any]) -> bytes:
    """``check`` is the BillingCheckRead as JSON."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading("Billing check", level=1)
    summary = check["summary"]
    document.add_paragraph(f"Contract: {title}\nInvoice: {check.get('invoice_ref') or '-'}\n"
                           f"Checked on: {check['checked_on']} against contract revision {check['contract_revision']}\n"
                           f"Lines: {summary['lines']}, matched: {summary['matched']}, mismatches: "
                           f"{summary['mismatches']}, price difference: {summary['price_difference']}")
    if summary.get("unreviewed_kinds"):
        document.add_paragraph("Some findings rest on contract values nobody has reviewed yet (marked *).")
    document.add_heading("Mismatches", level=2)
    if check["mismatches"]:
        _table(document, ["Line", "Finding", "Expected", "Invoiced", "Difference", "Contract evidence"], [
            [str(m["line"] or "-"), KIND_LABELS.get(m["kind"], m["kind"]) + ("" if m["reviewed"] else " *")
             + f"\n{m['description']}", m["expected"] or "-", m["invoiced"] or "-", m["difference"] or "-",
             _evidence(m["evidence"])] for m in check["mismatches"]])
    else:
        document.add_paragraph("No mismatches: every line matches the contract.")
    document.add_heading("Invoice lines", level=2)
    _table(document, ["Line", "Invoice", "Contract item", "Quantity", "Unit price", "Expected", "Status"], [
        [str(line["line"]), line["description"], (line["match"] or {}).get("description") or "-", line["quantity"],
         f"{line['unit_price']} {line.get('currency') or ''}".strip(), line["expected_unit_price"] or "-",
         line["status"]] for line in check["lines"]])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _evidence(evidence: dict[str, Any]) -> str:
    parts = []
    if evidence.get("page"):
        parts.append(f"p. {evidence['page']}")
    if evidence.get("text"):
        parts.append(f"\"{evidence['text']}\"")
    if review := evidence.get("price_review"):
        parts.append(f"price review from {review['effective_date']}: {review['calculation']}")
    if evidence.get("candidates"):
        parts.append("candidates: " + "; ".join(f"{c['description']} ({c['score']})" for c in evidence["candidates"]))
    return "\n".join(parts) or "-"
