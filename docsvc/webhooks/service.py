"""Webhook subscriptions (admin only) and ``emit``, which queues an event for every matching subscription.

Tenancy: a subscription belongs to one customer or to none (global). A customer-limited admin manages only
its customer's subscriptions (others are answered as unknown) and only ever subscribes to its customer's
events; a global subscription receives the events of every customer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal, within_limit
from docsvc.config import Settings
from docsvc.errors import Forbidden, NotFound, PreconditionFailed, Unprocessable
from docsvc.models import Customer, WebhookAttempt, WebhookDelivery, WebhookSubscription
from docsvc.models.base import utcnow
from docsvc.preconditions import strong_tags
from docsvc.webhooks import network, queue
from docsvc.webhooks.events import EVENT_TYPES
from docsvc.webhooks.schemas import AttemptRead, DeliveryRead, WebhookCreate, WebhookUpdate
from docsvc.webhooks.signing import generate_secret, secret_problem


class WebhookRefused(Unprocessable):
    code, title = "webhook_refused", "Webhook subscription refused"


def check_url(url: str, *, allowed_hosts: frozenset[str], allow_private: bool) -> str:
    """The URL as stored, or a 422 saying what is wrong. A host given as an IP literal is checked here already;
    a name is checked at every send (its addresses can change)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise WebhookRefused(f"the webhook URL is not valid: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise WebhookRefused(f"webhooks are sent over http or https only; this URL's scheme is "
                             f"{parts.scheme or 'missing'}", extra={"url": url})
    host = (parts.hostname or "").lower()
    if not host:
        raise WebhookRefused("the webhook URL names no host", extra={"url": url})
    if parts.username is not None or parts.password is not None:
        raise WebhookRefused("the webhook URL must not hold credentials; the signature authenticates the sender")
    if port == 0:
        raise WebhookRefused("the webhook URL's port must be 1 to 65535")
    literal = network.ip_literal(host)
    if literal is not None and not allow_private and host not in allowed_hosts:
        reason = network.refusal(literal)
        if reason is not None:
            raise WebhookRefused(f"{host} is a {reason} address; webhooks are not sent there unless an admin allows "
                                 "the host", extra={"url": url})
    return url


def etag(row: WebhookSubscription) -> str:
    return f'"webhook-{row.id.hex}-{row.revision}"'


def _allowed_private(principal: Principal, wanted: bool) -> bool:
    if wanted and principal.customer_id is not None:
        raise Forbidden("only an admin limited to no customer may let a webhook reach private network addresses")
    return wanted


def create(session: Session, principal: Principal, settings: Settings,
           body: WebhookCreate) -> WebhookSubscription:
    customer_id = within_limit(session, principal, body.customer)
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise NotFound(f"no customer {customer_id}")
    allow_private = _allowed_private(principal, body.allow_private_network)
    url = check_url(body.url, allowed_hosts=settings.webhook_hosts_allowed, allow_private=allow_private)
    if body.secret is not None and (problem := secret_problem(body.secret)) is not None:
        raise WebhookRefused(problem)
    row = WebhookSubscription(customer_id=customer_id, url=url, events=sorted(set(body.events)),
                              secret=body.secret or generate_secret(), description=body.description,
                              enabled=True, allow_private_network=allow_private, created_by=principal.actor)
    session.add(row)
    session.flush()
    record_audit(session, actor=principal.actor, action="webhook.create", entity_type="webhook", entity_id=row.id,
                 details={"url": url, "events": row.events, "customer": str(customer_id) if customer_id else None,
                          "allow_private_network": allow_private})
    return row


def get(session: Session, principal: Principal, webhook_id: uuid.UUID) -> WebhookSubscription:
    row = session.get(WebhookSubscription, webhook_id)
    if row is None or (principal.customer_id is not None and row.customer_id != principal.customer_id):
        raise NotFound(f"no webhook {webhook_id}")
    return row


def listing(session: Session, principal: Principal, *, after: uuid.UUID | None,
            limit: int) -> Sequence[WebhookSubscription]:
    query = select(WebhookSubscription)
    if principal.customer_id is not None:
        query = query.where(WebhookSubscription.customer_id == principal.customer_id)
    if after is not None:
        query = query.where(WebhookSubscription.id > after)
    return session.scalars(query.order_by(WebhookSubscription.id).limit(limit)).all()


def _claim(session: Session, principal: Principal, webhook_id: uuid.UUID, if_match: str | None) -> WebhookSubscription:
    """The subscription, its revision bumped in one compare-and-set statement: with If-Match only if the revision
    is still the one the header names (of several writers holding one ETag exactly one passes; a read-then-write
    check let them all through), without it unconditionally (last write wins, as documented)."""
    row = get(session, principal, webhook_id)
    statement = sql_update(WebhookSubscription).where(WebhookSubscription.id == row.id)
    tags = strong_tags(if_match) if if_match is not None else None
    if tags is not None:
        prefix = f'"webhook-{row.id.hex}-'
        seen = [int(t[len(prefix):-1]) for t in tags
                if t.startswith(prefix) and t[len(prefix):-1].isascii() and t[len(prefix):-1].isdigit()
                and len(t) - len(prefix) < 12]
        statement = statement.where(WebhookSubscription.revision.in_(seen))
    claimed = session.execute(statement.values(revision=WebhookSubscription.revision + 1)
                              .returning(WebhookSubscription.revision)
                              .execution_options(synchronize_session=False)).scalar()
    session.refresh(row)
    if claimed is None:
        raise PreconditionFailed("the webhook changed since you read it; read it again", extra={"etag": etag(row)})
    return row


