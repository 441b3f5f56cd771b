"""Turn an extracted ContractRecord into the contract's queryable rows.

Re-running the same extraction is idempotent: the rows of that run are replaced, not duplicated. A newer
run replaces extracted rows too, but a value a person reviewed (accepted or corrected) is kept, and a row a
person rejected or added is not extracted again (docsvc/review/keys.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from docsvc.contracts.lineage import CHANGE_TYPES, link_change
from docsvc.contracts.repository import bump_revision
from docsvc.models import (
    Contract,
    ContractParty,
    Document,
    ExtractedField,
    ExtractionRun,
    PriceItem,
    ReviewState,
    ScopeItem,
    ServiceCreditTier,
    SlaTerm,
)
from docsvc.models.contract import current_value
from docsvc.review.keys import KeepReviewed, reopen_review

# Single values stored as reviewable fields, by their path in the record.
SCALAR_FIELDS = (
    "document_type", "title", "language", "agreement_date", "effective_date", "expiration_date", "initial_term",
    "renewal_term", "renewal_notice_period", "termination_notice_period", "auto_renewal", "governing_law",
    "service_credit_cap", "novation", "pricing.currency", "pricing.payment_terms_days",
    "pricing.minimum_commitment", "pricing.price_review",
)
ROW_TABLES = (SlaTerm, PriceItem, ScopeItem, ServiceCreditTier, ContractParty)


def _get(record: dict[str, Any], path: str) -> Any:
    cur: Any = record
    for part in path.split("."):
        cur = cur.get(part) if isinstance(cur, dict) else None
    return cur


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def materialize(session: Session, *, run: ExtractionRun, document: Document, record: dict[str, Any]) -> Contract:
    """Write the record's rows; a novation or amendment becomes a contract of its own linked to the one it
    changes (named by the uploader, or proposed by matching parties)."""
    kind = document.declared_type or _value(record, "document_type")
    changes_another = kind in CHANGE_TYPES
    target_id = run.contract_id or (None if changes_another else document.contract_id)
    contract = session.get(Contract, target_id) if target_id else None
    if contract is None:
        contract = Contract(customer_id=document.customer_id)
        session.add(contract)
        session.flush()
    run.contract_id = contract.id
    _apply_header(contract, record, document)
    apply_current(contract, _replace_fields(session, contract.id, run.id, record), document.filename)
    reopen_review(contract, _replace_rows(session, contract.id, run.id, record, document.id))
    if changes_another:
        link_change(session, child=contract, kind=str(kind), named_parent=document.contract_id, record=record)
    bump_revision(session, contract)
    return contract


def _value(record: dict[str, Any], path: str) -> Any:
    field = _get(record, path)
    return field.get("value") if isinstance(field, dict) and "value" in field else None


def _apply_header(contract: Contract, record: dict[str, Any], document: Document) -> None:
    contract.title = (_value(record, "title") or contract.title or document.filename)[:500]
    contract.document_type = document.declared_type or _value(record, "document_type") or contract.document_type
    contract.language = _value(record, "language") or contract.language


TERM_FIELDS = frozenset({"effective_date", "agreement_date", "expiration_date"})
HEADER_COLUMNS = {"title": 500, "document_type": 40, "language": 5}  # field (= contract column): its length


def apply_current(contract: Contract, fields: Mapping[str, ExtractedField], fallback_title: str | None) -> None:
    """The contract's columns as its current record states them, a reviewed value winning over a newer
    extraction: the contract list, ``?text=``, ``GET /v1/sla`` rows and generated documents (content and file
    name) all read the contract's title, type and term, not the fields."""
    apply_term_dates(contract, fields)
    for name, length in HEADER_COLUMNS.items():
        row = fields.get(name)
        if row is None or row.review_state == ReviewState.PENDING.value:
            continue
        value = current_value(row)
        if value is not None:
            setattr(contract, name, str(value)[:length])
        elif name == "title":
            # A rejected title: the contract is named by its first file, as it was before extraction named it.
            contract.title = (fallback_title or contract.title or "")[:length] or None
        else:
            setattr(contract, name, None)


