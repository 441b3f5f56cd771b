"""Server-side web sessions: the browser holds a random token, the database its SHA-256 and the CSRF token.

A session ends after ``ui_session_idle_minutes`` without a request, or ``ui_session_max_hours`` after sign-in,
whichever comes first. Each request resolves the session to a ``Principal`` anew from the user (or key) row,
so disabling a user or revoking the bootstrap key takes effect on the next click.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from docsvc.auth.service import Principal
from docsvc.config import Settings
from docsvc.models import ApiKey, Role
from docsvc.models.base import utcnow
from docsvc.models.users import User, UserSession
from docsvc.users.service import principal_of

SEEN_WRITE_INTERVAL = dt.timedelta(minutes=1)  # last_seen_at is written at most this often


@dataclass(frozen=True, slots=True)
class Resolved:
    row: UserSession
    principal: Principal
    language: str | None
    user: User | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, settings: Settings, *, user: User | None = None, key: ApiKey | None = None) -> str:
    """A new session for ``user`` or the bootstrap ``key``; returns the cookie token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    # Sessions nobody presents again are never resolved (and so never deleted there): sign-ins sweep them.
    session.execute(delete(UserSession).where(UserSession.expires_at < now))
    session.add(UserSession(token_hash=token_hash(token), user_id=user.id if user else None,
                            api_key_id=key.id if key else None, csrf_token=secrets.token_urlsafe(32),
                            last_seen_at=now, expires_at=now + dt.timedelta(hours=settings.ui_session_max_hours)))
    if user is not None:
        user.last_sign_in_at = now
    session.flush()
    return token


def resolve(session: Session, settings: Settings, token: str | None) -> Resolved | None:
    if not token or len(token) > 100:
        return None
    row = session.get(UserSession, token_hash(token))
    if row is None:
        return None
    now = utcnow()
    idle = dt.timedelta(minutes=settings.ui_session_idle_minutes)
    if now >= _aware(row.expires_at) or now - _aware(row.last_seen_at) >= idle:
        session.delete(row)
        return None
    resolved = _principal(session, row)
    if resolved is None:
        session.delete(row)
        return None
    if now - _aware(row.last_seen_at) > SEEN_WRITE_INTERVAL:
        row.last_seen_at = now
    return resolved


def _principal(session: Session, row: UserSession) -> Resolved | None:
    if row.user_id is not None:
        user = session.get(User, row.user_id)
        if user is None or user.disabled_at is not None:
            return None
        return Resolved(row, principal_of(user), user.language, user)
    key = session.get(ApiKey, row.api_key_id) if row.api_key_id else None
    if key is None or key.revoked_at is not None:
        return None
    return Resolved(row, Principal(key.id, key.name, Role(key.role), key.customer_id), None, None)


def end(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
