"""``deadline.approaching``: the periodic scan queues one delivery per deadline and subscription, keeps to the
subscription's customer, and does not repeat itself (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from docsvc.db import transaction
from docsvc.deadlines.notify import scan_deadlines
from docsvc.deadlines.service import deadlines
from docsvc.models import Contract, WebhookDelivery, WebhookSubscription
from docsvc.runtime import Runtime
from tests.service.test_deadlines_api import seed

TODAY = dt.date(2026, 8, 1)


def _subscribe(runtime: Runtime, events: list[str], customer_id: object = None) -> WebhookSubscription:
    with transaction(runtime.sessions) as session:
        row = WebhookSubscription(url="https://hooks.example.com/docsvc", events=events, secret="whsec_" + "A" * 43,
                                  customer_id=customer_id, created_by="test")
        session.add(row)
    return row


def _deliveries(runtime: Runtime) -> list[WebhookDelivery]:
    with transaction(runtime.sessions) as session:
        return list(session.scalars(select(WebhookDelivery)))


def test_deadlines_are_announced_once_to_each_subscription(runtime: Runtime) -> None:
    world = seed(runtime)
    with transaction(runtime.sessions) as session:
        # nobody listens yet: the scan does nothing (and computes nothing)
        assert scan_deadlines(session, today=TODAY, horizon_days=120) == 0
        beta_id = session.scalar(select(Contract.customer_id).where(Contract.title == "Beta network"))
        expected = [(c.id, c.customer_id, d.kind, d.due) for c, d in deadlines(
            session, customer_scope=None, customer=None, kinds=None, today=TODAY, within_days=120)]
    assert expected and world
    everyone = _subscribe(runtime, ["deadline.approaching"])
    beta = _subscribe(runtime, ["deadline.approaching", "contract.reviewed"], customer_id=beta_id)
    _subscribe(runtime, ["contract.reviewed"])  # another event only: gets nothing

    with transaction(runtime.sessions) as session:
        queued = scan_deadlines(session, today=TODAY, horizon_days=120)
    beta_expected = [e for e in expected if e[1] == beta_id]
    assert beta_expected, expected  # the seed's Beta contract has a notice date within the window
    assert queued == len(expected) + len(beta_expected)
    sent = _deliveries(runtime)
    per_subscription = Counter(d.subscription_id for d in sent)
    assert per_subscription == {everyone.id: len(expected), beta.id: len(beta_expected)}
    got = sorted((d.payload["data"]["contract_id"], d.payload["data"]["kind"], d.payload["data"]["due"])
                 for d in sent if d.subscription_id == everyone.id)
    assert got == sorted((str(c), kind, due.isoformat()) for c, _, kind, due in expected)
    assert all(d.event_type == "deadline.approaching" and d.payload["type"] == "deadline.approaching" for d in sent)
    for delivery in sent:
        data = delivery.payload["data"]
        assert data["days_left"] == (dt.date.fromisoformat(data["due"]) - TODAY).days
    # the same deadline carries the same webhook-id for both subscriptions (receivers can de-duplicate)
    ids = {(d.payload["data"]["contract_id"], d.payload["data"]["kind"]): d.message_id
           for d in sent if d.subscription_id == beta.id}
    assert all(d.message_id == ids[(d.payload["data"]["contract_id"], d.payload["data"]["kind"])]
               for d in sent if (d.payload["data"]["contract_id"], d.payload["data"]["kind"]) in ids)

    # the next hourly scan finds the same deadlines and queues nothing new; the next day's queues only the
    # deadlines that came into the window overnight
    with transaction(runtime.sessions) as session:
        assert scan_deadlines(session, today=TODAY, horizon_days=120) == 0
        assert scan_deadlines(session, today=TODAY, horizon_days=0) == 0
        tomorrow = TODAY + dt.timedelta(days=1)
        new = {(c.id, d.kind, d.due) for c, d in deadlines(session, customer_scope=None, customer=None, kinds=None,
                                                            today=tomorrow, within_days=120)}
        new -= {(c, kind, due) for c, _, kind, due in expected}
        new_for_beta = [n for n in new if n[0] in {c for c, owner, _, _ in expected if owner == beta_id}]
        assert scan_deadlines(session, today=tomorrow, horizon_days=120) == len(new) + len(new_for_beta)
    assert len(_deliveries(runtime)) == len(sent) + len(new) + len(new_for_beta)


def test_a_narrower_window_announces_only_the_nearer_deadlines(runtime: Runtime) -> None:
    seed(runtime)
    _subscribe(runtime, ["deadline.approaching"])
    with transaction(runtime.sessions) as session:
        near = deadlines(session, customer_scope=None, customer=None, kinds=None, today=TODAY, within_days=30)
        far = deadlines(session, customer_scope=None, customer=None, kinds=None, today=TODAY, within_days=400)
        assert len(far) > len(near)
        assert scan_deadlines(session, today=TODAY, horizon_days=30) == len(near)
    assert {d.payload["data"]["due"] for d in _deliveries(runtime)} == {d.due.isoformat() for _, d in near}
