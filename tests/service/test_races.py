"""Every conditional or state-changing route, raced by 8 clients against a real server (SQLite and PostgreSQL).

A precondition (an ETag, a workflow state, "not yet revoked") checked in one statement and acted on in another
lets every racer pass it: issue 10 measured 8 × 200 for one ETag. These tests release the requests together
(``tests.fixtures.races.race``) and assert that exactly one wins and the others get the answer a sequential
caller would have got (412, 409, or the idempotent result), never a 500.
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from docsvc.config import Settings
from docsvc.contracts.materialize import materialize
from docsvc.db import transaction
from docsvc.models import Contract, Document, ExtractionRun, Role, SlaTerm
from docsvc.runtime import Runtime
from tests.fixtures.databases import temporary_postgres_database
from tests.fixtures.races import Live, describe, ingest, live_server
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract

RACERS = 8
# One key's racing template uploads each take a render slot for their dry run (and one owner may hold only its
# share of them, issue 10): a slot per racer, so the race is about the version numbers, not about fairness.
WAIT_FOR_RENDER: dict[str, Any] = {"render_workers": RACERS, "render_per_customer": RACERS,
                                   "generation_wait_seconds": 120.0}
TRIALS = 5  # each trial is a fresh precondition; a race that is won only sometimes shows up across trials

Request = Callable[[httpx.Client], httpx.Response]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One server per backend for the whole module: starting one and extracting contracts costs seconds."""
    home = tmp_path_factory.mktemp("races") / "home"
    if request.param == "sqlite":
        with live_server(Settings(home=home, **WAIT_FOR_RENDER)) as server:
            yield server
        return
    with (temporary_postgres_database() as url,
          live_server(Settings(home=home, database_url=url, **WAIT_FOR_RENDER)) as server):
        yield server


