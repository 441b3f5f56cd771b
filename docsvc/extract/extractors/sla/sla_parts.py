"""Where SLA targets may stand in prose: the blocks under an SLA heading, and the sentences worth reading for
targets (cue sentences, list items under a metric lead-in, numbers inside an SLA part).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.sla.prose_cues import BULLET_LED_RE, system_promise
from docsvc.extract.extractors.sla.values import service_code
from docsvc.extract.extractors.sla.vocab import (
    ANY_METRIC_RE,
    OTHER_METRIC_RE,
    SUPPORT_LABEL_RE,
    SUPPORT_LEAD_RE,
    is_hedged,
    is_priority_cell,
    metric_of,
)
from docsvc.extract.types import BlockKind

CUES = ("SLA_AVAILABILITY", "SLA_RESPONSE", "SLA_RESOLUTION")
# Headings of SLA parts: the only place where unnamed targets ("delivered within 2 Business Days") count.
SLA_SECTION_RE = re.compile(
    r"service\s*levels?|\bslas?\b|\bkpis?\b|key\s+performance|leistungskennzahl|dienstgüte|servicelevel|"
    r"service-level|verfügbarkeit|availability|uptime|reaktion|support\s+response|"
    r"(?:response|resolution|reaction)\s+times?",
    re.I,
)
_CONTAINER_HEADING_RE = re.compile(
    r"\s*(?:schedule|annex|appendix|exhibit|attachment|article|part|anlage|anhang|teil|artikel|leistungsschein)\b", re.I
)
# A short label paragraph, no sentence: one to three words without digits or a full stop ("Price", "Monthly fee").
_COLUMN_LABEL_RE = re.compile(r"^\s*[^\W\d]+(?:[ -][^\W\d]+){0,2}\s*$")
# A heading names a target, not a process ("Incident Response"), when it says time or target.
_TARGET_WORD_RE = re.compile(r"\b(?:times?|targets?|objectives?|goals?)\b|zeit|ziel", re.I)


def _title_line(text: str) -> bool:
    """A short line naming targets without stating any, as a lead-in written like a title: "Target response times
    (during business hours by region)" over its list."""
    return len(text) <= 100 and bool(_TARGET_WORD_RE.search(text)) and not re.search(r"\d|:|[.!?]\s*$", text)


def _name_heading(text: str) -> bool:
    """A heading that only names what the next list is for, a plan or a tier ("Premium", "Business-Paket"): it
    splits a lead-in's list into one list per plan and names no metric of its own."""
    return len(text) <= 40 and len(text.split()) <= 4 and not text.rstrip().endswith(":") and not metric_of(text)


def _labelled_item(text: str) -> bool:
    """A list item opened by a priority label and a colon: "Sev-1: 30 minutes", "Kritisch: 2 Stunden"."""
    m = re.match(r"\W*([^:]{1,40}):", text)
    return m is not None and is_priority_cell(m.group(1))


def sla_parts(ctx: DocContext) -> set[int]:
    """Indexes of the blocks under an SLA heading, at any depth ("5 Service Level" › "5.4 Übertragungsqualität")."""
    inside: set[int] = set()
    stack: list[tuple[int, bool]] = []  # (heading level, is an SLA heading)
    for block in ctx.doc.blocks:
        if block.kind == BlockKind.HEADING:
            level = _heading_rank(block.text, block.heading_level)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, bool(SLA_SECTION_RE.search(block.text))))
        if any(is_sla for _, is_sla in stack):
            inside.add(block.index)
    return inside


def _heading_rank(heading: str, parser_level: int | None) -> int:
    """Nesting rank of a heading. Parsers often give every heading the same level, so the wording decides:
    "Schedule 2" / "Anlage 1" / "Article 6" contain numbered clauses; "5" holds "5.4"; "B.1" sits below both."""
    if _CONTAINER_HEADING_RE.match(heading):
        return 0
    m = re.match(r"\s*(?:§\s*)?((?:[A-Z]\.)?\d+(?:\.\d+)*)", heading)
    if m:
        return m.group(1).count(".") + 1
    return parser_level or 1


def candidates(ctx: DocContext, parts: set[int]) -> Iterator[tuple[Sentence, str | None]]:
    """Cue sentences; German compounds the cue list cannot enumerate; list items under a metric lead-in; and
    sentences in SLA parts (for unnamed "other" targets)."""
    chosen = {s.position for s in ctx.with_cue(*CUES)}
    lead: str | None = None
    hedged = False  # under a hedged lead-in ("Typische SLA-Werte:", "Typical values:") the items promise nothing
    # A lead-in seen from afar (across a plan heading, or named only earlier in its paragraph) reaches only the
    # items labelled with a priority ("Sev-1: 30 minutes"), not any number in a list.
    loose = False
    for s in ctx.body():
        text = s.text
        if s.block.kind != BlockKind.LIST_ITEM:
            hedged = text.rstrip().endswith(":") and is_hedged(text)
        elif hedged:
            continue
        heading = s.block.kind == BlockKind.HEADING
        if heading:  # a heading "Target Response" leads its list; a plan's name passes the lead-in on; others end it
            named = (metric_of(text) if _TARGET_WORD_RE.search(text) or text.rstrip().endswith(":") else None) or (
                "response_time" if SUPPORT_LEAD_RE.match(text) else None)
            loose = named is None and lead is not None and _name_heading(text)
            lead = named or (lead if loose else None)
        elif (named_here := metric_of(text)) and (text.rstrip().endswith(":") or (
                s.block.kind != BlockKind.LIST_ITEM and _title_line(text))):
            lead, loose = named_here, False  # "Reaktionszeiten:", "Target response times (during business hours)"
        elif (s.block.kind != BlockKind.LIST_ITEM and text.rstrip().endswith(":")
              and s.end >= len(s.block.text.rstrip()) and metric_of(s.block.text[:s.start])):
            # "Support has first-response SLAs by plan and severity. They are as follows:"
            lead, loose = metric_of(s.block.text[:s.start]), True
        elif SUPPORT_LEAD_RE.match(text):
            lead, loose = "response_time", False
        elif lead and not heading and s.block.kind != BlockKind.LIST_ITEM and _COLUMN_LABEL_RE.match(text):
            pass  # "Price": the label of a second column between the lead-in and its list
        elif s.block.kind != BlockKind.LIST_ITEM and not BULLET_LED_RE.match(text):
            lead, loose = None, False
        if loose and s.block.kind == BlockKind.LIST_ITEM and not _labelled_item(s.block.text):
            lead = None  # ends the far lead-in: the list has moved on from priorities
            loose = False
        # Recovery objectives (RPO/RTO) are targets wherever they are stated, like the named metrics.
        if (s.position in chosen or (ctx.language == "de" and ANY_METRIC_RE.search(text))
                or OTHER_METRIC_RE.search(text) or service_code(text)):
            yield s, lead
        elif (lead or s.block.index in parts or SUPPORT_LABEL_RE.match(text)) and re.search(r"\d", text):
            yield s, lead
        elif system_promise(text):
            yield s, lead
