"""Label-free SLA recall probe: lines that look like a service level but that no extracted SLA record covers.

    python benchmarks/sla_recall_probe.py FILE_OR_DIR [...] [--json] [--show N] [--all]

Over the given documents (DOCX/PDF; a folder is searched for both), every sentence of a paragraph and every
table row is a *candidate* when it names an SLA metric (availability/uptime, response, resolution, restore,
RPO/RTO, on-site, ... — the engine's own metric vocabulary) and holds a percentage or a duration. A candidate is
*covered* when an extracted SLA record's evidence is that line (or the paragraph holding it, or a part of it);
a line whose values were all extracted from another line counts as a repetition; otherwise it is
reported as a possible miss. A covered line with values no record read from it (a plan row giving one entry of
three) is reported as *partly read*, with the values still unread.

No gold labels are needed, so the probe can run over unseen documents to find *classes* of misses (a wording, a
layout) before anyone labels them. It over-reports on purpose: credit-ladder thresholds, claim windows, notice
periods and examples are candidates too, and are shown with a hint (credit / notice / example) so they can be
skipped; those are never targets (README "Label conventions"). Read the uncovered lines, group them by what they
have in common, and fix the class; never the one document.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docsvc.extract.context import analyse  # noqa: E402
from docsvc.extract.engine import ContractExtractor  # noqa: E402
from docsvc.extract.extractors.sla.values import find_targets, prepare  # noqa: E402
from docsvc.extract.extractors.sla.vocab import ANY_METRIC_RE, OTHER_METRIC_RE  # noqa: E402
from docsvc.extract.language import detect_language  # noqa: E402
from docsvc.extract.negative_context import NOT_SLA, negative_kinds  # noqa: E402
from docsvc.extract.parsers import parse_file  # noqa: E402

# Hints for candidates that are usually no target, so a reader can skip them quickly.
_HINTS = {
    "credit": re.compile(r"credit|refund|rebate|gutschrift|minderung|compensation", re.I),
    "notice": re.compile(r"notice|notif|advance|announce|ankündig|vorab", re.I),
    "claim": re.compile(r"claim|request\w*\s+(?:a\s+)?credit|submit|eligib", re.I),
}


@dataclass(frozen=True)
class Candidate:
    doc: str
    where: str  # "paragraph 12", "table 3 row 2"
    text: str
    metric: str
    values: tuple[str, ...]
    hints: tuple[str, ...]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[|*_`]", " ", text).split()).lower()


def _metric(text: str) -> str | None:
    m = ANY_METRIC_RE.search(text)
    if m:
        return m.lastgroup or "metric"
    return "other" if OTHER_METRIC_RE.search(text) else None


def _values(text: str, language: str) -> tuple[str, ...]:
    prepared = prepare(text, language)
    return tuple(f"{t.value:g} {t.unit}" for t in find_targets(prepared, language))


def candidates(path: Path) -> tuple[list[Candidate], str]:
    """Candidate lines of one document and its language."""
    parsed = parse_file(path, isolated=False)
    language = detect_language(parsed.text()).language
    ctx = analyse(parsed, language)
    out: list[Candidate] = []
    lines: list[tuple[str, str]] = [(f"paragraph {s.block.index}", s.text) for s in ctx.body()]
    for t in parsed.tables:
        header = [c.text for c in t.rows[0]] if t.rows else []
        for r, row in enumerate(t.rows):
            cells = [c.text for c in row]
            # A row's metric may be named only in its column header ("Priority | Response | Resolution").
            shown = " | ".join(cells) + ("  «" + " | ".join(header) + "»" if r else "")
            lines.append((f"table {t.index} row {r}", shown))
    for where, text in lines:
        metric = _metric(text)
        values = _values(text.split("  «")[0], language) if metric else ()
        if not metric or not values:
            continue
        hints = tuple(k for k, rx in _HINTS.items() if rx.search(text))
        hints += tuple(sorted(negative_kinds(text, NOT_SLA)))
        out.append(Candidate(path.name, where, text, metric, values, hints))
    return out, language


def _evidence_texts(record: dict[str, Any]) -> list[str]:
    return [text for text, _ in _evidence_values(record)]


def _evidence_values(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(evidence line, value read from it) of every SLA record."""
    out = []
    for entry in record.get("sla") or []:
        ev = entry.get("evidence") or {}
        target = entry.get("target") or {}
        if ev.get("text") and target.get("value") is not None:
            out.append((_norm(ev["text"]), f"{float(target['value']):g} {target.get('unit')}"))
    return out


