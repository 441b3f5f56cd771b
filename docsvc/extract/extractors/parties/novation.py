"""Novation / assignment agreements (EN) and Vertragsübernahme (DE): who leaves, who joins, who stays, and when.

The roles come from the parties' defined terms (``parties`` maps "Transferor", "Outgoing Supplier",
"übertragende Partei" ... to record roles). This extractor only decides that the document *is* a novation
(its title, or two novation roles), fills a missing third role, and reads the transfer date and the agreement
being transferred.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docsvc.extract.context import DocContext, Row, Sentence, value
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.document.doctype import classify, find_title
from docsvc.extract.normalize.dates import find_dates

NOVATION_ROLES = ("transferor", "transferee", "remaining_party")
TITLE_SENTENCES = 40  # a novation says so in its title or first clauses

# Phrases naming the moment of transfer; the specific ones beat a generic "Effective Date".
_DATE_TERM = re.compile(
    r"(?P<strong>novation\s+date|transfer\s+date|assignment\s+date|wirksamkeitsdatum|übernahmestichtag|"
    r"übertragungsstichtag|stichtag|with\s+effect\s+(?:on\s+and\s+)?(?:from|on|as\s+of)|mit\s+wirkung\s+(?:zum|ab|vom)|"
    r"wirksam\s+(?:ab|zum|mit))|(?P<weak>effective\s+date|effective\s+(?:as\s+of|from|on)|gilt\s+ab|"
    # "wird zum 01.07.2024 wirksam", "enter into this Agreement effective March 1, 2023"
    r"takes?\s+effect|\bwirksam\b|in\s+kraft|\beffective\s+(?=\d|[A-Z][a-z]+\.?\s+\d))",
    re.I,
)
_DATE_WINDOW = 80
_LABEL_SLACK = 12  # a row label may open with a number or a qualifier: "3. Novation Date"
# "dated 2 October 2020" / "vom 15.03.2021" dates the original agreement, not the transfer.
_DATED_BEFORE = re.compile(r"\b(?:dated|vom)\s+(?:as\s+of\s+)?$", re.I)
_ORIGINAL = re.compile(
    r"(?P<title>\b(?:an?\s+|the\s+|der\s+|den\s+|des\s+|dem\s+)?(?:[A-ZÄÖÜ][\w&\-]*\s+(?:und\s+|and\s+)?){0,6}"
    r"(?:[\wäöüß-]*[Vv]ertrag(?:e?s)?|[Aa]greement|[Cc]ontract)(?:\s+(?:for|über|on)\s+[^,;()]{3,80}?)?)"
    r"\s+(?P<rel>dated\s+(?:as\s+of\s+)?|vom\s+|of\s+)(?=\d|[A-ZÄÖÜ][a-zäöü]+\.?\s+\d)"
)
_SELF = re.compile(r"\b(?:this|diese[rsm]?)\s|novation|übernahme|assignment|purchase|kauf", re.I)
_ARTICLE = re.compile(r"^(?:an?|the|der|den|des|dem)\s+", re.I)


def _is_novation(ctx: DocContext, roles: dict[str, dict[str, Any]]) -> Sentence | None:
    """The sentence that makes this a novation: a title saying so, or two novation roles among the parties.

    A cue anywhere in the text is not enough: ordinary contracts have an "Assignment and Novation" clause.
    """
    title = find_title(ctx)
    if title and classify(title[0]) == "novation":
        return title[1]
    if len(roles) >= 2:
        cued = [s for s in ctx.with_cue("NOVATION") if s.position < TITLE_SENTENCES]
        return cued[0] if cued else ctx.sentences[0]
    return None


def _row_date(ctx: DocContext) -> tuple[str, Row] | None:
    """A cover table naming the date in a labelled row: "Novation Date | 1 June 2023", "Stichtag | 01.07.2024"."""
    for row in ctx.rows():
        cells = [c for c in row.cells if c.strip()]
        if len(cells) < 2 or not (term := _DATE_TERM.search(cells[0])) or term.start() > _LABEL_SLACK:
            continue
        for cell in cells[1:]:
            dates = [d for d in find_dates(cell, ctx.language) if d.precise]
            if dates:
                return dates[0].value.isoformat(), row
    return None


def _effective_date(ctx: DocContext) -> tuple[str, Sentence | Row] | None:
    best: tuple[int, int, str, Sentence] | None = None
    for s in ctx.with_cue("NOVATION_DATE"):
        for term in _DATE_TERM.finditer(s.text):
            strength = 2 if term.group("strong") else 1
            for d in find_dates(s.text, ctx.language):
                if not d.precise or _DATED_BEFORE.search(s.text[max(0, d.start - 16): d.start]):
                    continue
                gap = d.start - term.end() if d.start >= term.end() else term.start() - d.end
                if 0 <= gap <= _DATE_WINDOW:
                    key = (strength, -gap)
                    if best is None or key > best[:2]:
                        best = (strength, -gap, d.value.isoformat(), s)
    if best is None or best[0] < 2:
        return _row_date(ctx) or ((best[2], best[3]) if best else None)
    return best[2], best[3]


def _original_agreement(ctx: DocContext, sentences: list[Sentence]) -> dict[str, Any] | None:
    for s in sentences:
        for m in _ORIGINAL.finditer(s.text):
            dates = [d for d in find_dates(s.text[m.end():m.end() + 40], ctx.language) if d.start == 0]
            if not dates:
                continue
            title = _ARTICLE.sub("", " ".join(m.group("title").split()))
            if _SELF.search(s.text[max(0, m.start() - 6): m.start()] + title):
                continue  # the novation agreement itself, or a side agreement about the sale of the business
            title = re.sub(r"(vertrag)e?s\b", r"\1", title)  # German genitive: "des Betriebsvertrags"
            return {"title": title, "date": dates[0].value.isoformat()}
    return None


@extractor("novation", order=80)
def extract_novation(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    if not ctx.sentences:
        return {}
    parties = [p for p in found.get("parties", []) if isinstance(p, dict)]
    roles: dict[str, dict[str, Any]] = {}
    for p in parties:
        if p.get("role") in NOVATION_ROLES:
            roles.setdefault(p["role"], p)
    source = _is_novation(ctx, roles)
    if source is None:
        return {}
    # Three parties, two roles known: the third is the one that stays (usually defined as the Customer).
    others = [p for p in parties if p.get("role") not in NOVATION_ROLES]
    if len(roles) == 2 and len(others) == 1 and len(parties) == 3:
        missing = next(r for r in NOVATION_ROLES if r not in roles)
        roles[missing] = others[0]
    record: dict[str, Any] = {role: roles[role]["name"] for role in NOVATION_ROLES if role in roles}
    if eff := _effective_date(ctx):
        record["effective_date"] = eff[0]
    elif isinstance(found.get("effective_date"), dict) and found["effective_date"].get("value"):
        record["effective_date"] = str(found["effective_date"]["value"])  # the deed's own "takes effect on"
    if original := _original_agreement(ctx, ctx.sentences[:TITLE_SENTENCES * 2]):
        record["original_agreement"] = original
    if not record:
        return {}
    confidence = 0.9 if {"transferor", "transferee"} <= roles.keys() else 0.6
    return {"novation": value(record, confidence, eff[1] if eff else source)}
