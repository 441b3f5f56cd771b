"""Scanned contracts: the tests scan the generated contracts themselves (150 and 300 dpi, noise, skew, a page
fed in sideways) and the OCR'd record must say what the born-digital one says, with evidence on the page.

Tesseract runs for real (Debian packages, installed by ``make test`` through .ci/system-packages).
"""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from docsvc.extract import ocr
from docsvc.extract.engine import ContractExtractor
from docsvc.extract.errors import OcrUnavailable, ResourceLimitExceeded
from docsvc.extract.ocr_evidence import OCR_CONFIDENCE_FACTOR
from docsvc.extract.parsers import ParseLimits, parse_file
from docsvc.extract.parsers.pdf_scan import usable_text
from docsvc.extract.record import ContractRecord
from docsvc.extract.types import BBox, Block, ParsedDocument
from tests.fixtures.documents import ENGLISH, GERMAN, write_contract_pdf
from tests.fixtures.scans import Degradation, degrade, render, write_image_pdf, write_mixed, write_scan
from tests.parsers.checks import assert_well_formed

pytestmark = pytest.mark.skipif(
    not ocr.status("tesseract").available, reason="tesseract with eng+deu models not installed (make test installs it)"
)

OCR_LIMITS = ParseLimits(max_pages=20, max_bytes=50 * 1024 * 1024, timeout_seconds=120.0, memory_mb=1536)
MISSING = dataclasses.replace(OCR_LIMITS, tesseract_cmd="/nonexistent/tesseract")

SLA_GERMAN = dataclasses.replace(
    GERMAN,
    caption="Anlage 2 – Service Level",
    table=(
        ("Priorität", "Reaktionszeit", "Wiederherstellungszeit"),
        ("Kritisch", "30 Minuten", "4 Stunden"),
        ("Hoch", "2 Stunden", "8 Stunden"),
        ("Mittel", "4 Stunden", "2 Werktage"),
    ),
)
SLA_ENGLISH = dataclasses.replace(
    ENGLISH,
    caption="Schedule 2 – Service Levels",
    table=(
        ("Priority", "Response Time", "Resolution Time"),
        ("P1 Critical", "30 minutes", "4 hours"),
        ("P2 High", "2 hours", "8 hours"),
        ("P3 Medium", "4 hours", "2 business days"),
    ),
)
# name: (contract, dpi, how each page is spoiled)
SCANS = {
    "en_prices_300dpi": (ENGLISH, 300, (Degradation(noise=0.004, skew=1.5), Degradation())),
    "de_sla_150dpi": (SLA_GERMAN, 150, (Degradation(noise=0.004, turn=90), Degradation(skew=-1.5))),
}


@dataclasses.dataclass
class Pair:
    born: ParsedDocument
    born_record: ContractRecord
    scan: ParsedDocument
    scan_record: ContractRecord


@pytest.fixture(scope="module")
def extractor() -> ContractExtractor:
    return ContractExtractor(limits=OCR_LIMITS)


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory, extractor: ContractExtractor) -> dict[str, Pair]:
    """Each scan parsed in the isolated worker, next to its born-digital original."""
    directory = tmp_path_factory.mktemp("scans")
    out = {}
    for name, (contract, dpi, pages) in SCANS.items():
        born_path = write_contract_pdf(directory / f"{name}_born.pdf", contract)
        scan_path = write_scan(directory / f"{name}.pdf", born_path, dpi=dpi, pages=pages)
        born = parse_file(born_path, limits=OCR_LIMITS)
        scan = parse_file(scan_path, limits=OCR_LIMITS)
        out[name] = Pair(born, extractor.extract_parsed(born), scan, extractor.extract_parsed(scan))
    born_path = write_contract_pdf(directory / "mixed_born.pdf", SLA_ENGLISH)
    pages = [Degradation(), Degradation(skew=-1.5)]
    scan_path = write_scan(directory / "mixed_scan.pdf", born_path, dpi=300, pages=pages)
    mixed = write_mixed(directory / "mixed.pdf", born_path, scan_path, scanned_pages=[2])
    born, scan = parse_file(born_path, limits=OCR_LIMITS), parse_file(mixed, limits=OCR_LIMITS)
    out["mixed"] = Pair(born, extractor.extract_parsed(born), scan, extractor.extract_parsed(scan))
    return out


