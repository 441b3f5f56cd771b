"""Price review: apply an index change or an agreed percentage to the contract's prices.

Pure logic on decimals, no database. The percentage is computed exactly (as a fraction) and only rounded for
display; each new price is rounded half-up to the precision the contract states for that price, but never to
fewer places than the currency's minor unit (``0.0045`` keeps 4 places, ``12.5`` GBP gets 2, JPY gets 0).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal

from babel.numbers import get_currency_precision

Mode = Literal["index", "percent"]
Bound = Literal["cap", "floor"]

DISPLAY_PLACES = 4  # how many decimal places a percentage is shown with


class PriceReviewError(ValueError):
    """The review cannot be computed; the message says why in words a coordinator can act on."""


@dataclass(frozen=True)
class PriceInput:
    """A price as the contract states it: ``unit_price`` is the decimal string exactly as written."""

    description: str
    unit_price: str
    currency: str
    unit: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewClause:
    """The contract's price-review clause (``PriceReviewClauseCtx``)."""

    index: str
    cap_percent: Decimal | None = None
    floor_percent: Decimal | None = None
    fixed_percent: Decimal | None = None
    notice_period: str | None = None
    frequency: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    base_date: str | None = None


@dataclass(frozen=True)
class IndexInput:
    """The index values for the base and the current period; a value is ``None`` when it is not published yet."""

    name: str
    base_period: str
    base_value: Decimal | None
    current_period: str
    current_value: Decimal | None


@dataclass(frozen=True)
class PriceLine:
    description: str
    unit: str | None
    currency: str
    current_price: Decimal
    new_price: Decimal
    difference: Decimal
    places: int
    calculation: str
    evidence: dict[str, Any]


@dataclass(frozen=True)
class PriceReviewResult:
    review_date: dt.date
    effective_date: dt.date
    mode: Mode
    raw_percent: Decimal
    """The index change or agreed percent before cap and floor, rounded half-up to 4 places for display."""
    percent_applied: Decimal
    """The percent the prices moved by: the cap or floor as the clause states it, else ``raw_percent``."""
    bound: Bound | None
    index: IndexInput | None
    clause: ReviewClause
    lines: list[PriceLine]

    def to_context(self, *, id: str) -> dict[str, Any]:
        """The ``PriceReviewCtx`` shape of the generation context (decimals as strings)."""
        index: dict[str, Any] | None = None
        if self.index is not None:
            index = {"name": self.index.name, "base_period": self.index.base_period,
                     "base_value": _text(self.index.base_value), "current_period": self.index.current_period,
                     "current_value": _text(self.index.current_value), "change_percent": _text(self.raw_percent)}
        return {
            "id": id,
            "review_date": self.review_date.isoformat(),
            "effective_date": self.effective_date.isoformat(),
            "mode": self.mode,
            "raw_percent": _text(self.raw_percent),
            "percent_applied": _text(self.percent_applied),
            "bound": self.bound,
            "index": index,
            "clause": _clause_context(self.clause),
            "notice_period": self.clause.notice_period,
            "lines": [
                {"description": line.description, "unit": line.unit, "currency": line.currency,
                 "current_price": _text(line.current_price), "new_price": _text(line.new_price),
                 "difference": _text(line.difference), "calculation": line.calculation,
                 "evidence": _evidence_context(line.evidence)}
                for line in self.lines
            ],
        }


def compute_price_review(
    *,
    items: Sequence[PriceInput],
    clause: ReviewClause | None,
    review_date: dt.date,
    mode: Mode,
    index: IndexInput | None = None,
    percent: Decimal | None = None,
    currency_minor_units: Callable[[str], int] | None = None,
    language: str = "en",
) -> PriceReviewResult:
    """Compute the new prices of ``items`` under ``clause`` on ``review_date``.

    ``mode="index"`` uses the change between ``index.base_value`` and ``index.current_value``; ``mode="percent"``
    uses ``percent`` or, when it is not given, the clause's fixed percentage. The cap limits the change from
    above, the floor from below. ``currency_minor_units`` defaults to babel's currency precision.
    ``language`` ("en"/"de") is the language of each line's calculation text.
    Raises ``PriceReviewError`` when the inputs do not allow a review.
    """
    if clause is None:
        raise PriceReviewError("The contract has no price-review clause, so its prices cannot be reviewed.")
    if not items:
        raise PriceReviewError("The contract states no prices to review.")
    if mode == "index":
        raw = _index_change(index, clause)
    elif mode == "percent":
        raw = _agreed_percent(percent, clause)
        index = None
    else:
        raise PriceReviewError(f'Unknown review mode "{mode}": use "index" or "percent".')
    applied, bound = _bounded(raw, clause)
    minor_units = currency_minor_units or get_currency_precision
    lines = [_review_line(item, applied, minor_units, language) for item in items]
    raw_shown = _round_half_up(raw, DISPLAY_PLACES)
    if bound == "cap":
        assert clause.cap_percent is not None
        percent_applied = clause.cap_percent
    elif bound == "floor":
        assert clause.floor_percent is not None
        percent_applied = clause.floor_percent
    else:
        percent_applied = raw_shown
    return PriceReviewResult(review_date=review_date, effective_date=review_date, mode=mode, raw_percent=raw_shown,
                             percent_applied=percent_applied, bound=bound, index=index, clause=clause, lines=lines)


