"""Who owns and who sees a template.

Shared templates (``customer_id`` None) are used by every customer and changed only by keys not limited to a
customer. A key limited to a customer uploads that customer's own templates: only that customer lists, reads,
downloads and generates with them (others get 404, as for any record of another customer), and for that
customer its own template of a name wins over the shared one of the same name. Template metadata names its
author (an API key's name and id) only to the same customer and to unlimited keys.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from docsvc.auth.service import Principal
from docsvc.errors import NotFound
from docsvc.models import Customer, TemplateVersion
from docsvc.models.tenancy import owner_key
from docsvc.templates_store import repository as repo


@dataclass(frozen=True, slots=True)
class View:
    """The templates a caller works with: the shared ones plus those of ``customer_id`` (when set). ``everyone``:
    an unlimited key that named no customer, which lists every customer's templates too."""

    customer_id: uuid.UUID | None
    everyone: bool = False

    @property
    def owners(self) -> list[str] | None:
        if self.everyone:
            return None
        return [""] + ([owner_key(self.customer_id)] if self.customer_id else [])

    def owner_of(self, session: Session, name: str) -> str:
        """The owner whose versions of ``name`` this view addresses: the customer's own, else the shared."""
        if self.customer_id is not None:
            own = owner_key(self.customer_id)
            if repo.latest(session, name, own) is not None:
                return own
        return ""


def view_of(session: Session, principal: Principal, customer_id: uuid.UUID | None) -> View:
    """The view of ``principal``, optionally narrowed by an unlimited key to ``customer_id``."""
    if principal.customer_id is not None:
        if customer_id is not None and customer_id != principal.customer_id:
            raise NotFound(f"no customer {customer_id}")
        return View(principal.customer_id)
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise NotFound(f"no customer {customer_id}")
    return View(customer_id, everyone=customer_id is None)


def shows_author(principal: Principal, row: TemplateVersion) -> bool:
    return principal.customer_id is None or row.builtin or row.customer_id == principal.customer_id
