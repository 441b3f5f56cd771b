from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response

from docsvc.change_requests import service
from docsvc.change_requests.schemas import ChangeRequestCreate, ChangeRequestRead, Decision
from docsvc.contracts.service import get_contract
from docsvc.deps import GeneratorDep, ManagerDep, ReaderDep, SessionDep, StoreDep
from docsvc.generation import service as generation
from docsvc.generation.router import runtime_of
from docsvc.generation.schemas import FormRequest, GeneratedRead
from docsvc.models import TemplateKind

router = APIRouter(tags=["change requests"])
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"description": "The request is not in the state this step needs"}}


@router.post("/v1/contracts/{contract_id}/change-requests", status_code=201, response_model=ChangeRequestRead)
def create_change_request(contract_id: uuid.UUID, body: ChangeRequestCreate, response: Response,
                          session: SessionDep, principal: GeneratorDep) -> ChangeRequestRead:
    """Create a draft change request; every item is classified against the contract's extracted scope
    (in_scope, out_of_scope or unclear, with the matching scope entry and its evidence)."""
    contract = get_contract(session, principal, contract_id)
    row = service.create(session, principal, contract, body)
    response.headers["Location"] = f"/v1/change-requests/{row.id}"
    return service.read(row)


@router.get("/v1/contracts/{contract_id}/change-requests", response_model=list[ChangeRequestRead])
def contract_change_requests(contract_id: uuid.UUID, session: SessionDep,
                             principal: ReaderDep) -> list[ChangeRequestRead]:
    """The contract's change requests with their state."""
    contract = get_contract(session, principal, contract_id)
    return [service.read(r) for r in service.for_contract(session, contract.id)]


@router.get("/v1/change-requests/{request_id}", response_model=ChangeRequestRead)
def change_request(request_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> ChangeRequestRead:
    """A change request with its items and each item's scope check."""
    return service.read(service.get(session, principal, request_id))


@router.post("/v1/change-requests/{request_id}/submit", response_model=ChangeRequestRead, responses=CONFLICT)
def submit_change_request(request_id: uuid.UUID, session: SessionDep, principal: GeneratorDep) -> ChangeRequestRead:
    """draft → submitted (409 with the current state otherwise)."""
    row = service.get(session, principal, request_id)
    return service.read(service.transition(session, principal, row, "submit"))


@router.post("/v1/change-requests/{request_id}/approve", response_model=ChangeRequestRead, responses=CONFLICT)
def approve_change_request(request_id: uuid.UUID, session: SessionDep, principal: ManagerDep,
                           body: Decision | None = None) -> ChangeRequestRead:
    """submitted → approved (409 with the current state otherwise; of concurrent decisions exactly one wins)."""
    row = service.get(session, principal, request_id)
    return service.read(service.transition(session, principal, row, "approve", body.comment if body else None))


@router.post("/v1/change-requests/{request_id}/reject", response_model=ChangeRequestRead, responses=CONFLICT)
def reject_change_request(request_id: uuid.UUID, session: SessionDep, principal: ManagerDep,
                          body: Decision | None = None) -> ChangeRequestRead:
    """submitted → rejected (409 with the current state otherwise; of concurrent decisions exactly one wins)."""
    row = service.get(session, principal, request_id)
    return service.read(service.transition(session, principal, row, "reject", body.comment if body else None))


@router.post("/v1/change-requests/{request_id}/form", status_code=201, response_model=GeneratedRead)
def change_request_form(request_id: uuid.UUID, request: Request, response: Response, session: SessionDep,
                        store: StoreDep, principal: GeneratorDep, body: FormRequest | None = None) -> GeneratedRead:
    """Generate the change-request form (template ``change-request`` unless another is named)."""
    body = body or FormRequest()
    row = service.get(session, principal, request_id)
    contract = get_contract(session, principal, row.contract_id)
    runtime = runtime_of(request)
    generated = generation.generate(
        session, store, runtime.renderer, settings=runtime.settings, principal=principal, contract=contract,
        template=body.template or "change-request", version=body.version, fmt=body.format, language=body.language,
        data=body.data, kind=TemplateKind.CHANGE_REQUEST, change_request=service.context(row),
        source=("change_request", row.id))
    response.headers["Location"] = f"/v1/generated/{generated.id}"
    return GeneratedRead.model_validate(generated)
