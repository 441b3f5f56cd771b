"""Settings screens: the organisation (letterhead, logo, signatory, formats), editing a user, customer addresses.

The same services as ``/v1/settings/organisation``, ``/v1/users`` and ``/v1/customers/{id}/address``; the
organisation form carries the ETag it was read at, so a concurrent change is reported, not overwritten.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from docsvc.customers import service as customers
from docsvc.customers.schemas import CustomerAddress
from docsvc.deps import ADMIN, MANAGE, PUBLIC
from docsvc.errors import PreconditionFailed, Unprocessable
from docsvc.generate.formats import NUMBER_STYLES
from docsvc.models import Customer, Role
from docsvc.models.users import User
from docsvc.organisation import service as organisation
from docsvc.organisation.logo import MAX_LOGO_BYTES
from docsvc.organisation.schemas import OrganisationWrite
from docsvc.ui.settings_i18n import settings_texts
from docsvc.ui.web import ENV, PREFIX, Ui, UiDep, page
from docsvc.users import service as users
from docsvc.users.editing import UserChanges, reset_password, update_user

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])
Csrf = Annotated[str, Form(max_length=100)]
LOCALES = {"en": "en_GB", "de": "de_DE"}
EXAMPLE_DAY = dt.date(2026, 12, 6)
# The settings sub-navigation is on the users and keys pages too (docsvc/ui/admin_pages.py), which do not merge
# these texts into ``t``: the template asks for them itself.
ENV.globals["settings_texts"] = settings_texts


def _texts(ui: Ui) -> None:
    ui.t = {**ui.t, **settings_texts(ui.language)}


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _problem(exc: ValidationError) -> Unprocessable:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return Unprocessable(f"{where}: {first['msg']}")


def _organisation_page(ui: Ui, *, message: str | None = None, status: int = 200) -> Response:
    _texts(ui)
    settings = ui.request.app.state.runtime.settings
    current = organisation.read(ui.db, settings)
    examples = {}
    for language in ("en", "de"):
        chosen = getattr(current.formats, language)
        try:
            examples[language] = format_date(EXAMPLE_DAY, chosen.date, locale=LOCALES[language])
        except (ValueError, KeyError):
            examples[language] = ""
    return ui.render("organisation.html", status=status, current=current, etag=organisation.etag(current),
                     number_styles=list(NUMBER_STYLES), examples=examples, message=message,
                     saved=ui.request.query_params.get("saved") == "1")


@router.get("/settings/organisation")
@page
def organisation_form(ui: UiDep) -> Response:
    ui.require(ADMIN.roles)
    return _organisation_page(ui)


@router.post("/settings/organisation")
@page
def save_organisation(
    ui: UiDep, etag: Annotated[str, Form(max_length=100)], name: Annotated[str, Form(max_length=300)] = "",
    address: Annotated[str, Form(max_length=4000)] = "", signatory: Annotated[str, Form(max_length=200)] = "",
    date_en: Annotated[str, Form(max_length=40)] = "", number_en: Annotated[str, Form(max_length=20)] = "",
    date_de: Annotated[str, Form(max_length=40)] = "", number_de: Annotated[str, Form(max_length=20)] = "",
    csrf: Csrf = "",
) -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    try:
        body = OrganisationWrite.model_validate({
            "name": name or None, "address_lines": _lines(address), "signatory": signatory or None,
            "formats": {"en": {"date": date_en, "number": number_en}, "de": {"date": date_de, "number": number_de}}})
    except ValidationError as exc:
        raise _problem(exc) from None
    try:
        organisation.replace(ui.db, ui.request.app.state.runtime.settings, body, actor=principal.actor,
                             if_match=etag)
    except PreconditionFailed:
        ui.db.rollback()
        _texts(ui)
        return _organisation_page(ui, message=ui.t["changed_meanwhile"], status=409)
    return RedirectResponse(f"{PREFIX}/settings/organisation?saved=1", status_code=303)


@router.get("/settings/organisation/logo")
@page
def organisation_logo(ui: UiDep) -> Response:
    ui.require(ADMIN.roles)
    data, media_type = organisation.logo(ui.db)
    return Response(data, media_type=media_type, headers={"Cache-Control": "no-store"})


@router.post("/settings/organisation/logo")
@page
def upload_logo(ui: UiDep, etag: Annotated[str, Form(max_length=100)], file: Annotated[UploadFile, File()],
                csrf: Csrf = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    data = file.file.read(MAX_LOGO_BYTES + 1)  # one byte over is enough to refuse it
    try:
        organisation.set_logo(ui.db, ui.request.app.state.runtime.settings, data, actor=principal.actor,
                              if_match=etag)
    except PreconditionFailed:
        ui.db.rollback()
        _texts(ui)
        return _organisation_page(ui, message=ui.t["changed_meanwhile"], status=409)
    return RedirectResponse(f"{PREFIX}/settings/organisation?saved=1", status_code=303)


@router.post("/settings/organisation/logo/remove")
@page
def remove_logo(ui: UiDep, etag: Annotated[str, Form(max_length=100)], csrf: Csrf = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    try:
        organisation.remove_logo(ui.db, ui.request.app.state.runtime.settings, actor=principal.actor,
                                 if_match=etag)
    except PreconditionFailed:
        ui.db.rollback()
        _texts(ui)
        return _organisation_page(ui, message=ui.t["changed_meanwhile"], status=409)
    return RedirectResponse(f"{PREFIX}/settings/organisation?saved=1", status_code=303)


def _customers(ui: Ui, limit: uuid.UUID | None) -> dict[uuid.UUID, str]:
    return {c.id: c.name for c in ui.db.query(Customer).order_by(Customer.name).all()
            if limit is None or c.id == limit}


@router.get("/settings/users/{user_id}")
@page
def user_form(ui: UiDep, user_id: uuid.UUID) -> Response:
    principal = ui.require(ADMIN.roles)
    _texts(ui)
    user = users.get_user(ui.db, user_id, limit=principal.customer_id)
    return ui.render("user_edit.html", user=user, roles=[r.value for r in Role],
                     customers=_customers(ui, principal.customer_id), saved=ui.request.query_params.get("saved") == "1")


@router.post("/settings/users/{user_id}")
@page
def save_user(
    ui: UiDep, user_id: uuid.UUID, display_name: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=20)], customer: Annotated[str, Form(max_length=40)] = "",
    language: Annotated[str, Form(max_length=2)] = "", revision: Annotated[str, Form(max_length=12)] = "",
    csrf: Csrf = "",
) -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    user = users.get_user(ui.db, user_id, limit=principal.customer_id)
    try:
        new_role = Role(role)
        customer_id = uuid.UUID(customer) if customer else None
    except ValueError:
        raise Unprocessable("unknown role or customer") from None
    if principal.customer_id is not None and customer_id is None:
        customer_id = principal.customer_id  # a customer-limited admin never widens a user (as with keys)
    update_user(ui.db, user, UserChanges(display_name=display_name, role=new_role, customer_id=customer_id,
                                         language=language or None), actor=principal.actor,
                limit=principal.customer_id, if_match=_form_etag(user, revision))
    return RedirectResponse(f"{PREFIX}/settings/users/{user_id}?saved=1", status_code=303)


def _form_etag(user: User, revision: str) -> str | None:
    """The form's hidden revision as an ETag: a save made on a page read before someone else's change is refused
    (412, shown on the page) instead of silently undoing that change."""
    return f'"user-{user.id.hex}-{revision}"' if revision.isdigit() else None


@router.post("/settings/users/{user_id}/password")
@page
def user_password(ui: UiDep, user_id: uuid.UUID, password: Annotated[str, Form(max_length=1024)],
                  csrf: Csrf = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    user = users.get_user(ui.db, user_id, limit=principal.customer_id)
    reset_password(ui.db, user, password, actor=principal.actor)
    return RedirectResponse(f"{PREFIX}/settings/users/{user_id}?saved=1", status_code=303)


@router.post("/settings/users/{user_id}/enable")
@page
def enable_user(ui: UiDep, user_id: uuid.UUID, csrf: Csrf = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    user = users.get_user(ui.db, user_id, limit=principal.customer_id)
    update_user(ui.db, user, UserChanges(disabled=False), actor=principal.actor, limit=principal.customer_id)
    return RedirectResponse(f"{PREFIX}/settings/users", status_code=303)


@router.get("/settings/customers")
@page
def customer_addresses(ui: UiDep) -> Response:
    principal = ui.require(MANAGE.roles)
    _texts(ui)
    rows: list[Any] = [c for c in ui.db.query(Customer).order_by(Customer.name).all()
                       if principal.customer_id is None or c.id == principal.customer_id]
    return ui.render("customer_addresses.html", rows=rows, saved=ui.request.query_params.get("saved"))


@router.post("/settings/customers/{customer_id}/address")
@page
def save_customer_address(ui: UiDep, customer_id: uuid.UUID, address: Annotated[str, Form(max_length=4000)] = "",
                          csrf: Csrf = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(MANAGE.roles)
    try:  # the API's own validation: at most 8 lines of 200 characters, no control characters
        body = CustomerAddress.model_validate({"address_lines": _lines(address)})
    except ValidationError as exc:
        raise _problem(exc) from None
    customers.set_address(ui.db, principal, customer_id, body.address_lines)
    return RedirectResponse(f"{PREFIX}/settings/customers?saved={customer_id}#c-{customer_id}", status_code=303)
