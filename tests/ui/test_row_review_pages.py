"""Row review on the workbench without a browser: the forms go through docsvc/review (visible through the API),
refuse a missing CSRF token and a reader's session, explain a stale ETag and name the field a 422 is about."""

from __future__ import annotations

import uuid
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select

from docsvc.db import transaction
from docsvc.models import Contract, Customer, PriceItem, Role, SlaTerm
from docsvc.runtime import Runtime
from docsvc.users import service as users
from tests.ui.conftest import csrf_of, sign_in

PASSWORD = "correct horse battery"


def _setup(runtime: Runtime) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with transaction(runtime.sessions) as session:
        for email, role in (("m@example.com", Role.CONTRACT_MANAGER), ("r@example.com", Role.READER)):
            users.create_user(session, email=email, display_name=email.split("@")[0], role=role, password=PASSWORD,
                              actor="test")
        customer = Customer(name="Delta", name_key="delta")
        session.add(customer)
        session.flush()
        contract = Contract(customer_id=customer.id, title="MSA Delta")
        session.add(contract)
        session.flush()
        sla = SlaTerm(contract_id=contract.id, metric="availability", target_value=Decimal("99.5"),
                      target_unit="percent", confidence=0.7,
                      evidence={"page": 1, "bbox": [72, 100, 300, 112], "text": "99.5 % availability"})
        price = PriceItem(contract_id=contract.id, description="Licence", unit_price=Decimal("10"),
                          unit_price_text="10", confidence=0.4, evidence={"page": 2, "text": "Licence 10"})
        session.add_all([sla, price])
        session.flush()
        return contract.id, sla.id, price.id


def _form(client: TestClient, contract_id: uuid.UUID) -> dict[str, str]:
    view = client.get(f"/ui/contracts/{contract_id}").text
    etag = view.split('name="etag" value="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    return {"csrf": csrf_of(view), "etag": etag}


def test_rows_are_reviewed_through_the_review_service(client: TestClient, runtime: Runtime,
                                                      keys: dict[Role, str]) -> None:
    contract_id, sla_id, price_id = _setup(runtime)
    assert sign_in(client, email="m@example.com", password=PASSWORD) == 303
    base = f"/ui/contracts/{contract_id}"
    page = client.get(base).text
    assert f'id="row-sla-{sla_id}"' in page and "confidence 70 %" in page and "needs review" in page
    german = client.get(base, headers={"Accept-Language": "de-DE"}).text
    assert "Ganze Tabelle bestätigen" in german and "Fehlende Zeile hinzufügen" in german and "ungeprüft" in german
    r = client.post(f"{base}/rows/prices/{price_id}", data={**_form(client, contract_id), "action": "reject"},
                    follow_redirects=False)
    assert r.status_code == 303 and "msg=saved" in r.headers["location"]
    api = {"Authorization": f"Bearer {keys[Role.READER]}"}
    assert client.get(f"/v1/contracts/{contract_id}/price-items", headers=api).json() == []
    stale = {"etag": '"stale"', "csrf": _form(client, contract_id)["csrf"]}
    conflict = client.post(f"{base}/rows/sla/{sla_id}", data={**stale, "action": "accept"})
    assert "Someone else changed this contract" in conflict.text
    # A value the schema refuses: the message names the field, next to the row's form; nothing changes.
    bad = client.post(f"{base}/rows/sla/{sla_id}", data={
        **_form(client, contract_id), "action": "correct", "f.metric": "availability", "f.target_value": "lots",
        "f.target_unit": "percent"})
    assert bad.status_code == 200 and "target_value" in bad.text and 'role="alert"' in bad.text
    missing = client.post(f"{base}/rows/sla", data={**_form(client, contract_id), "f.target_value": "4",
                                                    "f.target_unit": "hours", "quote": "4 hours"})
    assert "metric" in missing.text and "Not saved" in missing.text
    added = client.post(f"{base}/rows/sla", data={
        **_form(client, contract_id), "f.metric": "resolution_time", "f.target_value": "4", "f.target_unit": "hours",
        "f.exclusions": "planned maintenance\nforce majeure", "quote": "resolved within 4 hours", "page": "1",
        "bbox": "72 200 300 212"}, follow_redirects=False)
    assert added.status_code == 303 and "msg=saved" in added.headers["location"]
    done = client.post(f"{base}/tables/sla/accept", data=_form(client, contract_id), follow_redirects=False)
    assert "msg=saved" in done.headers["location"]
    sla = client.get(f"/v1/contracts/{contract_id}/sla", headers=api).json()
    assert {(s["metric"], s["review_state"]) for s in sla} == {("availability", "accepted"),
                                                              ("resolution_time", "added")}
    new = next(s for s in sla if s["metric"] == "resolution_time")
    assert new["evidence"]["bbox"] == [72, 200, 300, 212] and new["evidence"]["text"] == "resolved within 4 hours"
    assert client.post(f"{base}/review-status", data=_form(client, contract_id),
                       follow_redirects=False).status_code == 303
    status = client.get(f"/v1/contracts/{contract_id}/review-status", headers=api).json()
    assert status["review_status"] == "reviewed" and status["reviewed_by"].startswith("m <m@example.com>")


def test_row_forms_refuse_a_missing_csrf_token_and_a_reader(client: TestClient, runtime: Runtime) -> None:
    contract_id, sla_id, _ = _setup(runtime)
    base = f"/ui/contracts/{contract_id}"
    posts = [(f"{base}/rows/sla/{sla_id}", {"action": "reject"}), (f"{base}/tables/sla/accept", {}),
             (f"{base}/rows/sla", {"f.metric": "other", "f.target_value": "1", "f.target_unit": "days"}),
             (f"{base}/review-status", {})]
    assert sign_in(client, email="m@example.com", password=PASSWORD) == 303
    etag = _form(client, contract_id)["etag"]
    for url, data in posts:
        for token in ("", "forged"):
            r = client.post(url, data={**data, "etag": etag, "csrf": token})
            assert r.status_code == 400 and "expired" in r.text, url
    client.post("/ui/sign-out", data={"csrf": csrf_of(client.get("/ui/").text)})
    assert sign_in(client, email="r@example.com", password=PASSWORD) == 303
    page = client.get(base).text
    assert "Accept whole table" not in page and "Add a missed row" not in page and "needs review" in page
    form = {"csrf": csrf_of(page), "etag": etag}  # a valid token and the current ETag: only the role is wrong
    for url, data in posts:
        r = client.post(url, data={**data, **form})
        assert r.status_code == 403, url
    with transaction(runtime.sessions) as session:
        row = session.scalar(select(SlaTerm).where(SlaTerm.id == sla_id))
        contract = session.get(Contract, contract_id)
        assert row is not None and row.review_state == "pending"
        assert contract is not None and contract.review_status == "needs_review"
