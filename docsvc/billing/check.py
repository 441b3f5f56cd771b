"""Check invoice lines against the contract's prices: a pure computation, no database.

Each line is matched to a contracted price item (a confirmed match first, then by wording, see matching.py);
the expected unit price is the item's price after the latest price review in effect at the start of the line's
period. Mismatches: price differs (per unit and over the line), unknown or ambiguous item, wrong currency,
wrong billing frequency, quantity under the contracted quantity, and a period's total under the minimum
commitment. Values nobody reviewed are used and every result built on one says so.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docsvc.billing import matching

PERIODIC = ("monthly", "quarterly", "annual")


@dataclass(frozen=True)
class ContractItem:
    id: uuid.UUID
    description: str
    unit_price: Decimal
    currency: str | None
    unit: str | None = None
    quantity: Decimal | None = None
    frequency: str | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    reviewed: bool = False
    content_key: str | None = None


@dataclass(frozen=True)
class Review:
    """A stored price review: its id, the day its prices apply from and the new price by item description."""

    id: str
    effective_date: dt.date
    prices: Mapping[str, tuple[Decimal, str]]  # description -> (new price, calculation)


@dataclass(frozen=True)
class Commitment:
    amount: Decimal
    currency: str | None
    frequency: str | None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    reviewed: bool = False


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    currency: str | None = None
    period: str | None = None
    frequency: str | None = None


def money(value: Decimal) -> str:
    """A decimal as text: trailing zeros dropped but at least two places (45.00, 0.009)."""
    value = value.normalize()
    if value == value.to_integral_value() or -value.as_tuple().exponent < 2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def count(value: Decimal) -> str:
    """A quantity as text without the column's padding (40.0000 -> 40)."""
    return format(value.normalize(), "f") if value == value else str(value)


def period_of(text: str | None) -> tuple[dt.date | None, str | None]:
    """(first day, frequency) of "2026-10", "2026-Q4", "2026", "2026-10-01/2026-12-31"; (None, None) if unknown."""
    text = (text or "").strip()
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        first = _day(int(match[1]), int(match[2]))
        return first, "monthly" if first else None
    if match := re.fullmatch(r"(\d{4})-?Q([1-4])", text, re.IGNORECASE):
        return _day(int(match[1]), 3 * int(match[2]) - 2), "quarterly"
    if re.fullmatch(r"\d{4}", text):
        return _day(int(text), 1), "annual"
    if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:/|to|bis|–|-{1,2})\s*(\d{4}-\d{2}-\d{2})", text):
        try:
            start, end = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
        except ValueError:
            return None, None
        following = end + dt.timedelta(days=1)
        months = (following.year - start.year) * 12 + following.month - start.month
        whole = following.day == start.day
        return start, {1: "monthly", 3: "quarterly", 12: "annual"}.get(months) if whole else None
    return None, None


def _day(year: int, month: int) -> dt.date | None:
    return dt.date(year, month, 1) if 1 <= month <= 12 else None


def _evidence(item: ContractItem, review: Review | None) -> dict[str, Any]:
    out: dict[str, Any] = {"price_item_id": str(item.id), "description": item.description,
                           "page": item.evidence.get("page"), "text": str(item.evidence.get("text") or "")[:500]}
    if review is not None and item.description in review.prices:
        out["price_review"] = {"id": review.id, "effective_date": review.effective_date.isoformat(),
                               "calculation": review.prices[item.description][1]}
    return out


