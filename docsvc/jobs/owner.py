"""Who owns a running job or a temporary file, and whether that process is provably dead.

An owner is ``host:pid:boot.start``: the machine, the process id, the kernel's boot id and the process's start
time in clock ticks (``/proc/<pid>/stat``). A pid alone could have been reused by another process since; with
the start time it names exactly one process. So a later process on the same machine can tell, without waiting
for a heartbeat to go stale, that the owner is gone: the machine rebooted, no process has that pid, or the
process with that pid started at another time. An owner on another machine is never declared dead here (its
heartbeat still decides), which keeps several web processes sharing a PostgreSQL database safe.
"""

from __future__ import annotations

import os
import socket
from functools import cache
from pathlib import Path

UNKNOWN = "?"  # no /proc (not Linux): only "no such pid" can prove a death
UPLOAD_PREFIX = "upload-"  # a multipart upload being received (docsvc/documents/multipart.py)
JOB_PREFIX = "docsvc-job-"  # an extraction job's working folder (docsvc/jobs/runner.py)


@cache
def host() -> str:
    return "".join(c if c.isalnum() or c in "-." else "_" for c in socket.gethostname())[:60] or "host"


@cache
def boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:8] or UNKNOWN
    except OSError:
        return UNKNOWN


def start_ticks(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot), ``UNKNOWN`` without /proc, None if absent."""
    if not Path("/proc/self/stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return UNKNOWN
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22; the command name before ")" may hold spaces


def owner_id() -> str:
    """This process, as stored in ``extraction_runs.worker``."""
    pid = os.getpid()
    return f"{host()}:{pid}:{boot_id()}.{start_ticks(pid) or UNKNOWN}"


def temp_tag() -> str:
    """This process, as a prefix of the names of its temporary files (``~`` never occurs in a host name)."""
    pid = os.getpid()
    return f"{host()}~{pid}~{boot_id()}~{start_ticks(pid) or UNKNOWN}~"


def is_dead(owner_host: str, pid: int, boot: str, start: str) -> bool:
    if owner_host != host():
        return False
    if boot != boot_id():
        return True  # the machine was restarted since: every process of that boot is gone
    now = start_ticks(pid)
    if now is None:
        return True
    return start != UNKNOWN and now != UNKNOWN and now != start


def worker_is_dead(worker: str | None) -> bool:
    """For ``extraction_runs.worker``; False for anything not written by ``owner_id`` (older versions)."""
    parts = (worker or "").rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit() or "." not in parts[2]:
        return False
    boot, start = parts[2].split(".", 1)
    return is_dead(parts[0], int(parts[1]), boot, start)


def temp_owner_dead(name: str) -> bool | None:
    """For a temporary file name made with ``temp_tag``: whether its owner is dead; None for other names."""
    parts = name.split("~")
    if len(parts) < 5 or not parts[1].isdigit():
        return None
    owner_host = parts[0].removeprefix(JOB_PREFIX).removeprefix(UPLOAD_PREFIX)
    return is_dead(owner_host, int(parts[1]), parts[2], parts[3])
