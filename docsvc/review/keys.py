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

from docsvc.models import ContractParty, PriceItem, ReviewState, ScopeItem, ServiceCreditTier, SlaTerm

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
    """``session.add`` for a run's new rows that skips a row a person already reviewed, added or rejected."""

    def __init__(self, session: Session, contract_id: uuid.UUID) -> None:
        self.session = session
        self.contract_id = contract_id
        self.kept: dict[type[Any], set[str]] = {}

    def __call__(self, row: Any) -> None:
        table = type(row)
        if table not in self.kept:
            reviewed = self.session.scalars(select(table).where(
                table.contract_id == self.contract_id, table.review_state != ReviewState.PENDING.value))
            # Rows reviewed before migration 0007 have no key yet: their content is still the extracted one
            # unless corrected, and a corrected row's old content is only in the audit trail.
            self.kept[table] = {r.content_key or content_key(r) for r in reviewed}
        row.content_key = content_key(row)
        if row.content_key not in self.kept[table]:
            self.session.add(row)
