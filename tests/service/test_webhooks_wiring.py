"""The events the service emits on its own, delivered by the in-process worker to a real loopback receiver
(document processed / failed, contract reviewed, price review applied, change request decided), and the
procrastinate path: on PostgreSQL with the distributed queue, an event defers a job in the same transaction.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text
from standardwebhooks.webhooks import Webhook

from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.models import Customer, Role, WebhookDelivery, WebhookSubscription
from docsvc.runtime import open_runtime
from docsvc.webhooks import delivery
from docsvc.webhooks.service import emit
from tests.fixtures import hostile
from tests.fixtures.databases import temporary_postgres_database
from tests.fixtures.receiver import Received, Receiver
from tests.fixtures.service_docs import write_priced_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest
from tests.service.test_documents import upload, wait_for_job
from tests.service.test_webhooks import LOOPBACK, Service, receiver, start  # noqa: F401 (fixtures)

ALL = ["document.processed", "document.failed", "contract.reviewed", "price_review.applied",
       "change_request.decided"]


def _events(hooks: Receiver, secret: str, count: int) -> list[dict[str, Any]]:
    """The first ``count`` deliveries as verified payloads (the in-process worker sends them on its own)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(hooks.requests) < count:
        hooks.wait_for(count, timeout=1)
    got: list[Received] = hooks.requests[:count]
    assert len(got) == count, [json.loads(r.body)["type"] for r in hooks.requests]
    return [Webhook(secret).verify(r.body, r.headers) for r in got]


def test_service_events_reach_the_receiver_through_the_in_process_worker(
    start: Any, receiver: Receiver, tmp_path: Path  # noqa: F811
) -> None:
    svc: Service = start(worker=True, webhook_allowed_hosts=LOOPBACK)
    manager = svc.key(role=Role.CONTRACT_MANAGER)
    hook = svc.subscribe(receiver.url, ALL)
    beta = svc.customer("Beta")
    beta_only = svc.subscribe(receiver.url, ALL, key=svc.key(customer=beta))

    contract = ingest(svc.client, manager, write_priced_contract(tmp_path / "a.docx", supplier="Acme Print",
                                                                 customer="Alpha Ltd"), customer="Alpha")
    [processed] = _events(receiver, hook["secret"], 1)
    assert processed["type"] == "document.processed" and processed["data"]["contract_id"] == contract

    tag = svc.client.get(f"/v1/contracts/{contract}", headers=bearer(manager)).headers["etag"]
    reviewed = svc.client.post(f"/v1/contracts/{contract}/review-status", json={"status": "reviewed"},
                               headers={**bearer(manager), "If-Match": tag})
    assert reviewed.status_code == 200, reviewed.text
    review = svc.client.post(f"/v1/contracts/{contract}/price-reviews", headers=bearer(manager),
                             json={"review_date": "2025-07-01", "percent": "2"})
    assert review.status_code == 201, review.text
    applied = svc.client.post(f"/v1/price-reviews/{review.json()['id']}/apply",
                              headers={**bearer(manager), "If-Match": review.headers["etag"]})
    assert applied.status_code == 200, applied.text
    request = svc.client.post(f"/v1/contracts/{contract}/change-requests", headers=bearer(manager),
                              json={"title": "More printers", "items": [{"description": "printers"}]}).json()
    assert svc.client.post(f"/v1/change-requests/{request['id']}/submit", headers=bearer(manager)).status_code == 200
    approved = svc.client.post(f"/v1/change-requests/{request['id']}/approve", headers=bearer(manager),
                               json={"comment": "ok"})
    assert approved.status_code == 200, approved.text
    events = _events(receiver, hook["secret"], 4)
    assert [e["type"] for e in events] == ["document.processed", "contract.reviewed", "price_review.applied",
                                           "change_request.decided"]
    assert events[1]["data"]["contract_id"] == contract
    assert events[2]["data"]["price_review_id"] == review.json()["id"]
    assert events[3]["data"] | {"decided_by": None} == {
        "change_request_id": request["id"], "contract_id": contract, "reference": request["reference"],
        "title": "More printers", "decision": "approved", "decided_by": None, "comment": "ok"}

    failed = upload(svc.client, manager, hostile.write_encrypted_pdf(tmp_path), customer="Alpha")
    assert failed.status_code == 202, failed.text
    assert wait_for_job(svc.client, manager, failed.json()["job"]["id"])["status"] == "failed"
    last = _events(receiver, hook["secret"], 5)[4]
    assert last["type"] == "document.failed" and last["data"]["document_id"] == failed.json()["document"]["id"]
    assert last["data"]["error_code"]
    assert svc.log(beta_only["id"]) == []  # Beta's subscription saw none of Alpha's events
    assert len(receiver.requests) == 5


def test_with_procrastinate_an_event_defers_a_job_in_the_same_transaction(tmp_path: Path) -> None:
    with temporary_postgres_database() as url:
        runtime = open_runtime(Settings(home=tmp_path / "home", database_url=url, queue="procrastinate",
                                        webhook_retry_base_seconds=30))
        try:
            with transaction(runtime.sessions) as session:
                customer = Customer(name="Alpha")
                session.add(customer)
                session.flush()
                session.add(WebhookSubscription(customer_id=customer.id, url="http://127.0.0.1:9/hook",
                                                events=["contract.reviewed"], secret="whsec_" + "A" * 43 + "=",
                                                created_by="test"))
                session.flush()
                emit(session, "contract.reviewed", customer_id=customer.id, data={"contract_id": "c1"})
                delivery_id = session.scalar(text("SELECT id FROM webhook_deliveries"))
            with transaction(runtime.sessions) as session:
                emit(session, "contract.reviewed", customer_id=customer.id, data={"contract_id": "c2"})
                session.rollback()  # the event's transaction fails: no delivery, no job
            jobs = _jobs(runtime)
            assert jobs == [(str(delivery_id), "webhooks")]
            # Port 9 (discard) refuses: attempt 1 fails and defers the retry 30 s ahead (base * 2**0).
            runtime.settings.webhook_allowed_hosts = LOOPBACK
            outcome = delivery.deliver(runtime, uuid.UUID(str(delivery_id)))
            assert outcome is not None and outcome.status == "pending" and outcome.retry_in == 30
            with transaction(runtime.sessions) as session:
                wait = session.scalar(text("SELECT EXTRACT(EPOCH FROM max(scheduled_at) - now()) "
                                           "FROM procrastinate_jobs"))
                row = session.get(WebhookDelivery, delivery_id)
                assert row is not None and row.attempts == 1 and row.last_error
            assert 20 < float(wait) <= 30
            assert len(_jobs(runtime)) == 2
        finally:
            runtime.close()


def _jobs(runtime: Any) -> list[tuple[str, str]]:
    with transaction(runtime.sessions) as session:
        return [(r.args["delivery_id"], r.queue_name) for r in session.execute(text(
            "SELECT args, queue_name FROM procrastinate_jobs WHERE task_name = 'docsvc.deliver_webhook' "
            "ORDER BY id"))]
