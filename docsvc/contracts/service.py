"""Reading the current contract record and reviewing extracted values."""

from __future__ import annotations

import uuid
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.contracts import field_values
from docsvc.contracts import repository as repo
from docsvc.contracts.schemas import (
    ContractRead,
    ContractSummary,
    CreditTierRead,
    FieldRead,
    FieldReview,
    PartyRead,
    PriceItemRead,
    ScopeItemRead,
    SlaTermRead,
)
from docsvc.errors import NotFound, PreconditionFailed, PreconditionRequired, Unprocessable
from docsvc.models import Contract, ContractParty, ExtractedField, PriceItem, ReviewState, ScopeItem, SlaTerm
from docsvc.models.base import utcnow
from docsvc.models.contract import ServiceCreditTier, current_value
from docsvc.preconditions import strong_tags


def etag(contract: Contract) -> str:
    return f'"{contract.id.hex}-{contract.revision}"'


def _revision_of(contract: Contract, tag: str) -> int | None:
    """The revision a strong ETag of this contract names (None for another resource's tag or junk)."""
    prefix = f'"{contract.id.hex}-'
    number = tag[len(prefix):-1] if tag.startswith(prefix) and tag.endswith('"') else ""
    return int(number) if number.isascii() and number.isdigit() and len(number) < 10 else None


def get_contract(session: Session, principal: Principal, contract_id: uuid.UUID) -> Contract:
    contract = session.get(Contract, contract_id)
    if contract is None or (principal.customer_id and contract.customer_id != principal.customer_id):
        raise NotFound(f"no contract {contract_id}")
    return contract


class _OfContract(Protocol):
    contract_id: uuid.UUID


C = TypeVar("C", bound=_OfContract)


def get_of_contract(session: Session, principal: Principal, entity: type[C], row_id: uuid.UUID, what: str) -> C:
    """A row that belongs to a contract (generated document, change request, price review), visible only to
    those who may see the contract; another customer's row is "not found", not "forbidden"."""
    row = session.get(entity, row_id)
    if row is None:
        raise NotFound(f"no {what} {row_id}")
    try:
        get_contract(session, principal, row.contract_id)
    except NotFound:
        raise NotFound(f"no {what} {row_id}") from None
    return row


def field_read(row: ExtractedField) -> FieldRead:
    return FieldRead.model_validate({
        "name": row.name, "value": current_value(row), "extracted_value": row.value,
        "confidence": row.confidence, "evidence": row.evidence, "review_state": row.review_state,
        "reviewed_by": row.reviewed_by, "reviewed_at": row.reviewed_at,
    })


def contract_read(session: Session, contract: Contract) -> ContractRead:
    summary = ContractSummary.model_validate(contract).model_dump()
    return ContractRead.model_validate({
        **summary,
        "fields": {row.name: field_read(row) for row in repo.fields(session, contract.id)},
        "parties": [PartyRead.model_validate(p) for p in repo.rows(session, ContractParty, contract.id)],
        "sla": [SlaTermRead.model_validate(r) for r in repo.rows(session, SlaTerm, contract.id)],
        "service_credits": [CreditTierRead.model_validate(r)
                            for r in repo.rows(session, ServiceCreditTier, contract.id)],
        "price_items": [PriceItemRead.model_validate(r) for r in repo.rows(session, PriceItem, contract.id)],
        "scope": [ScopeItemRead.model_validate(r) for r in repo.rows(session, ScopeItem, contract.id)],
    })


def review_field(
    session: Session, principal: Principal, *, contract_id: uuid.UUID, name: str, review: FieldReview,
    if_match: str | None,
) -> Contract:
    contract = get_contract(session, principal, contract_id)
    field_values.check_known(name)
    if review.action == "correct" and review.value is None:
        raise Unprocessable("action 'correct' needs the new 'value'")
    value = field_values.validated(name, review.value) if review.action == "correct" else None
    if not if_match:
        raise PreconditionRequired(f"send If-Match: {etag(contract)} (from GET /v1/contracts/{contract_id})")
    tags = strong_tags(if_match)
    seen = None if tags is None else [r for r in (_revision_of(contract, tag) for tag in tags) if r is not None]
    # The If-Match check *is* the revision bump (one compare-and-set statement); everything below runs after
    # it, holding the contract, so "before" is what this reviewer really replaced.
    revision = repo.advance_revision(session, contract.id, seen) if seen != [] else None
    session.refresh(contract)
    if revision is None:
        raise PreconditionFailed("the contract changed since you read it; GET it again and re-apply your review",
                                 headers={"ETag": etag(contract)})
    row = repo.field(session, contract.id, name)
    if row is None:
        if review.action != "correct":
            raise NotFound(f"contract {contract_id} has no extracted field {name!r}")
        row = ExtractedField(contract_id=contract.id, name=name, value=None, confidence=0.0,
                             evidence={"text": ""})
        session.add(row)
    before = current_value(row)
    state = {"accept": ReviewState.ACCEPTED, "correct": ReviewState.CORRECTED, "reject": ReviewState.REJECTED}
    row.review_state = state[review.action].value
    row.reviewed_value = value
    row.reviewed_by = principal.actor
    row.reviewed_at = utcnow()
    # The title, type and term columns are what the list, ?text=, GET /v1/sla and generated documents show.
    session.flush()
    field_values.apply_reviewed(session, contract, {f.name: f for f in repo.fields(session, contract.id)})
    record_audit(session, actor=principal.actor, action=f"field.{review.action}", entity_type="contract",
                 entity_id=contract.id, details={"field": name, "before": before, "after": current_value(row),
                                                 "comment": review.comment})
    return contract
