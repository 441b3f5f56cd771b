"""SLA battery: made-up Markdown SLA documents of common shapes, labelled by hand, read as DOCX and as PDF.

``corpus/battery/docs.json`` holds 38 short documents written for docsvc (EN and DE): priority tables in rows and
columns, plan columns, key/value summaries, credit tables, cells listing several priorities, right-aligned and
centred columns, units in headers, definition blocks ("Response: 1 hour"), number words and lists. Each carries its
SLA entries (metric, value, unit) in ``score.py``'s conventions (four labels are judgement calls, each with a
``note``). The script builds each document as the real-world
corpus does (pandoc gfm -> HTML -> DOCX, LibreOffice -> PDF, offline), extracts both with ``docsvc extract`` and
prints precision, recall and F1 per format, and the documents that miss anything.

It measures general table and layout reading, not the real world: the documents are short and clean. A PDF score
below the DOCX score is a PDF reading gap; both low is an interpretation gap.

    .venv/bin/python benchmarks/sla_battery.py [-v] [--sla] [--prices]   # default: --sla
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BATTERY = HERE / "corpus" / "battery"
# docs.json: SLA documents, labelled with their SLA entries; prices.json: price lists, rate cards and price prose
# (with the traps of issue 11: worked examples, penalties, surcharges, caps, exchange rates, net/gross pairs),
# labelled with their prices (amount, currency) as score.py keys them.
FIELDS = {"sla": "docs.json", "prices": "prices.json"}


def _sla_keys(labels: list[list[Any]], record: dict[str, Any]) -> tuple[Counter[Any], Counter[Any]]:
    gold = Counter((m, float(v), u) for m, v, u in labels)
    got = Counter((e["metric"], float(e["target"]["value"]), e["target"]["unit"]) for e in record.get("sla", []))
    return gold, got


def _price_keys(labels: list[list[Any]], record: dict[str, Any]) -> tuple[Counter[Any], Counter[Any]]:
    gold = Counter((float(v), c) for v, c in labels)
    items = (record.get("pricing") or {}).get("items") or []
    got = Counter((float(i["unit_price"]), (i.get("currency") or "").upper()) for i in items)
    return gold, got


KEYS = {"sla": _sla_keys, "prices": _price_keys}


def build(workdir: Path, docs: list[dict[str, Any]]) -> dict[str, list[Path]]:
    pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice") or shutil.which("libreoffice")
    if not pandoc or not soffice:
        sys.exit("pandoc and LibreOffice (soffice) are needed")
    docx: list[Path] = []
    for doc in docs:
        html = subprocess.run([pandoc, "-f", "gfm", "-t", "html"], input=doc["markdown"], text=True,
                              capture_output=True, check=True).stdout
        path = workdir / f"{doc['id']}.docx"
        subprocess.run([pandoc, "-f", "html", "-o", str(path)], input=html, text=True, check=True)
        docx.append(path)
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(workdir), *map(str, docx)], capture_output=True, check=True, timeout=600)
    return {"docx": docx, "pdf": [p.with_suffix(".pdf") for p in docx]}


def score(paths: list[Path], docs: list[dict[str, Any]], field: str, verbose: bool) -> tuple[float, float, float]:
    cmd = [sys.executable, "-m", "docsvc.cli", "extract", "--format", "jsonl", *map(str, paths)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent).stdout
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    tp = fp = fn = 0
    for doc, record in zip(docs, records, strict=True):
        gold, got = KEYS[field](doc[field], record)
        hit, extra, missed = gold & got, got - gold, gold - got
        tp, fp, fn = tp + sum(hit.values()), fp + sum(extra.values()), fn + sum(missed.values())
        if verbose and (extra or missed):
            print(f"  {doc['id']}: missed {sorted(missed.elements())} extra {sorted(extra.elements())}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    verbose = "-v" in sys.argv
    fields = [f for f in FIELDS if f"--{f}" in sys.argv] or ["sla"]
    for field in fields:
        docs = json.loads((BATTERY / FIELDS[field]).read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            built = build(Path(tmp), docs)
            for fmt, paths in built.items():
                print(f"{fmt}:")
                p, r, f = score(paths, docs, field, verbose)
                print(f"{fmt:5} {field} P {p:.3f} R {r:.3f} F1 {f:.3f}  ({len(paths)} documents)")


if __name__ == "__main__":
    main()
