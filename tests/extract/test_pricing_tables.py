"""Price tables read row by row: header vocabularies, several price columns, totals, currencies, units."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _items(paragraphs: list[str], tables: list[list[list[str]]], language: str = "en",
           pdf: bool = True) -> list[dict[str, Any]]:
    ctx = make_context(paragraphs, tables, language=language, pdf=pdf)
    return extract_pricing(ctx, {})["pricing"]["items"]


def _keys(items: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return [(i["unit_price"], i["currency"], i["frequency"]) for i in items]


def test_english_rate_card_with_currency_in_header() -> None:
    items = _items([], [[
        ["Ref.", "Item", "Charging basis", "Charge (£)"],
        ["A1", "Device rental – A3 colour multifunction device", "per device per month", "42.50"],
        ["A2", "Print management software licence", "per user per month", "0.85"],
        ["C1", "Installation and training", "one-off", "3,750.00"],
        ["C2", "Engineer attendance outside business hours", "per hour", "78.00"],
    ]])
    assert _keys(items) == [
        ("42.50", "GBP", "monthly"), ("0.85", "GBP", "monthly"), ("3750.00", "GBP", "one_time"),
        ("78.00", "GBP", "hourly"),
    ]
    assert items[0]["unit"] == "per device"
    assert items[0]["description"] == "Device rental – A3 colour multifunction device"
    assert items[0]["evidence"]["page"] == 1 and items[0]["evidence"]["bbox"] is not None
    assert 0.8 <= items[0]["confidence"] <= 1


def test_monthly_and_one_off_columns_give_two_items_per_row() -> None:
    items = _items(["All amounts are in U.S. dollars."], [[
        ["Item", "Description", "Unit", "Charges (USD)", "Charges (USD)"],
        ["Item", "Description", "Unit", "MRC", "NRC"],
        ["C-01", "Colocation cabinet, 42U", "per cabinet", "$1,450.00", "$750.00"],
        ["C-02", "Additional committed power", "per kW", "$165.00", "–"],
        ["N-01", "IP transit, 1 Gbps", "per port", "$980.00", "Waived"],
    ]])
    assert _keys(items) == [
        ("1450.00", "USD", "monthly"), ("750.00", "USD", "one_time"), ("165.00", "USD", "monthly"),
        ("980.00", "USD", "monthly"),
    ]
    assert items[0]["description"].startswith("Colocation cabinet") and items[0]["unit"] == "per cabinet"


def test_totals_are_not_unit_prices() -> None:
    items = _items([], [[
        ["#", "Service element", "Unit of measure", "Qty", "Unit price (€)", "Monthly total (€)"],
        ["1", "Service desk", "per supported user / month", "420", "24.50", "10,290.00"],
        ["2", "Endpoint management", "per device / month", "510", "6.40", "3,264.00"],
        ["", "Total monthly recurring Charges", "", "", "", "13,554.00"],
        ["3", "Transition and onboarding", "one-off fixed fee", "1", "18,500.00", "n/a"],
    ]])
    assert _keys(items) == [("24.50", "EUR", "monthly"), ("6.40", "EUR", "monthly"), ("18500.00", "EUR", "one_time")]
    assert items[0]["quantity"] == 420.0 and items[0]["unit"] == "per supported user"


def test_german_price_table_with_euro_cells_and_total_column() -> None:
    items = _items(["Alle Preise verstehen sich zuzüglich der gesetzlichen Umsatzsteuer."], [[
        ["Pos.", "Leistung", "Einheit", "Menge", "Einzelpreis (netto)", "Gesamt mtl. (netto)"],
        ["1", "Service Desk (1st Level)", "Anwender/Monat", "185", "18,90 €", "3.496,50 €"],
        ["5", "Zusätzliche Technikerstunde", "Stunde", "nach Aufwand", "96,50 €", "–"],
        ["6", "Anfahrtspauschale je Vor-Ort-Einsatz", "Einsatz", "nach Aufwand", "45,00 €", "–"],
        ["7", "Einrichtungspauschale (Transition), einmalig", "pauschal", "1", "4.950,00 €", "einmalig"],
    ]], language="de", pdf=False)
    assert _keys(items) == [
        ("18.90", "EUR", "monthly"), ("96.50", "EUR", "hourly"), ("45.00", "EUR", "per_unit"),
        ("4950.00", "EUR", "one_time"),
    ]
    assert items[0]["unit"] == "pro Anwender" and items[0]["quantity"] == 185.0
    assert items[0]["evidence"]["page"] is None and items[0]["evidence"]["paragraph"] == 1


def test_german_monthly_and_one_time_price_columns() -> None:
    items = _items([], [[
        ["Pos.", "Leistung", "Monatlicher Preis", "Einmaliger Bereitstellungspreis"],
        ["1", "Standortanschluss S – 50 Mbit/s", "289,00 €", "490,00 €"],
        ["7", "Bandbreitenänderung je Auftrag", "–", "150,00 €"],
    ]], language="de")
    assert _keys(items) == [("289.00", "EUR", "monthly"), ("490.00", "EUR", "one_time"), ("150.00", "EUR", "one_time")]
    assert items[2]["unit"] == "je Auftrag"


def test_swiss_number_format_and_stated_currency() -> None:
    items = _items(["All Charges are stated in Swiss francs (CHF) and exclude value added tax."], [[
        ["Ref.", "Service component", "Charging unit", "Monthly charge (CHF)", "One-time charge (CHF)"],
        ["S-3", "Managed site connectivity – Category L", "per site", "1'180.00", "–"],
        ["S-5", "Installation of a new site", "per site", "–", "1'450.00"],
    ]])
    assert _keys(items) == [("1180.00", "CHF", "monthly"), ("1450.00", "CHF", "one_time")]


def test_price_per_page_keeps_written_precision() -> None:
    items = _items([], [[
        ["Impression type (A4 equivalent)", "Click Charge per page"],
        ["Mono", "£0.0049"],
        ["Colour", "£0.0410"],
    ]])
    assert _keys(items) == [("0.0049", "GBP", "per_unit"), ("0.0410", "GBP", "per_unit")]
    assert items[0]["unit"] == "per page"


def test_sla_credit_and_fleet_tables_are_not_price_tables() -> None:
    items = _items([], [
        [["Availability achieved", "Service Credit"], ["96.0% to 97.99%", "3% of the Monthly Service Charge"]],
        [["Site", "A3 colour MFD", "Total devices"], ["Bristol head office", "14", "36"]],
        [["Service Level", "Target", "Credit"], ["Network Availability", "99.99%", "Section B.4(a)"]],
    ])
    assert items == []


def test_headerless_price_list_needs_two_rows() -> None:
    two = _items([], [[["Operational Assistance Per Hour", "$89.10"], ["SmartHands Per Hour", "$188.02"]]])
    assert _keys(two) == [("89.10", "USD", "hourly"), ("188.02", "USD", "hourly")]
    one = _items([], [[["Insurance", "$2,000,000"], ["Name", "Jane Doe"]]])
    assert one == []


def test_at_most_fifteen_items() -> None:
    rows = [["Item", "Price"]] + [[f"Service {i}", f"${i}.00"] for i in range(1, 21)]
    items = _items([], [rows])
    assert len(items) == 15 and items[0]["unit_price"] == "1.00" and items[-1]["unit_price"] == "15.00"


def test_iso_code_in_header_and_swiss_dash_amounts() -> None:
    items = _items([], [[
        ["Item", "Unit", "Price (GBP)"],
        ["Managed router", "per month", "120.00"],
    ], [
        ["Leistung", "Preis"],
        ["Support innerhalb der Arbeitszeit", "CHF 235.-- / Stunde"],
    ]], language="de")
    assert _keys(items) == [("120.00", "GBP", "monthly"), ("235.00", "CHF", "hourly")]


def test_row_collapsed_into_first_cell_is_split_back() -> None:
    # PDF rows on a shaded background can arrive with their whole text in the first cell.
    items = _items([], [[
        ["#", "Service element", "Unit of measure", "Qty", "Unit price (€)", "Monthly total (€)"],
        ["1", "Service desk", "per supported user / month", "420", "24.50", "10,290.00"],
        ["2 Desk-side support per supported user / 420 9.75 4,095.00 month", "", "", "", "", ""],
        ["5 Transition and onboarding one-off fixed fee 1 18,500.00 n/a", "", "", "", "", ""],
    ]])
    assert _keys(items) == [("24.50", "EUR", "monthly"), ("9.75", "EUR", "monthly"), ("18500.00", "EUR", "one_time")]
    assert items[1]["description"].startswith("Desk-side support") and items[1]["quantity"] == 420.0


def test_headerless_rows_with_a_unit_cell() -> None:
    items = _items([], [[
        ["Operational Assistance", "Per Hour", "$89.10"],
        ["Operational DBA", "Per Hour; MS SQL", "$204.37"],
    ]])
    assert _keys(items) == [("89.10", "USD", "hourly"), ("204.37", "USD", "hourly")]


def test_amount_next_to_unit_price_is_an_extended_total() -> None:
    items = _items([], [[
        ["Description", "Qty", "Unit Price", "Amount"],
        ["Firewall licence", "10", "$120.00", "$1,200.00"],
    ], [
        ["Bezeichnung", "Abrechnung", "Betrag"],
        ["Wartungspauschale", "jährlich", "2.400,00 €"],
    ]], language="en")
    assert _keys(items) == [("120.00", "USD", None), ("2400.00", "EUR", "annual")]
    assert items[0]["quantity"] == 10.0


def test_title_row_inside_the_table_is_not_a_column_label() -> None:
    items = _items([], [[
        ["Schedule 3 – Charges", "Schedule 3 – Charges", "Schedule 3 – Charges"],
        ["Ref.", "Item", "Charge (£)"],
        ["A1", "Device rental", "42.50"],
    ]])
    assert _keys(items) == [("42.50", "GBP", None)] and items[0]["description"] == "Device rental"


def test_billing_period_headers_need_amounts_with_a_currency() -> None:
    items = _items([], [[
        ["Service", "Monthly", "One-time"],
        ["Managed firewall", "$620.00", "$1,200.00"],
    ], [
        ["Service", "Monthly", "Annual"],
        ["Printed pages", "12,000", "144,000"],
    ]])
    assert _keys(items) == [("620.00", "USD", "monthly"), ("1200.00", "USD", "one_time")]


def test_table_continued_on_the_next_page_without_its_header() -> None:
    items = _items([], [
        [["Ref.", "Service component", "Monthly charge (CHF)", "One-time charge (CHF)"],
         ["S-1", "Category S site", "385.00", "–"]],
        [["S-2", "Category M site", "640.00", "–"], ["S-5", "Installation of a new site", "–", "1'450.00"]],
        [["Name", "Role", "Phone", "Email"], ["Jane Doe", "Manager", "123", "jd@example.com"]],
    ])
    assert _keys(items) == [("385.00", "CHF", "monthly"), ("640.00", "CHF", "monthly"), ("1450.00", "CHF", "one_time")]


def test_the_catalogue_repeated_in_a_later_margin_table_counts_once() -> None:
    items = _items([], [
        [["Plan", "Speed", "Monthly price"], ["Office Basic", "50 Mbit/s", "€ 49.00"],
         ["Office Plus", "100 Mbit/s", "€ 79.00"]],
        [["Plan", "Price", "Our cost", "Margin"], ["Office Basic", "€ 49.00", "€ 30.00", "39 %"],
         ["Office Plus", "€ 79.00", "€ 41.00", "48 %"]],
    ])
    assert [i["unit_price"] for i in items if i["description"] and "Office" in str(i["description"])][:2] == [
        "49.00", "79.00"]
    assert [i["unit_price"] for i in items].count("49.00") == 1


def test_the_same_price_for_different_items_in_two_tables_counts_twice() -> None:
    items = _items([], [
        [["Service", "Monthly fee"], ["Backup", "€ 10.00"]],
        [["Service", "Monthly fee"], ["Monitoring", "€ 10.00"]],
    ])
    assert [i["unit_price"] for i in items] == ["10.00", "10.00"]


def test_a_price_cell_with_a_minimum_charge_in_brackets_is_the_price() -> None:
    items = _items([], [[
        ["Service", "Fee"],
        ["Database search, per account", "$ 3.75 per account ($ 500.00 minimum)"],
        ["Due diligence mailing", "$ 3.50 per account (minimum $ 250.00)"],
        ["Range", "$ 10.00 – $ 20.00"],
    ]])
    assert [i["unit_price"] for i in items] == ["3.75", "3.50"]


def test_a_bare_price_list_with_minimum_charges_in_brackets() -> None:
    items = _items([], [[
        ["Address database search", "$ 3.75 per account ($ 500.00 minimum)"],
        ["Due diligence mailing", "$ 3.50 per account ($ 500.00 minimum)"],
    ]])
    assert [i["unit_price"] for i in items] == ["3.75", "3.50"]


def test_a_price_list_whose_first_row_looks_like_a_header() -> None:
    items = _items([], [[
        ["Annual registration fee", "Waived upon", "enrolment"],
        ["Custom statements (on request)", "", "$400.00"],
        ["Distribution event, per holder", "", "$2.50"],
    ]])
    assert [i["unit_price"] for i in items] == ["400.00", "2.50"]


def test_a_table_without_prices_gives_no_items_through_the_fallback() -> None:
    table = [["Name", "Role", "Office"], ["A. Smith", "Manager", "Room 4"], ["B. Jones", "Clerk", "2"]]
    assert _items([], [table]) == []


def test_amounts_without_any_currency_are_counts_not_prices() -> None:
    # A calculation table beside the rates: no currency in its cells, its header or the document. Before, its
    # figures came out as price items with no currency ("Hours in the year | 8760").
    table = [["Item", "Price"], ["Number of active Systems", "150"], ["Nameplate capacity per System", "200"],
             ["Hours in the year", "8760"], ["BTUs per kWh", "3412"]]
    assert _items(["Schedule 3 – Maintenance rate calculation"], [table]) == []


def test_plan_columns_read_every_row_of_amounts_after_the_price_row() -> None:
    items = _items([], [[
        ["", "Starter", "Growth", "Enterprise"],
        ["Monthly price", "$29", "$99", "$499"],
        ["Included users", "3", "10", "50"],
        ["Additional user", "$9", "$7", "$5"],
        ["Spending limit", "$500", "$1,000", "$5,000"],
    ]])
    assert [(i["unit_price"], i["description"]) for i in items] == [
        ("29", "Starter (Monthly price)"), ("99", "Growth (Monthly price)"), ("499", "Enterprise (Monthly price)"),
        ("9", "Starter (Additional user)"), ("7", "Growth (Additional user)"), ("5", "Enterprise (Additional user)"),
    ]


def test_volume_bands_under_a_period_header_name_the_rows() -> None:
    items = _items([], [[
        ["Monthly pages", "Price per page"],
        ["0 – 10,000", "$0.010"],
        ["10,001 – 50,000", "$0.008"],
        ["over 50,000", "$0.006"],
    ]])
    assert [(i["unit_price"], i["description"]) for i in items] == [
        ("0.010", "0 – 10,000"), ("0.008", "10,001 – 50,000"), ("0.006", "over 50,000")]
