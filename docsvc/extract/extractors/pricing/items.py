"""Pricing: price items (tables row by row, then prices in sentences and plain-text price lists), the contract
currency, the invoice payment period and a minimum commitment.

Items keep document order and stop at ``MAX_ITEMS`` (the labelling convention: a long rate card is summarised by
its first rows). A short paragraph can be both a sentence and a price-list line; it is read once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from docsvc.extract.context import DocContext, value
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.pricing.common import Currencies, dollar_currency, letter_symbols
from docsvc.extract.extractors.pricing.gross import drop_gross_restatements
from docsvc.extract.extractors.pricing.lists import list_line_items
from docsvc.extract.extractors.pricing.tables import is_margin_analysis, table_items
from docsvc.extract.extractors.pricing.terms import document_currency, minimum_commitment, payment_terms
from docsvc.extract.extractors.pricing.text import TextItem, sentence_items
from docsvc.extract.types import BlockKind

MAX_ITEMS = 15
_RECURRING = {"monthly", "annual", "quarterly", "weekly", "daily"}


def _entry(item: dict[str, Any], confidence: float, evidence: dict[str, Any]) -> dict[str, Any]:
    return {**item, "confidence": round(confidence, 3), "evidence": evidence}


def _text_items(ctx: DocContext, currencies: Currencies) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    body = [s for s in ctx.sentences if s.block.kind not in (BlockKind.HEADER, BlockKind.FOOTER)]
    found: list[TextItem] = sentence_items(ctx, body, currencies)
    seen = {(t.source.block.index, t.item["unit_price"]) for t in found}
    # A price-list line that is also a whole sentence was already read as one.
    found += [t for t in list_line_items(ctx, currencies)
              if (t.source.block.index, t.item["unit_price"]) not in seen]
    # "Free plan: $0/month" in prose or a plan list is the absence of a price; a $0 step of a volume ladder
    # ("> 75,000 $0.00") and a $0 row of a price table (a component included at no charge) are still read.
    return [((t.source.block.index, t.source.start), _entry(t.item, t.confidence, t.source.evidence()))
            for t in found if Decimal(t.item["unit_price"]) or t.item.get("frequency") not in _RECURRING]


def price_items(ctx: DocContext, currencies: Currencies) -> list[dict[str, Any]]:
    ordered: list[tuple[tuple[int, int], dict[str, Any]]] = []
    header: list[list[str]] | None = None
    # Identical table rows (a price table repeated on the next page) count once; identical list lines do not
    # (the same "70 €/h Support" under two plans is two prices).
    seen: set[tuple[Any, ...]] = set()
    # A named item at the same price in a later table (a cost or margin analysis listing the catalogue again:
    # "SMB Essential | R1,899 | R1,112.38 | 41.4 %") is the same item.
    named: dict[tuple[str, str, Any], int] = {}
    for table in ctx.tables:
        found, header = table_items(table, ctx.language, currencies, header)
        for t in found:
            if not t.item.get("currency"):
                continue  # no currency in the cell, its header or the document: a count ("Hours in the year | 8760")
            key = (*sorted((k, str(v)) for k, v in t.item.items()), t.row.text)
            label = re.sub(r"\s*\([^()]*\)\s*$", "", str(t.item.get("description") or ""))  # "(Price)" column
            name = (" ".join(label.lower().split()), str(t.item["unit_price"]), t.item.get("currency"))
            if key in seen or (name[0] and named.get(name, table.index) != table.index):
                continue
            seen.add(key)
            named.setdefault(name, table.index)
            ordered.append(((table.index, t.row.index), _entry(t.item, t.confidence, t.row.evidence())))
    # A plan described in prose and summed up in a table ("Monthly: €1,899 (excl. VAT)" and the plan row at
    # €1,899) is one price: the table's row stands for it.
    in_tables = {(e["unit_price"], e["currency"]) for _, e in ordered}
    table_indexes = {at[0] for at, _ in ordered}
    ordered += _without_restatements(_without_teasers(ctx, [(at, e) for at, e in _text_items(ctx, currencies)
                                                            if (e["unit_price"], e["currency"]) not in in_tables]))
    ordered.sort(key=lambda pair: pair[0])
    # The source of a price: its table row, or its paragraph (a sentence may be cut at "excl." in a PDF line).
    sourced = drop_gross_restatements([(at if at[0] in table_indexes else at[0], e) for at, e in ordered],
                                      ctx.language)
    return [entry for _, entry in sourced[:MAX_ITEMS]]


# A clause about keeping or changing a price names one already given: "Price Protection: Standard rate
# ($22.99/user/month) locked for the initial term", "Der Preis von 49 € bleibt bis 2026 unverändert".
_RESTATING_RE = re.compile(r"price\s+protection|\block(?:ed|s)?\b|will\s+not\s+(?:increase|change)|remains?\s+"
                           r"(?:fixed|unchanged)|fixed\s+for|preisbindung|preisgarantie|festgeschrieben|"
                           r"bleib(?:t|en)\s+[^.]{0,40}unverändert", re.I)


def _without_restatements(found: list[tuple[tuple[int, int], dict[str, Any]]]
                          ) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    """Prices restated by a clause that keeps or changes them count once, where they were first given."""
    seen: set[tuple[Any, Any]] = set()
    out = []
    for at, e in found:
        key = (e["unit_price"], e["currency"])
        if key in seen and _RESTATING_RE.search((e.get("evidence") or {}).get("text") or ""):
            continue
        seen.add(key)
        out.append((at, e))
    return out


TEASER_REACH = 3  # blocks after a heading in which its price may be stated again
# A heading that advertises a price rather than naming an item ("Bei mir ab 1.500 Euro!", "Starting at $29").
_TEASER_RE = re.compile(r"\b(?:ab|from|starting|starts|bereits|nur|only|just)\b|!", re.I)


def _without_teasers(ctx: DocContext, found: list[tuple[tuple[int, int], dict[str, Any]]]
                     ) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    """A heading announcing a price that the next paragraphs state again ("## Ab 1.500 Euro!" over "Mein
    Einstiegspreis von 1.500 Euro ...") is one price: the body's, which says what it is for."""
    blocks = {b.index: b for b in ctx.doc.blocks}  # block indexes need not be list positions
    body = [(at[0], e["unit_price"], e["currency"]) for at, e in found
            if at[0] in blocks and blocks[at[0]].kind != BlockKind.HEADING]
    out = []
    for at, e in found:
        if at[0] in blocks and blocks[at[0]].kind == BlockKind.HEADING and _TEASER_RE.search(
                blocks[at[0]].text) and any(
                0 < i - at[0] <= TEASER_REACH and (price, currency) == (e["unit_price"], e["currency"])
                for i, price, currency in body):
            continue
        out.append((at, e))
    return out


@extractor("pricing", order=60)
def extract_pricing(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    dollar = dollar_currency(" ".join(s.text for s in ctx.sentences if "$" in s.text or "ollar" in s.text))
    stated = document_currency(ctx, dollar)
    rows = [t.row_text(i) for t in ctx.tables for i in range(len(t.rows))]
    everything = "\n".join([b.text for b in ctx.doc.blocks] + rows)
    # A document that calculates its margins (a business case next to its price list) calls its own expenses
    # "cost"; its customers' prices it names as prices or fees.
    costs_internal = any(is_margin_analysis(t) for t in ctx.tables)
    currencies = Currencies(stated[0] if stated else None, dollar, letter_symbols(everything), costs_internal)
    items = price_items(ctx, currencies)
    pricing: dict[str, Any] = {"items": items}
    counts = Counter(i["currency"] for i in items if i["currency"])
    if counts:
        code = counts.most_common(1)[0][0]
        source = next(i for i in items if i["currency"] == code)
        pricing["currency"] = {"value": code, "confidence": 0.9, "evidence": source["evidence"]}
    elif stated:
        pricing["currency"] = value(stated[0], 0.6, stated[1])
    terms = payment_terms(ctx)
    if terms:
        pricing["payment_terms_days"] = terms
    minimum = minimum_commitment(ctx, currencies)
    if minimum:
        pricing["minimum_commitment"] = minimum
    return {"pricing": pricing}
