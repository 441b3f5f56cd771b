"""SLA and service-credit extraction on the shared synthetic-dev corpus (DOCX and PDF), scored like score.py."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from docsvc.extract.context import analyse
from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.language import detect_language
from docsvc.extract.parsers import parse_file
from tests.corpus import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS / "synthetic-dev"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "gold.jsonl").exists(), reason="shared corpus not available"),
]


def _sla_key(x: dict[str, Any]) -> tuple[str, Decimal, str | None]:
    target = x.get("target") or {}
    value = x.get("target_value", target.get("value"))
    unit = x.get("target_unit", target.get("unit"))
    return (x["metric"], Decimal(str(value)).normalize(), unit)


def _credit_key(x: dict[str, Any]) -> tuple[str, Decimal]:
    if x.get("credit_percent") is not None:
        return ("pct", Decimal(str(x["credit_percent"])).normalize())
    return (str(x.get("currency")), Decimal(str(x["credit_amount"])).normalize())


def _f1(gold: Counter[Any], pred: Counter[Any]) -> float:
    tp = sum((gold & pred).values())
    fp, fn = sum(pred.values()) - tp, sum(gold.values()) - tp
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    out = []
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        parsed = parse_file(CORPUS / item["doc"], isolated=False)
        ctx = analyse(parsed, detect_language(parsed.text()).language)
        out.append((item["gold"], {**extract_sla(ctx, {}), **extract_credits(ctx, {})}))
    return out


def test_sla_f1_on_synthetic_dev(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    gold: Counter[Any] = Counter()
    pred: Counter[Any] = Counter()
    for i, (g, p) in enumerate(results):
        gold.update((i, *_sla_key(x)) for x in g["sla"])
        pred.update((i, *_sla_key(x)) for x in p.get("sla", []))
    assert _f1(gold, pred) >= 0.9


def test_service_credit_f1_on_synthetic_dev(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    gold: Counter[Any] = Counter()
    pred: Counter[Any] = Counter()
    for i, (g, p) in enumerate(results):
        gold.update((i, *_credit_key(x)) for x in g["service_credits"])
        pred.update((i, *_credit_key(x)) for x in p.get("service_credits", []))
    assert _f1(gold, pred) >= 0.9


def test_documents_without_slas_get_none(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    empty = [p for g, p in results if not g["sla"] and not g["service_credits"]]
    assert empty and all(not p.get("sla") and not p.get("service_credits") for p in empty)
