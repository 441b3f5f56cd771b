"""Price reviews: index values (enter, correct, see), computing a review from the contract's clause, every
line's calculation, applying it, and the letter — the API's routes (docsvc/price_reviews/router.py) as pages, on
its services."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import RedirectResponse, Response

from docsvc.contracts.repository import newest_visible
from docsvc.contracts.service import get_contract
from docsvc.deps import GENERATE, MANAGE, PUBLIC, READ
from docsvc.errors import Conflict, PreconditionFailed, Unprocessable
from docsvc.generation import service as generation
from docsvc.models import Contract, PriceReview, TemplateKind
from docsvc.price_reviews import service
from docsvc.price_reviews.schemas import INDEX_NAME_PATTERN, IndexValuesIn, PriceReviewCreate
from docsvc.ui.change_request_pages import contract_choices, titles
from docsvc.ui.forms import blank_to_none, form_request, validated
from docsvc.ui.web import PREFIX, Ui, UiDep, page

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])
PAGE_SIZE = 50
Short = Annotated[str, Form(max_length=40)]


@router.get("/price-reviews")
@page
def all_price_reviews(ui: UiDep, page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
                         contract: Annotated[uuid.UUID | None, Query()] = None) -> Response:
    principal = ui.require(READ.roles)
    if contract is not None:  # the "choose a contract" form (a GET, so it works without script)
        return RedirectResponse(f"{PREFIX}/contracts/{contract}/price-reviews", status_code=303)
    rows = newest_visible(ui.db, PriceReview, principal.customer_id, limit=PAGE_SIZE + 1,
                          offset=(page_no - 1) * PAGE_SIZE)
    return ui.render("price_reviews.html", rows=[service.read(r) for r in rows[:PAGE_SIZE]],
                     more=len(rows) > PAGE_SIZE, page_no=page_no, contracts=titles(ui, {r.contract_id for r in rows}),
                     choices=contract_choices(ui) if ui.can(GENERATE.roles) else [])


@router.get("/indices")
@page
def indices(ui: UiDep) -> Response:
    ui.require(READ.roles)
    return _indices_page(ui, values={}, message=None)


def _can_store(ui: Ui) -> bool:
    # The service refuses a customer-limited person too (index values are shared); the form is not offered.
    return ui.can(MANAGE.roles) and ui.principal.customer_id is None


def _indices_page(ui: Ui, *, values: dict[str, str], message: str | None, status: int = 200) -> Response:
    return ui.render("indices.html", status=status, rows=service.index_summaries(ui.db), can_store=_can_store(ui),
                     values=values, message=message)


@router.post("/indices")
@page
def store_values(ui: UiDep, name: Short = "", values: Annotated[str, Form(max_length=200_000)] = "",
                 source: Annotated[str, Form(max_length=200)] = "",
                 csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """The API's POST /v1/indices/{name}/values with ``period,value`` lines (as ``docsvc indices load``)."""
    ui.check_csrf(csrf)
    principal = ui.require(MANAGE.roles)
    try:
        if not re.fullmatch(INDEX_NAME_PATTERN, name.strip()):
            raise Unprocessable("index name: letters, digits, '_', '.' and '-', at most 40 (e.g. CPI)")
        body = validated(IndexValuesIn, {"values": [v.model_dump() for v in service.parse_index_csv(values)],
                                         "source": blank_to_none(source)})
        inserted, updated, unchanged = service.store_index_values(ui.db, principal, name, body.values, body.source)
    except Unprocessable as exc:
        ui.db.rollback()
        return _indices_page(ui, values={"name": name, "values": values, "source": source}, message=exc.detail,
                             status=exc.status)
    return RedirectResponse(f"{PREFIX}/indices/{service.index_key(name)}?inserted={inserted}&updated={updated}"
                            f"&unchanged={unchanged}", status_code=303)


@router.get("/indices/{name}")
@page
def index_values(ui: UiDep, name: str, inserted: Annotated[int | None, Query(ge=0)] = None,
                 updated: Annotated[int, Query(ge=0)] = 0, unchanged: Annotated[int, Query(ge=0)] = 0) -> Response:
    ui.require(READ.roles)
    stored = None if inserted is None else ui.t["pr_stored"].format(inserted=inserted, updated=updated,
                                                                     unchanged=unchanged)
    return ui.render("index.html", name=service.index_key(name), rows=service.index_values(ui.db, name),
                     stored=stored, can_store=_can_store(ui))


@router.get("/contracts/{contract_id}/price-reviews")
@page
def contract_price_reviews(ui: UiDep, contract_id: uuid.UUID) -> Response:
    principal = ui.require(READ.roles)
    return _contract_page(ui, get_contract(ui.db, principal, contract_id), values={}, message=None)


def _contract_page(ui: Ui, contract: Contract, *, values: dict[str, str], message: str | None,
                   status: int = 200) -> Response:
    reviews = [service.read(r) for r in service.reviews_for(ui.db, contract.id)]
    return ui.render("contract_price_reviews.html", status=status, contract=contract, rows=reviews,
                     indices=service.index_summaries(ui.db), can_compute=ui.can(GENERATE.roles), values=values,
                     message=message, today=dt.date.today().isoformat())


