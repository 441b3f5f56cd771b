"""Extraction speed, side by side with pdfplumber's own ``extract_text()`` over the same pages, in one run.

    python benchmarks/extract_speed.py [--corpus DIR] [--limit N] [--big-pages 300] [--e2e-files 12] [--repeat 5]

Prints, measured in the same run:

- steady state: pages/s of docsvc's whole extraction (parse + NLP + all extractors, warm process) and of
  pdfplumber ``extract_text()`` in this process, and their ratio (target >= 10x);
- end to end: one ``docsvc extract`` process over the first ``--e2e-files`` PDFs against one Python process
  that imports pdfplumber and reads the same files' text, process start included for both, median of
  ``--repeat`` alternating runs, and their ratio (target >= 5x);
- cold start: median seconds of ``docsvc extract`` on the smallest of those PDFs (target < 1.2 s);
  both fresh-process measurements run docsvc from bytecode, as an installed docsvc does (pip compiles it at
  install; a checkout run with PYTHONDONTWRITEBYTECODE=1 compiles ~100 modules in each of its two processes
  on every run, ~0.2 s of a cold start): ``--from-source`` measures that instead;
- the peak memory of extracting one large PDF built from the corpus pages (target < 500 MB).

Ratios are more trustworthy than seconds on a shared machine; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "cuad-dev" / "pdf"
sys.path.insert(0, str(ROOT))  # this checkout's docsvc, also in a git worktree of an editable install elsewhere


def pdfplumber_pages_per_second(paths: list[Path]) -> tuple[int, float]:
    pages = 0
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages, time.perf_counter() - started


def docsvc_pages_per_second(paths: list[Path]) -> tuple[int, float, int]:
    from docsvc.extract.engine import ContractExtractor
    from docsvc.extract.errors import ExtractionError

    extractor = ContractExtractor()
    extractor.extract(paths[0])  # warm-up: spaCy pipelines and the parser worker start once per process
    pages = failures = 0
    started = time.perf_counter()
    for path in paths:
        try:
            record = extractor.extract(path)
            pages += record.source.pages or 0
        except ExtractionError:
            failures += 1
    return pages, time.perf_counter() - started, failures


PDFPLUMBER_PROCESS = (
    "import sys\n"
    "import pdfplumber\n"
    "for path in sys.argv[1:]:\n"
    "    with pdfplumber.open(path) as pdf:\n"
    "        for page in pdf.pages:\n"
    "            page.extract_text()\n"
    "            page.close()\n"
)


def _timed(cmd: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env, cwd=ROOT)
    return time.perf_counter() - started


def end_to_end(paths: list[Path], repeat: int) -> dict[str, float]:
    """Median wall seconds of fresh processes: docsvc over ``paths``, pdfplumber over ``paths``, docsvc on the
    smallest file (cold start). The three alternate, so a burst of load on the machine hits them alike."""
    docsvc = [sys.executable, "-m", "docsvc.cli", "extract", "--format", "jsonl"]
    smallest = min(paths, key=lambda p: p.stat().st_size)
    runs: dict[str, list[float]] = {"docsvc": [], "pdfplumber": [], "cold": []}
    for _ in range(repeat):
        runs["docsvc"].append(_timed([*docsvc, *map(str, paths)]))
        runs["pdfplumber"].append(_timed([sys.executable, "-c", PDFPLUMBER_PROCESS, *map(str, paths)]))
        runs["cold"].append(_timed([*docsvc, str(smallest)]))
    return {name: statistics.median(values) for name, values in runs.items()}


def build_big_pdf(paths: list[Path], n_pages: int, out: Path) -> int:
    target = pdfium.PdfDocument.new()
    for path in paths:
        src = pdfium.PdfDocument(path)
        take = min(len(src), n_pages - len(target))
        target.import_pages(src, list(range(take)))
        src.close()
        if len(target) >= n_pages:
            break
    target.save(out)
    count = len(target)
    target.close()
    return count


def peak_memory_mb(path: Path) -> float:
    """Peak RSS of a fresh ``docsvc extract`` process and its parser child, in MB."""
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from docsvc.extract.engine import ContractExtractor\n"
        "ContractExtractor().extract(Path(sys.argv[1]))\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(max(own, kids) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N PDFs")
    ap.add_argument("--big-pages", type=int, default=300, help="0: skip the memory measurement")
    ap.add_argument("--e2e-files", type=int, default=12, help="files in the end-to-end run (0: skip it)")
    ap.add_argument("--repeat", type=int, default=5, help="end-to-end runs; the median counts")
    ap.add_argument("--from-source", action="store_true",
                    help="fresh processes compile docsvc from source (no bytecode written beforehand)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    paths = sorted(args.corpus.glob("*.pdf"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no PDFs under {args.corpus}", file=sys.stderr)
        return 2

    load_before = os.getloadavg()[0]
    ours_pages, ours_s, failures = docsvc_pages_per_second(paths)
    plumber_pages, plumber_s = pdfplumber_pages_per_second(paths)
    ours_pps, plumber_pps = ours_pages / ours_s, plumber_pages / plumber_s
    e2e_paths = paths[: args.e2e_files]
    if not args.from_source:
        compileall.compile_dir(ROOT / "docsvc", quiet=1)  # __pycache__ is git-ignored
    e2e = end_to_end(e2e_paths, args.repeat) if e2e_paths else {}
    big_pages, peak = 0, 0.0
    if args.big_pages:
        with tempfile.TemporaryDirectory() as tmp:
            big = Path(tmp) / "big.pdf"
            big_pages = build_big_pdf(paths, args.big_pages, big)
            peak = peak_memory_mb(big)
    e2e_ratio = round(e2e["pdfplumber"] / e2e["docsvc"], 2) if e2e else None
    result = {
        "files": len(paths),
        "docsvc": {"pages": ours_pages, "seconds": round(ours_s, 2), "pages_per_s": round(ours_pps, 1),
                   "failures": failures},
        "pdfplumber_extract_text": {"pages": plumber_pages, "seconds": round(plumber_s, 2),
                                    "pages_per_s": round(plumber_pps, 1)},
        "ratio": round(ours_pps / plumber_pps, 2),
        "end_to_end": {"files": len(e2e_paths), "repeat": args.repeat, "bytecode": not args.from_source,
                       **{f"{k}_seconds": round(v, 2) for k, v in e2e.items()}, "ratio": e2e_ratio},
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpus": os.cpu_count(),
        "big_pdf": {"pages": big_pages, "peak_rss_mb": round(peak, 1)},
        "own_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"files: {len(paths)}  (docsvc failures: {failures})")
        print(f"docsvc extract (parse + NLP + all extractors): {ours_pages} pages in {ours_s:.2f} s = "
              f"{ours_pps:.1f} pages/s")
        print(f"pdfplumber extract_text():                    {plumber_pages} pages in {plumber_s:.2f} s = "
              f"{plumber_pps:.1f} pages/s")
        if e2e:
            print(f"end to end, {len(e2e_paths)} files, fresh processes (median of {args.repeat}): docsvc extract "
                  f"{e2e['docsvc']:.2f} s, pdfplumber {e2e['pdfplumber']:.2f} s; cold start on one file "
                  f"{e2e['cold']:.2f} s  (target < 1.2 s); "
                  f"{'from source' if args.from_source else 'docsvc from bytecode, as installed'}")
        print(f"ratio docsvc / pdfplumber, steady state: {result['ratio']}x  (target >= 10x)   "
              f"end to end: {e2e_ratio}x  (target >= 5x)")
        print(f"load average before/after: {load_before:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if big_pages:
            print(f"peak memory extracting a {big_pages}-page PDF: {peak:.0f} MB  (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
