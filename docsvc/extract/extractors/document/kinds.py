"""What a document without a contract title is: service levels, prices, or standard terms.

SLAs, support policies, price lists and billing pages published by a provider rarely carry a title such as
"Service Level Agreement" and never a preamble with two parties, so the title rules leave them undecided.
Their headings say what they are about ("Response times", "Preise für ...", "Geltungsbereich"; vocabulary as
data in ``nlp/patterns/*/document_kinds.json``), and so does what the other extractors found in them: SLA
targets and credits, or price items. Each side scores one point per heading that speaks of it (at most
``MAX_HEADING_POINTS``), one when its values were found at all and one when they outnumber the other side's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from docsvc.extract import vocabulary
from docsvc.extract.context import DocContext
from docsvc.extract.types import BlockKind

HEADING_BLOCKS = 200
MAX_HEADING_POINTS = 3
TERMS_MIN_POINTS = 2
TERMS_MIN_CUES = 3
KINDS = ("sla", "price", "terms")


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, re.Pattern[str]]:
    merged = vocabulary.merged("document_kinds")
    return {kind: re.compile("|".join(f"(?:{p})" for p in merged.get(kind, ["(?!)"])), re.I) for kind in KINDS}


def heading_points(headings: list[str]) -> dict[str, int]:
    """How many headings speak of each kind (capped, so that a long price table of contents cannot outvote);
    the first heading, the document's own name, counts once more."""
    vocabulary = _vocabulary()
    return {kind: min(MAX_HEADING_POINTS, sum(1 for h in headings if pattern.search(h)))
            + bool(headings and pattern.search(headings[0])) for kind, pattern in vocabulary.items()}


def _headings(ctx: DocContext, title: str | None) -> list[str]:
    heads = [b.text for b in ctx.doc.blocks[:HEADING_BLOCKS] if b.kind == BlockKind.HEADING]
    return heads + ([title] if title and title not in heads else [])


def content_kind(ctx: DocContext, found: Mapping[str, Any], title: str | None, *, terms_cues: int = 0) -> str | None:
    """"sla", "other" (prices) or "terms_of_service" for a document without a contract title; None when
    neither its headings nor its values say anything. ``terms_cues``: sentences naming the text as standard terms
    ("diese AGB", "these Terms"); B2B terms speak of "the Customer", not "you", so these count on their own."""
    points = heading_points(_headings(ctx, title))
    points["terms"] += terms_cues >= TERMS_MIN_CUES
    n_sla = len(found.get("sla") or []) + len(found.get("service_credits") or [])
    n_price = len((found.get("pricing") or {}).get("items") or [])
    sla = points["sla"] + (n_sla > 0) + (n_sla > n_price)
    price = points["price"] + (n_price > 0) + (n_price > n_sla)
    if points["terms"] >= TERMS_MIN_POINTS and points["terms"] >= max(points["sla"], points["price"]):
        return "terms_of_service"
    if sla == price == 0:
        return None
    # A tie goes to the SLA when service levels were found: a support policy with a price per plan is still about
    # its service levels. Headings alone decide when a layout kept the values from being read (PDF tables).
    return "sla" if sla > price or (sla == price and n_sla) else "other"
