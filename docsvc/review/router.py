"""Routes of row-level review, the contract's review status and the review queue.

Each of the five collections gets the same routes (built by ``_collection``): list, add, review one, review
many. ``GET …/sla`` keeps its path and shape (plus who reviewed); ``GET …/scope`` and ``…/pricing`` stay in
contracts/router.py as the old names of ``scope-items`` and ``price-items``.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from docsvc.contracts.service import etag, get_contract
from docsvc.deps import ManagerDep, ReaderDep, SessionDep
from docsvc.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursors
from docsvc.review import repository as queue_repo
from docsvc.review import service
from docsvc.review.kinds import KINDS, Kind
from docsvc.review.schemas import (
    BulkReview,
    CreditTierAdd,
    PartyAdd,
    PriceItemAdd,
    QueueItem,
    ReviewStatusIn,
    ReviewStatusRead,
    RowReview,
    ScopeItemAdd,
    SlaRowAdd,
)

router = APIRouter(tags=["review"])
IfMatch = Annotated[str | None, Header(alias="If-Match", description="The contract's ETag")]
ADD_BODIES: dict[str, type[Any]] = {"sla": SlaRowAdd, "price-items": PriceItemAdd, "service-credits": CreditTierAdd,
                                    "scope-items": ScopeItemAdd, "parties": PartyAdd}


def _collection(kind: Kind, body_type: type[Any]) -> None:
    base = f"/v1/contracts/{{contract_id}}/{kind.name}"
    read = kind.read

    def list_rows(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep,
                  include_rejected: bool = False) -> list[Any]:
        """The contract's rows of this kind in document order, each with its review state, confidence and evidence."""
        rows = service.list_rows(session, principal, kind, contract_id, include_rejected)
        return [read.model_validate(r) for r in rows]

    def add_row(contract_id: uuid.UUID, body: Any, session: SessionDep, principal: ManagerDep,
                response: Response, if_match: IfMatch = None) -> Any:
        """Add a row extraction missed, with optional evidence; 201 with review_state 'added'. Needs the contract's
        ETag in If-Match."""
        payload: Any = body
        evidence = payload.evidence.model_dump(mode="json", exclude_none=True) if payload.evidence else None
        values = payload.model_dump(exclude={"evidence", "comment"})
        contract, row = service.add_row(session, principal, kind, contract_id, values, evidence, payload.comment,
                                        if_match)
        response.headers["ETag"] = etag(contract)
        response.headers["Location"] = f"/v1/contracts/{contract.id}/{kind.name}/{row.id}"
        return read.model_validate(row)

    def review_row(contract_id: uuid.UUID, row_id: uuid.UUID, review: RowReview, session: SessionDep,
                   principal: ManagerDep, response: Response, if_match: IfMatch = None) -> Any:
        """Accept, correct (partial row, validated) or reject one row. Needs the contract's ETag in If-Match."""
        contract, row = service.review_row(session, principal, kind, contract_id, row_id, review, if_match)
        session.flush()
        response.headers["ETag"] = etag(contract)
        return read.model_validate(row)

    def review_rows(contract_id: uuid.UUID, bulk: BulkReview, session: SessionDep, principal: ManagerDep,
                    response: Response, if_match: IfMatch = None) -> list[Any]:
        """Accept or reject many rows at once (all or nothing). Needs the contract's ETag in If-Match."""
        contract, rows = service.review_rows(session, principal, kind, contract_id, bulk, if_match)
        session.flush()
        response.headers["ETag"] = etag(contract)
        return [read.model_validate(r) for r in rows]

    # The body's schema differs per collection; annotations are strings here (PEP 563), so it is set directly.
    add_row.__annotations__["body"] = body_type
    title = kind.name.replace("-", " ")
    router.add_api_route(base, list_rows, methods=["GET"], response_model=list[read],  # type: ignore[valid-type]
                         summary=f"List the contract's {title} in document order",
                         operation_id=f"list_{kind.name.replace('-', '_')}")
    router.add_api_route(base, add_row, methods=["POST"], status_code=201, response_model=read,
                         summary=f"Add a row of {title} extraction missed (If-Match)",
                         operation_id=f"add_{kind.name.replace('-', '_')}")
    router.add_api_route(f"{base}/review", review_rows, methods=["POST"],
                         response_model=list[read],  # type: ignore[valid-type]
                         summary=f"Accept or reject many {title} rows at once (If-Match)",
                         operation_id=f"review_many_{kind.name.replace('-', '_')}")
    router.add_api_route(f"{base}/{{row_id}}", review_row, methods=["PATCH"], response_model=read,
                         summary=f"Accept, correct or reject a row of {title} (If-Match)",
                         operation_id=f"review_{kind.name.replace('-', '_')}")


for _kind in KINDS.values():
    _collection(_kind, ADD_BODIES[_kind.name])


@router.post("/v1/contracts/{contract_id}/review-status", response_model=ReviewStatusRead)
def set_review_status(contract_id: uuid.UUID, body: ReviewStatusIn, session: SessionDep, principal: ManagerDep,
                      response: Response, if_match: IfMatch = None) -> ReviewStatusRead:
    """Say the contract is reviewed (or back to needs_review / in_review); needs the contract's ETag."""
    contract = service.set_review_status(session, principal, contract_id, body, if_match)
    session.flush()
    response.headers["ETag"] = etag(contract)
    return _status(contract)


@router.get("/v1/contracts/{contract_id}/review-status", response_model=ReviewStatusRead)
def get_review_status(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep,
                      response: Response) -> ReviewStatusRead:
    """The contract's review status (needs_review, in_review, reviewed), who reviewed it and when."""
    contract = get_contract(session, principal, contract_id)
    response.headers["ETag"] = etag(contract)
    return _status(contract)


def _status(contract: Any) -> ReviewStatusRead:
    return ReviewStatusRead(contract_id=contract.id, review_status=contract.review_status,
                            reviewed_by=contract.reviewed_by, reviewed_at=contract.reviewed_at,
                            revision=contract.revision)


@router.get("/v1/review-queue", response_model=Page[QueueItem])
def review_queue(
    request: Request, session: SessionDep, principal: ReaderDep, customer: uuid.UUID | None = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[QueueItem]:
    """Unreviewed fields and rows of contracts not yet reviewed: most important and least certain first."""
    found = queue_repo.review_queue(session, customer_scope=principal.customer_id, customer=customer,
                                    after=queue_repo.decode_key(cursors(request), cursor), limit=limit + 1)
    items = [_queue_item(r) for r in found[:limit]]
    more = len(found) > limit
    return Page(items=items, next_cursor=queue_repo.encode_key(cursors(request), found[limit - 1]) if more else None)


def _queue_item(row: Any) -> QueueItem:
    kind = queue_repo.KIND_ORDER[row.kind]
    field = kind == "field"
    href = f"/v1/contracts/{row.contract_id}/" + (f"fields/{row.name}" if field else f"{kind}/{row.item}")
    return QueueItem(kind=kind, contract_id=row.contract_id, customer_id=row.customer_id,
                     name=row.name if field else None, row_id=None if field else row.item, href=href,
                     confidence=row.confidence, importance=row.importance, priority=row.priority)
