"""OCR speed and the accuracy it costs: the corpus' born-digital PDFs against scans of the same documents.

    python benchmarks/ocr_speed.py [--corpus DIR] [--dpi 300] [--noise 0.002] [--skew 1.0] [--limit N]

Each PDF of the synthetic corpus (SLA and price tables, EN and DE) is rendered to images as a scanner would
(``--dpi``, salt-and-pepper ``--noise``, every other page skewed by ``--skew`` degrees), wrapped as an
image-only PDF and extracted like any upload, with tesseract processes for the pages in parallel (one per
core). The scans are parsed in this process (not the isolated worker) so that the CPU time of the tesseract
processes can be counted. Prints OCR pages per second of wall-clock time (the parse of the scans, which is
almost all OCR), CPU seconds per page (what an idle machine's cores would need: pages/s on N idle cores is
about N / that), and the micro F1 of both versions against the gold labels (overall and per document), scored
with the corpus' own ``score.py``; target: the scans reach >= 0.95 of the born-digital F1. Wall-clock seconds
depend on what else runs on the machine: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "synthetic-dev"


def load_scorer(corpus: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", corpus.parent / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py next to {corpus}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def micro_f1(scorer: ModuleType, gold: list[dict[str, Any]], records: list[dict[str, Any]]) -> tuple[float, dict]:
    tallies: dict[str, Any] = defaultdict(scorer.Tally)
    for entry, record in zip(gold, records, strict=True):
        scorer.score_doc(entry["gold"], record, tallies, [], entry["doc"])
    total = scorer.Tally()
    for tally in tallies.values():
        total.add(tally.tp, tally.fp, tally.fn)
    fields = {name: round(t.prf()[2], 3) for name, t in sorted(tallies.items())}
    return total.prf()[2], fields


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--noise", type=float, default=0.002)
    parser.add_argument("--skew", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", type=Path, help="write what the scans lost, per document (JSON Lines)")
    args = parser.parse_args()

    from docsvc.extract import ocr
    from docsvc.extract.engine import ContractExtractor
    from docsvc.extract.errors import ExtractionError
    from docsvc.extract.parsers import parse_file
    from tests.fixtures.scans import Degradation, write_scan

    if not ocr.status().available:
        raise SystemExit(ocr.status().message)
    gold_file = args.corpus / "gold.jsonl"
    if not gold_file.exists():
        raise SystemExit(f"corpus not found: {gold_file}")
    gold = [json.loads(ln) for ln in gold_file.read_text().splitlines() if ln.strip()]
    gold = [g for g in gold if g["doc"].endswith(".pdf")][: args.limit or None]
    scorer = load_scorer(args.corpus)
    extractor = ContractExtractor()

    born_records: list[dict[str, Any]] = []
    scan_records: list[dict[str, Any]] = []
    pages = 0
    ocr_seconds = cpu_seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        extractor.extract(args.corpus / gold[0]["doc"])  # warm-up: spaCy and the parser worker start once
        for entry in gold:
            born = args.corpus / entry["doc"]
            scan = Path(tmp) / born.name
            spoil = [Degradation(noise=args.noise, skew=args.skew if i % 2 else 0.0) for i in range(500)]
            write_scan(scan, born, dpi=args.dpi, pages=spoil)
            born_records.append(_record(extractor, born, ExtractionError))
            started, cpu_started = time.perf_counter(), _cpu()
            try:
                parsed = parse_file(scan, limits=extractor.limits, isolated=False)
            except ExtractionError as exc:
                print(f"{scan.name}: {exc}", file=sys.stderr)
                scan_records.append({})
                continue
            ocr_seconds += time.perf_counter() - started
            cpu_seconds += _cpu() - cpu_started
            pages += len(parsed.ocr_pages)
            scan_records.append(extractor.extract_parsed(parsed).model_dump(mode="json"))
    born_f1, born_fields = micro_f1(scorer, gold, born_records)
    scan_f1, scan_fields = micro_f1(scorer, gold, scan_records)
    result = {
        "documents": len(gold),
        "ocr_pages": pages,
        "ocr_seconds": round(ocr_seconds, 1),
        "pages_per_second": round(pages / ocr_seconds, 3) if ocr_seconds else None,
        "cpu_seconds_per_page": round(cpu_seconds / pages, 2) if pages else None,
        "cores": os.cpu_count(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "dpi": args.dpi,
        "micro_f1_born_digital": round(born_f1, 3),
        "micro_f1_scanned": round(scan_f1, 3),
        "f1_ratio": round(scan_f1 / born_f1, 3) if born_f1 else None,
        "fields_that_differ": {k: (born_fields.get(k), v) for k, v in scan_fields.items() if born_fields.get(k) != v},
        "per_document": {  # (born-digital F1, scanned F1): where the gap is
            Path(entry["doc"]).stem: (
                round(micro_f1(scorer, [entry], [born_record])[0], 3),
                round(micro_f1(scorer, [entry], [scan_record])[0], 3),
            )
            for entry, born_record, scan_record in zip(gold, born_records, scan_records, strict=True)
        },
    }
    if args.misses:
        lost = []
        for entry, born_record, scan_record in zip(gold, born_records, scan_records, strict=True):
            born_misses: list[dict[str, Any]] = []
            scan_misses: list[dict[str, Any]] = []
            scorer.score_doc(entry["gold"], born_record, defaultdict(scorer.Tally), born_misses, entry["doc"])
            scorer.score_doc(entry["gold"], scan_record, defaultdict(scorer.Tally), scan_misses, entry["doc"])
            lost += [m for m in scan_misses if m not in born_misses]
        args.misses.write_text("".join(json.dumps(m, default=str) + "\n" for m in lost))
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")
    return 0


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the tesseract processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _record(extractor: Any, path: Path, error: type[Exception]) -> dict[str, Any]:
    try:
        data: dict[str, Any] = extractor.extract(path).model_dump(mode="json")
        return data
    except error as exc:
        print(f"{path.name}: {exc}", file=sys.stderr)
        return {}


if __name__ == "__main__":
    sys.exit(main())
