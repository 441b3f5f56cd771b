"""Party roles: are the parties docsvc names also given the right role?

    python benchmarks/party_roles.py [CORPUS_DIR ...]      # default: the real-world and held-out corpora
    python benchmarks/party_roles.py --any-role ../shared/corpus/cuad-dev ../shared/corpus/synthetic-dev

``score.py`` scores party *names* only. The real-world and held-out corpora label the party a document names as
its provider (an SLA's or price list's issuer), so every predicted party that matches a gold name (score.py's own
``party_match``) should carry the role ``supplier``; the benchmark prints, per corpus, how many matched parties
carry which role and the share that is right. (cuad-dev and synthetic-dev label names without roles, so they
cannot say whether a role is right.)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCORE_PY = ROOT.parent / "shared" / "corpus" / "score.py"
DEFAULT = [ROOT / "benchmarks" / "corpus" / "realworld", ROOT / "benchmarks" / "corpus" / "holdout"]
EXPECTED = "supplier"  # these corpora label the provider


def _value(field: Any) -> Any:
    return field.get("value") if isinstance(field, dict) else field


def roles_of(corpus: Path, extractor: Any, party_match: Any) -> Counter[str]:
    roles: Counter[str] = Counter()
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        names = entry["gold"].get("parties") or []
        path = corpus / entry["doc"]
        if not names or not path.exists():
            continue
        record = extractor.extract(path).model_dump(mode="json")
        for party in record.get("parties") or []:
            if any(party_match(gold, _value(party.get("name")) or "") for gold in names):
                roles[str(_value(party.get("role")))] += 1
    return roles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--any-role", action="store_true",
                        help="the corpus labels names of both sides (cuad-dev, synthetic-dev): print the roles given, "
                             "and the share that is customer or supplier rather than 'other'")
    args = parser.parse_args()
    if not SCORE_PY.exists():
        print(f"needs {SCORE_PY} (its party_match)", file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location("corpus_score", SCORE_PY)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    sys.path.insert(0, str(ROOT))
    from docsvc.extract.engine import ContractExtractor

    extractor = ContractExtractor()
    for corpus in args.corpora:
        roles = roles_of(corpus, extractor, score.party_match)
        total = sum(roles.values())
        if args.any_role:
            sided = roles["customer"] + roles["supplier"]
            print(f"{corpus.name}: {total} matched parties, customer or supplier on {sided} "
                  f"({sided / total if total else 0.0:.1%}); roles seen: {dict(roles.most_common())}")
            continue
        share = roles[EXPECTED] / total if total else 0.0
        print(f"{corpus.name}: {total} matched parties, role {EXPECTED!r} on {roles[EXPECTED]} ({share:.1%}); "
              f"roles seen: {dict(roles.most_common())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
