"""Ingesting uploads: sniff, store (content-addressed) and record the document and its extraction job.

Order matters for "nothing lost, nothing half-written": the bytes are stored first, then the document row
and its job are inserted in one transaction. A crash in between leaves an object without a row, which
``docsvc check`` reports; never a row whose object is missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.db import insert_ignore
from docsvc.documents.filenames import safe_filename
from docsvc.documents.multipart import SpooledFile
from docsvc.errors import NotFound, Unprocessable, UnsupportedMediaType
from docsvc.extract import __version__ as extractor_version
from docsvc.extract.errors import ExtractionError
from docsvc.extract.record import DocumentType
from docsvc.extract.sniff import sniff_file
from docsvc.models import Contract, Customer, Document, ExtractionRun, RunStatus
from docsvc.models.base import utcnow
from docsvc.models.tenancy import display_name, name_key, owner_key
from docsvc.storage import ObjectStore, content_key


@dataclass(frozen=True, slots=True)
class Ingested:
    document: Document
    run: ExtractionRun
    duplicate: bool


def resolve_customer(session: Session, principal: Principal, name: str | None) -> uuid.UUID | None:
    if principal.customer_id is not None:
        return principal.customer_id
    if not name or not name.strip():
        return None
    # Matched on the normalised key (``Alpha``, ``alpha`` and ``Ａlpha`` are one customer); the name is kept as
    # first written, for display.
    key = name_key(name)
    existing = session.scalar(select(Customer.id).where(Customer.name_key == key))
    if existing is not None:
        return existing
    # Concurrent uploads may name the same new customer: the unique key decides, nobody fails.
    insert_ignore(session, Customer, {"id": uuid.uuid4(), "name": display_name(name), "name_key": key,
                                      "created_at": utcnow()}, ["name_key"])
    customer_id = session.scalar(select(Customer.id).where(Customer.name_key == key))
    assert customer_id is not None
    return customer_id


def check_contract(session: Session, principal: Principal, contract_id: uuid.UUID | None) -> Contract | None:
    if contract_id is None:
        return None
    contract = session.get(Contract, contract_id)
    if contract is None or (principal.customer_id and contract.customer_id != principal.customer_id):
        raise NotFound(f"no contract {contract_id}")
    return contract


def ingest(
    session: Session, store: ObjectStore, *, upload: SpooledFile, principal: Principal,
    customer: str | None = None, contract_id: uuid.UUID | None = None, document_type: str | None = None,
    enqueue: Callable[[Session, uuid.UUID], None] | None = None,
) -> Ingested:
    if document_type is not None and document_type not in {t.value for t in DocumentType}:
        raise Unprocessable(f"document_type must be one of {', '.join(t.value for t in DocumentType)}")
    if upload.size == 0:
        raise UnsupportedMediaType("the file is empty")
    try:
        media_type = sniff_file(upload.path)
    except ExtractionError as exc:
        # The sniffer names the file it read, a temporary spool file: the uploader knows the file by its name.
        message = exc.message.replace(upload.path.name, safe_filename(upload.filename))
        raise UnsupportedMediaType(message, extra={"reason": exc.code}) from None

    # De-duplication is per owner: the same bytes from another customer are that customer's document, which
    # this upload must neither see nor be refused for (it gets its own document, sharing the stored object).
    customer_id = resolve_customer(session, principal, customer)
    owner = owner_key(customer_id)
    existing = _owned(session, principal, upload.sha256, owner)
    if existing is not None:
        return Ingested(existing, latest_run(session, existing.id), duplicate=True)

    contract = check_contract(session, principal, contract_id)
    key = content_key(upload.sha256)
    store.put_file(key, upload.path, content_type=media_type)
    document_id = uuid.uuid4()
    inserted = insert_ignore(session, Document, {
        "id": document_id, "sha256": upload.sha256, "size": upload.size, "media_type": media_type,
        "storage_key": key, "filename": safe_filename(upload.filename), "customer_id": customer_id, "owner": owner,
        "contract_id": contract.id if contract else None, "declared_type": document_type,
        "uploaded_by": principal.key_id, "created_at": utcnow(),
    }, ["sha256", "owner"])
    if not inserted:
        # A concurrent upload of the same bytes for the same owner won the race: theirs is the document.
        existing = _owned(session, principal, upload.sha256, owner)
        assert existing is not None
        return Ingested(existing, latest_run(session, existing.id), duplicate=True)
    document = session.get(Document, document_id)
    assert document is not None
    run = ExtractionRun(document_id=document.id, extractor_version=extractor_version, status=RunStatus.QUEUED.value)
    session.add(run)
    session.flush()
    if enqueue is not None:
        enqueue(session, run.id)
    record_audit(session, actor=principal.actor, action="document.upload", entity_type="document",
                 entity_id=document.id, details={"sha256": upload.sha256, "size": upload.size,
                                                 "filename": document.filename, "job": str(run.id)})
    return Ingested(document, run, duplicate=False)


def latest_run(session: Session, document_id: uuid.UUID) -> ExtractionRun:
    run = session.scalar(select(ExtractionRun).where(ExtractionRun.document_id == document_id)
                         .order_by(ExtractionRun.created_at.desc()).limit(1))
    if run is None:
        raise NotFound(f"document {document_id} has no extraction job")
    return run


def _owned(session: Session, principal: Principal, sha256: str, owner: str) -> Document | None:
    """The document of these bytes for this owner. Both de-duplication paths (found at once, or after losing
    the insert race) answer through here, and through the same visibility rule as every read."""
    document = session.scalar(select(Document).where(Document.sha256 == sha256, Document.owner == owner))
    if document is not None:
        get_document(session, principal, document.id)
    return document


def get_document(session: Session, principal: Principal, document_id: uuid.UUID) -> Document:
    document = session.get(Document, document_id)
    if document is None or (principal.customer_id and document.customer_id != principal.customer_id):
        raise NotFound(f"no document {document_id}")
    return document


def get_job(session: Session, principal: Principal, job_id: uuid.UUID) -> ExtractionRun:
    run = session.get(ExtractionRun, job_id)
    if run is None:
        raise NotFound(f"no job {job_id}")
    get_document(session, principal, run.document_id)  # tenancy check
    return run
