"""Loading the engine: the garbage collector pauses meanwhile, and what was loaded is frozen out of its reach."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from docsvc.extract.loading import loading


class Loaded:
    """A stand-in for a loaded module's object."""


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_the_collector_pauses_while_loading_and_resumes_after() -> None:
    gc.enable()
    with loading():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_was_loaded_is_frozen() -> None:
    gc.unfreeze()
    with loading():
        loaded = Loaded()
    assert gc.get_freeze_count() > 0
    assert not any(obj is loaded for obj in gc.get_objects())  # out of the collector's generations


def test_nested_loading_resumes_the_collector_only_at_the_end() -> None:
    gc.enable()
    with loading():
        with loading():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    with loading():
        pass
    assert not gc.isenabled()


def test_the_collector_resumes_after_a_failed_load() -> None:
    gc.enable()
    with pytest.raises(ImportError), loading():
        raise ImportError("a broken extractor module")
    assert gc.isenabled()
