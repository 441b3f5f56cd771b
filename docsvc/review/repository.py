"""The review queue: every unreviewed field and row of contracts not yet reviewed, most important and least
certain first, in keyset pages (one UNION ALL, ordered and limited by the database)."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Row, String, and_, case, cast, literal, or_, select, tuple_, union_all
from sqlalchemy.orm import Session

from docsvc.errors import Unprocessable
from docsvc.models import Contract, ExtractedField, ReviewState
from docsvc.models.contract import ContractReviewStatus
from docsvc.review.kinds import DEFAULT_FIELD_IMPORTANCE, FIELD_IMPORTANCE, KINDS

QueueKey = tuple[int, str, uuid.UUID, str]  # priority, kind, contract id, field name or row id


def _priority(importance: Any, confidence: Any) -> Any:
    # Whole numbers, so a page boundary compares exactly on both backends (floats could differ by rounding).
    certainty = cast(case((confidence > 1, 1.0), (confidence < 0, 0.0), else_=confidence) * 1000, Integer)
    return importance * (1000 - certainty)


def _candidates() -> Any:
    field_importance = case(FIELD_IMPORTANCE, value=ExtractedField.name, else_=DEFAULT_FIELD_IMPORTANCE)
    parts = [select(literal("field", String).label("kind"), ExtractedField.contract_id,
                    cast(ExtractedField.name, String).label("item"), ExtractedField.confidence,
                    field_importance.label("importance"),
                    _priority(field_importance, ExtractedField.confidence).label("priority"))
             .where(ExtractedField.review_state == ReviewState.PENDING.value)]
    for kind in KINDS.values():
        table = kind.table
        parts.append(select(literal(kind.name, String).label("kind"), table.contract_id,
                            cast(table.id, String).label("item"), table.confidence,
                            literal(kind.importance, Integer).label("importance"),
                            _priority(literal(kind.importance, Integer), table.confidence).label("priority"))
                     .where(table.review_state == ReviewState.PENDING.value))
    return union_all(*parts).subquery("candidates")


def review_queue(session: Session, *, customer_scope: uuid.UUID | None, customer: uuid.UUID | None,
                 after: QueueKey | None, limit: int) -> Sequence[Row[Any]]:
    items = _candidates()
    query = (select(items, Contract.customer_id).join(Contract, Contract.id == items.c.contract_id)
             .where(Contract.review_status != ContractReviewStatus.REVIEWED.value))
    for scope in (customer_scope, customer):
        if scope is not None:
            query = query.where(Contract.customer_id == scope)
    if after is not None:
        priority, kind, contract_id, item = after
        query = query.where(or_(items.c.priority < priority, and_(
            items.c.priority == priority,
            tuple_(items.c.kind, items.c.contract_id, items.c.item) > tuple_(
                literal(kind, String), literal(contract_id, Contract.id.type), literal(item, String)))))
    order = (items.c.priority.desc(), items.c.kind, items.c.contract_id, items.c.item)
    return session.execute(query.order_by(*order).limit(limit)).all()


def encode_key(row: Row[Any]) -> str:
    raw = json.dumps([row.priority, row.kind, row.contract_id.hex, row.item], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_key(cursor: str | None) -> QueueKey | None:
    if not cursor:
        return None
    try:
        priority, kind, contract_id, item = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not (isinstance(priority, int) and isinstance(kind, str) and isinstance(item, str)):
            raise ValueError(cursor)
        return priority, kind, uuid.UUID(hex=contract_id), item
    except (ValueError, TypeError, binascii.Error):
        raise Unprocessable("cursor is not valid; use the next_cursor of a previous page") from None
