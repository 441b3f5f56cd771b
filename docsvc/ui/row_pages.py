"""Row review on the contract view: accept / correct / reject a row, accept a whole table, add a missed row and
mark the contract reviewed. Every form goes through docsvc/review/service.py with the ETag the page was
rendered with; these routes only turn form fields into the service's inputs and its answers into redirects."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from docsvc.auth.service import Principal
from docsvc.deps import MANAGE, PUBLIC
from docsvc.errors import NotFound, PreconditionFailed, Unprocessable
from docsvc.models import ReviewState
from docsvc.review import service
from docsvc.review.kinds import KINDS, Kind
from docsvc.review.schemas import BulkReview, EvidenceIn, ReviewStatusIn, RowReview
from docsvc.ui.web import PREFIX, UiDep, page

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])
# The contract view's section names and the review API's collection names.
SECTION_KINDS = {"parties": "parties", "sla": "sla", "credits": "service-credits", "prices": "price-items",
                 "scope": "scope-items"}
LIST_FIELDS = ("exclusions", "sites")  # one entry per line in a textarea
Etag = Annotated[str, Form(max_length=100)]


async def _form(request: Request) -> dict[str, str]:
    # The field names differ per table, so the form is read whole; the pages stay sync under ``page``.
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


FormDep = Annotated[dict[str, str], Depends(_form)]
Csrf = Annotated[str, Form(max_length=100)]


def review_tables(db: Session, principal: Principal, contract_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """Per section: each row as the API reads it, plus its fields as form text (for the inline correct form)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for section, name in SECTION_KINDS.items():
        kind = KINDS[name]
        tables[section] = [{"read": kind.read.model_validate(row), "form": _as_text(kind.current(row))}
                           for row in service.list_rows(db, principal, kind, contract_id, include_rejected=True)]
    return tables


def field_names(section: str) -> list[str]:
    return list(KINDS[SECTION_KINDS[section]].schema.model_fields)


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name, value in values.items():
        if value is None:
            out[name] = ""
        elif isinstance(value, list):
            out[name] = "\n".join(str(v) for v in value)
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = str(getattr(value, "value", value))
    return out


def _values(kind: Kind, form: Any) -> dict[str, Any]:
    """The row's fields from ``f.<name>`` inputs: an empty input is "no value" (the schema says if one is
    needed), list fields are one entry per line, the rest is validated (and typed) by the service's schema."""
    values: dict[str, Any] = {}
    for name in kind.schema.model_fields:
        raw = form.get(f"f.{name}")
        if not isinstance(raw, str):
            continue
        text = raw.strip()
        if name in LIST_FIELDS:
            values[name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif text:
            values[name] = text
        else:
            values[name] = None
    return values


def _kind(section: str) -> Kind:
    if section not in SECTION_KINDS:
        raise NotFound(f"no table {section}")
    return KINDS[SECTION_KINDS[section]]


def _back(contract_id: uuid.UUID, anchor: str, msg: str, error: str = "") -> RedirectResponse:
    query = {"msg": msg, **({"err": error[:500], "at": anchor} if error else {})}
    return RedirectResponse(f"{PREFIX}/contracts/{contract_id}?{urlencode(query)}#{anchor}", status_code=303)


def _run(ui: Any, contract_id: uuid.UUID, anchor: str, action: Any) -> RedirectResponse:
    """Runs a review action: 412 → the "someone else changed it" message, 422 → the message (naming the
    field) next to the form it came from."""
    try:
        action()
    except PreconditionFailed:
        ui.db.rollback()
        return _back(contract_id, anchor, "conflict")
    except Unprocessable as exc:
        ui.db.rollback()
        return _back(contract_id, anchor, "invalid", exc.detail)
    except ValidationError as exc:  # the form's own inputs (evidence page/box) before the service
        ui.db.rollback()
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        return _back(contract_id, anchor, "invalid", detail)
    return _back(contract_id, anchor, "saved")


@router.post("/contracts/{contract_id}/rows/{section}/{row_id}")
@page
def review_row(ui: UiDep, form: FormDep, contract_id: uuid.UUID, section: str, row_id: uuid.UUID) -> Response:
    ui.check_csrf(_text(form, "csrf"))
    principal = ui.require(MANAGE.roles)
    kind = _kind(section)
    action = _text(form, "action")
    if action not in ("accept", "correct", "reject"):
        raise Unprocessable("unknown review action")
    anchor = f"row-{section}-{row_id}"

    def act() -> None:
        value = _values(kind, form) if action == "correct" else None
        review = RowReview(action=action, value=value, comment=_text(form, "comment") or None)
        service.review_row(ui.db, principal, kind, contract_id, row_id, review, _text(form, "etag"))

    return _run(ui, contract_id, anchor, act)


@router.post("/contracts/{contract_id}/rows/{section}")
@page
def add_row(ui: UiDep, form: FormDep, contract_id: uuid.UUID, section: str) -> Response:
    ui.check_csrf(_text(form, "csrf"))
    principal = ui.require(MANAGE.roles)
    kind = _kind(section)

    def act() -> None:
        bbox = [part for part in _text(form, "bbox").replace(",", " ").split() if part]
        evidence = EvidenceIn.model_validate({
            "document_id": _text(form, "document_id") or None, "page": _text(form, "page") or None,
            "bbox": bbox or None, "paragraph": _text(form, "paragraph") or None, "text": _text(form, "quote")})
        service.add_row(ui.db, principal, kind, contract_id, _values(kind, form),
                        evidence.model_dump(mode="json", exclude_none=True), _text(form, "comment") or None,
                        _text(form, "etag"))

    return _run(ui, contract_id, f"add-{section}", act)


@router.post("/contracts/{contract_id}/tables/{section}/accept")
@page
def accept_table(ui: UiDep, contract_id: uuid.UUID, section: str, etag: Etag, csrf: Csrf = "") -> Response:
    """Accepts the rows still pending (the ones nobody has looked at), not rows already rejected or corrected."""
    ui.check_csrf(csrf)
    principal = ui.require(MANAGE.roles)
    kind = _kind(section)
    rows = service.list_rows(ui.db, principal, kind, contract_id, include_rejected=False)
    pending = [row.id for row in rows if row.review_state == ReviewState.PENDING.value]
    if not pending:
        return _back(contract_id, f"sec-{section}", "nothing_pending")

    def act() -> None:
        service.review_rows(ui.db, principal, kind, contract_id, BulkReview(action="accept", ids=pending), etag)

    return _run(ui, contract_id, f"sec-{section}", act)


@router.post("/contracts/{contract_id}/review-status")
@page
def mark_reviewed(ui: UiDep, contract_id: uuid.UUID, etag: Etag, csrf: Csrf = "",
                  status: Annotated[str, Form(max_length=20)] = "reviewed") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(MANAGE.roles)

    def act() -> None:
        body = ReviewStatusIn.model_validate({"status": status})
        service.set_review_status(ui.db, principal, contract_id, body, etag)

    return _run(ui, contract_id, "review-status", act)


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value[:10_000] if isinstance(value, str) else ""