@pytest.fixture(scope="module")
def contracts(live: Live, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("contracts")
    return {"sla": ingest(live, write_sla_contract(folder / "sla.docx", supplier="Northwind", customer="Acme"),
                          customer="Acme"),
            "priced": ingest(live, write_priced_contract(folder / "mps.docx", supplier="Acme Print",
                                                         customer="Smith"), customer="Smith")}


def test_one_etag_lets_exactly_one_field_review_through(live: Live, contracts: dict[str, str]) -> None:
    url = f"/v1/contracts/{contracts['sla']}"
    manager = live.headers(Role.CONTRACT_MANAGER)
    with live.client() as http:
        for trial in range(TRIALS):
            before = http.get(url, headers=manager)
            etag, revision = before.headers["etag"], before.json()["revision"]
            law = before.json()["fields"]["governing_law"]["value"]

            def review(i: int, trial: int = trial, etag: str = etag) -> Request:
                body = {"action": "correct", "value": f"Law {trial}.{i}"}
                return lambda c: c.patch(f"{url}/fields/governing_law", json=body,
                                         headers={**manager, "If-Match": etag})

            responses = live.race_requests([review(i) for i in range(RACERS)])
            statuses = sorted(r.status_code for r in responses)
            assert statuses == [200] + [412] * (RACERS - 1), describe(responses)
            winner = next(r for r in responses if r.status_code == 200)
            after = http.get(url, headers=manager)
            assert after.json()["revision"] == revision + 1
            assert after.headers["etag"] == winner.headers["etag"]
            assert after.json()["fields"]["governing_law"]["value"] == winner.json()["fields"]["governing_law"]["value"]
            # every loser is told the ETag it would need now
            assert {r.headers["etag"] for r in responses if r.status_code == 412} == {after.headers["etag"]}
            assert all(r.headers["content-type"] == "application/problem+json" for r in responses
                       if r.status_code == 412)
            reviews = [e for e in live.audit("field.correct", contracts["sla"]) if e.details["before"] == law]
            assert len(reviews) == 1, [e.details for e in reviews]


def _post(path: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Request:
    return lambda c: c.post(path, json=body, headers=headers)


def _put(path: str, headers: dict[str, str], body: dict[str, Any]) -> Request:
    return lambda c: c.put(path, json=body, headers=headers)


def _change_request(live: Live, http: httpx.Client, contract: str) -> str:
    body = {"title": f"Race {uuid.uuid4().hex[:6]}", "items": [{"description": "Install a firewall"}]}
    created = http.post(f"/v1/contracts/{contract}/change-requests", json=body,
                        headers=live.headers(Role.COORDINATOR))
    assert created.status_code == 201, created.text
    request_id: str = created.json()["id"]
    return request_id


def test_concurrent_approve_and_reject_decide_once(live: Live, contracts: dict[str, str]) -> None:
    manager, coordinator = live.headers(Role.CONTRACT_MANAGER), live.headers(Role.COORDINATOR)
    with live.client() as http:
        for _ in range(TRIALS):
            url = f"/v1/change-requests/{_change_request(live, http, contracts['priced'])}"
            submits = live.race_requests([_post(f"{url}/submit", coordinator)] * RACERS)
            assert sorted(r.status_code for r in submits) == [200] + [409] * (RACERS - 1), describe(submits)
            steps = ["approve", "reject"] * (RACERS // 2)
            decisions = live.race_requests([_post(f"{url}/{s}", manager, {"comment": s}) for s in steps])
            assert sorted(r.status_code for r in decisions) == [200] + [409] * (RACERS - 1), describe(decisions)
            final = http.get(url, headers=coordinator).json()
            winner = next(r for r in decisions if r.status_code == 200).json()
            assert final["status"] == winner["status"] in ("approved", "rejected")
            assert final["decision_comment"] == {"approved": "approve", "rejected": "reject"}[final["status"]]
            for loser in (r for r in decisions if r.status_code == 409):
                problem = loser.json()
                # the workflow state has its own member: ``status`` is the HTTP status (RFC 9457)
                assert problem["status"] == 409 and problem["state"] == final["status"], problem
            request_id = url.rsplit("/", 1)[1]
            assert len(live.audit("change_request.submit", request_id)) == 1
            decided = live.audit("change_request.approve", request_id) + live.audit("change_request.reject",
                                                                                    request_id)
            assert len(decided) == 1


def test_identical_price_reviews_at_once_are_created_once(live: Live, contracts: dict[str, str]) -> None:
    coordinator = live.headers(Role.COORDINATOR)
    url = f"/v1/contracts/{contracts['priced']}/price-reviews"
    with live.client() as http:
        for trial in range(TRIALS):
            body = {"review_date": f"2025-0{trial + 1}-01", "percent": "2.5"}
            responses = live.race_requests([_post(url, coordinator, body)] * RACERS)
            assert sorted(r.status_code for r in responses) == [200] * (RACERS - 1) + [201], describe(responses)
            assert len({r.json()["id"] for r in responses}) == 1
            stored = [r for r in http.get(url, headers=coordinator).json() if r["review_date"] == body["review_date"]]
            assert [r["id"] for r in stored] == [responses[0].json()["id"]]
        # a different request for the same date is a new review, as before
        other = http.post(url, json={"review_date": "2025-01-01", "percent": "3"}, headers=coordinator)
        assert other.status_code == 201, other.text


def test_one_price_review_is_applied_once(live: Live, contracts: dict[str, str]) -> None:
    coordinator, manager = live.headers(Role.COORDINATOR), live.headers(Role.CONTRACT_MANAGER)
    with live.client() as http:
        for trial in range(TRIALS):
            made = http.post(f"/v1/contracts/{contracts['priced']}/price-reviews", headers=coordinator,
                             json={"review_date": f"2030-0{trial + 1}-01", "percent": "1.5"})
            assert made.status_code == 201, made.text
            url = f"/v1/price-reviews/{made.json()['id']}"
            etag = http.get(url, headers=manager).headers["etag"]
            responses = live.race_requests([_post(f"{url}/apply", {**manager, "If-Match": etag})] * RACERS)
            assert sorted(r.status_code for r in responses) == [200] + [409] * (RACERS - 1), describe(responses)
            winner = next(r for r in responses if r.status_code == 200).json()
            assert http.get(url, headers=manager).json()["applied_at"] == winner["applied_at"]
            assert all(r.json()["code"] == "price_review_already_applied" for r in responses if r.status_code == 409)
            applies = [e for e in live.audit("price_review.apply", contracts["priced"])
                       if e.details["price_review"] == made.json()["id"]]
            assert len(applies) == 1


def test_concurrent_change_requests_get_distinct_references(live: Live, tmp_path: Path) -> None:
    with live.client() as http:
        contract = ingest(live, write_sla_contract(tmp_path / "cr.docx", supplier="Fabrikam", customer="Acme"),
                          customer="Acme")
        url = f"/v1/contracts/{contract}/change-requests"
        body = {"title": "At once", "items": [{"description": "Install a firewall"}]}
        responses = live.race_requests([_post(url, live.headers(Role.COORDINATOR), body)] * RACERS)
        assert [r.status_code for r in responses] == [201] * RACERS, describe(responses)
        references = sorted(r.json()["reference"] for r in responses)
        assert references == [f"CR-{n:04d}" for n in range(1, RACERS + 1)]
        assert len(http.get(url, headers=live.headers(Role.READER)).json()) == RACERS


def test_the_same_index_values_loaded_at_once_are_stored_once(live: Live) -> None:
    name = f"R{uuid.uuid4().hex[:8]}"
    body = {"values": [{"period": "2024-06", "value": "133.0"}, {"period": "2025-06", "value": "137.1"}]}
    responses = live.race_requests([_post(f"/v1/indices/{name}/values", live.headers(Role.CONTRACT_MANAGER),
                                          body)] * RACERS)
    assert [r.status_code for r in responses] == [200] * RACERS, describe(responses)
    # each period inserted by exactly one request, found unchanged by the others
    assert sum(r.json()["inserted"] for r in responses) == 2
    assert sum(r.json()["unchanged"] for r in responses) == 2 * (RACERS - 1)
    assert all(r.json()["updated"] == 0 for r in responses)
    with live.client() as http:
        stored = http.get(f"/v1/indices/{name}/values", headers=live.headers(Role.READER)).json()
    assert [(v["period"], v["value"]) for v in stored] == [("2024-06", "133.0"), ("2025-06", "137.1")]


def _template(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(live: Live, name: str, data: bytes) -> Request:
    return lambda c: c.post("/v1/templates", files={"file": ("t.docx", data)},
                            data={"name": name, "kind": "custom", "language": "en"},
                            headers=live.headers(Role.COORDINATOR))


def test_concurrent_template_versions_are_numbered_without_gaps(live: Live) -> None:
    name = f"race-{uuid.uuid4().hex[:8]}"
    uploads = [_upload(live, name, _template(f"Dear {{{{ contract.customer.name }}}}, letter {i}."))
               for i in range(RACERS)]
    responses = live.race_requests(uploads)
    assert [r.status_code for r in responses] == [201] * RACERS, describe(responses)
    assert sorted(r.json()["version"] for r in responses) == list(range(1, RACERS + 1))
    with live.client() as http:
        versions = http.get(f"/v1/templates/{name}", headers=live.headers(Role.READER)).json()
    assert [v["version"] for v in versions] == list(range(1, RACERS + 1))


def test_the_same_template_uploaded_at_once_is_one_version(live: Live) -> None:
    name = f"same-{uuid.uuid4().hex[:8]}"
    data = _template("Dear {{ contract.customer.name }}, welcome.")
    responses = live.race_requests([_upload(live, name, data)] * RACERS)
    assert sorted(r.status_code for r in responses) == [200] * (RACERS - 1) + [201], describe(responses)
    assert {r.json()["version"] for r in responses} == {1}
    assert [r.json()["duplicate"] for r in responses].count(False) == 1


def test_concurrent_revocations_of_a_key_are_audited_once(live: Live) -> None:
    admin = live.headers(Role.ADMIN)
    for _ in range(TRIALS):
        with live.client() as http:
            created = http.post("/v1/keys", json={"name": "to revoke", "role": "reader"}, headers=admin)
            assert created.status_code == 201, created.text
        url = f"/v1/keys/{created.json()['id']}"
        responses = live.race_requests([lambda c, url=url: c.delete(url, headers=admin)] * RACERS)
        assert [r.status_code for r in responses] == [200] * RACERS, describe(responses)
        assert len({r.json()["revoked_at"] for r in responses}) == 1  # every caller sees the one revocation
        assert len(live.audit("api_key.revoke", created.json()["id"])) == 1


def _etag_statuses(live: Live, contract: str, *if_match: Callable[[str], str]) -> list[Any]:
    url = f"/v1/contracts/{contract}"
    manager = live.headers(Role.CONTRACT_MANAGER)
    out = []
    with live.client() as http:
        for header in if_match:
            etag = http.get(url, headers=manager).headers["etag"]
            out.append(http.patch(f"{url}/fields/governing_law", json={"action": "accept"},
                                  headers={**manager, "If-Match": header(etag)}).status_code)
    return out


def test_if_match_star_and_lists_match_as_rfc_9110_says(live: Live, contracts: dict[str, str]) -> None:
    statuses = _etag_statuses(
        live, contracts["sla"],
        lambda etag: "*",
        lambda etag: f'"{uuid.uuid4().hex}-1", {etag}',
        lambda etag: f'{etag},"x"',
        lambda etag: f"W/{etag}",  # If-Match compares strongly: a weak tag never matches
        lambda etag: etag.replace("-", "-9"),
        lambda etag: etag.strip('"'),  # not an entity-tag at all
    )
    assert statuses == [200, 200, 200, 412, 412, 412]


def test_like_wildcards_in_search_text_match_only_themselves(live: Live, contracts: dict[str, str]) -> None:
    """``%``, ``_`` and ``\\`` typed into a search are characters, not LIKE wildcards (``text=%`` listed every
    contract)."""
    with transaction(live.runtime.sessions) as session:
        contract = session.get(Contract, uuid.UUID(contracts["sla"]))
        assert contract is not None
        for service in ("Print 100% cover", "Print_fleet", "Scan fleet"):
            session.add(SlaTerm(contract_id=contract.id, customer_id=contract.customer_id, service=service,
                                metric="availability", target_value=Decimal("99.5"), target_unit="percent"))
    reader = live.headers(Role.READER)
    with live.client() as http:

        def contracts_for(text: str) -> list[str]:
            listed = http.get("/v1/contracts", params={"text": text}, headers=reader)
            assert listed.status_code == 200, listed.text
            return [c["id"] for c in listed.json()["items"]]

        def services_for(text: str) -> list[str]:
            found = http.get("/v1/sla", params={"service": text}, headers=reader)
            assert found.status_code == 200, found.text
            return sorted(r["service"] for r in found.json()["items"])

        assert contracts_for("northwind") == [contracts["sla"]]
        for wildcard in ("%", "_", "%%", "a%e", "\\", "[a]"):
            assert contracts_for(wildcard) == [], wildcard
        assert services_for("%") == services_for("0%") == ["Print 100% cover"]
        assert services_for("_") == services_for("t_f") == ["Print_fleet"]
        assert services_for("t%c") == services_for("\\") == services_for("%_") == []
        assert services_for("fleet") == ["Print_fleet", "Scan fleet"]


def test_a_re_extraction_racing_a_review_takes_a_new_revision(client: TestClient, runtime: Runtime,
                                                              keys: dict[Role, str], tmp_path: Path) -> None:
    """The worker bumps the revision of a contract it read before a review committed: the two records must not
    share one ETag (it wrote back its stale copy + 1, the number the review had just taken)."""
    manager = {"Authorization": f"Bearer {keys[Role.CONTRACT_MANAGER]}"}
    contract_id = ingest_with(client, manager, write_sla_contract(tmp_path / "w.docx", supplier="Northwind",
                                                                  customer="Acme"))
    worker = runtime.sessions()
    try:
        run = worker.scalars(select(ExtractionRun).where(ExtractionRun.contract_id == uuid.UUID(contract_id))).one()
        document = worker.get(Document, run.document_id)
        stale = worker.get(Contract, uuid.UUID(contract_id))  # the worker's copy, read before the review
        assert document is not None and stale is not None and run.record is not None
        url = f"/v1/contracts/{contract_id}"
        etag = client.get(url, headers=manager).headers["etag"]
        reviewed = client.patch(f"{url}/fields/governing_law", json={"action": "accept"},
                                headers={**manager, "If-Match": etag})
        assert reviewed.status_code == 200, reviewed.text
        materialize(worker, run=run, document=document, record=run.record)
        worker.commit()
    finally:
        worker.close()
    current = client.get(url, headers=manager)
    assert current.json()["revision"] == reviewed.json()["revision"] + 1
    assert current.headers["etag"] != reviewed.headers["etag"]
    stale_review = client.patch(f"{url}/fields/governing_law", json={"action": "reject"},
                                headers={**manager, "If-Match": reviewed.headers["etag"]})
    assert stale_review.status_code == 412


def ingest_with(client: TestClient, headers: dict[str, str], path: Path) -> str:
    accepted = client.post("/v1/documents", files={"file": (path.name, path.read_bytes())},
                           data={"customer": "Acme"}, headers=headers)
    assert accepted.status_code == 202, accepted.text
    for _ in range(300):
        job = client.get(f"/v1/jobs/{accepted.json()['job']['id']}", headers=headers).json()
        if job["status"] in ("succeeded", "failed"):
            assert job["status"] == "succeeded", job
            contract_id: str = job["contract_id"]
            return contract_id
        time.sleep(0.2)
    raise AssertionError("the extraction did not finish")


def test_one_etag_lets_exactly_one_organisation_settings_write_through(live: Live) -> None:
    admin = live.headers(Role.ADMIN)
    with live.client() as http:
        for trial in range(TRIALS):
            etag = http.get("/v1/settings/organisation", headers=admin).headers["etag"]
            headers = {**admin, "If-Match": etag}
            responses = live.race_requests([_put("/v1/settings/organisation", headers, {"name": f"Racer {trial}-{i}"})
                                            for i in range(RACERS)])
            assert sorted(r.status_code for r in responses) == [200] + [412] * (RACERS - 1), describe(responses)
            winner = next(r for r in responses if r.status_code == 200).json()
            assert http.get("/v1/settings/organisation", headers=admin).json()["name"] == winner["name"]


def _patch(path: str, headers: dict[str, str], body: dict[str, Any]) -> Request:
    return lambda c: c.patch(path, json=body, headers=headers)


def test_one_etag_lets_exactly_one_webhook_change_through(live: Live) -> None:
    """If-Match on a webhook is optional, but when sent it must hold under a race: 8 admins holding one ETag
    change the description at once, one wins, the others are told it changed (and no write is lost)."""
    admin = live.headers(Role.ADMIN)
    with live.client() as http:
        made = http.post("/v1/webhooks", headers=admin, json={
            "url": "http://127.0.0.1:9/hook", "events": ["document.failed"], "allow_private_network": True})
        assert made.status_code == 201, made.text
        path = f"/v1/webhooks/{made.json()['id']}"
        for trial in range(TRIALS):
            before = http.get(path, headers=admin)
            headers = {**admin, "If-Match": before.headers["etag"]}
            responses = live.race_requests([_patch(path, headers, {"description": f"Racer {trial}-{i}"})
                                            for i in range(RACERS)])
            assert sorted(r.status_code for r in responses) == [200] + [412] * (RACERS - 1), describe(responses)
            winner = next(r for r in responses if r.status_code == 200).json()
            after = http.get(path, headers=admin).json()
            assert after["description"] == winner["description"]
            assert after["revision"] == before.json()["revision"] + 1
        unconditional = live.race_requests([_patch(path, admin, {"description": f"Free {i}"}) for i in range(4)])
        assert [r.status_code for r in unconditional] == [200] * 4, describe(unconditional)
        assert http.get(path, headers=admin).json()["revision"] == before.json()["revision"] + 5


def test_one_etag_lets_exactly_one_user_change_through(live: Live) -> None:
    """Eight admins holding one user's ETag change the user at once: one wins, seven are told it changed."""
    admin = live.headers(Role.ADMIN)
    with live.client() as http:
        made = http.post("/v1/users", headers=admin, json={"email": f"racer-{uuid.uuid4().hex[:8]}@example.com",
                                                           "display_name": "Racer", "role": "reader",
                                                           "password": "correct horse battery"})
        assert made.status_code == 201, made.text
        path = f"/v1/users/{made.json()['id']}"
        for trial in range(TRIALS):
            before = http.get(path, headers=admin)
            headers = {**admin, "If-Match": before.headers["etag"]}
            responses = live.race_requests([_patch(path, headers, {"display_name": f"Racer {trial}-{i}"})
                                            for i in range(RACERS)])
            assert sorted(r.status_code for r in responses) == [200] + [412] * (RACERS - 1), describe(responses)
            winner = next(r for r in responses if r.status_code == 200).json()
            after = http.get(path, headers=admin).json()
            assert after["display_name"] == winner["display_name"]
            assert after["revision"] == before.json()["revision"] + 1
