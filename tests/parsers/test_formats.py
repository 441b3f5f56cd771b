"""The same contract as PDF and as DOCX, in English and German, must come out with the same structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from docsvc.extract.parsers import parse_file
from docsvc.extract.types import BlockKind, ParsedDocument
from tests.fixtures.documents import CONTRACTS
from tests.parsers.conftest import LIMITS


def _texts(doc: ParsedDocument, kind: BlockKind) -> list[str]:
    return [b.text for b in doc.blocks if b.kind is kind]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_pdf_and_docx_agree(docs: dict[str, Path], lang: str) -> None:
    pdf = parse_file(docs[f"contract_pdf_{lang}"], limits=LIMITS, isolated=False)
    word = parse_file(docs[f"contract_docx_{lang}"], limits=LIMITS, isolated=False)
    for kind in (BlockKind.HEADING, BlockKind.LIST_ITEM):
        assert _texts(pdf, kind) == _texts(word, kind)
    assert _texts(pdf, BlockKind.HEADER)[0] == _texts(word, BlockKind.HEADER)[0] == CONTRACTS[lang].header
    assert pdf.tables[0].texts() == word.tables[0].texts() == [list(r) for r in CONTRACTS[lang].table]
    assert pdf.tables[0].caption == word.tables[0].caption == CONTRACTS[lang].caption
    pdf_sections = {b.text: b.section for b in pdf.blocks if b.kind is BlockKind.PARAGRAPH}
    word_sections = {b.text: b.section for b in word.blocks if b.kind is BlockKind.PARAGRAPH}
    assert {t: s for t, s in word_sections.items() if t in pdf_sections} == pdf_sections
