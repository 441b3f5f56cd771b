"""All contract queries in one place (routers and services never build SQL themselves)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Date, Integer, Row, Select, Text, and_, bindparam, cast, func, or_, select
from sqlalchemy.orm import Session

from docsvc.models import (
    AuditEntry,
    Contract,
    ContractParty,
    ExtractedField,
    PriceItem,
    ReviewState,
    ScopeItem,
    ServiceCreditTier,
    SlaTerm,
)

R = TypeVar("R", SlaTerm, PriceItem, ScopeItem, ServiceCreditTier, ContractParty)


def visible_contracts(customer_scope: uuid.UUID | None) -> Select[Contract]:
    query = select(Contract)
    if customer_scope is not None:
        query = query.where(Contract.customer_id == customer_scope)
    return query


def list_contracts(
    session: Session, *, customer_scope: uuid.UUID | None, customer: uuid.UUID | None, document_type: str | None,
    status: str | None, text: str | None, after: uuid.UUID | None, limit: int,
) -> Sequence[Contract]:
    query = visible_contracts(customer_scope)
    if customer is not None:
        query = query.where(Contract.customer_id == customer)
    if document_type:
        query = query.where(Contract.document_type == document_type)
    if status:
        query = query.where(Contract.status == status)
    if text:
        like = f"%{text.lower()}%"
        party_match = select(ContractParty.contract_id).where(func.lower(ContractParty.name).like(like))
        query = query.where(or_(func.lower(Contract.title).like(like), Contract.id.in_(party_match)))
    if after is not None:
        query = query.where(Contract.id > after)
    return session.scalars(query.order_by(Contract.id).limit(limit)).all()


def rows(session: Session, table: type[R], contract_id: uuid.UUID) -> Sequence[R]:
    return session.scalars(select(table).where(table.contract_id == contract_id,
                                               table.review_state != ReviewState.REJECTED.value)
                           .order_by(table.id)).all()


def newest_of_contract(session: Session, entity: Any, contract_id: uuid.UUID, limit: int = 500) -> Sequence[Any]:
    """Records made for a contract (generated documents, change requests, price reviews), newest first."""
    return session.scalars(select(entity).where(entity.contract_id == contract_id)
                           .order_by(entity.created_at.desc()).limit(limit)).all()


def fields(session: Session, contract_id: uuid.UUID) -> Sequence[ExtractedField]:
    return session.scalars(select(ExtractedField).where(ExtractedField.contract_id == contract_id)
                           .order_by(ExtractedField.name)).all()


def field(session: Session, contract_id: uuid.UUID, name: str) -> ExtractedField | None:
    return session.scalar(select(ExtractedField).where(ExtractedField.contract_id == contract_id,
                                                       ExtractedField.name == name))


def parties_on(session: Session, contract_id: uuid.UUID, on: dt.date | None) -> Sequence[ContractParty]:
    query = select(ContractParty).where(ContractParty.contract_id == contract_id,
                                        ContractParty.review_state != ReviewState.REJECTED.value)
    if on is not None:
        query = query.where(or_(ContractParty.valid_from.is_(None), ContractParty.valid_from <= on),
                            or_(ContractParty.valid_to.is_(None), ContractParty.valid_to > on))
    return session.scalars(query.order_by(ContractParty.id)).all()


def history(session: Session, contract_id: uuid.UUID, limit: int) -> Sequence[AuditEntry]:
    return session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "contract",
                                                    AuditEntry.entity_id == str(contract_id))
                           .order_by(AuditEntry.id.desc()).limit(limit)).all()


# The JSON columns come back as their JSON text, for the router to embed as is (decoding them alone was
# ~9 % of the server's samples on GET /v1/sla, py-spy).
SLA_COLUMNS = (SlaTerm.id, SlaTerm.contract_id, SlaTerm.service, SlaTerm.metric, SlaTerm.priority,
               SlaTerm.target_value, SlaTerm.target_unit, SlaTerm.measurement_period, SlaTerm.hours_of_cover,
               cast(SlaTerm.exclusions, Text).label("exclusions"), SlaTerm.confidence,
               cast(SlaTerm.evidence, Text).label("evidence"), SlaTerm.review_state)
SLA_FILTERS = ("customer_scope", "customer", "metric", "priority", "service", "active_on", "after")
_sla_queries: dict[tuple[bool, ...], Select[*tuple[Any, ...]]] = {}


def search_sla(
    session: Session | Connection, *, customer_scope: uuid.UUID | None, customer: uuid.UUID | None,
    service: str | None, metric: str | None, priority: str | None, active_on: dt.date | None,
    after: uuid.UUID | None, limit: int,
) -> Sequence[Row[Any]]:
    """Plain rows rather than ORM objects: this is the hot path other systems poll."""
    values: dict[str, Any] = {
        "customer_scope": customer_scope, "customer": customer, "metric": metric or None,
        "priority": priority.lower() if priority else None,
        "service": f"%{service.lower()}%" if service else None, "active_on": active_on, "after": after,
    }
    shape = tuple(values[name] is not None for name in SLA_FILTERS)
    query = _sla_queries.get(shape)
    if query is None:
        query = _sla_queries[shape] = _sla_query(shape)
    params = {name: value for name, value in values.items() if value is not None}
    return session.execute(query, {**params, "limit": limit}).all()


def _sla_query(shape: tuple[bool, ...]) -> Select[*tuple[Any, ...]]:
    """One statement per combination of filters, values as bound parameters: reusing the same object lets
    SQLAlchemy skip rebuilding it and recomputing its cache key on every request."""
    used = dict(zip(SLA_FILTERS, shape, strict=True))
    query = select(*SLA_COLUMNS).join(Contract, Contract.id == SlaTerm.contract_id).where(
        SlaTerm.review_state != ReviewState.REJECTED.value)
    if used["customer_scope"]:
        query = query.where(Contract.customer_id == bindparam("customer_scope"))
    if used["customer"]:
        query = query.where(Contract.customer_id == bindparam("customer"))
    if used["metric"]:
        query = query.where(SlaTerm.metric == bindparam("metric"))
    if used["priority"]:
        query = query.where(func.lower(SlaTerm.priority) == bindparam("priority"))
    if used["service"]:
        query = query.where(func.lower(SlaTerm.service).like(bindparam("service")))
    if used["active_on"]:
        day = bindparam("active_on", type_=Date)
        # The contracts in force as a set the SLA rows are checked against, not a condition on each joined row:
        # otherwise SQLite walks every SLA row by id and looks up its contract's dates (1.2 s a page).
        in_force = select(Contract.id).where(
            and_(or_(Contract.effective_date.is_(None), Contract.effective_date <= day),
                 or_(Contract.expiration_date.is_(None), Contract.expiration_date >= day)))
        query = query.where(SlaTerm.contract_id.in_(in_force))
    if used["after"]:
        query = query.where(SlaTerm.id > bindparam("after"))
    return query.order_by(SlaTerm.id).limit(bindparam("limit", type_=Integer))
