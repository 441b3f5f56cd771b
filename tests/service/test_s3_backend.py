"""The whole service on the S3 object store, through a real SeaweedFS server — including an outage.

An object-store outage must be visible (``/readyz`` 503 naming the store), must refuse uploads with a 503 the
client can retry (``Retry-After``) and must keep nothing: no document row, no job, no audit entry, no object,
no new customer. Once the store is back the very same upload succeeds and the store and database agree. A job
that meets the outage in the worker must stay runnable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.extract.engine import ContractExtractor
from docsvc.integrity import check_integrity
from docsvc.jobs import runner
from docsvc.main import create_app
from docsvc.models import AuditEntry, Customer, Document, ExtractionRun, Role, RunStatus
from docsvc.runtime import Runtime
from docsvc.storage import content_key
from docsvc.storage.s3 import S3Store
from tests.fixtures.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedServer
from tests.fixtures.service_docs import write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_documents import upload, wait_for_job

PROBLEM_JSON = "application/problem+json"
STALE = dt.timedelta(minutes=10)


@pytest.fixture
def settings(settings: Settings, seaweed: SeaweedServer) -> Settings:
    """The parametrised settings (SQLite / PostgreSQL) switched to S3, with a bucket of the test's own; the
    conftest's runtime, client and keys fixtures build on it."""
    return settings.model_copy(update={
        "storage_backend": "s3", "storage_endpoint": seaweed.endpoint, "storage_bucket": f"t-{uuid.uuid4().hex[:16]}",
        "storage_access_key": ACCESS_KEY, "storage_secret_key": SecretStr(SECRET_KEY),
    })


def _counts(runtime: Runtime) -> dict[str, int]:
    with transaction(runtime.sessions) as session:
        return {table.__name__: session.scalar(select(func.count()).select_from(table)) or 0
                for table in (Document, ExtractionRun, Customer, AuditEntry)}


