"""The isolated parser's process: ``python -m docsvc.extract.parsers.worker REQUEST_FD REPLY_FD``.

Reads one JSON request per frame, parses under the request's limits and answers with a pickled
``ParsedDocument`` or an ``(error code, message)`` pair. Exits when the parent closes the request pipe.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import resource
import sys
from pathlib import Path
from typing import Any

from docsvc.extract.errors import ExtractionError, ResourceLimitExceeded
from docsvc.extract.parsers import parse_direct
from docsvc.extract.parsers.base import ParseLimits
from docsvc.extract.parsers.isolation import FRAME, write_frame


def main(argv: list[str]) -> int:
    request_fd, reply_fd = int(argv[1]), int(argv[2])
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed worker must not write a multi-GB core file
    write_frame(reply_fd, b"ready")
    while True:
        request = _read_request(request_fd)
        if request is None:
            return 0
        path = Path(request["path"])
        limits = ParseLimits(**request["limits"])
        _apply_limits(limits)
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


def _apply_limits(limits: ParseLimits) -> None:
    """Address-space cap from ``memory_mb``; CPU cap = CPU used so far + the timeout (+1 s of slack)."""
    _, hard_as = resource.getrlimit(resource.RLIMIT_AS)
    soft_as = limits.memory_mb * 1024 * 1024
    if hard_as != resource.RLIM_INFINITY:
        soft_as = min(soft_as, hard_as)
    resource.setrlimit(resource.RLIMIT_AS, (soft_as, hard_as))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard_cpu = resource.getrlimit(resource.RLIMIT_CPU)
    soft_cpu = math.ceil(usage.ru_utime + usage.ru_stime + limits.timeout_seconds) + 1
    if hard_cpu != resource.RLIM_INFINITY:
        soft_cpu = min(soft_cpu, hard_cpu)
    resource.setrlimit(resource.RLIMIT_CPU, (soft_cpu, hard_cpu))


def _read_request(fd: int) -> dict[str, Any] | None:
    header = _read_exact(fd, FRAME.size)
    if header is None:
        return None
    (size,) = FRAME.unpack(header)
    body = _read_exact(fd, size)
    if body is None:
        return None
    request: dict[str, Any] = json.loads(body)
    return request


def _read_exact(fd: int, size: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < size:
        chunk = os.read(fd, size - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
