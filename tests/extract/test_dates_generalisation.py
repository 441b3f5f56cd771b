"""Contract dates in wordings beyond the dev sets: order forms, call-off contracts, German Leistungsscheine, deeds."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.term.dates import extract_dates
from docsvc.extract.extractors.term.term import extract_term
from tests.fixtures.contexts import make_context


def _dates(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en") -> dict[str, str]:
    ctx = make_context(paragraphs, tables or [], language=language)
    return {k: v["value"] for k, v in extract_dates(ctx, {}).items()}


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("This Services Agreement is made and entered into on 2 September 2024 by and between Arcfield Ltd and "
         "Norvane plc.", "en", {"agreement_date": "2024-09-02"}),
        ("THIS DEED is dated 7th day of October 2023 and made between Brightwell Limited and Oakgate Limited.", "en",
         {"agreement_date": "2023-10-07"}),
        ("This Order Form is effective as of March 1, 2025 (the “Order Effective Date”).", "en",
         {"effective_date": "2025-03-01"}),
        ("Dieser Vertrag wird am 15. Januar 2025 zwischen der Nordnetz GmbH und der Weserdata AG geschlossen.", "de",
         {"agreement_date": "2025-01-15"}),
        ("Der Vertrag tritt mit Wirkung zum 01.02.2025 in Kraft.", "de", {"effective_date": "2025-02-01"}),
        ("Die Leistungen beginnen am 1. März 2025 (Leistungsbeginn).", "de", {"effective_date": "2025-03-01"}),
        ("Der Vertrag beginnt am 01.04.2025 und endet am 31.03.2027, ohne dass es einer Kündigung bedarf.", "de",
         {"effective_date": "2025-04-01", "expiration_date": "2027-03-31"}),
        ("This Agreement shall commence on 1 January 2025 and shall expire on 31 December 2027 unless terminated "
         "earlier in accordance with its terms.", "en",
         {"effective_date": "2025-01-01", "expiration_date": "2027-12-31"}),
        ("The Call-Off Contract will start on 01/04/2025 and will end on 31/03/2027.", "en",
         {"effective_date": "2025-04-01", "expiration_date": "2027-03-31"}),
        ("The term of this Agreement shall run from 1 July 2024 until 30 June 2026.", "en",
         {"effective_date": "2024-07-01", "expiration_date": "2026-06-30"}),
        ("Die Vertragslaufzeit beginnt am 1. Juli 2024 und endet mit Ablauf des 30. Juni 2026.", "de",
         {"effective_date": "2024-07-01", "expiration_date": "2026-06-30"}),
    ],
)
def test_sentence_wordings(sentence: str, language: str, expected: dict[str, str]) -> None:
    found = _dates([sentence], language=language)
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("rows", "language", "expected"),
    [
        ([["Order Date", "15 May 2024"], ["Subscription Start Date", "1 June 2024"],
          ["Subscription End Date", "31 May 2025"]], "en",
         {"agreement_date": "2024-05-15", "effective_date": "2024-06-01", "expiration_date": "2025-05-31"}),
        ([["Vertragsbeginn", "01.10.2024"], ["Vertragsende", "30.09.2026"]], "de",
         {"effective_date": "2024-10-01", "expiration_date": "2026-09-30"}),
        ([["Start date", "2024-10-01"], ["End date", "2025-09-30"]], "en",
         {"effective_date": "2024-10-01", "expiration_date": "2025-09-30"}),
        ([["Laufzeit", "01.01.2025 – 31.12.2026"]], "de",
         {"effective_date": "2025-01-01", "expiration_date": "2026-12-31"}),
        ([["Contract Term", "1 January 2025 to 31 December 2026"]], "en",
         {"effective_date": "2025-01-01", "expiration_date": "2026-12-31"}),
    ],
)
def test_key_value_rows(rows: list[list[str]], language: str, expected: dict[str, str]) -> None:
    found = _dates([], [rows], language=language)
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        # Dates that belong to other things: payment, price validity, a service window, a notice deadline.
        ("Invoices issued after 1 January 2025 are payable within 30 days.", "en"),
        ("The prices in this Price List are valid until 31 December 2025.", "en"),
        ("Planned maintenance takes place between 1 March 2025 and 3 March 2025.", "en"),
        ("Die Preise gelten bis zum 31.12.2025.", "de"),
        ("Die Datenschutzerklärung wurde zuletzt am 12.03.2024 aktualisiert.", "de"),
        ("Last updated: 4 February 2024", "en"),
    ],
)
def test_other_dates_are_ignored(sentence: str, language: str) -> None:
    found = _dates([sentence], language=language)
    assert not {"effective_date", "expiration_date"} & found.keys()


def test_expiration_from_start_date_and_term_in_one_sentence() -> None:
    ctx = make_context(["The initial term of this Agreement shall commence on 1 October 2024 and continue for a "
                        "period of three (3) years."])
    dates = extract_dates(ctx, {})
    term = extract_term(ctx, dates)
    assert dates["effective_date"]["value"] == "2024-10-01"
    assert term["initial_term"]["value"] == "P3Y"
    assert term["expiration_date"]["value"] == "2027-10-01"


def test_term_from_event_gives_no_expiration() -> None:
    ctx = make_context(["This Agreement is dated 1 March 2024.",
                        "The Minimum Term is 36 months from the Service Commencement Date."])
    dates: dict[str, Any] = dict(extract_dates(ctx, {}))
    term = extract_term(ctx, dates)
    assert term["initial_term"]["value"] == "P36M"
    assert "expiration_date" not in term


def test_slashed_dates_follow_the_documents_order() -> None:
    # One unambiguous day-first date ("31/03/2027") settles "01/04/2025" as 1 April in an English document.
    found = _dates(["The Call-Off Contract will start on 01/04/2025 and will end on 31/03/2027."])
    assert found["effective_date"] == "2025-04-01"
    us = _dates(["This Agreement shall commence on 04/01/2025 and expire on 12/31/2026."])
    assert us == {"effective_date": "2025-04-01", "expiration_date": "2026-12-31"}


@pytest.mark.parametrize(
    "sentence",
    [
        "This Agreement supersedes the agreement dated 1 January 2020 between the parties.",
        "The Supplier's offer dated 12 March 2024 forms part of this Contract.",
    ],
)
def test_dates_of_referenced_documents_are_no_agreement_date(sentence: str) -> None:
    assert _dates([sentence]) == {}


def test_period_from_effective_date_to_a_date() -> None:
    found = _dates(["“Term” means the earlier of: (a) the end of the two year period from the Effective Date to 31 "
                    "July 2013; or (b) the last day of the month in which the commitment is reached."])
    assert found["expiration_date"] == "2013-07-31"


def test_licensee_is_no_licence_period() -> None:
    found = _dates(["This Agreement between Licensee and Programmer shall commence on 1 December 2019 and will "
                    "continue until the earlier of (i) December 31, 2022, or (ii) the expiration of the Studio Lease."])
    assert found["expiration_date"] == "2022-12-31"


def test_clause_split_across_paragraphs() -> None:
    found = _dates(["The term of this Agreement (the “Term”) will begin on the date hereof (the “Commencement",
                    "Date”), and will continue until the earlier of (i) December 31, 2022, (ii) the expiration of the "
                    "Studio Lease."])
    assert found["expiration_date"] == "2022-12-31"


def test_split_clause_still_read_alone_first() -> None:
    found = _dates(["Unless terminated earlier pursuant to Section 12.2 below, the",
                    "initial term of this Agreement shall expire on 31 December 2024 (the “Initial Term”)."])
    assert found["expiration_date"] == "2024-12-31"
