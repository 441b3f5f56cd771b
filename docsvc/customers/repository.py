"""Customer queries: listing, and the row moves of a merge (one UPDATE per table, no per-row round trips
except for the few rows that would collide with the target's own)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from docsvc.contracts.repository import contains_pattern
from docsvc.models import ApiKey, Contract, Customer, Document, TemplateVersion
from docsvc.models.tenancy import name_key, owner_key


def list_customers(session: Session, *, scope: uuid.UUID | None, name: str | None, after: uuid.UUID | None,
                   limit: int) -> Sequence[Customer]:
    query = select(Customer)
    if scope is not None:
        query = query.where(Customer.id == scope)
    if name:
        # Matched like names are matched everywhere: on the normalised key (case and width do not matter).
        query = query.where(Customer.name_key.like(contains_pattern(name_key(name)), escape="\\"))
    if after is not None:
        query = query.where(Customer.id > after)
    return session.scalars(query.order_by(Customer.id).limit(limit)).all()


def by_key(session: Session, key: str) -> Customer | None:
    return session.scalar(select(Customer).where(Customer.name_key == key))


def move_contracts(session: Session, source: uuid.UUID, target: uuid.UUID) -> int:
    # A new revision: the contract's representation (customer_id) changed, so its ETag must too. sla_terms
    # follow through their triggers (migration 0005).
    result = session.execute(update(Contract).where(Contract.customer_id == source)
                             .values(customer_id=target, revision=Contract.revision + 1)
                             .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def move_documents(session: Session, source: uuid.UUID, target: uuid.UUID) -> int:
    """Documents are unique per (sha256, owner): a file both customers uploaded keeps its own row under the
    target with a de-duplication scope of its own (its id), so nothing that refers to it has to change."""
    theirs = select(Document.sha256).where(Document.owner == owner_key(target))
    for document in session.scalars(select(Document).where(Document.customer_id == source,
                                                           Document.sha256.in_(theirs))):
        document.customer_id, document.owner = target, document.id.hex
    session.flush()
    result = session.execute(update(Document).where(Document.customer_id == source)
                             .values(customer_id=target, owner=owner_key(target))
                             .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def move_templates(session: Session, source: uuid.UUID, target: uuid.UUID) -> int:
    """Versions are numbered per (name, owner): the source's versions of a name the target also has are
    numbered on after the target's newest, in their order."""
    moved = 0
    names = session.scalars(select(TemplateVersion.name).where(TemplateVersion.customer_id == source)
                            .distinct()).all()
    for name in names:
        newest = session.scalar(select(func.max(TemplateVersion.version))
                                .where(TemplateVersion.name == name, TemplateVersion.owner == owner_key(target)))
        result = session.execute(
            update(TemplateVersion).where(TemplateVersion.name == name, TemplateVersion.customer_id == source)
            .values(customer_id=target, owner=owner_key(target), version=TemplateVersion.version + (newest or 0))
            .execution_options(synchronize_session=False))
        moved += int(result.rowcount)  # type: ignore[attr-defined]
    return moved


def move_keys(session: Session, source: uuid.UUID, target: uuid.UUID) -> int:
    result = session.execute(update(ApiKey).where(ApiKey.customer_id == source).values(customer_id=target)
                             .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_customer(session: Session, customer_id: uuid.UUID) -> None:
    session.execute(delete(Customer).where(Customer.id == customer_id).execution_options(synchronize_session=False))
