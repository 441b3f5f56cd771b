"""A term stated by when the contract ends, NDA terms, and end dates inside term sentences (issue 11, class 11)."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.term.dates import extract_dates
from docsvc.extract.extractors.term.term import extract_term
from tests.fixtures.contexts import make_context

_OPENING = {
    "en": 'This Mutual Non-Disclosure Agreement is entered into as of 1 March 2024 (the "Effective Date").',
    "de": "Diese Geheimhaltungsvereinbarung wird am 1. März 2024 geschlossen.",
}


def _fields(text: str, language: str = "en") -> dict[str, Any]:
    ctx = make_context([_OPENING[language], text], language=language)
    dates = extract_dates(ctx, {})
    out = {**dates, **extract_term(ctx, dates)}
    return {k: v["value"] for k, v in out.items() if isinstance(v, dict) and "value" in v}


@pytest.mark.parametrize(("text", "language", "term", "end"), [
    ("This Agreement shall terminate two (2) years after the Effective Date.", "en", "P2Y", "2026-03-01"),
    ("This Agreement shall expire three (3) years from the date hereof.", "en", "P3Y", "2027-03-01"),
    ("This Agreement shall remain in effect for a period of two (2) years from the Effective Date.", "en", "P2Y",
     "2026-03-01"),
    ("Die Vertraulichkeitsvereinbarung endet drei Jahre nach ihrem Inkrafttreten.", "de", "P3Y", "2027-03-01"),
    ("Diese Vereinbarung tritt mit Unterzeichnung in Kraft und gilt für einen Zeitraum von zwei Jahren.", "de", "P2Y",
     "2026-03-01"),
])
def test_term_stated_by_its_end(text: str, language: str, term: str, end: str) -> None:
    fields = _fields(text, language)
    assert fields["initial_term"] == term
    assert fields["expiration_date"] == end


def test_nda_obligations_after_disclosure_give_the_term_but_no_end_date() -> None:
    fields = _fields("The Recipient's obligations under this Agreement shall continue for three years after "
                     "disclosure of the Confidential Information.")
    assert fields["initial_term"] == "P3Y"
    assert "expiration_date" not in fields


@pytest.mark.parametrize("text", [
    "The obligations of confidentiality shall survive for a period of 5 years following termination.",
    "The Supplier shall respond within two (2) hours from the time of notification.",
    "Invoices are payable within thirty (30) days after receipt.",
    "Die Geheimhaltungspflichten bestehen auch fünf Jahre nach Beendigung dieses Vertrags fort.",
])
def test_survival_and_other_periods_are_no_term(text: str) -> None:
    assert "initial_term" not in _fields(text, "de" if "Vertrag" in text else "en")


@pytest.mark.parametrize(("text", "language", "end"), [
    ("The term of this Agreement commences on the Effective Date and ends on 31 March 2027.", "en", "2027-03-31"),
    ("Subject to earlier termination, the Services will be provided for a term ending on June 30, 2026.", "en",
     "2026-06-30"),
    ("Die Laufzeit dieses Vertrags beginnt am 1. April 2024 und endet am 31. März 2027.", "de", "2027-03-31"),
])
def test_end_date_inside_a_term_sentence(text: str, language: str, end: str) -> None:
    assert _fields(text, language)["expiration_date"] == end


@pytest.mark.parametrize(("text", "language", "start", "end"), [
    ("This SLA is valid between 19/04/2013 and 21/04/2013.", "en", "2013-04-19", "2013-04-21"),
    ("Diese Vereinbarung gilt zwischen dem 01.05.2024 und dem 30.04.2026.", "de", "2024-05-01", "2026-04-30"),
])
def test_validity_range_with_between_and(text: str, language: str, start: str, end: str) -> None:
    dates = extract_dates(make_context([text], language=language), {})
    assert (dates["effective_date"]["value"], dates["expiration_date"]["value"]) == (start, end)


def test_a_range_of_payments_is_no_term() -> None:
    dates = extract_dates(make_context(["Payments made between 1 May 2024 and 30 June 2024 are refunded."]), {})
    assert "expiration_date" not in dates
