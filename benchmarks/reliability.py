"""Long mutation run: thousands of seeded PDF and DOCX mutants through one isolated ``ParserPool``.

    python benchmarks/reliability.py [--pdf 3000] [--docx 1000] [--seed 0] [--timeout 3] [--memory 512]
                                     [--write docs/RELIABILITY.md] [--keep DIR] [--replay pdf:123]

The mutants are those of tests/reliability (same operators, same seeds, same limits by default); the CI tests
run the first 300 PDF and 100 DOCX mutants of seed 0. Prints, as Markdown: counts per outcome (parsed / each
error code), seconds per file (p50 / p99 / max), the peak RSS of any worker process, worker restarts, and
whether a clean file still parses at the end. Exits with status 1 when a mutant raised anything but an
``ExtractionError``, outlasted timeout + margin, parsed into a malformed document, or when the clean file
fails. ``--write`` replaces the results section of the given Markdown file. ``--keep`` saves the offending
mutants; ``--replay fmt:index`` writes one mutant to the current directory and parses it in-process too.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docsvc.extract.errors import ExtractionError  # noqa: E402
from docsvc.extract.parsers import ParseLimits, ParserPool, parse_file  # noqa: E402
from tests.fixtures.documents import ENGLISH, write_contract_docx, write_contract_pdf  # noqa: E402
from tests.reliability.mutations import (  # noqa: E402
    LIMITS,
    WALL_MARGIN,
    Outcome,
    Seed,
    check_document,
    corpus_seeds,
    generated_seeds,
    make_mutant,
    mutants,
    run_mutants,
)

START, END = "<!-- reliability-results:start -->", "<!-- reliability-results:end -->"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def operator_of(label: str) -> list[str]:
    return label.split(" via ")[1].split("+")


def report(args: argparse.Namespace, limits: ParseLimits, runs: dict[str, list[Outcome]], extra: dict[str, str]) -> str:
    lines = [
        f"Run of {datetime.date.today().isoformat()} on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}): "
        f"`python benchmarks/reliability.py --pdf {args.pdf} --docx {args.docx} --seed {args.seed}` "
        f"with limits {limits.timeout_seconds:g} s / {limits.memory_mb} MB / {limits.max_pages} pages, "
        f"{extra['seeds']}.",
        "",
        "| | " + " | ".join(runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    outcomes = sorted({r.outcome for rs in runs.values() for r in rs}, key=lambda o: (o != "parsed", o))

    def row(name: str, cells: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    row("mutants", [str(len(rs)) for rs in runs.values()])
    for outcome in outcomes:
        row(f"`{outcome}`", [str(Counter(r.outcome for r in rs)[outcome]) for rs in runs.values()])
    row("malformed parsed documents", [str(sum(bool(r.defect) for r in rs)) for rs in runs.values()])
    row("error messages not naming the file", [str(sum(not r.names_file for r in rs)) for rs in runs.values()])
    for label, q in (("p50", 0.5), ("p99", 0.99), ("max", 1.0)):
        row(f"{label} s per file", [f"{percentile([r.seconds for r in rs], q):.3f}" for rs in runs.values()])
    row(
        f"over timeout + {WALL_MARGIN:g} s margin",
        [str(sum(r.seconds > limits.timeout_seconds + WALL_MARGIN for r in rs)) for rs in runs.values()],
    )
    row("worker killed or exited (restarts)", [str(sum(r.worker_gone for r in rs)) for rs in runs.values()])
    row("wall time, s", [extra[f"wall_{fmt}"] for fmt in runs])
    lines += [
        "",
        f"Peak RSS of any worker process: {extra['rss']}. Clean PDF and DOCX parse after the run: {extra['clean']}.",
    ]
    for fmt, rs in runs.items():
        per_op: dict[str, Counter[str]] = defaultdict(Counter)
        for r in rs:
            for op in set(operator_of(r.mutant)):
                per_op[op]["parsed" if r.outcome == "parsed" else "error"] += 1
        cells = ", ".join(f"{op} {c['parsed']}/{c['parsed'] + c['error']}" for op, c in sorted(per_op.items()))
        lines.append(f"\n{fmt.upper()} mutants parsed per operator (parsed/used): {cells}.")
    worst = [r for rs in runs.values() for r in rs if not r.ok or r.defect]
    if worst:
        lines.append("\nProblems:\n")
        lines += [f"- {r.mutant}: {r.outcome} {r.defect or r.message}" for r in worst[:20]]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8") if path.exists() else f"# Reliability\n\n{START}\n{END}\n"
    if START not in doc:
        doc = doc.rstrip("\n") + f"\n\n{START}\n{END}\n"
    block = f"{START}\n{text}\n{END}"
    path.write_text(re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, doc, flags=re.S), "utf-8")


def replay(spec: str, seed: int, seeds: dict[str, list[Seed]], limits: ParseLimits) -> int:
    fmt, _, index = spec.partition(":")
    mutant = make_mutant(seed, fmt, int(index), seeds[fmt])
    path = Path.cwd() / f"mutant_{fmt}_{int(index):05d}.{fmt}"
    path.write_bytes(mutant.data)
    print(f"{mutant.label} -> {path}")
    for isolated in (True, False):
        try:
            doc = parse_file(path, limits=limits, isolated=isolated)
            print(f"isolated={isolated}: parsed, {len(doc.blocks)} blocks; check: {check_document(doc) or 'ok'}")
        except ExtractionError as exc:
            print(f"isolated={isolated}: {exc.code}: {exc}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=int, default=3000, help="PDF mutants (default 3000)")
    parser.add_argument("--docx", type=int, default=1000, help="DOCX mutants (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=LIMITS.timeout_seconds, help="seconds per file")
    parser.add_argument("--memory", type=int, default=LIMITS.memory_mb, help="MB per worker")
    parser.add_argument("--corpus-per-set", type=int, default=2, help="smallest corpus files per folder as seeds")
    parser.add_argument("--write", type=Path, help="rewrite the results section of this Markdown file")
    parser.add_argument("--keep", type=Path, help="save offending mutants into this directory")
    parser.add_argument("--replay", help="fmt:index — write that one mutant here and parse it")
    args = parser.parse_args()
    limits = ParseLimits(
        max_pages=LIMITS.max_pages, max_bytes=LIMITS.max_bytes, timeout_seconds=args.timeout, memory_mb=args.memory
    )
    with tempfile.TemporaryDirectory(prefix="docsvc-mutants-") as tmp:
        directory = Path(tmp)
        seeds = {
            fmt: generated_seeds(directory / "seeds", fmt) + corpus_seeds(fmt, args.corpus_per_set)
            for fmt in ("pdf", "docx")
        }
        if args.replay:
            return replay(args.replay, args.seed, seeds, limits)
        n_corpus = sum("/" in name for s in seeds.values() for name, _ in s)  # corpus seeds are "folder/name"
        extra = {"seeds": f"{sum(map(len, seeds.values()))} seed files ({n_corpus} from the shared corpus)"}
        runs: dict[str, list[Outcome]] = {}
        # max_tasks: no planned recycling, so every restart counted below is a killed or exited worker.
        with ParserPool(limits=limits, max_tasks=10**9) as pool:
            for fmt, count in (("pdf", args.pdf), ("docx", args.docx)):
                if count <= 0:
                    continue
                started = time.monotonic()
                runs[fmt] = run_mutants(
                    pool, mutants(args.seed, fmt, count, seeds[fmt]), directory / fmt, check=check_document
                )
                extra[f"wall_{fmt}"] = f"{time.monotonic() - started:.1f}"
                print(f"{fmt}: {count} mutants in {extra[f'wall_{fmt}']} s", file=sys.stderr)
            try:
                pool.parse(write_contract_pdf(directory / "clean.pdf", ENGLISH))
                pool.parse(write_contract_docx(directory / "clean.docx", ENGLISH))
                clean_ok = True
            except ExtractionError as exc:
                clean_ok = False
                print(f"clean file failed: {exc}", file=sys.stderr)
        extra["clean"] = "yes" if clean_ok else "**no**"
        # Workers are waited for when they are killed and at close(): their peak is in RUSAGE_CHILDREN.
        extra["rss"] = f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"
        offending = [
            (fmt, r)
            for fmt, rs in runs.items()
            for r in rs
            if not r.ok or r.defect or r.seconds > limits.timeout_seconds + WALL_MARGIN
        ]
        if args.keep and offending:
            args.keep.mkdir(parents=True, exist_ok=True)
            for fmt, r in offending:
                index = int(r.mutant.split("#")[1].split()[0])
                mutant = make_mutant(args.seed, fmt, index, seeds[fmt])
                (args.keep / f"mutant_{fmt}_{index:05d}.{fmt}").write_bytes(mutant.data)
    text = report(args, limits, runs, extra)
    print(text)
    if args.write:
        write_section(args.write, text)
    print(f"{len(offending)} offending mutants", file=sys.stderr)
    return 0 if clean_ok and not offending else 1


if __name__ == "__main__":
    sys.exit(main())
