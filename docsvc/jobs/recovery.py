"""After a crash: hand back the jobs of dead in-process workers and remove the temporary files they left.

A server killed with SIGKILL leaves its running job ``running`` (the heartbeat rule would take it back only
after ``DOCSVC_JOB_STALE_SECONDS``, 600 s) and leaves half-received uploads and job folders in
``$DOCSVC_HOME/tmp``. A starting server runs ``recover`` before serving; ``docsvc check`` runs ``find`` and
reports what a start would clean. Only owners that are provably dead (docsvc/jobs/owner.py) are touched, so a
second web process on the same database or the same home loses nothing.
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from docsvc.db import transaction
from docsvc.jobs.owner import JOB_PREFIX, UPLOAD_PREFIX, temp_owner_dead, worker_is_dead
from docsvc.models import ExtractionRun, RunStatus
from docsvc.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class Leftovers:
    runs: list[tuple[uuid.UUID, str]] = field(default_factory=list)  # (run, its dead worker)
    temp: list[Path] = field(default_factory=list)


def find(runtime: Runtime) -> Leftovers:
    found = Leftovers()
    with transaction(runtime.sessions) as session:
        running = session.execute(select(ExtractionRun.id, ExtractionRun.worker)
                                  .where(ExtractionRun.status == RunStatus.RUNNING.value)).all()
    found.runs = [(run_id, worker) for run_id, worker in running if worker and worker_is_dead(worker)]
    tmp = runtime.settings.home / "tmp"
    if tmp.is_dir():
        found.temp = sorted(p for p in tmp.iterdir() if _abandoned(p, runtime.settings.job_stale_seconds))
    return found


def _abandoned(path: Path, stale_seconds: float) -> bool:
    if not path.name.startswith((UPLOAD_PREFIX, JOB_PREFIX)):
        return False
    dead = temp_owner_dead(path.name)
    if dead is None:  # named by an older version: no owner to ask, so only by age
        try:
            return time.time() - path.lstat().st_mtime > stale_seconds
        except FileNotFoundError:
            return False
    return dead


def recover(runtime: Runtime, *, runs: bool = True) -> Leftovers:
    """Queue again the runs of dead workers (``runs``: only where this process runs jobs) and delete the
    abandoned temporary files; returns what was done."""
    found = find(runtime)
    if not runs:
        found.runs = []
    for run_id, worker in found.runs:
        with transaction(runtime.sessions) as session:
            # Same worker and still running: a live worker that took it over meanwhile keeps it.
            session.execute(update(ExtractionRun).where(
                ExtractionRun.id == run_id, ExtractionRun.status == RunStatus.RUNNING.value,
                ExtractionRun.worker == worker,
            ).values(status=RunStatus.QUEUED.value, worker=None, progress=0.0, heartbeat_at=None))
        log.warning("job %s was running in a process that died (%s); queued again", run_id, worker)
    for path in found.temp:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if found.temp:
        log.warning("removed %d temporary files left by processes that died", len(found.temp))
    if found.runs:
        runtime.notify_jobs()
    return found
