from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from docsvc.extract.parsers import parse_file
from docsvc.extract.types import BlockKind, ParsedDocument
from tests.fixtures.documents import CONTRACTS, PAGE_H, PAGE_W, Contract, PdfPage, pages_pdf
from tests.parsers.checks import assert_well_formed
from tests.parsers.conftest import LIMITS


def _parse(path: Path) -> ParsedDocument:
    return parse_file(path, limits=LIMITS, isolated=False)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_contract_pdf_has_pages_headings_and_running_text(docs: dict[str, Path], lang: str) -> None:
    contract: Contract = CONTRACTS[lang]
    doc = _parse(docs[f"contract_pdf_{lang}"])
    assert_well_formed(doc)
    assert [(p.number, p.width, p.height) for p in doc.pages] == [(1, PAGE_W, PAGE_H), (2, PAGE_W, PAGE_H)]
    headings = [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == [contract.title, *contract.headings, contract.caption]
    headers = [b for b in doc.blocks if b.kind is BlockKind.HEADER]
    footers = [b for b in doc.blocks if b.kind is BlockKind.FOOTER]
    assert [(b.page, b.text) for b in headers] == [(1, contract.header), (2, contract.header)]
    assert [(b.page, b.text) for b in footers] == [(n, contract.footer.format(page=n, pages=2)) for n in (1, 2)]
    assert all(b.section is None for b in headers + footers)


def test_paragraphs_rejoin_wrapped_lines_in_reading_order(docs: dict[str, Path]) -> None:
    contract = CONTRACTS["en"]
    doc = _parse(docs["contract_pdf_en"])
    body = [b for b in doc.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)]
    expected = [p.removeprefix("• ") for _, paragraphs in contract.sections for p in paragraphs]
    assert [b.text for b in body] == expected
    first = body[0]
    assert len(first.lines) == 2 and first.lines[1].start == first.lines[0].end + 1
    assert first.lines[0].bbox is not None and first.lines[1].bbox is not None
    assert first.lines[0].bbox.bottom <= first.lines[1].bbox.top  # the second line sits below the first


def test_blocks_know_their_page_section_and_box(docs: dict[str, Path]) -> None:
    doc = _parse(docs["contract_pdf_en"])
    law = next(b for b in doc.blocks if b.text.startswith("This Agreement is governed"))
    assert law.page == 2 and law.section == "4. GOVERNING LAW"
    heading = next(b for b in doc.blocks if b.text == "4. GOVERNING LAW")
    assert heading.heading_level == 1 and heading.index == law.index - 1
    assert law.bbox is not None and heading.bbox is not None and heading.bbox.bottom < law.bbox.top
    # evidence boxes: a sentence in the second line maps to that line only
    start = law.text.index("exclusive")
    assert law.bbox_for(start, start + 9) == law.lines[1].bbox