def check_invoice(*, items: Sequence[ContractItem], lines: Sequence[InvoiceLine], contract_currency: str | None,
                  currency_reviewed: bool, commitment: Commitment | None, reviews: Sequence[Review],
                  remembered: Mapping[str, uuid.UUID], today: dt.date) -> dict[str, Any]:
    by_id = {item.id: item for item in items}
    descriptions = [item.description for item in items]
    reviews = sorted(reviews, key=lambda r: r.effective_date)
    out_lines: list[dict[str, Any]] = []
    mismatches: list[dict[str, Any]] = []
    period_totals: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for number, line in enumerate(lines, start=1):
        total = line.quantity * line.unit_price
        start, derived = period_of(line.period)
        frequency = line.frequency or derived
        entry: dict[str, Any] = {"line": number, "description": line.description,
                                 "quantity": format(line.quantity, "f"), "unit_price": format(line.unit_price, "f"),
                                 "currency": line.currency,
                                 "period": line.period, "frequency": frequency, "total": money(total),
                                 "match": None, "candidates": [], "expected_unit_price": None, "status": "ok",
                                 "reviewed": True}
        found: list[dict[str, Any]] = []

        def mismatch(kind: str, text: str, expected: str | None, invoiced: str | None, difference: str | None,
                     evidence: dict[str, Any], reviewed: bool, found: list[dict[str, Any]] = found,
                     number: int = number) -> None:
            # defaults bind this line's list and number (B023: a closure in a loop)
            found.append({"line": number, "kind": kind, "description": text, "expected": expected,
                          "invoiced": invoiced, "difference": difference, "evidence": evidence, "reviewed": reviewed})

        item, how, score = _match(line, items, by_id, descriptions, remembered, entry)
        if item is None:
            kind = "ambiguous_item" if entry["candidates"] and entry["candidates"][0]["score"] >= matching.MIN_SCORE \
                else "unknown_item"
            text = (f"{line.description!r} could be several contracted items; confirm one with POST "
                    "/v1/contracts/{id}/billing-matches" if kind == "ambiguous_item"
                    else f"{line.description!r} matches no contracted price item")
            mismatch(kind, text, None, money(total), money(total), {"candidates": entry["candidates"]}, True)
        else:
            entry["match"] = {"price_item_id": str(item.id), "description": item.description, "how": how,
                              "score": score}
            entry["reviewed"] = item.reviewed
            review = next((r for r in reversed(reviews) if r.effective_date <= (start or today)
                           and item.description in r.prices), None)
            expected = review.prices[item.description][0] if review else item.unit_price
            entry["expected_unit_price"] = format(expected, "f")
            entry["price_review_id"] = review.id if review else None
            evidence = _evidence(item, review)
            if line.unit_price != expected:
                per_unit = line.unit_price - expected
                after = f" (after the price review of {review.effective_date.isoformat()})" if review else ""
                mismatch("price", f"{line.description!r}: invoiced {format(line.unit_price, 'f')} per unit, the "
                         f"contract's price is {format(expected, 'f')}{after}: {money(per_unit * line.quantity)} "
                         f"over {format(line.quantity, 'f')} units",
                         format(expected, "f"), format(line.unit_price, "f"), format(per_unit, "f"),
                         evidence | {"total_difference": money(per_unit * line.quantity)}, item.reviewed)
            want_currency = item.currency or contract_currency
            if line.currency and want_currency and line.currency.upper() != want_currency.upper():
                mismatch("currency", f"{line.description!r} is invoiced in {line.currency.upper()}, the contract "
                         f"prices it in {want_currency.upper()}", want_currency.upper(), line.currency.upper(), None,
                         evidence, item.reviewed and (bool(item.currency) or currency_reviewed))
            if item.frequency in PERIODIC and frequency in PERIODIC and frequency != item.frequency:
                mismatch("frequency", f"{line.description!r} is billed {frequency}, the contract says "
                         f"{item.frequency}", item.frequency, frequency, None, evidence, item.reviewed)
            if item.quantity is not None and line.quantity < item.quantity:
                mismatch("quantity_below_commitment", f"{line.description!r}: {count(line.quantity)} invoiced, "
                         f"the contract commits to {count(item.quantity)}", count(item.quantity),
                         count(line.quantity), count(line.quantity - item.quantity), evidence, item.reviewed)
            period_totals[(line.period or "", frequency)] += total
        if found:
            entry["status"] = "unknown" if item is None else "mismatch"
        out_lines.append(entry)
        mismatches += found
    if commitment is not None:
        mismatches += _commitment(commitment, period_totals, lines, contract_currency)
    unreviewed = sorted({m["kind"] for m in mismatches if not m["reviewed"]})
    return {
        "checked_on": today.isoformat(), "lines": out_lines, "mismatches": mismatches,
        "summary": {"lines": len(out_lines), "matched": sum(1 for e in out_lines if e["match"]),
                    "mismatches": len(mismatches), "lines_with_mismatches": sum(1 for e in out_lines
                                                                                if e["status"] != "ok"),
                    "price_difference": money(sum((Decimal(m["evidence"]["total_difference"]) for m in mismatches
                                                   if m["kind"] == "price"), Decimal(0))),
                    "unreviewed_kinds": unreviewed},
    }


def _match(line: InvoiceLine, items: Sequence[ContractItem], by_id: Mapping[uuid.UUID, ContractItem],
           descriptions: list[str], remembered: Mapping[str, uuid.UUID],
           entry: dict[str, Any]) -> tuple[ContractItem | None, str, float | None]:
    confirmed = remembered.get(matching.key(line.description))
    if confirmed is not None and confirmed in by_id:
        return by_id[confirmed], "confirmed", None
    chosen, ranked = matching.best(line.description, descriptions)
    entry["candidates"] = [{"price_item_id": str(items[c.index].id), "description": items[c.index].description,
                            "score": c.score} for c in ranked[:3]]
    if chosen is None:
        return None, "", None
    return items[chosen.index], "wording", chosen.score


def _commitment(commitment: Commitment, totals: Mapping[tuple[str, str | None], Decimal],
                lines: Sequence[InvoiceLine], contract_currency: str | None) -> list[dict[str, Any]]:
    currency = (commitment.currency or contract_currency or "").upper()
    if any(line.currency and currency and line.currency.upper() != currency for line in lines):
        return []  # totals in another currency are not comparable; the currency mismatch is listed per line
    out = []
    for (period, frequency), total in sorted(totals.items(), key=lambda kv: kv[0][0]):
        if commitment.frequency in PERIODIC and frequency != commitment.frequency:
            continue  # a monthly minimum says nothing about a quarterly line
        if total < commitment.amount:
            out.append({"line": None, "kind": "minimum_commitment",
                        "description": f"period {period or '(none)'}: {money(total)} invoiced, under the minimum "
                                       f"commitment of {money(commitment.amount)} {currency}".rstrip(),
                        "expected": money(commitment.amount), "invoiced": money(total),
                        "difference": money(total - commitment.amount),
                        "evidence": {"page": commitment.evidence.get("page"),
                                     "text": str(commitment.evidence.get("text") or "")[:500]},
                        "reviewed": commitment.reviewed})
    return out
