"""Crashes: a worker that died mid-job, a job run twice, an upload that died between object and row.

Jobs are driven by hand through ``docsvc.jobs.runner`` (the app runs without its background worker) so each
crash is staged exactly; the database is the parametrised SQLite / PostgreSQL one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from docsvc.db import transaction
from docsvc.extract.engine import ContractExtractor
from docsvc.integrity import check_integrity
from docsvc.jobs import runner
from docsvc.main import create_app
from docsvc.models import (
    Contract,
    ContractParty,
    Document,
    ExtractedField,
    ExtractionRun,
    PriceItem,
    Role,
    RunStatus,
    ScopeItem,
    ServiceCreditTier,
    SlaTerm,
)
from docsvc.models.base import utcnow
from docsvc.runtime import Runtime
from docsvc.storage import ObjectStore, content_key
from tests.fixtures.service_docs import write_sla_contract
from tests.service.test_documents import upload

STALE = dt.timedelta(seconds=30)
ROWS = (Contract, SlaTerm, ServiceCreditTier, PriceItem, ScopeItem, ContractParty, ExtractedField)


@pytest.fixture(scope="module")
def extractor() -> ContractExtractor:
    return ContractExtractor()


@pytest.fixture
def quiet_client(runtime: Runtime) -> Iterator[TestClient]:
    """The API without its in-process worker: jobs stay queued until the test runs them."""
    with TestClient(create_app(runtime.settings, runtime=runtime, worker=False)) as c:
        yield c


def _queue(client: TestClient, keys: dict[Role, str], path: Path) -> uuid.UUID:
    accepted = upload(client, keys[Role.CONTRACT_MANAGER], path, customer="Acme")
    assert accepted.status_code == 202, accepted.text
    return uuid.UUID(accepted.json()["job"]["id"])


def _run(runtime: Runtime, extractor: ContractExtractor, run_id: uuid.UUID) -> None:
    assert runner.claim(runtime, run_id, STALE)
    assert runner.run_job(runtime, extractor, run_id) == RunStatus.SUCCEEDED.value


def _job(runtime: Runtime, run_id: uuid.UUID) -> ExtractionRun:
    with transaction(runtime.sessions) as session:
        run = session.get(ExtractionRun, run_id)
        assert run is not None
        return run


def _counts(runtime: Runtime) -> dict[str, int]:
    with transaction(runtime.sessions) as session:
        return {t.__name__: session.scalar(select(func.count()).select_from(t)) or 0 for t in ROWS}


class PutRecorder:
    """The real store, noting what each ``put_file`` returned."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store
        self.results: list[tuple[str, bool]] = []

    def put_file(self, key: str, path: Path, *, content_type: str = "application/octet-stream") -> bool:
        written = self.store.put_file(key, path, content_type=content_type)
        self.results.append((key, written))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _kill_worker(runtime: Runtime, run_id: uuid.UUID, *, heartbeat_age: dt.timedelta, attempts: int = 1) -> None:
    """What a worker that died mid-job leaves behind: the run still ``running``, its heartbeat going stale."""
    with transaction(runtime.sessions) as session:
        session.execute(update(ExtractionRun).where(ExtractionRun.id == run_id).values(
            status=RunStatus.RUNNING.value, worker="dead-host:4242", attempts=attempts, progress=0.2,
            started_at=utcnow() - heartbeat_age, heartbeat_at=utcnow() - heartbeat_age, finished_at=None))


