"""Rate cards and plan sheets: plans as columns with a price row, prices sharing one charging unit across an
alternative or a range, a label with a colon before a starting price, German payment nouns, and day counts of
money-back guarantees that are no payment terms. Examples written for these tests."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _prices(paragraphs: list[str], tables: list[list[list[str]]] | None = None,
            language: str = "en") -> list[tuple[str, str | None]]:
    ctx = make_context(paragraphs, tables or [], language=language)
    return [(i["unit_price"], i["currency"]) for i in extract_pricing(ctx, {})["pricing"]["items"]]


def _terms(paragraphs: list[str], language: str = "en") -> object:
    ctx = make_context(paragraphs, [], language=language)
    return extract_pricing(ctx, {})["pricing"].get("payment_terms_days")


def test_price_row_under_plan_columns() -> None:
    table = [["Capability", "Basic", "Team", "Corporate"],
             ["Monthly price", "€12/mo", "€45/mo", "On request"],
             ["Seats", "1", "5", "Unlimited"]]
    assert _prices(["Plan overview"], [table]) == [("12", "EUR"), ("45", "EUR")]


def test_feature_rows_of_a_plan_table_are_no_prices() -> None:
    table = [["Capability", "Basic", "Team"], ["Storage", "10 GB", "50 GB"], ["Seats", "1", "5"]]
    assert _prices(["Plan overview"], [table]) == []


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("Lokalisierung kostet ab 0,12 € bzw. 0,18 € pro Wort.", "de", [("0.12", "EUR"), ("0.18", "EUR")]),
    ("Consulting: $120-180/hour", "en", [("120", "USD")]),
    ("On-site visits are €80 or €95 per hour.", "en", [("80", "EUR"), ("95", "EUR")]),
])
def test_amount_takes_the_unit_of_its_alternative(sentence: str, language: str,
                                                  expected: list[tuple[str, str]]) -> None:
    assert _prices([sentence], language=language) == expected


def test_range_partner_without_unit_gives_nothing() -> None:
    assert _prices(["Last winter the bill came to €80 or €95, depending on the weather."]) == []


@pytest.mark.parametrize(("line", "language", "expected"), [
    ("Onboarding: Starting at $3,500", "en", ("3500", "USD")),
    ("Einmalzahlung: € 340,-", "de", ("340", "EUR")),
])
def test_short_label_prices(line: str, language: str, expected: tuple[str, str]) -> None:
    assert _prices([line], language=language) == [expected]


@pytest.mark.parametrize("sentence", [
    "Payment terms: every plan comes with a 30-day money-back guarantee on the invoice amount.",
    "Zahlungsbedingungen: Sie können die Rechnung 14 Tage kostenlos testen und erst dann zahlen.",
])
def test_money_back_and_trial_days_are_no_payment_term(sentence: str) -> None:
    assert _terms([sentence], "de" if "Zahlung" in sentence else "en") is None


def test_payment_term_still_read_next_to_a_guarantee() -> None:
    assert _terms(["Invoices are payable within 30 days of the invoice date."])["value"] == 30  # type: ignore[index]
