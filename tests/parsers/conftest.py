"""Generated documents, small limits and one warm worker pool shared by the parser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from docsvc.extract.parsers import ParseLimits, ParserPool
from tests.fixtures.documents import (
    CONTRACTS,
    write_contract_docx,
    write_contract_pdf,
    write_merged_table_docx,
    write_two_column_pdf,
)

# Small budgets keep every hostile case to a second or two.
LIMITS = ParseLimits(max_pages=50, max_bytes=20 * 1024 * 1024, timeout_seconds=5.0, memory_mb=512)


@pytest.fixture(scope="session")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every generated test document by name: contract_{pdf,docx}_{en,de}, two_column_pdf, merged_docx."""
    directory = tmp_path_factory.mktemp("documents")
    built = {
        "two_column_pdf": write_two_column_pdf(directory / "two_column.pdf"),
        "merged_docx": write_merged_table_docx(directory / "merged.docx"),
    }
    for lang, contract in CONTRACTS.items():
        built[f"contract_pdf_{lang}"] = write_contract_pdf(directory / f"contract_{lang}.pdf", contract)
        built[f"contract_docx_{lang}"] = write_contract_docx(directory / f"contract_{lang}.docx", contract)
    return built


@pytest.fixture(scope="session")
def pool() -> Iterator[ParserPool]:
    with ParserPool(limits=LIMITS) as parser_pool:
        yield parser_pool
