"""Concurrent uploads of one new file by different customers, against a real server (issue 10, finding 4).

Keys limited to customers Alpha and Beta and an unlimited key (naming no customer) upload the same new bytes at
the same moment, several requests each. Whoever wins each insert race, every key must get its own owner's
document, never another customer's, and every document must stay readable by its owner afterwards.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.integrity import check_integrity
from docsvc.models import Customer, Role
from tests.fixtures.service_docs import write_sla_contract
from tests.service import test_concurrency
from tests.service.test_concurrency import REQUEST_TIMEOUT, Served

served = test_concurrency.served  # the `docsvc serve` fixture, on SQLite and PostgreSQL
PER_OWNER = 3


def test_same_new_file_from_several_customers_at_once_is_a_document_each(served: Served, tmp_path: Path) -> None:
    with transaction(served.runtime.sessions) as session:
        customers = {name: Customer(name=name) for name in ("Alpha", "Beta")}
        session.add_all(customers.values())
        session.flush()
        owners: dict[str, str | None] = {name: str(c.id) for name, c in customers.items()}
        keys = {name: create_key(session, name=f"{name} manager", role=Role.CONTRACT_MANAGER, actor="test",
                                 customer_id=c.id)[1] for name, c in customers.items()}
    keys["unlimited"], owners["unlimited"] = served.manager, None
    data = write_sla_contract(tmp_path / "shared.docx", supplier="Northwind", customer="Both").read_bytes()
    callers = [name for name in keys for _ in range(PER_OWNER)]
    barrier = threading.Barrier(len(callers))

    def one(name: str) -> httpx.Response:
        with httpx.Client(base_url=served.base, timeout=REQUEST_TIMEOUT) as http:
            barrier.wait()
            return http.post("/v1/documents", files={"file": ("shared.docx", data)},
                             headers={"Authorization": f"Bearer {keys[name]}"})

    with ThreadPoolExecutor(max_workers=len(callers)) as pool:
        responses = list(pool.map(one, callers))
    answers: dict[str, set[str]] = {name: set() for name in keys}
    for name, response in zip(callers, responses, strict=True):
        assert response.status_code in (200, 202), (name, response.status_code, response.text[:300])
        document = response.json()["document"]
        assert document["customer_id"] == owners[name], (name, document)  # never another owner's record
        answers[name].add(document["id"])
    assert all(len(ids) == 1 for ids in answers.values()), answers  # one document per owner ...
    assert len({next(iter(ids)) for ids in answers.values()}) == len(keys)  # ... and none shared
    for name, ids in answers.items():  # each owner still reads its own document (nothing was lost)
        got = httpx.get(f"{served.base}/v1/documents/{next(iter(ids))}",
                        headers={"Authorization": f"Bearer {keys[name]}"}, timeout=REQUEST_TIMEOUT)
        assert got.status_code == 200, (name, got.text)
    created = [r.json()["duplicate"] for r in responses].count(False)
    assert created == len(keys)  # exactly one request per owner created its document
    report = check_integrity(served.runtime)
    assert report.clean and (report.documents, report.objects) == (len(keys), 1), report
