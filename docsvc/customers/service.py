"""Reading, renaming and merging customers.

A key limited to a customer sees that customer only (any other id is "not found", like every record of another
customer); renaming and merging change what other customers' records are filed under, so only keys not limited
to a customer may do them.
"""

from __future__ import annotations

import uuid

import sqlalchemy.exc
from sqlalchemy import event
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import KeyCache, Principal
from docsvc.customers import repository as repo
from docsvc.customers.schemas import CustomerRead, MergeMoved, MergeResult
from docsvc.errors import Conflict, Forbidden, NotFound, Unprocessable
from docsvc.models import Customer
from docsvc.models.tenancy import display_name, name_key


def get_customer(session: Session, principal: Principal, customer_id: uuid.UUID) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or (principal.customer_id and customer.id != principal.customer_id):
        raise NotFound(f"no customer {customer_id}")
    return customer


def _for_change(session: Session, principal: Principal, customer_id: uuid.UUID) -> Customer:
    customer = get_customer(session, principal, customer_id)
    if principal.customer_id is not None:
        raise Forbidden("renaming and merging customers needs a key that is not limited to a customer")
    return customer


def rename(session: Session, principal: Principal, customer_id: uuid.UUID, new_name: str) -> Customer:
    customer = _for_change(session, principal, customer_id)
    name = display_name(new_name)
    if not name:
        raise Unprocessable("the new name is empty")
    key = name_key(name)
    other = repo.by_key(session, key)
    if other is not None and other.id != customer.id:
        raise Conflict(f"customer {other.id} is already named {other.name!r}; merge the two instead",
                       extra={"customer_id": str(other.id)})
    before = customer.name
    customer.name, customer.name_key = name, key
    try:
        # Two renames to one name at once: the unique name_key decides, the loser gets the same 409.
        session.flush()
    except sqlalchemy.exc.IntegrityError:
        raise Conflict(f"another customer is already named {name!r}") from None
    record_audit(session, actor=principal.actor, action="customer.rename", entity_type="customer",
                 entity_id=customer.id, details={"before": before, "after": name})
    return customer


def merge(session: Session, principal: Principal, customer_id: uuid.UUID, source_id: uuid.UUID) -> MergeResult:
    """Everything filed under ``source_id`` (contracts, documents, API keys, templates) moves to ``customer_id``;
    the source customer is deleted."""
    target = _for_change(session, principal, customer_id)
    if source_id == target.id:
        raise Unprocessable("a customer cannot be merged into itself")
    source = session.get(Customer, source_id)
    if source is None:
        raise Unprocessable(f"no customer {source_id} to merge from", extra={"field": "from"})
    moved = MergeMoved(contracts=repo.move_contracts(session, source.id, target.id),
                       documents=repo.move_documents(session, source.id, target.id),
                       api_keys=repo.move_keys(session, source.id, target.id),
                       template_versions=repo.move_templates(session, source.id, target.id))
    target.external_ref = target.external_ref or source.external_ref
    name = source.name
    repo.delete_customer(session, source.id)
    try:
        session.flush()
    except sqlalchemy.exc.IntegrityError:
        # Something was filed under the source while it moved (an upload naming it): nothing was changed.
        raise Conflict(f"customer {source_id} changed during the merge; try again") from None
    record_audit(session, actor=principal.actor, action="customer.merge", entity_type="customer",
                 entity_id=target.id, details={"from": str(source.id), "from_name": name, **moved.model_dump()})
    # The moved keys are now limited to the target: cached principals must not keep the old limit.
    event.listen(session, "after_commit", lambda _s: KeyCache.forget_all(), once=True)
    return MergeResult(customer=CustomerRead.model_validate(target), merged=source.id, moved=moved)


def set_address(session: Session, principal: Principal, customer_id: uuid.UUID, lines: list[str]) -> Customer:
    """The postal address letters print under the customer's name when the contract's party block has none."""
    customer = get_customer(session, principal, customer_id)
    before = customer.address
    customer.address = "\n".join(lines) or None
    record_audit(session, actor=principal.actor, action="customer.address", entity_type="customer",
                 entity_id=customer.id, details={"before": before, "after": customer.address})
    return customer
