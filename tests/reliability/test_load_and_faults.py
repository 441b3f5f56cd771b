"""No lost documents under load and faults: the scaled-out stack (PostgreSQL, SeaweedFS S3, ``docsvc serve``,
``docsvc worker`` processes) with processes killed and the object store stopped mid-run.

What each test proves:

* ``test_200_concurrent_uploads_with_worker_kills``: 200 uploads released 32 at a time (120 distinct contracts,
  40 re-sends of the same bytes without a key, 40 re-sends with the same ``Idempotency-Key``) while the two
  workers are SIGKILLed, one mid-extraction of a slow document and one right after it stored a job's results
  but before the queue acknowledged the job (the acknowledgement is held back by a row lock on the queue job,
  so the kill lands in that window), each replaced: every request is answered 200/202, there is exactly one
  document, one object (with the file's sha256) and one contract per distinct file, idempotent repeats name
  the first document, every job ends ``succeeded`` within a deadline, no contract has more SLA rows than a
  clean single run gives, no queue job is left behind, and ``docsvc check`` is clean.
* ``test_render_worker_killed_mid_render``: the template render process dies (SIGKILL) while it holds a
  generation request: the request is answered at once with a problem+json (not a hang, not a traceback), no
  generated-document row or object is kept, and the next generation succeeds in a fresh render process. The
  process is frozen (SIGSTOP) until the request is in its pipe, then killed, so the kill is always mid-render.
  The answer is 503 with Retry-After and reason ``render_interrupted``: an outside SIGKILL (operator, OOM
  killer) is a temporary server-side failure, not the template's fault (it was once a 422 blaming the CPU limit).
* ``test_s3_outage_mid_run``: the S3 server is stopped while concurrent uploads are arriving: uploads then get
  503 ``storage_unavailable`` naming the store, and leave no document, job or object; uploads accepted before
  keep their object and their jobs (which meet the outage in the worker) finish once the store is back;
  uploads after the restart succeed, and store and database agree.
* ``test_job_of_a_killed_worker_finishes_when_stale_exceeds_stalled``: with a run going stale later than its
  worker is declared dead, as the defaults have it (600 s vs 30 s; here 10 s vs 2 s), the job of a worker
  killed mid-extraction still finishes, once. Without the fix in docsvc/jobs/distributed.py the queue job
  retried for the dead worker was acknowledged without running and the run stayed ``running`` for ever; now
  it is re-queued until the run's heartbeat goes stale. The other tests use 2 s for both, as test_worker_processes does.

Every wait has a deadline; processes started here are killed on the way out, and the shared S3 server is
restarted in a ``finally``. Skipped without PostgreSQL or the ``weed`` binary.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import signal
import struct
import termios
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from docsvc.integrity import check_integrity
from docsvc.models import Contract, Document, ExtractionRun, GeneratedDocument, SlaTerm
from docsvc.storage import StorageUnavailable, content_key
from tests.fixtures.seaweed import SeaweedServer
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract
from tests.reliability.load import (
    STALE_SECONDS,
    Stack,
    Upload,
    count,
    describe,
    run_check,
    run_states,
    scaled_out_stack,
    send_batches,
    wait_until,
)

DISTINCT, SAME_BYTES, SAME_KEY = 120, 40, 40
SLOW, SLOW_FILLER = 6, 6000  # documents that take a few seconds to extract, so a kill finds one in flight
KEYED = 20  # distinct files first sent with an Idempotency-Key, each re-sent twice with the same key
THREADS = 32
JOB_DEADLINE = 150.0
PROBLEM_JSON = "application/problem+json"
FINAL = ("succeeded", "failed")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(r: httpx.Response | Exception) -> dict[str, Any]:
    assert isinstance(r, httpx.Response), r
    body: dict[str, Any] = r.json()
    return body


def _queue_jobs_left(stack: Stack) -> int:
    with stack.runtime.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = :t AND status IN "
                                     "('todo', 'doing')"),
                                {"t": "docsvc.extract_document"}).scalar_one())


def _queue_status(stack: Stack, run_id: uuid.UUID) -> list[str]:
    with stack.runtime.engine.connect() as conn:
        return [str(s) for s in conn.execute(text("SELECT status FROM procrastinate_jobs WHERE queueing_lock = :l "
                                                  "ORDER BY id"), {"l": f"run:{run_id}"}).scalars()]


def _workers_ready(stack: Stack, expected: int) -> bool:
    """Whether ``expected`` workers heartbeat in procrastinate (they load the NLP pipelines first)."""
    with stack.runtime.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > "
                                     "now() - make_interval(secs => :s)"), {"s": STALE_SECONDS}).scalar_one()
                   ) >= expected


def _wait_workers_ready(stack: Stack, expected: int, timeout: float = 90) -> None:
    wait_until(lambda: _workers_ready(stack, expected), timeout, f"{expected} worker(s) to start", poll=0.5)


def _wait_all_final(stack: Stack, timeout: float = JOB_DEADLINE) -> dict[uuid.UUID, ExtractionRun]:
    def final() -> dict[uuid.UUID, ExtractionRun] | None:
        runs = run_states(stack.runtime)
        return runs if runs and all(r.status in FINAL for r in runs.values()) else None
    try:
        result: dict[uuid.UUID, ExtractionRun] = wait_until(final, timeout, "every job to reach a final state",
                                                            poll=0.5)
    except AssertionError:
        left = Counter(r.status for r in run_states(stack.runtime).values())
        raise AssertionError(f"jobs not final after {timeout:g} s: {dict(left)}; worker logs: "
                             + " | ".join(f"{n}: {stack.log_tail(n, 800)}" for n in stack.workers)) from None
    return result


class _Chaos(threading.Thread):
    """Kills workers at chosen points of processing while the uploads go on, and starts replacements."""

    def __init__(self, stack: Stack, slow: set[str]) -> None:
        super().__init__(daemon=True)
        self.stack, self.slow = stack, slow  # slow: sha256 of the slow documents
        self.kills: list[dict[str, Any]] = []
        self.error: BaseException | None = None
        self._spares = iter(f"w{i}" for i in range(3, 20))

    def _slow_running(self, min_progress: float, exclude: set[uuid.UUID]) -> tuple[ExtractionRun, str] | None:
        with self.stack.runtime.sessions() as session:
            rows = session.execute(select(ExtractionRun, Document.sha256).join(Document)
                                   .where(ExtractionRun.status == "running")).all()
        for run, sha in rows:
            name = self.stack.worker_named(run.worker)
            if sha in self.slow and run.id not in exclude and run.progress >= min_progress and name:
                return run, name
        return None

    def _replace(self, name: str) -> None:
        self.stack.kill_worker(name)
        time.sleep(STALE_SECONDS + 1)  # its heartbeat goes stale, so the replacement takes over at start-up
        self.stack.start_worker(next(self._spares))

    def run(self) -> None:
        try:
            # 1. mid-extraction: the job fetched its file from S3 (progress 0.2) and is extracting
            run, name = wait_until(lambda: self._slow_running(0.2, set()), 60, "a slow job mid-extraction", 0.05)
            self._replace_after(name, "mid-extraction", run.id)
            # 2. after storing: the job's results are committed but its queue job is not yet acknowledged. The
            # acknowledgement is held back by a row lock on the queue job, so the kill lands in that window.
            run, name = wait_until(lambda: self._slow_running(0.2, {k["run"] for k in self.kills}), 60,
                                   "a second slow job mid-extraction", 0.05)
            with self.stack.runtime.engine.connect() as lock:
                held = lock.execute(text("SELECT id FROM procrastinate_jobs WHERE queueing_lock = :l AND "
                                         "status = 'doing' FOR UPDATE"), {"l": f"run:{run.id}"}).all()
                assert held, f"no queue job in progress for {run.id}"
                wait_until(lambda: self._status(run.id) != "running", 60, "the slow job to store its results", 0.02)
                self._replace_after(name, f"after storing ({self._status(run.id)})", run.id, replace=False)
                lock.rollback()
            self._replace(name)
        except BaseException as exc:  # reported by the test
            self.error = exc

    def _status(self, run_id: uuid.UUID) -> str | None:
        with self.stack.runtime.sessions() as session:
            return session.scalar(select(ExtractionRun.status).where(ExtractionRun.id == run_id))

    def _replace_after(self, name: str, point: str, run_id: uuid.UUID, *, replace: bool = True) -> None:
        proc = self.stack.workers[name]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        queue = _queue_status(self.stack, run_id)
        self.kills.append({"point": point, "worker": name, "run": run_id, "queue_job": queue})
        if replace:
            self._replace(name)


def test_200_concurrent_uploads_with_worker_kills(seaweed: SeaweedServer, tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    distinct: list[Upload] = []
    for i in range(DISTINCT):
        filler = SLOW_FILLER if i < SLOW else 0
        path = write_sla_contract(files / f"c{i:03}.docx", supplier=f"Supplier{i:03}", customer="Acme",
                                  filler_paragraphs=filler)
        key = {"Idempotency-Key": f"load-{i}-{uuid.uuid4().hex[:8]}"} if SLOW <= i < SLOW + KEYED else {}
        distinct.append(Upload(path.name, path.read_bytes(), key))
    keyed = [u for u in distinct if u.headers]
    same_key = [Upload(u.name, u.data, u.headers) for u in keyed for _ in range(SAME_KEY // KEYED)]
    plain = [u for u in distinct if not u.headers]
    same_bytes = [Upload(f"copy-of-{u.name}", u.data) for u in random.Random(5).sample(plain, SAME_BYTES)]
    rest = distinct[SLOW:] + same_key + same_bytes
    random.Random(6).shuffle(rest)
    # half the slow ones open the first batch (the first kill meets one early), half open the fourth batch (one is
    # still in flight for the second kill, once the replacement worker is up)
    half = SLOW // 2
    uploads = distinct[:half] + rest[:3 * THREADS - half] + distinct[half:SLOW] + rest[3 * THREADS - half:]
    assert len(uploads) == DISTINCT + SAME_BYTES + SAME_KEY == 200
    slow = {_sha(u.data) for u in distinct[:SLOW]}

    with scaled_out_stack(tmp_path, seaweed) as stack:
        stack.start_worker("w1")
        stack.start_worker("w2")
        _wait_workers_ready(stack, 2)
        chaos = _Chaos(stack, slow)
        started = time.monotonic()
        chaos.start()
        results = send_batches(stack, uploads, threads=THREADS)
        uploaded = time.monotonic() - started
        chaos.join(timeout=150)
        assert not chaos.is_alive(), "the kill schedule did not finish"
        assert chaos.error is None, f"{chaos.error!r}; server log: {stack.log_tail()}"
        runs = _wait_all_final(stack)
        elapsed = time.monotonic() - started

        # every request answered, nothing refused (the store stayed up)
        assert all(isinstance(r, httpx.Response) and r.status_code in (200, 202) for r in results), \
            describe([r for r in results if not (isinstance(r, httpx.Response) and r.status_code in (200, 202))])
        bodies = [_json(r) for r in results]
        for upload, body in zip(uploads, bodies, strict=True):
            assert body["document"]["sha256"] == _sha(upload.data)
        # exactly one request created each document (replays repeat the original 202, marked as replayed)
        created = [r for r in results if isinstance(r, httpx.Response) and r.status_code == 202
                   and "idempotent-replayed" not in r.headers]
        assert len(created) == DISTINCT
        document_of = {_sha(u.data): b["document"]["id"] for u, b in zip(uploads, bodies, strict=True)}
        assert all(b["document"]["id"] == document_of[b["document"]["sha256"]] for b in bodies)
        for u in keyed:  # the original and its two re-sends with the same key name one document and one job
            answers = {(b["document"]["id"], b["job"]["id"]) for x, b in zip(uploads, bodies, strict=True)
                       if x.headers == u.headers}
            assert len(answers) == 1, answers

        # one document, one object (with the file's bytes), one job, one contract per distinct file
        with stack.runtime.sessions() as session:
            shas = set(session.scalars(select(Document.sha256)).all())
            sla_rows = dict(session.execute(select(SlaTerm.contract_id, func.count()).group_by(SlaTerm.contract_id))
                            .all())
        assert shas == {_sha(u.data) for u in distinct}
        objects = {o.key: o.size for o in stack.runtime.store.list("documents/")}
        assert objects == {content_key(_sha(u.data)): len(u.data) for u in distinct}
        assert len(runs) == DISTINCT and count(stack.runtime, Contract) == DISTINCT
        assert {run.document_id for run in runs.values()} == {uuid.UUID(i) for i in document_of.values()}
        failed = {run.id: (run.error_code, run.error_message) for run in runs.values() if run.status != "succeeded"}
        assert not failed, failed
        assert len({run.contract_id for run in runs.values()}) == DISTINCT
        # no duplicated rows: every contract, retried or not, has the SLA rows of a clean single run
        clean = Counter(sla_rows.get(run.contract_id) for run in runs.values() if run.attempts == 1)
        assert set(clean) == {7}, clean  # 3 priorities x (response, resolution) + availability, in a single run
        rerun = {run.id: sla_rows.get(run.contract_id) for run in runs.values() if run.attempts > 1}
        assert rerun and set(rerun.values()) == {7}, rerun
        # the killed mid-extraction job was taken over (claimed twice) and finished
        mid = chaos.kills[0]["run"]
        assert runs[mid].status == "succeeded" and runs[mid].attempts == 2, chaos.kills
        # the job killed after storing was not run again (its results stood) and its queue job was open at the kill
        stored = chaos.kills[1]
        assert stored["queue_job"] == ["doing"] and stored["point"] == "after storing (succeeded)", chaos.kills
        assert runs[stored["run"]].attempts == 1, chaos.kills
        # nothing is left in the queue: the dead workers' queue jobs were retried and acknowledged
        wait_until(lambda: _queue_jobs_left(stack) == 0, 30, "the queue to drain")
        report = check_integrity(stack.runtime)
        assert report.clean and report.documents == report.objects == DISTINCT, report
        checked = run_check(stack)
        assert checked.returncode == 0 and "clean" in checked.stdout, checked.stdout + checked.stderr

    retried = sum(1 for run in runs.values() if run.attempts > 1)
    print(f"\nload: {len(uploads)} uploads ({DISTINCT} distinct, {SAME_BYTES} same bytes, {SAME_KEY} same key) "
          f"-> {len(shas)} documents, {len(objects)} objects; uploads sent in {uploaded:.1f} s, all jobs final "
          f"after {elapsed:.1f} s; {retried} job(s) retried; kills: "
          + "; ".join(f"{k['point']} ({k['worker']}, queue job {'/'.join(k['queue_job'])})" for k in chaos.kills))


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the render pool's workers are in their own session)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _render_workers(server_pid: int) -> list[int]:
    out = []
    for child in _children(server_pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"docsvc.generate.worker" in cmdline:
            out.append(child)
    return out


def _pending_request_bytes(worker_pid: int) -> int:
    """Bytes waiting in the render worker's request pipe (its fd is the first argument of its command line)."""
    request_fd = Path(f"/proc/{worker_pid}/cmdline").read_bytes().split(b"\0")[3].decode()
    fd = os.open(f"/proc/{worker_pid}/fd/{request_fd}", os.O_RDONLY | os.O_NONBLOCK)
    try:
        return int(struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0])
    finally:
        os.close(fd)


