"""All contract queries in one place (routers and services never build SQL themselves)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Date,
    Float,
    Integer,
    Row,
    Select,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from docsvc.models import (
    AuditEntry,
    Contract,
    ContractParty,
    Customer,
    ExtractedField,
    PriceItem,
    ReviewState,
    ScopeItem,
    ServiceCreditTier,
    SlaTerm,
)
from docsvc.models.tenancy import name_key

R = TypeVar("R", SlaTerm, PriceItem, ScopeItem, ServiceCreditTier, ContractParty)


def visible_contracts(customer_scope: uuid.UUID | None) -> Select[Contract]:
    query = select(Contract)
    if customer_scope is not None:
        query = query.where(Contract.customer_id == customer_scope)
    return query


def list_contracts(
    session: Session, *, customer_scope: uuid.UUID | None, customer: uuid.UUID | str | None,
    document_type: str | None, status: str | None, text: str | None, after: uuid.UUID | None, limit: int,
    review_status: str | None = None,
) -> Sequence[Contract]:
    query = visible_contracts(customer_scope)
    if customer is not None:
        query = query.where(Contract.customer_id == customer_filter(customer))
    if document_type:
        query = query.where(Contract.document_type == document_type)
    if status:
        query = query.where(Contract.status == status)
    if review_status:
        query = query.where(Contract.review_status == review_status)
    if text:
        like = contains_pattern(text)
        party_match = select(ContractParty.contract_id).where(func.lower(ContractParty.name).like(like, escape="\\"))
        query = query.where(or_(func.lower(Contract.title).like(like, escape="\\"), Contract.id.in_(party_match)))
    if after is not None:
        query = query.where(Contract.id > after)
    return session.scalars(query.order_by(Contract.id).limit(limit)).all()


def customer_filter(customer: uuid.UUID | str) -> Any:
    """What ``customer=`` compares ``customer_id`` with: the id, or the id of the customer of that name."""
    if isinstance(customer, uuid.UUID):
        return customer
    return select(Customer.id).where(Customer.name_key == name_key(customer)).scalar_subquery()


def contains_pattern(text: str) -> str:
    """A LIKE pattern (``ESCAPE '\\'``) matching ``text`` anywhere, lower-cased: ``%`` and ``_`` in what the
    caller typed are literal characters, not wildcards (``text=%`` matched every contract)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def advance_revision(session: Session, contract_id: uuid.UUID, seen: Sequence[int] | None) -> int | None:
    """Compare-and-set: bump the revision only if it is still one of ``seen`` (None: any); returns the new
    revision, or None when another writer got there first.

    One statement, so the check and the bump cannot be split by a concurrent review (reading the revision and
    writing ``revision + 1`` later let 8 racers all pass one ETag). On PostgreSQL a racer waits for the row
    lock and then re-checks the committed revision; on SQLite it is the first write of the transaction, so it
    waits for the write lock and then reads the latest commit instead of upgrading a stale read.
    """
    statement = update(Contract).where(Contract.id == contract_id)
    if seen is not None:
        statement = statement.where(Contract.revision.in_(list(seen)))
    statement = statement.values(revision=Contract.revision + 1).returning(Contract.revision)
    return session.execute(statement.execution_options(synchronize_session=False)).scalar()


def bump_revision(session: Session, contract: Contract) -> None:
    """``revision = revision + 1`` computed by the database, for writers that hold no ETag (the extraction worker,
    a linked amendment): Python's ``+= 1`` on a copy read earlier wrote back the number a concurrent review had
    just taken, and two different records then shared one ETag."""
    revision = advance_revision(session, contract.id, None)
    assert revision is not None, "the contract row exists: it was flushed or loaded in this session"
    set_committed_value(contract, "revision", revision)


