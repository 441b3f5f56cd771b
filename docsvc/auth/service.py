"""Creating, listing, revoking and checking API keys."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, sessionmaker

from docsvc.audit import record_audit
from docsvc.auth.keys import NewKey, generate_key, hash_key, matches, parse_prefix
from docsvc.db import transaction
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


def within_limit(session: Session, principal: Principal, customer_id: uuid.UUID | None) -> uuid.UUID | None:
    """The customer a key created by ``principal`` is limited to. A key limited to a customer only makes keys
    limited to that same customer (asking for none gets that limit too): never a wider key, and another
    customer is answered as unknown, like every record of another customer."""
    if principal.customer_id is None:
        return customer_id
    if customer_id is not None and customer_id != principal.customer_id:
        raise NotFound(f"no customer {customer_id}; a key can only be limited to an existing customer")
    return principal.customer_id


def list_keys(session: Session, *, limit: uuid.UUID | None = None) -> Sequence[ApiKey]:
    """All keys, or with ``limit`` (the caller's customer) only the keys limited to that customer."""
    query = select(ApiKey).order_by(ApiKey.created_at)
    if limit is not None:
        query = query.where(ApiKey.customer_id == limit)
    return session.scalars(query).all()


def revoke_key(session: Session, *, key_id: uuid.UUID, actor: str, limit: uuid.UUID | None = None) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None or (limit is not None and row.customer_id != limit):
        raise NotFound(f"no API key {key_id}")
    # Compare-and-set on "not yet revoked": with a read-then-write, racing revocations each wrote revoked_at and
    # an audit entry. Every caller then answers the one revocation that holds.
    revoked = session.execute(update(ApiKey).where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
                              .values(revoked_at=utcnow()).returning(ApiKey.id)
                              .execution_options(synchronize_session=False)).first()
    session.refresh(row)
    if revoked is not None:
        record_audit(session, actor=actor, action="api_key.revoke", entity_type="api_key", entity_id=row.id)
        # Only once committed: a request racing the commit would otherwise re-cache the key as still valid.
        event.listen(session, "after_commit", lambda _s: KeyCache.forget_all(), once=True)
    return row


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise Unauthorized("send your API key as 'Authorization: Bearer <key>'",
                           headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authenticate(session: Session, authorization: str | None) -> Principal:
    token = bearer_token(authorization)
    prefix = parse_prefix(token) if token else None
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix)) if prefix else None
    if row is None or not matches(token, row.secret_hash):
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


class KeyCache:
    """Keys that authenticated in the last ``ttl`` seconds, by SHA-256 of the key (never the plaintext).

    Saves the key lookup (and its transaction) on every request. Only successful lookups are cached, so a
    wrong key always reaches the database. Revocation through this process (``DELETE /v1/keys``) clears every
    cache of the process as soon as it commits; a key revoked elsewhere (another ``serve`` worker, ``docsvc
    keys revoke``) keeps working for at most ``ttl`` seconds there. ``last_used_at`` is refreshed on each
    lookup, so it lags by at most its one-minute write interval plus ``ttl``.
    """

    TTL_SECONDS = 5.0
    MAX_ENTRIES = 10_000  # distinct valid keys; a full cache starts over rather than tracking age
    _epoch = 0  # bumped by every committed revocation in this process

    def __init__(self, ttl: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[str, tuple[float, int, Principal]] = {}

    @classmethod
    def forget_all(cls) -> None:
        cls._epoch += 1

    def get(self, key_hash: str) -> Principal | None:
        entry = self._entries.get(key_hash)
        if entry is None:
            return None
        expires, epoch, principal = entry
        if epoch != KeyCache._epoch or self.clock() >= expires:
            self._entries.pop(key_hash, None)
            return None
        return principal

    def authenticate(self, sessions: sessionmaker[Session], authorization: str | None) -> Principal:
        """What ``authenticate`` answers, from the cache when possible (blocking: call it off the event loop
        on a miss, see ``cached``)."""
        key_hash = hash_key(bearer_token(authorization))
        epoch, started = KeyCache._epoch, self.clock()  # before the read, so a revocation during it wins
        with transaction(sessions) as session:
            principal = authenticate(session, authorization)
        if len(self._entries) >= self.MAX_ENTRIES:
            self._entries.clear()
        self._entries[key_hash] = (started + self.ttl, epoch, principal)
        return principal

    def cached(self, authorization: str | None) -> Principal | None:
        return self.get(hash_key(bearer_token(authorization)))
