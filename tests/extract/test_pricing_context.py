"""Whether an amount is a price: margin analyses, letter currency symbols, worked examples, savings and values,
ranges, starting prices, price-first list lines, tax-qualified labels, pass-through charges. EN and DE.

All sentences and tables are made up for these tests.
"""

from __future__ import annotations

import dataclasses

import pytest

from docsvc.extract.context import analyse
from docsvc.extract.extractors.pricing.common import Currencies, letter_symbols, money_in
from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context, make_doc


def _prices(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
            headings: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    ctx = make_context(paragraphs, tables or [], language=language, headings=headings)
    return [(i["unit_price"], i["currency"]) for i in extract_pricing(ctx, {})["pricing"]["items"]]


# --- cost and margin analyses -------------------------------------------------------------------------------

def test_margin_analysis_table_is_no_price_list_en() -> None:
    prices = _prices([], [
        [["Plan", "Monthly price"], ["Office 20", "€420.00"], ["Office 50", "€690.00"]],
        [["Plan", "Selling price", "Our cost", "Gross margin", "Margin %"],
         ["Office 20", "€420.00", "€250.00", "€170.00", "40%"],
         ["Office 50", "€690.00", "€480.00", "€210.00", "30%"]],
    ])
    assert prices == [("420.00", "EUR"), ("690.00", "EUR")]


def test_margin_analysis_table_is_no_price_list_de() -> None:
    prices = _prices([], [
        [["Paket", "Preis pro Monat"], ["Basis", "49,00 €"], ["Komfort", "79,00 €"]],
        [["Paket", "Verkaufspreis", "Einkaufspreis", "Marge"],
         ["Basis", "49,00 €", "31,00 €", "18,00 €"], ["Komfort", "79,00 €", "52,00 €", "27,00 €"]],
    ], language="de")
    assert prices == [("49.00", "EUR"), ("79.00", "EUR")]


def test_cost_columns_are_own_costs_once_the_document_calculates_margins() -> None:
    tables = [
        [["Service", "Setup fee", "Monthly fee"], ["Hosted PBX", "$150.00", "$35.00"]],
        [["Component", "Once-off cost", "Monthly cost"], ["Carrier port", "$900.00", "$310.00"],
         ["Billing platform", "$2,000.00", "$4.10"]],
        [["Plan", "Price", "Cost", "Margin"], ["Hosted PBX", "$35.00", "$21.00", "40%"]],
    ]
    assert _prices([], tables) == [("150.00", "USD"), ("35.00", "USD")]
    # Without a margin analysis, "Cost" names what the customer pays.
    assert _prices([], tables[:2]) == [("150.00", "USD"), ("35.00", "USD"), ("900.00", "USD"), ("310.00", "USD"),
                                       ("2000.00", "USD"), ("4.10", "USD")]


def test_kosten_column_is_a_price_without_margin_analysis_de() -> None:
    prices = _prices([], [[["Leistung", "Kosten pro Monat"], ["Webhosting S", "9,90 €"], ["Webhosting M", "14,90 €"]]],
                     language="de")
    assert prices == [("9.90", "EUR"), ("14.90", "EUR")]


def test_cost_breakdown_list_in_a_margin_document_is_no_price_list() -> None:
    paragraphs = ["Network cost breakdown per subscriber:", "Backhaul share: €8.40", "Transit share: €3.10",
                  "Support add-on: €49.00 per month"]
    margin = [["Plan", "Price", "Cost", "Margin"], ["Fibre 100", "€59.00", "€38.00", "36%"]]
    assert ("8.40", "EUR") not in _prices(paragraphs, [margin])
    assert ("49.00", "EUR") in _prices(paragraphs, [margin])


# --- table headers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "language", "expected"), [
    ([["", "", "Monthly"], ["Package", "Speed", "Price"]], "en", [("39.00", "GBP"), ("59.00", "GBP")]),
    ([["", "", "Monatlicher"], ["Tarif", "Bandbreite", "Preis"]], "de", [("39.00", "GBP"), ("59.00", "GBP")]),
])
def test_header_wrapped_over_two_rows_with_a_roleless_first_row(header: list[list[str]], language: str,
                                                                expected: list[tuple[str, str]]) -> None:
    table = [*header, ["Home 50", "50 Mbps", "£39.00"], ["Home 200", "200 Mbps", "£59.00"]]
    assert _prices([], [table], language=language) == expected


def test_header_alone_in_one_table_and_its_rows_in_the_next() -> None:
    prices = _prices([], [
        [["", "Standard", "Promotion", ""], ["Service", "Fee", "(first month)", "Notes"]],
        [["Installation", "$250.00", "FREE", "On site"], ["Site survey", "$120.00", "FREE", "Complex sites"]],
    ])
    assert prices == [("250.00", "USD"), ("120.00", "USD")]


def test_single_caption_row_under_a_roleless_row_is_no_header() -> None:
    # A feature matrix whose one column is captioned with a currency: its cells count support contacts.
    table = [["", "", "Basic", "Premium"], ["", "", "", "Paid support (€)"],
             ["Experts", "Named contacts", "1", "4"], ["", "Yearly reviews", "", "2"]]
    assert _prices([], [table]) == []


