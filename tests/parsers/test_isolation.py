from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from pathlib import Path

import pytest

from docsvc.extract.errors import CorruptDocument, ExtractionError
from docsvc.extract.parsers import ParserPool, parse_file
from docsvc.extract.parsers.isolation import decode_reply
from tests.parsers.conftest import LIMITS


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_one_warm_worker_parses_file_after_file(docs: dict[str, Path]) -> None:
    with ParserPool(limits=LIMITS) as pool:
        assert pool.pids == []
        pool.parse(docs["contract_pdf_en"])
        (pid,) = pool.pids
        pool.parse(docs["contract_docx_de"])
        assert pool.pids == [pid] and pid != os.getpid()
    assert not _alive(pid), "closing the pool ends its worker"


def test_isolated_result_equals_in_process_result(docs: dict[str, Path], pool: ParserPool) -> None:
    for name in ("contract_pdf_de", "contract_docx_en", "two_column_pdf"):
        assert pool.parse(docs[name]) == parse_file(docs[name].resolve(), limits=LIMITS, isolated=False)


def test_dead_worker_is_replaced(docs: dict[str, Path]) -> None:
    with ParserPool(limits=LIMITS) as pool:
        pool.parse(docs["contract_pdf_en"])
        (pid,) = pool.pids
        os.kill(pid, signal.SIGKILL)  # e.g. by an operator or the OOM killer while the worker is idle
        time.sleep(0.2)
        assert pool.parse(docs["contract_pdf_en"]).blocks
        assert pool.pids and pool.pids != [pid]


def test_worker_is_recycled_after_max_tasks(docs: dict[str, Path]) -> None:
    with ParserPool(limits=LIMITS, max_tasks=2) as pool:
        pids = []
        for _ in range(3):
            pool.parse(docs["contract_docx_en"])
            pids += pool.pids
        assert pids[0] == pids[1] != pids[2]


def test_crash_reports_a_corrupt_document(docs: dict[str, Path], tmp_path: Path) -> None:
    """A worker killed by SIGSEGV (a crash in pdfium) is reported as a damaged file, not as a limit."""
    with ParserPool(limits=LIMITS) as pool:
        pool.parse(docs["contract_pdf_en"])
        (pid,) = pool.pids
        os.kill(pid, signal.SIGSTOP)  # freeze it, then let it die as if it had crashed mid-parse
        # The crash comes once the request is on its way: a worker that died while idle would (rightly) just be
        # replaced before the next request, which made this test depend on when the signal landed.
        def die() -> None:
            os.kill(pid, signal.SIGSEGV)
            os.kill(pid, signal.SIGCONT)

        crash = threading.Timer(0.3, die)
        crash.start()
        try:
            with pytest.raises(CorruptDocument, match="crashed"):
                pool.parse(docs["contract_pdf_en"])
        finally:
            crash.join()


def test_errors_cross_the_process_boundary_with_their_type(pool: ParserPool, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just text")
    with pytest.raises(ExtractionError) as info:
        pool.parse(path)
    assert info.value.code == "unsupported_file_type" and "notes.txt" in info.value.message


def test_replies_may_only_contain_the_document_model() -> None:
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        decode_reply(pickle.dumps(os.getcwd))


def test_parse_file_isolated_uses_a_shared_pool(docs: dict[str, Path]) -> None:
    doc = parse_file(docs["contract_docx_en"], limits=LIMITS)
    assert doc.blocks and doc.tables


def test_prestarted_worker_is_the_one_that_parses(docs: dict[str, Path]) -> None:
    with ParserPool(limits=LIMITS, size=2) as pool:
        pool.prestart()
        (pid,) = pool.pids  # launched before any task, without waiting for it to be ready
        pool.prestart()  # idempotent: the same idle worker, still starting or ready
        assert pool.pids == [pid]
        document = pool.parse(docs["contract_pdf_en"])
        assert pool.pids == [pid] and document.page_count >= 1
    assert not _alive(pid)


def test_prestarted_worker_that_died_before_its_first_task_is_replaced(docs: dict[str, Path]) -> None:
    with ParserPool(limits=LIMITS) as pool:
        pool.prestart()
        (pid,) = pool.pids
        os.kill(pid, signal.SIGKILL)
        (worker,) = [w for w in pool._workers if w.proc is not None]
        assert worker.proc is not None and worker.proc.wait(timeout=10) == -signal.SIGKILL
        document = pool.parse(docs["contract_docx_de"])
        assert document.blocks
        (new_pid,) = pool.pids
        assert new_pid != pid
