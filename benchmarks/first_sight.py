"""First-sight outcomes: how each extractor rule did on documents before anyone wrote rules from them.

    python benchmarks/first_sight.py                 # record every labelled document not recorded yet
    python benchmarks/first_sight.py --sets nda      # only one corpus
    python benchmarks/first_sight.py --engine HEAD   # new documents with the current engine (before tuning on them)

Why: the calibration map fitted on the dev corpora says how often a rule is right on documents it was tuned on
(cross-validated on dev: 97 % right at >= 0.9); on documents it had never seen the same scores were right far less
often (held-out SLA: 83 %). Every dev document was labelled before the extractor ran on it, and its gold line was
committed before any rule was written from it, so the engine *at the commit that added a document's gold line* saw
it for the first time. This script checks that engine out (a detached git worktree), runs it on the document with
raw scores, matches its values against today's gold exactly as score.py does, and appends
``(set, doc, field, raw score, correct, engine commit)`` to ``benchmarks/first_sight.jsonl``. No document text is
stored: the file may be committed whatever a document's licence.

``benchmarks/calibration.py`` then fits a second map on these outcomes and keeps the lower of the two maps, so a
score means "right this often on documents the rules were not written from".
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from calibration import Outcome, doc_outcomes, find_scorer, load_scorer, set_paths  # noqa: E402

FIRST_SIGHT_FILE = ROOT / "benchmarks" / "first_sight.jsonl"
SETS = ("realworld", "nda")  # the corpora labelled before their first run (the shared dev sets were not)


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


def first_commit(set_name: str, doc: str) -> str | None:
    """The commit that added the document's gold line (the engine there had not seen the document)."""
    needle = json.dumps({"doc": doc})[1:-1]  # '"doc": "files/x.docx"', as the gold lines spell it
    out = git("log", "--format=%H", "--reverse", f"-S{needle}", "--", f"benchmarks/corpus/{set_name}/gold.jsonl")
    return out.split()[0] if out.split() else None


def load(path: Path = FIRST_SIGHT_FILE) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def outcomes(path: Path = FIRST_SIGHT_FILE) -> list[Outcome]:
    """The recorded first-sight values as calibration outcomes (doc prefixed ``first-sight/``)."""
    return [Outcome(f"first-sight/{r['set']}/{r['doc']}", r["field"], float(r["raw"]), bool(r["correct"]))
            for r in load(path)]


def run_engine(engine: str, files: list[Path], score: Any) -> list[dict[str, Any]]:
    """Raw-score records of ``files`` from the engine at commit ``engine`` (HEAD: this checkout)."""
    if engine == "HEAD":
        return _extract(files, ROOT, score)
    with tempfile.TemporaryDirectory(prefix="first-sight-") as tmp:
        tree = Path(tmp) / "engine"
        git("worktree", "add", "--detach", "--quiet", str(tree), engine)
        try:
            return _extract(files, tree, score)
        finally:
            git("worktree", "remove", "--force", str(tree))


def _extract(files: list[Path], tree: Path, score: Any) -> list[dict[str, Any]]:
    """``docsvc extract`` with the engine of ``tree``. ``python -P``: without it ``python -m`` puts the working
    directory ahead of PYTHONPATH, and the engine imported would be the one of the folder the script runs in."""
    python = ["env", "DOCSVC_EXTRACT_CALIBRATED_CONFIDENCE=false", f"PYTHONPATH={tree}", sys.executable, "-P"]
    probe = subprocess.run([*python, "-c", "import docsvc; print(docsvc.__file__)"], capture_output=True, text=True,
                           check=True).stdout.strip()
    if not Path(probe).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"the engine of {tree} is not the one imported ({probe})")
    cmd = shlex.join([*python, "-m", "docsvc.cli", "extract", "--format", "jsonl"])
    recs: list[dict[str, Any]] = score.run_extractor(cmd, [f.resolve() for f in files], 20, 180.0)
    return recs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--engine", help="run this commit (or HEAD) on every unrecorded document instead of the "
                                     "commit that added its gold line")
    ap.add_argument("--only", help="comma-separated document ids (file name without extension)")
    ap.add_argument("--out", type=Path, default=FIRST_SIGHT_FILE)
    args = ap.parse_args(argv)

    score = load_scorer(find_scorer(None))
    done = {(r["set"], r["doc"]) for r in load(args.out)}
    only = set(args.only.split(",")) if args.only else None
    todo: dict[str, list[tuple[str, dict[str, Any], Path]]] = defaultdict(list)
    for set_name in args.sets.split(","):
        gold_file, folder = set_paths(set_name, ROOT)
        for line in gold_file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            g = json.loads(line)
            doc = g["doc"]
            if (set_name, doc) in done or (only and Path(doc).stem not in only):
                continue
            if not (folder / doc).is_file():
                print(f"skip {set_name}/{doc}: file not built", file=sys.stderr)
                continue
            engine = args.engine or first_commit(set_name, doc)
            if engine is None:
                print(f"skip {set_name}/{doc}: its gold line is not committed yet", file=sys.stderr)
                continue
            if engine != "HEAD":
                engine = git("rev-parse", engine).strip()
            todo[engine].append((set_name, g, folder / doc))
    written = 0
    with args.out.open("a", encoding="utf-8") as out:
        for engine, items in todo.items():
            print(f"engine {engine[:12]}: {len(items)} files", file=sys.stderr)
            recs = run_engine(engine, [path for _, _, path in items], score)
            head = git("rev-parse", "HEAD").strip() if engine == "HEAD" else engine
            for (set_name, g, _), rec in zip(items, recs, strict=True):
                if rec.get("error"):
                    print(f"  {set_name}/{g['doc']}: {rec['error']} (recorded as no values)", file=sys.stderr)
                for o in doc_outcomes(score, g["doc"], g["gold"], rec if not rec.get("error") else {}):
                    out.write(json.dumps({"set": set_name, "doc": g["doc"], "field": o.field, "raw": o.raw,
                                          "correct": o.correct, "engine": head[:12]}) + "\n")
                    written += 1
    print(f"{written} first-sight values appended to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