def unread_values(candidate: Candidate, read: list[tuple[str, str]]) -> list[str]:
    """Values of a covered line that no record read from it: a row read only in part ("30 min | 30 min | 30 min"
    giving one entry) counts as covered by line, so the values say what is still missing. Units are compared
    loosely (a value read as business hours was read)."""
    line = _norm(candidate.text.split("  «")[0])
    got = Counter(v.replace("business_", "") for e, v in read if e and (e in line or line in e))
    missing = []
    for value in candidate.values:
        key = value.replace("business_", "")
        if got[key] > 0:
            got[key] -= 1
        else:
            missing.append(value)
    return missing


def _extracted_values(record: dict[str, Any]) -> set[str]:
    out = set()
    for entry in record.get("sla") or []:
        target = entry.get("target") or {}
        if target.get("value") is not None:
            out.add(f"{float(target['value']):g} {target.get('unit')}")
    return out


def covered(candidate: Candidate, evidence: list[str]) -> bool:
    line = _norm(candidate.text.split("  «")[0])
    return any(e and (e in line or line in e) for e in evidence)


def probe(paths: list[Path]) -> dict[str, Any]:
    extractor = ContractExtractor(isolated=False)
    docs: list[dict[str, Any]] = []
    for path in paths:
        try:
            record = extractor.extract(path).model_dump(mode="json")
            found, language = candidates(path)
        except Exception as exc:  # a probe over unseen files must not stop at one broken file
            docs.append({"doc": str(path), "error": f"{type(exc).__name__}: {exc}"})
            continue
        evidence = _evidence_texts(record)
        read = _evidence_values(record)
        values = _extracted_values(record)
        missed = [c for c in found if not covered(c, evidence)]
        partly = [(c, unread) for c in found if c not in missed and (unread := unread_values(c, read))
                  and not set(unread) <= values]
        # Equal targets are merged into one record, whose evidence is the first line stating them: a line whose
        # values were all extracted elsewhere is a repetition, not a miss.
        repeated = [c for c in missed if set(c.values) <= values]
        missed = [c for c in missed if c not in repeated]
        docs.append({
            "doc": str(path), "language": language, "sla_records": len(record.get("sla") or []),
            "candidates": len(found), "uncovered": len(missed), "repeated": len(repeated),
            "missed": [{"where": c.where, "metric": c.metric, "values": list(c.values), "hints": list(c.hints),
                        "text": c.text[:300]} for c in missed],
            "partly_read": [{"where": c.where, "metric": c.metric, "unread": unread, "hints": list(c.hints),
                             "text": c.text[:300]} for c, unread in partly],
        })
    total = sum(d.get("candidates", 0) for d in docs)
    unc = sum(d.get("uncovered", 0) for d in docs)
    plain = sum(1 for d in docs for m in d.get("missed", []) if not m["hints"])
    part = sum(len(d.get("partly_read", [])) for d in docs)
    return {"documents": len(docs), "candidates": total, "uncovered": unc, "uncovered_without_hint": plain,
            "partly_read": part,
            "covered_share": round(1 - unc / total, 3) if total else None,
            "uncovered_by_metric": dict(Counter(m["metric"] for d in docs for m in d.get("missed", []))),
            "docs": docs}


def _files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out += sorted(q for q in p.rglob("*") if q.suffix.lower() in (".docx", ".pdf")) if p.is_dir() else [p]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="DOCX/PDF files or folders")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--show", type=int, default=8, help="uncovered lines shown per document (text output)")
    ap.add_argument("--all", action="store_true", help="also show uncovered lines with a hint (credit, notice...)")
    args = ap.parse_args(argv)
    result = probe(_files(args.paths))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for d in result["docs"]:
        if "error" in d:
            print(f"{d['doc']}: ERROR {d['error']}")
            continue
        print(f"{d['doc']}: {d['sla_records']} SLA records, {d['candidates']} candidate lines, "
              f"{d['uncovered']} uncovered")
        shown = [m for m in d["missed"] if args.all or not m["hints"]][: args.show]
        for m in shown:
            hint = f" [{', '.join(m['hints'])}]" if m["hints"] else ""
            print(f"   - {m['where']}: {m['metric']} {m['values']}{hint}: {m['text'][:160]}")
        for m in [m for m in d["partly_read"] if args.all or not m["hints"]][: args.show]:
            print(f"   ~ {m['where']}: partly read, unread {m['unread']}: {m['text'][:160]}")
    print(f"\n{result['documents']} documents, {result['candidates']} candidate lines, {result['uncovered']} "
          f"uncovered ({result['uncovered_without_hint']} without a hint), {result['partly_read']} partly read; "
          f"covered share {result['covered_share']}; "
          f"uncovered by metric {result['uncovered_by_metric']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
