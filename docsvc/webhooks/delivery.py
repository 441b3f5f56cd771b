"""Sending queued deliveries: claim one, sign it, POST it, log the attempt, then finish it or schedule a retry.

A claim is an atomic ``pending -> sending`` update (attempts + 1), so two workers never send the same attempt.
A worker that dies mid-send leaves the row ``sending``; after ``stale_seconds`` another worker takes it back.
Retries back off exponentially: attempt n+1 waits ``base * 2**(n-1)`` seconds (at most ``retry_max``) after
attempt n failed; after ``max_attempts`` the delivery is ``failed``. A 2xx answer is success; anything else
(3xx included: redirects are not followed), a timeout or a refused connection is retried. A blocked address
is not: the same URL would be refused again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, and_, or_, select, update

from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription
from docsvc.models.base import utcnow
from docsvc.runtime import Runtime
from docsvc.webhooks import network
from docsvc.webhooks.queue import defer
from docsvc.webhooks.signing import signed_headers

log = logging.getLogger(__name__)
SWEEP_BATCH = 50


def stale_seconds(settings: Settings) -> float:
    """How long a claimed delivery may stay ``sending`` before another worker takes it back: well beyond the
    longest attempt (connect + answer, then the answer body for as long again)."""
    return 3 * settings.webhook_timeout_seconds + 60


def backoff_seconds(settings: Settings, failed_attempts: int) -> float:
    """The wait after ``failed_attempts`` failures: base, 2·base, 4·base, ... capped at retry_max."""
    wait = settings.webhook_retry_base_seconds * 2.0 ** (failed_attempts - 1)
    return float(min(wait, settings.webhook_retry_max_seconds))


def _claimable(now: dt.datetime, stale: float) -> ColumnElement[bool]:
    return or_(and_(WebhookDelivery.status == DeliveryStatus.PENDING.value, WebhookDelivery.next_attempt_at <= now),
               and_(WebhookDelivery.status == DeliveryStatus.SENDING.value,
                    WebhookDelivery.claimed_at < now - dt.timedelta(seconds=stale)))


def due(runtime: Runtime, *, now: dt.datetime | None = None, limit: int = SWEEP_BATCH) -> list[uuid.UUID]:
    now = now or utcnow()
    with transaction(runtime.sessions) as session:
        return list(session.scalars(select(WebhookDelivery.id)
                                    .where(_claimable(now, stale_seconds(runtime.settings)))
                                    .order_by(WebhookDelivery.next_attempt_at).limit(limit)))


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_in: float | None = None  # seconds until the next attempt, when one is scheduled


def deliver(runtime: Runtime, delivery_id: uuid.UUID, *, now: dt.datetime | None = None) -> Outcome | None:
    """One attempt at a delivery, if it is due; None when it is not (not yet due, done, or another worker has it)."""
    settings = runtime.settings
    now = now or utcnow()
    with transaction(runtime.sessions) as session:
        claimed = session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, _claimable(now, stale_seconds(settings)))
            .values(status=DeliveryStatus.SENDING.value, claimed_at=now, attempts=WebhookDelivery.attempts + 1)
            .returning(WebhookDelivery.attempts, WebhookDelivery.subscription_id, WebhookDelivery.message_id,
                       WebhookDelivery.payload)
            .execution_options(synchronize_session=False)).first()
        if claimed is None:
            return None
        attempt, subscription_id, message_id, payload = claimed
        subscription = session.get(WebhookSubscription, subscription_id)
        target = None if subscription is None or not subscription.enabled else (
            subscription.url, subscription.secret, subscription.allow_private_network)
    started = utcnow()
    if target is None:
        answer = network.Answer(None, "the subscription was disabled before this delivery was sent", None, 0)
        blocked = True
    else:
        url, secret, allow_private = target
        host = (urlsplit(url).hostname or "").lower()
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        try:
            answer = network.post(url, body.encode(), signed_headers(secret, message_id, body),
                                  timeout=settings.webhook_timeout_seconds,
                                  allow_private=allow_private or host in settings.webhook_hosts_allowed)
            blocked = False
        except network.BlockedAddress as exc:
            answer, blocked = network.Answer(None, str(exc), None, 0), True
    return _record(runtime, delivery_id, attempt, started, answer, blocked=blocked, now=now)


def _record(runtime: Runtime, delivery_id: uuid.UUID, attempt: int, started: dt.datetime, answer: network.Answer,
            *, blocked: bool, now: dt.datetime) -> Outcome:
    settings = runtime.settings
    ok = answer.status_code is not None and 200 <= answer.status_code < 300
    retry_in = None
    if ok:
        status = DeliveryStatus.SUCCEEDED.value
    elif blocked or attempt >= settings.webhook_max_attempts:
        status = DeliveryStatus.FAILED.value
    else:
        status, retry_in = DeliveryStatus.PENDING.value, backoff_seconds(settings, attempt)
    error = answer.error or (None if ok else f"the receiver answered {answer.status_code}")
    retry_at = None if retry_in is None else now + dt.timedelta(seconds=retry_in)
    with transaction(runtime.sessions) as session:
        session.add(WebhookAttempt(delivery_id=delivery_id, attempt=attempt, started_at=started,
                                   duration_ms=answer.duration_ms, address=answer.address,
                                   status_code=answer.status_code, error=error, retry_at=retry_at))
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(
            status=status, claimed_at=None, next_attempt_at=retry_at, last_status_code=answer.status_code,
            last_error=error, finished_at=None if retry_in is not None else utcnow()))
        if retry_in is not None:
            defer(session, delivery_id, delay_seconds=retry_in)
    if not ok:
        log.info("webhook delivery %s attempt %d: %s (%s)", delivery_id, attempt, error, status)
    return Outcome(status, retry_in)


def run_due(runtime: Runtime, *, now: dt.datetime | None = None) -> int:
    """Attempt every due delivery (the in-process worker and the distributed workers' sweep); returns how many
    attempts were made."""
    made = 0
    for delivery_id in due(runtime, now=now):
        if deliver(runtime, delivery_id, now=now) is not None:
            made += 1
    return made
