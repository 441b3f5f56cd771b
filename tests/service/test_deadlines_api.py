"""GET /v1/deadlines, GET /v1/calendar.ics and the secret calendar feeds, on SQLite and PostgreSQL.

The dates are the golden ones of tests/deadlines/test_compute.py (worked by hand there); these tests check the
wiring: records read with reviewed values winning, tenancy, paging, filters, and the feed parsed back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import update

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.models import ApiKey, Contract, Customer, ExtractedField, Role
from docsvc.models.base import utcnow
from docsvc.runtime import Runtime
from tests.service.conftest import bearer

WORKING_DAYS = "not less than three months' notice; if that day is not a Working Day, the preceding Working Day"


def seed(runtime: Runtime) -> dict[str, Any]:
    """Alpha: 3 years from 2024-01-01, renews yearly, 3 months' notice (reviewed; the notice period corrected
    from P1M to P3M, so the reviewed value must win). Beta: expires 2026-11-30, 3 months' notice in working
    days under English law (unreviewed). No customer: open-ended, annual CPI review with 2 months' notice."""
    with transaction(runtime.sessions) as session:
        alpha, beta = Customer(name="Alpha"), Customer(name="Beta")
        session.add_all([alpha, beta])
        session.flush()
        contracts = {"alpha": Contract(customer_id=alpha.id, title="Alpha print"),
                     "beta": Contract(customer_id=beta.id, title="Beta network"),
                     "open": Contract(title="Open-ended support")}
        session.add_all(contracts.values())
        session.flush()

        def field(contract: str, name: str, value: Any, state: str = "accepted", text: str = "",
                  reviewed_value: Any = None) -> None:
            session.add(ExtractedField(contract_id=contracts[contract].id, name=name, value=value,
                                       reviewed_value=reviewed_value, review_state=state, confidence=0.9,
                                       evidence={"page": 2, "text": text or f"{name} as written"}))

        field("alpha", "effective_date", "2024-01-01")
        field("alpha", "initial_term", "P3Y")
        field("alpha", "auto_renewal", True)
        field("alpha", "renewal_term", "P1Y")
        field("alpha", "renewal_notice_period", "P1M", state="corrected", reviewed_value="P3M",
              text="three (3) months' written notice before the end of the then current term")
        field("alpha", "governing_law", "England and Wales")
        field("beta", "expiration_date", "2026-11-30", state="pending")
        field("beta", "auto_renewal", False, state="pending")
        field("beta", "renewal_notice_period", "P3M", state="pending", text=WORKING_DAYS)
        field("beta", "governing_law", "the laws of England and Wales", state="pending")
        field("open", "effective_date", "2024-01-01")
        field("open", "pricing.price_review", {"index": "CPI", "frequency": "annual", "notice_period": "P2M"})
        keys = {}
        for name, customer in (("alpha", alpha.id), ("beta", beta.id)):
            keys[name] = create_key(session, name=f"{name} reader", role=Role.READER, actor="test",
                                    customer_id=customer)[1]
        return {"ids": {k: str(c.id) for k, c in contracts.items()}, "keys": keys,
                "customers": {"alpha": str(alpha.id), "beta": str(beta.id)}}


