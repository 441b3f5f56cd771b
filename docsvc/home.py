"""Keep ``DOCSVC_HOME`` private to the service's user: the database holds key hashes, contracts and prices.

``serve`` and ``worker`` run with umask 077, so what they create there is 0700 (folders) or 0600 (files),
SQLite's ``-wal`` and ``-shm`` included. Every start also tightens what an earlier version or another command
(with the user's umask) left behind: the home folder itself, and the entries docsvc owns in it. Only those:
DOCSVC_HOME might have been pointed at a folder that holds other things too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from docsvc.config import Settings

PRIVATE_UMASK = 0o077
OWN_FILES = ("docsvc.db", "docsvc.db-wal", "docsvc.db-shm", "docsvc.db-journal", "first-admin-key.txt", "cursor-secret")
OWN_TREES = ("objects", "tmp")


def use_private_umask() -> None:
    """For the long-running processes (a CLI command writing a user's output file keeps the user's umask)."""
    os.umask(PRIVATE_UMASK)


def make_home_private(settings: Settings) -> None:
    home = settings.home
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    (home / "tmp").mkdir(exist_ok=True, mode=0o700)
    _tighten(home)
    for name in OWN_FILES:
        _tighten(home / name)
    trees = [home / name for name in OWN_TREES]
    if settings.storage_backend == "local":
        trees.append(settings.resolved_storage_path)
    for tree in trees:
        if tree.is_dir() and not tree.is_symlink():
            for folder, dirs, files in os.walk(tree):
                _tighten(Path(folder))
                for name in files:
                    _tighten(Path(folder, name))
                dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]


def _tighten(path: Path) -> None:
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
        return
    path.chmod(stat.S_IMODE(st.st_mode) & 0o700)
