"""Scaled-out job queue: procrastinate on PostgreSQL, consumed by ``docsvc worker`` processes.

The job is deferred with procrastinate's own SQL function on the *same connection and transaction* as the
document row, so a document is never committed without its job (and vice versa). ``queueing_lock`` is the
run id: a run cannot be queued twice. Our own ``extraction_runs`` row stays the source of truth for status;
procrastinate only delivers the work. A worker killed mid-job stops heartbeating; any live worker retries
the stalled job (at start-up and then periodically), and the run's atomic claim prevents double work.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass

from procrastinate import App, PsycopgConnector
from sqlalchemy import text
from sqlalchemy.orm import Session

from docsvc.db import transaction
from docsvc.extract.engine import ContractExtractor, prepare
from docsvc.jobs import runner
from docsvc.runtime import Runtime
from docsvc.webhooks import delivery as webhook_delivery
from docsvc.webhooks import queue as webhook_queue

log = logging.getLogger(__name__)

QUEUE = "extraction"
TASK = "docsvc.extract_document"
RETRY_STALLED = "docsvc.retry_stalled_jobs"
RETRY_DELAY_SECONDS = 30
WEBHOOK_SWEEP = "docsvc.sweep_webhooks"
DEADLINE_SCAN = "docsvc.scan_deadlines"


def libpq_url(sqlalchemy_url: str) -> str:
    """``postgresql+psycopg://...`` (SQLAlchemy) → ``postgresql://...`` (libpq, for procrastinate)."""
    scheme, rest = sqlalchemy_url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def enqueue_in_transaction(session: Session, run_id: uuid.UUID, *, delay_seconds: float = 0) -> None:
    """Defer the extraction job inside the caller's transaction (optionally to run after a delay)."""
    session.execute(
        text("SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, :lock, CAST(:args AS jsonb), "
             "now() + make_interval(secs => :delay))::procrastinate_job_to_defer_v1])"),
        {"queue": QUEUE, "task": TASK, "lock": f"run:{run_id}", "args": json.dumps({"run_id": str(run_id)}),
         "delay": delay_seconds},
    )


@dataclass
class _WorkerState:
    runtime: Runtime
    extractor: ContractExtractor


_state: _WorkerState | None = None


def make_app(runtime: Runtime) -> App:
    app = App(connector=PsycopgConnector(conninfo=libpq_url(runtime.settings.resolved_database_url)))

    @app.task(name=TASK, queue=QUEUE)
    def extract_document(run_id: str) -> None:
        assert _state is not None
        stale_after = dt.timedelta(seconds=_state.runtime.settings.job_stale_seconds)
        if runner.claim(_state.runtime, uuid.UUID(run_id), stale_after):
            if runner.run_job(_state.runtime, _state.extractor, uuid.UUID(run_id)) == runner.RETRY:
                # The object store is down: try again later with a fresh job for the same run.
                with transaction(_state.runtime.sessions) as session:
                    enqueue_in_transaction(session, uuid.UUID(run_id), delay_seconds=RETRY_DELAY_SECONDS)
        else:
            wait = runner.seconds_until_claimable(_state.runtime, uuid.UUID(run_id), stale_after)
            if wait is None:
                log.info("job %s is done; nothing to do", run_id)
                return
            # Still "running" under a fresh heartbeat: either a live worker has it, or procrastinate retried the
            # job of a worker that died before the run's heartbeat went stale (worker_stalled_seconds is shorter
            # than job_stale_seconds). Dropping this job would leave the run running forever; come back when it
            # can be claimed; if the other worker finishes first, that later job finds nothing to do.
            log.info("job %s is running elsewhere; checking again in %.0f s", run_id, wait)
            with transaction(_state.runtime.sessions) as session:
                enqueue_in_transaction(session, uuid.UUID(run_id), delay_seconds=wait)

    @app.task(name=webhook_queue.TASK, queue=webhook_queue.QUEUE)
    def deliver_webhook(delivery_id: str) -> None:
        # A retry defers its own next job (docsvc/webhooks/delivery.py); a job that finds its delivery not due,
        # done or taken by another worker has nothing to do (the sweep below catches anything left over).
        assert _state is not None
        webhook_delivery.deliver(_state.runtime, uuid.UUID(delivery_id))

    @app.periodic(cron="* * * * *", periodic_id="sweep-webhooks")
    @app.task(name=WEBHOOK_SWEEP, queue=webhook_queue.QUEUE, queueing_lock=WEBHOOK_SWEEP)
    def sweep_webhooks(timestamp: int) -> None:
        # Deliveries whose job was lost (or whose worker died mid-send and went stale) are sent from here.
        webhook_delivery.run_due(runtime)

    @app.periodic(cron="7 * * * *", periodic_id="scan-deadlines")
    @app.task(name=DEADLINE_SCAN, queue=webhook_queue.QUEUE, queueing_lock=DEADLINE_SCAN)
    def scan_deadlines_hourly(timestamp: int) -> None:
        # deadline.approaching: once per deadline and subscription (the event's id is derived from the deadline).
        from docsvc.deadlines.notify import scan_deadlines

        with transaction(runtime.sessions) as session:
            scan_deadlines(session, today=dt.datetime.fromtimestamp(timestamp, dt.UTC).date(),
                           horizon_days=runtime.settings.webhook_deadline_days)

    @app.periodic(cron="* * * * *", periodic_id="retry-stalled")
    @app.task(name=RETRY_STALLED, queue=QUEUE, queueing_lock=RETRY_STALLED)
    async def retry_stalled_jobs(timestamp: int) -> None:
        await retry_stalled(app, runtime.settings.worker_stalled_seconds)

    return app


async def retry_stalled(app: App, stalled_seconds: float) -> int:
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds)
    count = 0
    for job in stalled:
        if job.task_name == TASK:
            log.warning("retrying job %s: its worker stopped sending heartbeats", job.id)
            await app.job_manager.retry_job(job)
            count += 1
    await app.job_manager.prune_stalled_workers(seconds_since_heartbeat=stalled_seconds)
    return count


async def run_worker(runtime: Runtime, *, name: str | None = None) -> None:
    """Consume extraction jobs until SIGINT/SIGTERM."""
    global _state
    for language in ("en", "de"):  # load once at start-up, not inside the first job
        prepare(language)
    _state = _WorkerState(runtime, ContractExtractor(calibrated=runtime.settings.extract_calibrated_confidence))
    app = make_app(runtime)
    async with app.open_async():
        retried = await retry_stalled(app, runtime.settings.worker_stalled_seconds)
        if retried:
            log.warning("took over %d job(s) from dead workers", retried)
        stalled = runtime.settings.worker_stalled_seconds
        await app.run_worker_async(queues=[QUEUE, webhook_queue.QUEUE], concurrency=1, name=name or runner.WORKER_ID,
                                   install_signal_handlers=True, update_heartbeat_interval=max(1.0, stalled / 3),
                                   stalled_worker_timeout=stalled)
