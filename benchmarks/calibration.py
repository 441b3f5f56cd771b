"""Confidence calibration: reliability tables before and after, and the map in docsvc/extract/nlp/calibration.json.

    python benchmarks/calibration.py                  # extract all sets (raw scores), print the tables
    python benchmarks/calibration.py --write          # ... and rewrite the calibration file (fit on all sets)
    python benchmarks/calibration.py --pred-dir DIR   # reuse raw records saved by --save-dir (or score.py --save)

Sets: the real-world and NDA corpora (benchmarks/corpus/realworld, benchmarks/corpus/nda) and the shared dev
sets cuad-dev, synthetic-dev and tos-dev. The extractor runs as ``docsvc extract --format jsonl`` with
``DOCSVC_EXTRACT_CALIBRATED_CONFIDENCE=false``, so the map is always fitted on raw scores, never on its own
output. Every predicted value of a scored field is matched against gold exactly as the corpus's ``score.py``
does (its key and match functions, its greedy first-match for lists; the per-field counts are checked against
``score_doc``'s), giving (field, raw score, correct) triples.

The fit, per field: the values are grouped by raw score (the extractors' scores are a few discrete levels, one
per rule), each group's share correct is shrunk towards the field's overall share (``--prior-weight``
pseudo-values) and made non-decreasing by isotonic regression (pool adjacent violators). A field with fewer than
``--min-values`` values uses the map fitted on all fields together (key ``*``). Overfitting shows in the
"after" table: it is cross-validated by document (documents split in two halves by a hash of their path;
each half is scored with the map fitted on the other).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docsvc.extract.calibration import CALIBRATION_FILE, POOLED, ScoreMap, calibrated  # noqa: E402

SETS = ("realworld", "nda", "cuad-dev", "synthetic-dev", "tos-dev")
BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
LIST_FIELDS = ("sla", "service_credits", "price_items", "parties")
SCALAR_FIELDS = (
    "agreement_date", "effective_date", "expiration_date", "initial_term", "renewal_term", "renewal_notice_period",
    "termination_notice_period", "governing_law", "language", "document_type", "payment_terms_days", "price_review",
)
# Where score.py reads a scalar from, when not at the top level.
SCALAR_PATHS = {"payment_terms_days": ("pricing", "payment_terms_days"), "price_review": ("pricing", "price_review")}


@dataclass(frozen=True, slots=True)
class Outcome:
    doc: str  # "<set>/<doc path>": the unit of the cross-validation split
    field: str
    raw: float
    correct: bool


def find_scorer(explicit: Path | None) -> Path:
    candidates = [explicit] if explicit else []
    if os.environ.get("SCORE_PY"):
        candidates.append(Path(os.environ["SCORE_PY"]))
    # /work/main -> /work/shared; a worktree /work/wt/<name> -> /work/shared
    candidates += [ROOT.parent / "shared" / "corpus" / "score.py", ROOT.parents[1] / "shared" / "corpus" / "score.py"]
    for path in candidates:
        if path is not None and path.is_file():
            return path
    raise SystemExit("score.py not found: give --score-py (the shared corpus's scorer)")


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def set_paths(name: str, corpus: Path) -> tuple[Path, Path]:
    """(gold file, folder its doc paths are relative to)."""
    if name in ("realworld", "nda", "holdout"):
        folder = ROOT / "benchmarks" / "corpus" / name
        return folder / "gold.jsonl", folder
    return corpus / name / "gold.jsonl", corpus / name


# --- matching, the way score.py does it ----------------------------------------------------------------------


def _same(score: ModuleType, field: str) -> Callable[[Any, Any], bool]:
    keys = {"sla": score.sla_key, "service_credits": score.credit_key, "price_items": score.price_key}
    if field == "parties":
        return score.party_match  # type: ignore[no-any-return]
    key = keys[field]
    return lambda g, p: key(g) == key(p)


def _list_preds(score: ModuleType, field: str, rec: dict[str, Any]) -> list[tuple[Any, float]]:
    """The predictions score.py compares for a list field, each with its raw score."""
    if field == "parties":
        entries = [p for p in score.list_at(rec, "parties") if isinstance(p, dict) and p.get("name")]
        return [(p["name"], _conf(p)) for p in entries]
    path = "pricing.items" if field == "price_items" else field
    return [(x, _conf(x)) for x in score.list_at(rec, path) if isinstance(x, dict)]


def _conf(holder: Any) -> float:
    value = holder.get("confidence") if isinstance(holder, dict) else None
    return float(value) if isinstance(value, int | float) else 0.0


def greedy_matches(gold: list[Any], preds: list[Any], same: Callable[[Any, Any], bool]) -> list[bool]:
    """Which predictions ``score_multiset`` counts as true positives (same loop: each gold entry takes the first
    unused prediction that matches it)."""
    unused = list(range(len(preds)))
    matched = [False] * len(preds)
    for g in gold:
        for pos, i in enumerate(unused):
            if same(g, preds[i]):
                matched[i] = True
                del unused[pos]
                break
    return matched


def doc_outcomes(score: ModuleType, doc: str, gold: dict[str, Any], rec: dict[str, Any]) -> list[Outcome]:
    """Every predicted value of a field the gold labels score, with its raw score and whether it is right."""
    out: list[Outcome] = []
    tallies: dict[str, Any] = defaultdict(score.Tally)
    score.score_doc(gold, rec, tallies, [], doc)  # score.py's own counts, to check ours against
    for field in LIST_FIELDS:
        if field not in gold:
            continue
        preds = _list_preds(score, field, rec)
        matched = greedy_matches(gold[field] or [], [p for p, _ in preds], _same(score, field))
        if sum(matched) != tallies[field].tp:
            raise AssertionError(f"{doc} {field}: {sum(matched)} matches, score.py counts {tallies[field].tp}")
        out += [Outcome(doc, field, raw, ok) for (_, raw), ok in zip(preds, matched, strict=True)]
    for field in SCALAR_FIELDS:
        if field not in gold:
            continue
        holder: Any = rec
        for part in SCALAR_PATHS.get(field, (field,)):
            holder = holder.get(part) if isinstance(holder, dict) else None
        if score.val(holder) is None:
            continue  # nothing predicted: a miss, but no value carrying a confidence
        one: dict[str, Any] = defaultdict(score.Tally)
        sub = {field: gold[field]}
        if field == "effective_date" and "agreement_date" in gold:
            sub["agreement_date"] = gold["agreement_date"]  # score.py's "same as the agreement date" rule
        score.score_doc(sub, rec, one, [], doc)
        if one[field].tp:
            out.append(Outcome(doc, field, _conf(holder), True))
        elif one[field].fp:
            out.append(Outcome(doc, field, _conf(holder), False))
    return out


# --- fitting ---------------------------------------------------------------------------------------------------


def isotonic(points: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Pool adjacent violators over (x, y, weight) sorted by x: the non-decreasing fit, one y per x."""
    blocks: list[list[float]] = []  # [y, weight, count of xs]
    for _, y, w in points:
        blocks.append([y, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            y2, w2, n2 = blocks.pop()
            y1, w1, n1 = blocks.pop()
            blocks.append([(y1 * w1 + y2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    ys = [b[0] for b in blocks for _ in range(int(b[2]))]
    return [(x, y) for (x, _, _), y in zip(points, ys, strict=True)]


def fit_map(outcomes: Iterable[Outcome], prior_weight: float, ceiling: float, z: float) -> ScoreMap | None:
    groups: dict[float, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.raw].append(o)
    total = sum(len(g) for g in groups.values())
    if not total:
        return None
    prior = sum(o.correct for g in groups.values() for o in g) / total
    points = []
    for x, items in sorted(groups.items()):
        k, n = sum(o.correct for o in items), len(items)
        p = (k + prior_weight * prior) / (n + prior_weight)
        # Values of one document stand or fall together (one table read wrongly costs all its rows), so the
        # uncertainty of a level is counted in documents, not values: a lower bound z standard errors down.
        docs = len({o.doc for o in items})
        p -= z * (p * (1 - p) / (docs + prior_weight)) ** 0.5
        points.append((x, max(0.0, p), n + prior_weight))
    fitted = isotonic(points)
    return ScoreMap(tuple(x for x, _ in fitted), tuple(round(min(ceiling, y), 3) for _, y in fitted))


def fit(outcomes: list[Outcome], *, min_values: int, prior_weight: float, ceiling: float,
        z: float) -> dict[str, ScoreMap]:
    by_field: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_field[o.field].append(o)
    maps: dict[str, ScoreMap] = {}
    pooled = fit_map(outcomes, prior_weight, ceiling, z)
    if pooled is not None:
        maps[POOLED] = pooled
    for field, items in sorted(by_field.items()):
        if len(items) >= min_values and (fitted := fit_map(items, prior_weight, ceiling, z)) is not None:
            maps[field] = fitted
    return maps


def lower_envelope(a: ScoreMap, b: ScoreMap) -> ScoreMap:
    """The lower of two maps at every raw score (non-decreasing, as both are)."""
    xs = sorted(set(a.raw) | set(b.raw))
    return ScoreMap(tuple(xs), tuple(round(min(a(x), b(x)), 3) for x in xs))


def combined(dev: dict[str, ScoreMap], first: dict[str, ScoreMap]) -> dict[str, ScoreMap]:
    """Per field, the lower of the dev map and the first-sight map (a field without a first-sight map of its
    own takes the pooled first-sight map): a score must hold on documents the rules were tuned on *and* on
    documents they met for the first time."""
    out = dict(dev)
    for field, dev_map in dev.items():
        other = first.get(field) or first.get(POOLED)
        if other is not None:
            out[field] = lower_envelope(dev_map, other)
    return out


def fit_both(dev: list[Outcome], first: list[Outcome], **kw: Any) -> dict[str, ScoreMap]:
    return combined(fit(dev, **kw), fit(first, **kw)) if first else fit(dev, **kw)


def apply_maps(maps: dict[str, ScoreMap], outcomes: list[Outcome]) -> list[Outcome]:
    out = []
    for o in outcomes:
        score_map = maps.get(o.field) or maps.get(POOLED)
        out.append(Outcome(o.doc, o.field, calibrated(score_map, o.raw) if score_map else o.raw, o.correct))
    return out


def half(doc: str) -> int:
    return hashlib.sha1(doc.encode()).digest()[0] % 2


def cross_validated(outcomes: list[Outcome], first: list[Outcome] | None = None, *, score_first: bool = False,
                    **kw: Any) -> list[Outcome]:
    """Both pools split by document (a first-sight value's document is the same file as its dev twin), each half
    scored with the maps fitted on the other: the dev values, or the first-sight ones (``score_first``)."""
    out: list[Outcome] = []
    first = first or []
    scored = first if score_first else outcomes
    for held_out in (0, 1):
        train = [o for o in outcomes if half(o.doc) != held_out]
        train_first = [o for o in first if half(_dev_doc(o.doc)) != held_out]
        test = [o for o in scored if half(_dev_doc(o.doc)) == held_out]
        out += apply_maps(fit_both(train, train_first, **kw), test)
    return out


def cross_validated_first(outcomes: list[Outcome], first: list[Outcome], **kw: Any) -> list[Outcome]:
    """The first-sight values, each half scored with the maps fitted on the other half (dev and first sight)."""
    return cross_validated(outcomes, first, score_first=True, **kw)


def _dev_doc(first_sight_doc: str) -> str:
    """'first-sight/realworld/files/x.pdf' -> 'realworld/files/x.pdf', the key its dev values split by."""
    return first_sight_doc.removeprefix("first-sight/")


# --- printing --------------------------------------------------------------------------------------------------


def bucket_of(score: float) -> int:
    return max(i for i, edge in enumerate(BUCKETS) if score >= edge)


def bucket_label(i: int) -> str:
    hi = BUCKETS[i + 1] if i + 1 < len(BUCKETS) else 1.0
    return f"[{BUCKETS[i]:.2f},{hi:.2f}{']' if i + 1 == len(BUCKETS) else ')'}"


def reliability(outcomes: list[Outcome]) -> list[tuple[int, int, float, float]]:
    """Per non-empty bucket: (bucket, count, share correct, mean score)."""
    rows = []
    for i in range(len(BUCKETS)):
        inside = [o for o in outcomes if bucket_of(o.raw) == i]
        if inside:
            rows.append((i, len(inside), sum(o.correct for o in inside) / len(inside),
                         sum(o.raw for o in inside) / len(inside)))
    return rows


def high_share(outcomes: list[Outcome], threshold: float = 0.9) -> str:
    high = [o for o in outcomes if o.raw >= threshold]
    if not high:
        return "     0      -"
    return f"{len(high):6d} {sum(o.correct for o in high) / len(high):6.3f}"


def print_tables(title: str, outcomes: list[Outcome]) -> None:
    print(f"\n## {title}\n")
    print(f"{'bucket':14} {'n':>6} {'correct':>8} {'mean conf':>10}")
    for i, n, share, mean in reliability(outcomes):
        print(f"{bucket_label(i):14} {n:6d} {share:8.3f} {mean:10.3f}")
    n_all = len(outcomes)
    ece = sum(n * abs(share - mean) for _, n, share, mean in reliability(outcomes)) / n_all if n_all else 0.0
    print(f"expected calibration error (bucket-weighted |share - mean conf|): {ece:.3f}")
    print(f"\n{'field':26} {'n':>6} {'right':>6}  {'n>=.9':>6} {'right':>6}   buckets (n:share)")
    fields = sorted({o.field for o in outcomes})
    for field in [*fields, "all"]:
        items = [o for o in outcomes if field in ("all", o.field)]
        share = sum(o.correct for o in items) / len(items)
        cells = " ".join(f"{BUCKETS[i]:.2f}:{n}:{s:.2f}" for i, n, s, _ in reliability(items))
        print(f"{field:26} {len(items):6d} {share:6.3f}  {high_share(items)}   {cells}")
    for name in sorted({o.doc.split("/", 1)[0] for o in outcomes}):  # per set: the dev sets are easier
        items = [o for o in outcomes if o.doc.startswith(name + "/")]
        share = sum(o.correct for o in items) / len(items)
        print(f"{'set ' + name:26} {len(items):6d} {share:6.3f}  {high_share(items)}")


def records_for(name: str, gold: list[dict[str, Any]], folder: Path, score: ModuleType,
                args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.pred_dir:
        path = args.pred_dir / f"{name}.pred.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    os.environ["DOCSVC_EXTRACT_CALIBRATED_CONFIDENCE"] = "false"  # fit on raw scores, never on our own output
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    cmd = f"{sys.executable} -m docsvc.cli extract --format jsonl"
    recs: list[dict[str, Any]] = score.run_extractor(cmd, [folder / g["doc"] for g in gold], 20, 120.0)
    if args.save_dir:
        args.save_dir.mkdir(parents=True, exist_ok=True)
        (args.save_dir / f"{name}.pred.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    return recs


def _first_sight(path: Path, sets: list[str]) -> list[Outcome]:
    if str(path) == "none" or not path.is_file():
        return []
    from first_sight import outcomes as first_sight_outcomes  # a sibling script: benchmarks/ is on sys.path

    return [o for o in first_sight_outcomes(path) if o.doc.split("/", 2)[1] in sets]


def _one_line_lists(text: str) -> str:
    """Lists of numbers on one line each, so that a refit reads as a diff of maps, not of lines."""
    return re.sub(r"\[[\d.,\s]*\]", lambda m: json.dumps(json.loads(m.group(0))), text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS),
                    help="comma-separated, of: " + ", ".join(SETS) + " (and holdout, only with --stored)")
    ap.add_argument("--corpus", type=Path, help="the shared corpus folder (default: score.py's folder)")
    ap.add_argument("--score-py", type=Path, help="the corpus's score.py (default: ../shared/corpus/score.py)")
    ap.add_argument("--pred-dir", type=Path, help="read <set>.pred.jsonl (raw scores) instead of extracting")
    ap.add_argument("--save-dir", type=Path, help="save the raw records as <set>.pred.jsonl")
    ap.add_argument("--min-values", type=int, default=30, help="fewer values: the field uses the pooled map")
    ap.add_argument("--prior-weight", type=float, default=4.0, help="pseudo-values shrinking a score level")
    ap.add_argument("--ceiling", type=float, default=0.99, help="no value is claimed certain")
    ap.add_argument("--z", type=float, default=0.5,
                    help="standard errors (counted in documents) below a level's share: a cautious estimate")
    ap.add_argument("--write", action="store_true", help=f"rewrite {CALIBRATION_FILE.relative_to(ROOT)}")
    ap.add_argument("--stored", action="store_true",
                    help="only apply the stored map (no fit), e.g. to the held-out corpus: --sets holdout --stored")
    ap.add_argument("--first-sight", type=Path, default=ROOT / "benchmarks" / "first_sight.jsonl",
                    help="values recorded by benchmarks/first_sight.py (each document read by the engine that had "
                         "not seen it); their map caps the dev map ('none': dev only)")
    args = ap.parse_args(argv)

    score_py = find_scorer(args.score_py)
    score = load_scorer(score_py)
    corpus = args.corpus or score_py.parent
    outcomes: list[Outcome] = []
    counts = {}
    for name in args.sets.split(","):
        gold_file, folder = set_paths(name, corpus)
        gold = [json.loads(line) for line in gold_file.read_text().splitlines() if line.strip()]
        recs = records_for(name, gold, folder, score, args)
        before = len(outcomes)
        for g, rec in zip(gold, recs, strict=True):
            outcomes += doc_outcomes(score, f"{name}/{g['doc']}", g["gold"], rec if not rec.get("error") else {})
        counts[name] = {"documents": len(gold), "values": len(outcomes) - before}
    kw = {"min_values": args.min_values, "prior_weight": args.prior_weight, "ceiling": args.ceiling, "z": args.z}
    print(f"# Confidence calibration: {len(outcomes)} predicted values, " +
          ", ".join(f"{k} {v['documents']} docs / {v['values']} values" for k, v in counts.items()))
    print_tables("Before: raw extractor scores", outcomes)
    if args.stored:  # never fitted on these sets: how the shipped map holds on documents it has not seen
        stored = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["fields"]
        maps = {field: ScoreMap(tuple(m["raw"]), tuple(m["calibrated"])) for field, m in stored.items()}
        print_tables(f"Stored map applied ({CALIBRATION_FILE.relative_to(ROOT)}, not fitted on these sets)",
                     apply_maps(maps, outcomes))
        return 0
    first = _first_sight(args.first_sight, args.sets.split(","))
    if first:
        print(f"\n# First sight: {len(first)} values of {len({o.doc for o in first})} documents, each from the "
              "engine at the commit that added the document's labels (benchmarks/first_sight.py)")
        print_tables("First sight: raw scores", first)
        print_tables("First sight: calibrated, cross-validated by document",
                     cross_validated_first(outcomes, first, **kw))
    print_tables("After: calibrated, cross-validated by document (fit on one half, scored on the other)",
                 cross_validated(outcomes, first, **kw))
    maps = fit_both(outcomes, first, **kw)
    print_tables("After, in-sample (the map --write stores, fitted on all documents)", apply_maps(maps, outcomes))
    if args.write:
        data = {
            "about": "Raw extractor score -> share of such values found correct; written by "
                     "benchmarks/calibration.py --write, applied by docsvc/extract/calibration.py.",
            "fitted": datetime.date.today().isoformat(),
            "sets": counts,
            "first_sight_values": len(first),
            "settings": kw,
            "fields": {field: {"raw": list(m.raw), "calibrated": list(m.calibrated),
                               "values": sum(1 for o in outcomes if field in (POOLED, o.field))}
                       for field, m in sorted(maps.items())},
        }
        CALIBRATION_FILE.write_text(_one_line_lists(json.dumps(data, indent=1)) + "\n", encoding="utf-8")
        print(f"\nwrote {CALIBRATION_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
