"""The service credit due for the terms a report found missed: the contract's tiers, then its cap.

A missed availability term earns the tier whose band holds the achieved availability (upper bound exclusive,
lower inclusive, as extracted); a missed response or resolution term earns the tier of its metric whose band
holds the share of incidents within target, or a tier without bands. Tiers name no service, so each missed term
earns its own credit. Percent credits apply to the fixed fee of the period (the monthly price items times the
months in it); the cap limits the sum, in percent and in money.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docsvc.sla_reports.types import Cap, Fee, Tier

CENT = Decimal("0.01")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _holds(tier: Tier, value: Decimal | None) -> bool:
    if tier.upper is None and tier.lower is None:
        return True
    if value is None:
        return False
    return (tier.upper is None or value < tier.upper) and (tier.lower is None or value >= tier.lower)


def tier_for(result: dict[str, Any], tiers: Sequence[Tier]) -> Tier | None:
    metric = result["metric"]
    own = [t for t in tiers if t.metric == metric or (t.metric is None and metric == "availability")]
    fitting = [t for t in own if _holds(t, result.get("exact"))]
    return max(fitting, key=lambda t: (t.percent or Decimal(0), t.amount or Decimal(0)), default=None)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def credit_due(results: Sequence[dict[str, Any]], *, tiers: Sequence[Tier], cap: Cap | None, fee: Fee,
               months: int) -> dict[str, Any]:
    warnings: list[str] = []
    lines = []
    for result in results:
        if result["met"] is not False:
            continue
        tier = tier_for(result, tiers)
        if tier is None:
            continue
        if not tier.reviewed:
            warnings.append("some service-credit tiers used have not been reviewed")
        lines.append({"term_id": result["term_id"], "service": result["service"], "metric": result["metric"],
                      "priority": result["priority"], "achieved": result["achieved"],
                      "band": {"upper": _text(tier.upper), "lower": _text(tier.lower)},
                      "percent": _text(tier.percent), "amount": _text(tier.amount),
                      "currency": tier.currency, "unreviewed": not tier.reviewed, "evidence": tier.evidence})
    total = sum((t for t in (Decimal(x["percent"]) for x in lines if x["percent"])), Decimal(0))
    fixed = sum((Decimal(x["amount"]) for x in lines if x["amount"]), Decimal(0))
    due, capped = total, False
    if cap is not None and cap.percent is not None and total > cap.percent:
        due, capped = cap.percent, True
    if cap is not None and not cap.reviewed and lines:
        warnings.append("the service-credit cap has not been reviewed")
    period_fee = None if fee.monthly is None else fee.monthly * months
    amount = None
    if lines and period_fee is None and total:
        warnings.append("the monthly fee is not known from the price items: the credit is stated in percent only")
    elif lines:
        if not fee.reviewed:
            warnings.append("some price items of the monthly fee have not been reviewed")
        amount = _money((period_fee or Decimal(0)) * due / 100 + fixed)
        if cap is not None and cap.amount is not None and amount > cap.amount:
            amount, capped = _money(cap.amount), True
    return {
        "lines": lines, "percent_total": _text(total), "percent_due": _text(due), "capped": capped,
        "cap": None if cap is None else {"percent": _text(cap.percent), "amount": _text(cap.amount),
                                         "currency": cap.currency, "unreviewed": not cap.reviewed},
        "fee": {"monthly": _text(fee.monthly), "period": None if period_fee is None else _text(_money(period_fee)),
                "currency": fee.currency, "items": list(fee.items)},
        "amount_due": None if amount is None else format(amount, "f"), "currency": fee.currency,
        "warnings": sorted(set(warnings)),
    }
