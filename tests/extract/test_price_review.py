"""Price review: named indices, caps and floors, fixed yearly increases, unilateral price changes."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.pricing.review import extract_price_review
from tests.fixtures.contexts import make_context


def _review(paragraphs: list[str], language: str = "en", headings: tuple[str, ...] = ()) -> dict[str, Any] | None:
    out = extract_price_review(make_context(paragraphs, language=language, headings=headings), {})
    return out["pricing"]["price_review"] if out else None


def test_rpi_with_cap_and_notice_in_two_sentences() -> None:
    review = _review([
        "6.7 Indexation. With effect from each anniversary of the Commencement Date, the Supplier may increase the "
        "Charges by giving the Customer not less than sixty (60) days' written notice. Any increase shall not exceed "
        "the percentage increase in the Retail Prices Index (RPI) for the twelve months ending on 31 January, and in "
        "any event shall not exceed five per cent (5%) in any Contract Year."
    ])
    assert review is not None
    assert review["value"]["index"] == "RPI" and review["value"]["cap_percent"] == 5.0
    assert review["value"]["frequency"] == "annual" and review["value"]["notice_period"] == "P60D"
    assert "Retail Prices Index" in review["evidence"]["text"]


def test_cpi_with_floor_and_cap() -> None:
    review = _review([
        "Section 4.6 Fee Adjustments. Commencing on the first anniversary of the Effective Date, Provider may adjust "
        "the Monthly Recurring Charges by the percentage change in the Consumer Price Index for All Urban Consumers "
        "(CPI-U); provided, however, that any such adjustment shall be no less than one percent (1%) and no more than "
        "four percent (4%) in any twelve-month period."
    ])
    assert review is not None
    value = review["value"]
    assert (value["index"], value["floor_percent"], value["cap_percent"]) == ("CPI", 1.0, 4.0)


def test_harmonised_index_is_hicp_not_cpi() -> None:
    review = _review([
        "Thereafter LDS may adjust the Charges once in each 12-month period by the annual percentage change in the "
        "Harmonised Index of Consumer Prices for Ireland, provided that the adjustment shall not be lower than 0% "
        "and shall not exceed 5%."
    ])
    assert review is not None and review["value"]["index"] == "HICP" and review["value"]["cap_percent"] == 5.0


def test_fixed_yearly_increase() -> None:
    review = _review([
        "On 1 January 2026 and on each 1 January thereafter, the monthly Charges shall increase by two per cent (2%) "
        "over the Charges applicable on the preceding day. No other indexation or price adjustment applies."
    ])
    assert review is not None
    assert review["value"]["index"] == "fixed_percent" and review["value"]["fixed_percent"] == 2.0
    assert review["value"]["cap_percent"] is None and review["value"]["frequency"] == "annual"


def test_fees_may_change_on_notice_is_other() -> None:
    review = _review(["5.5 Price changes. We may change our fees or introduce new fees by giving you at least thirty "
                      "(30) days' notice by email."])
    assert review is not None and review["value"]["index"] == "other"
    assert review["value"]["notice_period"] == "P30D" and review["confidence"] < 0.85


def test_increase_limit_without_index_is_other_with_cap() -> None:
    review = _review(["Changepoint agrees not to increase its Maintenance Fees annually by more than six percent (6%) "
                      "from the fees charged in the previous Maintenance Term."])
    assert review is not None and review["value"]["index"] == "other" and review["value"]["cap_percent"] == 6.0


def test_german_vpi_with_cap_in_next_paragraph() -> None:
    review = _review([
        "§ 7 Preisanpassung",
        "(1) Der Auftragnehmer ist berechtigt, die Pauschalen und Stundensätze einmal je Vertragsjahr entsprechend "
        "der Veränderung des Verbraucherpreisindex für Deutschland (VPI, Basis 2020 = 100) anzupassen.",
        "(2) Eine Erhöhung ist auf höchstens 3 % pro Vertragsjahr begrenzt.",
        "(3) Die Anpassung ist dem Auftraggeber mindestens sechs Wochen vor ihrem Wirksamwerden mitzuteilen.",
    ], language="de", headings=("§ 7 Preisanpassung",))
    assert review is not None
    value = review["value"]
    assert (value["index"], value["cap_percent"], value["base_date"]) == ("VPI", 3.0, "2020")
    assert value["frequency"] == "annual" and value["notice_period"] == "P6W"


def test_austrian_threshold_is_not_a_cap() -> None:
    review = _review([
        "7.1 Die Entgelte sind wertgesichert. Als Maßstab dient der Verbraucherpreisindex 2020 (VPI 2020).",
        "7.2 Schwankungen der Indexzahl nach oben oder unten bis einschließlich 2 % bleiben unberücksichtigt.",
    ], language="de")
    assert review is not None and review["value"]["index"] == "VPI" and review["value"]["cap_percent"] is None


def test_fixed_prices_and_unrelated_changes_give_no_review() -> None:
    assert _review(["Die Preise gelten für die Dauer der Mindestlaufzeit als Festpreise."], language="de") is None
    assert _review(["We may update these Terms from time to time by notice to you."]) is None
    assert _review(["The Customer may change the number of users at any time."]) is None
    assert _review(["The CPI of the recipient is stored in the portal."]) is None


def test_late_payment_surcharge_is_no_review() -> None:
    assert _review(["Upon delay of payment beyond 30 days from invoice date, the Seller may levy an increase to the "
                    "net transfer price of 1% per week."]) is None


def test_increase_per_item_is_not_a_fixed_yearly_increase() -> None:
    review = _review(["For processors other than those listed, the license fee shall be increased by 25% for each "
                      "additional supported processor."])
    assert review is not None and review["value"]["index"] == "other" and review["value"]["fixed_percent"] is None


def test_named_index_beats_a_general_change_right_and_details_break_ties() -> None:
    review = _review([
        "9.1 CPI Adjustments",
        "Prices may be changed by the Supplier from time to time.",
        "No later than 30 days after the end of each contract year the Base Fee must be increased or decreased in "
        "accordance with the change in the CPI. Should the CPI increase exceed 10% in any given year the maximum "
        "amount applied will be 10%.",
    ])
    assert review is not None and review["value"]["index"] == "CPI" and review["value"]["cap_percent"] == 10.0


def test_german_fixed_increase_and_capped_adjustment() -> None:
    fixed = _review(["Die Preise erhöhen sich jährlich um 3 % gegenüber dem Vorjahr."], language="de")
    assert fixed is not None and fixed["value"]["index"] == "fixed_percent" and fixed["value"]["fixed_percent"] == 3.0
    capped = _review(["Preisanpassungen der Entgelte sind auf maximal 5 % pro Vertragsjahr begrenzt."], language="de")
    assert capped is not None and capped["value"]["index"] == "other" and capped["value"]["cap_percent"] == 5.0
    assert capped["value"]["frequency"] == "annual"


def test_credit_cap_is_not_a_price_review() -> None:
    assert _review(["Service Credits are a price adjustment and shall not exceed fifteen per cent (15%) of the "
                    "Monthly Service Charge."]) is None


def test_clause_on_price_adjustments_is_other_unless_negated() -> None:
    review = _review(["Preisanpassungen sind dem Kunden mit einer Frist von drei Monaten schriftlich anzukündigen."],
                     language="de")
    assert review is not None and review["value"]["index"] == "other"
    assert review["value"]["notice_period"] == "P3M"
    assert _review(["The Charges are fixed. No other indexation or price adjustment applies."]) is None
