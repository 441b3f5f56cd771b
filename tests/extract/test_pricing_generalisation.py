"""Price items and payment terms in wordings the dev corpora do not use.

The excerpts paraphrase how real order forms, rate cards, cloud price lists, G-Cloud call-off contracts, German
AGB and Leistungsverzeichnisse state prices and payment periods; none is taken from the dev corpora.
"""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _pricing(paragraphs: list[str], tables: list[list[list[str]]] | None = None,
             language: str = "en") -> dict[str, Any]:
    return extract_pricing(make_context(paragraphs, tables or [], language=language), {})["pricing"]


def _prices(pricing: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(i["unit_price"], i["currency"]) for i in pricing["items"]]


def _days(paragraphs: list[str], language: str, tables: list[list[list[str]]] | None = None) -> int | None:
    terms = _pricing(paragraphs, tables, language).get("payment_terms_days")
    return terms["value"] if terms else None


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("The subscription fee is USD 12.00 per user per month.", "en", ("12.00", "USD", "monthly", "per user")),
        ("Additional storage is available at $0.10 per GB per month.", "en", ("0.10", "USD", "monthly", "per GB")),
        ("Each managed device is charged at US$ 2.50 per device per month.", "en",
         ("2.50", "USD", "monthly", "per device")),
        ("Implementation fee: $5,000 (one-time).", "en", ("5000", "USD", "one_time", None)),
        ("Each additional user costs €15 per month.", "en", ("15", "EUR", "monthly", None)),
        ("Outbound calls to UK landlines are billed at £0.015 per minute.", "en",
         ("0.015", "GBP", "per_unit", "per minute")),
        ("Licence Fee: £12,000 per annum, payable annually in advance.", "en", ("12000", "GBP", "annual", None)),
        ("The annual subscription fee shall be CHF 18'000.00.", "en", ("18000.00", "CHF", "annual", None)),
        ("Die monatliche Grundgebühr beträgt 49,90 EUR netto.", "de", ("49.90", "EUR", "monthly", None)),
        ("Für die Einrichtung wird eine einmalige Pauschale in Höhe von 750,00 Euro berechnet.", "de",
         ("750.00", "EUR", "one_time", None)),
        ("Leistungen auf Abruf werden mit 110 Euro pro Stunde abgerechnet.", "de", ("110", "EUR", "hourly", None)),
        ("Zusätzliche Arbeiten vergütet der Auftraggeber nach Aufwand zu einem Stundensatz in Höhe von EUR 98,50.",
         "de", ("98.50", "EUR", "hourly", None)),
        ("Die Wartungspauschale beträgt jährlich CHF 4'800.-- exkl. MWST.", "de", ("4800.00", "CHF", "annual", None)),
        ("Das Paket kostet 19,99 € pro Nutzer/Monat.", "de", ("19.99", "EUR", "monthly", "pro Nutzer")),
        ("Für den Support zahlt der Kunde 29 € im Monat.", "de", ("29", "EUR", "monthly", None)),
        # Managed-print and telephony rates in cents or pence, converted to the main unit at written precision.
        ("Schwarzweiß-Drucke werden mit 0,8 Cent je Seite abgerechnet.", "de",
         ("0.008", "EUR", "per_unit", "je Seite")),
        ("Overage beyond the included minutes is charged at 2.5 pence per minute.", "en",
         ("0.025", "GBP", "per_unit", "per minute")),
    ],
)
def test_price_sentences(sentence: str, language: str, expected: tuple[str, str, str | None, str | None]) -> None:
    items = _pricing([sentence], language=language)["items"]
    assert [(i["unit_price"], i["currency"], i["frequency"], i["unit"]) for i in items] == [expected]


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The total contract value is £120,000.", "en"),
        ("The estimated Call-Off Contract value is £250,000 excluding VAT.", "en"),
        ("The Buyer will pay the Supplier a total of £48,000 for the Services.", "en"),
        ("Customer shall pay a security deposit of €500 before activation.", "en"),
        ("Customer shall pay an early termination fee equal to $500 per remaining month.", "en"),
        ("Customer shall receive a service credit of $100 per hour of downtime.", "en"),
        ("Reimbursement of travel expenses is limited to $75 per day.", "en"),
        ("Expenses exceeding $500 per month require prior written approval.", "en"),
        ("Revenue share: Company shall receive 30% of net revenue, with a minimum of $1,000 per month.", "en"),
        ("Fines of up to €20,000,000 may be imposed under the GDPR.", "en"),
        ("Bei Zahlungsverzug berechnen wir eine Mahngebühr von 5,00 €.", "de"),
        ("Die Vertragsstrafe beträgt 500,00 € je Tag der Verspätung.", "de"),
        ("Der Auftragswert beträgt insgesamt 85.000,00 € netto.", "de"),
        ("Each option shall have an exercise price equal to $6 per share.", "en"),
        ("Licensee shall pay Licensor a royalty of $2.00 per unit sold.", "en"),
        ("The Service includes 500 minutes per month; calls cost nothing within 5 p.m. and 7 p.m.", "en"),
    ],
)
def test_amounts_that_are_no_prices(sentence: str, language: str) -> None:
    assert _pricing([sentence], language=language)["items"] == []


