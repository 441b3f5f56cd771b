"""Creating, listing, revoking and checking API keys."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.keys import NewKey, generate_key, matches, parse_prefix
from docsvc.errors import Conflict, NotFound, Unauthorized
from docsvc.models import ApiKey, Customer, Role
from docsvc.models.base import utcnow


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: uuid.UUID
    name: str
    role: Role
    customer_id: uuid.UUID | None

    @property
    def actor(self) -> str:
        return f"{self.name} ({self.role.value}, key {self.key_id})"


def create_key(
    session: Session, *, name: str, role: Role, actor: str, customer_id: uuid.UUID | None = None,
    key: NewKey | None = None,
) -> tuple[ApiKey, str]:
    """Store a new key; returns the row and the plaintext (to be shown exactly once)."""
    key = key or generate_key()
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise NotFound(f"no customer {customer_id}; a key can only be limited to an existing customer")
    if session.scalar(select(ApiKey).where(ApiKey.prefix == key.prefix)) is not None:
        raise Conflict("an API key with this prefix already exists")
    row = ApiKey(prefix=key.prefix, secret_hash=key.secret_hash, name=name, role=role.value,
                 customer_id=customer_id)
    session.add(row)
    session.flush()
    record_audit(session, actor=actor, action="api_key.create", entity_type="api_key", entity_id=row.id,
                 details={"name": name, "role": role.value, "prefix": key.prefix})
    return row, key.plaintext


def list_keys(session: Session) -> Sequence[ApiKey]:
    return session.scalars(select(ApiKey).order_by(ApiKey.created_at)).all()


def revoke_key(session: Session, *, key_id: uuid.UUID, actor: str) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"no API key {key_id}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record_audit(session, actor=actor, action="api_key.revoke", entity_type="api_key", entity_id=row.id)
    return row


def authenticate(session: Session, authorization: str | None) -> Principal:
    if not authorization:
        raise Unauthorized("send your API key as 'Authorization: Bearer <key>'",
                           headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = authorization.partition(" ")
    prefix = parse_prefix(token.strip()) if scheme.lower() == "bearer" else None
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix)) if prefix else None
    if row is None or not matches(token.strip(), row.secret_hash):
        raise Unauthorized("the API key is not valid", headers={"WWW-Authenticate": "Bearer"})
    if row.revoked_at is not None:
        raise Unauthorized("the API key has been revoked", headers={"WWW-Authenticate": "Bearer"})
    now = utcnow()
    last = row.last_used_at
    if last is None or (now - _aware(last)) > dt.timedelta(minutes=1):  # avoid a write per request
        row.last_used_at = now
    return Principal(row.id, row.name, Role(row.role), row.customer_id)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
