"""Golden tests for the price review: every expected value below is computed by hand in the comment beside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from docsvc.generate.context import PriceReviewCtx
from docsvc.generate.price_review import (
    IndexInput,
    PriceInput,
    PriceReviewError,
    ReviewClause,
    compute_price_review,
)

REVIEW_DATE = dt.date(2025, 7, 1)


def clause(**overrides: Any) -> ReviewClause:
    values: dict[str, Any] = {"index": "CPI", "cap_percent": Decimal("5"), "floor_percent": Decimal("0"),
                              "fixed_percent": None, "notice_period": "P3M", "frequency": "annual",
                              "evidence": {"page": 9, "quote": "capped at 5%"}}
    values.update(overrides)
    return ReviewClause(**values)


def price(unit_price: str, currency: str = "GBP", description: str = "Item") -> PriceInput:
    return PriceInput(description=description, unit_price=unit_price, currency=currency, unit="per device",
                      evidence={"page": 8, "quote": description})


def index(base: str | None, current: str | None) -> IndexInput:
    return IndexInput(name="CPI", base_period="2024-06", base_value=None if base is None else Decimal(base),
                      current_period="2025-06", current_value=None if current is None else Decimal(current))


def review(prices: list[PriceInput], **kwargs: Any) -> Any:
    kwargs.setdefault("clause", clause())
    kwargs.setdefault("mode", "index")
    return compute_price_review(items=prices, review_date=REVIEW_DATE, **kwargs)


def test_cap_hit() -> None:
    # 107.2 / 100 - 1 = +7.2 % > cap 5 %; 125.00 × 1.05 = 131.25
    result = review([price("125.00")], index=index("100", "107.2"))
    assert (result.raw_percent, result.percent_applied, result.bound) == (Decimal("7.2000"), Decimal("5"), "cap")
    line = result.lines[0]
    assert (line.new_price, line.difference) == (Decimal("131.25"), Decimal("6.25"))
    assert line.calculation == "125.00 × (1 + 5.0000 %) = 131.25 (rounded half-up to 2 places)"


def test_floor_hit_on_negative_index_change() -> None:
    # 98.7 / 100 - 1 = -1.3 % < floor 0 % → prices stay
    result = review([price("125.00")], index=index("100", "98.7"))
    assert (result.raw_percent, result.percent_applied, result.bound) == (Decimal("-1.3000"), Decimal("0"), "floor")
    assert (result.lines[0].new_price, result.lines[0].difference) == (Decimal("125.00"), Decimal("0.00"))


def test_negative_change_without_floor_lowers_prices() -> None:
    # 125.00 × 0.987 = 123.375 → half-up 123.38
    result = review([price("125.00")], index=index("100", "98.7"), clause=clause(floor_percent=None))
    assert (result.percent_applied, result.bound) == (Decimal("-1.3000"), None)
    assert (result.lines[0].new_price, result.lines[0].difference) == (Decimal("123.38"), Decimal("-1.62"))


def test_change_within_bounds_is_applied_exactly() -> None:
    # 132.48 / 128 = 1.035 → +3.5 %; 125.00 × 1.035 = 129.375 → 129.38; 0.0045 × 1.035 = 0.0046575 → 0.0047
    result = review([price("125.00"), price("0.0045", description="Mono click")], index=index("128", "132.48"))
    assert (result.raw_percent, result.percent_applied, result.bound) == (Decimal("3.5000"), Decimal("3.5000"), None)
    assert [line.new_price for line in result.lines] == [Decimal("129.38"), Decimal("0.0047")]
    assert result.lines[1].calculation == "0.0045 × (1 + 3.5000 %) = 0.0047 (rounded half-up to 4 places)"
    assert result.effective_date == REVIEW_DATE


def test_click_charge_keeps_its_four_decimal_places() -> None:
    # 0.0045 × 1.05 = 0.004725 → 0.0047 (not 0.00 at the currency's 2 places)
    line = review([price("0.0045")], index=index("100", "105")).lines[0]
    assert (line.new_price, line.difference, line.places) == (Decimal("0.0047"), Decimal("0.0002"), 4)


def test_price_with_one_stated_place_gets_the_currency_minor_unit() -> None:
    # 12.5 × 1.035 = 12.9375 → 2 places (GBP) → 12.94
    line = review([price("12.5")], index=index("128", "132.48")).lines[0]
    assert (line.new_price, line.places) == (Decimal("12.94"), 2)


def test_yen_has_no_decimal_places() -> None:
    # 1500 × 1.035 = 1552.5 → half-up 1553
    line = review([price("1500", currency="JPY")], index=index("128", "132.48")).lines[0]
    assert (line.new_price, line.difference, line.places) == (Decimal("1553"), Decimal("53"), 0)


def test_half_up_at_the_half_boundary() -> None:
    # 10.00 × 1.025 = 10.25 exactly (no rounding); 0.0050 × 1.025 = 0.005125 → 0.0051;
    # 0.0010 × 1.025 = 0.001025 → 4 places: 0.0010|25 → 0.0010
    result = review([price("10.00"), price("0.0050"), price("0.0010")], mode="percent", percent=Decimal("2.5"))
    assert [line.new_price for line in result.lines] == [Decimal("10.25"), Decimal("0.0051"), Decimal("0.0010")]
    # 2.00 × 1.0125 = 2.025 → half-up 2.03 (half-even would give 2.02)
    line = review([price("2.00")], mode="percent", percent=Decimal("1.25")).lines[0]
    assert line.new_price == Decimal("2.03")


def test_repeating_index_change_is_computed_exactly_not_from_the_rounded_percent() -> None:
    # 310 / 300 = 31/30 → +3.3333… %; 0.0045 × 31/30 = 0.00465 exactly → half-up 0.0047
    # (the rounded 3.3333 % would give 0.0046499985 → 0.0046)
    result = review([price("0.0045")], index=index("300", "310"))
    assert result.raw_percent == Decimal("3.3333")
    assert result.lines[0].new_price == Decimal("0.0047")
    assert result.lines[0].calculation == "0.0045 × (1 + 3.3333… %) = 0.0047 (rounded half-up to 4 places)"


def test_percent_mode_uses_the_clause_fixed_percent_and_the_cap() -> None:
    # fixed 3 %: 200.00 × 1.03 = 206.00; given 6 % is capped at 5 %: 200.00 × 1.05 = 210.00
    fixed = review([price("200.00")], mode="percent", clause=clause(index="fixed_percent", fixed_percent=Decimal("3")))
    assert (fixed.raw_percent, fixed.bound, fixed.lines[0].new_price) == (Decimal("3.0000"), None, Decimal("206.00"))
    capped = review([price("200.00")], mode="percent", percent=Decimal("6"))
    assert (capped.percent_applied, capped.bound, capped.lines[0].new_price) == (Decimal("5"), "cap", Decimal("210.00"))
    assert capped.index is None


def test_german_calculation_text() -> None:
    line = review([price("0.0045", currency="EUR")], index=index("128", "132.48"), language="de").lines[0]
    assert line.calculation == "0,0045 × (1 + 3,5000 %) = 0,0047 (kaufmännisch gerundet auf 4 Stellen)"


def test_custom_minor_units() -> None:
    line = review([price("10")], index=index("100", "103"), currency_minor_units=lambda currency: 3).lines[0]
    assert line.new_price == Decimal("10.300")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"clause": None}, "no price-review clause"),
        ({"index": None}, "needs the CPI values for the base and the current period"),
        ({"index": index(None, "105")}, "No CPI value for the base period 2024-06"),
        ({"index": index("100", None)}, "No CPI value for the current period 2025-06"),
        ({"index": index(None, None)}, "the base period 2024-06 and the current period 2025-06"),
        ({"index": index("0", "105")}, "base period 2024-06 is zero"),
        ({"mode": "percent"}, "needs a percentage"),
        ({"mode": "inflation"}, 'Unknown review mode "inflation"'),
    ],
)
def test_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(PriceReviewError, match=message):
        review([price("10.00")], **kwargs)


def test_no_items_and_unparsable_price() -> None:
    with pytest.raises(PriceReviewError, match="no prices"):
        review([], index=index("100", "103"))
    with pytest.raises(PriceReviewError, match='"12,50 EUR" of "Rental" is not a number'):
        review([price("12,50 EUR", description="Rental")], index=index("100", "103"))
    assert issubclass(PriceReviewError, ValueError)


def test_to_context_matches_the_documented_shape() -> None:
    result = review([price("0.0045", description="Mono click")], index=index("128.0", "136.0"))
    context = result.to_context(id="review-1")
    PriceReviewCtx.model_validate(context)
    assert context["raw_percent"] == "6.2500"  # 136 / 128 = 1.0625
    assert context["percent_applied"] == "5"
    assert context["bound"] == "cap"
    assert context["index"] == {"name": "CPI", "base_period": "2024-06", "base_value": "128.0",
                                "current_period": "2025-06", "current_value": "136.0", "change_percent": "6.2500"}
    assert context["clause"]["cap_percent"] == "5" and context["clause"]["fixed_percent"] is None
    assert context["notice_period"] == "P3M"
    assert context["review_date"] == context["effective_date"] == "2025-07-01"
    assert context["lines"][0] == {
        "description": "Mono click", "unit": "per device", "currency": "GBP", "current_price": "0.0045",
        "new_price": "0.0047", "difference": "0.0002",  # 0.0045 × 1.05 = 0.004725 → 0.0047
        "calculation": "0.0045 × (1 + 5.0000 %) = 0.0047 (rounded half-up to 4 places)",
        "evidence": {"page": 8, "paragraph": None, "quote": "Mono click", "document": None},
    }
