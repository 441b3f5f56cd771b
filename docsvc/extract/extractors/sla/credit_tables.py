"""Service-credit tables: availability (or response) bands against a credit, one entry per tier.

Two layouts occur: a band column next to a credit column ("96.0% to 97.99% | 3% of the Monthly Service
Charge"), and the transposed form with tiers as columns ("Availability | 99.5% | 99% ..." over
"Monthly Rebate % | 0% | 10% ...").
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from docsvc.extract.context import DocContext, Row
from docsvc.extract.extractors.sla.vocab import CREDIT_HEADER_RE, is_observed, metric_of
from docsvc.extract.extractors.tables.grid import band_cell, is_threshold_header, read_grid
from docsvc.extract.negative_context import NOT_CREDIT, excluded
from docsvc.extract.normalize.durations import find_durations, words_to_digits
from docsvc.extract.normalize.numbers import (
    NUMBER_PATTERN,
    currency_code,
    decimal_str,
    find_money,
    find_percentages,
    parse_number,
    to_float,
)
from docsvc.extract.types import Table

# Comparators in a band ("less than 99.0% but equal to or greater than 95.0%", "unter 99,8 % bis 99,0 %").
_UPPER_RE = re.compile(
    r"(?:less\s+than|below|under|lower\s+than|fewer\s+than|<|unter(?:halb)?|weniger\s+als|kleiner\s+als)\s*$", re.I
)
_LOWER_RE = re.compile(
    r"(?:at\s+least|equal\s+to\s+or\s+(?:greater|more|higher)\s+than|greater\s+than\s+or\s+equal\s+to|≥|>=|"
    r"mindestens|down\s+to|but\s+not\s+less\s+than|bis(?:\s+einschließlich)?|ab)\s*$",
    re.I,
)
_LOWER_AFTER_RE = re.compile(r"^\s*(?:%|percent|prozent)?\s*(?:or\s+(?:higher|more|above|greater)|and\s+(?:above|"
                             r"higher)|und\s+(?:höher|mehr|darüber)|oder\s+(?:höher|mehr))", re.I)
_NIL_RE = re.compile(r"^\s*(?:nil|none|n/?a|keine?|kein\s+\w+|-|–|—|0(?:[.,]0+)?\s*%?|no\s+credit)\s*$", re.I)
_BASIS_RE = re.compile(
    r"(?:%|percent|prozent)\s*(?:of|der|des|vom|von)\s+(?:the\s+|that\s+|your\s+|dem\s+)?"
    r"(?P<basis>[\w'’ -]{3,60}?)\s*(?:for\b|für\b|in\b|im\b|[,.;:()]|$)",
    re.I,
)
_PERCENTAGE_OF_RE = re.compile(
    r"(?:percentage|prozentsatz|anteil)\s+(?:of|der|des)\s+(?:the\s+)?(?P<basis>[\w'’ -]{3,60}?)\s*"
    r"(?:for\b|für\b|[,.;:()]|$)",
    re.I,
)
_HEADER_CURRENCY_RE = re.compile(r"\(\s*([€£$]|[A-Z]{3})\s*\)|\bin\s+([€£$]|[A-Z]{3}|euro)\b", re.I)
_WEAK_CREDIT_HEADER_RE = re.compile(r"discount|rabatt|nachlass|abschlag", re.I)
_SLA_HEADER_RE = re.compile(r"service\s*level|\bsla\b|downtime|ausfall", re.I)
_BARE_NUMBER_RE = re.compile(rf"^\s*(?:{NUMBER_PATTERN})\s*$")
_TRAILING_CREDIT_RE = re.compile(rf"^(?P<band>.*%.*?)\s+(?P<credit>(?:{NUMBER_PATTERN})\s?%)\s*$")


def is_credit_table(grid: list[list[str]], header: int = 0) -> bool:
    return _layout(grid, header) is not None


# A cell or row stating the most a credit may reach is the cap, not a tier.
_CAP_CELL_RE = re.compile(r"\s*(?:(?:no|not)\s+more\s+than|up\s+to|max(?:imum|\.)?\b|capped\s+at|höchstens|maximal|"
                          r"bis\s+zu|nicht\s+mehr\s+als)", re.I)
_CAP_LABEL_RE = re.compile(r"\b(?:maximum|max\.|cap|ceiling)\b|höchst|maximal|obergrenze|deckel", re.I)


def credits_from_tables(ctx: DocContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for table in ctx.tables:
        if excluded(table.caption or "", NOT_CREDIT, scope=table.section):
            continue  # a worked example of the credit rule
        read = read_grid(table, ctx.language)
        layout = _layout(read.rows, max(read.header, 0))
        if layout is None:
            continue
        credit_header, band_header, tiers = layout
        caption = table.caption or ""
        metric = metric_of(band_header) or metric_of(caption)
        # Further credit columns (one per service class: "Credit (Essential/Pro) | Credit (Premium/Enterprise)")
        # give their own tiers, after the first column's.
        extra = _more_credit_columns(read.rows, max(read.header, 0), credit_header)
        for row_index, band, cell, credit_header in [(*t, credit_header) for t in tiers] + extra:
            label = read.rows[row_index][0] if read.rows[row_index] else ""
            if _CAP_CELL_RE.match(cell) or _CAP_LABEL_RE.search(label):
                continue  # "No more than 10% of the monthly cost", a row "Maximum penalty per month": a cap
            entry = _credit_entry(cell, credit_header, ctx.language)
            if entry is None:
                continue
            basis = basis_of(cell) or basis_of(credit_header) or basis_of(caption)
            entry.update({
                "metric": metric,
                "threshold": parse_threshold(band, ctx.language) if band else None,
                "basis": basis,
                "confidence": 0.9,
                "evidence": _evidence(table, row_index),
            })
            out.append(entry)
    return out


def _more_credit_columns(grid: list[list[str]], header: int, first: str) -> list[tuple[int, str, str, str]]:
    head = grid[header]
    cols = [j for j, c in enumerate(head) if j > 0 and CREDIT_HEADER_RE.search(c)]
    if len(cols) < 2 or head[cols[0]] != first:
        return []
    out = []
    for j in cols[1:]:
        for i, row in enumerate(grid[header + 1:], header + 1):
            if j < len(row) and row[j]:
                band = " ".join(band_cell(head[k], row[k]) for k in range(min(cols[0], len(row))) if row[k]
                                and is_threshold_header(head[k])) or row[0]
                out.append((i, band, row[j], head[j]))
    return out


def _evidence(table: Table, row_index: int) -> dict[str, Any]:
    return Row(table, row_index).evidence()


def _layout(grid: list[list[str]], header: int = 0) -> tuple[str, str, list[tuple[int, str, str]]] | None:
    """(credit header, band header, [(row index, band text, credit cell)]) when the grid is a credit table."""
    if len(grid) < header + 2:
        return None
    head = grid[header]
    # "Discount" / "Nachlass" columns are credits only against service levels, not volume or early-payment tiers.
    weak_ok = bool(metric_of(head[0]) or _SLA_HEADER_RE.search(head[0]))
    for j, cell in enumerate(head):
        if is_observed(cell):
            continue  # "Credits Received": amounts paid out in a past period, not a tier of the credit rule
        if j > 0 and (CREDIT_HEADER_RE.search(cell) or (weak_ok and _WEAK_CREDIT_HEADER_RE.search(cell))):
            tiers = [(i, *_band_and_credit(row, j, head)) for i, row in enumerate(grid[header + 1:], header + 1)]
            tiers = [t for t in tiers if t[2]]
            if any(_has_value(c, cell) for _, _, c in tiers):
                return cell, head[0], tiers
    for i, row in enumerate(grid):
        if row and CREDIT_HEADER_RE.search(row[0]) and not is_observed(row[0]):
            band_row = next((r for r in grid if r is not row and r and metric_of(r[0])), grid[0] if i else None)
            if band_row is None:
                continue
            tiers = [(i, band_row[j] if j < len(band_row) else "", c) for j, c in enumerate(row) if j > 0 and c]
            if any(_has_value(c, row[0]) for _, _, c in tiers):
                return row[0], band_row[0], tiers
    return _ladder_layout(grid, header)


# A band cell: a range of two numbers ("99.8% bis 98%", "99,5 - 99,6%") or one bound with a comparator
# ("89.9% oder weniger", "below 95%").
_BAND_WORD_RE = re.compile(
    r"(?:less|fewer|lower)\s+than|below|under|or\s+(?:less|lower|below)|and\s+(?:below|under)|above|at\s+least|"
    r"unter(?:halb)?|weniger|darunter|oder\s+(?:weniger|niedriger)|mindestens|ab\b|[<>≤≥]", re.I)
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_DOWNTIME_HEADER_RE = re.compile(r"downtime|outage|unavailab|ausfall|nichtverfügbar|unterbrechung", re.I)
_LEAD_PERCENT_RE = re.compile(rf"^\s*(?P<num>{NUMBER_PATTERN})\s*(?:%|percent\b|prozent\b)", re.I)


def _ladder_layout(grid: list[list[str]], header: int) -> tuple[str, str, list[tuple[int, str, str]]] | None:
    """A credit table whose remedy column has no credit word ("Rückvergütung", "Percentage of monthly balance"):
    told by its cell types instead. The first column holds availability bands, one per row, ordered; another
    column holds only percentages that grow as the bands fall. A target table has no such bands (one value per
    row), and a downtime column names its metric, so neither takes this shape."""
    body = [(i, row) for i, row in enumerate(grid[header + 1:], header + 1) if row and any(row)]
    while body and not any(_NUMBER_RE.search(c) for c in body[0][1]):
        body.pop(0)  # a header wrapped onto a second line in a PDF ("DEN MONAT | GUTHABENS")
    if len(body) < 3:
        return None
    tops: list[float] = []
    for _, row in body:
        pct = find_percentages(row[0])
        if not pct or not (len(_NUMBER_RE.findall(row[0])) >= 2 or _BAND_WORD_RE.search(row[0])):
            return None
        tops.append(max(to_float(v) for v, _, _ in pct))
    falling = all(a > b for a, b in zip(tops, tops[1:], strict=False))
    if not falling and not all(a < b for a, b in zip(tops, tops[1:], strict=False)):
        return None
    head = grid[header]
    for j in range(1, len(head)):
        if metric_of(head[j]) or is_observed(head[j]) or _DOWNTIME_HEADER_RE.search(head[j]):
            continue
        leads = [_LEAD_PERCENT_RE.match(row[j]) if j < len(row) else None for _, row in body]
        if not all(leads):
            continue
        credits = [to_float(parse_number(m.group("num")) or Decimal(0)) for m in leads if m]
        if not falling:
            credits.reverse()
        if all(a <= b for a, b in zip(credits, credits[1:], strict=False)) and credits[0] < credits[-1] <= 100:
            return head[j], head[0], [(i, row[0], row[j]) for i, row in body]
    return None


def _band_and_credit(row: list[str], j: int, head: list[str]) -> tuple[str, str]:
    """The band and credit cells of a row. Bounds in their own columns ("gleich oder größer als | kleiner als")
    are read with their header's comparator. PDF table detection sometimes puts the credit into the band cell
    ("Less than 99.0% but at least 95.0% 25%" next to an empty cell): a trailing percentage after a band is
    the credit then."""
    bounds = [band_cell(head[k], row[k]) for k in range(min(j, len(row), len(head)))
              if row[k] and is_threshold_header(head[k])]
    band = " ".join(bounds) if bounds else row[0]
    credit = row[j] if j < len(row) else ""
    if not credit:
        m = _TRAILING_CREDIT_RE.match(band)
        if m:
            return m.group("band"), m.group("credit")
    return band, credit


def _has_value(cell: str, header: str) -> bool:
    return _credit_entry(cell, header, "en") is not None


def _credit_entry(cell: str, header: str, language: str) -> dict[str, Any] | None:
    """credit_percent, or credit_amount + currency, from a credit cell (a bare number takes the header's unit)."""
    if not cell or _NIL_RE.match(cell):
        return None
    cell = words_to_digits(cell, language)
    pct = find_percentages(cell, language)
    money = find_money(cell, language)
    if money and (not pct or money[0].start < pct[0][1]):
        return {"credit_amount": money[0].amount_str, "currency": money[0].currency}
    if pct:
        return {"credit_percent": to_float(pct[0][0])} if pct[0][0] > 0 else None
    if _BARE_NUMBER_RE.match(cell):
        value = parse_number(cell, language)
        if value is None or value <= 0:
            return None
        if re.search(r"%|percent|prozent", header, re.I):
            return {"credit_percent": to_float(value)}
        cur = _HEADER_CURRENCY_RE.search(header)
        if cur:
            return {"credit_amount": decimal_str(value), "currency": currency_code(cur.group(1) or cur.group(2))}
    return None


def basis_of(text: str) -> str | None:
    m = _BASIS_RE.search(text) or _PERCENTAGE_OF_RE.search(text)
    return m.group("basis").strip() if m else None


def parse_threshold(text: str, language: str) -> dict[str, Any] | None:
    """A credit band: ``upper`` (exclusive) and ``lower`` (inclusive) bounds, as far as the wording gives them."""
    text = words_to_digits(text, language)
    pct = find_percentages(text, language)
    values: list[tuple[float, int, int]] = [(to_float(v), s, e) for v, s, e in pct]
    unit = "percent" if values else None
    if not values:
        durations = find_durations(text, language)
        values = [(to_float(d.amount), d.start, d.end) for d in durations]
        unit = {"minute": "minutes", "hour": "hours", "day": "days"}.get(durations[0].unit) if durations else None
    if not values:
        return {"upper": None, "lower": None, "unit": None, "text": text} if text else None
    upper = lower = None
    span = [values[0][1], values[-1][2]]
    for value, start, end in values:
        before, after = text[:start], text[end:]
        if m := _UPPER_RE.search(before):
            upper = value
        elif m := _LOWER_RE.search(before):
            lower = value
        elif m := _LOWER_AFTER_RE.match(after):
            lower = value
            span[1] = max(span[1], end + m.end())
        span[0] = min(span[0], m.start() if m and m.start() < start else start)
    if len(values) == 2 and (upper is None) != (lower is None):
        # "99.0% – < 99.95%": the bound without a comparator is the other end of the band.
        other = next(v for v, _, _ in values if v not in (upper, lower))
        upper, lower = (upper, other) if lower is None else (other, lower)
    elif upper is None and lower is None and len(values) == 2:
        lower, upper = sorted(v for v, _, _ in values)  # "96.0% to 97.99%"
    elif upper is None and lower is None:
        upper = values[0][0]
    # A band inside a sentence is reported as its own wording ("less than 99.95% but at least 99.5%").
    return {"upper": upper, "lower": lower, "unit": unit, "text": text[span[0]:span[1]].strip(" ,;")}
