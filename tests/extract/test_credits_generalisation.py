"""Service credits and credit caps in real-world wording the dev sets do not contain: cloud credit tables with
comparator bands, bare-number cells, credit lists ("10% credit"), German hosting SLAs ("Gutschrift", "mindert
sich das Entgelt"), and credit-like wording that is no service credit (card payments, volume discounts)."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _credits(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return extract_credits(make_context(*args, **kwargs), {})


def _values(out: dict[str, Any]) -> list[Any]:
    return [e.get("credit_percent") or (e.get("credit_amount"), e.get("currency"))
            for e in out.get("service_credits", [])]


# --- tables ------------------------------------------------------------------------------------------------------

def test_comparator_bands_table() -> None:
    out = _credits([], [[
        ["Monthly Uptime Percentage", "Service Credit Percentage"],
        ["Less than 99.99% but equal to or greater than 99.0%", "10%"],
        ["Less than 99.0% but equal to or greater than 95.0%", "30%"],
        ["Less than 95.0%", "100%"],
    ]])
    assert _values(out) == [10.0, 30.0, 100.0]
    first = out["service_credits"][0]
    assert first["metric"] == "availability"
    assert (first["threshold"]["upper"], first["threshold"]["lower"]) == (99.99, 99.0)


def test_symbol_bands_and_fee_basis() -> None:
    out = _credits([], [[
        ["Uptime Achieved", "Service Credit"],
        ["99.99% – 99.999%", "10% of monthly fee"],
        ["95.0% – 99.0%", "50% of monthly fee"],
        ["< 95.0%", "100% of monthly fee"],
    ]])
    assert _values(out) == [10.0, 50.0, 100.0]
    assert out["service_credits"][0]["basis"] == "monthly fee"


def test_bare_numbers_under_percent_header() -> None:
    out = _credits([], [[
        ["Monthly Availability (%)", "Service Credit Percentage (%)"],
        ["≥ 99.9", "0"],
        ["< 99.9 but ≥ 99.0", "2"],
        ["< 99.0 but ≥ 95.0", "3"],
        ["< 95.0", "5"],
    ]])
    assert _values(out) == [2.0, 3.0, 5.0]


def test_german_table_with_comparators() -> None:
    out = _credits([], [[
        ["Verfügbarkeit pro Monat", "Gutschrift"],
        ["< 99,5 % – 98,0 %", "3 %"],
        ["< 98,0 % – 95,0 %", "5 %"],
        ["< 95,0 %", "10 %"],
    ]], language="de")
    assert _values(out) == [3.0, 5.0, 10.0]


def test_german_money_credits_with_currency_header() -> None:
    out = _credits([], [[
        ["Verfügbarkeit im Kalendermonat", "Gutschrift (EUR)"],
        ["unter 99,5 %", "50,00"],
        ["unter 99,0 %", "100,00"],
    ]], language="de")
    assert _values(out) == [("50.00", "EUR"), ("100.00", "EUR")]


def test_downtime_duration_bands() -> None:
    out = _credits([], [[
        ["Cumulative Downtime in the Month", "Credit"],
        ["1 to 4 hours", "5% of the monthly fee"],
        ["more than 4 hours", "10% of the monthly fee"],
    ]])
    assert _values(out) == [5.0, 10.0]
    assert out["service_credits"][0]["threshold"]["unit"] == "hours"


# --- sentences and lists -----------------------------------------------------------------------------------------

def test_credit_list_with_trailing_credit_word() -> None:
    out = _credits([
        "If we fail to meet the service availability commitment, you may be eligible for service credits as follows:",
        "- 99.0% - 99.9% availability: 10% credit",
        "- 98.0% - 99.0% availability: 25% credit",
        "- Below 98.0% availability: 50% credit",
    ])
    assert _values(out) == [10.0, 25.0, 50.0]


def test_discount_list_against_availability() -> None:
    out = _credits([
        "- 5% discount for less than 99.8% availability;",
        "- 10% discount for less than 99.4% availability;",
    ])
    assert _values(out) == [5.0, 10.0]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("If the Services are available for less than 99.5% of the time in a month, the provider will subtract 5% "
     "from the fees it charges for that month.", "en", [5.0]),
    ("The Customer shall be entitled to a service credit equal to 5% of the monthly charges for each full hour of "
     "downtime.", "en", [5.0]),
    ("For each Severity 1 incident not resolved within the resolution time, Supplier shall credit Customer USD "
     "500.", "en", [("500", "USD")]),
    ("Unterschreitet die Verfügbarkeit 99,5 %, erhält der Kunde eine Gutschrift in Höhe von 5 % des monatlichen "
     "Entgelts.", "de", [5.0]),
    ("Für jede angefangene Stunde, um die die Entstörzeit überschritten wird, mindert sich das monatliche Entgelt "
     "um 2 %.", "de", [2.0]),
    ("Pro Stunde Verzögerung der vereinbarten Reaktionszeit erhöht sich die Gutschrift um 10 Prozent der Kosten des "
     "Dienstes.", "de", [10.0]),
    ("Für jeden Monat mit einer Betriebszeit unter 99,9 % werden 5 % der Gebühren gutgeschrieben.", "de", [5.0]),
])
def test_credit_sentences(text: str, language: str, expected: list[Any]) -> None:
    assert _values(_credits([text], language=language)) == expected


# --- caps --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language", "percent"), [
    ("Total credits in any month are capped at 100% of monthly fees for affected services.", "en", 100.0),
    ("Credits for any Space will not exceed 25% of the MRC for such Space.", "en", 25.0),
    ("In no event shall Service Credits in any calendar month exceed 50% of the monthly fees.", "en", 50.0),
    ("The aggregate Service Credits payable in a month are limited to fifteen percent (15%) of the Monthly "
     "Charges.", "en", 15.0),
    ("Die maximale Gutschrift ist auf 100 Prozent des betroffenen Dienstes begrenzt.", "de", 100.0),
    ("Gutschriften betragen pro Monat insgesamt höchstens 30 % des monatlichen Entgelts.", "de", 30.0),
    ("Die Summe der Minderungen darf 20 % der monatlichen Vergütung nicht übersteigen.", "de", 20.0),
])
def test_credit_caps(text: str, language: str, percent: float) -> None:
    out = _credits([text, "If Availability falls below 99.5%, a service credit of 5% of the monthly fee applies."
                    if language == "en" else
                    "Unterschreitet die Verfügbarkeit 99,5 %, erhält der Kunde eine Gutschrift von 5 % des "
                    "Monatsentgelts."], language=language)
    assert out["service_credit_cap"]["value"]["percent"] == percent
    assert _values(out) == [5.0]


# --- negatives ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("Customer may pay by credit card; a 2% surcharge applies to card payments.", "en"),
    ("An early payment discount of 2% applies if invoices are paid within 10 days.", "en"),
    ("Supplier shall issue a credit note for 100% of any amount invoiced in error.", "en"),
    ("Die Vergütung erhöht sich jährlich um 3 % entsprechend dem Verbraucherpreisindex.", "de"),
    ("Bei Zahlung innerhalb von 14 Tagen gewähren wir 2 % Skonto.", "de"),
])
def test_not_service_credits(text: str, language: str) -> None:
    assert _credits([text], language=language) == {}


def test_volume_discount_table_is_no_credit_table() -> None:
    out = _credits([], [[
        ["Users", "Discount"],
        ["1-100", "0%"],
        ["101-500", "5%"],
        ["over 500", "10%"],
    ]])
    assert out == {}


# --- more layouts and wordings -----------------------------------------------------------------------------------

def test_money_credit_per_failure_table() -> None:
    out = _credits([], [[
        ["Service Level Failure", "Service Credit"],
        ["Each Priority 1 Incident not resolved within the Resolution Time", "£500"],
        ["Each Priority 2 Incident not resolved within the Resolution Time", "£250"],
    ]])
    assert _values(out) == [("500", "GBP"), ("250", "GBP")]


def test_bare_numbers_under_fee_percentage_header() -> None:
    out = _credits([], [[
        ["Availability", "Credit (% of Monthly Fee)"],
        ["99.5% - 99.0%", "5"],
        ["below 99.0%", "15"],
    ]])
    assert _values(out) == [5.0, 15.0]


def test_transposed_credit_table() -> None:
    out = _credits([], [[
        ["Availability", "≥ 99.9%", "99.0% – 99.9%", "< 99.0%"],
        ["Service Credit", "0%", "10%", "25%"],
    ]])
    assert _values(out) == [10.0, 25.0]


@pytest.mark.parametrize(("text", "language", "expected", "cap"), [
    ("Bei Unterschreitung der vereinbarten Verfügbarkeit um mehr als 0,5 Prozentpunkte reduziert sich die "
     "monatliche Vergütung um 10 %.", "de", [10.0], None),
    ("Customer will receive a Service Credit of 10% of the Monthly Recurring Charge (MRC) for the affected "
     "circuit.", "en", [10.0], None),
    ("Service Credits shall be calculated as 5% of the Monthly Charges for each 0.1% below the Availability Target, "
     "up to a maximum of 25%.", "en", [5.0], 25.0),
])
def test_more_credit_sentences(text: str, language: str, expected: list[float], cap: float | None) -> None:
    out = _credits([text], language=language)
    assert _values(out) == expected
    assert (out["service_credit_cap"]["value"]["percent"] if "service_credit_cap" in out else None) == cap


@pytest.mark.parametrize(("text", "language"), [
    ("The Supplier shall pay liquidated damages of 0.5% of the Contract Price per week of delay, up to a maximum "
     "of 10%.", "en"),
    ("If Availability falls below 95% in three consecutive months, Customer may terminate the affected Service.",
     "en"),
    ("Sinkt die Verfügbarkeit in drei aufeinanderfolgenden Monaten unter 97 %, kann der Kunde den Vertrag "
     "außerordentlich kündigen.", "de"),
])
def test_more_non_credits(text: str, language: str) -> None:
    assert _credits([text], language=language) == {}


# --- credit tables that reach us as text lines (PDF without ruling) ----------------------------------------------

def test_tiers_one_per_line_under_header_line() -> None:
    out = _credits([
        "Uptime Achieved Service Credit",
        "99.99% – 99.999% 10% of monthly fee",
        "99.0% – 99.99% 25% of monthly fee",
        "< 95.0% 100% of monthly fee",
        "Credit requests must be submitted within 30 days.",
    ])
    assert _values(out) == [10.0, 25.0, 100.0]
    assert out["service_credits"][1]["threshold"]["lower"] == 99.0
    assert out["service_credits"][1]["basis"] == "monthly fee"


def test_comparator_tiers_one_per_line() -> None:
    out = _credits([
        "Monthly Uptime Percentage Service Credit Percentage",
        "Less than 99.99% but equal to or greater than 99.0% 10%",
        "Less than 95.0% 100%",
    ])
    assert _values(out) == [10.0, 100.0]
    assert out["service_credits"][0]["metric"] == "availability"


def test_percent_lines_without_credit_header_are_ignored() -> None:
    out = _credits([
        "Market share by region",
        "Europe 45% 12%",
        "Americas 30% 8%",
    ])
    assert out == {}


def test_price_discount_next_to_personnel_availability_is_no_credit() -> None:
    out = _credits(["Access to operations personnel is subject to availability of such personnel and payment of "
                    "the standard fees at a twenty percent (20%) discount."])
    assert out == {}


def test_hourly_reduction_with_cap_is_no_availability_target() -> None:
    text = ("Wird die zugesicherte Verfügbarkeit unterschritten, reduziert sich das monatliche Entgelt anteilig um "
            "10 % für jede angefangene Stunde Ausfallzeit, höchstens jedoch um 100 %.")
    out = _credits([text], language="de")
    assert _values(out) == [10.0]
    assert out["service_credit_cap"]["value"]["percent"] == 100.0
    assert extract_sla(make_context([text], language="de"), {}) == {}
