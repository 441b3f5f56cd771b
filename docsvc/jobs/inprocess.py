"""The embedded worker: a background thread in the web process that runs queued jobs one at a time.

It serves the embedded default (SQLite, one process). Scaled-out deployments run ``docsvc worker``
processes instead; both use the same claim/run code in ``runner``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from docsvc.db import transaction
from docsvc.extract.engine import ContractExtractor
from docsvc.jobs import runner
from docsvc.runtime import Runtime
from docsvc.webhooks import delivery as webhook_delivery

log = logging.getLogger(__name__)
SCAN_EVERY = dt.timedelta(hours=1)


class InProcessWorker:
    def __init__(self, runtime: Runtime, *, poll_seconds: float = 2.0) -> None:
        self.runtime = runtime
        self.poll_seconds = poll_seconds
        self.stale_after = dt.timedelta(seconds=runtime.settings.job_stale_seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="docsvc-worker", daemon=True)
        self._extractor: ContractExtractor | None = None
        self._scanned_at: dt.datetime | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.runtime.job_event.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.run_pending()
            except Exception:  # keep the worker alive through database hiccups
                log.exception("in-process worker iteration failed")
                worked = False
            if not worked:
                self.runtime.job_event.wait(self.poll_seconds)
                self.runtime.job_event.clear()

    def run_pending(self) -> bool:
        """Run every claimable job; returns whether any job completed. Stops early when a job had to be handed
        back (object store down), so the loop waits a poll interval before trying again."""
        ran = False
        while not self._stop.is_set():
            run_id = runner.next_job(self.runtime, self.stale_after)
            if run_id is None:
                # Webhook deliveries due now (new events, retries whose wait is over) after the extraction jobs.
                self._scan_deadlines()
                return webhook_delivery.run_due(self.runtime) > 0 or ran
            if runner.claim(self.runtime, run_id, self.stale_after):
                if self._extractor is None:
                    self._extractor = ContractExtractor(
                        calibrated=self.runtime.settings.extract_calibrated_confidence)
                if runner.run_job(self.runtime, self._extractor, run_id) == runner.RETRY:
                    return False
                ran = True
        return ran

    def _scan_deadlines(self) -> None:
        """Hourly: queue ``deadline.approaching`` for deadlines that came within the notice window."""
        now = dt.datetime.now(dt.UTC)
        if self._scanned_at is not None and now - self._scanned_at < SCAN_EVERY:
            return
        self._scanned_at = now
        from docsvc.deadlines.notify import scan_deadlines  # the deadline code is needed once an hour

        with transaction(self.runtime.sessions) as session:
            scan_deadlines(session, today=now.date(), horizon_days=self.runtime.settings.webhook_deadline_days)
