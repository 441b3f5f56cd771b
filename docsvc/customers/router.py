from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from docsvc.api_types import Line
from docsvc.customers import repository as repo
from docsvc.customers import service
from docsvc.customers.schemas import CustomerAddress, CustomerMerge, CustomerRead, CustomerRename, MergeResult
from docsvc.deps import AdminDep, ManagerDep, ReaderDep, SessionDep
from docsvc.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursors

router = APIRouter(tags=["customers"])
LISTING = "customers"


@router.get("/v1/customers", response_model=Page[CustomerRead])
def list_customers(
    request: Request, session: SessionDep, principal: ReaderDep,
    name: Annotated[Line | None, Query(max_length=300, description="Part of the name (case and width ignored)")] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[CustomerRead]:
    """Customers by name; a key limited to a customer sees only its own."""
    codec = cursors(request)
    found = repo.list_customers(session, scope=principal.customer_id, name=name,
                                after=codec.decode(LISTING, cursor), limit=limit + 1)
    more = len(found) > limit
    return Page(items=[CustomerRead.model_validate(c) for c in found[:limit]],
                next_cursor=codec.encode(LISTING, found[limit - 1].id) if more else None)


@router.get("/v1/customers/{customer_id}", response_model=CustomerRead)
def get_customer(customer_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> CustomerRead:
    """One customer (a customer-limited key sees only its own)."""
    return CustomerRead.model_validate(service.get_customer(session, principal, customer_id))


@router.patch("/v1/customers/{customer_id}", response_model=CustomerRead,
              responses={409: {"description": "Another customer has that name"}})
def rename_customer(customer_id: uuid.UUID, body: CustomerRename, session: SessionDep,
                    principal: AdminDep) -> CustomerRead:
    """Rename a customer (admin keys not limited to a customer)."""
    return CustomerRead.model_validate(service.rename(session, principal, customer_id, body.name))


@router.post("/v1/customers/{customer_id}/merge", response_model=MergeResult)
def merge_customer(customer_id: uuid.UUID, body: CustomerMerge, session: SessionDep,
                   principal: AdminDep) -> MergeResult:
    """Move the contracts, documents, API keys and templates of customer ``from`` to this one and delete
    ``from`` (admin keys not limited to a customer; audited)."""
    return service.merge(session, principal, customer_id, body.from_)


@router.put("/v1/customers/{customer_id}/address", response_model=CustomerRead)
def set_customer_address(customer_id: uuid.UUID, body: CustomerAddress, session: SessionDep,
                         principal: ManagerDep) -> CustomerRead:
    """Set the customer's postal address (admins and contract managers; a customer-limited key its own customer's
    only). Letters print it under the customer's name when the contract's party block gives none. Audited."""
    return CustomerRead.model_validate(service.set_address(session, principal, customer_id, body.address_lines))
