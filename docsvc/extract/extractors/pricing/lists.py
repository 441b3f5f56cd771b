"""Price lists that lost their table structure (typical of PDF exhibits), read line by line.

A price-list line is a short noun phrase followed by an amount and nothing else but a charging unit:
"Operational Assistance Per Hour $89.10", "1-5,000 $2.00", "SEC mandated mailing $3.75 per account". Such lines
only count in runs of at least two, so prose that happens to wrap after an amount is not read as a price list.
Rate cards often print the currency sign on the first line only; a bare amount with two decimals ("2. SYSTEMS
DEVELOPMENT 100.00") inside a run takes the currency of its neighbours.
Web price cards and flattened table rows put the amount on a line of its own below its label ("VM-512" / "$4.00 /mo",
"Papierdokumente bis A4" / "EUR 0,50" / "EUR 0,25"): a line that is nothing but an amount with its currency (and a
charging unit) takes the label line above it as its description, again only in runs of two or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.pricing.common import (
    Currencies,
    classify_frequency,
    may_hold_money,
    money_in,
    own_cost,
    unit_phrase,
)
from docsvc.extract.extractors.pricing.text import BOUND_BEFORE_RE, NOT_PRICE_RE, UNIT_AFTER_RE, TextItem
from docsvc.extract.negative_context import NOT_PRICE, excluded
from docsvc.extract.normalize.numbers import decimal_str, parse_number
from docsvc.extract.types import Block, BlockKind, Line

MAX_LINE_CHARS = 110
MAX_LINE_GAP = 3  # lines between two members of one price list
# Plan cards list their features between two prices ("VM-512" / "$4.00 /mo" / six feature lines / "VM-1024" ...):
# detached amounts of the same currency and unit stay one run across such a card.
MAX_CARD_GAP = 12
SAME_ROW_POINTS = 3.0
_WORD_RE = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
# A list line starts like an entry (capital, digit, bullet, enumeration); prose wrapped mid-sentence does not.
_ENTRY_START_RE = re.compile(r"^[A-ZÄÖÜ0-9(•\-–>]")
# ... and is a noun phrase: a verb or a dangling function word means a sentence running over the line end.
_PROSE_RE = re.compile(r"\b(?:shall|will|must|may|agrees?|is|are|be|was|were|has|have|wird|werden|ist|sind)\b|"
                       r"\b(?:of|at|to|the|a|an|and|or|by|for|von|zu|der|die|das|und|oder|mit)\s*$", re.I)
_SKIP_RE = re.compile(r"\b(?:total|subtotal|summe|gesamt|minimum|maximum|cap|limits?|coverage|occurrence|deductible|"
                      r"aggregate)\b", re.I)
_BARE_AMOUNT_RE = re.compile(r"(?:^|\s)(?:\$\s?)?(?P<num>\d{1,3}(?:,\d{3})*\.\d{2}|\.\d{2})\s*$")
# Price-card typography sets the cents as a superscript that text extraction flattens to a separate group:
# "$ 4 00 /mo" is $4.00 a month. A two-digit group is never a thousands group, so only this reading is possible.
_SPLIT_CENTS_RE = re.compile(r"^(?P<cur>[$€£])\s?(?P<whole>\d{1,5})\s(?P<cents>\d{2})(?P<rest>\s*/\s*[A-Za-z]+\.?)?$")
# The label of a detached amount: a short name ("VM-512", "Standard", "Fotos und Dias (Standardgrößen)").
MAX_LABEL_CHARS = 60


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    item: dict[str, Any]
    source: Sentence
    has_currency: bool
    lead: str  # the last text before it that is no price line: the list's heading or lead-in sentence
    detached: bool = False  # an amount on a line of its own, named by the line above


def _rows(block: Block) -> list[tuple[str, int, int]]:
    """The visual rows of a block: PDF lines that share a baseline ("Label ... 1,000 ... $ 4.00") are one row."""
    if not block.lines:
        return [(block.text, 0, len(block.text))]
    rows: list[list[Line]] = []
    for ln in block.lines:
        prev = rows[-1][-1] if rows else None
        if prev is not None and prev.bbox and ln.bbox and abs(prev.bbox.bottom - ln.bbox.bottom) <= SAME_ROW_POINTS:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [(" ".join(ln.text for ln in row), row[0].start, row[-1].end) for row in rows]


def _entry_ok(desc: str, line: str) -> bool:
    return bool(desc and _ENTRY_START_RE.match(desc) and not _PROSE_RE.search(desc) and not _SKIP_RE.search(line)
                and not NOT_PRICE_RE.search(line) and not excluded(line, NOT_PRICE)
                and (_WORD_RE.search(desc) or re.search(r"\d", desc)))


def _item(desc: str, amount: Decimal, currency: str | None, unit_text: str | None, language: str) -> dict[str, Any]:
    return {
        "description": " ".join((desc + " " + (unit_text or "")).split()),
        "unit_price": decimal_str(amount),
        "currency": currency,
        "unit": unit_phrase(unit_text, language),
        "quantity": None,
        "frequency": classify_frequency(unit_text, desc),
    }


def _parse_line(text: str, language: str, currencies: Currencies) -> tuple[dict[str, Any], bool] | None:
    """The item a line states and whether it wrote its currency; None for anything but a price-list line."""
    text = text.strip()
    letters = currencies.letters
    if not text or len(text) > MAX_LINE_CHARS or not (text[-1].isdigit() or may_hold_money(text, letters)):
        return None
    found = money_in(text, language, currencies.dollar, letters) if may_hold_money(text, letters) else []
    if not found:
        bare = _BARE_AMOUNT_RE.search(text)
        desc = text[: bare.start()].strip(" .:–-\t$") if bare else ""
        amount = parse_number("0" + bare.group("num") if bare.group("num").startswith(".") else bare.group("num"),
                              "en") if bare else None
        if amount is None or not _WORD_RE.search(desc) or not _entry_ok(desc, text):
            return None
        return _item(desc, amount, None, None, language), False
    first = found[0]
    desc = text[: first.start].strip(" .:–-\t")
    # Everything after the first amount must be more amounts (year columns) or a charging unit.
    rest = text[first.end:]
    for extra in found[1:]:
        rest = rest.replace(text[extra.start: extra.end], " ")
    unit_m = UNIT_AFTER_RE.match(rest)
    if (rest[unit_m.end():] if unit_m else rest).strip(" .;,()") or BOUND_BEFORE_RE.search(text[: first.start]):
        return None
    if not _entry_ok(desc, text):
        return None
    return _item(desc, first.amount, first.currency, unit_m.group("unit") if unit_m else None, language), True


def _detached_amount(text: str, lead: str, language: str, currencies: Currencies) -> dict[str, Any] | None:
    """The item of a line holding only an amount with its currency (and a unit), named by the label line above."""
    text = _SPLIT_CENTS_RE.sub(lambda m: f"{m['cur']}{m['whole']}.{m['cents']}{m['rest'] or ''}", text.strip())
    if not text or len(text) > 40 or not may_hold_money(text, currencies.letters):
        return None
    found = money_in(text, language, currencies.dollar, currencies.letters)
    if len(found) != 1 or text[: found[0].start].strip(" ~"):
        return None
    rest = text[found[0].end:]
    unit_m = UNIT_AFTER_RE.match(rest)
    if (rest[unit_m.end():] if unit_m else rest).strip(" .;,()*"):
        return None
    # A lead-in sentence ("Prices:", "We charge the following.") is no label of one amount.
    if not lead or len(lead) > MAX_LABEL_CHARS or lead.rstrip().endswith((":", ".", "!", "?")):
        return None
    if not _entry_ok(lead, lead):
        return None
    unit_text = unit_m.group("unit") if unit_m else None
    return _item(lead, found[0].amount, found[0].currency, unit_text, language)


def _runs(lines: list[_Line]) -> list[list[_Line]]:
    runs: list[list[_Line]] = []
    for line in lines:
        prev = runs[-1][-1] if runs else None
        same_card = (prev is not None and prev.detached and line.detached
                     and (prev.item["currency"], prev.item["unit"]) == (line.item["currency"], line.item["unit"]))
        if prev is not None and line.number - prev.number <= (MAX_CARD_GAP if same_card else MAX_LINE_GAP):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def list_line_items(ctx: DocContext, currencies: Currencies) -> list[TextItem]:
    """Items of price-list runs: two or more lines, at least one of them with a written currency."""
    candidates: list[_Line] = []
    number = 0
    lead = ""
    for block in ctx.doc.blocks:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue
        for text, start, end in _rows(block):
            number += 1
            parsed = _parse_line(text, ctx.language, currencies)
            detached = None if parsed is not None else _detached_amount(text, lead, ctx.language, currencies)
            if detached is not None:
                parsed = (detached, True)
            if parsed is not None:
                sent = Sentence(text=text.strip(), block=block, start=start, end=end)
                candidates.append(_Line(number, parsed[0], sent, parsed[1], lead, detached is not None))
            elif text.strip():
                lead = text.strip()
    out: list[TextItem] = []
    for run in _runs(candidates):
        anchors = [ln for ln in run if ln.has_currency]
        if len(run) < 2 or not anchors:
            continue
        if currencies.costs_internal and own_cost(run[0].lead):
            continue  # "Infrastructure cost breakdown:" in a document that calculates its margins
        for ln in run:
            if currencies.costs_internal and own_cost(ln.item["description"]):
                continue
            item = dict(ln.item)
            if not ln.has_currency:
                nearest = min(anchors, key=lambda a: (abs(a.number - ln.number), a.number > ln.number))
                item["currency"] = nearest.item["currency"]
            item["currency"] = item["currency"] or currencies.default
            out.append(TextItem(item, ln.source, 0.6 if ln.has_currency else 0.45))
    return out
