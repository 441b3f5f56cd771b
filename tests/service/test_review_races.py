"""Row review writes raced by 8 clients holding one ETag against a real server (SQLite and PostgreSQL):
exactly one wins, the others get 412 with the ETag they would need now, and only the winner is audited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from docsvc.config import Settings
from docsvc.models import Role
from tests.fixtures.databases import temporary_postgres_database
from tests.fixtures.races import Live, describe, ingest, live_server
from tests.fixtures.service_docs import write_sla_contract

RACERS = 8
TRIALS = 5

Request = Callable[[httpx.Client], httpx.Response]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    home = tmp_path_factory.mktemp("review-races") / "home"
    if request.param == "sqlite":
        with live_server(Settings(home=home)) as server:
            yield server
        return
    with temporary_postgres_database() as url, live_server(Settings(home=home, database_url=url)) as server:
        yield server


@pytest.fixture(scope="module")
def contract(live: Live, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("contracts")
    return ingest(live, write_sla_contract(folder / "sla.docx", supplier="Northwind", customer="Acme"),
                  customer="Acme")


def _race(live: Live, contract: str, make: Callable[[int, str, list[dict[str, Any]]], Request],
          audit_action: str) -> None:
    url = f"/v1/contracts/{contract}"
    manager = live.headers(Role.CONTRACT_MANAGER)
    with live.client() as http:
        for _ in range(TRIALS):
            before = http.get(url, headers=manager)
            tag, revision = before.headers["etag"], before.json()["revision"]
            rows = http.get(f"{url}/sla?include_rejected=true", headers=manager).json()
            audited = len(live.audit(audit_action, contract))
            responses = live.race_requests([make(i, tag, rows) for i in range(RACERS)])
            statuses = sorted(r.status_code for r in responses)
            assert statuses[1:] == [412] * (RACERS - 1) and statuses[0] in (200, 201), describe(responses)
            winner = next(r for r in responses if r.status_code < 300)
            after = http.get(url, headers=manager)
            assert after.json()["revision"] == revision + 1
            assert after.headers["etag"] == winner.headers["etag"]
            assert {r.headers["etag"] for r in responses if r.status_code == 412} == {after.headers["etag"]}
            assert len(live.audit(audit_action, contract)) == audited + 1


def test_one_etag_lets_exactly_one_row_correction_through(live: Live, contract: str) -> None:
    manager = live.headers(Role.CONTRACT_MANAGER)

    def correct(i: int, tag: str, rows: list[dict[str, Any]]) -> Request:
        path = f"/v1/contracts/{contract}/sla/{rows[0]['id']}"
        body = {"action": "correct", "value": {"target_value": str(90 + i)}}
        return lambda c: c.patch(path, json=body, headers={**manager, "If-Match": tag})

    _race(live, contract, correct, "row.correct.sla")


def test_one_etag_lets_exactly_one_added_row_in(live: Live, contract: str) -> None:
    manager = live.headers(Role.CONTRACT_MANAGER)

    def add(i: int, tag: str, rows: list[dict[str, Any]]) -> Request:
        body = {"metric": "response_time", "priority": f"P{i}", "target_value": "1", "target_unit": "hours"}
        return lambda c: c.post(f"/v1/contracts/{contract}/sla", json=body, headers={**manager, "If-Match": tag})

    with live.client() as http:
        count = len(http.get(f"/v1/contracts/{contract}/sla", headers=manager).json())
    _race(live, contract, add, "row.add.sla")
    with live.client() as http:
        assert len(http.get(f"/v1/contracts/{contract}/sla", headers=manager).json()) == count + TRIALS


def test_one_etag_lets_exactly_one_bulk_review_through(live: Live, contract: str) -> None:
    manager = live.headers(Role.CONTRACT_MANAGER)

    def bulk(i: int, tag: str, rows: list[dict[str, Any]]) -> Request:
        body = {"action": "reject" if i % 2 else "accept", "ids": [r["id"] for r in rows]}
        return lambda c: c.post(f"/v1/contracts/{contract}/sla/review", json=body,
                                headers={**manager, "If-Match": tag})

    # a bulk review is audited once per row: the winner's rows, and no loser's
    def audited(action: str) -> int:
        return len(live.audit(action, contract))

    accepts, rejects = audited("row.accept.sla"), audited("row.reject.sla")
    url = f"/v1/contracts/{contract}"
    with live.client() as http:
        for _ in range(TRIALS):
            tag = http.get(url, headers=manager).headers["etag"]
            rows = http.get(f"{url}/sla?include_rejected=true", headers=manager).json()
            responses = live.race_requests([bulk(i, tag, rows) for i in range(RACERS)])
            assert sorted(r.status_code for r in responses) == [200] + [412] * (RACERS - 1), describe(responses)
            now = audited("row.accept.sla") + audited("row.reject.sla")
            assert now == accepts + rejects + len(rows)  # one winner's rows, nobody else's
            accepts, rejects = audited("row.accept.sla"), audited("row.reject.sla")


def test_one_etag_lets_exactly_one_review_status_change_through(live: Live, contract: str) -> None:
    manager = live.headers(Role.CONTRACT_MANAGER)

    def status(i: int, tag: str, rows: list[dict[str, Any]]) -> Request:
        body = {"status": "reviewed" if i % 2 else "in_review"}
        return lambda c: c.post(f"/v1/contracts/{contract}/review-status", json=body,
                                headers={**manager, "If-Match": tag})

    _race(live, contract, status, "contract.review_status")
