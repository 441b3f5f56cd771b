"""Price classes a label-free probe of fresh provider pages found missed: footnote markers after amounts, plan
columns with house names, Swiss dash decimals without a currency sign, fees named after the amount, amounts
below one without a leading zero, and descriptions that name what is charged."""

from __future__ import annotations

from tests.extract.test_pricing_tables import _items, _keys


def test_footnote_markers_after_cell_amounts_and_units() -> None:
    items = _items([], [[
        ["Nr.", "Dienstleistung", "Preis (CHF)", "Einheit"],
        ["4.1", "Inbetriebnahme Drucker", "36,00¹⁾", "AE³⁾"],
        ["4.2", "Datensicherung prüfen", "19,50¹⁾", "AE³⁾"],
    ]], language="de")
    # The unit column names what each row is charged per: an installation row is no one-off fee then.
    assert _keys(items) == [("36.00", "CHF", "per_unit"), ("19.50", "CHF", "per_unit")]
    assert [i["unit"] for i in items] == ["pro AE", "pro AE"]


def test_english_footnote_markers_in_price_cells() -> None:
    items = _items([], [[
        ["Service", "Rate (GBP)", "Basis"],
        ["Engineer visit", "85.00⁴", "per visit"],
        ["Remote session", "42.50*", "per session"],
    ]])
    assert _keys(items) == [("85.00", "GBP", "per_unit"), ("42.50", "GBP", "per_unit")]


def test_plan_columns_named_by_sizes_or_billing_words_all_priced() -> None:
    german = _items([], [[
        ["Paket", "KOMPAKT", "MITTEL", "GROSS"],
        ["Arbeitsplätze", "5", "12", "30"],
        ["Kosten monatlich je Standort", "29,00 €", "49,00 €", "85,00 €"],
    ]], language="de")
    assert [(i["unit_price"], i["description"]) for i in german] == [
        ("29.00", "KOMPAKT (Kosten monatlich je Standort)"), ("49.00", "MITTEL (Kosten monatlich je Standort)"),
        ("85.00", "GROSS (Kosten monatlich je Standort)")]
    english = _items([], [[
        ["Plan", "XS", "S", "M"],
        ["Mailboxes", "2", "10", "25"],
        ["Monthly price", "$12", "$30", "$60"],
    ]])
    assert _keys(english) == [("12", "USD", "monthly"), ("30", "USD", "monthly"), ("60", "USD", "monthly")]


def test_net_and_gross_columns_stay_price_columns() -> None:
    items = _items([], [[
        ["Item", "Net", "Gross"],
        ["Onboarding", "€200.00", "€238.00"],
        ["Licence", "€40.00", "€47.60"],
    ]])
    assert [i["unit_price"] for i in items] == ["200.00", "40.00"]


def test_swiss_dash_decimals_take_the_document_currency() -> None:
    items = _items(["Ohne Supportvertrag: Abrechnung nach Aufwand 175.-/h (exkl. MWST).",
                    "Pikettdienst am Wochenende: CHF 320.- pro Einsatz."], [], language="de")
    assert _keys(items) == [("175", "CHF", "hourly"), ("320.0", "CHF", "per_unit")]
    assert items[1]["description"] == "Pikettdienst am Wochenende pro Einsatz"
    assert [i["unit"] for i in items] == [None, "pro Einsatz"]  # "/h" is the billing period, not a unit


def test_dash_decimals_without_any_currency_in_the_document_are_no_price() -> None:
    assert _items(["Die Stückliste umfasst 12.- Positionen je Lieferung."], [], language="de") == []


def test_english_fees_named_after_the_amount_and_leading_dot_amounts() -> None:
    items = _items([
        "Standard rate $95.00",
        "Same-day callouts requested with less than 4 hours notice incur a $180 surcharge.",
        "Archive egress is billed at $.03 per GB.",
        "The dedicated IP has a $24 yearly cost.",
    ], [])
    assert _keys(items) == [("95.00", "USD", None), ("180", "USD", None), ("0.03", "USD", "per_unit"),
                            ("24", "USD", "annual")]
    assert items[1]["description"] == "surcharge (Same-day callouts requested with less than 4 hours notice)"


def test_percentage_surcharge_sentence_stays_no_price() -> None:
    assert _items(["Night work carries a 40% surcharge on top of the $110 hourly rate quoted elsewhere."], []) == []


def test_descriptions_name_what_is_charged() -> None:
    items = _items([
        "Bei Wiederherstellungen über 30 Minuten wird eine Gebühr von 48,00 € pro angefangener Viertelstunde "
        "berechnet.",
        "Wochenendbereitschaft: Einsätze sind nach Anmeldung möglich; es fällt eine Pauschale von 60,00 € je "
        "Einsatz an.",
        "Die Gebühr für Sofortreaktion beträgt für alle Verträge 150,00 € je Fall bei Meldung per Telefon.",
    ], [], language="de")
    assert [i["description"] for i in items] == [
        "Gebühr bei Wiederherstellungen über 30 Minuten",
        "Wochenendbereitschaft je Einsatz",
        "Gebühr für Sofortreaktion je Fall",
    ]
    assert items[2]["unit"] == "je Fall"



def test_bounds_and_par_values_stay_no_price() -> None:
    # The bound governs the amount here (no figure of its own after "up to"); a share's par value is no fee.
    assert _items(["Year 3 fees are payable up to a maximum Year 3 payment of $420,000."], []) == []
    assert _items(["Each warrant covers shares of common stock, par value $.005 per share."], []) == []
