"""The text around an SLA table, and whether it puts the table's plain hours and days inside a service window.

Only the table's own part of the document counts: the caption and the paragraphs just before and after the table
within its section. A footnote closing the previous table ("*Business days only") or a definition further away
is about something else. A statement counts when one sentence ties a service window to time targets ("Response
and fix times are measured during Business Hours only"); a definition of Business Hours alone sets no target's
clock. When the cells write business units themselves, their plain hours stay calendar time unless the
statement says all times count that way ("only", "measured", "ausschließlich").
"""

from __future__ import annotations

import re

from docsvc.extract.context import DocContext
from docsvc.extract.extractors.sla.vocab import BUSINESS_WINDOW_RE, COVER_HEADER_RE, ROUND_THE_CLOCK_RE
from docsvc.extract.types import Table

_NEAR_BEFORE, _NEAR_AFTER = 3, 2  # blocks
# Text that talks about SLA time targets, so a service-window phrase in it applies to the table.
_TIME_TARGET_RE = re.compile(r"respon|resol|fix|restor|reaktion|wiederherstell|entstör|zeiten|times", re.I)
_ALL_TIMES_RE = re.compile(r"\bonly\b|\bexclusively\b|measured|\ball\b|ausschließlich|\bnur\b|gemessen|"
                           r"\balle[nr]?\b|sämtliche|gelten\s+(?:nur|ausschließlich)", re.I)
# The section's own hours of cover as a label ("Hours of Support: Business Hours", "Servicezeit: Mo–Fr 8–17 Uhr"):
# the plan the table belongs to is served in that window.
_COVER_LABEL_RE = re.compile(rf"\W*(?:{COVER_HEADER_RE.pattern})\s*:", re.I)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")
_ALL_TIMES_REACH = 60  # characters between the window phrase and "only" / "measured"


def table_context(ctx: DocContext, table: Table) -> list[str]:
    """The caption and the nearby paragraphs of the table's own section."""
    near = [b.text for b in ctx.doc.blocks if table.index - _NEAR_BEFORE <= b.index <= table.index + _NEAR_AFTER
            and (table.section is None or b.section == table.section)]
    # The section's hours-of-cover label counts wherever it stands above the table in its section ("Hours of
    # Support: Business Hours" heads a plan's feature list, the response table comes after the list).
    labels = [b.text for b in ctx.doc.blocks if table.section is not None and b.section == table.section
              and b.index < table.index - _NEAR_BEFORE and _COVER_LABEL_RE.match(b.text)]
    return [table.caption or "", *labels, *near]


def business_by_context(parts: list[str], explicit_units: bool) -> bool:
    """Whether the surrounding text counts the table's plain hours and days in business time."""
    if any(ROUND_THE_CLOCK_RE.search(p) for p in parts):
        return False
    sentences = [s for p in parts for s in _SENTENCE_END_RE.split(p)]
    if any(_COVER_LABEL_RE.match(s) and BUSINESS_WINDOW_RE.search(s) for s in sentences):
        return True  # the plan's own hours of cover: all its times count in that window
    stating = [s for s in sentences if BUSINESS_WINDOW_RE.search(s) and _TIME_TARGET_RE.search(s)]
    if not explicit_units:
        return bool(stating)
    return any(_ALL_TIMES_RE.search(s, max(0, m.start() - _ALL_TIMES_REACH), m.end() + _ALL_TIMES_REACH)
               for s in stating for m in BUSINESS_WINDOW_RE.finditer(s))
