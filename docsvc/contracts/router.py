from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response

from docsvc.api_types import Line
from docsvc.contracts import repository as repo
from docsvc.contracts import service
from docsvc.contracts.lineage import links_of
from docsvc.contracts.schemas import (
    AuditRead,
    ContractRead,
    ContractSummary,
    FieldReview,
    LineageRead,
    LinkRead,
    PartyRead,
    PriceItemRead,
    PricingRead,
    ScopeItemRead,
    SlaRowRead,
)
from docsvc.contracts.sla_reads import SLA_LISTING, SlaReader
from docsvc.customers.refs import CustomerParam, customer_ref
from docsvc.deps import ManagerDep, ReaderDep, SessionDep
from docsvc.models import PriceItem, ScopeItem
from docsvc.models.contract import ContractReviewStatus, SlaMetricName, current_value
from docsvc.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursors

router = APIRouter(tags=["contracts"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]
CONTRACTS_LISTING = "contracts"


FieldName = Annotated[str, Path(pattern=r"^[a-z_]+(\.[a-z_]+)?$", max_length=80)]


@router.get("/v1/contracts", response_model=Page[ContractSummary])
def list_contracts(
    request: Request, session: SessionDep, principal: ReaderDep, customer: CustomerParam = None,
    type: Annotated[Line | None, Query(max_length=40)] = None,
    status: Annotated[Line | None, Query(max_length=20)] = None,
    text: Annotated[Line | None, Query(max_length=200, description="Words in the title or a party name")] = None,
    review_status: ContractReviewStatus | None = None,
    cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT,
) -> Page[ContractSummary]:
    """Contracts, newest record first in id order: filter by customer (id or name), type, status, review status or
    words in the title or a party name; signed cursor pages."""
    codec = cursors(request)
    found = repo.list_contracts(session, customer_scope=principal.customer_id, customer=customer_ref(customer),
                                document_type=type, status=status, text=text,
                                after=codec.decode(CONTRACTS_LISTING, cursor), limit=limit + 1,
                                review_status=review_status.value if review_status else None)
    items = [ContractSummary.model_validate(c) for c in found[:limit]]
    more = len(found) > limit
    return Page(items=items, next_cursor=codec.encode(CONTRACTS_LISTING, found[limit - 1].id) if more else None)


@router.get("/v1/contracts/{contract_id}", response_model=ContractRead)
def get_contract(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep,
                 response: Response) -> ContractRead:
    """The contract's current record (reviewed values win over extracted ones) with its ETag for reviews."""
    contract = service.get_contract(session, principal, contract_id)
    response.headers["ETag"] = service.etag(contract)
    return service.contract_read(session, contract)


# GET /v1/contracts/{contract_id}/sla is docsvc/review/router.py's (rows in document order, with their review).


@router.get("/v1/contracts/{contract_id}/pricing", response_model=PricingRead)
def contract_pricing(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> PricingRead:
    """Currency, payment terms, minimum commitment, price-review clause and price items (rejected ones left out)."""
    contract = service.get_contract(session, principal, contract_id)
    fields = {row.name: current_value(row) for row in repo.fields(session, contract.id)}
    return PricingRead(
        currency=fields.get("pricing.currency"), payment_terms_days=fields.get("pricing.payment_terms_days"),
        minimum_commitment=fields.get("pricing.minimum_commitment"), price_review=fields.get("pricing.price_review"),
        items=[PriceItemRead.model_validate(r) for r in repo.rows(session, PriceItem, contract.id)],
    )


@router.get("/v1/contracts/{contract_id}/scope", response_model=list[ScopeItemRead])
def contract_scope(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> list[ScopeItemRead]:
    """Scope items (services, sites, quantities) and exclusions (rejected ones left out)."""
    contract = service.get_contract(session, principal, contract_id)
    return [ScopeItemRead.model_validate(r) for r in repo.rows(session, ScopeItem, contract.id)]


@router.get("/v1/contracts/{contract_id}/lineage", response_model=LineageRead)
def contract_lineage(
    contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep,
    on: Annotated[dt.date | None, Query(description="Answer for this date (default: today)")] = None,
) -> LineageRead:
    """Original agreement → amendments/novations, and who the parties are on a date."""
    contract = service.get_contract(session, principal, contract_id)
    day = on or dt.date.today()
    parents, children = links_of(session, contract.id)
    return LineageRead(
        contract_id=contract.id, on=day,
        changes=[LinkRead.model_validate(link) for link in parents],
        changed_by=[LinkRead.model_validate(link) for link in children],
        parties=[PartyRead.model_validate(p) for p in repo.parties_on(session, contract.id, day)],
    )


@router.get("/v1/contracts/{contract_id}/history", response_model=list[AuditRead])
def contract_history(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep,
                     limit: Limit = 200) -> list[AuditRead]:
    """The contract's audit trail: uploads, extraction runs, every review with before and after."""
    contract = service.get_contract(session, principal, contract_id)
    return [AuditRead.model_validate(e) for e in repo.history(session, contract.id, limit)]


@router.patch("/v1/contracts/{contract_id}/fields/{name}", response_model=ContractRead)
def review_field(
    contract_id: uuid.UUID, name: FieldName, review: FieldReview, session: SessionDep, principal: ManagerDep,
    response: Response, if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> ContractRead:
    """Accept, correct or reject an extracted value (needs the contract's current ETag in If-Match)."""
    contract = service.review_field(session, principal, contract_id=contract_id, name=name, review=review,
                                    if_match=if_match)
    session.flush()
    response.headers["ETag"] = service.etag(contract)
    return service.contract_read(session, contract)


@router.get("/v1/sla", response_model=Page[SlaRowRead])
async def search_sla(
    request: Request, principal: ReaderDep, customer: CustomerParam = None,
    service_name: Annotated[Line | None, Query(alias="service", max_length=200)] = None,
    metric: SlaMetricName | None = None,
    priority: Annotated[Line | None, Query(max_length=80)] = None,
    active_on: Annotated[dt.date | None, Query(description="Only contracts in force on this date")] = None,
    include_undated: Annotated[bool, Query(description="With active_on: also contracts that state no dates")] = False,
    reviewed: Annotated[bool, Query(description="Only rows a person accepted, corrected or added")] = False,
    cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT,
) -> Response:
    """SLA commitments across contracts, for billing, ITSM and monitoring systems."""
    filters = {"customer_scope": principal.customer_id, "customer": customer_ref(customer), "service": service_name,
               "metric": metric.value if metric else None, "priority": priority, "active_on": active_on,
               "include_undated": include_undated, "after": cursors(request).decode(SLA_LISTING, cursor),
               "reviewed": reviewed}
    reader: SlaReader = request.app.state.sla_reader
    return Response(await reader.page(filters, limit), media_type="application/json")
