"""The ``deadline.approaching`` webhook: a periodic scan of every contract's deadlines.

Deadlines are computed, not stored (they move with reviews and renewals), so the scan recomputes them and
names each event by (contract, kind, due date, horizon): a subscription is told once per deadline, and again
only when the date itself moves — for example after a renewal re-arms the notice date, or a reviewer corrects
the term. The scan is skipped cheaply when no subscription asks for the event.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.deadlines.service import deadlines
from docsvc.models import WebhookSubscription
from docsvc.webhooks.events import DEADLINE_APPROACHING
from docsvc.webhooks.service import emit

log = logging.getLogger(__name__)


def anyone_listening(session: Session) -> bool:
    return any(DEADLINE_APPROACHING in (s.events or [])
               for s in session.scalars(select(WebhookSubscription).where(WebhookSubscription.enabled.is_(True))))


def scan_deadlines(session: Session, *, today: dt.date, horizon_days: int) -> int:
    """Queue ``deadline.approaching`` for every deadline due within ``horizon_days`` of ``today`` that its
    subscribers were not yet told about; returns how many deliveries were queued."""
    if horizon_days <= 0 or not anyone_listening(session):
        return 0
    queued = 0
    for contract, deadline in deadlines(session, customer_scope=None, customer=None, kinds=None, today=today,
                                        within_days=horizon_days):
        key = f"deadline:{contract.id}:{deadline.kind}:{deadline.due.isoformat()}:{horizon_days}"
        queued += emit(session, DEADLINE_APPROACHING, customer_id=contract.customer_id, message_key=key, data={
            "contract_id": contract.id, "contract_title": contract.title, "kind": deadline.kind,
            "due": deadline.due, "days_left": (deadline.due - today).days, "title": deadline.title,
            "reviewed": deadline.reviewed, "notes": list(deadline.notes), "clause": deadline.clause})
    if queued:
        log.info("deadline scan: %d webhook deliveries queued", queued)
    return queued