@router.post("/contracts/{contract_id}/price-reviews")
@page
def compute(ui: UiDep, contract_id: uuid.UUID, review_date: Short = "", basis: Short = "index",
            index: Short = "", base_period: Short = "", current_period: Short = "", percent: Short = "",
            csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """The API's POST /v1/contracts/{id}/price-reviews: the contract's clause applied to every price item."""
    ui.check_csrf(csrf)
    principal = ui.require(GENERATE.roles)
    contract = get_contract(ui.db, principal, contract_id)
    body: dict[str, Any] = {"review_date": blank_to_none(review_date)}
    if basis == "percent":
        body["percent"] = blank_to_none(percent)
    else:
        body["index"] = {"name": index.strip(), "base_period": base_period.strip(),
                         "current_period": current_period.strip()}
    try:
        row, _ = service.create_review(ui.db, principal, contract, validated(PriceReviewCreate, body))
    except Unprocessable as exc:
        ui.db.rollback()
        typed = {"review_date": review_date, "basis": basis, "index": index, "base_period": base_period,
                 "current_period": current_period, "percent": percent}
        return _contract_page(ui, contract, values=typed, message=exc.detail, status=exc.status)
    return RedirectResponse(f"{PREFIX}/price-reviews/{row.id}", status_code=303)


@router.get("/price-reviews/{review_id}")
@page
def price_review(ui: UiDep, review_id: uuid.UUID, generated: Annotated[str, Query(max_length=40)] = "",
                 applied: Annotated[bool, Query()] = False) -> Response:
    ui.require(READ.roles)
    return _review_page(ui, review_id, generated_id=generated,
                        message=("ok", ui.t["pr_apply_done"]) if applied else None)


# What the apply step's refusals say on the page (the API's details are English only).
APPLY_REFUSALS = {"precondition_failed": "pr_apply_changed", "price_review_already_applied": "pr_apply_already",
                  "price_review_outdated": "pr_apply_outdated", "price_review_superseded": "pr_apply_superseded"}


def _review_page(ui: Ui, review_id: uuid.UUID, *, generated_id: str = "",
                 message: tuple[str, str] | None = None, status: int = 200) -> Response:
    principal = ui.principal
    row = service.get_review(ui.db, principal, review_id)
    contract = get_contract(ui.db, principal, row.contract_id)
    letters = [g for g in generation.list_generated(ui.db, contract.id)
               if g.source_type == "price_review" and g.source_id == row.id]
    return ui.render("price_review.html", status=status, review=service.read(row), contract=contract,
                     letters=letters, generated_id=generated_id, can_generate=ui.can(GENERATE.roles),
                     can_apply=ui.can(MANAGE.roles) and row.applied_at is None, etag=service.etag(row, contract),
                     message=message)


@router.post("/price-reviews/{review_id}/apply")
@page
def apply(ui: UiDep, review_id: uuid.UUID, etag: Annotated[str, Form(max_length=200)] = "",
          csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """The API's POST /v1/price-reviews/{id}/apply with the ETag the page was rendered with."""
    ui.check_csrf(csrf)
    principal = ui.require(MANAGE.roles)
    try:
        service.apply_price_review(ui.db, principal, review_id, etag)
    except (Conflict, PreconditionFailed) as exc:
        ui.db.rollback()
        text = ui.t[APPLY_REFUSALS.get(exc.code, "pr_apply_changed")]
        return _review_page(ui, review_id, message=("error", text), status=exc.status)
    return RedirectResponse(f"{PREFIX}/price-reviews/{review_id}?applied=true", status_code=303)


@router.post("/price-reviews/{review_id}/letter")
@page
def letter(ui: UiDep, review_id: uuid.UUID, format: Annotated[str, Form(max_length=5)] = "docx",
           language: Annotated[str, Form(max_length=2)] = "", csrf: Annotated[str, Form(max_length=100)] = "",
           ) -> Response:
    """The API's POST /v1/price-reviews/{id}/letter with the built-in ``price-review-letter`` template."""
    ui.check_csrf(csrf)
    principal = ui.require(GENERATE.roles)
    row = service.get_review(ui.db, principal, review_id)
    contract = get_contract(ui.db, principal, row.contract_id)
    options = form_request(format, language)
    runtime = ui.request.app.state.runtime
    made = generation.generate(
        ui.db, ui.request.app.state.store, runtime.renderer, settings=runtime.settings, principal=principal,
        contract=contract, template="price-review-letter", version=None, fmt=options.format,
        language=options.language, data={}, kind=TemplateKind.PRICE_REVIEW_LETTER, price_review=row.result,
        source=("price_review", row.id))
    return RedirectResponse(f"{PREFIX}/price-reviews/{row.id}?generated={made.id}#letter", status_code=303)
