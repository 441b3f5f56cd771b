"""The end date stated inside a sentence about the term (issue 11, class 11), EN and DE; sentences written for
this test."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.term.dates import extract_dates
from docsvc.extract.extractors.term.term import extract_term
from tests.fixtures.contexts import make_context


def _expiration(sentence: str, language: str) -> object:
    ctx = make_context(["SERVICES AGREEMENT", sentence], [], language=language)
    found = extract_dates(ctx, {})
    found.update(extract_term(ctx, found))
    return found["expiration_date"]["value"] if "expiration_date" in found else None


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("Unless renewed, this Agreement terminates at midnight on 31st December 2024.", "en", "2024-12-31"),
    ("This Agreement terminates at the close of business on March 15, 2026.", "en", "2026-03-15"),
    ("The Services will be provided for the period 1 January 2025 – 31 December 2025.", "en", "2025-12-31"),
    ("The term of this Agreement begins on the Effective Date and ends on 30 June 2026.", "en", "2026-06-30"),
    ("The Initial Term shall run from 1 April 2024 through 31 March 2027.", "en", "2027-03-31"),
    ("Der Vertrag wird für den Zeitraum 01.01.2025 bis 31.12.2026 geschlossen.", "de", "2026-12-31"),
    ("Der Vertrag ist bis zum 31.12.2025 befristet.", "de", "2025-12-31"),
    # An opening condition naming a clause is no reference to another agreement
    ("Unless terminated earlier pursuant to Section 12.2 below, the initial term of this Agreement shall expire on "
     "31 December 2024.", "en", "2024-12-31"),
    ("Subject to earlier termination pursuant to Clause 9, this Agreement shall expire on 30 June 2027.", "en",
     "2027-06-30"),
])
def test_end_dates_inside_term_sentences(sentence: str, language: str, expected: str) -> None:
    assert _expiration(sentence, language) == expected


@pytest.mark.parametrize(("sentence", "language"), [
    ("Invoices cover the period 1 January 2025 – 31 March 2025 and are payable within 30 days.", "en"),
    ("The term shall expire on the later of (a) December 31, 2022 or (b) completion of the Services.", "en"),
    ("The services provided pursuant to the Original Agreement shall expire on 31 December 2024.", "en"),
])
def test_periods_of_something_else_or_an_open_end_give_no_expiration(sentence: str, language: str) -> None:
    assert _expiration(sentence, language) is None