def update(session: Session, principal: Principal, settings: Settings, webhook_id: uuid.UUID, body: WebhookUpdate,
           if_match: str | None) -> WebhookSubscription:
    row = _claim(session, principal, webhook_id, if_match)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    if "allow_private_network" in changes:
        row.allow_private_network = _allowed_private(principal, changes["allow_private_network"])
    elif "url" in changes and principal.customer_id is not None:
        # The exemption was granted for the URL an unlimited admin saw; a customer admin moving the subscription
        # elsewhere must not carry it to an address of its choosing.
        row.allow_private_network = False
    if "url" in changes or "allow_private_network" in changes:
        row.url = check_url(changes.get("url", row.url), allowed_hosts=settings.webhook_hosts_allowed,
                            allow_private=row.allow_private_network)
    if "events" in changes:
        row.events = sorted(set(changes["events"]))
    if "enabled" in changes:
        row.enabled = changes["enabled"]
    if "description" in changes:
        row.description = changes["description"]
    row.updated_at = utcnow()
    record_audit(session, actor=principal.actor, action="webhook.update", entity_type="webhook", entity_id=row.id,
                 details=changes)
    return row


def delete(session: Session, principal: Principal, webhook_id: uuid.UUID) -> None:
    row = get(session, principal, webhook_id)
    session.delete(row)  # its deliveries and their attempts go with it (ON DELETE CASCADE)
    record_audit(session, actor=principal.actor, action="webhook.delete", entity_type="webhook", entity_id=row.id,
                 details={"url": row.url})


def deliveries(session: Session, subscription: WebhookSubscription, *, after: tuple[dt.datetime, uuid.UUID] | None,
               status: str | None, limit: int) -> list[DeliveryRead]:
    """The delivery log, newest first, each delivery with every attempt."""
    query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    if after is not None:
        at, last = after
        query = query.where(or_(WebhookDelivery.created_at < at,
                                and_(WebhookDelivery.created_at == at, WebhookDelivery.id < last)))
    rows = session.scalars(query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
                           .limit(limit)).all()
    attempts: dict[uuid.UUID, list[AttemptRead]] = {}
    if rows:
        for attempt in session.scalars(select(WebhookAttempt).where(
                WebhookAttempt.delivery_id.in_([r.id for r in rows])).order_by(WebhookAttempt.attempt)):
            attempts.setdefault(attempt.delivery_id, []).append(AttemptRead.model_validate(attempt))
    out = []
    for row in rows:
        read = DeliveryRead.model_validate(row)
        read.attempt_log = attempts.get(row.id, [])
        out.append(read)
    return out


def emit(session: Session, event_type: str, *, customer_id: uuid.UUID | None, data: dict[str, Any],
         message_key: str | None = None) -> int:
    """Queue ``event_type`` for every enabled subscription that asked for it: the customer's own and the global
    ones (an event of no customer reaches only global subscriptions). Runs in the caller's transaction, so an
    event is queued exactly when what it reports is committed. Returns how many deliveries were queued.

    ``message_key`` names an event that periodic scans find again and again (a deadline drawing near): its
    ``webhook-id`` is derived from the key, and a subscription that already has that message gets no second one."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    owners: ColumnElement[bool] = WebhookSubscription.customer_id.is_(None)
    if customer_id is not None:
        owners = or_(owners, WebhookSubscription.customer_id == customer_id)
    subscriptions = [s for s in session.scalars(select(WebhookSubscription).where(
        WebhookSubscription.enabled.is_(True), owners)) if event_type in (s.events or [])]
    message_id = None if message_key is None else f"msg_{hashlib.sha256(message_key.encode()).hexdigest()[:32]}"
    if message_id is not None and subscriptions:
        sent = set(session.scalars(select(WebhookDelivery.subscription_id).where(
            WebhookDelivery.message_id == message_id,
            WebhookDelivery.subscription_id.in_([s.id for s in subscriptions]))))
        subscriptions = [s for s in subscriptions if s.id not in sent]
    if not subscriptions:
        return 0
    now = utcnow()
    # Through JSON once: UUIDs, dates and decimals become the strings the receiver will see.
    payload = {"type": event_type, "timestamp": now.isoformat().replace("+00:00", "Z"),
               "data": json.loads(json.dumps(data, default=str))}
    created = []
    for subscription in subscriptions:
        delivery = WebhookDelivery(subscription_id=subscription.id, event_type=event_type,
                                   message_id=message_id or f"msg_{uuid.uuid4().hex}", payload=payload,
                                   next_attempt_at=now)
        session.add(delivery)
        created.append(delivery)
    session.flush()
    for delivery in created:
        queue.defer(session, delivery.id)
    return len(created)
