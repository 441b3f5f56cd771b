"""Calibrated confidence: the committed map is applied where the record is assembled, monotone and bounded, and
the calibration script matches predictions to gold the way the corpus scorer does."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from docsvc.extract.calibration import CALIBRATION_FILE, POOLED, Calibration, ScoreMap, default_calibration
from docsvc.extract.engine import ContractExtractor
from docsvc.extract.types import Block, BlockKind, ParsedDocument, SourceInfo

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load("calibration_script", ROOT / "benchmarks" / "calibration.py")


@pytest.fixture(scope="module")
def scorer(script: ModuleType) -> ModuleType:
    try:
        path = script.find_scorer(None)
    except SystemExit:
        pytest.skip("the shared corpus's score.py is not available")
    return _load("corpus_score", path)


def _holder(conf: float) -> dict[str, Any]:
    return {"value": "x", "confidence": conf, "evidence": {"text": "t"}}


# --- the map ---------------------------------------------------------------------------------------------------


def test_committed_maps_are_monotone_and_bounded() -> None:
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    calibration = default_calibration()
    assert set(calibration.maps) == set(data["fields"]) and POOLED in calibration.maps
    grid = [i / 200 for i in range(201)]
    for name, score_map in calibration.maps.items():
        values = [score_map(x) for x in grid]
        assert all(0.0 <= v <= 1.0 for v in values), name
        assert all(b >= a for a, b in zip(values, values[1:], strict=False)), f"{name} decreases"


def test_score_map_interpolates_between_levels_and_holds_beyond_them() -> None:
    score_map = ScoreMap((0.5, 0.9), (0.4, 0.8))
    assert score_map(0.7) == pytest.approx(0.6)
    assert score_map(0.1) == 0.4 and score_map(0.99) == 0.8


@pytest.mark.parametrize(("raw", "calibrated"), [((0.5, 0.9), (0.9, 0.4)), ((0.9, 0.5), (0.4, 0.8)),
                                                 ((0.5,), (1.2,)), ((), ())])
def test_a_decreasing_unsorted_or_unbounded_map_is_refused(raw: tuple[float, ...],
                                                           calibrated: tuple[float, ...]) -> None:
    with pytest.raises(ValueError):
        ScoreMap(raw, calibrated)


def test_apply_maps_list_entries_nested_values_and_scalars_by_their_field() -> None:
    calibration = Calibration({
        "sla": ScoreMap((0.5, 0.9), (0.2, 0.6)),
        "price_items": ScoreMap((0.6,), (0.33,)),
        "governing_law": ScoreMap((0.9,), (0.97,)),
        POOLED: ScoreMap((0.0, 1.0), (0.0, 0.5)),
    })
    record: dict[str, Any] = {
        "sla": [{"metric": "availability", "confidence": 0.9}, {"metric": "response_time", "confidence": 0.7}],
        "pricing": {"items": [{"unit_price": "5", "confidence": 0.6}], "payment_terms_days": _holder(0.8)},
        "governing_law": _holder(0.9),
        "title": None,
    }
    calibration.apply(record)
    assert [x["confidence"] for x in record["sla"]] == [0.6, 0.4]
    assert record["pricing"]["items"][0]["confidence"] == 0.33
    assert record["governing_law"]["confidence"] == 0.9  # a map lowers a rule's score, never raises it
    # no map of its own: the pooled one
    assert record["pricing"]["payment_terms_days"]["confidence"] == 0.4
    assert record["title"] is None


def test_without_any_map_the_raw_scores_stay() -> None:
    record: dict[str, Any] = {"sla": [{"confidence": 0.75}], "language": _holder(0.98)}
    Calibration({}).apply(record)
    assert record == {"sla": [{"confidence": 0.75}], "language": _holder(0.98)}


def _document(text: str) -> ParsedDocument:
    block = Block(text=text, index=0, page=None, bbox=None, kind=BlockKind.PARAGRAPH)
    source = SourceInfo(name="t.docx", media_type="application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document", size=len(text), sha256="0" * 64, path=None)
    return ParsedDocument(source=source, blocks=(block,), tables=(), pages=())


@pytest.mark.parametrize("text", [
    "This Agreement shall be governed by the laws of the State of New York. The Supplier shall ensure an "
    "availability of 99.9 % per calendar month.",
    "Dieser Vertrag unterliegt dem Recht der Bundesrepublik Deutschland. Die Verfügbarkeit beträgt 99,5 % im "
    "monatlichen Mittel.",
])
def test_the_engine_reports_calibrated_scores_and_raw_ones_on_request(text: str) -> None:
    raw = ContractExtractor(isolated=False, calibrated=False).extract_parsed(_document(text))
    calibrated = ContractExtractor(isolated=False).extract_parsed(_document(text))
    calibration = default_calibration()
    pairs = [("governing_law", raw.governing_law, calibrated.governing_law),
             ("language", raw.language, calibrated.language)]
    pairs += [("sla", r, c) for r, c in zip(raw.sla, calibrated.sla, strict=True)]
    assert len(pairs) >= 3, "the texts state a law, a language and an SLA"
    for field, r, c in pairs:
        assert r is not None and c is not None
        score_map = calibration.for_field(field)
        assert score_map is not None
        assert c.confidence == pytest.approx(round(min(r.confidence, score_map(r.confidence)), 3))
        assert c.confidence <= r.confidence


# --- the script's matching -------------------------------------------------------------------------------------


def _sla(metric: str, value: float, unit: str, conf: float = 0.8) -> dict[str, Any]:
    return {"metric": metric, "target": {"value": value, "unit": unit}, "confidence": conf}


def test_script_marks_each_prediction_as_score_py_counts_it(script: ModuleType, scorer: ModuleType) -> None:
    gold = {
        "sla": [{"metric": "availability", "target": {"value": 99.9, "unit": "percent"}},
                {"metric": "response_time", "target": {"value": 4, "unit": "hours"}},
                {"metric": "response_time", "target": {"value": 4, "unit": "hours"}}],
        "parties": ["Acme Hosting GmbH", "Beta Retail Ltd"],
        "governing_law": "Germany",
        "expiration_date": "2027-12-31",
        "payment_terms_days": 30,
    }
    rec = {
        "sla": [_sla("availability", 99.9, "percent", 0.9), _sla("response_time", 4, "hours", 0.75),
                _sla("response_time", 4, "hours", 0.7), _sla("response_time", 4, "hours", 0.55),
                _sla("availability", 99.0, "percent", 0.6)],
        "parties": [{"name": "Acme Hosting", "confidence": 0.9}, {"name": "Delaware Corporation", "confidence": 0.6}],
        "governing_law": _holder(0.85) | {"value": "the laws of the Federal Republic of Germany"},
        "expiration_date": _holder(0.55) | {"value": "2027-06-30"},
        "pricing": {"payment_terms_days": _holder(0.8) | {"value": 30}},
    }
    got = {(o.field, o.raw, o.correct) for o in script.doc_outcomes(scorer, "set/a.pdf", gold, rec)}
    assert got == {
        ("sla", 0.9, True), ("sla", 0.75, True), ("sla", 0.7, True), ("sla", 0.55, False), ("sla", 0.6, False),
        ("parties", 0.9, True), ("parties", 0.6, False),
        ("governing_law", 0.85, True), ("expiration_date", 0.55, False), ("payment_terms_days", 0.8, True),
    }


def test_script_gives_no_value_for_an_unscored_field_or_a_missing_prediction(script: ModuleType,
                                                                               scorer: ModuleType) -> None:
    gold = {"effective_date": None, "agreement_date": "2024-01-01", "price_items": []}
    rec = {"effective_date": _holder(0.6) | {"value": "2024-01-01"}, "governing_law": _holder(0.9),
           "pricing": {"items": [{"unit_price": "12.50", "currency": "EUR", "confidence": 0.6}]}}
    got = [(o.field, o.correct) for o in script.doc_outcomes(scorer, "set/b.pdf", gold, rec)]
    # effective = agreement date is no error for score.py, so it is no value either; the price is a false one
    assert got == [("price_items", False)]


def test_fit_is_monotone_and_cross_validation_keeps_documents_apart(script: ModuleType) -> None:
    rng = random.Random(7)
    outcomes = []
    for d in range(60):
        for raw, p_right in ((0.55, 0.5), (0.75, 0.7), (0.9, 0.95)):
            outcomes.append(script.Outcome(f"s/{d}", "sla", raw, rng.random() < p_right))
    maps = script.fit(outcomes, min_values=30, prior_weight=4.0, ceiling=0.99, z=0.5)
    sla = maps["sla"]
    assert sla(0.55) <= sla(0.75) <= sla(0.9) <= 0.99
    assert sla(0.9) > 0.8 and sla(0.55) < 0.7
    held_out = script.cross_validated(outcomes, min_values=30, prior_weight=4.0, ceiling=0.99, z=0.5)
    assert sorted((o.doc, o.correct) for o in held_out) == sorted((o.doc, o.correct) for o in outcomes)
    assert {script.half(f"s/{d}") for d in range(60)} == {0, 1}


def test_first_sight_values_cap_the_dev_map_never_raise_it(script: ModuleType) -> None:
    """Values of documents met for the first time (benchmarks/first_sight.py) that were right less often than on
    the tuned dev documents pull the map down; where they were right more often, the dev map stays."""
    kw = {"min_values": 30, "prior_weight": 4.0, "ceiling": 0.99, "z": 0.5}
    dev = [script.Outcome(f"realworld/{d}", "sla", 0.9, True) for d in range(60)]
    dev += [script.Outcome(f"realworld/{d}", "sla", 0.6, d % 2 == 0) for d in range(60)]
    first = [script.Outcome(f"first-sight/realworld/{d}", "sla", 0.9, d % 4 != 0) for d in range(60)]
    first += [script.Outcome(f"first-sight/realworld/{d}", "sla", 0.6, d % 2 == 0) for d in range(60)]
    dev_only = script.fit(dev, **kw)["sla"]
    both = script.fit_both(dev, first, **kw)["sla"]
    assert dev_only(0.9) > 0.9 and both(0.9) < 0.8  # 75 % right at first sight: no longer claimed >= 0.9
    always_right = [script.Outcome(o.doc, o.field, o.raw, True) for o in first]
    raised = script.fit_both(dev, always_right, **kw)["sla"]
    assert raised(0.6) == pytest.approx(dev_only(0.6), abs=1e-3)  # right more often at first sight: not raised
    assert raised(0.9) == pytest.approx(dev_only(0.9), abs=1e-3)
    # cross-validation keeps a document's dev and first-sight values on the same side of the split
    held = script.cross_validated_first(dev, first, **kw)
    assert sorted(o.doc for o in held) == sorted(o.doc for o in first)
    assert {script._dev_doc(o.doc) for o in first} == {o.doc for o in dev}