# --- letter currency symbols ----------------------------------------------------------------------------------

def test_rand_in_prose_once_the_document_writes_rand_amounts() -> None:
    paragraphs = ["Starter bundle price: R2,450/month (Save R300)", "Office bundle price: R4,100/month",
                  "Router: included (valued at R1,150)"]
    assert _prices(paragraphs) == [("2450", "ZAR"), ("4100", "ZAR")]


def test_letter_symbols_need_evidence_of_money() -> None:
    assert letter_symbols("MF R1 and R2 tone signalling, see R2 backward digits.") == frozenset()
    assert letter_symbols("Prices in South African rand: R99 per line.") == frozenset({"R"})
    assert letter_symbols("Rs. 1,500 per seat; Rs. 2,250.50 per admin seat") == frozenset({"Rs"})
    found = money_in("Starter: R1,899 per month", "en", letters=frozenset({"R"}))
    assert [(str(m.amount), m.currency) for m in found] == [("1899", "ZAR")]
    assert money_in("Starter: R1,899 per month", "en") == []
    assert Currencies().letters == frozenset()


# --- worked examples ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("paragraphs", "language"), [
    (["Storage is billed at $0.07 per GB.", "For example, a team storing 300 GB pays overage on 100 GB. "
      "The overage would cost $0.07 per GB, or $7 in total."], "en"),
    (["Storage is billed at $0.07 per GB.", "400 GB at $0.07 per GB = $28."], "en"),
    (["Speicher wird mit 0,07 € pro GB berechnet.", "Nutzt Ihr Team beispielsweise 300 GB, fallen 100 GB "
      "Überschreitung an. Die Überschreitung würde 0,07 € pro GB kosten."], "de"),
])
def test_worked_examples_are_no_prices(paragraphs: list[str], language: str) -> None:
    assert _prices(paragraphs, language=language) == [("0.07", "USD" if language == "en" else "EUR")]


@pytest.mark.parametrize(("heading", "sentence", "language"), [
    ("Sample invoice calculation", "2,000 API calls at $0.002 per call.", "en"),
    ("Rechenbeispiel", "2.000 API-Aufrufe zu 0,002 € je Aufruf.", "de"),
])
def test_section_headed_as_a_worked_example(heading: str, sentence: str, language: str) -> None:
    assert _prices([heading, sentence], language=language, headings=(heading,)) == []


# --- savings, values, former prices, ranges, totals -----------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language"), [
    ("Bundled ports save €40/month", "en"),
    ("Router upgrade included (€129 value)", "en"),
    ("Installation: free (valued at €250)", "en"),
    ("Voice line: €9/line (normally €14/line)", "en"),
    ("Sie sparen 40 € pro Monat", "de"),
    ("Installation kostenlos (im Wert von 250 €)", "de"),
])
def test_savings_and_values_are_not_paid(sentence: str, language: str) -> None:
    prices = _prices([sentence], language=language)
    assert all(p not in prices for p in [("40", "EUR"), ("129", "EUR"), ("250", "EUR"), ("14", "EUR")])


def test_upper_end_of_a_price_range_is_no_unit_price() -> None:
    assert _prices(["Plans: €29 - €89 per month"]) == []
    assert _prices(["Tarife: 29 € bis 89 € pro Monat"], language="de") == []


def test_total_label_is_no_price() -> None:
    assert _prices(["Total: €121.84/customer"]) == []
    assert _prices(["Summe: 121,84 €/Kunde"], language="de") == []


# --- starting prices and price-first list lines ---------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "amount"), [
    ("Team workshop starts at €950", "en", "950"),
    ("Onsite training costs €1,200", "en", "1200"),
    ("Vor-Ort-Schulung kostet 1.200 €", "de", "1200"),
    ("Datenmigration beginnt bei 800 €", "de", "800"),
])
def test_label_with_a_starting_price(sentence: str, language: str, amount: str) -> None:
    assert _prices([sentence], language=language) == [(amount, "EUR")]


def test_price_first_list_lines() -> None:
    items = extract_pricing(make_context(["€1,200+ – Data migration projects", "€95/hour – Custom reports"]),
                            {})["pricing"]["items"]
    assert [(i["unit_price"], i["description"]) for i in items] == [
        ("1200", "Data migration projects"), ("95", "Custom reports")]  # the period is the frequency
    assert _prices(["450 € – Einrichtung des Mandanten"], language="de") == [("450", "EUR")]


# --- tax-qualified labels and repetition of table prices ------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "amount"), [
    ("Monthly: €1,250 (excl. VAT)", "en", "1250"),
    ("Monatlich: 89,00 € zzgl. MwSt.", "de", "89.00"),
])
def test_short_label_with_tax_qualifier_is_a_price(sentence: str, language: str, amount: str) -> None:
    assert _prices([sentence], language=language) == [(amount, "EUR")]


def test_long_sentence_with_tax_qualifier_is_not_a_price_by_that_alone() -> None:
    assert _prices(["The estimated programme value over three years is €2,400,000 excluding VAT."]) == []