def _index_change(index: IndexInput | None, clause: ReviewClause) -> Fraction:
    name = index.name if index is not None else clause.index
    if index is None:
        raise PriceReviewError(f"Index mode needs the {name} values for the base and the current period; "
                               "neither was given.")
    missing = [f"the base period {index.base_period}" if index.base_value is None else "",
               f"the current period {index.current_period}" if index.current_value is None else ""]
    missing = [text for text in missing if text]
    if missing:
        raise PriceReviewError(f"No {name} value for {' and '.join(missing)}; "
                               "enter the published index value before reviewing prices.")
    assert index.base_value is not None and index.current_value is not None
    if index.base_value == 0:
        raise PriceReviewError(f"The {name} value for the base period {index.base_period} is zero, "
                               "so no percentage change can be computed.")
    return (Fraction(index.current_value) / Fraction(index.base_value) - 1) * 100


def _agreed_percent(percent: Decimal | None, clause: ReviewClause) -> Fraction:
    chosen = percent if percent is not None else clause.fixed_percent
    if chosen is None:
        raise PriceReviewError("Percent mode needs a percentage: none was given and the clause states no fixed "
                               "percentage.")
    return Fraction(chosen)


def _bounded(raw: Fraction, clause: ReviewClause) -> tuple[Fraction, Bound | None]:
    if clause.cap_percent is not None and raw > Fraction(clause.cap_percent):
        return Fraction(clause.cap_percent), "cap"
    if clause.floor_percent is not None and raw < Fraction(clause.floor_percent):
        return Fraction(clause.floor_percent), "floor"
    return raw, None


def _review_line(item: PriceInput, applied: Fraction, minor_units: Callable[[str], int], language: str) -> PriceLine:
    current = _parse_price(item)
    stated_places = max(0, -int(current.as_tuple().exponent))
    places = max(stated_places, minor_units(item.currency) if item.currency else 0)
    new = _round_half_up(Fraction(current) * (1 + applied / 100), places)
    difference = (new - current).quantize(Decimal(1).scaleb(-places))
    calculation = _calculation(current, applied, new, places, language)
    return PriceLine(description=item.description, unit=item.unit, currency=item.currency, current_price=current,
                     new_price=new, difference=difference, places=places, calculation=calculation,
                     evidence=dict(item.evidence))


def _parse_price(item: PriceInput) -> Decimal:
    try:
        value = Decimal(item.unit_price.strip())
    except (InvalidOperation, AttributeError):
        value = Decimal("NaN")
    if not value.is_finite():
        raise PriceReviewError(f'The price "{item.unit_price}" of "{item.description}" is not a number.')
    return value


def _round_half_up(value: Fraction, places: int) -> Decimal:
    """Round exactly, halves away from zero (commercial rounding)."""
    scaled = abs(value) * 10**places
    rounded = math.floor(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return (Decimal(sign * rounded).scaleb(-places)).quantize(Decimal(1).scaleb(-places))


def _calculation(current: Decimal, applied: Fraction, new: Decimal, places: int, language: str) -> str:
    shown = _round_half_up(applied, DISPLAY_PLACES)
    percent = f"{shown}…" if Fraction(shown) != applied else str(shown)  # the ellipsis: computed unrounded
    if language == "de":
        unit = "Stelle" if places == 1 else "Stellen"
        return (f"{_de(current)} × (1 + {percent.replace('.', ',')} %) = {_de(new)} "
                f"(kaufmännisch gerundet auf {places} {unit})")
    unit = "place" if places == 1 else "places"
    return f"{current} × (1 + {percent} %) = {new} (rounded half-up to {places} {unit})"


def _de(value: Decimal) -> str:
    return str(value).replace(".", ",")


def _text(value: Decimal | None) -> str:
    """A plain decimal string (never exponent notation)."""
    return "" if value is None else format(value, "f")


def _optional_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _evidence_context(evidence: dict[str, Any]) -> dict[str, Any]:
    return {"page": evidence.get("page"), "paragraph": evidence.get("paragraph"),
            "quote": evidence.get("quote") or "", "document": evidence.get("document")}


def _clause_context(clause: ReviewClause) -> dict[str, Any]:
    return {"index": clause.index, "frequency": clause.frequency,
            "cap_percent": _optional_text(clause.cap_percent), "floor_percent": _optional_text(clause.floor_percent),
            "fixed_percent": _optional_text(clause.fixed_percent), "base_date": clause.base_date,
            "notice_period": clause.notice_period, "evidence": _evidence_context(clause.evidence)}
