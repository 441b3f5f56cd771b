"""Changing a user: display name, role, customer limit, language, password, enabled or disabled.

Every change is audited under the acting person (``Principal.actor``: a person's display name and e-mail, a
key's name, or "cli") with the values before and after; a password never appears in the audit, only the fact
that it was reset. Role and customer changes take effect at the user's next request: sessions resolve the
user afresh each time (docsvc/users/sessions.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.errors import NotFound, PreconditionFailed, Unprocessable
from docsvc.models import ApiKey, Customer, Role
from docsvc.models.base import utcnow
from docsvc.models.users import User, UserSession
from docsvc.preconditions import strong_tags
from docsvc.users.passwords import check_strength, hash_password
from docsvc.users.service import LANGUAGES


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True, slots=True)
class UserChanges:
    """What to change; a field left ``UNSET`` stays as it is (``None`` for customer and language is a value:
    no customer limit, the browser's language)."""

    display_name: str | Any = UNSET
    role: Role | Any = UNSET
    customer_id: uuid.UUID | None | Any = UNSET
    language: str | None | Any = UNSET
    disabled: bool | Any = UNSET


def etag(user: User) -> str:
    return f'"user-{user.id.hex}-{user.revision}"'


def claim(session: Session, user: User, if_match: str | None) -> User:
    """Bump the user's revision in one compare-and-set statement, first thing in the change: with ``if_match``
    only if it still names the current revision (of several admins holding one ETag exactly one passes; 412 for
    the others), without it unconditionally (last write wins). The row is re-read, so what the change starts
    from ("before" in the audit) is what it really replaces."""
    statement = update(User).where(User.id == user.id)
    tags = strong_tags(if_match) if if_match is not None else None
    if tags is not None:
        prefix = f'"user-{user.id.hex}-'
        numbers = [t[len(prefix):-1] for t in tags if t.startswith(prefix) and t.endswith('"')]
        statement = statement.where(User.revision.in_([int(n) for n in numbers
                                                       if n.isascii() and n.isdigit() and len(n) < 10]))
    claimed = session.execute(statement.values(revision=User.revision + 1).returning(User.revision)
                              .execution_options(synchronize_session=False)).scalar()
    session.refresh(user)
    if claimed is None:
        raise PreconditionFailed(f"{user.email} was changed by someone else since you read it; read it again",
                                 headers={"ETag": etag(user)})
    return user


def update_user(session: Session, user: User, changes: UserChanges, *, actor: str,
                limit: uuid.UUID | None = None, if_match: str | None = None) -> User:
    """Apply ``changes``; ``limit`` is the acting admin's own customer limit (they may not widen a user past it);
    ``if_match`` the ETag the change was made against (412 when the user changed since)."""
    claim(session, user, if_match)
    before = _snapshot(user)
    if changes.display_name is not UNSET:
        name = " ".join(str(changes.display_name).split())
        if not name or len(name) > 200:
            raise Unprocessable("give a display name of 1 to 200 characters")
        user.display_name = name
    if changes.role is not UNSET:
        user.role = Role(changes.role).value
    if changes.customer_id is not UNSET:
        customer_id = changes.customer_id
        if limit is not None and customer_id != limit:
            raise NotFound(f"no customer {customer_id}; you can only limit users to your own customer")
        if customer_id is not None and session.get(Customer, customer_id) is None:
            raise NotFound(f"no customer {customer_id}; a user can only be limited to an existing customer")
        user.customer_id = customer_id
    if changes.language is not UNSET:
        if changes.language is not None and changes.language not in LANGUAGES:
            raise Unprocessable(f"language must be one of {', '.join(LANGUAGES)}")
        user.language = changes.language
    if changes.disabled is not UNSET:
        _set_disabled(session, user, bool(changes.disabled))
    _sync_identity(session, user)
    after = _snapshot(user)
    changed = {key: {"before": before[key], "after": after[key]} for key in after if before[key] != after[key]}
    if changed:
        record_audit(session, actor=actor, action="user.update", entity_type="user", entity_id=user.id,
                     details={"email": user.email, "changes": changed})
    session.flush()
    return user


def reset_password(session: Session, user: User, password: str, *, actor: str, if_match: str | None = None) -> User:
    """Set a new password; the user's signed-in browsers are signed out (whoever knew the old one is out too)."""
    if (weak := check_strength(password)) is not None:
        raise Unprocessable(weak)
    claim(session, user, if_match)
    user.password_hash = hash_password(password)
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    record_audit(session, actor=actor, action="user.password_reset", entity_type="user", entity_id=user.id,
                 details={"email": user.email})
    session.flush()
    return user


def _set_disabled(session: Session, user: User, disabled: bool) -> None:
    if disabled and user.disabled_at is None:
        user.disabled_at = utcnow()
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    elif not disabled:
        user.disabled_at = None


def _sync_identity(session: Session, user: User) -> None:
    # The identity row carries role and customer like a key does (docsvc/models/users.py): keep them equal, so
    # nothing that reads the key row sees a user's old role or customer.
    identity = session.get(ApiKey, user.api_key_id)
    if identity is not None:
        identity.role, identity.customer_id = user.role, user.customer_id
        identity.name = f"user: {user.display_name}"[:200]


def _snapshot(user: User) -> dict[str, Any]:
    return {"display_name": user.display_name, "role": user.role,
            "customer_id": str(user.customer_id) if user.customer_id else None, "language": user.language,
            "disabled": user.disabled_at is not None}
