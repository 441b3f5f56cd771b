"""Net prices restated with sales tax are one price: "100 € netto (119 € inkl. MwSt.)", a table with a net and a
gross column ("Preis netto | Preis brutto"), "€ 50 excl. VAT / € 60 incl. VAT".

Billing compares invoices with the net price, and a price list that restates every price gross would otherwise
list each item twice. A pair is a restatement only when both amounts come from the same row or sentence, the
larger is the smaller plus a sales-tax rate that exists somewhere (5 % to 27 %, cents rounded either way), and
the text says it is gross ("brutto", "inkl. MwSt.", "incl. VAT", "TTC"). A lone gross price stays: it is the only
price given.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from docsvc.extract.extractors.pricing.common import money_in

# Standard and reduced VAT / GST / sales-tax rates in use (EU, CH, UK, AU, NZ, ...): the restatement's ratio.
_TAX_RATES = tuple(Decimal(r) for r in (
    "0.05", "0.06", "0.07", "0.077", "0.081", "0.08", "0.09", "0.10", "0.13", "0.15", "0.16", "0.17", "0.19",
    "0.20", "0.21", "0.22", "0.23", "0.24", "0.25", "0.255", "0.27"))
_GROSS_RE = re.compile(
    r"\b(?:brutto|gross|ttc)\b|\bink?l\.?\s*(?:\d+\s*%\s*)?(?:der\s+)?(?:gesetzl\w*\s+)?(?:mwst|ust|mehrwertsteuer|"
    r"umsatzsteuer)|\bincl(?:\.|uding|usive(?:\s+of)?)?\s*(?:\d+\s*%\s*)?(?:vat|gst|tax(?:es)?|sales\s+tax)\b",
    re.I)


def _restates(net: Decimal, gross: Decimal) -> bool:
    # Each amount was rounded to cents on its own, so allow one cent either way (more for whole-euro lists).
    tolerance = Decimal("0.011") if gross != gross.to_integral_value() else Decimal("0.51")
    return any(abs(net * (1 + rate) - gross) <= tolerance for rate in _TAX_RATES)


def _says_gross(entry: dict[str, Any]) -> bool:
    evidence = entry.get("evidence") or {}
    return bool(_GROSS_RE.search(f"{entry.get('description') or ''} {evidence.get('text') or ''}"))


def drop_gross_restatements(entries: list[tuple[Any, dict[str, Any]]],
                            language: str) -> list[tuple[Any, dict[str, Any]]]:
    """``entries`` (source, entry) without the gross amounts that restate a net amount of the same source: a
    table row, or a paragraph (the sentencizer may cut "excl. VAT" from the gross amount after it)."""
    groups: dict[Any, list[int]] = {}
    for i, (source, _) in enumerate(entries):
        groups.setdefault(source, []).append(i)
    dropped: set[int] = set()
    for members in groups.values():
        for g in members:
            gross = entries[g][1]
            if not _says_gross(gross):
                continue
            amount = Decimal(str(gross["unit_price"]))
            nets = [Decimal(str(entries[n][1]["unit_price"])) for n in members if n != g and n not in dropped
                    and entries[n][1].get("currency") == gross.get("currency")]
            # the row's own net amount, when an identical earlier row already stands for it
            nets += [m.amount for m in money_in((gross.get("evidence") or {}).get("text") or "", language)
                     if m.currency in (None, gross.get("currency"))]
            if any(net < amount and _restates(net, amount) for net in nets):
                dropped.add(g)
    return [pair for i, pair in enumerate(entries) if i not in dropped]