def test_upload_process_and_download_through_s3(client: TestClient, runtime: Runtime,
                                                keys: dict[Role, str], tmp_path: Path) -> None:
    assert isinstance(runtime.store, S3Store)
    manager, reader = keys[Role.CONTRACT_MANAGER], keys[Role.READER]
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok", "object_store": "ok"}
    path = write_sla_contract(tmp_path / "Managed Network.docx", supplier="Northwind", customer="Acme")
    accepted = upload(client, manager, path, customer="Acme")
    assert accepted.status_code == 202, accepted.text
    document = accepted.json()["document"]
    key = content_key(document["sha256"])
    info = runtime.store.stat(key)
    assert info is not None and info.size == path.stat().st_size
    job = wait_for_job(client, manager, accepted.json()["job"]["id"])
    assert job["status"] == "succeeded", job  # the worker read the bytes back from S3
    sla = client.get(f"/v1/contracts/{job['contract_id']}/sla", headers=bearer(reader))
    assert sla.status_code == 200
    assert ("P1", "response_time", 30.0, "minutes") in {
        (row["priority"], row["metric"], row["target_value"], row["target_unit"]) for row in sla.json()}
    r = client.get(f"/v1/documents/{document['id']}/file", headers=bearer(reader))
    assert r.status_code == 200 and r.content == path.read_bytes()
    assert r.headers["content-type"] == document["media_type"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["etag"] == f'"{document["sha256"]}"'
    assert r.headers["content-disposition"].startswith('attachment; filename="Managed Network.docx"')
    report = check_integrity(runtime)
    assert report.clean and report.documents == report.objects == 1


def test_outage_refuses_uploads_keeps_nothing_and_recovers(client: TestClient, runtime: Runtime,
                                                           keys: dict[Role, str], seaweed: SeaweedServer,
                                                           tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    first = write_sla_contract(tmp_path / "before.docx", supplier="Contoso", customer="Acme")
    queued = upload(client, manager, first, customer="Acme")
    assert queued.status_code == 202, queued.text
    # settle the worker first: a job that meets the outage is a separate case (see the test below)
    assert wait_for_job(client, manager, queued.json()["job"]["id"])["status"] == "succeeded"
    path = write_sla_contract(tmp_path / "during.docx", supplier="Fabrikam", customer="Acme")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    retry_key = {"Idempotency-Key": f"outage-{sha[:12]}"}
    before = _counts(runtime)

    seaweed.stop()
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.headers["content-type"] == PROBLEM_JSON
        problem = ready.json()
        assert problem["checks"]["database"] == "ok"
        assert problem["checks"]["object_store"] != "ok" and "object_store" in problem["detail"]
        assert seaweed.endpoint in problem["checks"]["object_store"]

        refused = upload(client, manager, path, headers=retry_key, customer="Acme")
        assert refused.status_code == 503 and refused.headers["content-type"] == PROBLEM_JSON
        assert refused.json()["code"] == "storage_unavailable"
        assert seaweed.endpoint in refused.json()["detail"] and "try again" in refused.json()["detail"]
        assert int(refused.headers["retry-after"]) > 0
        # the rolled-back request left nothing behind: no document, no job, no audit entry
        assert _counts(runtime) == before
    finally:
        seaweed.start()

    assert runtime.store.stat(content_key(sha)) is None
    assert client.get("/readyz").status_code == 200
    # the client retries with the same Idempotency-Key: the failure was not remembered, so this is a fresh upload
    accepted = upload(client, manager, path, headers=retry_key, customer="Acme")
    assert accepted.status_code == 202, accepted.text
    assert accepted.headers.get("idempotent-replayed") is None
    assert accepted.json()["document"]["sha256"] == sha
    job = wait_for_job(client, manager, accepted.json()["job"]["id"])
    assert job["status"] == "succeeded", job
    after = _counts(runtime)
    assert (after["Document"], after["ExtractionRun"]) == (before["Document"] + 1, before["ExtractionRun"] + 1)
    report = check_integrity(runtime)
    assert report.clean and report.documents == report.objects == 2


def _unreachable_store() -> S3Store:
    """An S3 endpoint on a loopback port nobody listens on: the store is down for every call."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return S3Store(endpoint=f"127.0.0.1:{port}", bucket="gone", access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                   timeout_seconds=1.0)


def test_refused_upload_does_not_keep_a_new_customer(runtime: Runtime, keys: dict[Role, str],
                                                      request: pytest.FixtureRequest, tmp_path: Path) -> None:
    runtime.store = _unreachable_store()
    manager = keys[Role.CONTRACT_MANAGER]
    with TestClient(create_app(runtime.settings, runtime=runtime, worker=False)) as client:
        # a key used within the last minute writes nothing on authentication (the usual case in a batch of
        # uploads), so the upload's savepoint is the first statement of its transaction
        assert client.get("/v1/contracts", headers=bearer(manager)).status_code == 200
        path = write_sla_contract(tmp_path / "c.docx", supplier="Northwind", customer="Initech")
        refused = upload(client, manager, path, customer="Initech")
    assert refused.status_code == 503 and refused.json()["code"] == "storage_unavailable"
    counts = _counts(runtime)
    assert (counts["Document"], counts["ExtractionRun"]) == (0, 0)
    assert counts["Customer"] == 0


def test_a_job_that_meets_an_outage_runs_once_the_store_is_back(runtime: Runtime, keys: dict[Role, str],
                                                                 tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    with TestClient(create_app(runtime.settings, runtime=runtime, worker=False)) as client:
        path = write_sla_contract(tmp_path / "late.docx", supplier="Northwind", customer="Acme")
        job_id = uuid.UUID(upload(client, manager, path).json()["job"]["id"])
    live, extractor = runtime.store, ContractExtractor()
    runtime.store = _unreachable_store()
    assert runner.claim(runtime, job_id, STALE)
    runner.run_job(runtime, extractor, job_id)
    runtime.store = live
    # whatever the worker recorded, the job must be runnable again now that the store is back
    assert runner.next_job(runtime, STALE) == job_id and runner.claim(runtime, job_id, STALE)
    assert runner.run_job(runtime, extractor, job_id) == RunStatus.SUCCEEDED.value
