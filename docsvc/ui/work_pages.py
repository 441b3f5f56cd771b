"""Dashboard, upload (XHR, one file per request, progress per file) and live job status."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.background import BackgroundTask

from docsvc.auth.service import Principal
from docsvc.contracts.repository import visible_contracts
from docsvc.deadlines.service import deadlines
from docsvc.deps import MANAGE, PUBLIC, READ
from docsvc.documents import service as documents
from docsvc.documents.multipart import ParsedUpload, read_upload
from docsvc.errors import DomainError, NotFound
from docsvc.models import Contract, Document, ExtractionRun, GeneratedDocument, RunStatus
from docsvc.models.contract import ContractReviewStatus
from docsvc.ui.web import PREFIX, FormExpired, SignInRequired, Ui, UiDep, page

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])
ACTIVE = (RunStatus.QUEUED.value, RunStatus.RUNNING.value)
UPCOMING_DAYS = 90


@router.get("/")
@page
def dashboard(ui: UiDep) -> Response:
    principal = ui.require(READ.roles)
    scope = principal.customer_id
    newest = ui.db.scalars(visible_contracts(scope).order_by(Contract.created_at.desc()).limit(10)).all()
    # The same deadlines as GET /v1/deadlines: on the current term after renewals, reviewed values first.
    upcoming = deadlines(ui.db, customer_scope=scope, customer=None, kinds=None, today=dt.date.today(),
                         within_days=UPCOMING_DAYS)[:15]
    needing_review = ui.db.scalars(visible_contracts(scope).where(
        Contract.review_status != ContractReviewStatus.REVIEWED.value).order_by(Contract.created_at.desc())
        .limit(10)).all()
    generated_q = (select(GeneratedDocument).join(Contract, Contract.id == GeneratedDocument.contract_id)
                   .order_by(GeneratedDocument.created_at.desc()).limit(10))
    if scope is not None:
        generated_q = generated_q.where(Contract.customer_id == scope)
    return ui.render("dashboard.html", jobs=_jobs(ui, principal, None), newest=newest, upcoming=upcoming,
                     needing_review=needing_review, generated=ui.db.scalars(generated_q).all())


def _jobs(ui: Ui, principal: Principal, ids: list[uuid.UUID] | None) -> list[dict[str, Any]]:
    """Jobs with ``ids`` (each through the API's tenancy check), or the visible ones still being processed."""
    query = select(ExtractionRun, Document).join(Document, Document.id == ExtractionRun.document_id)
    if ids is None:
        query = query.where(ExtractionRun.status.in_(ACTIVE)).order_by(ExtractionRun.created_at).limit(50)
        if principal.customer_id is not None:
            query = query.where(Document.customer_id == principal.customer_id)
        found = [(run, doc) for run, doc in ui.db.execute(query).all()]
    else:
        found = []
        for job_id in ids[:50]:
            try:
                run = documents.get_job(ui.db, principal, job_id)
            except NotFound:
                continue
            document = ui.db.get(Document, run.document_id)
            assert document is not None
            found.append((run, document))
    return [{"id": str(run.id), "status": run.status, "progress": round(run.progress * 100),
             "filename": doc.filename, "contract_id": str(run.contract_id) if run.contract_id else None,
             "error": run.error_message} for run, doc in found]


@router.get("/jobs")
def jobs(ui: UiDep, ids: Annotated[str, Query(max_length=2000)] = "") -> Response:
    """Polled by the dashboard and the upload page (ui.js)."""
    try:
        principal = ui.require(READ.roles)
    except SignInRequired:  # as every page: to the sign-in form (ui.js stops polling on that redirect)
        return RedirectResponse(f"{PREFIX}/sign-in", status_code=303)
    wanted = None
    if ids:
        try:
            wanted = [uuid.UUID(part) for part in ids.split(",")]
        except ValueError:
            return JSONResponse({"message": "ids must be job ids"}, status_code=422)
    return JSONResponse({"jobs": _jobs(ui, principal, wanted)})


@router.get("/upload")
@page
def upload_page(ui: UiDep) -> Response:
    ui.require(MANAGE.roles)
    return ui.render("upload.html", max_bytes=ui.request.app.state.runtime.settings.max_upload_bytes)


@router.post("/upload")
async def upload(ui: UiDep) -> Response:
    """One file (ui.js sends each file of a drop as its own request, for a progress bar each); answers JSON
    the page shows, with the same refusals as POST /v1/documents (type, size, duplicate)."""
    request = ui.request
    try:
        principal = ui.require(MANAGE.roles)
        ui.check_csrf(request.headers.get("x-csrf-token"))
    except SignInRequired:
        return RedirectResponse(f"{PREFIX}/sign-in", status_code=303)
    except DomainError as exc:
        return JSONResponse({"message": exc.detail}, status_code=exc.status)
    except FormExpired:
        return JSONResponse({"message": ui.t["form_expired"]}, status_code=400)
    runtime = request.app.state.runtime
    tmp_dir = runtime.settings.home / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    upload: ParsedUpload | None = None
    try:
        upload = await read_upload(request.headers.get("content-type"), request.stream(),
                                   limit=runtime.settings.max_upload_bytes, tmp_dir=tmp_dir)
        assert upload.file is not None
        result = await run_in_threadpool(
            documents.ingest, ui.db, request.app.state.store, upload=upload.file, principal=principal,
            customer=upload.fields.get("customer"), enqueue=runtime.enqueue)
    except DomainError as exc:
        await run_in_threadpool(ui.db.rollback)
        return JSONResponse({"message": exc.detail, "refused": True}, status_code=exc.status)
    finally:
        if upload is not None and upload.file is not None:
            upload.file.discard()
    body = {"job": str(result.run.id), "document": str(result.document.id), "duplicate": result.duplicate,
            "status": result.run.status, "message": ui.t["duplicate"] if result.duplicate else ""}
    wake = None if result.duplicate else BackgroundTask(runtime.notify_jobs)
    return JSONResponse(body, status_code=200 if result.duplicate else 202, background=wake)
