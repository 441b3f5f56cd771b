"""Settings for admins: users and API keys (the same services as ``docsvc users`` and /v1/keys)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse, Response

from docsvc.auth import service as keys
from docsvc.deps import ADMIN, PUBLIC
from docsvc.errors import Unprocessable
from docsvc.models import Customer, Role
from docsvc.ui.settings_i18n import settings_texts
from docsvc.ui.web import PREFIX, Ui, UiDep, page
from docsvc.users import service as users

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise Unprocessable("unknown role") from None


def _customer(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        raise Unprocessable("customer must be a customer id") from None


@router.get("/settings/users")
@page
def user_list(ui: UiDep) -> Response:
    principal = ui.require(ADMIN.roles)
    ui.t = {**ui.t, **settings_texts(ui.language)}  # the "Edit" link's text lives with the settings screens
    rows = users.list_users(ui.db, limit=principal.customer_id)
    customers = {c.id: c.name for c in ui.db.query(Customer).all()
                 if principal.customer_id is None or c.id == principal.customer_id}
    return ui.render("users.html", rows=rows, roles=[r.value for r in Role], customers=customers)


@router.post("/settings/users")
@page
def create_user(ui: UiDep, email: Annotated[str, Form(max_length=254)],
                display_name: Annotated[str, Form(max_length=200)], role: Annotated[str, Form(max_length=20)],
                password: Annotated[str, Form(max_length=1024)], customer: Annotated[str, Form(max_length=40)] = "",
                language: Annotated[str, Form(max_length=2)] = "", csrf: Annotated[str, Form(max_length=100)] = "",
                ) -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    # A customer-limited admin creates only people limited to that same customer (as with keys).
    limit = keys.within_limit(ui.db, principal, _customer(customer))
    users.create_user(ui.db, email=email, display_name=display_name, role=_role(role), password=password,
                      actor=principal.actor, customer_id=limit, language=language or None)
    return RedirectResponse(f"{PREFIX}/settings/users", status_code=303)


@router.post("/settings/users/{user_id}/disable")
@page
def disable_user(ui: UiDep, user_id: uuid.UUID, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    users.disable_user(ui.db, users.get_user(ui.db, user_id, limit=principal.customer_id), actor=principal.actor)
    return RedirectResponse(f"{PREFIX}/settings/users", status_code=303)


@router.get("/settings/keys")
@page
def key_list(ui: UiDep) -> Response:
    principal = ui.require(ADMIN.roles)
    return _keys_page(ui, principal.customer_id, None)


def _keys_page(ui: Ui, limit: uuid.UUID | None, new_key: str | None) -> Response:
    # Users' identity rows (docsvc/models/users.py) are not keys anyone holds: not listed here.
    rows = [k for k in keys.list_keys(ui.db, limit=limit) if not users.is_identity_prefix(k.prefix)]
    customers = {c.id: c.name for c in ui.db.query(Customer).all() if limit is None or c.id == limit}
    return ui.render("keys.html", rows=rows, roles=[r.value for r in Role], customers=customers, new_key=new_key)


@router.post("/settings/keys")
@page
def create_key(ui: UiDep, name: Annotated[str, Form(max_length=200)], role: Annotated[str, Form(max_length=20)],
               customer: Annotated[str, Form(max_length=40)] = "",
               csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    _, plaintext = keys.create_key(ui.db, name=name, role=_role(role), actor=principal.actor,
                                   customer_id=keys.within_limit(ui.db, principal, _customer(customer)))
    return _keys_page(ui, principal.customer_id, plaintext)


@router.post("/settings/keys/{key_id}/revoke")
@page
def revoke_key(ui: UiDep, key_id: uuid.UUID, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    ui.check_csrf(csrf)
    principal = ui.require(ADMIN.roles)
    keys.revoke_key(ui.db, key_id=key_id, actor=principal.actor, limit=principal.customer_id)
    return RedirectResponse(f"{PREFIX}/settings/keys", status_code=303)


