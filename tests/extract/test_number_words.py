"""Number words, EN and DE, wherever a number is read: SLA sentences and table cells, credit tables, terms."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.extractors.term.term import extract_term
from docsvc.extract.normalize.durations import find_durations, words_to_digits
from tests.fixtures.contexts import make_context


@pytest.mark.parametrize(("text", "language", "iso"), [
    ("innerhalb von zwei Stunden", "de", "PT2H"),
    ("binnen einer Stunde", "de", "PT1H"),
    ("eine Stunde", "de", "PT1H"),
    ("innerhalb von vierundzwanzig Stunden", "de", "PT24H"),
    ("innerhalb eines Werktages", "de", "P1D"),
    ("eineinhalb Stunden", "de", "PT1.5H"),
    ("eine halbe Stunde", "de", "PT0.5H"),
    ("one (1) day", "en", "P1D"),
    ("within four hours", "en", "PT4H"),
    ("two (2) years", "en", "P2Y"),
    ("within an hour", "en", "PT1H"),
    ("half an hour", "en", "PT0.5H"),
    ("one and a half hours", "en", "PT1.5H"),
    ("a one-year term", "en", "P1Y"),
    ("twenty-four (24) hours", "en", "PT24H"),
])
def test_number_words_before_units(text: str, language: str, iso: str) -> None:
    found = find_durations(words_to_digits(text, language), language)
    assert [d.iso for d in found] == [iso]


@pytest.mark.parametrize(("text", "language"), [
    ("Priority one", "en"), ("one of the parties", "en"), ("ein Vertrag", "de"),
])
def test_lone_small_words_stay(text: str, language: str) -> None:
    assert words_to_digits(text, language) == text


def test_percent_words_en_de() -> None:
    assert words_to_digits("zwei Prozent", "de") == "2 Prozent"
    assert words_to_digits("a credit of five percent (5%)", "en") == "a credit of 5 percent"


def _sla_keys(paragraphs: list[str], tables: Any = (), language: str = "en") -> list[tuple[str, float, str]]:
    entries = extract_sla(make_context(paragraphs, tables, language=language), {}).get("sla", [])
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def test_sla_sentences_german_number_words() -> None:
    assert _sla_keys([
        "Der Auftragnehmer reagiert auf Störungen der Priorität 1 innerhalb von zwei Stunden.",
        "Störungen der Priorität 2 werden innerhalb von vierundzwanzig Stunden behoben.",
    ], language="de") == [("response_time", 2.0, "hours"), ("resolution_time", 24.0, "hours")]


def test_sla_sentences_english_number_words() -> None:
    assert _sla_keys([
        "The Supplier shall respond to Severity 1 incidents within four hours.",
        "Severity 2 incidents shall be resolved within one (1) business day.",
    ]) == [("response_time", 4.0, "hours"), ("resolution_time", 1.0, "business_days")]


def test_sla_table_cells_in_words() -> None:
    rows = [["Priorität", "Reaktionszeit", "Entstörzeit"],
            ["1", "eine Stunde", "acht Stunden"],
            ["2", "zwei Stunden", "zwei Werktage"]]
    assert _sla_keys([], [rows], language="de") == [
        ("response_time", 1.0, "hours"), ("resolution_time", 8.0, "hours"),
        ("response_time", 2.0, "hours"), ("resolution_time", 2.0, "business_days"),
    ]


def test_credit_table_cells_in_words() -> None:
    rows = [["Monthly Availability", "Service Credit"],
            ["below 99.9%", "five percent (5%)"],
            ["below 99.5%", "ten percent"]]
    credits = extract_credits(make_context(["Service credits"], [rows]), {}).get("service_credits", [])
    assert [c.get("credit_percent") for c in credits] == [5.0, 10.0]


@pytest.mark.parametrize(("text", "language", "iso"), [
    ("This Agreement shall continue for a period of two (2) years from the Effective Date.", "en", "P2Y"),
    ("Der Vertrag hat eine feste Laufzeit von drei Jahren ab Vertragsbeginn.", "de", "P3Y"),
    ("The initial term of this Agreement is one year.", "en", "P1Y"),
    # A scanned filing: the "1" of "one (1) year" read as a capital I.
    ("This Agreement shall commence as of the Effective Date and shall continue in effect for one (I) year.", "en",
     "P1Y"),
])
def test_initial_term_in_words(text: str, language: str, iso: str) -> None:
    term = extract_term(make_context([text], language=language), {})
    assert term["initial_term"]["value"] == iso


def test_initial_term_from_anniversary() -> None:
    text = "This Agreement shall commence on the Effective Date and expire on the third anniversary thereof."
    assert extract_term(make_context([text]), {})["initial_term"]["value"] == "P3Y"
