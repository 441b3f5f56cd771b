"""Plan sheets: tables that compare plans in columns and state the price in a row ("Feature | Starter | Pro" over
"Price | $99/mo | $499/mo") or in the plan's header cell ("Basic – 9 €/Monat"), and cells that write one price in two
currencies ("CHF 30,- / 28,- €")."""

from __future__ import annotations

import re

from docsvc.extract.context import Row
from docsvc.extract.extractors.pricing.common import (
    Currencies,
    cell_amount,
    classify_frequency,
    header_vocabulary,
    money_in,
)
from docsvc.extract.extractors.pricing.table_rows import TOTAL_ROW_RE, TableItem
from docsvc.extract.normalize.numbers import MoneyValue, decimal_str
from docsvc.extract.types import Table


def price_row_items(table: Table, language: str, currencies: Currencies) -> list[TableItem]:
    """A comparison table with the plans as columns and the price as one of its rows ("Feature | Starter | Pro |
    Enterprise" over "Price | $99/mo | $499/mo | Custom"): one item per plan column whose cell holds an amount.

    Only a row whose first cell names a price counts; the other rows of such tables are limits and features.
    """
    texts = table.texts()
    if len(texts) < 2 or len(texts[0]) < 3:
        return []
    plans = [c.strip() for c in texts[0]]
    vocab = header_vocabulary()
    out: list[TableItem] = []
    for i, cells in enumerate(texts[1:], start=1):
        label = cells[0].strip() if cells else ""
        if not label or len(label) > 40 or vocab["exclude"].search(label) or TOTAL_ROW_RE.search(label) \
                or _NOT_PRICE_ROW_RE.search(label):
            continue
        # Once a price row has shown the table compares plans, a row of amounts in every plan is priced too
        # ("Additional user | $9 | $7 | $5"); before that, only a row named as a price counts.
        if not (vocab["price"].search(label) or _FEE_ROW_RE.search(label)) and not (out and all(
                money_in(cell, language, currencies.dollar) for cell in cells[1:len(plans)] if cell.strip())):
            continue
        found: list[TableItem] = []
        for j, cell in enumerate(cells[1:], start=1):
            pair = dual_currency(cell, money_in(cell, language, currencies.dollar))
            parsed = [(m.amount, m.currency) for m in pair] if pair else [
                p for p in [cell_amount(cell, language, currencies.dollar)] if p is not None]
            if not parsed or j >= len(plans) or not plans[j]:
                continue
            for amount, cell_currency in parsed:
                # "Setup | 0 € | 29 €": the free plan has no such fee. Bare numbers under sizes ("VM Price | 51.3 |
                # 98.4" under "8 | 16 GB") are a calculation; a plan sheet writes its currency and names its plans,
                # if only by a letter ("S | M | L").
                if not amount or not cell_currency or not re.search(r"[^\W\d_]", plans[j]):
                    continue
                found.append(TableItem({
                    "description": f"{plans[j]} ({label})",
                    "unit_price": decimal_str(amount),
                    "currency": cell_currency or currencies.default,
                    "unit": None,
                    "quantity": None,
                    "frequency": classify_frequency(cell, label),
                }, Row(table, i), 0.8))
        # One amount under one plan is no comparison; a row of amounts across the plans is. A fee row
        # ("Setup | 0 € | 29 €") counts once a price row has shown the table compares plans.
        if len(found) >= 2 or (found and out):
            out += found
    return out or header_cell_items(table, language, currencies)


# Rows of one-time and recurring fees under plan columns ("Setup fee", "Einrichtung", "Bereitstellung").
_FEE_ROW_RE = re.compile(r"\b(?:set-?up|installation|activation|onboarding|fees?|charges?)\b|"
                         r"einrichtung|bereitstellung|anschluss|gebühr|entgelt|grundpreis", re.I)
# Rows of amounts under plans that are limits or values, not what the plan costs.
_NOT_PRICE_ROW_RE = re.compile(r"\b(?:cap|maximum|max\.?|worth|valued?|budget|spend(?:ing)?|credits?)\b|"
                               r"limit|höchst|obergrenze|guthaben|wert\b", re.I)
# A plan header naming its price: "Basic – 9 €/Monat", "Pro: $19/month".
_HEADER_PRICE_RE = re.compile(r"^\s*(?P<name>[^\d€$£:–—|]{2,40}?)\s*[-–—:|]\s*(?P<price>.+)$")


def header_cell_items(table: Table, language: str, currencies: Currencies) -> list[TableItem]:
    """Plan columns whose header cells carry the price ("Paket | Basic – 9 €/Monat | Pro – 19 €/Monat"): one item
    per such cell, when at least two header cells do."""
    texts = table.texts()
    if not texts:
        return []
    found: list[TableItem] = []
    for cell in texts[0]:
        m = _HEADER_PRICE_RE.match(cell)
        parsed = cell_amount(m.group("price"), language, currencies.dollar) if m else None
        if m is None or parsed is None or not parsed[0]:
            continue
        amount, cell_currency = parsed
        found.append(TableItem({
            "description": m.group("name").strip(),
            "unit_price": decimal_str(amount),
            "currency": cell_currency or currencies.default,
            "unit": None,
            "quantity": None,
            "frequency": classify_frequency(m.group("price")),
        }, Row(table, 0), 0.7 if cell_currency else 0.5))
    return found if len(found) >= 2 else []


# The same price in two currencies, side by side: "CHF 30,- / 28,- €", "€50 (USD 55)".
_DUAL_GAP_RE = re.compile(r"^\s*(?:/|\||\(|or|oder|bzw\.?)\s*$", re.I)


def dual_currency(text: str, money: list[MoneyValue]) -> list[MoneyValue]:
    """Both amounts of a cell that writes one price in two currencies, else nothing."""
    if len(money) != 2 or not money[0].currency or not money[1].currency or money[0].currency == money[1].currency:
        return []
    return money if _DUAL_GAP_RE.match(text[money[0].end: money[1].start]) else []
