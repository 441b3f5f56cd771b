"""Broken and malicious files end as the right ``ExtractionError``, quickly, and never take the caller down."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from docsvc.extract import ocr
from docsvc.extract.errors import (
    DocumentTooLarge,
    ExtractionError,
    NoTextLayer,
    OcrUnavailable,
    ResourceLimitExceeded,
    UnsafeDocument,
)
from docsvc.extract.parsers import ParserPool, parse_file
from tests.fixtures import hostile
from tests.parsers.conftest import LIMITS

RESOURCE_CASES = {"flate_bomb_pdf"}  # only safe to run inside the isolated worker


@pytest.mark.parametrize("case", sorted(hostile.HOSTILE))
def test_hostile_file_fails_cleanly_in_the_worker(case: str, pool: ParserPool, tmp_path: Path) -> None:
    writer, expected = hostile.HOSTILE[case]
    path = writer(tmp_path)
    started = time.monotonic()
    with pytest.raises(expected) as info:
        pool.parse(path)
    assert time.monotonic() - started < LIMITS.timeout_seconds + 2
    assert path.name in str(info.value), "the message names the file"


@pytest.mark.parametrize("case", sorted(set(hostile.HOSTILE) - RESOURCE_CASES))
def test_hostile_file_fails_cleanly_in_process(case: str, tmp_path: Path) -> None:
    writer, expected = hostile.HOSTILE[case]
    with pytest.raises(expected):
        parse_file(writer(tmp_path), limits=LIMITS, isolated=False)


def test_endless_parse_is_killed_at_the_timeout(pool: ParserPool, tmp_path: Path) -> None:
    path = hostile.write_flate_bomb_pdf(tmp_path)
    limits = dataclasses.replace(LIMITS, timeout_seconds=1.0, memory_mb=4096)
    started = time.monotonic()
    with pytest.raises(ResourceLimitExceeded, match=r"exceeded the 1 s / 4096 MB parsing limit"):
        pool.parse(path, limits=limits)
    assert time.monotonic() - started < 3


def test_worker_recovers_after_a_bomb(pool: ParserPool, tmp_path: Path) -> None:
    pool.parse(hostile.write_valid_docx(tmp_path))
    before = set(pool.pids)
    with pytest.raises(ResourceLimitExceeded):
        pool.parse(hostile.write_flate_bomb_pdf(tmp_path))
    assert not before & set(pool.pids)  # the exhausted worker is gone before anything else is sent to it
    doc = pool.parse(hostile.write_valid_docx(tmp_path))
    assert doc.blocks and not before & set(pool.pids)


@pytest.mark.parametrize(
    ("writer", "text"),
    [
        (hostile.write_broken_xref_pdf, "Recovered text"),
        (hostile.write_huge_length_pdf, "Length lies"),
        (hostile.write_nested_arrays_pdf, "Nested arrays"),
    ],
)
def test_damage_pdfium_can_repair_still_parses(
    writer: hostile.Writer, text: str, pool: ParserPool, tmp_path: Path
) -> None:
    assert pool.parse(writer(tmp_path)).text() == text


def test_million_empty_paragraphs_are_refused_before_parsing(pool: ParserPool, tmp_path: Path) -> None:
    path = hostile.write_million_paragraphs_docx(tmp_path)
    started = time.monotonic()
    with pytest.raises((UnsafeDocument, DocumentTooLarge)):
        pool.parse(path)
    assert time.monotonic() - started < 2


def test_paragraph_cap_follows_the_page_limit(tmp_path: Path) -> None:
    path = hostile.write_million_paragraphs_docx(tmp_path, paragraphs=30_000)  # too small for the ratio check
    with pytest.raises(DocumentTooLarge, match="30,000 paragraphs"):
        parse_file(path, limits=dataclasses.replace(LIMITS, max_pages=10), isolated=False)


def test_file_over_the_byte_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(2048))
    with pytest.raises(DocumentTooLarge, match="big.pdf"):
        parse_file(path, limits=dataclasses.replace(LIMITS, max_bytes=1024), isolated=False)


def test_missing_file_is_an_extraction_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="nothing.pdf"):
        parse_file(tmp_path / "nothing.pdf", limits=LIMITS, isolated=False)


@pytest.mark.skipif(not ocr.status("tesseract").available, reason="tesseract with eng+deu models not installed")
def test_scan_without_text_is_ocrd_before_it_counts_as_empty(pool: ParserPool, tmp_path: Path) -> None:
    """A scanned page is read by OCR now; only a page OCR finds nothing on (a grey square) has no text."""
    with pytest.raises(NoTextLayer, match=r"^scanned\.pdf has no text layer, and OCR found no text on its 1 page"):
        pool.parse(hostile.write_scanned(tmp_path))


def test_scan_without_tesseract_is_ocr_unavailable_not_empty(pool: ParserPool, tmp_path: Path) -> None:
    limits = dataclasses.replace(LIMITS, tesseract_cmd=str(tmp_path / "no-such-tesseract"))
    with pytest.raises(OcrUnavailable, match=r"^scanned\.pdf is scanned .*install Debian's tesseract-ocr") as info:
        pool.parse(hostile.write_scanned(tmp_path), limits=limits)
    assert info.value.code == "ocr_unavailable"
