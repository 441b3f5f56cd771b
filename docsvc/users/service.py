"""Creating, listing and disabling users, and checking their passwords.

A user acts through the same ``Principal`` as an API key (``UserPrincipal``), so every service call and every
role/customer rule is the one the REST API applies.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.keys import NewKey, hash_key
from docsvc.auth.service import Principal
from docsvc.errors import Conflict, NotFound, Unprocessable
from docsvc.models import ApiKey, Customer, Role
from docsvc.models.base import utcnow
from docsvc.models.users import User, UserSession
from docsvc.users.passwords import check_strength, hash_password, verify_password

LANGUAGES = ("en", "de")
IDENTITY_PREFIX = "u"  # never a hex digit: API keys' prefixes are 10 hex digits


@dataclass(frozen=True, slots=True)
class UserPrincipal(Principal):
    """A person. ``key_id`` is the user's identity row in api_keys; the audit names the person."""

    email: str = ""

    @property
    def actor(self) -> str:
        return f"{self.name} <{self.email}>"


def principal_of(user: User) -> UserPrincipal:
    return UserPrincipal(user.api_key_id, user.display_name, Role(user.role), user.customer_id, user.email)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session, *, email: str, display_name: str, role: Role, password: str, actor: str,
    customer_id: uuid.UUID | None = None, language: str | None = None,
) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise Unprocessable("give a valid e-mail address")
    if not display_name.strip() or len(display_name) > 200:
        raise Unprocessable("give a display name of 1 to 200 characters")
    if (weak := check_strength(password)) is not None:
        raise Unprocessable(weak)
    if language is not None and language not in LANGUAGES:
        raise Unprocessable(f"language must be one of {', '.join(LANGUAGES)}")
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise NotFound(f"no customer {customer_id}; a user can only be limited to an existing customer")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"a user with the e-mail {email} already exists")
    identity = _identity_key(session, display_name, role, customer_id)
    user = User(email=email, display_name=display_name.strip(), role=role.value, customer_id=customer_id,
                language=language, password_hash=hash_password(password), api_key_id=identity.id)
    session.add(user)
    session.flush()
    record_audit(session, actor=actor, action="user.create", entity_type="user", entity_id=user.id,
                 details={"email": email, "role": role.value,
                          "customer_id": str(customer_id) if customer_id else None})
    return user


def _identity_key(session: Session, display_name: str, role: Role, customer_id: uuid.UUID | None) -> ApiKey:
    # Not in the dsk_ format and revoked at once: it can never authenticate (see models.users.User).
    key = NewKey(prefix=IDENTITY_PREFIX + secrets.token_hex(5), secret_hash=hash_key(secrets.token_urlsafe(32)),
                 plaintext="")
    row = ApiKey(prefix=key.prefix, secret_hash=key.secret_hash, name=f"user: {display_name.strip()}"[:200],
                 role=role.value, customer_id=customer_id, revoked_at=utcnow())
    session.add(row)
    session.flush()
    return row


def is_identity_prefix(prefix: str) -> bool:
    return prefix.startswith(IDENTITY_PREFIX)


def list_users(session: Session, *, limit: uuid.UUID | None = None) -> Sequence[User]:
    query = select(User).order_by(User.created_at)
    if limit is not None:
        query = query.where(User.customer_id == limit)
    return session.scalars(query).all()


def get_user(session: Session, user_id: uuid.UUID, *, limit: uuid.UUID | None = None) -> User:
    user = session.get(User, user_id)
    if user is None or (limit is not None and user.customer_id != limit):
        raise NotFound(f"no user {user_id}")
    return user


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def disable_user(session: Session, user: User, *, actor: str) -> User:
    if user.disabled_at is None:
        user.disabled_at = utcnow()
        # Signed-in browsers of the user end now, not when their session would expire.
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        record_audit(session, actor=actor, action="user.disable", entity_type="user", entity_id=user.id,
                     details={"email": user.email})
    return user


def check_password(session: Session, email: str, password: str) -> User | None:
    """The enabled user with this e-mail and password, or None (without telling which part was wrong)."""
    user = find_by_email(session, email)
    ok = verify_password(password, user.password_hash if user else None)
    if user is None or not ok or user.disabled_at is not None:
        return None
    return user
