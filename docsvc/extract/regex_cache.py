"""Regular expressions built from a cache on disk while docsvc loads its extractors and spaCy pipelines.

Loading compiles ~700 regular expressions (the extractors' vocabulary, spaCy's tokenizer rules): about 0.3 s of
CPU in CPython's regex compiler, which is written in Python (``re._parser``, ``re._compiler``) — a fifth of a
``docsvc extract`` cold start. What that compiler hands to ``_sre.compile`` (an opcode list, the flags, the
groups) depends on nothing but the pattern, its flags and the Python build, so it is kept in a file keyed by
those, and a later process builds its Patterns straight from it with the very ``_sre.compile`` call
``re.compile`` ends with: equal Patterns, matching the same.

The cache applies only inside ``cached_regexes()``, around loading, never around reading a document (whose
patterns, built from its words, would pile up). A few libraries build patterns from sets, in another order in
every process: those never hit, so the file is rewritten only when what the compiler did in this process is
worth saving (``_WORTH_SAVING``). The file lives in the user's cache folder (``$XDG_CACHE_HOME`` or
``~/.cache``, then ``docsvc/``); a missing, damaged or unwritable file, or a Python whose compiler no longer
matches this module's reading of it (checked on a probe pattern), means compiling as usual.
"""

from __future__ import annotations

import importlib
import marshal
import os
import re
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# CPython internals without stubs: the compiler's two stages and the C constructor they end in.
_sre: Any = importlib.import_module("_sre")
_compiler: Any = importlib.import_module("re._compiler")
_parser: Any = importlib.import_module("re._parser")

_FORMAT = 1
# The Python build the compiled form depends on: its version (and so the compiler and Unicode tables).
_BUILD = (_FORMAT, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE)
# Seconds of compiling that make rewriting the file (~2 MB) worth it: a first run spends ~0.3 s, a later one a few
# milliseconds on the set-built patterns that never hit.
_WORTH_SAVING = 0.02
# A file holding more entries than this (patterns of older releases piling up) keeps only the last run's.
_MAX_ENTRIES = 5000
_PROBE = (r"(?i)(?P<word>\w+)\s+(\d+)(?:x|[^\W\d]y)?\Z", re.MULTILINE | re.VERBOSE)

_Key = tuple[str | bytes, int]
_Parts = tuple[Any, ...]  # the arguments of _sre.compile after the pattern


class _Store:
    def __init__(self, path: Path | None, entries: dict[_Key, _Parts]) -> None:
        self.path = path
        self.entries = entries  # as read from the file
        self.used: dict[_Key, _Parts] = {}  # compiled through the cache in this process
        self.misses = 0  # of which the compiler had to build
        self.unsaved_seconds = 0.0  # compiling that a rewrite of the file would spare the next process


_lock = threading.Lock()
_active = 0
_store: _Store | None = None
_original_compile = _compiler.compile


@contextmanager
def cached_regexes() -> Iterator[None]:
    """Compile the regular expressions of this block through the cache (nestable, any thread)."""
    global _active, _store
    with _lock:
        if _active == 0:
            if _store is None:
                _store = _open_store()
            _compiler.compile = _compile
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _compiler.compile = _original_compile
                _save(_store)


def _compile(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` through the cache; ``re._compile`` calls it on a miss of its own cache."""
    store = _store
    if store is None or store.path is None or type(pattern) not in (str, bytes) or flags & re.DEBUG:
        return _original_compile(pattern, flags)
    key = (pattern, int(flags))
    parts = store.entries.get(key)
    if parts is not None:
        try:
            compiled = _sre.compile(pattern, *parts)
        except Exception:  # a damaged entry: compiled afresh below
            pass
        else:
            store.used[key] = parts
            return compiled
    started = time.process_time()  # CPU: the machine's load must not decide what is worth saving
    # The parser warns (nested sets, ...) at the same stack depth as inside re._compiler.compile.
    parts = _parts(_parser.parse(pattern, flags), flags)
    store.used[key] = parts
    store.misses += 1
    store.unsaved_seconds += time.process_time() - started
    return _sre.compile(pattern, *parts)


def _parts(parsed: Any, flags: int) -> _Parts:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` after the pattern, as plain marshal-able values."""
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def cache_path() -> Path | None:
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home directory
        return None
    # One file per Python build: two interpreters of one minor version would otherwise overwrite each other's.
    build = zlib.crc32(repr(_BUILD).encode())
    return base / "docsvc" / f"regex-{sys.implementation.cache_tag}-{build:08x}.marshal"


def _open_store() -> _Store:
    path = cache_path()
    if path is None or not _compiler_matches():
        return _Store(None, {})
    try:
        build, entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable or damaged: start afresh
        return _Store(path, {})
    return _Store(path, entries if build == _BUILD and isinstance(entries, dict) else {})


def _compiler_matches() -> bool:
    """Whether ``_parts`` still reads this Python's compiler right: the probe built both ways is equal."""
    pattern, flags = _PROBE
    try:
        ours = _sre.compile(pattern, *_parts(_parser.parse(pattern, flags), flags))
        theirs = _original_compile(pattern, flags)
    except Exception:
        return False
    return bool(ours == theirs and ours.groupindex == theirs.groupindex and ours.groups == theirs.groups)


def _save(store: _Store | None) -> None:
    if store is None or store.path is None or store.unsaved_seconds <= _WORTH_SAVING:
        return
    store.unsaved_seconds = 0.0
    entries = {**store.entries, **store.used}
    if len(entries) > _MAX_ENTRIES:
        entries = dict(store.used)
    store.entries = entries
    try:
        store.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=store.path.parent, prefix=".regex-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps((_BUILD, entries)))
            os.replace(tmp, store.path)  # atomic: a concurrent reader sees the old file or the new one
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only home: every process compiles as usual
