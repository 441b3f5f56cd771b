"""Extraction speed, side by side with pdfplumber's own ``extract_text()`` over the same pages, in one run.

    python benchmarks/extract_speed.py [--corpus DIR] [--limit N] [--big-pages 300]

Prints pages/s for both and their ratio (target: docsvc's whole extraction >= 3x pdfplumber text alone), then
the peak memory of extracting one large PDF built from the corpus pages (target: < 500 MB). Ratios are more
trustworthy than seconds on a shared machine; both sides run in this process, one after the other.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "cuad-dev" / "pdf"


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
    ap.add_argument("--big-pages", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    paths = sorted(args.corpus.glob("*.pdf"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no PDFs under {args.corpus}", file=sys.stderr)
        return 2

    ours_pages, ours_s, failures = docsvc_pages_per_second(paths)
    plumber_pages, plumber_s = pdfplumber_pages_per_second(paths)
    ours_pps, plumber_pps = ours_pages / ours_s, plumber_pages / plumber_s
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.pdf"
        big_pages = build_big_pdf(paths, args.big_pages, big)
        peak = peak_memory_mb(big)
    result = {
        "files": len(paths),
        "docsvc": {"pages": ours_pages, "seconds": round(ours_s, 2), "pages_per_s": round(ours_pps, 1),
                   "failures": failures},
        "pdfplumber_extract_text": {"pages": plumber_pages, "seconds": round(plumber_s, 2),
                                    "pages_per_s": round(plumber_pps, 1)},
        "ratio": round(ours_pps / plumber_pps, 2),
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
        print(f"ratio docsvc / pdfplumber: {result['ratio']}x  (target >= 3x)")
        print(f"peak memory extracting a {big_pages}-page PDF: {peak:.0f} MB  (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
