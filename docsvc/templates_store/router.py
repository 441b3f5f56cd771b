from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from docsvc.deps import GeneratorDep, ReaderDep, SessionDep, StoreDep
from docsvc.documents.multipart import read_upload
from docsvc.downloads import object_download
from docsvc.errors import Unprocessable
from docsvc.generate.context import context_schema
from docsvc.generate.errors import GenerationBusy
from docsvc.generate.fairness import owned_by, owner_of
from docsvc.generation.service import Busy
from docsvc.models import TemplateKind
from docsvc.openapi import multipart_body
from docsvc.templates_store import service
from docsvc.templates_store.ownership import view_of
from docsvc.templates_store.schemas import TemplateSummary, TemplateUploaded, TemplateVersionRead

router = APIRouter(tags=["templates"])
TemplateName = Annotated[str, Path(pattern=service.NAME_PATTERN, max_length=120)]
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
CustomerQuery = Annotated[uuid.UUID | None, Query(description="Keys not limited to a customer: address this "
                                                              "customer's own templates")]

UPLOAD_BODY = multipart_body(["file", "name", "kind", "language"], {
    "file": {"type": "string", "format": "binary", "description": "A Word .docx template"},
    "customer_id": {"type": "string", "format": "uuid",
                    "description": "Upload as this customer's own template (keys limited to a customer always do; "
                                   "without it, an unlimited key uploads a shared template)"},
    "name": {"type": "string", "pattern": service.NAME_PATTERN},
    "kind": {"type": "string", "enum": [k.value for k in TemplateKind]},
    "language": {"type": "string", "enum": list(service.LANGUAGES)},
})


@router.post("/v1/templates", status_code=201, response_model=TemplateUploaded, openapi_extra=UPLOAD_BODY,
             responses={200: {"model": TemplateUploaded, "description": "The same bytes are already the newest "
                                                                         "version"}})
async def upload_template(request: Request, session: SessionDep, store: StoreDep,
                          principal: GeneratorDep) -> JSONResponse:
    """Upload a new version of a template. It is validated at once; a version that fails is stored as
    ``rejected`` with its report (answer 422) and is never used for generation. A key limited to a customer
    uploads that customer's own template, used only for that customer; shared templates are changed only by
    keys not limited to a customer."""
    tmp_dir = request.app.state.runtime.settings.home / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    upload = await read_upload(request.headers.get("content-type"), request.stream(), limit=MAX_TEMPLATE_BYTES,
                               tmp_dir=tmp_dir)
    if upload.file is None:
        raise Unprocessable("the form has no 'file' part: send the .docx template as multipart field 'file'")
    try:
        data = upload.file.path.read_bytes()
    finally:
        upload.file.discard()
    fields = upload.fields
    customer = _customer_field(fields.get("customer_id"))

    def accept() -> tuple[int, dict[str, Any]]:
        owner = view_of(session, principal, customer).customer_id
        try:  # the dry run takes a render worker: counted against the uploader's fair share (issue 10)
            with owned_by(owner_of(principal)):
                row, duplicate = service.store_template(
                    session, store, data=data, filename=upload.file.filename if upload.file else "template.docx",
                    name=fields.get("name", ""), kind=fields.get("kind", ""), language=fields.get("language", ""),
                    actor=principal.actor, pool=request.app.state.runtime.renderer, customer_id=owner)
        except GenerationBusy as exc:
            raise Busy(str(exc), extra={"reason": exc.code}, headers={"Retry-After": str(exc.retry_after)}) from None
        body = TemplateUploaded.model_validate({**service.read(row, principal).model_dump(), "duplicate": duplicate})
        return (200 if duplicate else 201), body.model_dump(mode="json")

    status, body = await run_in_threadpool(accept)
    if body["status"] != "active":
        # Answered, not raised: the rejected version and its report must be committed for its author to read.
        problem = service.TemplateRejected(
            f"template {body['name']!r} version {body['version']} failed validation: "
            + "; ".join(p["message"] for p in body["report"].get("problems", []) if p["severity"] == "error")[:2000],
            extra={"template": body})
        return JSONResponse(problem.problem(str(request.url.path)), status_code=problem.status,
                            media_type="application/problem+json")
    return JSONResponse(body, status_code=status,
                        headers={"Location": f"/v1/templates/{body['name']}/versions/{body['version']}"})


@router.get("/v1/templates", response_model=list[TemplateSummary])
def list_templates(session: SessionDep, principal: ReaderDep, kind: TemplateKind | None = None,
                   language: Annotated[str | None, Query(pattern="^(en|de)$")] = None,
                   customer_id: CustomerQuery = None) -> list[TemplateSummary]:
    """The shared templates and the caller's customer's own (an unlimited key sees every customer's, or with
    ``customer_id`` the shared ones and that customer's)."""
    return service.summaries(session, view_of(session, principal, customer_id), kind=kind.value if kind else None,
                             language=language)


@router.get("/v1/templates/{name}", response_model=list[TemplateVersionRead])
def template_versions(name: TemplateName, session: SessionDep, principal: ReaderDep,
                      customer_id: CustomerQuery = None) -> list[TemplateVersionRead]:
    """The versions of the caller's customer's own template ``name`` if it has one, else of the shared one."""
    view = view_of(session, principal, customer_id)
    return [service.read(r, principal) for r in service.get_versions(session, view, name)]


@router.get("/v1/templates/{name}/versions/{version}", response_model=TemplateVersionRead)
def template_version(name: TemplateName, version: Annotated[int, Path(ge=1, le=1_000_000)], session: SessionDep,
                     principal: ReaderDep, customer_id: CustomerQuery = None) -> TemplateVersionRead:
    """One version of a template with its validation report."""
    view = view_of(session, principal, customer_id)
    return service.read(service.get_version(session, view, name, version), principal)


@router.get("/v1/templates/{name}/versions/{version}/file", response_class=StreamingResponse,
            responses={200: {"content": {service.DOCX_MEDIA_TYPE: {}}}})
def download_template(name: TemplateName, version: Annotated[int, Path(ge=1, le=1_000_000)], session: SessionDep,
                      store: StoreDep, principal: ReaderDep, customer_id: CustomerQuery = None) -> StreamingResponse:
    """A template version's file as uploaded."""
    row = service.get_version(session, view_of(session, principal, customer_id), name, version)
    return object_download(store, key=row.storage_key, media_type=service.DOCX_MEDIA_TYPE, filename=row.filename,
                           size=row.size, sha256=row.sha256)


def _customer_field(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Unprocessable("customer_id must be a UUID") from None


@router.get("/v1/generation-context/schema", response_model=dict[str, Any])
def generation_context_schema(principal: ReaderDep) -> dict[str, Any]:
    """The JSON Schema of everything a template may use (template validation checks against it)."""
    return context_schema()
