"""SLA terms: one entry per metric × priority, from SLA tables (detected or as text lines) and from sentences.

Tables come first (they are the most reliable statement of a target); a sentence restating a table value is
dropped. Hours of cover for business-time targets fall back to the document's own definition of its service
window ("Business Hours: 08:00 to 18:00 on any Business Day", "Servicezeit ist Montag bis Freitag ...").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from docsvc.extract.context import DocContext
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.sla.sentences import sla_from_sentences
from docsvc.extract.extractors.sla.tables import sla_from_tables
from docsvc.extract.extractors.sla.text_tables import sla_from_text_tables
from docsvc.extract.extractors.sla.vocab import BUSINESS_WINDOW_RE, ROUND_THE_CLOCK_RE, hours_of_cover
from docsvc.extract.types import BlockKind

# What availability commitments commonly leave out, as canonical labels (EN and DE wording).
_EXCLUSIONS: list[tuple[str, re.Pattern[str]]] = [
    ("scheduled maintenance", re.compile(r"(?:scheduled|planned|announced)\s+maintenance|maintenance\s+window|"
                                         r"wartungsarbeiten|wartungsfenster|geplante\s+wartung|wartungszeit", re.I)),
    ("emergency maintenance", re.compile(r"emergency\s+maintenance|notfallwartung", re.I)),
    ("force majeure", re.compile(r"force\s+majeure|höhere[nr]?\s+gewalt|beyond\s+(?:its|our|the\s+\w+'s)\s+"
                                 r"reasonable\s+control", re.I)),
    ("customer-caused", re.compile(r"customer\s+equipment|your\s+(?:applications|equipment)|caused\s+by\s+(?:the\s+)?"
                                   r"customer|verantwortungsbereich\s+des\s+kunden|vom\s+kunden\s+zu\s+vertreten",
                                   re.I)),
    ("third-party", re.compile(r"third[\s-]part(?:y|ies)|carriers|dritter", re.I)),
    ("suspension", re.compile(r"suspension|suspend|sperrung", re.I)),
]
_EXCLUSION_SENTENCE_RE = re.compile(
    r"does\s+not\s+include|shall\s+not\s+include|exclud|not\s+apply|not\s+(?:be\s+)?(?:counted|considered|treated)|"
    r"gelten\s+nicht|nicht\s+als\s+ausfall|ausgenommen|nicht\s+berücksichtigt|no\s+credits?\s+are\s+due",
    re.I,
)
# A sentence explaining what a target already stated means ("... of 98% means that", "das bedeutet"), or naming it
# as the condition of a remedy ("If we fail to meet the 99.9% uptime guarantee, ...").
_RESTATES_RE = re.compile(r"\bmeans\s+that\b|\bthis\s+means\b|\bin\s+other\s+words\b|\bbedeutet\b|"
                          r"\bdas\s+heißt\b|\bd\.\s?h\.|\bfails?\s+to\s+(?:meet|achieve|maintain)\s+the\b", re.I)
_DOWNTIME_RE = re.compile(r"availab|uptime|downtime|service\s+commitment|verfügbar|ausfallzeit", re.I)


@extractor("sla", order=50)
def extract_sla(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    entries = sla_from_tables(ctx)
    entries += sla_from_text_tables(ctx)
    in_tables = {_key(e) for e in entries}
    loose = {_key(e)[:3] for e in entries}
    stated: set[tuple[Any, ...]] = set()
    said: set[tuple[Any, ...]] = set()
    levels: dict[tuple[Any, ...], list[int]] = defaultdict(list)  # availability levels stated, by block
    from_sentences = sla_from_sentences(ctx)
    listed = _listed_commitments(ctx, from_sentences)
    for e in from_sentences:
        key = _key(e)
        # A sentence repeating a table value (without naming another priority) is the same commitment; two
        # different sentences with the same value are two commitments (e.g. for two services).
        where = (*key, e["service"], *(str(v) for v in e["evidence"].values()))
        restates = key in in_tables or (e["priority"] is None and key[:3] in loose)
        if (restates and not (e["priority"] is None and key[:3] in listed)) or where in stated:
            continue
        if e["priority"] is None and key[:3] in said and _RESTATES_RE.search(e["evidence"].get("text") or ""):
            continue  # "A Monthly Uptime Percentage of 98% means that ...": explains the target stated before
        block = e["_order"][0]
        unnamed = e["metric"] == "availability" and e["priority"] is None and e["service"] is None
        if unnamed and key[:3] not in listed and any(_same_scope(ctx, b, block) for b in levels.get(key[:3], ())):
            continue  # "Target uptime: 99.9%" › "SLA metrics" › "Availability: 99.9% per month": the same level
        stated.add(where)
        said.add(key[:3])
        if e["metric"] == "availability":
            levels[key[:3]].append(block)
        entries.append(e)
    entries = _dedupe(entries)
    if not entries:
        return {}
    # Rows in document order (tables, table-like text and sentences were read in separate passes).
    entries.sort(key=lambda e: e.get("_order", (float("inf"),)))
    for e in entries:
        e.pop("_order", None)
    window = _service_window(ctx)
    exclusions = _exclusions(ctx) if any(e["metric"] == "availability" for e in entries) else []
    for e in entries:
        if e["hours_of_cover"] is None and window and e["target"]["unit"].startswith("business"):
            e["hours_of_cover"] = window
        if e["metric"] == "availability":
            e["exclusions"] = list(exclusions)
    return {"sla": entries}


def _same_scope(ctx: DocContext, first: int, later: int) -> bool:
    """No heading between two blocks that is as high as the one over the first: the later block sits in the same
    section or in one of its subsections. Sibling sections (one per plan or product) are separate scopes."""
    headings = [b for b in ctx.doc.blocks if b.kind is BlockKind.HEADING and b.index <= later]
    over = next((b.heading_level or 1 for b in reversed(headings) if b.index < first), 0)
    return not any(first < b.index and (b.heading_level or 1) <= over for b in headings)


def _listed_commitments(ctx: DocContext, entries: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """(metric, value, unit) stated by several list items of one section ("SLA 1 – Compute: 99,99 %", "SLA 2 –
    Speicher: 99,99 %"): one commitment per item, not a restatement of a table row with the same value."""
    blocks = {b.index: b for b in ctx.doc.blocks}
    labels: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    for e in entries:
        block = blocks.get(e["_order"][0])
        if e["priority"] is None and block is not None and block.kind is BlockKind.LIST_ITEM:
            # Items must name different components: the same "Uptime guarantee: 99.5%" under each product's
            # "Support & SLA" heading restates one commitment.
            label = block.text.split(":", 1)[0] if ":" in block.text[:80] else block.text[:80]
            labels[(*_key(e)[:3], block.section)].add(label.strip().lower())
    return {k[:3] for k, names in labels.items() if len(names) >= 2}


def _dedupe(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Identical table rows (a table repeated on the next page) count once: same row text, same column, same
    entry. Sentences are not merged here: two identical statements may be about two services."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for e in entries:
        cell = e.pop("_cell", None)
        if cell is not None:
            key = (*_key(e), e.get("service"), *cell)
            if key in seen:
                continue
            seen.add(key)
        out.append(e)
    return out


def _key(entry: dict[str, Any]) -> tuple[Any, ...]:
    t = entry["target"]
    return (entry["metric"], round(t["value"], 4), t["unit"], (entry["priority"] or "").lower())


def _service_window(ctx: DocContext) -> str | None:
    """The document's definition of its business hours / Servicezeit, normalised ("Mon-Fri 08:00-18:00")."""
    for s in ctx.body():
        if BUSINESS_WINDOW_RE.search(s.text) and not ROUND_THE_CLOCK_RE.search(s.text):
            window = hours_of_cover(s.text)
            if window and re.search(r"\d{2}:\d{2}-\d{2}:\d{2}", window):
                return window
    return None


def _exclusions(ctx: DocContext) -> list[str]:
    out: list[str] = []
    for s in ctx.with_cue("SLA_AVAILABILITY", "SLA_LEVEL"):
        if _EXCLUSION_SENTENCE_RE.search(s.text) and _DOWNTIME_RE.search(s.text):
            out += [label for label, pattern in _EXCLUSIONS if label not in out and pattern.search(s.text)]
    return out
