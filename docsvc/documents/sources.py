"""The documents a contract is made of, and extracting a document again with the current engine.

A contract's documents: the files extraction made it from (its original), the amendments and novations that
change it (each a contract of its own, linked by lineage) and the documents generated from it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.contracts.lineage import links_of
from docsvc.contracts.service import get_contract
from docsvc.db import insert_ignore
from docsvc.deps import ManagerDep, ReaderDep, SessionDep
from docsvc.documents.schemas import JobRead
from docsvc.documents.service import get_document
from docsvc.extract import __version__ as extractor_version
from docsvc.models import Document, ExtractionRun, GeneratedDocument, RunStatus
from docsvc.models.base import utcnow

router = APIRouter(tags=["documents"])
Kind = Literal["original", "amendment", "novation", "generated"]


class ContractDocument(BaseModel):
    id: uuid.UUID
    kind: Kind
    contract_id: uuid.UUID
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: dt.datetime
    href: str


def contract_documents(session: Session, principal: Principal, contract_id: uuid.UUID) -> list[ContractDocument]:
    contract = get_contract(session, principal, contract_id)
    _, children = links_of(session, contract.id)
    kinds: dict[uuid.UUID, Kind] = {contract.id: "original"}
    for link in children:
        kinds.setdefault(link.child_contract_id, "novation" if link.kind == "novation" else "amendment")
    out: dict[uuid.UUID, ContractDocument] = {}
    made = (select(Document, ExtractionRun.contract_id)
            .join(ExtractionRun, ExtractionRun.document_id == Document.id, isouter=True)
            .where(or_(ExtractionRun.contract_id.in_(list(kinds)), Document.contract_id == contract.id))
            .order_by(Document.created_at, Document.id))
    for document, made_contract in session.execute(made):
        # A file uploaded naming this contract but not (yet) extracted into a contract of its own still
        # belongs here; its declared type says what it is.
        owner = made_contract if made_contract in kinds else contract.id
        kind = kinds.get(owner, "original") if made_contract in kinds else (
            "novation" if document.declared_type == "novation" else "amendment")
        if document.id not in out or out[document.id].kind == "amendment":
            out[document.id] = ContractDocument(
                id=document.id, kind=kind, contract_id=owner, filename=document.filename,
                media_type=document.media_type, size=document.size, sha256=document.sha256,
                created_at=document.created_at, href=f"/v1/documents/{document.id}")
    generated = session.scalars(select(GeneratedDocument).where(GeneratedDocument.contract_id == contract.id)
                                .order_by(GeneratedDocument.created_at)).all()
    return [*out.values(), *(ContractDocument(
        id=g.id, kind="generated", contract_id=contract.id, filename=g.filename, media_type=g.media_type,
        size=g.size, sha256=g.sha256, created_at=g.created_at, href=f"/v1/generated/{g.id}") for g in generated)]


def extract_again(session: Session, principal: Principal, document_id: uuid.UUID) -> tuple[ExtractionRun, bool]:
    """The document's run for the current engine, queued; ``(run, queued_now)``.

    Runs are unique per (document, engine version): a document never run by this engine gets a new run; a
    finished run of this engine is queued again (attempts reset), one still queued or running is returned as
    it is. Materialising keeps reviewed values (field reviews are stored beside the extracted value), so a
    re-run replaces only what nobody reviewed.
    """
    document = get_document(session, principal, document_id)
    this_engine = select(ExtractionRun).where(ExtractionRun.document_id == document.id,
                                              ExtractionRun.extractor_version == extractor_version)
    if session.scalar(this_engine) is None:
        # The contract the document's latest run built: the new engine's values land on the same contract.
        # Two requests at once insert one run (the unique (document, version) decides, nobody fails).
        previous = session.scalar(select(ExtractionRun.contract_id).where(ExtractionRun.document_id == document.id)
                                  .order_by(ExtractionRun.created_at.desc()).limit(1))
        if insert_ignore(session, ExtractionRun, {
                "id": uuid.uuid4(), "document_id": document.id, "extractor_version": extractor_version,
                "status": RunStatus.QUEUED.value, "contract_id": previous, "created_at": utcnow(),
                "attempts": 0, "progress": 0.0, "timings": {}}, ["document_id", "extractor_version"]):
            run = session.scalar(this_engine)
            assert run is not None
            return _queued(session, principal, document, run)
    run = session.scalar(this_engine.with_for_update())
    assert run is not None
    if run.status in (RunStatus.QUEUED.value, RunStatus.RUNNING.value):
        return run, False
    return _queued(session, principal, document, run)


def _queued(session: Session, principal: Principal, document: Document,
            run: ExtractionRun) -> tuple[ExtractionRun, bool]:
    run.status, run.attempts, run.progress, run.worker = RunStatus.QUEUED.value, 0, 0.0, None
    run.started_at = run.heartbeat_at = run.finished_at = None
    run.error_code = run.error_message = None
    session.flush()
    record_audit(session, actor=principal.actor, action="document.extract", entity_type="document",
                 entity_id=document.id, details={"job": str(run.id), "extractor_version": extractor_version})
    return run, True


@router.get("/v1/contracts/{contract_id}/documents", response_model=list[ContractDocument])
def list_contract_documents(contract_id: uuid.UUID, session: SessionDep,
                            principal: ReaderDep) -> list[ContractDocument]:
    """The original, its amendments and novations, and the documents generated from the contract."""
    return contract_documents(session, principal, contract_id)


@router.post("/v1/documents/{document_id}/extract", status_code=202, response_model=JobRead)
def extract_document(document_id: uuid.UUID, request: Request, session: SessionDep,
                     principal: ManagerDep) -> JSONResponse:
    """Extract the document again with the current engine (a job, see ``GET /v1/jobs/{id}``); reviewed values
    stay as reviewed."""
    runtime = request.app.state.runtime
    run, queued = extract_again(session, principal, document_id)
    if queued:
        runtime.enqueue(session, run.id)
    body = JobRead.model_validate(run).model_dump(mode="json")
    wake = BackgroundTask(runtime.notify_jobs) if queued else None
    return JSONResponse(body, status_code=202, headers={"Location": f"/v1/jobs/{run.id}"}, background=wake)
