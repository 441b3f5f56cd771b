"""Generating a document from a template and a contract's current record, and storing it with its provenance.

The context is assembled here, validated against the documented ``GenerationContext`` (so a caller's
``data.letterhead`` of the wrong shape is a 422, not a template error), rendered in the sandboxed child
processes and stored content-addressed under ``generated/``. The provenance row says which template version,
contract revision, input data and full context (by hash) made the file, so it can be explained and reproduced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import orjson
from pydantic import ValidationError
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.config import Settings
from docsvc.contracts.repository import newest_of_contract
from docsvc.contracts.service import get_of_contract
from docsvc.errors import FeatureUnavailable, NotFound, ServiceUnavailable, Unprocessable
from docsvc.generate import (
    GenerationError,
    PdfUnavailable,
    RenderInterrupted,
    RenderLimitExceeded,
    pdf,
    pdf_available,
)
from docsvc.generate.context import GenerationContext
from docsvc.generate.errors import GenerationBusy
from docsvc.generate.fairness import owned_by, owner_of
from docsvc.generate.people import display_name
from docsvc.generation.context_builder import address_fields, contract_context
from docsvc.models import Contract, GeneratedDocument, TemplateKind, TemplateVersion
from docsvc.organisation.logo import PLACEHOLDER as LOGO_PLACEHOLDER
from docsvc.organisation.logo import place_logo
from docsvc.organisation.service import for_documents
from docsvc.organisation.service import logo as organisation_logo
from docsvc.storage import ObjectStore, content_key, put_bytes
from docsvc.templates_store import service as templates

MEDIA_TYPES = {"docx": templates.DOCX_MEDIA_TYPE, "pdf": "application/pdf"}


class Renderer(Protocol):
    def render(self, template: bytes, context: dict[str, Any], *, language: str) -> bytes: ...


class GenerationFailed(Unprocessable):
    code, title = "generation_failed", "The document could not be generated"


class Busy(ServiceUnavailable):
    code, title = "generation_busy", "Document generation is busy"


class ContextInvalid(Unprocessable):
    code, title = "context_invalid", "The generation data does not fit the documented context"


def contract_language(contract: Contract, asked: str | None) -> str:
    if asked:
        return asked
    return contract.language if contract.language in templates.LANGUAGES else "en"


def assemble_context(
    session: Session, contract: Contract, *, settings: Settings, language: str, actor: str, data: dict[str, Any],
    title: str | None = None, change_request: dict[str, Any] | None = None,
    price_review: dict[str, Any] | None = None, today: dt.date | None = None,
    service_review: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The full generation context as plain JSON values; raises ``ContextInvalid`` on badly shaped data."""
    today = today or dt.date.today()
    record = contract_context(session, contract, today=today, language=language)
    organisation = for_documents(session, settings, language)
    for section in ("contacts", "escalation"):
        if section in data:
            record[section] = data[section]
    # The contract's party block rarely carries a postal address; a caller can give it (a wrong shape is left to
    # the context validation below, so it is a 422).
    address = data.get("customer_address")
    if isinstance(address, str) and address.strip() and isinstance(record.get("customer"), dict):
        record["customer"] = record["customer"] | address_fields(address.replace(";", "\n"))
    document = {"title": title or contract.title, "reference": None, "date": today.isoformat(),
                "language": language, "author": display_name(actor), "recipient": record.get("customer"),
                **organisation.document}
    if isinstance(data.get("document"), dict):
        document.update(data["document"])
    head = dict(organisation.letterhead)
    if isinstance(data.get("letterhead"), dict):
        head.update(data["letterhead"])
    raw = {"letterhead": head, "document": document, "contract": record, "change_request": change_request,
           "price_review": price_review, "service_review": service_review, "data": data}
    try:
        return GenerationContext.model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        problems = [{"path": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()[:20]]
        raise ContextInvalid("the generation context is not valid: " + "; ".join(
            f"{p['path']}: {p['message']}" for p in problems[:5]), extra={"errors": problems}) from None


class TemplateCache:
    """Template bytes by storage key. Keys are content addresses, so an entry can never go stale."""

    def __init__(self, max_items: int = 32) -> None:
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_items

    def get(self, store: ObjectStore, key: str) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        with store.open(key) as stream:
            data = stream.read()
        with self._lock:
            self._items[key] = data
            while len(self._items) > self._max:
                self._items.popitem(last=False)
        return data


TEMPLATE_CACHE = TemplateCache()


def generate(
    session: Session, store: ObjectStore, renderer: Renderer, *, settings: Settings, principal: Principal,
    contract: Contract, template: str, version: int | None, fmt: str, language: str | None, data: dict[str, Any],
    kind: TemplateKind | None = None, change_request: dict[str, Any] | None = None,
    price_review: dict[str, Any] | None = None, source: tuple[str, uuid.UUID | None] = ("contract", None),
    service_review: dict[str, Any] | None = None,
) -> GeneratedDocument:
    language = contract_language(contract, language)
    # The contract's customer decides which templates apply (its own before the shared), whoever's key asks.
    row = templates.resolve(session, template, version=version, language=language, customer_id=contract.customer_id)
    _check_kind(row, kind, change_request=change_request, price_review=price_review, service_review=service_review)
    if fmt == "pdf" and not pdf_available():
        raise FeatureUnavailable("PDF output needs LibreOffice (soffice), which is not installed on this server; "
                                 "ask for format docx, or install LibreOffice")
    context = assemble_context(session, contract, settings=settings, language=row.language, actor=principal.actor,
                               data=data, change_request=change_request, price_review=price_review,
                               service_review=service_review)
    assert row.prepared_key is not None  # resolve() returns active versions only, and those have one
    try:
        with owned_by(owner_of(principal)):  # no customer may hold every render worker or PDF slot
            output = renderer.render(TEMPLATE_CACHE.get(store, row.prepared_key), context, language=row.language)
            if context["letterhead"].get("logo") == LOGO_PLACEHOLDER:
                output = _with_logo(session, output)
            if fmt == "pdf":
                output = pdf.converter(settings.pdf_workers, settings.pdf_per_customer, settings.pdf_timeout_seconds,
                                       settings.pdf_memory_mb, settings.generation_wait_seconds).convert(output)
    except GenerationBusy as exc:
        raise Busy(str(exc), extra={"reason": exc.code}, headers={"Retry-After": str(exc.retry_after)}) from None
    except PdfUnavailable as exc:
        raise FeatureUnavailable(str(exc)) from None
    except RenderInterrupted as exc:
        raise ServiceUnavailable(f"rendering template {row.name!r} v{row.version} was interrupted: {exc}",
                                 extra={"reason": exc.code}, headers={"Retry-After": "5"}) from None
    except RenderLimitExceeded as exc:
        raise GenerationFailed(f"rendering template {row.name!r} v{row.version} stopped: {exc}",
                               extra={"reason": exc.code}) from None
    except GenerationError as exc:
        raise GenerationFailed(f"template {row.name!r} v{row.version} could not be rendered: {exc}",
                               extra={"reason": exc.code}) from None
    sha256 = hashlib.sha256(output).hexdigest()
    key = content_key(sha256, "generated")
    put_bytes(store, key, output, content_type=MEDIA_TYPES[fmt])
    generated = GeneratedDocument(
        contract_id=contract.id, template_version_id=row.id, template_name=row.name, template_version=row.version,
        format=fmt, media_type=MEDIA_TYPES[fmt], filename=_filename(row.name, contract, fmt), sha256=sha256,
        size=len(output), storage_key=key, contract_revision=contract.revision, input_data=data,
        context_sha256=hashlib.sha256(orjson.dumps(context, option=orjson.OPT_SORT_KEYS)).hexdigest(),
        source_type=source[0], source_id=source[1], created_by=principal.actor,
    )
    session.add(generated)
    session.flush()
    record_audit(session, actor=principal.actor, action="document.generate", entity_type="contract",
                 entity_id=contract.id, details={"generated": str(generated.id), "template": row.name,
                                                 "version": row.version, "format": fmt,
                                                 "contract_revision": contract.revision, "source": source[0]})
    return generated


def _with_logo(session: Session, document: bytes) -> bytes:
    # The picture goes in after the sandboxed render: the render workers see JSON only, never the image.
    try:
        logo, _ = organisation_logo(session)
    except NotFound:
        return document
    return place_logo(document, logo)


def _check_kind(row: TemplateVersion, kind: TemplateKind | None, *, change_request: dict[str, Any] | None,
                price_review: dict[str, Any] | None, service_review: dict[str, Any] | None = None) -> None:
    if kind is not None and row.kind not in (kind.value, TemplateKind.CUSTOM.value):
        raise Unprocessable(f"template {row.name!r} is a {row.kind} template, not a {kind.value} one")
    if row.kind == TemplateKind.CHANGE_REQUEST.value and change_request is None:
        raise Unprocessable(f"template {row.name!r} is a change-request form: generate it from a change request "
                            "(POST /v1/change-requests/{id}/form)")
    if row.kind == TemplateKind.PRICE_REVIEW_LETTER.value and price_review is None:
        raise Unprocessable(f"template {row.name!r} is a price-review letter: generate it from a price review "
                            "(POST /v1/price-reviews/{id}/letter)")
    if row.kind == TemplateKind.SERVICE_REVIEW.value and service_review is None:
        raise Unprocessable(f"template {row.name!r} is a service review: generate it from an SLA report "
                            "(POST /v1/sla-reports/{id}/service-review)")


def _filename(template: str, contract: Contract, fmt: str) -> str:
    label = re.sub(r"[^A-Za-z0-9]+", "-", contract.title or "")[:60].strip("-") or str(contract.id)[:8]
    return f"{template}-{label}-{dt.date.today().isoformat()}.{fmt}"


def get_generated(session: Session, principal: Principal, generated_id: uuid.UUID) -> GeneratedDocument:
    return get_of_contract(session, principal, GeneratedDocument, generated_id, "generated document")


def list_generated(session: Session, contract_id: uuid.UUID) -> Sequence[GeneratedDocument]:
    return newest_of_contract(session, GeneratedDocument, contract_id)
