"""Issue 10, findings 9 and 10: what bounded, fair generation costs and buys. Prints numbers; asserts nothing.

1. PDF: 16 concurrent conversions, unbounded (16 slots: one soffice each, as before the fix) against the
   default 2 slots. Peak RSS of all soffice processes below this one, wall time, how many were refused (503).
2. Render fairness: customer A sends 3 slow renders at once (each ~5 s of a worker, within every limit) and
   customer B one normal render meanwhile. B's latency with the old pool (1 worker, nobody capped) against the
   new one (2 workers, 1 per customer). Also how long the issue's ``[1]|slice(50000000,'x')`` now takes to be
   refused (it held the worker ~20 s before).

    .venv/bin/python benchmarks/generation_isolation.py [--pdf-requests 16] [--skip-pdf]
"""

from __future__ import annotations

import argparse
import io
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx

from docsvc.generate import RenderPool
from docsvc.generate.errors import GenerationBusy, GenerationError
from docsvc.generate.fairness import owned_by
from docsvc.generate.pdf import PdfConverter, pdf_available
from docsvc.generate.sample import sample_context

SLOW = "{% for i in range(1200) %}{% if ('x' * 999999)|replace('x', 'y') %}{% endif %}{% endfor %}done"


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _descendants_rss_mb() -> float:
    """RSS of every soffice process descended from this one (other users' soffice are not counted)."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        fields = stat[stat.rindex(")") + 2:].split()
        parents[pid], names[pid] = int(fields[1]), stat[stat.index("(") + 1: stat.rindex(")")]
        rss[pid] = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    me, total = os.getpid(), 0
    for pid, name in names.items():
        if "soffice" not in name:
            continue
        ancestor = parents.get(pid, 0)
        while ancestor not in (0, 1, me):
            ancestor = parents.get(ancestor, 0)
        if ancestor == me:
            total += rss[pid]
    return total / 1024


def _peak_while(work: Callable[[], None]) -> tuple[float, float]:
    peak, done = 0.0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _descendants_rss_mb())
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    try:
        work()
    finally:
        done.set()
        sampler.join()
    return peak, time.monotonic() - started


def pdf_benchmark(requests: int) -> None:
    document = make_docx(*(f"Paragraph {i} of a contract letter." for i in range(200)))
    for label, slots, wait in (("unbounded (one soffice per request)", requests, 0.0),
                               ("2 slots, 5 s wait (default)", 2, 5.0), ("2 slots, 120 s wait", 2, 120.0)):
        converter = PdfConverter(slots, per_owner=slots, wait_seconds=wait)
        outcomes: list[str] = []

        def one(i: int, converter: PdfConverter = converter, outcomes: list[str] = outcomes) -> None:
            with owned_by(f"customer:{i}"):
                try:
                    converter.convert(document)
                    outcomes.append("ok")
                except GenerationBusy:
                    outcomes.append("busy")

        def run(one: Callable[[int], None] = one) -> None:
            with ThreadPoolExecutor(requests) as pool:
                list(pool.map(one, range(requests)))

        peak, seconds = _peak_while(run)
        converter.close()
        print(f"PDF {requests} concurrent, {label}: peak soffice RSS {peak:,.0f} MB, {seconds:.1f} s, "
              f"{outcomes.count('ok')} converted, {outcomes.count('busy')} refused (503)")


def render_benchmark() -> None:
    context = sample_context("en")
    slow, normal = make_docx(SLOW), make_docx("Dear {{ contract.customer.name }}")
    for label, size, owners in (("before: 1 worker, no per-customer cap", 1, False),
                                ("after: 2 workers, 1 per customer", 2, True)):
        with RenderPool(size=size, per_owner=1, cpu_seconds=60, timeout_seconds=60, wait_seconds=120) as pool:
            warm = [threading.Thread(target=pool.render, args=(normal, context), kwargs={"language": "en"})
                    for _ in range(size)]
            for thread in warm:  # every worker started, as in a service that has been running a while
                thread.start()
            for thread in warm:
                thread.join()
            refused: list[str] = []

            def flood(pool: RenderPool = pool, refused: list[str] = refused, owners: bool = owners) -> None:
                with owned_by("customer:a" if owners else None):
                    try:
                        pool.render(slow, context, language="en")
                    except GenerationBusy:
                        refused.append("busy")

            threads = [threading.Thread(target=flood) for _ in range(3)]
            for thread in threads:
                thread.start()
            time.sleep(0.5)
            started = time.monotonic()
            with owned_by("customer:b" if owners else None):
                pool.render(normal, context, language="en")
            latency = time.monotonic() - started
            for thread in threads:
                thread.join()
            print(f"render, {label}: B's render took {latency:.2f} s while A flooded "
                  f"({len(refused)} of A's 3 refused with 503)")
    with RenderPool(size=1) as pool:
        pool.render(normal, context, language="en")
        started = time.monotonic()
        try:
            pool.render(make_docx("{{ [1]|slice(50000000, 'x') }}"), context, language="en")
        except GenerationError as exc:
            print(f"[1]|slice(50000000,'x') refused in {time.monotonic() - started:.2f} s: {exc}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-requests", type=int, default=16)
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()
    render_benchmark()
    if not args.skip_pdf and pdf_available():
        pdf_benchmark(args.pdf_requests)


if __name__ == "__main__":
    main()
