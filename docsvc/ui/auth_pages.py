"""Sign-in (e-mail + password, or the bootstrap admin API key), sign-out."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from docsvc.auth.limiter import FailedAuthLimiter
from docsvc.auth.service import authenticate
from docsvc.deps import PUBLIC, READ
from docsvc.errors import DomainError, Unprocessable
from docsvc.models import ApiKey, Role
from docsvc.ui.web import COOKIE, PRE_COOKIE, PREFIX, Ui, UiDep, cookie_secure, page
from docsvc.users import service as users
from docsvc.users import sessions

# PUBLIC for the API's role-rule walk: these pages authenticate by session cookie, not by API key.
router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])


def limiter(request: Request) -> FailedAuthLimiter:
    """Per process, like the API's (docsvc/auth/limiter.py); counted per address and per e-mail."""
    found: FailedAuthLimiter | None = getattr(request.app.state, "ui_sign_in_limiter", None)
    if found is None:
        per_minute = request.app.state.runtime.settings.ui_sign_in_failures_per_minute
        found = request.app.state.ui_sign_in_limiter = FailedAuthLimiter(per_minute)
    return found


@router.get("")
def root() -> Response:
    return RedirectResponse(f"{PREFIX}/", status_code=307)


@router.get("/sign-in")
def sign_in_form(ui: UiDep) -> Response:
    if ui.resolved is not None:
        return RedirectResponse(f"{PREFIX}/", status_code=303)
    return _form(ui, 200, "")


def _form(ui: Ui, status: int, message: str, email: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = ui.render("sign_in.html", status=status, message=message, email=email, signin_token=token)
    response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict", secure=cookie_secure(ui.request),
                        path=f"{PREFIX}/sign-in")
    return response


@router.post("/sign-in")
def sign_in(ui: UiDep, email: Annotated[str, Form(max_length=254)] = "",
            password: Annotated[str, Form(max_length=1024)] = "",
            api_key: Annotated[str, Form(max_length=200)] = "",
            csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    request = ui.request
    expected = request.cookies.get(PRE_COOKIE, "")
    if not csrf or not expected or not hmac.compare_digest(csrf, expected):
        return _form(ui, 400, ui.t["form_expired"], email)
    address = request.client.host if request.client else ""
    who = "email:" + users.normalise_email(email)
    throttle = limiter(request)
    wait = max(throttle.retry_after(address) or 0, throttle.retry_after(who) or 0)
    if wait:
        response = _form(ui, 429, ui.t["throttled"].format(seconds=wait), email)
        response.headers["Retry-After"] = str(wait)
        return response
    settings = request.app.state.runtime.settings
    token: str | None = None
    if api_key.strip():
        key = _admin_key(ui, api_key.strip())
        if key is not None:
            token = sessions.start(ui.db, settings, key=key)
    elif email and password:
        user = users.check_password(ui.db, email, password)
        if user is not None:
            token = sessions.start(ui.db, settings, user=user)
    if token is None:
        throttle.failed(address)
        if email:
            throttle.failed(who)
        return _form(ui, 401, ui.t["bad_sign_in"], email)
    response = RedirectResponse(f"{PREFIX}/", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=cookie_secure(request), path=PREFIX)
    response.delete_cookie(PRE_COOKIE, path=f"{PREFIX}/sign-in")
    return response


def _admin_key(ui: Ui, plaintext: str) -> ApiKey | None:
    """The bootstrap: only an admin key opens the workbench (people get user accounts, systems keep keys)."""
    try:
        principal = authenticate(ui.db, f"Bearer {plaintext}")
    except DomainError:
        return None
    return ui.db.get(ApiKey, principal.key_id) if principal.role == Role.ADMIN else None


@router.post("/sign-out")
def sign_out(ui: UiDep, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    if ui.resolved is not None and csrf == ui.resolved.row.csrf_token:
        sessions.end(ui.db, ui.request.cookies.get(COOKIE))
    response = RedirectResponse(f"{PREFIX}/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response


@router.post("/language")
@page
def set_language(ui: UiDep, language: Annotated[str, Form(max_length=2)] = "",
                 csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """A person's own UI language ("" = the browser's); key sessions have no account to keep it in."""
    ui.check_csrf(csrf)
    ui.require(READ.roles)
    if language not in ("", *users.LANGUAGES):
        raise Unprocessable("unknown language")
    if ui.resolved is not None and ui.resolved.user is not None:
        ui.resolved.user.language = language or None
    return RedirectResponse(f"{PREFIX}/", status_code=303)
