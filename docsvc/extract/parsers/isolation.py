"""Parsing in a separate, resource-limited worker process that survives hostile files.

A worker is a fresh ``python -m docsvc.extract.parsers.worker`` process, not a fork: the caller may hold
spaCy pipelines and gigabytes of state that a forked child would share and count against its memory limit,
and ``multiprocessing``'s spawn and forkserver both re-import the caller's ``__main__``. The worker imports
only the parsers (~0.5 s, once), then parses file after file. Per file it sets ``RLIMIT_AS`` and
``RLIMIT_CPU``; the parent enforces the wall-clock timeout by killing it. A killed or crashed worker is
replaced on the next call.

Requests go to the worker as JSON, results come back pickled. The parent unpickles with an allow-list of the
document model's classes, so even a worker compromised by a malicious file cannot make it run code.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import queue
import select
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Generic, Self, TypeVar

from docsvc.extract import errors
from docsvc.extract.errors import CorruptDocument, ExtractionError, ResourceLimitExceeded
from docsvc.extract.parsers.base import ParseLimits
from docsvc.extract.parsers.child import FRAME
from docsvc.extract.types import ParsedDocument

MAX_FRAME_BYTES = 2 * 1024 * 1024 * 1024
# A worker's request for more time (OCR of N pages), sent before its reply; replies are pickles (b"\x80...").
EXTEND = b"EXTEND "
STARTUP_TIMEOUT = 60.0  # seconds for a fresh worker to import its libraries
_ROOT = Path(__file__).resolve().parents[3]  # the directory holding the docsvc package
_MODEL_CLASSES = frozenset(
    {"BBox", "Line", "Block", "BlockKind", "Cell", "Table", "Page", "SourceInfo", "ParsedDocument"}
)
_ERRORS: dict[str, type[ExtractionError]] = {
    cls.code: cls for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, ExtractionError)
}


class _Timeout(Exception):
    pass


class _WorkerDied(Exception):
    pass


W = TypeVar("W", bound="_Worker")


class WorkerPool(Generic[W]):
    """Up to ``size`` warm worker processes of one kind, checked out one caller at a time.

    Workers start on first use; the most recently used one is reused first, so a sequential caller keeps one
    process warm. A forked caller gets fresh workers (the pipes belong to its parent).
    """

    worker_class: type[W]

    def __init__(self, *, size: int = 1) -> None:
        self._size = size
        self._start_fresh()

    def _start_fresh(self) -> None:
        self._pid = os.getpid()
        self._workers: list[W] = [self.worker_class() for _ in range(self._size)]
        self._idle: queue.LifoQueue[W] = queue.LifoQueue()
        for worker in self._workers:
            self._idle.put(worker)
        # Runs at close(), at garbage collection or at interpreter exit, whichever comes first.
        self._finalizer = weakref.finalize(self, _stop_all, list[_Worker](self._workers), self._pid)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._finalizer()

    def prestart(self) -> None:
        """Launch the worker the next task will get, without waiting for it (see ``_Worker.launch``)."""
        if os.getpid() != self._pid or not self._finalizer.alive:
            return  # a forked or closed pool starts its workers on first use
        worker = self._idle.get()
        try:
            worker.launch()
        finally:
            self._idle.put(worker)  # back on top of the LIFO queue: the next checkout gets this one

    @property
    def pids(self) -> list[int]:
        """Process ids of the running workers (for monitoring; empty before the first task)."""
        return [w.proc.pid for w in self._workers if w.proc is not None and w.proc.poll() is None]

    @contextmanager
    def _checkout(self) -> Iterator[W]:
        """An idle worker for one task; blocks while all are busy."""
        if not self._finalizer.alive:
            raise RuntimeError(f"{type(self).__name__} is closed")
        if os.getpid() != self._pid:  # forked: the workers and pipes belong to the parent process
            self._finalizer.detach()
            self._start_fresh()
        worker = self._idle.get()
        try:
            yield worker
        finally:
            self._idle.put(worker)


class ParserPool(WorkerPool["_Worker"]):
    """Parser processes; workers are replaced after ``max_tasks`` files to return memory fragmentation to the
    OS."""

    def __init__(self, *, limits: ParseLimits | None = None, size: int = 1, max_tasks: int = 200) -> None:
        self.worker_class = _Worker
        self.limits = limits or ParseLimits()
        self._max_tasks = max_tasks
        super().__init__(size=size)

    def parse(self, path: Path, *, limits: ParseLimits | None = None) -> ParsedDocument:
        """Parse ``path`` in a worker; raises ``ExtractionError`` subclasses only."""
        limits = limits or self.limits
        with self._checkout() as worker:
            if worker.tasks >= self._max_tasks:
                worker.stop()
            return worker.parse(Path(path).resolve(), limits)


class _Worker:
    """One worker process and the pipes to it; restarted lazily after it dies."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.to_child = -1
        self.from_child = -1
        self.tasks = 0
        self.ready = False  # the worker sent its "ready" frame (see launch)

    def parse(self, path: Path, limits: ParseLimits) -> ParsedDocument:
        self._ensure_started()
        request = json.dumps({"path": str(path), "limits": asdict(limits)}).encode()
        deadline = time.monotonic() + limits.timeout_seconds
        allowance = limits.ocr_page_seconds * limits.max_pages  # the most a worker may add, in total
        try:
            write_frame(self.to_child, request)
            reply = _read_frame(self.from_child, deadline)
            while reply.startswith(EXTEND):
                extra = min(max(float(reply[len(EXTEND) :]), 0.0), allowance)
                allowance -= extra
                deadline += extra
                reply = _read_frame(self.from_child, deadline)
        except (_Timeout, ValueError):  # ValueError: a garbled extension request
            self.stop()
            raise _limit_error(path, limits, "it took too long") from None
        except (_WorkerDied, OSError):  # EOF, or EPIPE when writing to a worker that has died
            raise self._death_error(path, limits) from None
        self.tasks += 1
        try:
            return decode_reply(reply)
        except ResourceLimitExceeded:
            # The worker exits after reporting this (its heap may be half-freed); stop it now, or the next
            # file could be sent to a process on its way out and fail as if it had exhausted the limit.
            self.stop()
            raise

    # What runs in the child, and what to raise when it cannot start (the render pool reuses this class).
    module = "docsvc.extract.parsers.worker"

    def _start_failed(self) -> Exception:
        return ExtractionError("the isolated parser process could not start; see the log for its error")

    def launch(self) -> None:
        """Start the process if it is not running, without waiting for it to finish its imports.

        A caller that knows it will parse soon launches first and does its own imports meanwhile (the CLI:
        spaCy and the extractors), so the two start-ups overlap on a multi-core machine.
        """
        if self.proc is not None and self.proc.poll() is None:
            return
        self.stop()
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH", "")) if p)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", self.module, str(request_r), str(reply_w)],
                pass_fds=(request_r, reply_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
                start_new_session=True,  # a Ctrl-C meant for the caller must not kill a task mid-way
            )
        finally:
            os.close(request_r)
            os.close(reply_w)
        self.to_child, self.from_child = request_w, reply_r
        self.tasks = 0
        self.ready = False

    def _ensure_started(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.launch()
        if self.ready:
            return
        try:
            _read_frame(self.from_child, time.monotonic() + STARTUP_TIMEOUT)
        except (_Timeout, _WorkerDied):
            self.stop()
            raise self._start_failed() from None
        self.ready = True

    def _death_error(self, path: Path, limits: ParseLimits) -> ExtractionError:
        proc = self.proc
        code = proc.wait() if proc is not None else None
        self.stop()
        if code in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGILL):
            return CorruptDocument(f"{path.name} crashed the document parser; the file is probably damaged")
        reason = "it used too much CPU time" if code == -signal.SIGXCPU else "the parser ran out of memory"
        return _limit_error(path, limits, reason)

    def stop(self) -> None:
        for fd in (self.to_child, self.from_child):
            if fd >= 0:
                os.close(fd)
        self.to_child = self.from_child = -1
        proc, self.proc = self.proc, None
        if proc is not None:
            # The whole process group (the worker leads its own session): tesseract processes it started for
            # OCR would otherwise keep reading pages for a parse nobody waits for. No graceful path: a parse
            # in progress has nothing worth saving.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()


