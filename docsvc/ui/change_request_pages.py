"""Change requests: the list, creating one with its items, the scope check per item, submit / approve / reject
and the change-request form — the API's routes (docsvc/change_requests/router.py) as pages, on its services."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from docsvc.change_requests import service
from docsvc.change_requests.schemas import ChangeRequestCreate
from docsvc.contracts.repository import newest_visible, visible_contracts
from docsvc.contracts.service import get_contract
from docsvc.deps import GENERATE, MANAGE, PUBLIC, READ
from docsvc.errors import Conflict, Unprocessable
from docsvc.generation import service as generation
from docsvc.models import ChangeRequest, ChangeRequestStatus, Contract, TemplateKind
from docsvc.ui.forms import blank_to_none, form_request, validated
from docsvc.ui.web import PREFIX, Ui, UiDep, page

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])
PAGE_SIZE = 50
ITEM_ROWS = 5  # empty item rows the create form offers; "more rows" asks for more
MAX_ITEM_ROWS = 50
ItemColumn = Annotated[list[str], Form(max_length=MAX_ITEM_ROWS)]
Short = Annotated[str, Form(max_length=300)]


def titles(ui: Ui, contract_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not contract_ids:
        return {}
    rows = ui.db.execute(select(Contract.id, Contract.title).where(Contract.id.in_(contract_ids))).all()
    return {cid: title or str(cid)[:8] for cid, title in rows}


def contract_choices(ui: Ui) -> list[Contract]:
    """The contracts a person may open a new change request or price review for (the API's tenancy rule)."""
    scope = ui.principal.customer_id
    return list(ui.db.scalars(visible_contracts(scope).order_by(Contract.title, Contract.id).limit(500)))


@router.get("/change-requests")
@page
def all_change_requests(ui: UiDep, page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
                           contract: Annotated[uuid.UUID | None, Query()] = None) -> Response:
    principal = ui.require(READ.roles)
    if contract is not None:  # the "choose a contract" form (a GET, so it works without script)
        return RedirectResponse(f"{PREFIX}/contracts/{contract}/change-requests", status_code=303)
    rows = newest_visible(ui.db, ChangeRequest, principal.customer_id, limit=PAGE_SIZE + 1,
                          offset=(page_no - 1) * PAGE_SIZE)
    return ui.render("change_requests.html", rows=[service.read(r) for r in rows[:PAGE_SIZE]],
                     more=len(rows) > PAGE_SIZE, page_no=page_no,
                     contracts=titles(ui, {r.contract_id for r in rows}),
                     choices=contract_choices(ui) if ui.can(GENERATE.roles) else [])


@router.get("/contracts/{contract_id}/change-requests")
@page
def contract_change_requests(ui: UiDep, contract_id: uuid.UUID,
                             rows: Annotated[int, Query(ge=1, le=MAX_ITEM_ROWS)] = ITEM_ROWS) -> Response:
    principal = ui.require(READ.roles)
    contract = get_contract(ui.db, principal, contract_id)
    return _contract_page(ui, contract, item_rows=rows, values={}, message=None)


def _contract_page(ui: Ui, contract: Contract, *, item_rows: int, values: dict[str, Any], message: str | None,
                   status: int = 200) -> Response:
    listed = [service.read(r) for r in service.for_contract(ui.db, contract.id)]
    return ui.render("contract_change_requests.html", status=status, contract=contract, rows=listed,
                     can_create=ui.can(GENERATE.roles), item_rows=item_rows, values=values, message=message)


@router.post("/contracts/{contract_id}/change-requests")
@page
def create_change_request(
    ui: UiDep, contract_id: uuid.UUID, title: Short = "", description: Annotated[str, Form(max_length=20_000)] = "",
    requester: Annotated[str, Form(max_length=200)] = "", implementation_date: Annotated[str, Form(max_length=10)] = "",
    service_: Annotated[list[str], Form(alias="service", max_length=MAX_ITEM_ROWS)] = [],  # noqa: B006
    site: ItemColumn = [], quantity: ItemColumn = [], item: ItemColumn = [],  # noqa: B006
    amount: Annotated[str, Form(max_length=40)] = "", currency: Annotated[str, Form(max_length=3)] = "",
    frequency: Annotated[str, Form(max_length=40)] = "", impact: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """The API's POST /v1/contracts/{id}/change-requests; a refused form is shown again with what was typed."""
    ui.check_csrf(csrf)
    principal = ui.require(GENERATE.roles)
    contract = get_contract(ui.db, principal, contract_id)
    columns = (service_, site, quantity, item)
    count = max(len(c) for c in columns)
    cells = [[(c[i] if i < len(c) else "") for c in columns] for i in range(count)]
    typed = [dict(zip(("service", "site", "quantity", "description"), row, strict=True)) for row in cells]
    values = {"title": title, "description": description, "requester": requester,
              "implementation_date": implementation_date, "items": typed, "amount": amount, "currency": currency,
              "frequency": frequency, "impact": impact}
    items = [{k: blank_to_none(v) for k, v in row.items()} for row in typed if any(v.strip() for v in row.values())]
    impact_given = any(v.strip() for v in (amount, currency, frequency, impact))
    body = {"title": title.strip(), "description": blank_to_none(description), "requester": blank_to_none(requester),
            "implementation_date": blank_to_none(implementation_date), "items": items,
            "price_impact": {"amount": blank_to_none(amount), "currency": blank_to_none(currency.upper()),
                             "frequency": blank_to_none(frequency), "description": blank_to_none(impact)}
            if impact_given else None}
    try:
        if not items:
            raise Unprocessable(ui.t["cr_no_items"])
        row = service.create(ui.db, principal, contract, validated(ChangeRequestCreate, body))
    except Unprocessable as exc:
        ui.db.rollback()
        return _contract_page(ui, contract, item_rows=max(count, ITEM_ROWS), values=values, message=exc.detail,
                              status=exc.status)
    return RedirectResponse(f"{PREFIX}/change-requests/{row.id}", status_code=303)


@router.get("/change-requests/{request_id}")
@page
def change_request(ui: UiDep, request_id: uuid.UUID,
                   generated: Annotated[str, Query(max_length=40)] = "") -> Response:
    principal = ui.require(READ.roles)
    return _detail(ui, service.get(ui.db, principal, request_id), generated_id=generated, message=None)


def _detail(ui: Ui, row: ChangeRequest, *, generated_id: str, message: str | None, status: int = 200) -> Response:
    contract = get_contract(ui.db, ui.principal, row.contract_id)
    forms = [g for g in generation.list_generated(ui.db, contract.id)
             if g.source_type == "change_request" and g.source_id == row.id]
    state = row.status
    return ui.render(
        "change_request.html", status=status, cr=service.read(row), contract=contract, forms=forms,
        generated_id=generated_id, message=message,
        can_submit=ui.can(GENERATE.roles) and state == ChangeRequestStatus.DRAFT.value,
        can_decide=ui.can(MANAGE.roles) and state == ChangeRequestStatus.SUBMITTED.value,
        can_generate=ui.can(GENERATE.roles))


# Before the {step} route: a path matches the first route whose pattern fits, whatever its parameter types.
@router.post("/change-requests/{request_id}/form")
@page
def generate_form(ui: UiDep, request_id: uuid.UUID, format: Annotated[str, Form(max_length=5)] = "docx",
                  language: Annotated[str, Form(max_length=2)] = "",
                  csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """The API's POST /v1/change-requests/{id}/form with the built-in ``change-request`` template."""
    ui.check_csrf(csrf)
    principal = ui.require(GENERATE.roles)
    row = service.get(ui.db, principal, request_id)
    contract = get_contract(ui.db, principal, row.contract_id)
    options = form_request(format, language)
    runtime = ui.request.app.state.runtime
    made = generation.generate(
        ui.db, ui.request.app.state.store, runtime.renderer, settings=runtime.settings, principal=principal,
        contract=contract, template="change-request", version=None, fmt=options.format, language=options.language,
        data={}, kind=TemplateKind.CHANGE_REQUEST, change_request=service.context(row),
        source=("change_request", row.id))
    return RedirectResponse(f"{PREFIX}/change-requests/{row.id}?generated={made.id}#form", status_code=303)


@router.post("/change-requests/{request_id}/{step}")
@page
def decide(ui: UiDep, request_id: uuid.UUID, step: Literal["submit", "approve", "reject"],
           comment: Annotated[str, Form(max_length=5000)] = "", csrf: Annotated[str, Form(max_length=100)] = "",
           ) -> Response:
    """The API's submit (generators) and approve / reject (contract managers). The step is a compare-and-set on
    the state the page showed: when someone else moved the request first, the page says so and shows it now."""
    ui.check_csrf(csrf)
    principal = ui.require(GENERATE.roles if step == "submit" else MANAGE.roles)
    row = service.get(ui.db, principal, request_id)
    try:
        service.transition(ui.db, principal, row, step, blank_to_none(comment) if step != "submit" else None)
    except Conflict:
        ui.db.rollback()
        row = service.get(ui.db, principal, request_id)
        state = ui.t.get(f"cr_st_{row.status}", row.status)
        return _detail(ui, row, generated_id="", message=ui.t["cr_changed_meanwhile"].format(state=state),
                       status=409)
    return RedirectResponse(f"{PREFIX}/change-requests/{row.id}", status_code=303)
