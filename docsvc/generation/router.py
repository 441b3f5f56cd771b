from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from docsvc.contracts.service import get_contract
from docsvc.deps import GeneratorDep, ReaderDep, SessionDep, StoreDep
from docsvc.downloads import object_download
from docsvc.generation import service
from docsvc.generation.schemas import GeneratedRead, GenerateRequest
from docsvc.runtime import Runtime

router = APIRouter(tags=["generation"])


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


@router.post("/v1/contracts/{contract_id}/generated", status_code=201, response_model=GeneratedRead)
def generate_document(contract_id: uuid.UUID, body: GenerateRequest, request: Request, response: Response,
                      session: SessionDep, store: StoreDep, principal: GeneratorDep) -> GeneratedRead:
    """Generate a document (process documentation, custom templates) from the contract's current record.

    Change-request forms and price-review letters come from their own records:
    ``POST /v1/change-requests/{id}/form`` and ``POST /v1/price-reviews/{id}/letter``."""
    runtime = runtime_of(request)
    contract = get_contract(session, principal, contract_id)
    row = service.generate(session, store, runtime.renderer, settings=runtime.settings, principal=principal,
                           contract=contract, template=body.template, version=body.version, fmt=body.format,
                           language=body.language, data=body.data)
    response.headers["Location"] = f"/v1/generated/{row.id}"
    return GeneratedRead.model_validate(row)


@router.get("/v1/contracts/{contract_id}/generated", response_model=list[GeneratedRead])
def contract_generated(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> list[GeneratedRead]:
    """Documents generated from this contract, newest first, with their provenance."""
    contract = get_contract(session, principal, contract_id)
    return [GeneratedRead.model_validate(r) for r in service.list_generated(session, contract.id)]


@router.get("/v1/generated/{generated_id}", response_model=GeneratedRead)
def generated_document(generated_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> GeneratedRead:
    """A generated document's provenance: template and version, record revision, data, who made it."""
    return GeneratedRead.model_validate(service.get_generated(session, principal, generated_id))


@router.get("/v1/generated/{generated_id}/file", response_class=StreamingResponse,
            responses={200: {"content": {media: {} for media in service.MEDIA_TYPES.values()}}})
def generated_file(generated_id: uuid.UUID, session: SessionDep, store: StoreDep,
                   principal: ReaderDep) -> StreamingResponse:
    """The generated file (DOCX or PDF)."""
    row = service.get_generated(session, principal, generated_id)
    return object_download(store, key=row.storage_key, media_type=row.media_type, filename=row.filename,
                           size=row.size, sha256=row.sha256)