def test_bullets_become_list_items_without_the_glyph(docs: dict[str, Path]) -> None:
    doc = _parse(docs["contract_pdf_en"])
    items = [b.text for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == [
        "monitoring of all network devices at the Sites;",
        "replacement of failed equipment within one Business Day.",
    ]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_ruled_table_comes_whole_with_cells_caption_and_no_duplicate_text(docs: dict[str, Path], lang: str) -> None:
    contract = CONTRACTS[lang]
    doc = _parse(docs[f"contract_pdf_{lang}"])
    (table,) = doc.tables
    assert table.texts() == [list(row) for row in contract.table]
    assert table.page == 2 and table.caption == contract.caption and table.section == contract.caption
    assert table.bbox is not None
    for row in table.rows:
        for cell in row:
            assert cell.bbox is not None
            assert table.bbox.x0 - 1 <= cell.bbox.x0 < cell.bbox.x1 <= table.bbox.x1 + 1
    assert table.row_text(1) == " | ".join(contract.table[1])
    body_text = " ".join(b.text for b in doc.blocks)
    assert contract.table[1][0] not in body_text, "table text must not be repeated in the body"
    caption = next(b for b in doc.blocks if b.text == contract.caption)
    assert table.index == caption.index + 1


def test_two_columns_are_read_column_by_column(docs: dict[str, Path]) -> None:
    doc = _parse(docs["two_column_pdf"])
    assert_well_formed(doc)
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "ALLGEMEINE GESCHÄFTSBEDINGUNGEN"
    assert [t.split(".")[0] for t in texts[1:]] == ["1", "2", "3", "4", "5", "6"]
    assert all(t.endswith("bis zum Ende des Absatzes.") for t in texts[1:])
    left, right = doc.blocks[1], doc.blocks[4]
    assert left.bbox is not None and right.bbox is not None and left.bbox.x1 < right.bbox.x0


def test_metadata_and_source(docs: dict[str, Path]) -> None:
    path = docs["contract_pdf_en"]
    doc = _parse(path)
    assert doc.source.name == path.name and doc.source.media_type == "application/pdf"
    assert doc.source.size == path.stat().st_size and len(doc.source.sha256) == 64
    assert doc.page_count == 2


def _page_with_rules_only(*, strokes: int) -> PdfPage:
    """No text layer and no image: a header and a footer rule, plus ``strokes`` short dense strokes that stand
    in for text drawn as outlines (what a scanner-less "print to PDF as curves" gives)."""
    page = PdfPage()
    page.line(50, PAGE_H - 40, PAGE_W - 50, PAGE_H - 40)
    page.line(50, 40, PAGE_W - 50, 40)
    for i in range(strokes):
        y = PAGE_H - 80 - (i // 60) * 12
        x = 50 + (i % 60) * 8
        page.ops.append(b"3 w %.2f %.2f m %.2f %.2f l S" % (x, y, x + 5, y + 6))
    return page


@pytest.mark.parametrize("strokes, scanned", [(0, False), (1800, True)])
def test_a_page_without_text_is_sent_to_ocr_only_when_it_carries_ink(tmp_path: Path, strokes: int,
                                                                     scanned: bool) -> None:
    """A filed contract's empty page with only its header and footer rules is not a scan (OCR would spend a
    second on it and report it unread when tesseract is missing); a page covered in drawn shapes is."""
    text = PdfPage()
    text.text(72, PAGE_H - 100, "This Agreement is made between Alpha Ltd and Beta GmbH.")
    path = tmp_path / "ruled.pdf"
    path.write_bytes(pages_pdf([text, _page_with_rules_only(strokes=strokes)]))
    doc = parse_file(path, limits=dataclasses.replace(LIMITS, tesseract_cmd=str(tmp_path / "no-tesseract")),
                     isolated=False)
    assert [b.text for b in doc.blocks] == ["This Agreement is made between Alpha Ltd and Beta GmbH."]
    assert [len(doc.pages), doc.ocr_pages] == [2, ()]
    assert bool(doc.warnings) is scanned
    if scanned:
        assert doc.warnings[0].startswith("page(s) 2 are scanned and were not read")


def _usable_by_definition(text: str) -> bool:
    """The garbage-text rule spelled out character by character (the parser counts with regexes, for speed)."""
    from docsvc.extract.parsers.pdf_scan import _PUNCTUATION, _VOWELS, MIN_GOOD_SHARE, MIN_VOWEL_SHARE

    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    good = sum(1 for c in visible if (c.isalnum() and c.isprintable() and ord(c) < 0x2000) or c in _PUNCTUATION)
    if good / len(visible) < MIN_GOOD_SHARE:
        return False
    letters = [c for c in visible if c.isalpha()]
    return len(letters) < 40 or sum(1 for c in letters if c in _VOWELS) / len(letters) >= MIN_VOWEL_SHARE


@pytest.mark.parametrize("seed", range(40))
def test_garbage_text_rule_counts_what_it_says(seed: int) -> None:
    import random

    from docsvc.extract.parsers.pdf_scan import usable_text

    rng = random.Random(seed)
    alphabets = ["abcdefghijklmnopqrstuvwxyz", "ÄÖÜäöüßéèñ", "BCDFGHJKLMNPQRSTVWXZbcdfg", "0123456789",
                 ".,;:()%€$-–", " \t\n\u00a0", "\x01\x02\x07\x1f\ufffd", "一二三日本語", "\u2022\u2030\u2122"]
    weights = [rng.random() for _ in alphabets]
    text = "".join(rng.choice(rng.choices(alphabets, weights)[0]) for _ in range(rng.randint(0, 400)))
    assert usable_text(text) is _usable_by_definition(text)
