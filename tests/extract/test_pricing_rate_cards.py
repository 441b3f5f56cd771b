"""Rate cards and plan sheets: plans as columns with a price row, prices sharing one charging unit across an
alternative ("bzw.", "or"), a label with a colon before a starting price, German payment nouns, and day counts of
money-back guarantees that are no payment terms. Examples written for these tests."""

from __future__ import annotations

from decimal import Decimal

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
    ("Domain: 12,- € pro Jahr", "de", ("12", "EUR")),
])
def test_short_label_prices(line: str, language: str, expected: tuple[str, str]) -> None:
    assert [(Decimal(a), c) for a, c in _prices([line], language=language)] == [(Decimal(expected[0]), expected[1])]


@pytest.mark.parametrize("sentence", [
    "Payment terms: every plan comes with a 30-day money-back guarantee on the invoice amount.",
    "Zahlungsbedingungen: Sie können die Rechnung 14 Tage kostenlos testen und erst dann zahlen.",
])
def test_money_back_and_trial_days_are_no_payment_term(sentence: str) -> None:
    assert _terms([sentence], "de" if "Zahlung" in sentence else "en") is None


def test_payment_term_still_read_next_to_a_guarantee() -> None:
    assert _terms(["Invoices are payable within 30 days of the invoice date."])["value"] == 30  # type: ignore[index]


def test_plan_price_and_setup_rows() -> None:
    table = [["", "Small", "Large"], ["Preis pro Monat", "4,90 €", "14,90 €"], ["Einrichtung", "0 €", "19 €"],
             ["Speicher", "5 GB", "50 GB"]]
    assert _prices(["Tarife"], [table], language="de") == [("4.90", "EUR"), ("14.90", "EUR"), ("19", "EUR")]


def test_bare_numbers_under_size_columns_are_a_calculation() -> None:
    table = [["RAM (GB)", "4", "8", "16"], ["Monthly price", "21.5", "40.2", "77.9"]]
    assert _prices(["Sizing"], [table]) == []


def test_prices_in_plan_header_cells() -> None:
    table = [["Tarif", "Mini – 3 €/Monat", "Maxi – 8 €/Monat"], ["Postfächer", "1", "10"]]
    assert _prices(["Mail"], [table], language="de") == [("3", "EUR"), ("8", "EUR")]


def test_one_price_in_two_currencies() -> None:
    table = [["Remote work on tickets", "CHF 40,- / 37,- € per started 15 minutes"],
             ["On-site work", "CHF 160,- / 148,- € per hour"]]
    assert [(Decimal(a), c) for a, c in _prices(["Rates"], [table])] == [
        (Decimal(40), "CHF"), (Decimal(37), "EUR"), (Decimal(160), "CHF"), (Decimal(148), "EUR")]


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("Die Aktivierung kostet einmalig 29 Euro.", "de", ("29", "one_time")),
    ("The backup add-on costs just $4 per month.", "en", ("4", "monthly")),
])
def test_price_after_the_verb_cost(sentence: str, language: str, expected: tuple[str, str]) -> None:
    ctx = make_context([sentence], [], language=language)
    assert [(i["unit_price"], i["frequency"]) for i in extract_pricing(ctx, {})["pricing"]["items"]] == [expected]


def test_german_billing_verb_after_the_amount_with_started_interval_first() -> None:
    ctx = make_context(["Fernwartung wird je angefangene 20 Minuten mit 35 € abgerechnet."], [], language="de")
    assert [(i["unit_price"], i["unit"]) for i in extract_pricing(ctx, {})["pricing"]["items"]] == [
        ("35", "per 20 minutes")]


def test_amount_without_billing_verb_stays_out() -> None:
    assert _prices(["Im Jahr 2023 wurden mit 45 € weniger Spenden gesammelt."], language="de") == []


def test_per_page_rates_in_cents_in_a_table() -> None:
    table = [["Leistung", "Preis"], ["Druckseite s/w", "0,7 Cent"], ["Druckseite Farbe", "5,9 Cent"]]
    assert [(Decimal(a), c) for a, c in _prices(["Klickpreise"], [table], language="de")] == [
        (Decimal("0.007"), "EUR"), (Decimal("0.059"), "EUR")]


def test_free_tier_in_a_plan_list_is_no_price() -> None:
    assert _prices(["Hobby", "- $0/month", "- 1 project", "Team", "- $19/month", "- 10 projects"]) == [("19", "USD")]


def test_zero_row_of_a_price_table_is_kept() -> None:
    table = [["Component", "Fee"], ["Database setup", "$0"], ["Mobile app", "$2,500"]]
    assert _prices([], [table]) == [("0", "USD"), ("2500", "USD")]


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("We bill USD 90 per hour for remote work, on-site USD 130 plus travel.", "en", [("90", "USD"), ("130", "USD")]),
    ("Fernwartung kostet 60 € pro Stunde, ein Vor-Ort-Termin 85 € zzgl. Anfahrt.", "de",
     [("60", "EUR"), ("85", "EUR")]),
])
def test_second_price_of_an_enumeration(sentence: str, language: str, expected: list[tuple[str, str]]) -> None:
    assert _prices([sentence], language=language) == expected


@pytest.mark.parametrize("sentence", [
    "Hosting is €15 per month, compared with €25 at most other hosts.",
    "Hosting is €15 per month; our office rent is €900.",
])
def test_comparison_or_new_clause_is_no_enumeration(sentence: str) -> None:
    assert _prices([sentence]) == [("15", "EUR")]


def test_zero_step_of_a_volume_ladder_is_kept() -> None:
    assert ("0.00", "USD") in _prices(["Runtime fee per port:", "1 - 5,000 $1.00", "5,001 - 20,000 $0.50",
                                       "> 20,000 $0.00"])


def test_range_from_zero_is_no_price() -> None:
    assert _prices(["Support add-on. Price: $0–$149/mo."]) == []


def test_free_plan_column_named_kostenlos_is_no_price_column() -> None:
    # "Kostenlos" names the free plan; its column holds limits ("3", "20/Monat"), the price is the "Preis" row.
    table = [["Merkmal", "Kostenlos", "Basis", "Team"],
             ["Preis pro Monat", "0 €", "19 €", "49 €"],
             ["Benutzer", "3", "10", "Unbegrenzt"],
             ["Projekte", "20/Monat", "Unbegrenzt", "Unbegrenzt"]]
    assert _prices(["Tarife im Vergleich"], [table], language="de") == [("19", "EUR"), ("49", "EUR")]