def listing(client: TestClient, key: str, **params: Any) -> list[dict[str, Any]]:
    answer = client.get("/v1/deadlines", params=params, headers=bearer(key))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_deadlines_of_every_visible_contract_by_date(client: TestClient, runtime: Runtime,
                                                     keys: dict[Role, str]) -> None:
    world = seed(runtime)
    ids = world["ids"]
    reader = keys[Role.READER]
    found = listing(client, reader, on="2026-06-01", within="400d", limit=500)
    # Window 2026-06-01..2027-07-06. Alpha: notice 2026-09-30 (with P3M; the extracted P1M would have given
    # 2026-11-30), renewal 2027-01-01. Beta: 31 Aug (bank holiday Monday) -> Fri 2026-08-28, expiry
    # 2026-11-30. Open-ended: review notice 2026-10-31, review 2027-01-01.
    expected = sorted([("2026-09-30", ids["alpha"], 0, "notice"), ("2027-01-01", ids["alpha"], 2, "renewal"),
                       ("2026-08-28", ids["beta"], 0, "notice"), ("2026-11-30", ids["beta"], 1, "expiry"),
                       ("2026-10-31", ids["open"], 4, "price_review_notice"),
                       ("2027-01-01", ids["open"], 3, "price_review")],
                      key=lambda t: (t[0], uuid.UUID(t[1]).bytes, t[2]))
    assert [(d["due"], d["contract_id"], d["kind"]) for d in found] == [(a, b, d) for a, b, _, d in expected]
    alpha_notice = next(d for d in found if d["contract_id"] == ids["alpha"] and d["kind"] == "notice")
    assert alpha_notice["clause"]["value"] == "P3M" and alpha_notice["reviewed"] is True
    assert alpha_notice["clause"]["evidence"]["text"].startswith("three (3) months")
    assert alpha_notice["customer_id"] == world["customers"]["alpha"]
    beta_notice = next(d for d in found if d["contract_id"] == ids["beta"] and d["kind"] == "notice")
    assert beta_notice["moved_from"] == "2026-08-31" and beta_notice["reviewed"] is False
    assert any(n.startswith("not reviewed") for n in beta_notice["notes"])

    # One contract's own list: without a window, the current term (notice not yet passed).
    own = client.get(f"/v1/contracts/{ids['alpha']}/deadlines", params={"on": "2026-06-01"}, headers=bearer(reader))
    assert [(d["kind"], d["due"]) for d in own.json()] == [("notice", "2026-09-30"), ("renewal", "2027-01-01")]
    assert client.get(f"/v1/contracts/{ids['beta']}/deadlines",
                      headers=bearer(world["keys"]["alpha"])).status_code == 404

    # Pages of 2 walk the same list.
    seen, cursor = [], None
    while True:
        answer = client.get("/v1/deadlines", headers=bearer(reader), params={
            "on": "2026-06-01", "within": "400d", "limit": 2, **({"cursor": cursor} if cursor else {})})
        seen += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == found
    # Filters: kind, customer by name, and the window (90 days: up to 2026-08-30).
    assert [d["due"] for d in listing(client, reader, on="2026-06-01", within="400d", kind="notice")] == [
        "2026-08-28", "2026-09-30"]
    assert {d["contract_id"] for d in listing(client, reader, on="2026-06-01", within="400d",
                                              customer="beta")} == {ids["beta"]}
    assert [d["due"] for d in listing(client, reader, on="2026-06-01", within="90d")] == ["2026-08-28"]
    # A key limited to Alpha sees Alpha's contract only.
    assert {d["contract_id"] for d in listing(client, world["keys"]["alpha"], on="2026-06-01",
                                              within="400d")} == {ids["alpha"]}