def test_render_worker_killed_mid_render(seaweed: SeaweedServer, tmp_path: Path) -> None:
    with scaled_out_stack(tmp_path, seaweed) as stack:
        stack.start_worker("w1")
        path = write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print", customer="Smith & Sons")
        with httpx.Client(base_url=stack.base, timeout=60) as http:
            with path.open("rb") as fh:
                accepted = http.post("/v1/documents", files={"file": (path.name, fh)}, data={"customer": "Acme"},
                                     headers=stack.headers())
            assert accepted.status_code == 202, accepted.text
            run = _wait_all_final(stack, timeout=120)[uuid.UUID(accepted.json()["job"]["id"])]
            assert run.status == "succeeded", (run.error_code, run.error_message)
            url = f"/v1/contracts/{run.contract_id}/generated"
            body = {"template": "process-documentation"}
            first = http.post(url, json=body, headers=stack.headers(stack.coordinator))
            assert first.status_code == 201, first.text  # the pool has a warm render process now
            assert stack.server is not None
            (render_pid,) = _render_workers(stack.server.pid)

            # Freeze the render process, send the request, and kill the process once the request is in its pipe:
            # the server has handed the render over and is waiting for the answer that never comes.
            os.kill(render_pid, signal.SIGSTOP)
            answer: list[httpx.Response | Exception] = []

            def generate() -> None:
                try:
                    answer.append(http.post(url, json=body, headers=stack.headers(stack.coordinator)))
                except httpx.HTTPError as exc:
                    answer.append(exc)

            requester = threading.Thread(target=generate, daemon=True)
            started = time.monotonic()
            requester.start()
            try:
                wait_until(lambda: _pending_request_bytes(render_pid) > 0, 30, "the request to reach the renderer",
                           poll=0.02)
            finally:
                os.kill(render_pid, signal.SIGKILL)
            requester.join(timeout=30)
            assert not requester.is_alive(), "the generation request hung after its render process died"
            waited = time.monotonic() - started
            (killed,) = answer
            assert isinstance(killed, httpx.Response), killed
            problem = killed.json()
            print(f"\nrender process killed mid-render: {killed.status_code} {problem.get('code')} after "
                  f"{waited:.1f} s: {problem.get('detail')}")
            assert killed.headers["content-type"] == PROBLEM_JSON
            assert killed.status_code == 503 and killed.headers["retry-after"], killed.text
            assert problem["reason"] == "render_interrupted" and "render" in problem["detail"], problem
            assert "Traceback" not in killed.text
            with stack.runtime.sessions() as session:
                assert session.scalar(select(func.count()).select_from(GeneratedDocument)) == 1
            report = check_integrity(stack.runtime)
            assert report.clean, report
            assert len(list(stack.runtime.store.list("generated/"))) == 1

            again = http.post(url, json=body, headers=stack.headers(stack.coordinator))
            assert again.status_code == 201, again.text
            assert render_pid not in _render_workers(stack.server.pid)  # a fresh process did it
            assert check_integrity(stack.runtime).clean


