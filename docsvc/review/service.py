"""Reviewing the rows of a contract's record: add a row extraction missed, accept/correct/reject one, accept or
reject many at once, and say the contract is reviewed.

Every write first passes the contract's If-Match compare-and-set (``contracts.service.claim_revision``), so
of the writers holding one ETag exactly one gets through, and each is audited with the row before and after.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.contracts.service import claim_revision, get_contract
from docsvc.errors import NotFound, Unprocessable
from docsvc.models import Contract, Document, ReviewState
from docsvc.models.base import utcnow
from docsvc.models.contract import ContractReviewStatus
from docsvc.review.keys import content_key
from docsvc.review.kinds import Kind
from docsvc.review.schemas import BulkReview, ReviewStatusIn, RowReview
from docsvc.review.status import mark_in_review
from docsvc.webhooks.events import CONTRACT_REVIEWED
from docsvc.webhooks.service import emit

STATES = {"accept": ReviewState.ACCEPTED, "correct": ReviewState.CORRECTED, "reject": ReviewState.REJECTED}


def list_rows(session: Session, principal: Principal, kind: Kind, contract_id: uuid.UUID,
              include_rejected: bool) -> list[Any]:
    contract = get_contract(session, principal, contract_id)
    query = select(kind.table).where(kind.table.contract_id == contract.id)
    if not include_rejected:
        query = query.where(kind.table.review_state != ReviewState.REJECTED.value)
    return sorted(session.scalars(query), key=document_order)


def document_order(row: Any) -> tuple[float, float, float, str]:
    """Where the row stands in its document: page (or DOCX paragraph), then top of its box; rows without
    evidence (a person added them without saying where) last."""
    evidence = row.evidence if isinstance(row.evidence, dict) else {}
    page = evidence.get("page") if isinstance(evidence.get("page"), int) else None
    paragraph = evidence.get("paragraph") if isinstance(evidence.get("paragraph"), int) else None
    bbox = evidence.get("bbox")
    top = float(bbox[1]) if isinstance(bbox, list) and len(bbox) == 4 and isinstance(bbox[1], int | float) else 0.0
    where = page if page is not None else paragraph
    return (float("inf") if where is None else float(where), top, float(paragraph or 0), str(row.id))


def add_row(session: Session, principal: Principal, kind: Kind, contract_id: uuid.UUID, body: dict[str, Any],
            evidence: dict[str, Any] | None, comment: str | None, if_match: str | None) -> tuple[Contract, Any]:
    contract = claim_revision(session, principal, contract_id, if_match)
    check_evidence(session, principal, evidence)
    mark_in_review(contract)
    row = kind.table(contract_id=contract.id, **_checked(kind, body), confidence=1.0,
                     evidence={k: v for k, v in (evidence or {}).items() if v is not None},
                     review_state=ReviewState.ADDED.value, reviewed_by=principal.actor, reviewed_at=utcnow())
    row.content_key = content_key(row)
    session.add(row)
    session.flush()
    _audit(session, principal, f"row.add.{kind.name}", contract, row.id, None, _snapshot(kind, row), comment)
    return contract, row


def check_evidence(session: Session, principal: Principal, evidence: dict[str, Any] | None) -> None:
    """Evidence may name only a document the caller can see."""
    document_id = (evidence or {}).get("document_id")
    if document_id is None:
        return
    document = session.get(Document, uuid.UUID(document_id))
    if document is None or (principal.customer_id and document.customer_id != principal.customer_id):
        raise Unprocessable(f"evidence.document_id: no document {document_id}")


def review_row(session: Session, principal: Principal, kind: Kind, contract_id: uuid.UUID, row_id: uuid.UUID,
               review: RowReview, if_match: str | None) -> tuple[Contract, Any]:
    contract = claim_revision(session, principal, contract_id, if_match)
    row = _row(session, kind, contract, row_id)
    if review.action == "correct" and not review.value:
        raise Unprocessable("action 'correct' needs 'value': the fields to change")
    if review.action != "correct" and review.value:
        raise Unprocessable(f"action {review.action!r} takes no 'value'; use action 'correct' to change fields")
    mark_in_review(contract)
    before = _snapshot(kind, row)
    if review.action == "correct":
        assert review.value is not None
        for column, value in _checked(kind, {**kind.current(row), **review.value}).items():
            setattr(row, column, value)
        if row.review_state == ReviewState.ADDED.value:
            row.content_key = content_key(row)  # a person's own row: its content is what they now say
    row.review_state = _next_state(row.review_state, review.action)
    row.reviewed_by, row.reviewed_at = principal.actor, utcnow()
    _audit(session, principal, f"row.{review.action}.{kind.name}", contract, row.id, before,
           _snapshot(kind, row), review.comment)
    return contract, row


def review_rows(session: Session, principal: Principal, kind: Kind, contract_id: uuid.UUID, bulk: BulkReview,
                if_match: str | None) -> tuple[Contract, Sequence[Any]]:
    """Accept or reject many rows (a whole SLA table) in one revision; all or nothing."""
    contract = claim_revision(session, principal, contract_id, if_match)
    wanted = list(dict.fromkeys(bulk.ids))
    found = {r.id: r for r in session.scalars(select(kind.table).where(kind.table.contract_id == contract.id,
                                                                       kind.table.id.in_(wanted)))}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise NotFound(f"contract {contract_id} has no {kind.name} rows {', '.join(missing[:20])}",
                       extra={"missing": missing})
    mark_in_review(contract)
    now = utcnow()
    for row_id in wanted:
        row = found[row_id]
        before = row.review_state
        row.review_state = _next_state(row.review_state, bulk.action)
        row.reviewed_by, row.reviewed_at = principal.actor, now
        _audit(session, principal, f"row.{bulk.action}.{kind.name}", contract, row.id,
               {"review_state": before}, {"review_state": row.review_state}, bulk.comment)
    return contract, [found[i] for i in wanted]


def set_review_status(session: Session, principal: Principal, contract_id: uuid.UUID, body: ReviewStatusIn,
                      if_match: str | None) -> Contract:
    contract = claim_revision(session, principal, contract_id, if_match)
    before = contract.review_status
    contract.review_status = body.status
    done = body.status == ContractReviewStatus.REVIEWED.value
    contract.reviewed_by, contract.reviewed_at = (principal.actor, utcnow()) if done else (None, None)
    record_audit(session, actor=principal.actor, action="contract.review_status", entity_type="contract",
                 entity_id=contract.id, details={"before": before, "after": body.status, "comment": body.comment})
    if done and before != body.status:
        emit(session, CONTRACT_REVIEWED, customer_id=contract.customer_id,
             data={"contract_id": contract.id, "title": contract.title, "revision": contract.revision,
                   "reviewed_by": principal.actor, "comment": body.comment})
    return contract


def _next_state(state: str, action: str) -> str:
    """A row a person added stays "added" unless rejected (it was never extracted), and accepting a corrected
    row keeps "corrected" (a person's value, not the extractor's): accepting a whole table must not hide which
    rows were changed."""
    if state == ReviewState.ADDED.value and action != "reject":
        return state
    if state == ReviewState.CORRECTED.value and action == "accept":
        return state
    return STATES[action].value


def _row(session: Session, kind: Kind, contract: Contract, row_id: uuid.UUID) -> Any:
    row = session.get(kind.table, row_id)
    if row is None or row.contract_id != contract.id:
        raise NotFound(f"contract {contract.id} has no {kind.name} row {row_id}")
    return row


def _checked(kind: Kind, values: dict[str, Any]) -> dict[str, Any]:
    try:
        return kind.validate(values)
    except ValidationError as exc:
        errors = [{"location": ".".join(str(p) for p in ("value", *err["loc"])), "message": err["msg"],
                   "type": err["type"]} for err in exc.errors()]
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5])
        raise Unprocessable(detail, extra={"errors": errors}) from None


def _snapshot(kind: Kind, row: Any) -> dict[str, Any]:
    values = {**kind.read.model_validate(row).model_dump(mode="json", exclude={"evidence", "confidence"})}
    return values


def _audit(session: Session, principal: Principal, action: str, contract: Contract, row_id: uuid.UUID,
           before: dict[str, Any] | None, after: dict[str, Any], comment: str | None) -> None:
    record_audit(session, actor=principal.actor, action=action, entity_type="contract", entity_id=contract.id,
                 details={"row": str(row_id), "before": before, "after": after, "comment": comment})
