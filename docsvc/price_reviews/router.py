from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response

from docsvc.contracts.service import get_contract
from docsvc.deps import GeneratorDep, ManagerDep, ReaderDep, SessionDep, StoreDep
from docsvc.generation import service as generation
from docsvc.generation.router import runtime_of
from docsvc.generation.schemas import FormRequest, GeneratedRead
from docsvc.models import TemplateKind
from docsvc.price_reviews import service
from docsvc.price_reviews.schemas import (
    INDEX_NAME_PATTERN,
    IndexSummary,
    IndexValueRead,
    IndexValuesIn,
    IndexValuesStored,
    PriceReviewCreate,
    PriceReviewRead,
)

router = APIRouter(tags=["price reviews"])
IndexName = Annotated[str, Path(pattern=INDEX_NAME_PATTERN)]
IfMatch = Annotated[str | None, Header(alias="If-Match", description="The review's ETag (GET /v1/price-reviews/{id})")]


@router.post("/v1/indices/{name}/values", response_model=IndexValuesStored)
def store_index_values(name: IndexName, body: IndexValuesIn, session: SessionDep,
                       principal: ManagerDep) -> IndexValuesStored:
    """Enter published index values (CPI, RPI, HICP, VPI... by month). A changed value for a period already held
    is a correction and is audited with the old value."""
    inserted, updated, unchanged = service.store_index_values(session, principal, name, body.values, body.source)
    return IndexValuesStored(index=service.index_key(name), inserted=inserted, updated=updated, unchanged=unchanged)


@router.get("/v1/indices", response_model=list[IndexSummary])
def list_indices(session: SessionDep, principal: ReaderDep) -> list[IndexSummary]:
    """Price indices with values (CPI, RPI, HICP, VPI...), held as data, never fetched."""
    return service.index_summaries(session)


@router.get("/v1/indices/{name}/values", response_model=list[IndexValueRead])
def get_index_values(name: IndexName, session: SessionDep, principal: ReaderDep) -> list[IndexValueRead]:
    """An index's values by month."""
    return [IndexValueRead.model_validate(r) for r in service.index_values(session, name)]


@router.post("/v1/contracts/{contract_id}/price-reviews", status_code=201, response_model=PriceReviewRead,
             responses={200: {"model": PriceReviewRead, "description": "The same review of the same contract record "
                                                                        "already exists"}})
def create_price_review(contract_id: uuid.UUID, body: PriceReviewCreate, response: Response, session: SessionDep,
                        principal: GeneratorDep) -> PriceReviewRead:
    """Apply the contract's review clause to every price item: index ratio or agreed percent, cap and floor,
    each new price rounded half-up at the precision the contract states for it. Repeating a request (same body,
    unchanged contract record and index values) answers 200 with the review already made."""
    contract = get_contract(session, principal, contract_id)
    row, created = service.create_review(session, principal, contract, body)
    if not created:
        response.status_code = 200
    response.headers["Location"] = f"/v1/price-reviews/{row.id}"
    response.headers["ETag"] = service.etag(row, contract)
    return service.read(row)


@router.get("/v1/contracts/{contract_id}/price-reviews", response_model=list[PriceReviewRead])
def contract_price_reviews(contract_id: uuid.UUID, session: SessionDep,
                           principal: ReaderDep) -> list[PriceReviewRead]:
    """The contract's price reviews, newest first."""
    contract = get_contract(session, principal, contract_id)
    return [service.read(r) for r in service.reviews_for(session, contract.id)]


@router.get("/v1/price-reviews/{review_id}", response_model=PriceReviewRead)
def price_review(review_id: uuid.UUID, response: Response, session: SessionDep,
                 principal: ReaderDep) -> PriceReviewRead:
    """A price review with every line's calculation; its ETag is what applying it needs in If-Match."""
    row = service.get_review(session, principal, review_id)
    response.headers["ETag"] = service.etag(row, get_contract(session, principal, row.contract_id))
    return service.read(row)


@router.post("/v1/price-reviews/{review_id}/apply", response_model=PriceReviewRead, responses={409: {
    "description": "Already applied (price_review_already_applied), computed before the contract's prices changed "
                   "(price_review_outdated: recompute it), or older than an applied review (price_review_superseded)"}})
def apply_price_review(review_id: uuid.UUID, response: Response, session: SessionDep, principal: ManagerDep,
                       if_match: IfMatch = None) -> PriceReviewRead:
    """Put the review's new prices into effect (billing checks use the latest applied review). Needs the
    review's ETag in If-Match (428 without, 412 when the review or its contract changed since it was read).
    409 when it is already applied, when the contract's prices or review clause changed since it was computed
    (recompute it), or when a review of a later date is already applied."""
    row, contract = service.apply_price_review(session, principal, review_id, if_match)
    response.headers["ETag"] = service.etag(row, contract)
    return service.read(row)


@router.post("/v1/price-reviews/{review_id}/letter", status_code=201, response_model=GeneratedRead)
def price_review_letter(review_id: uuid.UUID, request: Request, response: Response, session: SessionDep,
                        store: StoreDep, principal: GeneratorDep, body: FormRequest | None = None) -> GeneratedRead:
    """Generate the price-review letter (template ``price-review-letter`` unless another is named)."""
    body = body or FormRequest()
    row = service.get_review(session, principal, review_id)
    contract = get_contract(session, principal, row.contract_id)
    runtime = runtime_of(request)
    generated = generation.generate(
        session, store, runtime.renderer, settings=runtime.settings, principal=principal, contract=contract,
        template=body.template or "price-review-letter", version=body.version, fmt=body.format,
        language=body.language, data=body.data, kind=TemplateKind.PRICE_REVIEW_LETTER, price_review=row.result,
        source=("price_review", row.id))
    response.headers["Location"] = f"/v1/generated/{generated.id}"
    return GeneratedRead.model_validate(generated)
