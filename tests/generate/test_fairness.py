"""Issue 10, findings 9 and 10: bounded, fair render workers and PDF slots.

One owner (a customer) can hold at most its share of the slots; over it, it is refused at once with a
retryable error instead of queueing ahead of others, and another owner still gets a slot while the first
one's slow work runs. PDF conversions are bounded the same way and run under memory and time limits.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from docsvc.generate import RenderPool
from docsvc.generate.errors import ConversionBusy, GenerationBusy, PdfConversionFailed, RenderBusy
from docsvc.generate.fairness import FairSlots, owned_by, owner_of
from docsvc.generate.pdf import PdfConverter
from docsvc.generate.sample import sample_context
from tests.generate.conftest import make_docx, needs_soffice, texts

# ~6 s of one worker within every limit (1,500 bounded replaces of a million characters)
SLOW = "{% for i in range(1500) %}{% if ('x' * 999999)|replace('x', 'y') %}{% endif %}{% endfor %}slow done"


def test_owner_over_its_share_is_refused_at_once() -> None:
    slots = FairSlots(2, per_owner=1, wait_seconds=30, busy=RenderBusy, what="renders")
    with slots.hold("customer:a"):
        with pytest.raises(RenderBusy, match="your share") as refused:
            with slots.hold("customer:a"):
                pass
        assert refused.value.retry_after > 0
        with slots.hold("customer:b") as slot:  # another owner still gets the second slot
            assert slots.in_use == 2 and slot in (0, 1)
    assert slots.in_use == 0


def test_full_slots_wait_briefly_then_refuse() -> None:
    slots = FairSlots(1, per_owner=1, wait_seconds=0.05, busy=ConversionBusy, what="PDF conversions")
    with slots.hold("customer:a"), pytest.raises(ConversionBusy, match="busy"):
        with slots.hold("customer:b"):
            pass
    released = threading.Event()

    def hold_then_release() -> None:
        with slots.hold("customer:a"):
            released.wait(5)

    worker = threading.Thread(target=hold_then_release)
    worker.start()
    threading.Timer(0.05, released.set).start()
    slots.wait_seconds = 5
    with slots.hold("customer:b"):  # admitted once the holder lets go, within the wait
        pass
    worker.join()


def test_unowned_callers_are_bounded_by_the_slot_count_only() -> None:
    slots = FairSlots(2, per_owner=1, wait_seconds=0.01, busy=RenderBusy, what="renders")
    with slots.hold(None), slots.hold(None), pytest.raises(RenderBusy):
        with slots.hold(None):
            pass


@dataclass(frozen=True)
class _Caller:
    key_id: uuid.UUID
    customer_id: uuid.UUID | None


def test_owner_is_the_customer_or_else_the_key() -> None:
    customer, key_a, key_b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert owner_of(_Caller(key_a, customer)) == owner_of(_Caller(key_b, customer))  # two keys, one customer
    assert owner_of(_Caller(key_a, None)) != owner_of(_Caller(key_b, None))


@pytest.fixture(scope="module")
def fair_pool() -> Iterator[RenderPool]:
    with RenderPool(size=2, per_owner=1, cpu_seconds=30, timeout_seconds=60, wait_seconds=2) as pool:
        warm = [threading.Thread(target=pool.render, args=(make_docx("warm"), sample_context("en")),
                                 kwargs={"language": "en"}) for _ in range(2)]
        for thread in warm:  # both workers started, so B's render does not include a process start
            thread.start()
        for thread in warm:
            thread.join()
        yield pool


def test_one_customer_cannot_stall_another(fair_pool: RenderPool) -> None:
    """A's slow render holds one worker; A's second render is refused at once; B renders meanwhile."""
    started, results = threading.Event(), []

    def slow_render_for_a() -> None:
        with owned_by("customer:a"):
            started.set()
            results.append(texts(fair_pool.render(make_docx(SLOW), sample_context("en"), language="en")))

    a = threading.Thread(target=slow_render_for_a)
    a.start()
    started.wait(5)
    while fair_pool.slots.in_use == 0:  # until A's render has its slot
        threading.Event().wait(0.01)
    with owned_by("customer:a"), pytest.raises(RenderBusy, match="your share"):
        fair_pool.render(make_docx("again"), sample_context("en"), language="en")
    with owned_by("customer:b"):
        assert texts(fair_pool.render(make_docx("for B"), sample_context("en"), language="en")) == ["for B"]
    assert a.is_alive(), "A's render should still be running while B was served"
    a.join()
    assert results == [["slow done"]]


def test_busy_is_a_generation_error_with_retry_after() -> None:
    assert issubclass(RenderBusy, GenerationBusy) and issubclass(ConversionBusy, GenerationBusy)
    assert RenderBusy.code == "render_busy" and ConversionBusy.code == "conversion_busy"


@needs_soffice
def test_pdf_slots_are_bounded_and_fair() -> None:
    converter = PdfConverter(2, per_owner=1, wait_seconds=0.05)
    try:
        with converter.slots.hold("customer:a"):
            with owned_by("customer:a"), pytest.raises(ConversionBusy, match="your share"):
                converter.convert(make_docx("x"))
            with converter.slots.hold("customer:c"), pytest.raises(ConversionBusy, match="busy"):
                converter.convert(make_docx("x"))  # both slots held: refused after the short wait
            with owned_by("customer:b"):
                assert converter.convert(make_docx("for B")).startswith(b"%PDF")
    finally:
        converter.close()


@needs_soffice
def test_pdf_conversion_memory_and_time_limits() -> None:
    starved = PdfConverter(1, memory_mb=64)  # LibreOffice cannot even start in 64 MB of address space
    slow = PdfConverter(1, timeout_seconds=0.3)
    try:
        with pytest.raises(PdfConversionFailed):
            starved.convert(make_docx("x"))
        with pytest.raises(PdfConversionFailed, match="did not finish"):
            slow.convert(make_docx("x"))
        with pytest.raises(PdfConversionFailed, match="not a readable Word file"):
            slow.convert(b"PK\x03\x04 not a zip")
    finally:
        starved.close()
        slow.close()


@needs_soffice
def test_memory_limit_applies_without_prlimit(monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "prlimit" else real_which(name))
    starved = PdfConverter(1, memory_mb=64)
    try:
        assert "prlimit" not in starved._limits()
        with pytest.raises(PdfConversionFailed):
            starved.convert(make_docx("x"))
    finally:
        starved.close()
