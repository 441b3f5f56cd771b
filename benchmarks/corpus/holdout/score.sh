#!/usr/bin/env bash
# Score an extractor on the held-out corpus (documents docsvc was never tuned on).
#   benchmarks/corpus/holdout/score.sh [SNAPSHOT_DIR ...]
# The same steps as ../realworld/score.sh (rebuild what is not committed, then score.py), on this folder; misses go
# to /tmp/holdout-misses.jsonl (or MISSES): do not read them while changing rules.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CORPUS="$HERE" exec bash "$HERE/../realworld/score.sh" "$@"
