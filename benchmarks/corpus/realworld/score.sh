#!/usr/bin/env bash
# Score an extractor on the real-world dev corpus.
#   benchmarks/corpus/realworld/score.sh [SNAPSHOT_DIR ...]
# 1. Rebuilds the documents that are not committed (no redistribution licence) from local repository
#    snapshots, if any snapshot folder is given (see rebuild.py --list for repo/commit/path to fetch).
# 2. Runs /work/shared/corpus/score.py; gold "doc" paths are relative to this folder (score.py's default --root).
# Override the extractor with EXTRACT_CMD, the scorer with SCORE_PY, the interpreter with PYTHON.
set -euo pipefail
# CORPUS: the corpus folder (gold.jsonl, rebuild.py, files/); default this one (../holdout/score.sh sets it).
HERE="${CORPUS:-$(cd "$(dirname "$0")" && pwd)}"
REPO="$(cd "$(dirname "$0")/../../.." && pwd)"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
SCORE_PY="${SCORE_PY:-$REPO/../shared/corpus/score.py}"
[ -f "$SCORE_PY" ] || SCORE_PY=/work/shared/corpus/score.py
EXTRACT_CMD="${EXTRACT_CMD:-$PYTHON -m docsvc.cli extract --format jsonl}"
if [ "$#" -gt 0 ]; then
  args=(); for s in "$@"; do args+=(--snapshots "$s"); done
  python3 "$HERE/rebuild.py" "${args[@]}"
fi
missing=$(python3 - "$HERE" <<'PY'
import json, sys, pathlib
here = pathlib.Path(sys.argv[1])
print(sum(1 for l in (here / "gold.jsonl").read_text().splitlines() if l.strip() and not (here / json.loads(l)["doc"]).exists()))
PY
)
if [ "$missing" != "0" ]; then
  echo "warning: $missing gold documents are missing (run: $0 /path/to/snapshots); they will score as errors" >&2
fi
cd "$REPO"
PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" "$SCORE_PY" --gold "$HERE/gold.jsonl" --cmd "$EXTRACT_CMD" \
  --misses "${MISSES:-/tmp/$(basename "$HERE")-misses.jsonl}"
