"""``docsvc extract``: one record per input file, in input order, never a traceback.

A file that fails becomes an error record on its own line and the exit status turns non-zero; the remaining
files are still processed. The extractor (spaCy pipelines, the isolated parser worker) is built once.
"""

from __future__ import annotations

import json
import logging
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docsvc.config import get_settings
from docsvc.extract.errors import ExtractionError
from docsvc.extract.parsers import ParseLimits
from docsvc.extract.record import ContractRecord
from docsvc.extract.types import ParsedDocument

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

log = logging.getLogger("docsvc.extract")


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    TABLE = "table"


def default_format(n_files: int, stdout_is_tty: bool) -> OutputFormat:
    if stdout_is_tty:
        return OutputFormat.TABLE
    return OutputFormat.JSONL if n_files > 1 else OutputFormat.JSON


def error_record(path: Path, message: str, code: str) -> dict[str, Any]:
    source: dict[str, Any] = {"name": path.name, "path": str(path)}
    try:
        source["size"] = path.stat().st_size
    except OSError:
        pass
    return {"source": source, "error": message, "error_code": code}


def iter_records(paths: list[Path], progress: Progress | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Yield ``(path, record-or-error dict)`` in input order.

    Parsing runs in the isolated worker process, the rules here: the next file is parsed while this one is
    extracted (a thread waits on the worker, so the two CPUs both work), and the first parse overlaps this
    process's spaCy import.
    """
    from docsvc.extract.parsers import parse_file, prestart_worker

    prestart_worker()
    settings = get_settings()
    limits = ParseLimits(
        max_pages=settings.max_pages,
        max_bytes=settings.max_upload_bytes,
        timeout_seconds=settings.parse_timeout_seconds,
        memory_mb=settings.parse_memory_mb,
    )

    def parse(path: Path) -> _Parsed:
        started = time.perf_counter()
        if not path.exists():
            return started, error_record(path, f"{path}: no such file", "not_found")
        if not path.is_file():
            return started, error_record(path, f"{path}: not a regular file", "not_a_file")
        try:
            return started, parse_file(path, limits=limits)
        except ExtractionError as exc:
            return started, error_record(path, exc.message, exc.code)
        except MemoryError:
            return started, error_record(path, f"{path.name}: ran out of memory while parsing",
                                         "resource_limit_exceeded")

    ahead = _ParseAhead(paths, parse)
    from docsvc.extract.loading import loading

    with loading():  # spaCy and the extractors: only when extracting
        from docsvc.extract.engine import ContractExtractor, prepare

    prepare()  # the extractors, while the first file is parsed
    extractor = ContractExtractor(limits=limits, calibrated=settings.extract_calibrated_confidence)
    task = progress.add_task("extracting", total=len(paths)) if progress else None
    for path, parsed in zip(paths, ahead, strict=True):
        if progress is not None and task is not None:
            progress.update(task, description=_short(path.name))
        yield path, _extract_one(extractor, path, parsed)
        if progress is not None and task is not None:
            progress.advance(task)


_Parsed = tuple[float, "ParsedDocument | dict[str, Any]"]


class _ParseAhead:
    """Parses in a daemon thread, one document ahead of the caller, results in input order.

    The thread mostly waits on the parser process, so it costs this process no CPU while the rules run. A daemon
    thread, not an executor: Ctrl-C must not wait for a parse in progress (a long OCR job) before exiting; the
    parser process is killed at exit anyway.
    """

    def __init__(self, paths: list[Path], parse: Callable[[Path], _Parsed]) -> None:
        self._results: queue.Queue[_Parsed | BaseException] = queue.Queue(maxsize=1)  # memory: one parsed ahead
        self._thread = threading.Thread(target=self._run, args=(paths, parse), name="parse-ahead", daemon=True)
        self._count = len(paths)
        self._thread.start()

    def _run(self, paths: list[Path], parse: Callable[[Path], _Parsed]) -> None:
        for path in paths:
            try:
                item: _Parsed | BaseException = parse(path)
            except BaseException as exc:  # handed to the caller, who turns it into an error record
                item = exc
            self._results.put(item)

    def __iter__(self) -> Iterator[_Parsed | BaseException]:
        for _ in range(self._count):
            yield self._results.get()


def _extract_one(extractor: Any, path: Path, parsed: _Parsed | BaseException) -> dict[str, Any]:
    try:
        if isinstance(parsed, BaseException):
            raise parsed
        started, document = parsed
        if isinstance(document, dict):  # the error record of a file that could not be parsed
            return document
        record: ContractRecord = extractor.extract_parsed(document, started=started)
    except ExtractionError as exc:
        return error_record(path, exc.message, exc.code)
    except MemoryError:
        return error_record(path, f"{path.name}: ran out of memory while extracting", "resource_limit_exceeded")
    except Exception as exc:  # the promise is: no traceback, the other files still get processed
        log.debug("unexpected failure on %s", path, exc_info=True)
        return error_record(path, f"{path.name}: internal error while extracting ({type(exc).__name__})", "internal")
    data: dict[str, Any] = record.model_dump(mode="json")
    data["source"]["path"] = str(path)
    return data


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def run_extract(files: list[Path], output_format: OutputFormat | None, *, show_progress: bool = True) -> int:
    """Run the command; returns the number of files that failed."""
    fmt = output_format or default_format(len(files), sys.stdout.isatty())
    failures = 0
    progress = _progress_bar() if show_progress and len(files) > 1 else None
    records: list[dict[str, Any]] = []
    with progress or nullcontext():
        for _, data in iter_records(files, progress):
            failures += "error" in data
            if fmt is OutputFormat.JSONL:
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                records.append(data)
    if fmt is OutputFormat.JSON:
        payload: Any = records[0] if len(records) == 1 else records
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.TABLE:
        from rich.console import Console

        from docsvc.commands.summary import print_summary

        out = Console()
        for data in records:
            print_summary(out, data)
    if fmt is OutputFormat.JSON and failures:
        err_console = _stderr_console()
        for data in records:
            if "error" in data:
                err_console.print(f"[red]error:[/red] {data['error']}", highlight=False)
    return failures


# rich costs ~35 ms to import: only a progress bar, a table or an error message needs it.
def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _progress_bar() -> Progress | None:
    """A progress bar on stderr when that is a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = _stderr_console()
    if not console.is_terminal:
        return None
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)

