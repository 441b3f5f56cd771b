"""Extraction quality on the shared gold sets, scored with the corpus's own ``score.py``.

These floors guard against regressions: each is at or above the issue's target where the target is met, and a
little under the measured score (the closing note of each change reports the actual numbers).
"""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from docsvc.extract.engine import ContractExtractor
from docsvc.extract.errors import ExtractionError
from tests.corpus import corpus_dir

FLOORS: dict[str, dict[str, float]] = {
    "cuad-dev": {
        "parties": 0.85, "governing_law": 0.95, "agreement_date": 0.82, "effective_date": 0.82,
        "expiration_date": 0.78, "renewal_term": 0.85, "renewal_notice_period": 0.80, "sla": 0.72,
        "service_credits": 0.70, "price_items": 0.70, "payment_terms_days": 0.90, "price_review": 0.90,
        "language": 0.99,
    },
    "synthetic-dev": {
        "parties": 0.95, "governing_law": 0.95, "agreement_date": 0.95, "effective_date": 0.95,
        "expiration_date": 0.95, "initial_term": 0.95, "renewal_term": 0.95, "renewal_notice_period": 0.95,
        "sla": 0.95, "service_credits": 0.95, "price_items": 0.95, "payment_terms_days": 0.95,
        "price_review": 0.95, "document_type": 0.95, "novation.transferor": 0.95, "novation.transferee": 0.95,
        "novation.remaining_party": 0.95, "novation.effective_date": 0.95, "language": 0.99,
    },
    "tos-dev": {"governing_law": 0.92, "document_type": 0.95, "language": 0.99},
}


def load_scorer(root: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", root / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extractor() -> ContractExtractor:
    return ContractExtractor()


@pytest.mark.corpus
@pytest.mark.parametrize("gold_set", sorted(FLOORS))
def test_scores_meet_their_floors(gold_set: str, extractor: ContractExtractor) -> None:
    folder = corpus_dir(gold_set)
    scorer = load_scorer(folder.parent)
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines() if line.strip()]
    tallies: dict[str, Any] = defaultdict(scorer.Tally)
    errors = []
    for entry in gold:
        try:
            record = extractor.extract(folder / entry["doc"]).model_dump(mode="json")
        except ExtractionError as exc:
            errors.append(f"{entry['doc']}: {exc}")
            record = {}
        scorer.score_doc(entry["gold"], record, tallies, [], entry["doc"])
    assert errors == [], "every dev document must extract"
    scores = {field: tallies[field].prf()[2] for field in tallies}
    below = {f: round(scores.get(f, 0.0), 3) for f, floor in FLOORS[gold_set].items() if scores.get(f, 0.0) < floor}
    assert below == {}, f"{gold_set}: fields below their floor {FLOORS[gold_set]}: {below}"
