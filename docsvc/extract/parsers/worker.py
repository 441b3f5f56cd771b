"""The isolated parser's process: ``python -m docsvc.extract.parsers.worker REQUEST_FD REPLY_FD``.

Reads one JSON request per frame, parses under the request's limits and answers with a pickled
``ParsedDocument`` or an ``(error code, message)`` pair. Exits when the parent closes the request pipe.
"""

from __future__ import annotations

import json
import pickle
import resource
import sys
from pathlib import Path
from typing import Any

from docsvc.extract.errors import ExtractionError, ResourceLimitExceeded
from docsvc.extract.parsers import _register_builtin, parse_direct
from docsvc.extract.parsers.base import ParseLimits, on_time_extension
from docsvc.extract.parsers.child import apply_limits, read_frame
from docsvc.extract.parsers.isolation import EXTEND, write_frame


def main(argv: list[str]) -> int:
    request_fd, reply_fd = int(argv[1]), int(argv[2])
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed worker must not write a multi-GB core file
    # The parser libraries load before "ready": the parent starts workers early, in parallel with its own
    # imports, so this time overlaps; loading them on the first request would add it to that file's parse.
    _register_builtin()
    write_frame(reply_fd, b"ready")
    on_time_extension(lambda seconds: _extend(reply_fd, seconds))
    while True:
        request = _read_request(request_fd)
        if request is None:
            return 0
        path = Path(request["path"])
        limits = ParseLimits(**request["limits"])
        # CPU: the timeout plus 1 s of slack (the parent kills at the timeout itself)
        apply_limits(cpu_seconds=limits.timeout_seconds + 1, memory_mb=limits.memory_mb)
        result: object
        exhausted = False
        try:
            result = parse_direct(path, limits)
        except ExtractionError as exc:
            result = (exc.code, exc.message)
            exhausted = isinstance(exc, ResourceLimitExceeded)
        write_frame(reply_fd, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        if exhausted:
            return 1  # after a MemoryError the heap may be half-freed: the parent starts a clean worker
        del result  # do not hold on to the last document while waiting for the next request


def _extend(reply_fd: int, seconds: float) -> None:
    """More wall-clock time from the parent, and as much more CPU time here (OCR preprocessing runs here)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft != resource.RLIM_INFINITY:
        raised = soft + int(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (raised if hard == resource.RLIM_INFINITY else min(raised, hard), hard))
    write_frame(reply_fd, EXTEND + repr(float(seconds)).encode())


def _read_request(fd: int) -> dict[str, Any] | None:
    body = read_frame(fd)
    if body is None:
        return None
    request: dict[str, Any] = json.loads(body)
    return request


if __name__ == "__main__":
    sys.exit(main(sys.argv))
