"""The child side of an isolated worker process (parsing, rendering): framed requests and per-task limits.

Kept free of heavy imports: a render worker imports this without the PDF libraries.
"""

from __future__ import annotations

import math
import os
import resource
import struct

FRAME = struct.Struct(">Q")


def read_frame(fd: int) -> bytes | None:
    """The next length-prefixed message from ``fd``; None when the parent closed the pipe."""
    header = read_exact(fd, FRAME.size)
    if header is None:
        return None
    (size,) = FRAME.unpack(header)
    return read_exact(fd, size)


def read_exact(fd: int, size: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < size:
        chunk = os.read(fd, min(size - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def apply_limits(*, cpu_seconds: float, memory_mb: int) -> None:
    """Address-space cap from ``memory_mb``; CPU cap = CPU used so far + this task's allowance.

    Only the soft limits move: exceeding them sends SIGXCPU / fails allocations, which the parent tells apart
    from a SIGKILL from outside.
    """
    _, hard_as = resource.getrlimit(resource.RLIMIT_AS)
    soft_as = memory_mb * 1024 * 1024
    if hard_as != resource.RLIM_INFINITY:
        soft_as = min(soft_as, hard_as)
    resource.setrlimit(resource.RLIMIT_AS, (soft_as, hard_as))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard_cpu = resource.getrlimit(resource.RLIMIT_CPU)
    soft_cpu = math.ceil(usage.ru_utime + usage.ru_stime + cpu_seconds)
    if hard_cpu != resource.RLIM_INFINITY:
        soft_cpu = min(soft_cpu, hard_cpu)
    resource.setrlimit(resource.RLIMIT_CPU, (soft_cpu, hard_cpu))
