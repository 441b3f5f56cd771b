"""Billing checks against a contract's current record (reviewed values win) and its applied price reviews."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.billing import matching
from docsvc.billing.check import Commitment, ContractItem, InvoiceLine, Review, check_invoice
from docsvc.billing.schemas import MAX_LINES, BillingCheckCreate, BillingCheckRead, InvoiceLineIn
from docsvc.contracts import repository as repo
from docsvc.contracts.service import get_of_contract
from docsvc.csv_rows import CsvUnreadable, csv_rows
from docsvc.db import insert_ignore
from docsvc.deadlines.service import REVIEWED
from docsvc.errors import Unprocessable
from docsvc.models import BillingCheck, BillingMatch, Contract, PriceItem
from docsvc.models.contract import current_value
from docsvc.price_reviews.service import applied_reviews

# CSV header spellings (EN/DE) of each column, compared case- and space-insensitively.
_COLUMNS = {
    "description": ("description", "item", "service", "beschreibung", "leistung", "position", "artikel"),
    "quantity": ("quantity", "qty", "menge", "anzahl"),
    "unit_price": ("unitprice", "price", "rate", "einzelpreis", "preis", "stueckpreis"),
    "currency": ("currency", "waehrung", "ccy"),
    "period": ("period", "zeitraum", "abrechnungszeitraum", "leistungszeitraum"),
    "frequency": ("frequency", "haeufigkeit", "turnus"),
}


class BillingCheckRefused(Unprocessable):
    code, title = "billing_check_refused", "The invoice cannot be checked"


def _number(text: str, *, decimal_comma: bool) -> str:
    """A plain decimal string from "1,234.50", "1.234,50", "0,0410" or "£ 12". Semicolon-separated files are
    German-style: a comma is the decimal sign and "12.000" is twelve thousand (but "0.0420" stays a decimal)."""
    text = "".join(c for c in text.strip() if c.isdigit() or c in ",.-")
    if "," in text and "." in text:
        text = text.replace(",", "") if text.rfind(".") > text.rfind(",") else text.replace(".", "").replace(",", ".")
    elif decimal_comma:
        if "." in text and all(len(group) == 3 for group in text.split(".")[1:]):
            text = text.replace(".", "")
        text = text.replace(",", ".")
    else:
        text = text.replace(",", "")
    Decimal(text)  # raises InvalidOperation on what is left when it is not a number
    return text


def parse_csv(text: str) -> list[InvoiceLineIn]:
    """Invoice lines from CSV with a header row (description, quantity, unit price, currency, period[, frequency];
    English or German headers, comma or semicolon separated). Errors name the line."""
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","  # German spreadsheets write semicolons
    try:
        rows = [row for row in csv_rows(text, delimiter=delimiter)
                if row and "".join(row).strip() and not row[0].lstrip().startswith("#")]
    except CsvUnreadable as exc:
        raise BillingCheckRefused(str(exc)) from None
    if not rows:
        raise BillingCheckRefused("the CSV holds no invoice lines")
    header = ["".join(c for c in matching.fold(cell) if c.isalnum()) for cell in rows[0]]
    where = {name: next((i for i, cell in enumerate(header) if cell in spellings), None)
             for name, spellings in _COLUMNS.items()}
    missing = [n for n in ("description", "quantity", "unit_price") if where[n] is None]
    if missing:
        raise BillingCheckRefused(f"the CSV header {rows[0]!r} has no column for {', '.join(missing)}; expected "
                                  "description, quantity, unit price, currency, period")
    if len(rows) - 1 > MAX_LINES:
        raise BillingCheckRefused(f"at most {MAX_LINES} invoice lines at once")
    out = []
    comma = delimiter == ";"
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: row[i].strip() if i is not None and i < len(row) else "" for name, i in where.items()}
        try:
            out.append(InvoiceLineIn(
                description=cells["description"], quantity=_number(cells["quantity"], decimal_comma=comma),
                unit_price=_number(cells["unit_price"], decimal_comma=comma), currency=cells["currency"] or None,
                period=cells["period"] or None, frequency=cells["frequency"].lower() or None))
        except (ValidationError, InvalidOperation, ValueError) as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()) \
                if isinstance(exc, ValidationError) else "not a number"
            raise BillingCheckRefused(f"line {number}: {problems}") from None
    if not out:
        raise BillingCheckRefused("the CSV holds a header but no invoice lines")
    return out


def _items(session: Session, contract_id: uuid.UUID) -> list[ContractItem]:
    return [ContractItem(id=r.id, description=r.description, unit_price=Decimal(r.unit_price_text),
                         currency=r.currency, unit=r.unit, quantity=r.quantity, frequency=r.frequency,
                         evidence=r.evidence or {}, reviewed=r.review_state in REVIEWED, content_key=r.content_key)
            for r in repo.rows(session, PriceItem, contract_id)]


def _reviews(session: Session, contract_id: uuid.UUID) -> list[Review]:
    out = []
    for row in applied_reviews(session, contract_id):  # a computed review is not in effect until applied
        result = row.result or {}
        try:
            effective = dt.date.fromisoformat(str(result.get("effective_date") or row.review_date.isoformat()))
            prices = {str(line["description"]): (Decimal(str(line["new_price"])), str(line.get("calculation") or ""))
                      for line in result.get("lines") or []}
        except (ValueError, KeyError, InvalidOperation, TypeError):
            continue  # a review stored in an older shape: its prices are not used
        out.append(Review(id=str(row.id), effective_date=effective, prices=prices))
    return out


def _remembered(session: Session, contract_id: uuid.UUID, items: Sequence[ContractItem]) -> dict[str, uuid.UUID]:
    """Confirmed matches, resolved to the current rows: by id, else by content key or description (a
    re-extraction replaces price-item rows but keeps their content key)."""
    by_id = {i.id for i in items}
    by_key = {i.content_key: i.id for i in items if i.content_key}
    by_description = {i.description: i.id for i in items}
    out = {}
    for match in session.scalars(select(BillingMatch).where(BillingMatch.contract_id == contract_id)):
        found = match.price_item_id if match.price_item_id in by_id else (
            by_key.get(match.price_item_content_key or "") or by_description.get(match.price_item_description))
        if found is not None:
            out[match.invoice_key] = found
    return out


def run_check(session: Session, principal: Principal, contract: Contract, body: BillingCheckCreate, *,
              today: dt.date) -> BillingCheck:
    fields = {row.name: row for row in repo.fields(session, contract.id)}
    currency_row, minimum_row = fields.get("pricing.currency"), fields.get("pricing.minimum_commitment")
    currency = current_value(currency_row) if currency_row else None
    minimum = current_value(minimum_row) if minimum_row else None
    commitment = None
    if isinstance(minimum, dict) and minimum.get("amount") is not None:
        try:
            commitment = Commitment(Decimal(str(minimum["amount"])), minimum.get("currency") or currency,
                                    minimum.get("frequency"), (minimum_row.evidence if minimum_row else None) or {},
                                    minimum_row is not None and minimum_row.review_state in REVIEWED)
        except InvalidOperation:
            commitment = None
    items = _items(session, contract.id)
    if not items:
        raise BillingCheckRefused("the contract record has no price items to check an invoice against; add them "
                                  "with POST /v1/contracts/{id}/price-items")
    lines = [InvoiceLine(description=line.description, quantity=line.quantity, unit_price=line.unit_price,
                         currency=line.currency.upper() if line.currency else None, period=line.period,
                         frequency=line.frequency.value if line.frequency else None) for line in body.lines]
    result = check_invoice(items=items, lines=lines, contract_currency=currency if isinstance(currency, str) else None,
                           currency_reviewed=currency_row is not None and currency_row.review_state in REVIEWED,
                           commitment=commitment, reviews=_reviews(session, contract.id),
                           remembered=_remembered(session, contract.id, items), today=today)
    row = BillingCheck(contract_id=contract.id, contract_revision=contract.revision, invoice_ref=body.invoice_ref,
                       lines=[line.model_dump(mode="json") for line in body.lines], result=result,
                       mismatch_count=len(result["mismatches"]), created_by=principal.actor)
    session.add(row)
    session.flush()
    record_audit(session, actor=principal.actor, action="billing_check.create", entity_type="contract",
                 entity_id=contract.id, details={"billing_check": str(row.id), "lines": len(lines),
                                                 "mismatches": row.mismatch_count})
    return row


def read(row: BillingCheck) -> BillingCheckRead:
    result = row.result
    return BillingCheckRead(id=row.id, contract_id=row.contract_id, contract_revision=row.contract_revision,
                            invoice_ref=row.invoice_ref, created_at=row.created_at, created_by=row.created_by,
                            checked_on=result["checked_on"], summary=result["summary"], lines=result["lines"],
                            mismatches=result["mismatches"])


def get_check(session: Session, principal: Principal, check_id: uuid.UUID) -> BillingCheck:
    return get_of_contract(session, principal, BillingCheck, check_id, "billing check")


def checks_for(session: Session, contract_id: uuid.UUID) -> Sequence[BillingCheck]:
    return repo.newest_of_contract(session, BillingCheck, contract_id)


def latest_mismatches(session: Session, contract_id: uuid.UUID) -> list[dict[str, Any]]:
    """The mismatches of the contract's latest billing check (kind, description, expected, invoiced, difference,
    evidence, reviewed); empty when it has none or was never checked."""
    latest = session.scalar(select(BillingCheck).where(BillingCheck.contract_id == contract_id)
                            .order_by(BillingCheck.created_at.desc(), BillingCheck.id.desc()).limit(1))
    return list(latest.result.get("mismatches") or []) if latest is not None else []


def confirm_match(session: Session, principal: Principal, contract: Contract, *, invoice_description: str,
                  price_item_id: uuid.UUID) -> tuple[BillingMatch, bool]:
    """Remember that ``invoice_description`` means the price item; returns (match, created). Confirming the same
    wording again replaces the earlier choice."""
    item = session.get(PriceItem, price_item_id)
    if item is None or item.contract_id != contract.id or item.review_state == "rejected":
        raise Unprocessable(f"price item {price_item_id} is not a price item of this contract")
    key = matching.key(invoice_description)
    values = {"invoice_description": invoice_description, "price_item_id": item.id,
              "price_item_content_key": item.content_key, "price_item_description": item.description,
              "created_by": principal.actor}
    created = insert_ignore(session, BillingMatch, {"id": uuid.uuid4(), "contract_id": contract.id,
                                                    "invoice_key": key, **values}, ["contract_id", "invoice_key"])
    match = session.scalars(select(BillingMatch).where(BillingMatch.contract_id == contract.id,
                                                       BillingMatch.invoice_key == key)).one()
    if not created:
        for name, value in values.items():
            setattr(match, name, value)
    session.flush()
    record_audit(session, actor=principal.actor, action="billing_match.confirm", entity_type="contract",
                 entity_id=contract.id, details={"invoice_key": key, "price_item_id": str(item.id)})
    return match, created


def matches_for(session: Session, contract_id: uuid.UUID) -> Sequence[BillingMatch]:
    return session.scalars(select(BillingMatch).where(BillingMatch.contract_id == contract_id)
                           .order_by(BillingMatch.invoice_key)).all()
