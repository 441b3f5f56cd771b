"""Recognising a row across extraction runs by its normalised content (ids are new on every run).

A re-extraction replaces the rows nobody reviewed; a row a person accepted, corrected, added or rejected
stays, and the run must not add it again beside it (a rejected garbage price would come back as "pending").
The key is taken when a row is extracted or added and kept through a correction, so the corrected row still
matches what the extractor keeps reading.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.models import Contract, ContractParty, PriceItem, ReviewState, ScopeItem, ServiceCreditTier, SlaTerm
from docsvc.models.contract import ContractReviewStatus

KEY_COLUMNS: dict[type[Any], tuple[str, ...]] = {
    SlaTerm: ("service", "metric", "priority", "target_value", "target_unit", "measurement_period"),
    PriceItem: ("description", "unit_price", "currency", "unit", "frequency"),
    ServiceCreditTier: ("metric", "threshold_upper", "threshold_lower", "threshold_text", "credit_percent",
                        "credit_amount", "currency"),
    ScopeItem: ("in_scope", "text", "service"),
    ContractParty: ("name", "role"),
}
_SPACE = re.compile(r"\s+")


def _normal(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | int | float):
        # 99.9, "99.90" and Numeric(18, 6)'s 99.900000 are one value
        return format(Decimal(str(value)).normalize(), "f")
    return _SPACE.sub(" ", str(value)).strip().casefold()


def content_key(row: Any) -> str:
    values = [_normal(getattr(row, column)) for column in KEY_COLUMNS[type(row)]]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


class KeepReviewed:
    """``session.add`` for a run's new rows that skips a row a person already reviewed, added or rejected.

    Made before the run deletes the rows nobody reviewed, so it can tell a row that is new to this contract
    (``added``) from one a previous run had already proposed.
    """

    def __init__(self, session: Session, contract_id: uuid.UUID) -> None:
        self.session = session
        self.kept: dict[type[Any], set[str]] = {table: set() for table in KEY_COLUMNS}
        self.proposed: dict[type[Any], set[str]] = {table: set() for table in KEY_COLUMNS}
        for table in KEY_COLUMNS:
            for row in session.scalars(select(table).where(table.contract_id == contract_id)):
                # Rows reviewed before migration 0007 have no key yet: their content is still the extracted
                # one unless corrected (a corrected row's old content is only in the audit trail).
                key = row.content_key or content_key(row)
                (self.proposed if row.review_state == ReviewState.PENDING.value else self.kept)[table].add(key)
        self.added = 0  # rows neither reviewed nor proposed by an earlier run

    def __call__(self, row: Any) -> None:
        table = type(row)
        row.content_key = content_key(row)
        if row.content_key in self.kept[table]:
            return
        self.session.add(row)
        if row.content_key not in self.proposed[table]:
            self.added += 1


def reopen_review(contract: Contract, new_rows: int) -> None:
    """A run that brings rows nobody has seen puts a reviewed contract back in the queue (the review queue
    leaves out contracts said to be reviewed)."""
    if new_rows and contract.review_status == ContractReviewStatus.REVIEWED.value:
        contract.review_status = ContractReviewStatus.NEEDS_REVIEW.value