def lock_contract(session: Session, contract_id: uuid.UUID) -> None:
    """Hold the contract row until the transaction ends, so work derived from its record (a price review) is
    done once per state: PostgreSQL ``FOR UPDATE``; SQLite has no row locks, and a no-op write is what takes
    its database write lock from inside pysqlite's deferred transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Contract.id).where(Contract.id == contract_id).with_for_update())
    else:
        session.execute(update(Contract).where(Contract.id == contract_id).values(revision=Contract.revision)
                        .execution_options(synchronize_session=False))


def rows(session: Session, table: type[R], contract_id: uuid.UUID) -> Sequence[R]:
    return session.scalars(select(table).where(table.contract_id == contract_id,
                                               table.review_state != ReviewState.REJECTED.value)
                           .order_by(table.id)).all()


def newest_of_contract(session: Session, entity: Any, contract_id: uuid.UUID, limit: int = 500) -> Sequence[Any]:
    """Records made for a contract (generated documents, change requests, price reviews), newest first."""
    return session.scalars(select(entity).where(entity.contract_id == contract_id)
                           .order_by(entity.created_at.desc()).limit(limit)).all()


def newest_visible(session: Session, entity: Any, customer_scope: uuid.UUID | None, *, limit: int,
                   offset: int = 0) -> Sequence[Any]:
    """Records made for any contract the scope may see (the workbench's lists across contracts), newest first;
    the customer rule is ``get_of_contract``'s, applied in the query."""
    query = select(entity).join(Contract, Contract.id == entity.contract_id)
    if customer_scope is not None:
        query = query.where(Contract.customer_id == customer_scope)
    return session.scalars(query.order_by(entity.created_at.desc(), entity.id).offset(offset).limit(limit)).all()


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
SLA_FILTERS = ("customer_scope", "customer", "customer_key", "metric", "priority", "service", "active_on", "reviewed",
               "after")
# What a person confirmed (?reviewed=true): literals, not parameters, so each shape stays one prepared statement.
REVIEWED_STATES: tuple[Any, ...] = tuple(
    literal_column(f"'{state.value}'") for state in (ReviewState.ACCEPTED, ReviewState.CORRECTED, ReviewState.ADDED))
_sla_queries: dict[tuple[bool, ...], Select[*tuple[Any, ...]]] = {}


def search_sla(session: Session | Connection, *, limit: int, **filters: Any) -> Sequence[Row[Any]]:
    """Plain rows rather than ORM objects: this is the hot path other systems poll."""
    query, params = sla_statement(**filters, limit=limit)
    return session.execute(query, params).all()


def sla_statement(
    *, customer_scope: uuid.UUID | None, customer: uuid.UUID | str | None, service: str | None, metric: str | None,
    priority: str | None, active_on: dt.date | None, after: uuid.UUID | None, limit: int, as_json: bool = False,
    include_undated: bool = False, reviewed: bool | None = None,
) -> tuple[Select[*tuple[Any, ...]], dict[str, Any]]:
    """The SLA page query for these filters, and its parameters; each row with its contract's title and its
    customer's name (joined for the page's rows only). ``customer`` is an id or a name (matched on name_key, in
    the same statement).

    ``as_json`` (PostgreSQL only) selects ``(id, document)`` instead, each document the row's JSON in the API's
    shape, built by the database: converting and re-encoding 13 columns of 50 rows was a quarter of the web
    process's CPU per page (py-spy, benchmarks/sla_query.py).
    """
    values: dict[str, Any] = {
        "customer_scope": customer_scope, "customer": customer if isinstance(customer, uuid.UUID) else None,
        "customer_key": name_key(customer) if isinstance(customer, str) else None, "metric": metric or None,
        "priority": priority.lower() if priority else None,
        "service": contains_pattern(service) if service else None, "active_on": active_on, "after": after,
        "reviewed": True if reviewed else None,
    }
    undated = include_undated and active_on is not None
    shape = (*(values[name] is not None for name in SLA_FILTERS), undated, as_json)
    query = _sla_queries.get(shape)
    if query is None:
        rows = _sla_query(shape[:-2], include_undated=undated)
        query = _sla_queries[shape] = _sla_documents(rows) if as_json else _with_owners(rows)
    params = {name: value for name, value in values.items() if value is not None and name != "reviewed"}
    return query, {**params, "limit": limit}


def _sla_documents(rows: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """``row_to_json`` of the page, the columns named and typed as the API's SlaTermRead."""
    page = rows.with_only_columns(
        SlaTerm.id, SlaTerm.contract_id, SlaTerm.service, SlaTerm.metric, SlaTerm.priority,
        cast(SlaTerm.target_value, Float).label("target_value"), SlaTerm.target_unit, SlaTerm.measurement_period,
        SlaTerm.hours_of_cover, SlaTerm.exclusions, SlaTerm.confidence, SlaTerm.evidence, SlaTerm.review_state,
        maintain_column_froms=True).subquery("sla_page")
    contract = func.json_build_object("id", Contract.id, "title", Contract.title)
    customer = case((Customer.id.is_(None), null()), else_=func.json_build_object("id", Customer.id,
                                                                                   "name", Customer.name))
    owned = (select(page, contract.label("contract"), customer.label("customer"))
             .join_from(page, Contract, Contract.id == page.c.contract_id)
             .outerjoin(Customer, Customer.id == Contract.customer_id).subquery("sla_row"))
    document = cast(func.row_to_json(owned.table_valued()), Text).label("document")
    return select(owned.c.id, document).order_by(owned.c.id)


def _with_owners(rows: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """The page's rows with their contract's title and customer (SQLite path; see sla_reads.sla_row)."""
    page = rows.subquery("sla_page")
    return (select(page, Contract.title, Customer.id.label("customer_ref"), Customer.name.label("customer_name"))
            .join_from(page, Contract, Contract.id == page.c.contract_id)
            .outerjoin(Customer, Customer.id == Contract.customer_id).order_by(page.c.id))


def _sla_query(shape: tuple[bool, ...], *, include_undated: bool) -> Select[*tuple[Any, ...]]:
    """One statement per combination of filters, values as bound parameters: reusing the same object lets
    SQLAlchemy skip rebuilding it and recomputing its cache key on every request."""
    used = dict(zip(SLA_FILTERS, shape, strict=True))
    # Customer and term dates are the contract's, copied onto each row (migration 0005): no join, and each
    # filter combination walks one index in id order.
    query = select(*SLA_COLUMNS).where(SlaTerm.review_state != ReviewState.REJECTED.value)
    if used["customer_scope"]:
        query = query.where(SlaTerm.customer_id == bindparam("customer_scope"))
    if used["customer"]:
        query = query.where(SlaTerm.customer_id == bindparam("customer"))
    if used["customer_key"]:
        named = select(Customer.id).where(Customer.name_key == bindparam("customer_key")).scalar_subquery()
        query = query.where(SlaTerm.customer_id == named)
    if used["metric"]:
        query = query.where(SlaTerm.metric == bindparam("metric"))
    if used["priority"]:
        query = query.where(func.lower(SlaTerm.priority) == bindparam("priority"))
    if used["service"]:
        query = query.where(func.lower(SlaTerm.service).like(bindparam("service"), escape="\\"))
    if used["active_on"]:
        day = bindparam("active_on", type_=Date)
        query = query.where(or_(SlaTerm.contract_effective_date.is_(None), SlaTerm.contract_effective_date <= day),
                            or_(SlaTerm.contract_expiration_date.is_(None), SlaTerm.contract_expiration_date >= day))
        if not include_undated:
            # A contract that states no date at all is not known to be in force on any given day.
            query = query.where(or_(SlaTerm.contract_effective_date.is_not(None),
                                    SlaTerm.contract_expiration_date.is_not(None)))
    if used["reviewed"]:
        query = query.where(SlaTerm.review_state.in_(REVIEWED_STATES))
    if used["after"]:
        query = query.where(SlaTerm.id > bindparam("after"))
    query = query.order_by(SlaTerm.id).limit(bindparam("limit", type_=Integer))
    if used["service"]:
        # A text search walks rows in id order until a page matches: thousands for a rare word. Walking the
        # (id, service, review_state) index alone and then fetching the page's rows by id reads no table pages
        # on the way (PostgreSQL "netzwerk": 5.3 -> 1.3 ms).
        page = query.with_only_columns(SlaTerm.id, maintain_column_froms=True).correlate(None)
        query = select(*SLA_COLUMNS).where(SlaTerm.id.in_(page)).order_by(SlaTerm.id)
    return query