def test_prose_restating_a_table_price_counts_once() -> None:
    prices = _prices(["Office 20 plan. Monthly: €420.00 (excl. VAT)"],
                     [[["Plan", "Monthly price"], ["Office 20", "€420.00"], ["Office 50", "€690.00"]]])
    assert prices == [("420.00", "EUR"), ("690.00", "EUR")]


# --- pass-through charges -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language"), [
    ("A returned direct debit is charged at €12.50 per occurrence of return.", "en"),
    ("For each chargeback we charge a fee of $25.00.", "en"),
    ("Bei einer Rücklastschrift berechnen wir eine Gebühr von 12,50 €.", "de"),
    ("Für jede Mahnung wird eine Gebühr von 5,00 € erhoben.", "de"),
])
def test_charges_for_payment_defaults_are_no_prices(sentence: str, language: str) -> None:
    assert _prices([sentence], language=language) == []



# --- billing frequency ----------------------------------------------------------------------------------------

def _items(paragraphs: list[str], tables: list[list[list[str]]] | None = None,
           language: str = "en") -> list[tuple[str, str | None, str | None]]:
    ctx = make_context(paragraphs, tables or [], language=language)
    return [(i["unit_price"], i["frequency"], i["unit"]) for i in extract_pricing(ctx, {})["pricing"]["items"]]


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("Remote assistance is charged at €90 per started half hour.", "en", ("90", "per_unit", "per 30 minutes")),
    ("Fernwartung: 25 € je angefangene Viertelstunde.", "de", ("25", "per_unit", "per 15 minutes")),
    ("Vor-Ort-Einsatz 95 € pro angefangener Stunde", "de", ("95", "hourly", "per hour")),
    ("Remote assistance: €40 per commenced 20 minutes.", "en", ("40", "per_unit", "per 20 minutes")),
])
def test_fee_per_started_interval_is_hourly_only_for_an_hour(sentence: str, language: str,
                                                             expected: tuple[str, str, str]) -> None:
    assert _items([sentence], language=language) == [expected]


@pytest.mark.parametrize(("sentence", "language"), [
    ("Installation: €250 one-time", "en"), ("Einrichtung: 250 € einmalig", "de"),
])
def test_one_time_marker_after_the_amount_anchors_a_price(sentence: str, language: str) -> None:
    assert _items([sentence], language=language) == [("250", "one_time", None)]


def test_one_off_work_and_table_caption_give_the_frequency() -> None:
    table = [["Service", "Fee"], ["Router installation", "$180.00"], ["Line check", "$60.00"]]
    assert _items([], [table]) == [("180.00", "one_time", None), ("60.00", None, None)]
    doc = make_doc([], [table])
    doc = dataclasses.replace(doc, tables=[dataclasses.replace(doc.tables[0], caption="Set-up fees")])
    items = extract_pricing(analyse(doc, "en"), {})["pricing"]["items"]
    assert [i["frequency"] for i in items] == ["one_time", "one_time"]
    german = [["Leistung", "Preis"], ["Aktivierung des Anschlusses", "49,00 €"], ["Störungsdienst", "9,00 €"]]
    assert _items([], [german], language="de")[0] == ("49.00", "one_time", None)


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["Two 10G ports (2 x 10G) cost $450 per month."], [("450", "USD")]),
    (["Storage: 1 TB = 1,024 GB, billed at €12 per TB."], [("12", "EUR")]),
    (["Add-ons exist, for example extra storage. Extra storage is billed at €5 per GB."], [("5", "EUR")]),
    (["Zusatzleistungen gibt es zum Beispiel für Speicher. Zusätzlicher Speicher kostet 5 € pro GB."],
     [("5", "EUR")]),
])
def test_no_worked_example_without_money_computed_or_a_conditional(paragraphs: list[str],
                                                                   expected: list[tuple[str, str]]) -> None:
    language = "de" if "Speicher" in paragraphs[0] else "en"
    assert _prices(paragraphs, language=language) == expected


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("Die erste Lizenz kostet 100 €, jede weitere Lizenz 50 €.", "de", [("100", "EUR"), ("50", "EUR")]),
    ("Für den ersten Standort berechnen wir 250 €, für jeden weiteren Standort 120 €.", "de",
     [("250", "EUR"), ("120", "EUR")]),
    ("The fee is €50 for the first device and €20 for each additional device.", "en", [("50", "EUR"), ("20", "EUR")]),
    ("The first seat costs $30, each additional seat $10.", "en", [("30", "USD"), ("10", "USD")]),
])
def test_first_item_and_additional_item_fees(sentence: str, language: str, expected: list[tuple[str, str]]) -> None:
    assert _prices([sentence], language=language) == expected


def test_first_and_additional_without_a_price_word_are_no_prices() -> None:
    assert _prices(["The first 5 users get €10 in vouchers, each additional user €2 in vouchers."]) == []


def test_sentence_opening_with_an_amount_in_words_and_figures_is_no_price_line() -> None:
    assert _prices(["$1,000,000 (one million dollars) of cover must be maintained throughout the term."]) == []
