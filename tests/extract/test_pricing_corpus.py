"""Pricing fields on the synthetic development corpus (DOCX and PDF), scored the way the corpus scorer does.

Skipped when the shared corpus is not checked out next to the project.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from docsvc.extract.engine import ContractExtractor
from tests.corpus import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS / "synthetic-dev"
pytestmark = pytest.mark.skipif(not (CORPUS / "gold.jsonl").exists(), reason="shared corpus not available")


def _price_key(item: dict[str, Any]) -> tuple[Decimal, str]:
    return Decimal(str(item["unit_price"])).normalize(), str(item.get("currency") or "").upper()


@pytest.fixture(scope="module")
def scored() -> dict[str, list[int]]:
    """tp/fp/fn per field over all synthetic documents."""
    extractor = ContractExtractor(isolated=False)
    tally = {"price_items": [0, 0, 0], "payment_terms_days": [0, 0, 0], "price_review": [0, 0, 0]}
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        gold = entry["gold"]
        record = extractor.extract(CORPUS / entry["doc"]).model_dump(mode="json")
        pricing = record["pricing"]
        unused = [_price_key(i) for i in pricing["items"]]
        for item in gold["price_items"]:
            key = _price_key(item)
            if key in unused:
                unused.remove(key)
                tally["price_items"][0] += 1
            else:
                tally["price_items"][2] += 1
        tally["price_items"][1] += len(unused)
        terms = pricing["payment_terms_days"]
        _scalar(tally["payment_terms_days"], gold["payment_terms_days"], terms["value"] if terms else None)
        review = pricing["price_review"]
        got = (review["value"]["index"], review["value"]["cap_percent"]) if review else None
        want = gold["price_review"]
        _scalar(tally["price_review"], (want["index"], want["cap_percent"]) if want else None, got)
    return tally


def _scalar(t: list[int], gold: Any, pred: Any) -> None:
    if gold is None and pred is None:
        return
    if gold is not None and pred is not None and gold == pred:
        t[0] += 1
    else:
        t[1] += pred is not None
        t[2] += gold is not None


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.mark.parametrize("field", ["price_items", "payment_terms_days", "price_review"])
def test_synthetic_corpus_f1(scored: dict[str, list[int]], field: str) -> None:
    tp, fp, fn = scored[field]
    assert _f1(tp, fp, fn) >= 0.9, (field, tp, fp, fn)
    assert fp == 0 or field == "price_items", (field, tp, fp, fn)