def _stop_all(workers: list[_Worker], owner_pid: int) -> None:
    if os.getpid() != owner_pid:  # a forked child exiting must not kill its parent's workers
        return
    for worker in workers:
        worker.stop()


def _limit_error(path: Path, limits: ParseLimits, reason: str) -> ResourceLimitExceeded:
    return ResourceLimitExceeded(
        f"{path.name} exceeded the {limits.timeout_seconds:g} s / {limits.memory_mb} MB parsing limit ({reason}); "
        "the file may be damaged or built to exhaust the parser"
    )


def decode_reply(reply: bytes) -> ParsedDocument:
    """A worker's answer: the document, or the ``ExtractionError`` it reported, raised here."""
    result = _ModelUnpickler(io.BytesIO(reply)).load()
    if isinstance(result, ParsedDocument):
        return result
    code, message = result
    raise _ERRORS.get(code, ExtractionError)(message)


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles the document model and nothing else: no callables, no other classes."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "docsvc.extract.types" and name in _MODEL_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing {module}.{name} from the parser worker")


def write_frame(fd: int, payload: bytes) -> None:
    data = FRAME.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_frame(fd: int, deadline: float) -> bytes:
    (size,) = FRAME.unpack(_read_exact(fd, FRAME.size, deadline))
    if size > MAX_FRAME_BYTES:
        raise _WorkerDied
    return _read_exact(fd, size, deadline)


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    poller = select.poll()  # not select(): it fails on descriptors above 1023 in busy servers
    poller.register(fd, select.POLLIN)
    buf = bytearray()
    while len(buf) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            raise _Timeout
        chunk = os.read(fd, min(size - len(buf), 1 << 20))
        if not chunk:
            raise _WorkerDied
        buf += chunk
    return bytes(buf)
