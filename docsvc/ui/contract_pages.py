"""Contracts: the list (search, filters, paging) and the contract view (page images beside the record, field
review through the API's review service with the contract's ETag, history, generation)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, or_, select

from docsvc.contracts import repository as repo
from docsvc.contracts import service
from docsvc.contracts.lineage import links_of
from docsvc.contracts.schemas import FieldRead, FieldReview
from docsvc.deps import GENERATE, MANAGE, PUBLIC, READ
from docsvc.documents import service as documents
from docsvc.errors import NotFound, PreconditionFailed, Unprocessable
from docsvc.generation.service import list_generated
from docsvc.models import Contract, ContractParty, Customer, Document, ExtractionRun
from docsvc.templates_store import service as templates
from docsvc.templates_store.ownership import view_of
from docsvc.ui import previews, row_pages
from docsvc.ui.web import PREFIX, Ui, UiDep, page

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])
PAGE_SIZE = 25
# Which section of the record a scalar field is shown in (by name, or by the part before the dot).
GROUPS = {
    "general": ("title", "document_type", "language"),
    "term": ("agreement_date", "effective_date", "expiration_date", "initial_term", "renewal_term",
             "renewal_notice_period", "termination_notice_period", "auto_renewal"),
    "law": ("governing_law", "jurisdiction"),
    "credits": ("service_credit_cap",), "prices": ("pricing",), "scope": ("scope",), "novation": ("novation",),
}
SECTIONS = ("general", "parties", "term", "law", "sla", "credits", "prices", "scope", "novation", "other")


def group_of(name: str) -> str:
    head = name.split(".", 1)[0]
    return next((g for g, names in GROUPS.items() if name in names or head in names), "other")


@router.get("/contracts")
@page
def contracts(
    ui: UiDep, text: Annotated[str, Query(max_length=200)] = "", customer: Annotated[str, Query(max_length=40)] = "",
    type: Annotated[str, Query(max_length=40)] = "", on: Annotated[str, Query(max_length=10)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    principal = ui.require(READ.roles)
    query = repo.visible_contracts(principal.customer_id)  # the API's tenancy rule
    if text.strip():
        like = repo.contains_pattern(text.strip())
        parties = select(ContractParty.contract_id).where(func.lower(ContractParty.name).like(like, escape="\\"))
        query = query.where(or_(func.lower(Contract.title).like(like, escape="\\"), Contract.id.in_(parties)))
    customer_id = _uuid(customer)
    if customer_id is not None:
        query = query.where(Contract.customer_id == customer_id)
    if type:
        query = query.where(Contract.document_type == type)
    day = _date(on)
    if day is not None:
        query = query.where(or_(Contract.effective_date.is_(None), Contract.effective_date <= day),
                            or_(Contract.expiration_date.is_(None), Contract.expiration_date >= day))
    rows = ui.db.scalars(query.order_by(Contract.created_at.desc(), Contract.id)
                         .offset((page_no - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    customers_q = select(Customer).order_by(Customer.name)
    if principal.customer_id is not None:
        customers_q = customers_q.where(Customer.id == principal.customer_id)
    customers = ui.db.scalars(customers_q).all()
    types = ui.db.scalars(repo.visible_contracts(principal.customer_id).with_only_columns(Contract.document_type)
                          .distinct().where(Contract.document_type.is_not(None))).all()
    return ui.render("contracts.html", rows=rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE, page_no=page_no,
                     customers=customers, names={c.id: c.name for c in customers}, types=sorted(types),
                     filters={"text": text, "customer": customer, "type": type, "on": on})


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        raise Unprocessable("customer must be a customer id") from None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise Unprocessable("give the date as YYYY-MM-DD") from None


@router.get("/contracts/{contract_id}")
@page
def contract_view(ui: UiDep, contract_id: uuid.UUID, msg: Annotated[str, Query(max_length=20)] = "",
                  generated: Annotated[str, Query(max_length=40)] = "",
                  err: Annotated[str, Query(max_length=500)] = "", at: Annotated[str, Query(max_length=100)] = "",
                  on: Annotated[dt.date | None, Query()] = None) -> Response:
    principal = ui.require(READ.roles)
    contract = service.get_contract(ui.db, principal, contract_id)
    record = service.contract_read(ui.db, contract)
    document = _source_document(ui, contract)
    runtime = ui.request.app.state.runtime
    store, home = ui.request.app.state.store, runtime.settings.home
    pages: list[tuple[float, float]] = []
    blocks: list[dict[str, Any]] = []
    if document is not None and document.media_type == "application/pdf":
        pages = previews.page_sizes(store, home, document)
    elif document is not None:
        blocks = previews.docx_blocks(store, home, document)
    sections: dict[str, list[FieldRead]] = {s: [] for s in SECTIONS}
    for name, read in sorted(record.fields.items()):
        sections[group_of(name)].append(read)
    available = templates.summaries(ui.db, view_of(ui.db, principal, None), kind=None, language=None) \
        if ui.can(GENERATE.roles) else []
    # The same answer as GET /v1/contracts/{id}/lineage?on=: the links both ways and the parties on a date.
    day = on or dt.date.today()
    parents, children = links_of(ui.db, contract.id)
    return ui.render(
        "contract.html", contract=contract, record=record, etag=service.etag(contract), document=document,
        pages=pages, blocks=blocks, sections=sections, tables=row_pages.review_tables(ui.db, principal, contract.id),
        field_names=row_pages.field_names, show=show, msg=msg, err=err, at=at,
        history=repo.history(ui.db, contract.id, 100), can_review=ui.can(MANAGE.roles),
        can_generate=ui.can(GENERATE.roles), templates=available, generated_id=generated,
        generated=list_generated(ui.db, contract.id), evidence_json=evidence_json, lineage_day=day,
        lineage_parents=parents, lineage_children=children, parties_on=repo.parties_on(ui.db, contract.id, day))


def _source_document(ui: Ui, contract: Contract) -> Document | None:
    found = ui.db.scalar(select(Document).join(ExtractionRun, ExtractionRun.document_id == Document.id)
                         .where(ExtractionRun.contract_id == contract.id)
                         .order_by(ExtractionRun.created_at.desc()).limit(1))
    return found or ui.db.scalar(select(Document).where(Document.contract_id == contract.id).limit(1))


def show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):  # 99.900000 (the column's scale) reads as 99.9
        return format(value.normalize(), "f")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def evidence_json(evidence: Any) -> str:
    return json.dumps({"page": evidence.page, "bbox": evidence.bbox, "paragraph": evidence.paragraph})


@router.post("/contracts/{contract_id}/fields/{name}")
@page
def review(ui: UiDep, contract_id: uuid.UUID, name: str, action: Annotated[str, Form(max_length=10)],
           etag: Annotated[str, Form(max_length=100)], csrf: Annotated[str, Form(max_length=100)] = "",
           value: Annotated[str, Form(max_length=10_000)] = "",
           comment: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The API's PATCH /v1/contracts/{id}/fields/{name}, with the ETag the page was rendered with."""
    ui.check_csrf(csrf)
    principal = ui.require(MANAGE.roles)
    if action not in ("accept", "correct", "reject"):
        raise Unprocessable("unknown review action")
    current = repo.field(ui.db, service.get_contract(ui.db, principal, contract_id).id, name)
    new_value: Any = value if action == "correct" else None
    if action == "correct" and current is not None and not isinstance(service.field_read(current).value, str):
        try:  # numbers, booleans and structured values are typed as JSON; text stays text
            new_value = json.loads(value)
        except ValueError:
            new_value = value
    review_ = FieldReview(action=action, value=new_value, comment=comment or None)
    target = f"{PREFIX}/contracts/{contract_id}"
    try:
        service.review_field(ui.db, principal, contract_id=contract_id, name=name, review=review_, if_match=etag)
    except PreconditionFailed:
        ui.db.rollback()
        return RedirectResponse(f"{target}?msg=conflict#field-{name}", status_code=303)
    return RedirectResponse(f"{target}?msg=saved#field-{name}", status_code=303)


@router.get("/documents/{document_id}/pages/{number}.png")
@page
def page_image(ui: UiDep, document_id: uuid.UUID, number: int) -> Response:
    principal = ui.require(READ.roles)
    document = documents.get_document(ui.db, principal, document_id)  # the API's tenancy check
    if document.media_type != "application/pdf":
        raise NotFound("no page images for this document")
    data = previews.page_png(ui.request.app.state.store, ui.request.app.state.runtime.settings.home, document,
                             number)
    if data is None:
        raise NotFound(f"no page {number}")
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
