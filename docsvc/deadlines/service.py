"""Deadlines of the contracts a caller may see, from their current records (reviewed values win)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.contracts.repository import customer_filter, visible_contracts
from docsvc.deadlines import compute
from docsvc.deadlines.compute import Deadline, FieldValue, Terms
from docsvc.models import Contract, ExtractedField
from docsvc.models.contract import ReviewState, current_value

# The record's single values a deadline can be computed from.
TERM_FIELDS = ("effective_date", "expiration_date", "initial_term", "renewal_term", "renewal_notice_period",
               "termination_notice_period", "auto_renewal", "governing_law", "pricing.price_review", "novation")
REVIEWED = frozenset({ReviewState.ACCEPTED.value, ReviewState.CORRECTED.value, ReviewState.ADDED.value})


def terms_of(contract: Contract, rows: Iterable[ExtractedField]) -> Terms:
    values: dict[str, FieldValue] = {}
    for row in rows:
        value = current_value(row)
        if value is not None:
            values[row.name] = FieldValue(value, row.evidence or {}, row.review_state in REVIEWED)
    # A contract made without extraction (or whose dates were set on the contract itself) still has its dates;
    # no person reviewed them as record values, so they are flagged.
    for name, column in (("effective_date", contract.effective_date), ("expiration_date", contract.expiration_date)):
        if name not in values and column is not None:
            values[name] = FieldValue(column.isoformat(), {}, False)
    return Terms(contract_id=contract.id, title=contract.title or f"Contract {contract.id}", values=values)


def contract_deadlines(session: Session, contract: Contract, *, today: dt.date,
                       within_days: int | None = None) -> list[Deadline]:
    """The contract's deadlines due from ``today`` (within ``within_days`` when given), by date."""
    rows = session.scalars(select(ExtractedField).where(ExtractedField.contract_id == contract.id,
                                                        ExtractedField.name.in_(TERM_FIELDS)))
    return compute.contract_deadlines(terms_of(contract, rows), today=today, within_days=within_days)


def deadlines(session: Session, *, customer_scope: uuid.UUID | None, customer: uuid.UUID | str | None,
              kinds: Sequence[str] | None, today: dt.date, within_days: int) -> list[tuple[Contract, Deadline]]:
    """Every visible contract's deadlines in the window, ordered by (due, contract id, kind): the order pages
    are cut in."""
    query = visible_contracts(customer_scope)
    if customer is not None:
        query = query.where(Contract.customer_id == customer_filter(customer))
    contracts = {c.id: c for c in session.scalars(query)}
    fields: dict[uuid.UUID, list[ExtractedField]] = defaultdict(list)
    ids = list(contracts)
    for start in range(0, len(ids), 500):  # bound the IN list
        for row in session.scalars(select(ExtractedField).where(ExtractedField.contract_id.in_(ids[start:start + 500]),
                                                                ExtractedField.name.in_(TERM_FIELDS))):
            fields[row.contract_id].append(row)
    out = []
    for contract_id, contract in contracts.items():
        for deadline in compute.contract_deadlines(terms_of(contract, fields[contract_id]), today=today,
                                                   within_days=within_days):
            if not kinds or deadline.kind in kinds:
                out.append((contract, deadline))
    out.sort(key=lambda pair: position(pair[1]))
    return out


def position(deadline: Deadline) -> tuple[int, bytes, int]:
    return deadline.due.toordinal(), deadline.contract_id.bytes, compute.KINDS.index(deadline.kind)