def test_bad_deadline_queries_are_problems(client: TestClient, keys: dict[Role, str]) -> None:
    reader = bearer(keys[Role.READER])
    for params in ({"within": "90x"}, {"within": "10000d"}, {"kind": "birthday"}, {"on": "10000-01-01"}):
        answer = client.get("/v1/deadlines", params=params, headers=reader)
        assert answer.status_code in (400, 422), (params, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    answer = client.get("/v1/deadlines", params={"cursor": "bogus"}, headers=reader)
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_cursor"
    assert client.get("/v1/calendar.ics").status_code == 401
    # The end of the calendar is no server error: nothing is due after 9999-12-31.
    edge = client.get("/v1/deadlines", params={"on": "9999-12-31", "within": "9999w"}, headers=reader)
    assert edge.status_code == 200 and edge.json()["items"] == []


def events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_calendar_feeds_parse_back_and_keep_to_the_customer(client: TestClient, runtime: Runtime,
                                                            keys: dict[Role, str]) -> None:
    world = seed(runtime)
    ids = world["ids"]
    reader = keys[Role.READER]
    today = dt.date.today().isoformat()
    expected = listing(client, reader, on=today, within="400d", limit=500)
    assert expected, "Alpha renews every year and the open-ended contract is reviewed every year"
    answer = client.get("/v1/calendar.ics", headers=bearer(reader))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    parsed = events(answer.content)
    assert [(e.decoded("dtstart").isoformat(), str(e["x-docsvc-contract-id"]), str(e["x-docsvc-kind"]))
            for e in parsed] == [(d["due"], d["contract_id"], d["kind"]) for d in expected]
    notice = next(e for e in parsed if str(e["x-docsvc-kind"]) == "notice")
    assert notice.decoded("dtend") - notice.decoded("dtstart") == dt.timedelta(days=1)
    assert "three (3) months' written notice" in str(notice["description"])
    assert str(notice["x-docsvc-clause"]) == "renewal_notice_period" and "Alpha print" in str(notice["summary"])
    assert len({str(e["uid"]) for e in parsed}) == len(parsed)

    # Alpha's reader makes a feed: the URL works without a header and holds Alpha's contract only.
    made = client.post("/v1/calendar-feeds", json={"name": "Alpha deadlines"}, headers=bearer(world["keys"]["alpha"]))
    assert made.status_code == 201, made.text
    feed = made.json()
    assert feed["customer_id"] == world["customers"]["alpha"] and "url" in feed
    path = feed["url"].removeprefix("http://testserver")
    subscribed = client.get(path)
    assert subscribed.status_code == 200
    assert {str(e["x-docsvc-contract-id"]) for e in events(subscribed.content)} == {ids["alpha"]}
    assert str(Calendar.from_ical(subscribed.content)["x-wr-calname"]) == "Alpha deadlines"
    # The token is stored hashed: the listing never shows it again.
    listed = client.get("/v1/calendar-feeds", headers=bearer(world["keys"]["alpha"])).json()
    assert [f["id"] for f in listed] == [feed["id"]] and "url" not in listed[0]
    assert client.get("/v1/calendar-feeds", headers=bearer(world["keys"]["beta"])).json() == []
    # An Alpha key cannot widen its feed to another customer.
    other = client.post("/v1/calendar-feeds", json={"customer": world["customers"]["beta"]},
                        headers=bearer(world["keys"]["alpha"]))
    assert other.status_code == 404
    # Beta cannot revoke it; Alpha can, and the URL is dead afterwards.
    assert client.delete(f"/v1/calendar-feeds/{feed['id']}", headers=bearer(world["keys"]["beta"])).status_code == 404
    assert client.get(path).status_code == 200
    assert client.delete(f"/v1/calendar-feeds/{feed['id']}", headers=bearer(world["keys"]["alpha"])).status_code == 204
    gone = client.get(path)
    assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/feeds/" + "x" * 43 + ".ics").status_code == 404


def test_a_feed_dies_with_the_key_that_made_it(client: TestClient, runtime: Runtime,
                                               keys: dict[Role, str]) -> None:
    seed(runtime)
    with transaction(runtime.sessions) as session:
        key_row, key = create_key(session, name="temporary", role=Role.READER, actor="test")
    made = client.post("/v1/calendar-feeds", json={"kinds": ["price_review"], "within": "800d"}, headers=bearer(key))
    assert made.status_code == 201, made.text
    path = made.json()["url"].removeprefix("http://testserver")
    kinds = {str(e["x-docsvc-kind"]) for e in events(client.get(path).content)}
    assert kinds == {"price_review"}
    with transaction(runtime.sessions) as session:
        session.execute(update(ApiKey).where(ApiKey.id == key_row.id).values(revoked_at=utcnow()))
    assert client.get(path).status_code == 404