def apply_term_dates(contract: Contract, fields: Mapping[str, ExtractedField]) -> None:
    """The contract's term columns as its current record states them (a reviewed date wins over a newer
    extraction); SLA rows copy them for ``active_on`` (migration 0005)."""
    def value(name: str) -> dt.date | None:
        return _date(current_value(fields[name])) if name in fields else None

    contract.effective_date = value("effective_date") or value("agreement_date")
    contract.expiration_date = value("expiration_date")


def _replace_fields(session: Session, contract_id: uuid.UUID, run_id: uuid.UUID,
                    record: dict[str, Any]) -> dict[str, ExtractedField]:
    """Returns the contract's fields after the update."""
    existing = {f.name: f for f in session.scalars(select(ExtractedField)
                                                   .where(ExtractedField.contract_id == contract_id))}
    for name in SCALAR_FIELDS:
        field = _get(record, name)
        row = existing.get(name)
        if not isinstance(field, dict) or "value" not in field:
            if row is not None and row.review_state == ReviewState.PENDING:
                session.delete(row)
                del existing[name]
            continue
        if row is None:
            row = existing[name] = ExtractedField(contract_id=contract_id, name=name)
            session.add(row)
        row.run_id = run_id
        row.value = field["value"]
        row.confidence = float(field.get("confidence") or 0)
        row.evidence = field.get("evidence") or {}
    return existing


def _replace_rows(session: Session, contract_id: uuid.UUID, run_id: uuid.UUID, record: dict[str, Any],
                  document_id: uuid.UUID) -> int:
    """Returns how many rows were added that nobody has reviewed."""
    # A row a person reviewed, added or rejected is not added again beside it (matched by content).
    add = KeepReviewed(session, contract_id)
    for table in ROW_TABLES:
        # Extracted rows nobody reviewed are replaced by this run's; reviewed ones stay.
        session.execute(delete(table).where(table.contract_id == contract_id,
                                            table.review_state == ReviewState.PENDING.value))
    for item in record.get("sla") or []:
        target = item.get("target") or {}
        value = _decimal(target.get("value"))
        if value is None:
            continue
        add(SlaTerm(
            contract_id=contract_id, run_id=run_id, service=item.get("service"), metric=item["metric"],
            priority=item.get("priority"), target_value=value, target_unit=target.get("unit"),
            measurement_period=item.get("measurement_period"), hours_of_cover=item.get("hours_of_cover"),
            exclusions=item.get("exclusions") or [], **_evidenced(item)))
    for item in (record.get("pricing") or {}).get("items") or []:
        price = _decimal(item.get("unit_price"))
        if price is None:
            continue
        add(PriceItem(
            contract_id=contract_id, run_id=run_id, description=item.get("description") or "",
            unit_price_text=str(item["unit_price"]), unit_price=price, currency=item.get("currency"),
            unit=item.get("unit"), quantity=_decimal(item.get("quantity")), frequency=item.get("frequency"),
            **_evidenced(item)))
    scope = record.get("scope") or {}
    for in_scope, key in ((True, "in_scope"), (False, "out_of_scope")):
        for item in scope.get(key) or []:
            add(ScopeItem(contract_id=contract_id, run_id=run_id, in_scope=in_scope, text=item["text"],
                                  service=item.get("service"), sites=item.get("sites") or [], **_evidenced(item)))
    for item in record.get("service_credits") or []:
        threshold = item.get("threshold") or {}
        add(ServiceCreditTier(
            contract_id=contract_id, run_id=run_id, metric=item.get("metric"),
            threshold_upper=_decimal(threshold.get("upper")), threshold_lower=_decimal(threshold.get("lower")),
            threshold_text=threshold.get("text"), credit_percent=_decimal(item.get("credit_percent")),
            credit_amount=item.get("credit_amount"), currency=item.get("currency"), basis=item.get("basis"),
            **_evidenced(item)))
    for item in record.get("parties") or []:
        add(ContractParty(contract_id=contract_id, name=item["name"][:300], role=item.get("role") or "other",
                                  defined_as=item.get("defined_as"), address=item.get("address"),
                                  source_document_id=document_id,
                                  **_evidenced(item)))
    return add.added


def _evidenced(item: dict[str, Any]) -> dict[str, Any]:
    return {"confidence": float(item.get("confidence") or 0), "evidence": item.get("evidence") or {}}
