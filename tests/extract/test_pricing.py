"""Prices in sentences and price lists, payment terms, currency and minimum commitment."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _pricing(paragraphs: list[str], tables: list[list[list[str]]] | None = None,
             language: str = "en") -> dict[str, Any]:
    return extract_pricing(make_context(paragraphs, tables or [], language=language), {})["pricing"]


def _keys(pricing: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [(i["unit_price"], i["currency"], i["frequency"]) for i in pricing["items"]]


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("(i) a monthly service fee of $7.50 per note based on the number of notes outstanding.", "en",
         ("7.50", "USD", "monthly")),
        ("Support of external development is charged at a rate of $55 CAD per hour.", "en", ("55", "CAD", "hourly")),
        ("Bandwidth usage above the committed data rate is billed at $1.10 per Mbps.", "en",
         ("1.10", "USD", "per_unit")),
        ("Managed hosting fees are $175 per month for a period of 12 months.", "en", ("175", "USD", "monthly")),
        ("Leistungen außerhalb des Grundentgelts verrechnet der Anbieter mit einem Stundensatz von 118,00 € "
         "zuzüglich USt.", "de", ("118.00", "EUR", "hourly")),
        ("Für jeden Vor-Ort-Einsatz wird eine Anfahrtspauschale von 45,00 € je Einsatz berechnet.", "de",
         ("45.00", "EUR", "per_unit")),
    ],
)
def test_prices_in_sentences(sentence: str, language: str, expected: tuple[str, str, str]) -> None:
    assert _keys(_pricing([sentence], language=language)) == [expected]


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Each party's total liability shall be limited to £250,000 in each Contract Year.", "en"),
        ("Provider shall maintain insurance with limits of not less than $2,000,000 per occurrence.", "en"),
        ("The annual fee shall not exceed three hundred dollars ($300.00).", "en"),
        ("For each P1 Incident not fixed in time, the Supplier shall credit the Customer with £50.00.", "en"),
        ("The monthly charge (sum of items 1 to 4) is €10,889.00 net.", "en"),
        ("Die Haftung ist auf 250.000,00 € je Vertragsjahr begrenzt.", "de"),
        ("Die monatliche Pauschalvergütung (Summe der Positionen 1 bis 4) beträgt 10.889,00 € netto.", "de"),
        ("Der Kunde erhält eine Gutschrift von 75,00 € je angefangene Stunde.", "de"),
    ],
)
def test_amounts_that_are_not_prices(sentence: str, language: str) -> None:
    assert _pricing([sentence], language=language)["items"] == []


def test_price_list_lines_need_company() -> None:
    lines = ["Operational Assistance Per Hour $89.10", "SmartHands (technical assistance) Per Hour $188.02"]
    assert _keys(_pricing(lines)) == [("89.10", "USD", "hourly"), ("188.02", "USD", "hourly")]
    assert _pricing(["The Company registered an aggregate amount up to", "$50,000,000.00"])["items"] == []


def test_table_and_sentence_items_keep_document_order() -> None:
    pricing = _pricing(
        ["Additional remote hands are billed at $95.00 per hour."],
        [[["Item", "MRC"], ["Managed firewall", "$620.00"]]],
    )
    assert _keys(pricing) == [("95.00", "USD", "hourly"), ("620.00", "USD", "monthly")]
    assert pricing["currency"]["value"] == "USD"


@pytest.mark.parametrize(
    ("sentence", "language", "days"),
    [
        ("The Customer shall pay each valid and undisputed invoice within thirty (30) days of the date of the "
         "invoice.", "en", 30),
        ("All invoices are due and payable net forty-five (45) days from the date of invoice, in U.S. dollars.", "en",
         45),
        ("If we have agreed to invoice you, invoices are due within fifteen (15) days of the invoice date.", "en", 15),
        ("Rechnungen sind innerhalb von 14 Tagen nach Rechnungsdatum ohne Abzug zu zahlen.", "de", 14),
        ("Rechnungen sind innerhalb von zehn (10) Tagen ab Rechnungsdatum ohne Abzug zahlbar.", "de", 10),
    ],
)
def test_payment_terms(sentence: str, language: str, days: int) -> None:
    terms = _pricing([sentence], language=language)["payment_terms_days"]
    assert terms["value"] == days and terms["evidence"]["text"] == sentence


def test_payment_terms_ignore_late_payment_and_disputes() -> None:
    pricing = _pricing([
        "If any undisputed amount remains unpaid for more than thirty (30) days after written notice of "
        "non-payment, Provider may suspend the Services.",
        "To receive a credit, Customer must submit a request within thirty (30) days after the end of the month.",
        "Die Anpassung ist dem Auftraggeber mindestens 30 Tage vor Rechnungsstellung mitzuteilen.",
    ])
    assert "payment_terms_days" not in pricing
    late = _pricing(["Invoices are payable within 30 days.", "Overdue invoices bear interest after 60 days."])
    assert late["payment_terms_days"]["value"] == 30


def test_payment_terms_from_key_value_table() -> None:
    pricing = _pricing([], [[["Currency", "Euro (EUR). All Charges are exclusive of VAT"],
                             ["Payment terms", "21 days from date of invoice"]]])
    assert pricing["payment_terms_days"]["value"] == 21
    assert pricing["currency"]["value"] == "EUR"


def test_stated_currency_applies_to_plain_numbers() -> None:
    pricing = _pricing(["All amounts are in U.S. dollars."], [[["Description", "Unit price"], ["Backup", "42.00"]]])
    assert _keys(pricing) == [("42.00", "USD", None)]


def test_minimum_commitment() -> None:
    pricing = _pricing(["(i) a service fee of $7.50 per note, subject to a monthly minimum of $2,500;"])
    assert pricing["minimum_commitment"]["value"] == {"amount": "2500", "currency": "USD", "frequency": "monthly"}
    assert _keys(pricing) == [("7.50", "USD", "per_unit")]
    none = _pricing(["Click Charges are calculated on actual meter readings. There is no minimum monthly volume "
                     "commitment."])
    assert "minimum_commitment" not in none
    de = _pricing(["Der Kunde verpflichtet sich zu einem Mindestumsatz von 12.000,00 € pro Jahr."], language="de")
    assert de["minimum_commitment"]["value"] == {"amount": "12000.00", "currency": "EUR", "frequency": "annual"}


def test_bare_dollar_means_the_documents_dollar() -> None:
    pricing = _pricing([
        "Support of external development is charged at a rate of $55 CAD per hour.",
        "Managed hosting fees are $175 per month for a period of 12 months.",
    ])
    assert _keys(pricing) == [("55", "CAD", "hourly"), ("175", "CAD", "monthly")]
    us = _pricing(["Fees are $175 per month.", "All amounts are in U.S. dollars and CAD 10 per unit."])
    assert _keys(us)[0] == ("175", "USD", "monthly")


def test_rate_card_lines_share_the_currency_of_their_neighbours() -> None:
    pricing = _pricing(["1. CONSULTATION $100.00", "2. SYSTEMS DEVELOPMENT 100.00", "3. PROGRAMMING 85.00",
                        "The Customer shall pay the fees within 30 days of invoice."])
    assert _keys(pricing) == [("100.00", "USD", None), ("100.00", "USD", None), ("85.00", "USD", None)]
    assert pricing["items"][1]["confidence"] < pricing["items"][0]["confidence"]
    alone = _pricing(["Net revenue for the year 1,234.00", "Gross margin 85.00"])
    assert alone["items"] == []


def test_payment_terms_across_a_layout_break_and_after_a_label() -> None:
    pricing = _pricing(["2.7 Payment Terms.", "Distributor shall pay Company within thirty",
                        "(30) days of the end-user's receipt of Products."])
    assert pricing["payment_terms_days"]["value"] == 30
    monthly = _pricing(["Service Fees shall be paid to Contractor within five (5) days after the end of each month."])
    assert monthly["payment_terms_days"]["value"] == 5
    late = _pricing(["If the Customer does not make payment of any amount due within 60 days of the date of invoice, "
                     "the Supplier may suspend the Services."])
    assert "payment_terms_days" not in late
    report = _pricing(["Within thirty days after the end of each calendar quarter, Licensee shall provide written "
                       "reports."])
    assert "payment_terms_days" not in report


def test_two_prices_in_one_sentence_keep_their_own_frequency() -> None:
    pricing = _pricing(["Customer shall pay a one-time setup fee of €5,000 and a monthly subscription fee of €1,200."])
    assert _keys(pricing) == [("5000", "EUR", "one_time"), ("1200", "EUR", "monthly")]
    de = _pricing(["Die Einrichtungsgebühr beträgt einmalig 500 Euro, die monatliche Vergütung beträgt 1.250,00 EUR "
                   "zzgl. MwSt."], language="de")
    assert _keys(de) == [("500", "EUR", "one_time"), ("1250.00", "EUR", "monthly")]


def test_payment_terms_next_to_an_unrelated_notice() -> None:
    pricing = _pricing(["Invoices are payable within 30 days of receipt. The Supplier may change prices on written "
                        "notice."])
    assert pricing["payment_terms_days"]["value"] == 30


def test_minimum_insurance_and_cents_fraction() -> None:
    assert "minimum_commitment" not in _pricing(["Supplier shall maintain employer's liability insurance for the "
                                                 "minimum amount of £5 million."])
    pricing = _pricing(["Franchisee shall pay a service fee with a minimum monthly amount of Seven Hundred and No/100 "
                        "Dollars ($700.00)."])
    assert pricing["minimum_commitment"]["value"]["amount"] == "700.00"


def test_price_after_a_colon() -> None:
    assert _keys(_pricing(["Hourly rate: $150.00 for additional work."])) == [("150.00", "USD", "hourly")]
    assert _keys(_pricing(["Tagessatz: 960,00 € netto."], language="de")) == [("960.00", "EUR", None)]