def test_a_dead_workers_job_is_taken_over_without_duplicate_rows(
    quiet_client: TestClient, runtime: Runtime, keys: dict[Role, str], extractor: ContractExtractor, tmp_path: Path
) -> None:
    run_id = _queue(quiet_client, keys, write_sla_contract(tmp_path / "a.docx", supplier="Northwind",
                                                           customer="Acme"))
    # the worker dies before finishing: nothing of its work was committed
    _kill_worker(runtime, run_id, heartbeat_age=dt.timedelta(minutes=5))
    assert runner.next_job(runtime, dt.timedelta(minutes=10)) is None  # not stale yet for a patient worker
    assert not runner.claim(runtime, run_id, dt.timedelta(minutes=10))
    assert runner.next_job(runtime, STALE) == run_id
    _run(runtime, extractor, run_id)
    job = _job(runtime, run_id)
    assert (job.status, job.attempts, job.worker) == (RunStatus.SUCCEEDED.value, 2, runner.WORKER_ID)
    first = _counts(runtime)
    with transaction(runtime.sessions) as session:
        sla = session.scalar(select(func.count()).select_from(SlaTerm).where(SlaTerm.contract_id == job.contract_id))
    assert job.record is not None and sla == len(job.record["sla"]) == 7

    # it dies again on a later re-run, after the first results were committed: the take-over replaces them
    _kill_worker(runtime, run_id, heartbeat_age=dt.timedelta(minutes=1), attempts=2)
    _run(runtime, extractor, run_id)
    assert _counts(runtime) == first
    assert _job(runtime, run_id).contract_id == job.contract_id


def test_a_job_that_keeps_killing_its_worker_is_given_up(
    quiet_client: TestClient, runtime: Runtime, keys: dict[Role, str], extractor: ContractExtractor, tmp_path: Path
) -> None:
    run_id = _queue(quiet_client, keys, write_sla_contract(tmp_path / "p.docx", supplier="Poison", customer="Acme"))
    _kill_worker(runtime, run_id, heartbeat_age=dt.timedelta(minutes=1), attempts=runner.MAX_ATTEMPTS)
    assert runner.claim(runtime, run_id, STALE)
    assert runner.run_job(runtime, extractor, run_id) == RunStatus.FAILED.value
    job = _job(runtime, run_id)
    assert job.error_code == "too_many_attempts" and "p.docx" in (job.error_message or "")
    assert _counts(runtime)["Contract"] == 0
    assert not runner.claim(runtime, run_id, STALE) and runner.next_job(runtime, STALE) is None


def test_running_a_job_twice_changes_nothing(
    quiet_client: TestClient, runtime: Runtime, keys: dict[Role, str], extractor: ContractExtractor, tmp_path: Path
) -> None:
    run_id = _queue(quiet_client, keys, write_sla_contract(tmp_path / "b.docx", supplier="Contoso",
                                                           customer="Acme"))
    _run(runtime, extractor, run_id)
    first, job = _counts(runtime), _job(runtime, run_id)
    assert first["SlaTerm"] == 7 and first["Contract"] == 1
    # a second worker (or a redelivered message) must not get the finished job
    assert not runner.claim(runtime, run_id, dt.timedelta(0))
    assert runner.next_job(runtime, dt.timedelta(0)) is None
    # forced re-run of the same run, e.g. by an operator: same contract, same number of rows
    assert runner.run_job(runtime, extractor, run_id) == RunStatus.SUCCEEDED.value
    assert _counts(runtime) == first
    again = _job(runtime, run_id)
    assert again.contract_id == job.contract_id and again.status == RunStatus.SUCCEEDED.value


def test_an_upload_that_died_before_its_row_is_an_orphan_until_uploaded_again(
    quiet_client: TestClient, runtime: Runtime, keys: dict[Role, str], tmp_path: Path
) -> None:
    path = write_sla_contract(tmp_path / "c.docx", supplier="Fabrikam", customer="Acme")
    key = content_key(hashlib.sha256(path.read_bytes()).hexdigest())
    # the crash: ingest stored the object, the process died before the row was committed
    assert runtime.store.put_file(key, path) is True
    report = check_integrity(runtime)
    assert report.orphaned_objects == [key] and report.documents == 0 and not report.clean

    puts = PutRecorder(runtime.store)
    quiet_client.app.state.store = puts  # type: ignore[attr-defined]
    retried = upload(quiet_client, keys[Role.CONTRACT_MANAGER], path)
    assert retried.status_code == 202 and retried.json()["duplicate"] is False, retried.text
    assert puts.results == [(key, False)]  # the upload found the object already there and wrote nothing
    with transaction(runtime.sessions) as session:
        document = session.scalar(select(Document).where(Document.storage_key == key))
    assert document is not None and str(document.id) == retried.json()["document"]["id"]
    report = check_integrity(runtime)
    assert report.clean and report.documents == report.objects == 1
