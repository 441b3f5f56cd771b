"""Every document of the shared development corpus parses, in the isolated worker, into a well-formed model.

Skipped when the corpus is not checked out next to the repository (``../shared/corpus``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from docsvc.extract.parsers import ParseLimits, ParserPool
from docsvc.extract.types import BlockKind
from tests.corpus import CORPUS
from tests.parsers.checks import assert_well_formed

SETS = ("cuad-dev/pdf", "synthetic-dev/pdf", "synthetic-dev/docx", "tos-dev/docx")
FILES = sorted(p for s in SETS for p in (CORPUS / s).glob("*.*")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_pool() -> Iterator[ParserPool]:
    with ParserPool(limits=ParseLimits()) as pool:  # production limits
        yield pool


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_corpus_file_parses(path: Path, corpus_pool: ParserPool) -> None:
    doc = corpus_pool.parse(path)
    assert_well_formed(doc)
    assert sum(len(b.text) for b in doc.blocks if b.kind is not BlockKind.FOOTER) > 200


def test_corpus_is_present_or_skipped() -> None:
    if not FILES:
        pytest.skip(f"no corpus at {CORPUS}")
    assert len(FILES) >= 4


def test_synthetic_pdf_tables_match_the_docx_tables(corpus_pool: ParserPool) -> None:
    """The PDFs were converted from the DOCX files: every PDF table row must be a DOCX table row. (Spacing may
    differ, and a row broken across a page break comes out as two partial rows.)"""
    if not FILES:
        pytest.skip(f"no corpus at {CORPUS}")

    def squash(row: list[str]) -> tuple[str, ...]:
        return tuple("".join(cell.split()) for cell in row)

    for docx_path in sorted((CORPUS / "synthetic-dev" / "docx").glob("*.docx")):
        pdf = corpus_pool.parse(CORPUS / "synthetic-dev" / "pdf" / f"{docx_path.stem}.pdf")
        word_rows = {squash(row) for table in corpus_pool.parse(docx_path).tables for row in table.texts()}
        pdf_rows = [squash(row) for table in pdf.tables for row in table.texts()]
        matched = sum(row in word_rows for row in pdf_rows)
        # at most one row per table may be the tail of a row broken across a page
        assert matched >= len(pdf_rows) - len(pdf.tables), f"{docx_path.stem}: {matched}/{len(pdf_rows)} rows match"
