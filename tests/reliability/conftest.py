"""One parser pool with tight limits shared by the mutation tests, and their outcome counts in the summary."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from docsvc.extract.parsers import ParserPool
from tests.reliability.mutations import LIMITS

# Bounded for CI (about 10 s on 2 cores); raise for a longer run, e.g. DOCSVC_MUTANTS=3000.
PDF_MUTANTS = int(os.environ.get("DOCSVC_MUTANTS", "300"))
DOCX_MUTANTS = int(os.environ.get("DOCSVC_DOCX_MUTANTS", "100"))
SEED = int(os.environ.get("DOCSVC_MUTATION_SEED", "0"))

SUMMARIES: list[str] = []


@pytest.fixture(scope="session")
def mutation_pool() -> Iterator[ParserPool]:
    with ParserPool(limits=LIMITS) as pool:
        yield pool


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARIES:
        terminalreporter.section(f"seeded mutations (seed {SEED})")
        for line in SUMMARIES:
            terminalreporter.write_line(line)
