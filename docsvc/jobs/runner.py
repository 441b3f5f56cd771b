"""Run one extraction job: claim it, extract the stored file, write the contract rows, finish it.

A claim is an atomic ``queued -> running`` update, so two workers never run the same job at once. A job
whose worker died (SIGKILL, OOM, power loss) stops sending heartbeats and is claimed again after
``stale_after``; because writing the results replaces the contract's unreviewed rows in one transaction,
running a job twice never duplicates records.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update

from docsvc.audit import record_audit
from docsvc.contracts.materialize import materialize
from docsvc.db import transaction
from docsvc.extract.engine import ContractExtractor
from docsvc.extract.errors import ExtractionError
from docsvc.jobs.owner import JOB_PREFIX, owner_id, temp_tag
from docsvc.models import Document, ExtractionRun, RunStatus
from docsvc.models.base import utcnow
from docsvc.runtime import Runtime
from docsvc.storage import StorageUnavailable
from docsvc.webhooks import events as webhook_events
from docsvc.webhooks.service import emit

log = logging.getLogger(__name__)
WORKER_ID = owner_id()  # host:pid:boot.start, so a restarted server can tell this process died
MAX_ATTEMPTS = 3
RETRY = "retry"  # run_job's answer when the job was handed back to the queue (object store unavailable)


def claimable(stale_after: dt.timedelta) -> Any:
    stale = utcnow() - stale_after
    return or_(
        ExtractionRun.status == RunStatus.QUEUED.value,
        (ExtractionRun.status == RunStatus.RUNNING.value) & (ExtractionRun.heartbeat_at < stale),
    )


def next_job(runtime: Runtime, stale_after: dt.timedelta) -> uuid.UUID | None:
    with transaction(runtime.sessions) as session:
        return session.scalar(select(ExtractionRun.id).where(claimable(stale_after))
                              .order_by(ExtractionRun.created_at).limit(1))


def claim(runtime: Runtime, run_id: uuid.UUID, stale_after: dt.timedelta, worker: str = WORKER_ID) -> bool:
    now = utcnow()
    with transaction(runtime.sessions) as session:
        result = session.execute(
            update(ExtractionRun)
            .where(ExtractionRun.id == run_id, claimable(stale_after))
            .values(status=RunStatus.RUNNING.value, worker=worker, started_at=now, heartbeat_at=now,
                    attempts=ExtractionRun.attempts + 1, progress=0.05)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def seconds_until_claimable(runtime: Runtime, run_id: uuid.UUID, stale_after: dt.timedelta) -> float | None:
    """For a run that could not be claimed: how long until it can be (its heartbeat goes stale), or None when
    there is nothing left to do (finished, or gone)."""
    with transaction(runtime.sessions) as session:
        run = session.get(ExtractionRun, run_id)
        if run is None or run.status in (RunStatus.SUCCEEDED.value, RunStatus.FAILED.value):
            return None
        if run.status != RunStatus.RUNNING.value or run.heartbeat_at is None:
            return 1.0
        heartbeat = run.heartbeat_at if run.heartbeat_at.tzinfo else run.heartbeat_at.replace(tzinfo=dt.UTC)
        return max(1.0, (heartbeat + stale_after - utcnow()).total_seconds() + 1.0)


def _finish(runtime: Runtime, run_id: uuid.UUID, **values: Any) -> None:
    with transaction(runtime.sessions) as session:
        session.execute(update(ExtractionRun).where(ExtractionRun.id == run_id)
                        .values(finished_at=utcnow(), heartbeat_at=utcnow(), **values))
        if values.get("status") == RunStatus.FAILED.value:
            found = session.execute(select(Document.id, Document.filename, Document.customer_id)
                                    .join(ExtractionRun, ExtractionRun.document_id == Document.id)
                                    .where(ExtractionRun.id == run_id)).first()
            if found is not None:
                emit(session, webhook_events.DOCUMENT_FAILED, customer_id=found.customer_id,
                     data={"document_id": found.id, "filename": found.filename, "job_id": run_id,
                           "error_code": values.get("error_code"), "error": values.get("error_message")})


def run_job(runtime: Runtime, extractor: ContractExtractor, run_id: uuid.UUID) -> str:
    """Process a claimed job; returns its final status, or ``RETRY`` when it went back to the queue.
    Never raises for a bad document."""
    started = time.perf_counter()
    with transaction(runtime.sessions) as session:
        run = session.get(ExtractionRun, run_id)
        assert run is not None
        document = session.get(Document, run.document_id)
        assert document is not None
        attempts, key, name, suffix = run.attempts, document.storage_key, document.filename, document.media_type
    if attempts > MAX_ATTEMPTS:
        _finish(runtime, run_id, status=RunStatus.FAILED.value, error_code="too_many_attempts",
                error_message=f"{name}: processing was interrupted {attempts - 1} times; giving up")
        return RunStatus.FAILED.value
    workdir = Path(tempfile.mkdtemp(prefix=JOB_PREFIX + temp_tag(), dir=_tmp_root(runtime)))
    try:
        local = workdir / ("document.pdf" if suffix.endswith("pdf") else "document.docx")
        with runtime.store.open(key) as src, local.open("wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
        fetched = time.perf_counter()
        _heartbeat(runtime, run_id, progress=0.2)
        try:
            record = extractor.extract(local)
        except ExtractionError as exc:
            message = exc.message.replace(local.name, name)
            _finish(runtime, run_id, status=RunStatus.FAILED.value, error_code=exc.code, error_message=message,
                    progress=1.0, timings={"fetch_s": round(fetched - started, 3)})
            return RunStatus.FAILED.value
        extracted = time.perf_counter()
        data = record.model_dump(mode="json")
        data["source"]["name"] = name
        data["source"]["path"] = None
        with transaction(runtime.sessions) as session:
            run = session.get(ExtractionRun, run_id)
            document = session.get(Document, run.document_id) if run else None
            assert run is not None and document is not None
            contract = materialize(session, run=run, document=document, record=data)
            run.record = data
            run.status = RunStatus.SUCCEEDED.value
            run.progress = 1.0
            run.finished_at = utcnow()
            run.error_code = run.error_message = None
            run.timings = {"fetch_s": round(fetched - started, 3), "extract_s": round(extracted - fetched, 3),
                           "store_s": round(time.perf_counter() - extracted, 3)}
            record_audit(session, actor=f"worker {WORKER_ID}", action="extraction.succeeded",
                         entity_type="contract", entity_id=contract.id,
                         details={"job": str(run_id), "document": str(document.id)})
            emit(session, webhook_events.DOCUMENT_PROCESSED, customer_id=document.customer_id,
                 data={"document_id": document.id, "filename": document.filename, "job_id": run_id,
                       "contract_id": contract.id})
        return RunStatus.SUCCEEDED.value
    except StorageUnavailable as exc:
        # The document is fine; the store is not reachable. Hand the job back (without counting the attempt)
        # so it runs once the store returns, instead of failing it for good.
        log.warning("job %s waits for the object store: %s", run_id, exc)
        _requeue(runtime, run_id, str(exc))
        return RETRY
    except Exception as exc:  # a bug must fail the job with a clear state, not kill the worker
        log.exception("job %s failed", run_id)
        _finish(runtime, run_id, status=RunStatus.FAILED.value, error_code="internal",
                error_message=f"{name}: internal error while processing ({type(exc).__name__})")
        return RunStatus.FAILED.value
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _requeue(runtime: Runtime, run_id: uuid.UUID, reason: str) -> None:
    with transaction(runtime.sessions) as session:
        session.execute(update(ExtractionRun).where(ExtractionRun.id == run_id).values(
            status=RunStatus.QUEUED.value, progress=0.0, worker=None, attempts=ExtractionRun.attempts - 1,
            error_code="waiting_for_storage", error_message=f"waiting for the object store: {reason}"))


def _heartbeat(runtime: Runtime, run_id: uuid.UUID, *, progress: float) -> None:
    with transaction(runtime.sessions) as session:
        session.execute(update(ExtractionRun).where(ExtractionRun.id == run_id)
                        .values(heartbeat_at=utcnow(), progress=progress))


def _tmp_root(runtime: Runtime) -> Path:
    root = runtime.settings.home / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    return root