def _readable(stack: Stack, key: str) -> bool:
    try:
        with stack.runtime.store.open(key) as fh:
            fh.read()
        return True
    except StorageUnavailable:
        return False


def test_s3_outage_mid_run(seaweed: SeaweedServer, tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()

    def contract(i: int) -> Upload:
        path = write_sla_contract(files / f"o{i:03}.docx", supplier=f"Outage{i:03}", customer="Acme")
        return Upload(path.name, path.read_bytes())

    before = [contract(i) for i in range(32)]
    during = [contract(i) for i in range(32, 96)]
    after = [contract(i) for i in range(96, 112)]

    with scaled_out_stack(tmp_path, seaweed) as stack:
        stack.start_worker("w1")
        _wait_workers_ready(stack, 1)
        first = send_batches(stack, before, threads=16)
        assert [getattr(r, "status_code", r) for r in first] == [202] * len(before), describe(first)

        outage: dict[str, float] = {}
        stopper = threading.Thread(target=seaweed.stop, daemon=True)

        def stop_store(batch: int) -> None:
            if batch == 0:  # the next batch races the store going down, the ones after meet it stopped
                outage["stopped"] = time.monotonic()
                stopper.start()
            elif batch == 1:
                stopper.join(timeout=30)

        try:
            results = send_batches(stack, during, threads=16, between=stop_store)
            ready = httpx.get(f"{stack.base}/readyz", timeout=30)
            assert ready.status_code == 503 and "object_store" in ready.json()["detail"], ready.text
        finally:
            stopper.join(timeout=30)
            seaweed.start()
            outage["restarted"] = time.monotonic()
        # S3 answers listings before the volume server has re-registered: wait until stored bytes can be read
        wait_until(lambda: _readable(stack, content_key(_sha(before[0].data))), 60, "stored objects to be readable")
        waiting = sum(1 for run in run_states(stack.runtime).values() if run.error_code == "waiting_for_storage")

        assert all(isinstance(r, httpx.Response) for r in results), describe(results)
        statuses = Counter(getattr(r, "status_code", None) for r in results)
        assert set(statuses) <= {202, 503}, describe(results)
        refused = [u for u, r in zip(during, results, strict=True) if getattr(r, "status_code", None) == 503]
        accepted = [u for u, r in zip(during, results, strict=True) if getattr(r, "status_code", None) == 202]
        assert len(refused) >= len(during) // 2, statuses  # most of them met the outage
        for r in results:
            if isinstance(r, httpx.Response) and r.status_code == 503:
                problem = r.json()
                assert r.headers["content-type"] == PROBLEM_JSON and problem["code"] == "storage_unavailable"
                assert seaweed.endpoint in problem["detail"] and "nothing was stored" in problem["detail"], problem
                assert int(r.headers["retry-after"]) > 0

        # nothing half-written: no row and no object for a refused upload, both for an accepted one
        with stack.runtime.sessions() as session:
            shas = set(session.scalars(select(Document.sha256)).all())
        objects = {o.key for o in stack.runtime.store.list("documents/")}
        for u in refused:
            assert _sha(u.data) not in shas and content_key(_sha(u.data)) not in objects, u.name
        for u in before + accepted:
            assert _sha(u.data) in shas and content_key(_sha(u.data)) in objects, u.name
        assert count(stack.runtime, ExtractionRun) == len(shas) == len(before) + len(accepted)
        report = check_integrity(stack.runtime)
        assert report.clean and report.documents == report.objects == len(shas), report

        # the store is back: the refused files are accepted when sent again, and so are new ones
        again = send_batches(stack, refused + after, threads=16)
        assert [getattr(r, "status_code", r) for r in again] == [202] * len(again), describe(again)
        runs = _wait_all_final(stack, timeout=JOB_DEADLINE)
        assert len(runs) == len(before) + len(during) + len(after)
        failed = {run.id: (run.error_code, run.error_message) for run in runs.values() if run.status != "succeeded"}
        assert not failed, failed
        report = check_integrity(stack.runtime)
        assert report.clean and report.documents == report.objects == len(runs), report
        checked = run_check(stack)
        assert checked.returncode == 0 and "clean" in checked.stdout, checked.stdout + checked.stderr
        print(f"\ns3 outage: {len(before)} uploads before, {len(during)} during ({len(accepted)} accepted, "
              f"{len(refused)} refused with 503), {len(refused) + len(after)} after the restart; all {len(runs)} "
              f"jobs succeeded ({waiting} had met the outage in the worker); store down for "
              f"{outage['restarted'] - outage['stopped']:.1f} s")



def _precondition(predicate: Any, timeout: float, what: str, poll: float = 0.2) -> None:
    """``wait_until``, failing the test outright (not as the expected failure) when the set-up goes wrong."""
    try:
        wait_until(predicate, timeout, what, poll)
    except AssertionError as exc:
        pytest.fail(f"precondition: {exc}")


def test_job_of_a_killed_worker_finishes_when_stale_exceeds_stalled(seaweed: SeaweedServer, tmp_path: Path) -> None:
    """As the defaults have it, a run goes stale (``job_stale_seconds``, here 10 s) later than its worker is
    declared dead (``worker_stalled_seconds``, 2 s): the job of a worker killed mid-extraction must still finish,
    once, with the rows of a single run."""
    slow = write_sla_contract(tmp_path / "slow.docx", supplier="Slow", customer="Acme", filler_paragraphs=SLOW_FILLER)
    with scaled_out_stack(tmp_path, seaweed, lambda s: s.model_copy(update={"job_stale_seconds": 10.0})) as stack:
        stack.start_worker("w1")
        _precondition(lambda: _workers_ready(stack, 1), 90, "the worker to start", 0.5)
        (r,) = send_batches(stack, [Upload(slow.name, slow.read_bytes())], threads=1)
        run_id = uuid.UUID(_json(r)["job"]["id"])
        _precondition(lambda: (run := run_states(stack.runtime)[run_id]).status == "running" and run.progress >= 0.2,
                      60, "the job to be mid-extraction", 0.05)
        stack.kill_worker("w1")
        time.sleep(STALE_SECONDS + 1)
        stack.start_worker("w2")  # retries the dead worker's queue job at start-up, 7 s before the run is stale
        _precondition(lambda: "succeeded" in _queue_status(stack, run_id), 90, "the retried queue job to be taken")
        # the dead worker's queue job is done; the run must still finish (after going stale, ~10 s)
        run = wait_until(lambda: (run := run_states(stack.runtime)[run_id]).status in FINAL and run, 60,
                         "the run of the killed worker to finish")
        assert run.status == "succeeded" and run.attempts == 2, (run.status, run.attempts, run.error_message)
        assert count(stack.runtime, SlaTerm) == 7
        wait_until(lambda: _queue_jobs_left(stack) == 0, 30, "the queue to drain")
