"""Webhooks against a real receiver on a loopback port (allowed explicitly through the setting, as an admin
would): Standard Webhooks signatures, retries with backoff, giving up, SSRF refusals and tenancy.

Deliveries are driven with ``delivery.run_due(runtime, now=...)`` (the app runs without its worker thread), so
the backoff can be checked at exact instants without waiting; the end-to-end test at the bottom lets the
in-process worker deliver on its own.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.main import create_app
from docsvc.models import Customer, Role
from docsvc.models.base import utcnow
from docsvc.runtime import Runtime, open_runtime
from docsvc.webhooks import delivery, network
from docsvc.webhooks.service import emit
from tests.fixtures.receiver import Receiver, webhook_receiver
from tests.service.conftest import bearer

LOOPBACK = "127.0.0.1"


@dataclass
class Service:
    client: TestClient
    runtime: Runtime
    admin: str  # an admin key limited to no customer

    def key(self, role: Role = Role.ADMIN, customer: uuid.UUID | None = None) -> str:
        with transaction(self.runtime.sessions) as session:
            return create_key(session, name=f"{role.value} {customer}", role=role, actor="test",
                              customer_id=customer)[1]

    def customer(self, name: str) -> uuid.UUID:
        with transaction(self.runtime.sessions) as session:
            row = Customer(name=name)
            session.add(row)
            session.flush()
            return row.id

    def subscribe(self, url: str, events: list[str], key: str | None = None, **body: Any) -> dict[str, Any]:
        made = self.client.post("/v1/webhooks", json={"url": url, "events": events, **body},
                                headers=bearer(key or self.admin))
        assert made.status_code == 201, made.text
        answer: dict[str, Any] = made.json()
        return answer

    def emit(self, event: str, customer: uuid.UUID | None, **data: Any) -> None:
        with transaction(self.runtime.sessions) as session:
            emit(session, event, customer_id=customer, data=data)

    def log(self, webhook_id: str, key: str | None = None) -> list[dict[str, Any]]:
        found = self.client.get(f"/v1/webhooks/{webhook_id}/deliveries", headers=bearer(key or self.admin))
        assert found.status_code == 200, found.text
        items: list[dict[str, Any]] = found.json()["items"]
        return items


@pytest.fixture
def start(settings: Settings) -> Iterator[Callable[..., Service]]:
    stack = ExitStack()

    def started(*, worker: bool = False, **changes: Any) -> Service:
        runtime = open_runtime(settings.model_copy(update=changes))
        stack.callback(runtime.close)
        client = stack.enter_context(TestClient(create_app(runtime.settings, runtime=runtime, worker=worker)))
        with transaction(runtime.sessions) as session:
            admin = create_key(session, name="admin", role=Role.ADMIN, actor="test")[1]
        return Service(client, runtime, admin)

    yield started
    stack.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as r:
        yield r


def test_a_delivery_is_signed_per_standard_webhooks_and_logged(start: Callable[..., Service],
                                                               receiver: Receiver) -> None:
    svc = start(webhook_allowed_hosts=LOOPBACK)
    alpha = svc.customer("Alpha")
    made = svc.subscribe(receiver.url, ["contract.reviewed"], customer=str(alpha))
    secret = made["secret"]
    assert secret.startswith("whsec_") and made["customer_id"] == str(alpha)
    shown = svc.client.get(f"/v1/webhooks/{made['id']}", headers=bearer(svc.admin))
    assert shown.status_code == 200 and "secret" not in shown.json()  # shown once, at creation
    contract = uuid.uuid4()
    svc.emit("contract.reviewed", alpha, contract_id=contract, title="Managed print")
    svc.emit("change_request.decided", alpha, change_request_id=uuid.uuid4())  # not subscribed: not sent

    assert delivery.run_due(svc.runtime) == 1
    [got] = receiver.requests
    assert got.path == "/hooks/docsvc?source=test"
    assert got.headers["host"] == f"{LOOPBACK}:{receiver.port}"
    payload = Webhook(secret).verify(got.body, got.headers)  # raises unless the signature holds
    assert payload["type"] == "contract.reviewed"
    assert payload["data"] == {"contract_id": str(contract), "title": "Managed print"}
    assert got.headers["webhook-id"].startswith("msg_")
    with pytest.raises(WebhookVerificationError):  # the check is real: a changed body fails it
        Webhook(secret).verify(got.body.replace(b"Managed", b"Hijacked"), got.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)

    [logged] = svc.log(made["id"])
    assert logged["status"] == "succeeded" and logged["attempts"] == 1
    assert logged["message_id"] == got.headers["webhook-id"] and logged["event_type"] == "contract.reviewed"
    [attempt] = logged["attempt_log"]
    assert attempt["status_code"] == 200 and attempt["error"] is None and attempt["address"] == LOOPBACK
    assert attempt["duration_ms"] >= 0 and attempt["retry_at"] is None
    assert delivery.run_due(svc.runtime) == 0  # nothing left to send


def test_a_500_is_retried_with_backoff_then_succeeds(start: Callable[..., Service], receiver: Receiver) -> None:
    svc = start(webhook_allowed_hosts=LOOPBACK, webhook_retry_base_seconds=30)
    made = svc.subscribe(receiver.url, ["document.processed"])
    receiver.answers = [500]
    svc.emit("document.processed", None, document_id="d1")
    t0 = utcnow()
    # Attempt 1 at t0 fails; attempt 2 is due base * 2**0 = 30 s later, at t0 + 30 s.
    assert delivery.run_due(svc.runtime, now=t0) == 1
    [pending] = svc.log(made["id"])
    assert pending["status"] == "pending" and pending["last_status_code"] == 500
    assert dt.datetime.fromisoformat(pending["next_attempt_at"]) == t0 + dt.timedelta(seconds=30)
    assert delivery.run_due(svc.runtime, now=t0 + dt.timedelta(seconds=29)) == 0  # not due yet
    assert delivery.run_due(svc.runtime, now=t0 + dt.timedelta(seconds=30)) == 1
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]  # same message: receivers de-duplicate
    assert first.body == second.body
    [done] = svc.log(made["id"])
    assert done["status"] == "succeeded" and done["attempts"] == 2 and done["finished_at"]
    assert [(a["attempt"], a["status_code"]) for a in done["attempt_log"]] == [(1, 500), (2, 200)]
    assert done["attempt_log"][0]["error"] == "the receiver answered 500"
    assert dt.datetime.fromisoformat(done["attempt_log"][0]["retry_at"]) == t0 + dt.timedelta(seconds=30)


def test_it_gives_up_after_the_last_attempt(start: Callable[..., Service], receiver: Receiver) -> None:
    svc = start(webhook_allowed_hosts=LOOPBACK, webhook_max_attempts=3, webhook_retry_base_seconds=10,
                webhook_retry_max_seconds=15)
    made = svc.subscribe(receiver.url, ["price_review.applied"])
    receiver.answers = [503, 500, 502, 200]
    svc.emit("price_review.applied", None, price_review_id="r1")
    t0 = utcnow()
    # Waits: after attempt 1, 10 * 2**0 = 10 s; after attempt 2, 10 * 2**1 = 20 s capped at retry_max 15 s.
    # So attempt 2 at t0 + 10 s, attempt 3 at t0 + 25 s; attempt 3 is the last (max 3): failed, no 4th.
    for seconds in (0, 10, 25):
        assert delivery.run_due(svc.runtime, now=t0 + dt.timedelta(seconds=seconds)) == 1
    assert delivery.run_due(svc.runtime, now=t0 + dt.timedelta(days=1)) == 0
    assert len(receiver.requests) == 3
    [failed] = svc.log(made["id"])
    assert failed["status"] == "failed" and failed["attempts"] == 3 and failed["next_attempt_at"] is None
    log = failed["attempt_log"]
    assert [a["status_code"] for a in log] == [503, 500, 502]
    assert [a["retry_at"] and dt.datetime.fromisoformat(a["retry_at"]) - t0 for a in log] == [
        dt.timedelta(seconds=10), dt.timedelta(seconds=25), None]
    only_failed = svc.client.get(f"/v1/webhooks/{made['id']}/deliveries?status=succeeded", headers=bearer(svc.admin))
    assert only_failed.json()["items"] == []


def test_a_receiver_slower_than_the_timeout_is_a_failed_attempt(start: Callable[..., Service],
                                                                 receiver: Receiver) -> None:
    svc = start(webhook_allowed_hosts=LOOPBACK, webhook_timeout_seconds=0.5)
    made = svc.subscribe(receiver.url, ["document.processed"])
    receiver.delay = 3.0
    svc.emit("document.processed", None, document_id="d1")
    assert delivery.run_due(svc.runtime) == 1
    [pending] = svc.log(made["id"])
    assert pending["status"] == "pending" and pending["last_error"] == "no answer within 0.5 s"
    [attempt] = pending["attempt_log"]
    assert attempt["status_code"] is None and 400 <= attempt["duration_ms"] < 2500


def test_https_handshakes_with_the_checked_address_and_a_failed_handshake_is_logged(
    start: Callable[..., Service], receiver: Receiver
) -> None:
    svc = start(webhook_allowed_hosts=LOOPBACK, webhook_timeout_seconds=5)
    made = svc.subscribe(f"https://{LOOPBACK}:{receiver.port}/hook", ["document.processed"])
    svc.emit("document.processed", None, document_id="d1")
    assert delivery.run_due(svc.runtime) == 1
    [pending] = svc.log(made["id"])  # the receiver speaks plain HTTP: the TLS handshake fails, retried later
    assert pending["status"] == "pending" and "SSL" in pending["last_error"]
    assert pending["attempt_log"][0]["address"] == LOOPBACK and receiver.requests == []


def test_loopback_is_refused_unless_allowed(start: Callable[..., Service], receiver: Receiver) -> None:
    svc = start()  # no allowed hosts
    refused = svc.client.post("/v1/webhooks", json={"url": receiver.url, "events": ["document.failed"]},
                              headers=bearer(svc.admin))
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "webhook_refused" and "loopback" in refused.json()["detail"]
    # A name is checked when sending (its addresses can change): localhost resolves to loopback, refused then.
    made = svc.subscribe(f"http://localhost:{receiver.port}/hook", ["document.failed"])
    svc.emit("document.failed", None, document_id="d1")
    assert delivery.run_due(svc.runtime) == 1
    assert receiver.requests == []
    [failed] = svc.log(made["id"])
    assert failed["status"] == "failed" and failed["attempts"] == 1  # not retried: it would be refused again
    assert "loopback" in failed["last_error"] and failed["attempt_log"][0]["status_code"] is None
    # An admin limited to no customer may allow one subscription to reach private addresses.
    off = svc.client.patch(f"/v1/webhooks/{made['id']}", json={"enabled": False}, headers=bearer(svc.admin))
    assert off.status_code == 200 and off.json()["revision"] == 2
    allowed = svc.subscribe(receiver.url, ["document.failed"], allow_private_network=True)
    svc.emit("document.failed", None, document_id="d2")
    assert delivery.run_due(svc.runtime) == 1
    assert len(receiver.requests) == 1 and svc.log(allowed["id"])[0]["status"] == "succeeded"


BAD_URLS = ("ftp://example.com/hook", "file:///etc/passwd", "gopher://example.com/", "http://10.1.2.3/hook",
            "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/", "http://[::ffff:192.168.1.1]/",
            "http://224.0.0.1/", "http://0.0.0.0/", "http://100.64.0.1/", "http://user:pw@example.com/",
            "http:///nohost", "http://example.com:99999/")


def test_bad_urls_are_refused_when_subscribing(start: Callable[..., Service]) -> None:
    svc = start()
    for url in BAD_URLS:
        refused = svc.client.post("/v1/webhooks", json={"url": url, "events": ["document.failed"]},
                                  headers=bearer(svc.admin))
        assert refused.status_code == 422, (url, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
    scheme = svc.client.post("/v1/webhooks", json={"url": BAD_URLS[0], "events": ["document.failed"]},
                             headers=bearer(svc.admin)).json()
    assert "http or https" in scheme["detail"] and scheme["code"] == "webhook_refused"
    unknown = svc.client.post("/v1/webhooks", json={"url": "https://example.com/", "events": ["contract.deleted"]},
                              headers=bearer(svc.admin))
    assert unknown.status_code == 422
    weak = svc.client.post("/v1/webhooks", json={"url": "https://example.com/", "events": ["document.failed"],
                                                 "secret": "whsec_c2hvcnQ="}, headers=bearer(svc.admin))
    assert weak.status_code == 422 and "24 to 64" in weak.json()["detail"]
    # A public host is accepted (it is only resolved when sending).
    assert svc.subscribe("https://hooks.example.com/docsvc", ["document.failed"])["url"].startswith("https://")


def test_a_name_resolving_to_a_private_address_is_refused_and_the_checked_address_is_used(
    start: Callable[..., Service], receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = start(webhook_allowed_hosts="hooks.allowed.test")
    answers = {"hooks.private.test": ["93.184.216.34", "10.0.0.5"], "hooks.allowed.test": [LOOPBACK]}
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[network.IPAddress]:
        asked.append(host)
        return [ipaddress.ip_address(a) for a in answers[host]]

    monkeypatch.setattr(network, "resolve", resolve)
    private = svc.subscribe("https://hooks.private.test/hook", ["deadline.approaching"])
    pinned = svc.subscribe(f"http://hooks.allowed.test:{receiver.port}/hook", ["deadline.approaching"])
    svc.emit("deadline.approaching", None, contract_id="c1")
    assert delivery.run_due(svc.runtime) == 2
    [refused] = svc.log(private["id"])
    # One public and one private record: refused (a client could have used either).
    assert refused["status"] == "failed" and "10.0.0.5" in refused["last_error"]
    [sent] = svc.log(pinned["id"])
    assert sent["status"] == "succeeded" and sent["attempt_log"][0]["address"] == LOOPBACK
    # The connection went to the address that was checked (no second lookup a rebinding DNS could answer);
    # the name travels in the Host header.
    assert sorted(asked) == ["hooks.allowed.test", "hooks.private.test"]
    assert receiver.requests[0].headers["host"] == f"hooks.allowed.test:{receiver.port}"


def test_tenancy_customer_admins_manage_and_receive_only_their_own(start: Callable[..., Service],
                                                                    receiver: Receiver) -> None:
    svc = start(webhook_allowed_hosts=LOOPBACK)
    alpha, beta = svc.customer("Alpha"), svc.customer("Beta")
    alpha_admin, beta_admin = svc.key(customer=alpha), svc.key(customer=beta)
    own = svc.subscribe(receiver.url, ["contract.reviewed"], key=alpha_admin)
    assert own["customer_id"] == str(alpha)  # a limited admin always subscribes for its own customer
    other = svc.client.post("/v1/webhooks", json={"url": receiver.url, "events": ["contract.reviewed"],
                                                  "customer": str(beta)}, headers=bearer(alpha_admin))
    assert other.status_code == 404
    private = svc.client.post("/v1/webhooks", json={"url": receiver.url, "events": ["contract.reviewed"],
                                                    "allow_private_network": True}, headers=bearer(alpha_admin))
    assert private.status_code == 403
    everyone = svc.subscribe(receiver.url, ["contract.reviewed"])  # global: every customer's events
    assert everyone["customer_id"] is None
    for method, path, body in (("GET", "", None), ("GET", "/deliveries", None), ("PATCH", "", {"enabled": False}),
                               ("DELETE", "", None)):
        answer = svc.client.request(method, f"/v1/webhooks/{own['id']}{path}", json=body, headers=bearer(beta_admin))
        assert answer.status_code == 404, (method, path, answer.status_code)
    listed = svc.client.get("/v1/webhooks", headers=bearer(beta_admin)).json()["items"]
    assert listed == []
    assert [w["id"] for w in svc.client.get("/v1/webhooks", headers=bearer(alpha_admin)).json()["items"]] == [
        own["id"]]
    assert {w["id"] for w in svc.client.get("/v1/webhooks", headers=bearer(svc.admin)).json()["items"]} == {
        own["id"], everyone["id"]}
    assert svc.client.get("/v1/webhooks", headers=bearer(svc.key(Role.CONTRACT_MANAGER))).status_code == 403

    svc.emit("contract.reviewed", beta, contract_id="beta-1")
    svc.emit("contract.reviewed", alpha, contract_id="alpha-1")
    svc.emit("contract.reviewed", None, contract_id="no-customer")
    assert delivery.run_due(svc.runtime) == 4
    received = {(json.loads(r.body)["data"]["contract_id"]) for r in receiver.requests}
    assert received == {"beta-1", "alpha-1", "no-customer"}
    assert [d["status"] for d in svc.log(own["id"], alpha_admin)] == ["succeeded"]
    seen_by_alpha = {json.loads(r.body)["data"]["contract_id"] for r in receiver.requests
                     if _signed_by(own["secret"], r)}
    assert seen_by_alpha == {"alpha-1"}
    assert len(svc.log(everyone["id"])) == 3

    disabled = svc.client.patch(f"/v1/webhooks/{own['id']}", json={"enabled": False}, headers=bearer(alpha_admin))
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    stale = svc.client.patch(f"/v1/webhooks/{own['id']}", json={"enabled": True},
                             headers={**bearer(alpha_admin), "If-Match": shown_etag(own)})
    assert stale.status_code == 412
    svc.emit("contract.reviewed", alpha, contract_id="alpha-2")
    assert len(svc.log(own["id"], alpha_admin)) == 1  # disabled: nothing queued for it
    assert svc.client.delete(f"/v1/webhooks/{own['id']}", headers=bearer(alpha_admin)).status_code == 204
    # An exemption an unlimited admin granted does not follow the URL when Alpha's admin moves it.
    exempt = svc.subscribe(receiver.url, ["contract.reviewed"], customer=str(alpha), allow_private_network=True)
    moved = svc.client.patch(f"/v1/webhooks/{exempt['id']}", json={"url": f"http://localhost:{receiver.port}/x"},
                             headers=bearer(alpha_admin))
    assert moved.status_code == 200 and moved.json()["allow_private_network"] is False
    inside = svc.client.patch(f"/v1/webhooks/{exempt['id']}", json={"url": "http://10.9.9.9/x"},
                              headers=bearer(alpha_admin))
    assert inside.status_code == 422  # a private literal, no longer exempt
    assert svc.client.get(f"/v1/webhooks/{own['id']}", headers=bearer(alpha_admin)).status_code == 404


def shown_etag(made: dict[str, Any]) -> str:
    """The ETag the subscription had when it was created (revision 1)."""
    return f'"webhook-{uuid.UUID(made["id"]).hex}-1"'


def _signed_by(secret: str, request: Any) -> bool:
    try:
        Webhook(secret).verify(request.body, request.headers, json_parse=False)
    except WebhookVerificationError:
        return False
    return True
