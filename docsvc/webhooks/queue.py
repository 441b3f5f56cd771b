"""Putting a delivery on the job queue.

With the in-process worker (SQLite, the embedded default) nothing is needed: the worker reads the due rows of
``webhook_deliveries`` itself. With procrastinate (PostgreSQL, ``docsvc worker`` processes) a job is deferred in
the caller's transaction, like an extraction job; a periodic sweep in the workers catches any delivery whose
job was lost. The session says which queue is in use (``Runtime`` puts it in the sessions' ``info``).
"""

from __future__ import annotations

import json
import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

QUEUE = "webhooks"
TASK = "docsvc.deliver_webhook"
QUEUE_INFO = "docsvc.queue"


def uses_procrastinate(session: Session) -> bool:
    return session.info.get(QUEUE_INFO) == "procrastinate"


def defer(session: Session, delivery_id: uuid.UUID, *, delay_seconds: float = 0) -> None:
    if not uses_procrastinate(session):
        return
    session.execute(
        text("SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, NULL, CAST(:args AS jsonb), "
             "now() + make_interval(secs => :delay))::procrastinate_job_to_defer_v1])"),
        {"queue": QUEUE, "task": TASK, "args": json.dumps({"delivery_id": str(delivery_id)}),
         "delay": delay_seconds},
    )
