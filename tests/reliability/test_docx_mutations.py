"""Seeded random mutations of real DOCX packages end as a parsed document or an ``ExtractionError``.

Mutations work on the ZIP bytes (flips, deletions, truncation, splices) and on the XML inside entries
(unclosed tags, DOCTYPE / entity injection, huge attributes, deep nesting, bad relationships, renamed, dropped,
duplicated and re-compressed entries). Seeds: the generated contracts and, when ``../shared/corpus`` is
present, the two smallest DOCX files of tos-dev and synthetic-dev. ``DOCSVC_DOCX_MUTANTS`` sets the count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docsvc.extract.parsers import ParserPool
from docsvc.extract.types import ParsedDocument
from tests.fixtures.documents import ENGLISH, write_contract_docx
from tests.reliability import conftest, mutations
from tests.reliability.mutations import Outcome, Seed

# /etc/passwd, the small billion-laughs entity expanded, the internal entity expanded: DTDs must be refused.
_LEAKS = ("root:x:0:0", "aaaaaaaaaa" * 10, "internal entity")


def _check(doc: ParsedDocument) -> str:
    leaked = [marker for marker in _LEAKS if marker in doc.text()]
    assert not leaked, f"entity content reached the text: {leaked}"
    return mutations.check_document(doc)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[Seed]:
    return mutations.generated_seeds(tmp_path_factory.mktemp("docx_seeds"), "docx") + mutations.corpus_seeds("docx")


@pytest.fixture(scope="module")
def results(seeds: list[Seed], mutation_pool: ParserPool, tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    batch = mutations.mutants(conftest.SEED, "docx", conftest.DOCX_MUTANTS, seeds)
    outcomes = mutations.run_mutants(mutation_pool, batch, tmp_path_factory.mktemp("docx_mutants"), check=_check)
    conftest.SUMMARIES.append(mutations.summary("docx", outcomes))
    return outcomes


@pytest.mark.parametrize("problem", mutations.PROBLEMS)
def test_every_docx_mutant_keeps_the_parse_contract(results: list[Outcome], problem: str) -> None:
    """As for PDF, and a parsed document never contains what an injected entity would have expanded to."""
    bad = mutations.problems(results)[problem]
    assert not bad, mutations.listing(bad)


def test_the_pool_still_parses_a_clean_docx(results: list[Outcome], mutation_pool: ParserPool, tmp_path: Path) -> None:
    assert results
    assert ENGLISH.title in mutation_pool.parse(write_contract_docx(tmp_path / "clean.docx", ENGLISH)).text()


def test_injected_doctypes_are_all_refused(results: list[Outcome]) -> None:
    injected = [r for r in results if "doctype_injection" in r.mutant]
    assert injected and all(r.outcome != "parsed" for r in injected), mutations.listing(injected)


def test_the_docx_mutations_reach_every_operator(results: list[Outcome]) -> None:
    assert {"parsed", "unsafe_document"} <= {r.outcome for r in results}
    if len(results) >= 100:
        assert mutations.operators_used(results) == set(mutations.DOCX_OPERATORS)
