from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from docsvc import idempotency
from docsvc.api_types import LINE_PATTERN, text_problem
from docsvc.auth.service import Principal
from docsvc.deps import ManagerDep, ReaderDep, SessionDep, StoreDep
from docsvc.documents import service
from docsvc.documents.multipart import ParsedUpload, read_upload
from docsvc.documents.schemas import DocumentRead, JobRead, UploadAccepted
from docsvc.downloads import object_download
from docsvc.errors import PayloadTooLarge, Unprocessable
from docsvc.openapi import multipart_body
from docsvc.runtime import Runtime
from docsvc.storage import ObjectStore

router = APIRouter(tags=["documents"])

UPLOAD_BODY = multipart_body(["file"], {
    "file": {"type": "string", "format": "binary", "description": "PDF or DOCX"},
    "customer": {"type": "string", "maxLength": 300, "pattern": LINE_PATTERN},
    "contract_id": {"type": "string", "format": "uuid",
                    "description": "The contract an amendment or novation changes."},
    "document_type": {"type": "string", "pattern": LINE_PATTERN},
})


@router.post("/v1/documents", status_code=202, response_model=UploadAccepted, openapi_extra=UPLOAD_BODY,
             responses={200: {"model": UploadAccepted, "description": "Already uploaded (same bytes)"}})
async def upload_document(
    request: Request, session: SessionDep, store: StoreDep, principal: ManagerDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    """Upload a contract document; extraction runs as a job (see ``GET /v1/jobs/{id}``)."""
    settings = request.app.state.runtime.settings
    key = idempotency.check_key(idempotency_key)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes + 64 * 1024:
        raise PayloadTooLarge(f"the upload is larger than the limit of {settings.max_upload_bytes:,} bytes")
    tmp_dir = settings.home / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    upload = await read_upload(request.headers.get("content-type"), request.stream(),
                               limit=settings.max_upload_bytes, tmp_dir=tmp_dir)
    try:
        # Everything touching the database runs in one worker thread: a query on the event loop that waits
        # for a row lock held by another request would stall every request, including the one holding it.
        status, body, replayed = await run_in_threadpool(
            _accept, session, store, principal, upload, key, request.app.state.runtime)
    finally:
        if upload.file is not None:
            upload.file.discard()
    headers = {"Location": f"/v1/jobs/{body['job']['id']}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    # Wake the in-process worker only after the response: by then the request's transaction has committed.
    wake = BackgroundTask(request.app.state.runtime.notify_jobs) if status == 202 and not replayed else None
    return JSONResponse(body, status_code=status, headers=headers, background=wake)


def _accept(session: Session, store: ObjectStore, principal: Principal, upload: ParsedUpload, key: str | None,
            runtime: Runtime) -> tuple[int, dict[str, Any], bool]:
    assert upload.file is not None
    fields = upload.fields
    _check_text_fields(fields, "customer", "document_type")
    contract_id = _uuid_field(fields.get("contract_id"), "contract_id")
    print_ = idempotency.fingerprint(upload.file.sha256, sorted(fields.items()))
    if key and (previous := idempotency.replay(session, principal, key, print_)) is not None:
        return previous.status_code, previous.response, True
    result = service.ingest(session, store, upload=upload.file, principal=principal,
                            customer=fields.get("customer"), contract_id=contract_id,
                            document_type=fields.get("document_type"), enqueue=runtime.enqueue)
    body: dict[str, Any] = UploadAccepted(
        document=DocumentRead.model_validate(result.document), job=JobRead.model_validate(result.run),
        duplicate=result.duplicate,
    ).model_dump(mode="json")
    status = 200 if result.duplicate else 202
    if key:
        idempotency.remember(session, principal, key, print_, status, body)
    return status, body, False


def _check_text_fields(fields: dict[str, str], *names: str) -> None:
    # Form fields bypass the pydantic schemas: checked here, before anything is stored (PostgreSQL refuses NUL).
    for name in names:
        if name in fields and (problem := text_problem(fields[name], multiline=False)) is not None:
            raise Unprocessable(f"{name} {problem}", extra={
                "errors": [{"location": f"body.{name}", "message": problem, "type": "string_characters"}]})


def _uuid_field(value: str | None, name: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Unprocessable(f"{name} must be a UUID") from None


@router.get("/v1/documents/{document_id}", response_model=DocumentRead)
def get_document(document_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> DocumentRead:
    """A document's metadata: file name, type, size, sha256, customer, contract."""
    return DocumentRead.model_validate(service.get_document(session, principal, document_id))


@router.get("/v1/documents/{document_id}/file", response_class=StreamingResponse,
            responses={200: {"content": {"application/pdf": {}, "application/octet-stream": {}}}})
def download_document(document_id: uuid.UUID, session: SessionDep, store: StoreDep,
                      principal: ReaderDep) -> StreamingResponse:
    """The uploaded file, as an attachment named with the sniffed type's extension."""
    document = service.get_document(session, principal, document_id)
    return object_download(store, key=document.storage_key, media_type=document.media_type,
                           filename=document.filename, size=document.size, sha256=document.sha256)


@router.get("/v1/jobs/{job_id}", response_model=JobRead)
def get_job(job_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> JobRead:
    """An extraction job: queued, running (with progress), succeeded or failed with a clear error."""
    return JobRead.model_validate(service.get_job(session, principal, job_id))


