"""The term of confidentiality agreements (NDAs), EN and DE: short contracts whose only dated commitment is how
long the agreement runs. Sentences written for this test; the rules must read the term, not an obligation that
survives it."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.term.term import extract_term
from tests.fixtures.contexts import make_context


def _initial_term(sentence: str, language: str) -> object:
    title = "MUTUAL NON-DISCLOSURE AGREEMENT" if language == "en" else "VERTRAULICHKEITSVEREINBARUNG"
    out = extract_term(make_context([title, sentence], [], language=language), {})
    return out["initial_term"]["value"] if "initial_term" in out else None


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("Unless terminated earlier, this Agreement shall continue in effect until the fifth anniversary of the "
     "Effective Date.", "en", "P5Y"),
    ("The Agreement is valid for one year from signature.", "en", "P1Y"),
    ("This Agreement shall commence on the Effective Date and expire four (4) years thereafter.", "en", "P4Y"),
    ("Term. This Agreement shall have a term of two (2) years beginning on the Effective Date.", "en", "P2Y"),
    ("This NDA shall be in force for a period of two (2) years.", "en", "P2Y"),
    ("This Agreement shall be binding for a period of ten (10) years from the date hereof.", "en", "P10Y"),
    ("Die Vertraulichkeitsvereinbarung hat eine Laufzeit von zwei Jahren ab dem Datum der Unterzeichnung.", "de",
     "P2Y"),
    ("Die Verpflichtungen aus dieser Vereinbarung bestehen für einen Zeitraum von 24 Monaten fort.", "de", "P24M"),
    ("Der Vertrag wird für eine Dauer von einem Jahr geschlossen.", "de", "P1Y"),
    ("Diese Vereinbarung tritt mit Unterzeichnung in Kraft und gilt für die Dauer von drei (3) Jahren.", "de", "P3Y"),
])
def test_the_term_of_a_confidentiality_agreement(sentence: str, language: str, expected: str) -> None:
    assert _initial_term(sentence, language) == expected


@pytest.mark.parametrize(("sentence", "language"), [
    # What outlives the agreement is not its term.
    ("The confidentiality obligations set out herein shall survive for a period of three (3) years from the date "
     "of disclosure.", "en"),
    ("The Recipient's duties of confidentiality survive termination of this Agreement for five (5) years.", "en"),
    ("Die Pflicht zur Vertraulichkeit besteht auch nach Beendigung dieser Vereinbarung für drei Jahre fort.", "de"),
    # A period after the end is not the term either.
    ("Each party shall return all documents within a period of one (1) month after this Agreement expires.", "en"),
])
def test_what_survives_the_agreement_is_not_its_term(sentence: str, language: str) -> None:
    assert _initial_term(sentence, language) is None
