from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from docsvc.api_types import LINE_PATTERN
from docsvc.billing import document, service
from docsvc.billing.schemas import BillingCheckCreate, BillingCheckRead, BillingMatchCreate, BillingMatchRead
from docsvc.contracts.service import get_contract
from docsvc.deps import GeneratorDep, ReaderDep, SessionDep
from docsvc.documents.filenames import content_disposition
from docsvc.errors import PayloadTooLarge, Unprocessable, UnsupportedMediaType
from docsvc.models import Contract
from docsvc.openapi import request_model_ref

router = APIRouter(tags=["billing"])
MAX_CSV_BYTES = 2 * 1024 * 1024
CSV_SCHEMA = {"type": "string", "description": "Header row, then one invoice line a row: description, quantity, "
                                               "unit price, currency, period (English or German headers)"}
INVOICE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": request_model_ref(BillingCheckCreate)},
    "text/csv": {"schema": CSV_SCHEMA},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "additionalProperties": False,
                                       "properties": {
        "file": {"type": "string", "format": "binary", "description": "The invoice lines as CSV"},
        "invoice_ref": {"type": "string", "maxLength": 200, "pattern": LINE_PATTERN}}}},
}}}


def _invalid(exc: ValidationError, prefix: tuple[str, ...] = ("body",)) -> RequestValidationError:
    return RequestValidationError([{**e, "loc": (*prefix, *e["loc"])} for e in exc.errors(include_url=False)])


def billing_contract(contract_id: uuid.UUID, session: SessionDep, principal: GeneratorDep) -> Contract:
    """The contract, looked up before the body is read: another customer's or an unknown contract is 404 whatever
    the body holds."""
    return get_contract(session, principal, contract_id)


async def invoice_body(request: Request) -> BillingCheckCreate:
    """Invoice lines as JSON, as a text/csv body (``?invoice_ref=``) or as a CSV file in a multipart upload.
    Read under the body caps before the contract is looked up, so an oversized body is a 413 whatever its URL."""
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media == "application/json":
        try:
            return BillingCheckCreate.model_validate_json(await request.body())
        except ValidationError as exc:
            raise _invalid(exc) from None
    if media in ("text/csv", "text/plain"):
        raw, ref = await request.body(), request.query_params.get("invoice_ref")
    elif media == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        upload, field = form.get("file"), form.get("invoice_ref")
        if not isinstance(upload, UploadFile):
            raise Unprocessable("send the invoice lines as a CSV file in the form field 'file'")
        raw, ref = await upload.read(MAX_CSV_BYTES + 1), field if isinstance(field, str) else None
    else:
        raise UnsupportedMediaType(f"send invoice lines as application/json, text/csv or a multipart CSV upload, "
                                   f"not {media}")
    if len(raw) > MAX_CSV_BYTES:
        raise PayloadTooLarge(f"an invoice CSV may have at most {MAX_CSV_BYTES // 1024 // 1024} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unprocessable("the CSV is not UTF-8 text") from None
    lines = service.parse_csv(text)
    try:
        return BillingCheckCreate(invoice_ref=ref or None, lines=lines)
    except ValidationError as exc:
        raise _invalid(exc) from None


@router.post("/v1/contracts/{contract_id}/billing-checks", status_code=201, response_model=BillingCheckRead,
             openapi_extra=INVOICE_BODY)
def create_billing_check(contract_id: uuid.UUID, response: Response, session: SessionDep,
                         principal: GeneratorDep,
                         # the body first: its size cap answers 413 before anything is looked up
                         body: Annotated[BillingCheckCreate, Depends(invoice_body)],
                         contract: Annotated[Contract, Depends(billing_contract)]) -> BillingCheckRead:
    """Check invoice lines against the contract: each line matched to a contracted price item (wording
    differences allowed; confirmed matches remembered), priced after the latest price review in effect for the
    line's period; price, unknown item, currency, frequency, quantity and minimum-commitment mismatches with
    the contract's evidence. Stored; the report is also a Word document (``/document``)."""
    row = service.run_check(session, principal, contract, body, today=dt.date.today())
    response.headers["Location"] = f"/v1/billing-checks/{row.id}"
    return service.read(row)


@router.get("/v1/contracts/{contract_id}/billing-checks", response_model=list[BillingCheckRead])
def contract_billing_checks(contract_id: uuid.UUID, session: SessionDep,
                            principal: ReaderDep) -> list[BillingCheckRead]:
    """The contract's billing checks, newest first."""
    contract = get_contract(session, principal, contract_id)
    return [service.read(r) for r in service.checks_for(session, contract.id)]


@router.get("/v1/billing-checks/{check_id}", response_model=BillingCheckRead)
def billing_check(check_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> BillingCheckRead:
    """A billing check with every line and mismatch."""
    return service.read(service.get_check(session, principal, check_id))


@router.get("/v1/billing-checks/{check_id}/document", response_class=Response,
            responses={200: {"content": {document.DOCX: {}}}})
def billing_check_document(check_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> Response:
    """The billing check as a Word document."""
    row = service.get_check(session, principal, check_id)
    contract = get_contract(session, principal, row.contract_id)
    body = document.build(title=contract.title or str(contract.id), check=service.read(row).model_dump(mode="json"))
    return Response(body, media_type=document.DOCX, headers={
        "Content-Disposition": content_disposition(f"billing-check-{row.created_at:%Y-%m-%d}-{row.id.hex[:8]}.docx"),
        "X-Content-Type-Options": "nosniff"})


@router.post("/v1/contracts/{contract_id}/billing-matches", status_code=201, response_model=BillingMatchRead,
             responses={200: {"model": BillingMatchRead, "description": "The wording was confirmed before; the "
                                                                        "match now names this item"}})
def confirm_billing_match(contract_id: uuid.UUID, body: BillingMatchCreate, response: Response,
                          session: SessionDep, principal: GeneratorDep) -> BillingMatchRead:
    """Confirm once that an invoice wording means a contracted price item; later checks of this contract use it."""
    contract = get_contract(session, principal, contract_id)
    match, created = service.confirm_match(session, principal, contract, invoice_description=body.invoice_description,
                                           price_item_id=body.price_item_id)
    if not created:
        response.status_code = 200
    return BillingMatchRead.model_validate(match)


@router.get("/v1/contracts/{contract_id}/billing-matches", response_model=list[BillingMatchRead])
def billing_matches(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> list[BillingMatchRead]:
    """The invoice wordings confirmed for this contract."""
    contract = get_contract(session, principal, contract_id)
    return [BillingMatchRead.model_validate(m) for m in service.matches_for(session, contract.id)]

