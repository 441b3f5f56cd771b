"""Price tables, row by row: find the header, give each column a role, read one item per row and price column.

A price schedule names its columns with a small vocabulary (``patterns/*/pricing_headers.json``): a description
("Item", "Leistung"), one or more price columns ("Unit price (€)", "MRC", "Einmaliger Bereitstellungspreis"),
optional quantity, unit and total columns. Totals are never unit prices, so total columns are dropped, as are
rows that sum up the table. A row with a monthly and a one-off price yields two items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docsvc.extract.context import Row
from docsvc.extract.extractors.pricing.common import (
    Currencies,
    cell_amount,
    charging_unit,
    classify_frequency,
    currency_in_words,
    header_vocabulary,
    money_in,
    own_cost,
)
from docsvc.extract.extractors.pricing.plan_tables import dual_currency, price_row_items
from docsvc.extract.extractors.pricing.table_rows import TOTAL_ROW_RE, TableItem
from docsvc.extract.extractors.tables.grid import cell_kind
from docsvc.extract.negative_context import NOT_PRICE, excluded
from docsvc.extract.normalize.numbers import decimal_str, parse_number
from docsvc.extract.types import Table

MAX_HEADER_ROWS = 3
# Roles in the order they are tried: "Monthly total (€)" is a total, not a price; "Unit price" a price, not a unit.
_ROLE_ORDER = ("exclude", "total", "price", "quantity", "reference", "unit", "description")
_VALUE_TOKEN_RE = re.compile(r"^(?:[€£$]?\d[\d.,'’]*(?:\s[€£$]|\s[A-Z]{3})?|[–—-]|n/a|waived|included|nil|entfällt)$",
                             re.I)
_VALUE_ROLES = ("price", "price_weak", "total", "quantity")
_CURRENCY_TOKEN_RE = re.compile(r"^(?:[€£$]|EUR|USD|GBP|CHF)$")
_PER_PHRASE_RE = re.compile(r"\b(?:per|je|pro)\s+[\w-]+", re.I)


@dataclass
class Column:
    index: int
    role: str | None
    label: str
    frequency: str | None = None
    currency: str | None = None




def _role(label: str) -> str | None:
    vocab = header_vocabulary()
    if TOTAL_ROW_RE.search(label) and not vocab["price"].search(label):
        return "total"  # "MwSt (19%)", "Gesamt": a column that adds up or adds tax holds no unit prices
    for role in _ROLE_ORDER:
        if label and vocab[role].search(label):
            return role
    return None


def _has_amount(cells: list[str], language: str) -> bool:
    return any(cell_amount(c, language) is not None or money_in(c, language) for c in cells)


def _is_title(cells: list[str]) -> bool:
    """A caption row inside the table: one text, alone or repeated across merged cells ("Schedule 3 – Charges")."""
    filled = {c.strip() for c in cells if c.strip()}
    return len(cells) >= 2 and len(filled) == 1


def _header_rows(texts: list[list[str]], language: str) -> list[int]:
    """Indexes of the leading rows that form the header, title rows left out (empty: no price header).

    A header wrapped over two rows can open with a row of word halves that name no role on their own
    ("| | Monthly | Target" over "Package | Price | Market"): such rows belong to the header when a row with
    roles follows before any amount.
    """
    rows: list[int] = []
    pending: list[int] = []
    for i, cells in enumerate(texts[:MAX_HEADER_ROWS]):
        if _has_amount(cells, language) or not any(c.strip() for c in cells):
            break
        if _is_title(cells) and not rows:
            continue
        if not any(_role(c) in ("price", "description", "total") for c in cells if c.strip()):
            if rows:
                break
            pending.append(i)
            continue
        rows += pending + [i]
        pending = []
    return rows


def is_margin_analysis(table: Table) -> bool:
    """A cost or margin calculation ("Retail Price | Cost | Gross Margin | Margin %"): the provider's own
    arithmetic, whose amounts are costs or repeat the price list, so none of them is a price item."""
    margin = header_vocabulary()["margin"]
    return any(margin.search(c) for cells in table.texts()[:MAX_HEADER_ROWS] for c in cells if c.strip())


def _columns(header: list[list[str]]) -> list[Column]:
    width = max(len(r) for r in header)
    columns = []
    for i in range(width):
        parts: list[str] = []
        for row in header:
            cell = row[i].strip() if i < len(row) else ""
            if cell and cell not in parts:
                parts.append(cell)
        label = " ".join(parts)
        role = _role(label) or ("price_weak" if label and header_vocabulary()["price_weak"].search(label) else None)
        col = Column(i, role, label)
        if role in ("price", "price_weak"):
            # Only a billing period in the header applies to the whole column; "Unit price" says nothing.
            frequency = classify_frequency(label)
            col.frequency = frequency if frequency != "per_unit" or _PER_PHRASE_RE.search(label) else None
            col.currency = currency_in_words(label)
            col.label = parts[-1] if parts else label
        columns.append(col)
    return columns


def _price_columns(columns: list[Column], data: list[list[str]], language: str) -> list[Column]:
    """Price columns. A column named only by a billing period ("Monthly") needs amounts with a currency in it;
    next to a unit-price column an "Amount"/"Betrag" column holds extended totals, and next to a net (offer)
    price a list price is not what the customer pays. A price-named column without any amount ("Charge",
    "Fee type") names the items instead and becomes a description candidate."""
    vocab = header_vocabulary()
    for col in columns:
        if col.role == "price" and not any(cell_amount(_cell(row, col), language) for row in data):
            col.role = None
    prices = [c for c in columns if c.role == "price" or (
        c.role == "price_weak" and any(money_in(_cell(row, c), language) for row in data)
        and not _plan_column(c, columns, data, language))]
    if any(vocab["unit_price"].search(c.label) for c in prices):
        prices = [c for c in prices if vocab["unit_price"].search(c.label) or not vocab["extended"].search(c.label)]
    if any(vocab["net_price"].search(c.label) for c in prices):
        prices = [c for c in prices if not vocab["list_price"].search(c.label)]
    return prices


def _plan_column(col: Column, columns: list[Column], data: list[list[str]], language: str) -> bool:
    """A column named by a word that can also be a billing basis ("GROSS" of "KLEIN | MITTEL | GROSS", "Net")
    that is one plan among unnamed siblings: in every row where it holds an amount, an unnamed column holds one
    too. Its price row then prices every plan, not only this one."""
    siblings = [c for c in columns if c.role is None and c.index != col.index]
    rows = [row for row in data if money_in(_cell(row, col), language)]
    return bool(siblings) and all(any(money_in(_cell(row, c), language) for c in siblings) for row in rows)


def _value_column(col: Column, data: list[list[str]], language: str) -> bool:
    kinds = [cell_kind(r[col.index], language) for r in data if col.index < len(r) and r[col.index]]
    return bool(kinds) and sum(k in ("duration", "percent", "threshold") for k in kinds) * 2 > len(kinds)


def _description_column(columns: list[Column], data: list[list[str]], language: str) -> Column | None:
    """The description candidate with the longest texts ("Item" may hold codes next to a "Description")."""
    candidates = [c for c in columns if c.role == "description"]
    if not candidates:
        # An unnamed column of values (response times, percentages) describes nothing; a service window or a
        # label does ("Mo–Fr 8–18 Uhr | vier Stunden | 250,00 €").
        candidates = [c for c in columns if c.role is None and not _value_column(c, data, language)]
    if not candidates:
        # A tiered rate card names its rows by the volume band ("0 - 10,000 | £0.0049").
        candidates = [c for c in columns if c.role in ("quantity", "unit", "reference")][:1]
    if not candidates:
        return None

    def avg_len(col: Column) -> float:
        vals = [len(r[col.index]) for r in data if col.index < len(r)]
        return sum(vals) / len(vals) if vals else 0.0

    return max(candidates, key=avg_len)


def _cell(cells: list[str], col: Column | None) -> str:
    return cells[col.index].strip() if col is not None and col.index < len(cells) else ""


def _uncollapse(cells: list[str], columns: list[Column], desc_col: Column | None, ref_col: Column | None) -> list[str]:
    """Split a row whose whole text landed in its first cell (PDF rows on a shaded background can come out so).

    The value columns right of the description take the last value tokens of the text, in order; a leading
    code goes to the reference column and the rest is the description.
    """
    if desc_col is None or len(cells) < 3 or not cells[0].strip() or any(c.strip() for c in cells[1:]):
        return cells
    value_cols = [c for c in columns if c.index > desc_col.index and c.role in _VALUE_ROLES]
    tokens: list[str] = []
    for token in cells[0].split():
        if tokens and _CURRENCY_TOKEN_RE.match(token):
            tokens[-1] += " " + token  # "18,90 €" is one value
        else:
            tokens.append(token)
    picked = [i for i in range(len(tokens)) if _VALUE_TOKEN_RE.match(tokens[i])][-len(value_cols):]
    if not value_cols or len(picked) < len(value_cols):
        return cells
    out = [""] * len(cells)
    for col, i in zip(value_cols, picked, strict=True):
        out[col.index] = tokens[i]
    rest = [t for i, t in enumerate(tokens) if i not in picked]
    if ref_col is not None and rest and re.fullmatch(r"[\w.-]{1,6}", rest[0]) and re.search(r"\d", rest[0]):
        out[ref_col.index] = rest.pop(0)
    out[desc_col.index] = " ".join(rest)
    return out


def table_items(table: Table, language: str, currencies: Currencies,
                continued: list[list[str]] | None = None) -> tuple[list[TableItem], list[list[str]] | None]:
    """Price items of one table, and its header rows (None when it is no price table).

    ``continued`` is the header of the price table right before: a table broken across pages often does not
    repeat its header, so a headerless table of the same width continues it. In a document that calculates its
    margins, a column named only "Cost" holds the provider's own costs.
    """
    texts = table.texts()
    if not texts or excluded(table.caption or "", NOT_PRICE, scope=table.section):
        return [], None
    header_rows = _header_rows(texts, language)
    if header_rows and len(texts) > header_rows[-1] + 1:
        header, n_header = [texts[i] for i in header_rows], header_rows[-1] + 1
    elif not header_rows and continued and len(continued[-1]) == max(len(r) for r in texts):
        header, n_header = continued, 0
    elif header_rows and len(header_rows) == len(texts) and any(_role(c) == "price" for r in texts for c in r):
        # A header alone (a PDF table whose rows the page break or the layout split off): its rows follow.
        return [], [texts[i] for i in header_rows]
    else:
        return price_row_items(table, language, currencies) or _headerless_items(table, language, currencies), None
    columns = _columns(header)
    if any(header_vocabulary()["margin"].search(c.label) for c in columns if c.label):
        return [], header  # a margin analysis, and so are its continuations on the next pages
    data = texts[n_header:]
    prices = _price_columns(columns, data, language)
    if currencies.costs_internal:
        prices = [c for c in prices if not own_cost(c.label)]
    if not prices:
        # Plans as columns, the price as a row ("Feature | Starter | Pro" over "Price | $99/mo | $499/mo").
        by_row = price_row_items(table, language, currencies)
        if by_row:
            return by_row, None
        # The "header" named no price column: it may be a first row of the list itself ("Annual Surety Fee |
        # Waived upon | Enrollment" over "Customization of statements | | $500.00").
        return _headerless_items(table, language, currencies), None
    for col in columns:
        if col.role == "price_weak" and col not in prices:
            col.role = None  # "Monthly pages" over volume bands names the rows, it holds no prices
    desc_col = _description_column(columns, data, language)
    unit_col = next((c for c in columns if c.role == "unit"), None)
    qty_col = next((c for c in columns if c.role == "quantity" and c is not desc_col), None)
    ref_col = next((c for c in columns if c.role == "reference"), None)
    table_currency = currency_in_words(table.caption or "") if table.caption else None
    out: list[TableItem] = []
    for offset, raw in enumerate(data):
        row_index = n_header + offset
        cells = _uncollapse(raw, columns, desc_col, ref_col)
        desc = _cell(cells, desc_col) or _cell(cells, ref_col)
        if not desc or TOTAL_ROW_RE.search(desc) or cells == header[0]:  # PDF tables repeat the header
            continue
        unit_text = _cell(cells, unit_col)
        for col in prices:
            parsed = cell_amount(_cell(cells, col), language, currencies.dollar)
            if parsed is None:
                continue
            amount, cell_currency = parsed
            currency = cell_currency or col.currency or table_currency or currencies.default
            # The caption speaks for the whole table ("Installation & Setup Fees", "Monthly charges").
            frequency = (col.frequency or classify_frequency(unit_text, _cell(cells, col), desc, events=not unit_text)
                         or ("per_unit" if unit_text else None) or classify_frequency(table.caption))
            label = f"{desc} ({col.label})" if len(prices) > 1 and col.label else desc
            qty = parse_number(_cell(cells, qty_col), language) if _cell(cells, qty_col) else None
            per = _PER_PHRASE_RE.search(desc) or _PER_PHRASE_RE.search(col.label)
            item: dict[str, Any] = {
                "description": label,
                "unit_price": decimal_str(amount),
                "currency": currency,
                "unit": charging_unit(unit_text, language) or (per.group(0) if per else None),
                "quantity": float(qty) if qty is not None else None,
                "frequency": frequency,
            }
            # The table itself naming the currency is surest; the document's currency a fair guess.
            confidence = 0.9 if cell_currency or col.currency or table_currency else 0.75 if currency else 0.5
            out.append(TableItem(item, Row(table, row_index), confidence))
    return out, header


def _headerless_items(table: Table, language: str, currencies: Currencies) -> list[TableItem]:
    """A bare price list: rows of a description, perhaps a charging unit, and one amount with a currency
    ("Consultation | $100.00", "Operational Assistance | Per Hour | $89.10")."""
    out: list[TableItem] = []
    for i, cells in enumerate(table.texts()):
        filled = [c.strip() for c in cells if c.strip()]
        if not 2 <= len(filled) <= 3:
            continue
        desc, price, unit = filled[0], filled[-1], " ".join(filled[1:-1])
        money = money_in(price, language, currencies.dollar)
        if len(money) > 1 and "(" in price[money[0].end:] and cell_amount(price, language, currencies.dollar):
            # "$3.75 per account ($500.00 minimum)": the bracket after the price is a note
            price = price[:price.index("(", money[0].end)].strip()
            money = money[:1]
        pair = dual_currency(price, money)
        if pair:
            money = pair  # "CHF 30,- / 28,- € je angefangene 15 Minuten": one price in two currencies
        elif len(money) != 1:
            continue
        if money_in(desc + " " + unit, language) or not re.search(r"[A-Za-zÄÖÜäöü]{3}", desc):
            continue
        if TOTAL_ROW_RE.search(desc) or header_vocabulary()["exclude"].search(desc):
            continue
        if len(price) - (money[-1].end - money[0].start) > 45:  # a sentence mentioning money, not a price cell
            continue
        out += [TableItem({
            "description": desc,
            "unit_price": decimal_str(m.amount),
            "currency": m.currency or currencies.default,
            "unit": charging_unit(unit, language) if classify_frequency(unit) == "per_unit" else None,
            "quantity": None,
            "frequency": classify_frequency(unit, price, desc),
        }, Row(table, i), 0.6) for m in money]
    # One stray amount in a table is more likely a fact than a price list.
    return out if len(out) >= 2 else []