@pytest.mark.parametrize(
    ("table", "language", "expected"),
    [
        # Cloud price list: the tier is the row name, the unit sits in the price cell.
        ([["Storage", "Price"], ["First 50 TB / Month", "$0.023 per GB"], ["Next 450 TB / Month", "$0.022 per GB"]],
         "en", [("0.023", "USD"), ("0.022", "USD")]),
        # Tiered rate card whose only text column is a volume band.
        ([["Volume (pages/month)", "Price per page"], ["0 - 10,000", "£0.0049"], ["10,001 - 50,000", "£0.0042"]],
         "en", [("0.0049", "GBP"), ("0.0042", "GBP")]),
        # G-Cloud style rate card: currency only in the header.
        ([["SFIA level", "Role", "Day rate (GBP, ex VAT)"], ["3", "Junior Developer", "450"],
          ["5", "Senior Developer", "750"]], "en", [("450", "GBP"), ("750", "GBP")]),
        # A price-named first column that holds names, next to an amount column.
        ([["Charge", "Amount"], ["Installation", "£350.00"], ["Rental (monthly)", "£42.00"]], "en",
         [("350.00", "GBP"), ("42.00", "GBP")]),
        ([["Fee Type", "Fee"], ["Annual maintenance (18% of licence fee)", "18%"], ["Set-up fee", "$2,500"]], "en",
         [("2500", "USD")]),
        # Order form: the discounted net price is the price, not the list price or the extended total.
        ([["Product", "Term", "Qty", "List Price", "Net Price", "Total"],
          ["Platform Pro", "12 months", "25", "$60.00", "$48.00", "$14,400.00"]], "en", [("48.00", "USD")]),
        ([["Plan", "Monthly", "Annually"], ["Starter", "$29", "$290"], ["Team", "$99", "$990"]], "en",
         [("29", "USD"), ("290", "USD"), ("99", "USD"), ("990", "USD")]),
        ([["Item", "Quantity", "Unit Price", "Total"], ["Enterprise licence", "100", "USD 45.00", "USD 4,500.00"],
          ["Total", "", "", "USD 4,500.00"]], "en", [("45.00", "USD")]),
        ([["Pos.", "Bezeichnung", "Menge", "Einheit", "Einzelpreis €", "Gesamtpreis €"],
          ["1", "Laptop Standard", "50", "Stück", "899,00", "44.950,00"], ["", "Summe", "", "", "", "44.950,00"]],
         "de", [("899.00", "EUR")]),
        ([["Leistungsposition", "Abrechnungseinheit", "Preis (EUR, netto)"], ["Vor-Ort-Einsatz", "je Einsatz", "85,00"],
          ["Remote-Support", "je angefangene 15 Minuten", "22,50"]], "de", [("85.00", "EUR"), ("22.50", "EUR")]),
        ([["Produkt", "Listenpreis", "Angebotspreis"], ["Firewall-Lizenz", "1.200,00 €", "960,00 €"]], "de",
         [("960.00", "EUR")]),
        ([["Projektleiter", "125,00 € / Std."], ["Entwickler", "95,00 € / Std."]], "de",
         [("125.00", "EUR"), ("95.00", "EUR")]),
    ],
)
def test_price_tables(table: list[list[str]], language: str, expected: list[tuple[str, str]]) -> None:
    assert _prices(_pricing([], [table], language)) == expected


def test_volume_band_is_no_quantity() -> None:
    items = _pricing([], [[["Volume (pages/month)", "Price per page"], ["0 - 10,000", "£0.0049"]]])["items"]
    assert (items[0]["description"], items[0]["quantity"]) == ("0 - 10,000", None)


def test_service_level_table_has_no_prices() -> None:
    table = [["Service Level", "Availability", "Service Credit"], ["Gold", "99.95%", "10%"]]
    assert _pricing([], [table])["items"] == []


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("The Buyer will pay the Supplier within 30 days of receipt of a valid invoice.", "en", 30),
        ("Payment shall be made no later than thirty (30) days following receipt by Customer of a correct invoice.",
         "en", 30),
        ("Supplier will invoice monthly in arrears and Customer will pay such invoices within 45 days.", "en", 45),
        ("Customer may pay within 10 days to receive a 2% early payment discount; otherwise invoices are due within "
         "30 days.", "en", 30),
        ("Der Auftraggeber zahlt die Vergütung innerhalb von 30 Tagen nach Erhalt der Rechnung.", "de", 30),
        ("Rechnungen sind zahlbar innerhalb von 10 Tagen mit 2 % Skonto oder innerhalb von 30 Tagen netto.", "de", 30),
        ("Zahlungen des Kunden erfolgen 14 Tage nach Rechnungsdatum.", "de", 14),
        ("Die Rechnungsbeträge sind innerhalb von vier Wochen nach Rechnungsstellung zu begleichen.", "de", 28),
        # Negative cases: sending invoices, disputing them and overdue amounts are other periods.
        ("Provider shall submit invoices within 10 days after the end of each month.", "en", None),
        ("If any invoice remains unpaid for more than 30 days after its due date, Provider may suspend the Services.",
         "en", None),
        ("Customer must notify Provider of any disputed invoice within 15 days of receipt.", "en", None),
        ("Der Kunde kann Einwendungen gegen die Rechnung innerhalb von 8 Wochen nach Zugang erheben.", "de", None),
    ],
)
def test_payment_terms(sentence: str, language: str, expected: int | None) -> None:
    assert _days([sentence], language) == expected


def test_payment_terms_row() -> None:
    assert _days([], "de", [[["Zahlungsbedingungen", "14 Tage ab Rechnungsdatum ohne Abzug"]]]) == 14
