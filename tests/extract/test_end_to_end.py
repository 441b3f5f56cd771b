"""Whole extraction on PDF and DOCX files the tests write themselves, in English and German."""

from __future__ import annotations

from pathlib import Path

import pytest

from docsvc.extract.engine import ContractExtractor
from docsvc.extract.record import ContractRecord
from tests.fixtures.documents import CONTRACTS, write_contract_docx, write_contract_pdf

EXPECTED = {
    "en": {"law": "England and Wales", "currency": "GBP", "prices": {"120.00", "45.50", "950.00"}},
    "de": {"law": "Germany", "currency": "EUR", "prices": {"180.00", "45.50", "950.00"}},
}


@pytest.fixture(scope="module")
def extractor() -> ContractExtractor:
    return ContractExtractor()


@pytest.fixture(scope="module", params=[(lang, fmt) for lang in ("en", "de") for fmt in ("pdf", "docx")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def extracted(request: pytest.FixtureRequest, extractor: ContractExtractor,
              tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, ContractRecord]:
    lang, fmt = request.param
    path = tmp_path_factory.mktemp(f"{lang}-{fmt}") / f"contract.{fmt}"
    writer = write_contract_pdf if fmt == "pdf" else write_contract_docx
    writer(path, CONTRACTS[lang])
    return lang, fmt, extractor.extract(path)


def test_language_and_governing_law(extracted: tuple[str, str, ContractRecord]) -> None:
    lang, fmt, record = extracted
    assert record.language is not None and record.language.value == lang
    assert record.governing_law is not None and record.governing_law.value == EXPECTED[lang]["law"]
    evidence = record.governing_law.evidence
    if fmt == "pdf":
        assert evidence.page == 2 and evidence.bbox is not None
        x0, top, x1, bottom = evidence.bbox
        assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
    else:
        assert evidence.page is None and evidence.bbox is None and evidence.paragraph is not None
    assert ("governed by" in evidence.text) or ("Recht" in evidence.text)


def test_payment_terms_and_price_table_rows(extracted: tuple[str, str, ContractRecord]) -> None:
    lang, _, record = extracted
    assert record.pricing.payment_terms_days is not None and record.pricing.payment_terms_days.value == 30
    prices = {item.unit_price for item in record.pricing.items}
    assert prices == EXPECTED[lang]["prices"]
    assert {item.currency for item in record.pricing.items} == {EXPECTED[lang]["currency"]}
    for item in record.pricing.items:
        assert item.evidence.text and 0 < item.confidence <= 1


def test_record_is_clean(extracted: tuple[str, str, ContractRecord]) -> None:
    _, fmt, record = extracted
    assert record.processing is not None and record.processing.warnings == []
    assert record.source.media_type.endswith("pdf" if fmt == "pdf" else "document")  # type: ignore[union-attr]
    assert len(record.source.sha256 or "") == 64


def test_an_extractor_bug_costs_one_field_not_the_document(
    monkeypatch: pytest.MonkeyPatch, extractor: ContractExtractor, tmp_path: Path
) -> None:
    from docsvc.extract import engine
    from docsvc.extract.extractors import ExtractorSpec, registered

    def broken(ctx: object, found: object) -> dict[str, object]:
        raise RuntimeError("boom")

    def bad_shape(ctx: object, found: object) -> dict[str, object]:
        return {"sla": [{"metric": "speed", "target": {"value": 1, "unit": "hours"}}]}

    specs = [*registered(), ExtractorSpec("broken", broken, 1), ExtractorSpec("bad_shape", bad_shape, 999)]
    monkeypatch.setattr(engine, "registered", lambda: specs)
    path = write_contract_docx(tmp_path / "c.docx", CONTRACTS["en"])
    record = extractor.extract(path)
    assert record.governing_law is not None  # the other extractors still ran
    warnings = record.processing.warnings if record.processing else []
    assert any("broken failed: RuntimeError: boom" in w for w in warnings)
    assert any(w.startswith("dropped invalid value at sla.0") for w in warnings)
    assert record.sla == []
