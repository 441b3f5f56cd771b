"""The compiled-regex cache: Patterns built from it equal what ``re.compile`` builds, later processes skip the
compiler, and a damaged, foreign or unwritable cache only means compiling as usual."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from docsvc.extract import regex_cache

# Patterns of every shape the extractors use: named groups, inline and explicit flags, look-arounds, classes.
SHAPES = [
    (r"(?P<num>\d{1,3}(?:[.,]\d{3})+)\s?(?P<cur>€|EUR)(?![A-Za-z])", 0),
    (r"\b(?:response|reaktion)\w*\s+(?:time|zeit)\b", re.IGNORECASE),
    (r"(?i)^\W*(?:p|prio(?:rity|rität)?)\s*([1-4])\b", re.MULTILINE),
    (r"(?<![\d.,])\d+(?:[.,]\d+)?\s*%|[^\W\d_]+", 0),
    (r"""(?x) (?P<a> x ) \s* (?P=a) # verbose""", 0),
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, as a new process would see it; any compiling is worth saving."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_WORTH_SAVING", 0.0)
    fresh_process(monkeypatch)
    return tmp_path


def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_cache, "_store", None)
    re.purge()  # re's own in-memory cache would answer before ours is asked


def compile_all(patterns: list[tuple[str, int]]) -> list[re.Pattern[str]]:
    return [re.compile(p, f) for p, f in patterns]


def unique(patterns: list[tuple[str, int]]) -> list[tuple[str, int]]:
    tag = uuid.uuid4().hex
    return [(f"{p}|{tag}", f) for p, f in patterns]


def stored(path: Path | None) -> dict[Any, Any]:
    assert path is not None
    build, entries = marshal.loads(path.read_bytes())
    assert build == regex_cache._BUILD
    return dict(entries)


def test_patterns_from_the_cache_equal_compiled_ones_and_skip_the_compiler(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = unique(SHAPES)
    with regex_cache.cached_regexes():
        first = compile_all(patterns)
    assert regex_cache.cache_path() is not None and regex_cache.cache_path().is_file()  # type: ignore[union-attr]

    fresh_process(monkeypatch)
    with regex_cache.cached_regexes():
        second = compile_all(patterns)
    assert regex_cache._store is not None and regex_cache._store.misses == 0  # none went through the compiler
    re.purge()
    for (pattern, flags), cached, built in zip(patterns, second, first, strict=True):
        expected = re.compile(pattern, flags)
        assert cached == expected == built  # same flags, pattern and opcodes
        assert (cached.groups, cached.groupindex) == (expected.groups, expected.groupindex)
    text = "Reaktionszeit P2: 1.250 € and response time 99,5 % xx"
    assert [m.group() for m in second[0].finditer(text)] == [m.group() for m in re.compile(*patterns[0]).finditer(text)]


def test_a_few_cheap_new_patterns_do_not_rewrite_the_file(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some libraries build patterns from sets, in another order in every process: those must not make every
    process rewrite the file."""
    first = unique(SHAPES)
    with regex_cache.cached_regexes():
        compile_all(first)
    fresh_process(monkeypatch)
    monkeypatch.setattr(regex_cache, "_WORTH_SAVING", 0.05)
    with regex_cache.cached_regexes():
        compile_all(unique(SHAPES[:2]))
    assert set(stored(regex_cache.cache_path())) == set(first)
    with regex_cache.cached_regexes():  # a release with new vocabulary: worth saving
        while regex_cache._store is not None and regex_cache._store.unsaved_seconds <= 0.05:
            compile_all(unique(SHAPES))
    assert len(stored(regex_cache.cache_path())) > len(first)


def test_outside_the_block_re_compiles_as_usual(cache_home: Path) -> None:
    with regex_cache.cached_regexes():
        pass
    compile_all(unique(SHAPES))
    assert re._compiler.compile is regex_cache._original_compile  # type: ignore[attr-defined]
    assert regex_cache.cache_path().is_file() is False  # type: ignore[union-attr]


@pytest.mark.parametrize("content", [b"", b"\x00garbage", marshal.dumps(("another python", {}))])
def test_a_damaged_or_foreign_cache_is_rebuilt(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch, content: bytes) -> None:
    path = regex_cache.cache_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    patterns = unique(SHAPES)
    with regex_cache.cached_regexes():
        compiled = compile_all(patterns)
    assert compiled == [re.compile(p, f) for p, f in patterns]
    assert set(patterns) <= set(stored(path))


def test_a_damaged_entry_is_compiled_afresh(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (pattern,) = unique(SHAPES[:1])
    path = regex_cache.cache_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(marshal.dumps((regex_cache._BUILD, {pattern: (0, [1, 2, 3], 0, {}, ())})))  # invalid opcodes
    with regex_cache.cached_regexes():
        (compiled,) = compile_all([pattern])
    assert compiled == re.compile(*pattern)


def test_an_unwritable_cache_folder_only_costs_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    fresh_process(monkeypatch)
    patterns = unique(SHAPES)
    with regex_cache.cached_regexes():
        assert compile_all(patterns) == [re.compile(p, f) for p, f in patterns]


def test_loading_the_extractors_compiles_from_the_cache_in_the_next_process(tmp_path: Path) -> None:
    """What the cache is for: the extractors and the spaCy pipeline of a later process need (almost) no
    compiling."""
    probe = (
        "from docsvc.extract import regex_cache\n"
        "from docsvc.extract.engine import prepare\n"
        "prepare('de')\n"
        "print(len(regex_cache._store.used), regex_cache._store.misses)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300,
                           check=True) for _ in range(2)]
    (used, compiled), (used_again, compiled_again) = (map(int, run.stdout.split()) for run in runs)
    assert used == compiled > 300
    assert used_again == used and compiled_again < 5  # only the few patterns libraries build from sets
