"""Change requests: each requested item checked against the contract's extracted scope, then a small workflow.

draft → submitted → approved | rejected. Every step is audited with who and when; a step out of order is a
409 that names the current state. The scope check is stored with the request (with the contract revision it
was made against), so the form generated later shows the same result the requester saw.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.change_requests.schemas import ChangeRequestCreate, ChangeRequestRead
from docsvc.contracts import repository as contracts_repo
from docsvc.contracts.repository import newest_of_contract
from docsvc.contracts.service import get_of_contract
from docsvc.errors import Conflict
from docsvc.generate.people import display_name
from docsvc.generate.scope_check import ChangeItem, ScopeEntry, classify_items
from docsvc.models import ChangeRequest, ChangeRequestStatus, Contract, ScopeItem
from docsvc.models.base import utcnow
from docsvc.webhooks.events import CHANGE_REQUEST_DECIDED
from docsvc.webhooks.service import emit

# What may follow each state, and which decision makes the step.
TRANSITIONS = {
    "submit": (ChangeRequestStatus.DRAFT, ChangeRequestStatus.SUBMITTED),
    "approve": (ChangeRequestStatus.SUBMITTED, ChangeRequestStatus.APPROVED),
    "reject": (ChangeRequestStatus.SUBMITTED, ChangeRequestStatus.REJECTED),
}


def _entry(row: ScopeItem) -> ScopeEntry:
    return ScopeEntry(text=row.text, service=row.service, sites=tuple(str(s) for s in row.sites or []),
                      evidence=dict(row.evidence or {}))


def scope_check(session: Session, contract: Contract, body: ChangeRequestCreate) -> list[dict[str, Any]]:
    scope = contracts_repo.rows(session, ScopeItem, contract.id)
    items = [ChangeItem(service=i.service, site=i.site, quantity=None if i.quantity is None else str(i.quantity),
                        description=i.description) for i in body.items]
    language = contract.language if contract.language in ("en", "de") else "en"
    results = classify_items(items, [_entry(r) for r in scope if r.in_scope],
                             [_entry(r) for r in scope if not r.in_scope], language=language)
    return [{
        "service": r.item.service, "site": r.item.site, "quantity": r.item.quantity,
        "description": r.item.description, "classification": r.classification, "reason": r.reason,
        "matched_scope": None if r.matched is None else {
            "text": r.matched.text, "service": r.matched.service, "sites": list(r.matched.sites),
            "evidence": dict(r.matched.evidence)},
    } for r in results]


def create(session: Session, principal: Principal, contract: Contract, body: ChangeRequestCreate) -> ChangeRequest:
    items = scope_check(session, contract, body)
    # Requests made at once for one contract would all count the same number and share a reference.
    contracts_repo.lock_contract(session, contract.id)
    count = session.scalar(select(func.count()).select_from(ChangeRequest)
                           .where(ChangeRequest.contract_id == contract.id)) or 0
    row = ChangeRequest(
        contract_id=contract.id, reference=f"CR-{count + 1:04d}", title=body.title, description=body.description,
        requester=body.requester or principal.actor, status=ChangeRequestStatus.DRAFT.value, items=items,
        implementation_date=body.implementation_date,
        price_impact=body.price_impact.model_dump(mode="json") if body.price_impact else None,
        contract_revision=contract.revision, created_by=principal.actor,
    )
    session.add(row)
    session.flush()
    record_audit(session, actor=principal.actor, action="change_request.create", entity_type="change_request",
                 entity_id=row.id, details={"contract": str(contract.id), "reference": row.reference,
                                            "summary": dict(Counter(i["classification"] for i in items))})
    return row


def get(session: Session, principal: Principal, request_id: uuid.UUID) -> ChangeRequest:
    return get_of_contract(session, principal, ChangeRequest, request_id, "change request")


def for_contract(session: Session, contract_id: uuid.UUID) -> Sequence[ChangeRequest]:
    return newest_of_contract(session, ChangeRequest, contract_id)


def transition(session: Session, principal: Principal, row: ChangeRequest, step: str,
               comment: str | None = None) -> ChangeRequest:
    source, target = TRANSITIONS[step]
    values: dict[str, Any] = {"status": target.value}
    if step != "submit":
        values |= {"decided_by": principal.actor, "decided_at": utcnow(), "decision_comment": comment}
    # Compare-and-set on the state in one statement: reading the state and writing the next one separately let
    # an approve and a reject both pass the check (SQLite has no FOR UPDATE). A racer blocked on the row (or,
    # on SQLite, on the write lock) re-checks the committed state and loses with a 409.
    moved = session.execute(update(ChangeRequest).where(ChangeRequest.id == row.id,
                                                        ChangeRequest.status == source.value)
                            .values(**values).returning(ChangeRequest.id)
                            .execution_options(synchronize_session=False)).first()
    session.refresh(row)
    if moved is None:
        # ``state``, not ``status``: a problem's ``status`` member is the HTTP status (RFC 9457).
        raise Conflict(f"change request {row.reference} is {row.status}; only a {source.value} request can be "
                       f"{target.value}", extra={"state": row.status})
    record_audit(session, actor=principal.actor, action=f"change_request.{step}", entity_type="change_request",
                 entity_id=row.id, details={"from": source.value, "to": target.value, "comment": comment})
    if step != "submit":
        contract = session.get(Contract, row.contract_id)
        emit(session, CHANGE_REQUEST_DECIDED, customer_id=contract.customer_id if contract else None, data={
            "change_request_id": row.id, "contract_id": row.contract_id, "reference": row.reference,
            "title": row.title, "decision": target.value, "decided_by": principal.actor, "comment": comment})
    return row


def read(row: ChangeRequest) -> ChangeRequestRead:
    out = ChangeRequestRead.model_validate(row)
    out.summary = dict(Counter(i.classification for i in out.items))
    return out


def context(row: ChangeRequest) -> dict[str, Any]:
    """The ``change_request`` section of the generation context."""
    # The form goes to the customer: people by display name, never the audit actor with its key id.
    approvals = [{"role": "requester", "name": display_name(row.requester), "decision": None,
                  "date": row.created_at.date().isoformat(), "comment": None}]
    decided = row.status in (ChangeRequestStatus.APPROVED.value, ChangeRequestStatus.REJECTED.value)
    approvals.append({"role": "approver", "name": display_name(row.decided_by) if decided else None,
                      "decision": row.status if decided else None,
                      "date": row.decided_at.date().isoformat() if decided and row.decided_at else None,
                      "comment": row.decision_comment if decided else None})
    return {
        "id": str(row.id), "reference": row.reference, "title": row.title, "description": row.description,
        "requester": display_name(row.requester), "status": row.status,
        "requested_date": row.created_at.date().isoformat(),
        "implementation_date": row.implementation_date.isoformat() if row.implementation_date else None,
        "items": [{k: item.get(k) for k in ("service", "site", "quantity", "description", "classification",
                                           "reason")} | {"matched_scope": _matched(item.get("matched_scope"))}
                  for item in row.items],
        "price_impact": _impact(row.price_impact), "approvals": approvals,
    }


def _matched(scope: dict[str, Any] | None) -> dict[str, Any] | None:
    if not scope:
        return None
    evidence = scope.get("evidence") or {}
    return {"text": scope["text"], "service": scope.get("service"), "sites": scope.get("sites") or [],
            "evidence": {"page": evidence.get("page"), "paragraph": evidence.get("paragraph"),
                         "quote": str(evidence.get("text") or evidence.get("quote") or "")[:1000],
                         "document": evidence.get("document")}}


def _impact(impact: dict[str, Any] | None) -> dict[str, Any] | None:
    if not impact:
        return None
    amount = impact.get("amount")
    return {"amount": None if amount is None else str(amount), "currency": impact.get("currency"),
            "frequency": impact.get("frequency"), "description": impact.get("description")}