def _values(record: ContractRecord) -> Any:
    """The record without evidence, confidence, source and processing: what the contract says."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("evidence", "confidence")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    data = record.model_dump(mode="json")
    return strip({k: v for k, v in data.items() if k not in ("source", "processing")})


@pytest.mark.parametrize("name", [*SCANS, "mixed"])
def test_scanned_record_says_what_the_born_digital_one_says(name: str, pairs: dict[str, Pair]) -> None:
    pair = pairs[name]
    born = _values(pair.born_record)
    assert born["governing_law"] and born["pricing"]["payment_terms_days"] and (born["sla"] or born["pricing"]["items"])
    assert _values(pair.scan_record) == born


@pytest.mark.parametrize("name", [*SCANS, "mixed"])
def test_tables_on_scans_come_back_row_for_row(name: str, pairs: dict[str, Pair]) -> None:
    pair = pairs[name]
    assert [t.texts() for t in pair.scan.tables] == [t.texts() for t in pair.born.tables]
    assert pair.scan.tables and len(pair.scan.tables[0].rows) == 4
    assert_well_formed(pair.scan)


@pytest.mark.parametrize("name", list(SCANS))
def test_ocr_values_carry_the_flag_and_a_lower_confidence(name: str, pairs: dict[str, Pair]) -> None:
    pair = pairs[name]
    assert pair.scan.ocr_pages == (1, 2) and pair.scan_record.processing is not None
    assert pair.scan_record.processing.ocr_pages == [1, 2]
    born_rows = [*pair.born_record.sla, *pair.born_record.pricing.items]
    scan_rows = [*pair.scan_record.sla, *pair.scan_record.pricing.items]
    assert len(scan_rows) == len(born_rows) >= 3
    for born, scanned in zip(born_rows, scan_rows, strict=True):
        assert born.evidence.ocr is False and scanned.evidence.ocr is True
        assert scanned.confidence == pytest.approx(born.confidence * OCR_CONFIDENCE_FACTOR, abs=0.002)
    assert pair.scan_record.governing_law is not None and pair.scan_record.governing_law.evidence.ocr


def test_evidence_boxes_on_a_scan_match_the_born_digital_page(pairs: dict[str, Pair]) -> None:
    """Highlighting works on scans: row and sentence boxes land where the born-digital ones are."""
    pair = pairs["en_prices_300dpi"]
    for born, scanned in zip(pair.born_record.pricing.items, pair.scan_record.pricing.items, strict=True):
        assert born.evidence.page == scanned.evidence.page == 2
        _assert_near(scanned.evidence.bbox, born.evidence.bbox, tolerance=3.0)  # a clean page
    born_law, scan_law = pair.born_record.governing_law, pair.scan_record.governing_law
    assert born_law is not None and scan_law is not None
    _assert_near(scan_law.evidence.bbox, born_law.evidence.bbox, tolerance=3.0)
    # page 1 is skewed by 1.5°: a box around a tilted line is taller, but it is still around that line
    matched = _pair_blocks(pair, page=1)
    assert len(matched) >= 8
    for scanned_block, born_block in matched:
        assert scanned_block.bbox is not None and born_block.bbox is not None
        _assert_near(scanned_block.bbox.as_tuple(), born_block.bbox.as_tuple(), tolerance=12.0)


def test_a_page_scanned_sideways_keeps_boxes_on_the_page_as_displayed(pairs: dict[str, Pair]) -> None:
    """Page 1 was fed in turned 90° clockwise: the text is read upright, boxes are on the landscape page."""
    pair = pairs["de_sla_150dpi"]
    born_page, scan_page = pair.born.pages[0], pair.scan.pages[0]
    assert (scan_page.width, scan_page.height) == pytest.approx((born_page.height, born_page.width), abs=1)
    # Lines, not blocks: a bullet OCR lost (noise at 150 dpi) may join two blocks, never two visual lines.
    born_lines = [ln for b in pair.born.blocks if b.page == 1 for ln in b.lines]
    matched = []
    for line in (ln for b in pair.scan.blocks if b.page == 1 for ln in b.lines):
        best = max(born_lines, key=lambda b: SequenceMatcher(None, b.text, line.text).ratio())
        if SequenceMatcher(None, best.text, line.text).ratio() >= 0.9:
            matched.append((line, best))
    assert len(matched) >= 10
    for scanned, born in matched:
        assert scanned.bbox is not None and born.bbox is not None
        b = born.bbox
        turned = (born_page.height - b.bottom, b.x0, born_page.height - b.top, b.x1)  # clockwise quarter turn
        got = scanned.bbox.as_tuple()
        _assert_near((got[0], got[2], got[3]), (turned[0], turned[2], turned[3]), tolerance=4.0)
        # the left edge (the top on the turned page) moves right by a bullet or "§" that OCR did not read
        assert turned[1] - 4.0 <= got[1] <= turned[1] + 14.0


def test_mixed_document_keeps_its_text_layer_and_reads_the_scanned_page(pairs: dict[str, Pair]) -> None:
    pair = pairs["mixed"]
    assert pair.scan.ocr_pages == (2,)
    page_one = [(b.text, b.bbox) for b in pair.scan.blocks if b.page == 1]
    assert page_one == [(b.text, b.bbox) for b in pair.born.blocks if b.page == 1], "page 1 is the text layer"
    assert pair.scan_record.sla and all(entry.evidence.ocr for entry in pair.scan_record.sla)
    record = pair.scan_record
    from_page_one = [v for v in (record.title, record.document_type, record.language) if v and v.evidence.page == 1]
    assert from_page_one and not any(v.evidence.ocr for v in from_page_one)


def test_upside_down_page_is_turned_and_read(tmp_path: Path) -> None:
    born = write_contract_pdf(tmp_path / "born.pdf", ENGLISH)
    image = degrade(render(born, 150)[0], Degradation(turn=180))
    scan = ocr.scan_page(image, scale=2.0, dpi=300, command="tesseract", languages="eng", timeout=60)
    text = " ".join(line.text for line in scan.lines)
    assert "Business Day means a day other than a Saturday" in text
    assert scan.upright.angle % 360 == pytest.approx(180, abs=1)
    assert scan.confidence > 80


def test_the_worker_gets_more_time_per_page_to_ocr(tmp_path: Path) -> None:
    """The timeout fits born-digital parsing; a scan asks for ``ocr_page_seconds`` per page on top of it."""
    born = write_contract_pdf(tmp_path / "born.pdf", ENGLISH)
    scan = write_image_pdf(tmp_path / "scan.pdf", render(born, 150)[1:], 150)
    short = dataclasses.replace(OCR_LIMITS, timeout_seconds=0.5, ocr_page_seconds=0.0)
    with pytest.raises(ResourceLimitExceeded, match="took too long"):
        parse_file(scan, limits=short)
    doc = parse_file(scan, limits=dataclasses.replace(short, ocr_page_seconds=60.0))
    assert doc.ocr_pages == (1,) and doc.tables


def test_without_tesseract_a_scan_ends_as_ocr_unavailable(tmp_path: Path) -> None:
    born = write_contract_pdf(tmp_path / "born.pdf", ENGLISH)
    scan = write_scan(tmp_path / "signed.pdf", born, dpi=150)
    with pytest.raises(OcrUnavailable, match=r"signed\.pdf is scanned .*tesseract-ocr") as info:
        parse_file(scan, limits=MISSING)  # in the isolated worker, as the service runs it
    assert info.value.code == "ocr_unavailable"


def test_a_language_model_that_is_not_installed_is_ocr_unavailable(tmp_path: Path) -> None:
    born = write_contract_pdf(tmp_path / "born.pdf", ENGLISH)
    scan = write_image_pdf(tmp_path / "scan.pdf", render(born, 150)[1:], 150)
    with pytest.raises(OcrUnavailable, match=r"scan\.pdf: tesseract cannot load the OCR languages 'fra'"):
        parse_file(scan, limits=dataclasses.replace(OCR_LIMITS, ocr_languages="fra"), isolated=False)


def test_without_tesseract_a_mixed_document_keeps_its_text_and_says_what_was_not_read(tmp_path: Path) -> None:
    born = write_contract_pdf(tmp_path / "born.pdf", ENGLISH)
    scan = write_scan(tmp_path / "scan.pdf", born, dpi=150)
    mixed = write_mixed(tmp_path / "mixed.pdf", born, scan, scanned_pages=[2])
    doc = parse_file(mixed, limits=MISSING, isolated=False)
    assert doc.ocr_pages == () and {b.page for b in doc.blocks} == {1}
    assert len(doc.warnings) == 1 and "page(s) 2 are scanned and were not read" in doc.warnings[0]
    record = ContractExtractor(limits=MISSING, isolated=False).extract_parsed(doc)
    assert record.processing is not None and record.processing.warnings[0] == doc.warnings[0]


def test_status_names_what_to_install() -> None:
    found = ocr.status("tesseract")
    assert found.available and {"eng", "deu"} <= set(found.languages) and found.version
    missing = ocr.status("/nonexistent/tesseract")
    assert not missing.available and "tesseract-ocr-deu" in missing.message


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("The Customer shall pay the charges within thirty (30) days of a valid invoice.", True),
        ("Preis (EUR) 180,00 € – Überwachung der Server", True),
        ("7KH &XVWRPHU VKDOO SDB WKH FKDUJHV ZLWKLQ WKLUWB GDBV RI D YDOLG LQYRLFH", False),  # shifted codes
        ("\x01\x02\x03\x04 \x05\x06\x07", False),  # a font without a Unicode map
        ("\ue000\ue001\ue002\ue003\ue004 \ue005", False),
        ("", False),
    ],
)
def test_garbage_text_layers_are_recognised(text: str, usable: bool) -> None:
    assert usable_text(text) is usable


def _pair_blocks(pair: Pair, *, page: int) -> list[tuple[Block, Block]]:
    """Scanned blocks with the born-digital block of (nearly) the same text on ``page``."""
    born = [b for b in pair.born.blocks if b.page == page]
    out = []
    for block in (b for b in pair.scan.blocks if b.page == page):
        best = max(born, key=lambda b: SequenceMatcher(None, b.text, block.text).ratio())
        if SequenceMatcher(None, best.text, block.text).ratio() >= 0.9:
            out.append((block, best))
    return out


def _assert_near(
    got: tuple[float, ...] | BBox | None, want: tuple[float, ...] | None, *, tolerance: float
) -> None:
    assert got is not None and want is not None
    values = got.as_tuple() if isinstance(got, BBox) else got
    assert all(abs(a - b) <= tolerance for a, b in zip(values, want, strict=True)), (values, want)
