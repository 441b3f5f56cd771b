"""Seeded random mutations of real PDFs end as a parsed document or an ``ExtractionError``, within the limits.

Seeds: the generated contracts (tests/fixtures/documents.py) and, when ``../shared/corpus`` is present, the two
smallest PDFs of cuad-dev and synthetic-dev. ``DOCSVC_MUTANTS`` sets the count (300 here, a few seconds);
``benchmarks/reliability.py`` is the long run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docsvc.extract.parsers import ParserPool
from tests.fixtures.documents import ENGLISH, write_contract_pdf
from tests.reliability import conftest, mutations
from tests.reliability.mutations import Outcome, Seed


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[Seed]:
    return mutations.generated_seeds(tmp_path_factory.mktemp("pdf_seeds"), "pdf") + mutations.corpus_seeds("pdf")


@pytest.fixture(scope="module")
def results(seeds: list[Seed], mutation_pool: ParserPool, tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    batch = mutations.mutants(conftest.SEED, "pdf", conftest.PDF_MUTANTS, seeds)
    directory = tmp_path_factory.mktemp("pdf_mutants")
    outcomes = mutations.run_mutants(mutation_pool, batch, directory, check=mutations.check_document)
    conftest.SUMMARIES.append(mutations.summary("pdf", outcomes))
    return outcomes


@pytest.mark.parametrize("problem", mutations.PROBLEMS)
def test_every_mutant_keeps_the_parse_contract(results: list[Outcome], problem: str) -> None:
    """Parsed (into a well-formed model, zero-height boxes aside) or an ExtractionError naming the file, in time."""
    bad = mutations.problems(results)[problem]
    assert not bad, mutations.listing(bad)


def test_the_pool_still_parses_a_clean_pdf(results: list[Outcome], mutation_pool: ParserPool, tmp_path: Path) -> None:
    assert results
    assert ENGLISH.title in mutation_pool.parse(write_contract_pdf(tmp_path / "clean.pdf", ENGLISH)).text()


def test_the_pdf_mutations_reach_both_outcomes_and_every_operator(results: list[Outcome]) -> None:
    """Guards the generator: all-garbage or all-harmless mutants would make the other tests vacuous."""
    assert {"parsed", "corrupt_document"} <= {r.outcome for r in results}
    if len(results) >= 200:
        assert mutations.operators_used(results) == set(mutations.PDF_OPERATORS)


def test_pdf_mutants_are_reproducible(seeds: list[Seed]) -> None:
    first = mutations.make_mutant(7, "pdf", 42, seeds)
    assert first == mutations.make_mutant(7, "pdf", 42, seeds)
    assert first.data != mutations.make_mutant(7, "pdf", 43, seeds).data
