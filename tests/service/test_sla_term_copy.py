"""SLA rows carry their contract's customer and term (migration 0005's triggers), and GET /v1/sla answers by
the contract's *current* term: a reviewed date moves ``active_on``; a lost database is a 503, not a 500."""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update

from docsvc.contracts.sla_reads import PostgresSlaReader
from docsvc.db import transaction
from docsvc.errors import DatabaseUnavailable
from docsvc.models import Contract, Customer, Role, SlaTerm
from docsvc.pagination import CursorCodec
from docsvc.runtime import Runtime
from tests.service.conftest import bearer
from tests.service.test_contracts import two_contracts  # noqa: F401  (fixture)

COPY = (SlaTerm.customer_id, SlaTerm.contract_effective_date, SlaTerm.contract_expiration_date)


def _copies(runtime: Runtime, contract_id: uuid.UUID) -> set[tuple[object, ...]]:
    with runtime.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(select(*COPY).where(SlaTerm.contract_id == contract_id))}


def test_sla_rows_follow_their_contract(runtime: Runtime) -> None:
    with transaction(runtime.sessions) as session:
        first, second = Customer(name="First plc"), Customer(name="Second Ltd")
        session.add_all([first, second])
        session.flush()
        contract = Contract(customer_id=first.id, effective_date=dt.date(2024, 1, 1),
                            expiration_date=dt.date(2026, 12, 31))
        other = Contract(customer_id=second.id, effective_date=dt.date(2020, 5, 1))
        session.add_all([contract, other])
        session.flush()
        # Through the ORM and through Core (as bulk loads do): neither names the copied columns.
        session.add(SlaTerm(contract_id=contract.id, metric="availability", target_value=Decimal("99.9"),
                            target_unit="percent"))
        session.execute(insert(SlaTerm), [{"id": uuid.uuid4(), "contract_id": contract.id, "metric": "response_time",
                                           "target_value": Decimal(30), "target_unit": "minutes",
                                           "confidence": 0.5, "evidence": {}, "review_state": "pending",
                                           "exclusions": []}])
        ids = (contract.id, other.id, first.id, second.id)
    contract_id, other_id, first_id, second_id = ids
    assert _copies(runtime, contract_id) == {(first_id, dt.date(2024, 1, 1), dt.date(2026, 12, 31))}

    with transaction(runtime.sessions) as session:
        session.execute(update(Contract).where(Contract.id == contract_id)
                        .values(customer_id=second_id, expiration_date=None))
    assert _copies(runtime, contract_id) == {(second_id, dt.date(2024, 1, 1), None)}

    with transaction(runtime.sessions) as session:  # an SLA row moved to another contract takes its values
        row = session.scalars(select(SlaTerm).where(SlaTerm.contract_id == contract_id)).first()
        assert row is not None
        row.contract_id = other_id
    assert _copies(runtime, other_id) == {(second_id, dt.date(2020, 5, 1), None)}
    assert len(_copies(runtime, contract_id)) == 1


def test_a_reviewed_term_date_moves_active_on(client: TestClient, keys: dict[Role, str],
                                              two_contracts: dict[str, str]) -> None:  # noqa: F811
    manager, reader = bearer(keys[Role.CONTRACT_MANAGER]), bearer(keys[Role.READER])
    acme = two_contracts["acme"]  # in force 2024-04-01 .. 2027-03-31

    def in_force(day: str) -> set[str]:
        page = client.get("/v1/sla", params={"active_on": day, "limit": 500}, headers=reader)
        assert page.status_code == 200, page.text
        return {r["contract_id"] for r in page.json()["items"]}

    assert acme not in in_force("2028-06-01")
    url = f"/v1/contracts/{acme}"

    def review(body: dict[str, object]) -> dict[str, object]:
        etag = client.get(url, headers=manager).headers["etag"]
        r = client.patch(f"{url}/fields/expiration_date", json=body, headers={**manager, "If-Match": etag})
        assert r.status_code == 200, r.text
        record: dict[str, object] = r.json()
        return record

    assert review({"action": "correct", "value": "2028-12-31"})["expiration_date"] == "2028-12-31"
    assert acme in in_force("2028-06-01") and acme not in in_force("2029-01-01")
    # A rejected end date is no end date: the contract is open-ended, as the record now says.
    assert review({"action": "reject"})["expiration_date"] is None
    assert acme in in_force("2035-01-01") and acme not in in_force("2024-03-31")
    assert two_contracts["beta"] not in in_force("2035-01-01")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("settings", ["postgresql"], indirect=True)  # the async read pool is PostgreSQL's
def test_sla_reads_without_a_database_answer_503(client: TestClient, keys: dict[Role, str]) -> None:
    gone = PostgresSlaReader(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test", connections=1,
                             connect_timeout=1.0, cursors=CursorCodec(b"test"))
    original = client.app.state.sla_reader  # type: ignore[attr-defined]
    client.portal.call(gone.open)  # type: ignore[union-attr]
    client.app.state.sla_reader = gone  # type: ignore[attr-defined]
    try:
        r = client.get("/v1/sla", params={"metric": "availability"}, headers=bearer(keys[Role.READER]))
    finally:
        client.app.state.sla_reader = original  # type: ignore[attr-defined]
        client.portal.call(gone.close)  # type: ignore[union-attr]
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "database_unavailable" and r.headers["retry-after"]
    assert client.get("/v1/sla", headers=bearer(keys[Role.READER])).status_code == 200  # the real pool still works

    with pytest.raises(DatabaseUnavailable):  # and the reader alone, outside any app
        client.portal.call(_page_of_closed_pool)  # type: ignore[union-attr]


async def _page_of_closed_pool() -> bytes:
    reader = PostgresSlaReader(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test", connections=1,
                               connect_timeout=1.0, cursors=CursorCodec(b"test"))
    return await reader.page({"customer_scope": None, "customer": None, "service": None, "metric": None,
                              "priority": None, "active_on": None, "after": None}, 10)
