"""What every workbench page shares: the Jinja environment, the page CSP, the signed-in person and CSRF.

Authorisation is the API's: a session resolves to the same ``Principal`` an API key does, pages require the
same role sets (``READ.roles``, ``MANAGE.roles``... from docsvc/deps.py) and call the same services, so a
customer-limited person gets the same 404 for another customer's contract as their key would.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ParamSpec

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from docsvc.auth.service import Principal
from docsvc.deps import SessionDep
from docsvc.errors import DomainError, Forbidden
from docsvc.models import Role
from docsvc.ui.i18n import pick_language, translator
from docsvc.users import sessions
from docsvc.users.sessions import Resolved

COOKIE = "docsvc_session"
PRE_COOKIE = "docsvc_signin"  # double-submit CSRF token of the sign-in form (there is no session yet)
PREFIX = "/ui"
# Scripts, styles and images from this server only; no inline script or style attribute anywhere.
UI_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HERE = Path(__file__).parent
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)


class SignInRequired(Exception):
    """Raised by ``Ui.require``: the page answers with a redirect to the sign-in form."""


class FormExpired(Exception):
    """A POST without the session's CSRF token."""


@dataclass
class Ui:
    request: Request
    db: Session
    resolved: Resolved | None
    language: str
    t: dict[str, str] = field(default_factory=dict)

    @property
    def principal(self) -> Principal:
        if self.resolved is None:
            raise SignInRequired
        return self.resolved.principal

    def require(self, roles: frozenset[Role]) -> Principal:
        """The signed-in principal if its role is one of ``roles`` (the set an API route's Allow has)."""
        principal = self.principal
        if principal.role not in roles:
            raise Forbidden(self.t["forbidden"])
        return principal

    def can(self, roles: frozenset[Role]) -> bool:
        return self.resolved is not None and self.resolved.principal.role in roles

    def check_csrf(self, token: str | None) -> None:
        if self.resolved is None:
            raise SignInRequired
        if not token or not hmac.compare_digest(token, self.resolved.row.csrf_token):
            raise FormExpired

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = ENV.get_template(template).render(
            t=self.t, lang=self.language, ui=self, principal=self.resolved.principal if self.resolved else None,
            csrf=self.resolved.row.csrf_token if self.resolved else "", path=self.request.url.path, **values)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": UI_CSP})


def current(request: Request, db: SessionDep) -> Ui:
    settings = request.app.state.runtime.settings
    resolved = sessions.resolve(db, settings, request.cookies.get(COOKIE))
    language = pick_language(resolved.language if resolved else None, request.headers.get("accept-language"))
    return Ui(request, db, resolved, language, translator(language))


UiDep = Annotated[Ui, Depends(current)]
P = ParamSpec("P")


def page(endpoint: Callable[P, Response]) -> Callable[P, Response]:
    """Turns what a page's services raise into pages: no JSON problem and never a traceback in the browser."""

    @functools.wraps(endpoint)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        ui = kwargs.get("ui")
        assert isinstance(ui, Ui)
        try:
            return endpoint(*args, **kwargs)
        except SignInRequired:
            return RedirectResponse(f"{PREFIX}/sign-in", status_code=303)
        except FormExpired:
            ui.db.rollback()
            return error_page(ui, 400, ui.t["form_expired"])
        except DomainError as exc:
            ui.db.rollback()  # nothing half-done of a refused action is committed
            if exc.status in (403, 404):
                return error_page(ui, exc.status, ui.t["forbidden" if exc.status == 403 else "not_found"])
            # The service's detail is English; a sentence in the page's language says what kind of refusal it is.
            return error_page(ui, exc.status, ui.t.get(f"status_{exc.status}", ui.t["error"]), detail=exc.detail)

    return wrapper


def error_page(ui: Ui, status: int, message: str, detail: str | None = None) -> HTMLResponse:
    return ui.render("error.html", status=status, message=message, detail=detail)


def cookie_secure(request: Request) -> bool:
    return request.url.scheme == "https"
