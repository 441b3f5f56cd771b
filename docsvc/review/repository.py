"""The review queue: every unreviewed field and row of contracts not yet reviewed, most important and least
certain first, in keyset pages (one UNION ALL, ordered and limited by the database)."""

from __future__ import annotations

import struct
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Row, String, and_, case, cast, literal, null, or_, select, tuple_, union_all
from sqlalchemy.orm import Session

from docsvc.models import Contract, ExtractedField, ReviewState
from docsvc.models.contract import ContractReviewStatus
from docsvc.pagination import CursorCodec
from docsvc.review.kinds import DEFAULT_FIELD_IMPORTANCE, FIELD_IMPORTANCE, KINDS

KIND_ORDER = ("field", *KINDS)  # a queue item's kind as a number: cursors are fixed-size numbers only
QueueKey = tuple[int, int, uuid.UUID, uuid.UUID]  # priority, kind, contract id, field or row id
_CURSOR = struct.Struct(">IB16s16s")
QUEUE_LISTING = "review-queue"


def _priority(importance: Any, confidence: Any) -> Any:
    # Whole numbers, so a page boundary compares exactly on both backends (floats could differ by rounding).
    certainty = cast(case((confidence > 1, 1.0), (confidence < 0, 0.0), else_=confidence) * 1000, Integer)
    return importance * (1000 - certainty)


def _candidates() -> Any:
    field_importance = case(FIELD_IMPORTANCE, value=ExtractedField.name, else_=DEFAULT_FIELD_IMPORTANCE)
    parts = [select(literal(0, Integer).label("kind"), ExtractedField.contract_id, ExtractedField.id.label("item"),
                    cast(ExtractedField.name, String).label("name"), ExtractedField.confidence,
                    field_importance.label("importance"),
                    _priority(field_importance, ExtractedField.confidence).label("priority"))
             .where(ExtractedField.review_state == ReviewState.PENDING.value)]
    for number, kind in enumerate(KINDS.values(), start=1):
        table = kind.table
        parts.append(select(literal(number, Integer).label("kind"), table.contract_id, table.id.label("item"),
                            null().label("name"), table.confidence,
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
        ids = Contract.id.type
        query = query.where(or_(items.c.priority < priority, and_(
            items.c.priority == priority,
            tuple_(items.c.kind, items.c.contract_id, items.c.item) > tuple_(
                literal(kind, Integer), literal(contract_id, ids), literal(item, ids)))))
    order = (items.c.priority.desc(), items.c.kind, items.c.contract_id, items.c.item)
    return session.execute(query.order_by(*order).limit(limit)).all()


def encode_key(codec: CursorCodec, row: Row[Any]) -> str:
    return codec.encode_raw(QUEUE_LISTING, _CURSOR.pack(row.priority, row.kind, row.contract_id.bytes,
                                                        row.item.bytes))


def decode_key(codec: CursorCodec, cursor: str | None) -> QueueKey | None:
    """Signed like every cursor: a malformed or made-up position is a 400, never a query with a forged number."""
    raw = codec.decode_raw(QUEUE_LISTING, cursor, _CURSOR.size)
    if raw is None:
        return None
    priority, kind, contract_id, item = _CURSOR.unpack(raw)
    return priority, kind, uuid.UUID(bytes=contract_id), uuid.UUID(bytes=item)
