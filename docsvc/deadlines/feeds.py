"""Secret calendar-feed URLs: a calendar app cannot send a bearer key, so the URL itself is the credential.

Only the SHA-256 of the token is stored, as for API keys; a feed sees exactly what the key that made it saw
(its customer), and stops working when it is revoked or when that key is revoked.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.errors import NotFound
from docsvc.models import ApiKey, CalendarFeed, Customer
from docsvc.models.base import utcnow


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(session: Session, principal: Principal, *, name: str, customer_id: uuid.UUID | None,
                kinds: Sequence[str], within_days: int) -> tuple[CalendarFeed, str]:
    """The new feed and its token (shown once). A customer-limited key's feed is limited to its customer."""
    if principal.customer_id is not None:
        if customer_id not in (None, principal.customer_id):
            raise NotFound(f"no customer {customer_id}")
        customer_id = principal.customer_id
    elif customer_id is not None and session.get(Customer, customer_id) is None:
        raise NotFound(f"no customer {customer_id}")
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(token_hash=token_hash(token), name=name, customer_id=customer_id,
                        api_key_id=principal.key_id, kinds=list(kinds), within_days=within_days,
                        created_by=principal.actor)
    session.add(feed)
    session.flush()
    record_audit(session, actor=principal.actor, action="calendar_feed.create", entity_type="calendar_feed",
                 entity_id=feed.id, details={"customer_id": str(customer_id) if customer_id else None})
    return feed, token


def feeds(session: Session, principal: Principal) -> Sequence[CalendarFeed]:
    query = select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None)).order_by(CalendarFeed.created_at)
    if principal.customer_id is not None:
        query = query.where(CalendarFeed.customer_id == principal.customer_id)
    return session.scalars(query).all()


def revoke(session: Session, principal: Principal, feed_id: uuid.UUID) -> None:
    feed = session.get(CalendarFeed, feed_id)
    if feed is None or feed.revoked_at is not None or (
            principal.customer_id is not None and feed.customer_id != principal.customer_id):
        raise NotFound(f"no calendar feed {feed_id}")
    feed.revoked_at = utcnow()
    record_audit(session, actor=principal.actor, action="calendar_feed.revoke", entity_type="calendar_feed",
                 entity_id=feed.id)


def feed_by_token(session: Session, token: str) -> CalendarFeed:
    """The live feed of ``token``; an unknown, revoked or orphaned token is one 404 (nothing to tell apart)."""
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token)))
    key = session.get(ApiKey, feed.api_key_id) if feed is not None else None
    if feed is None or feed.revoked_at is not None or key is None or key.revoked_at is not None:
        raise NotFound("no such calendar feed (revoked, or the URL is wrong)")
    feed.last_used_at = utcnow()
    return feed
