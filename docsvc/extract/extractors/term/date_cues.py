"""Date cues of short agreements: a start written next to the term ("Laufzeit: 24 Monate (ab 01.05.2024)") and
signature clauses that date the agreement by the first date of the document ("executed as of the date first
written above")."""

from __future__ import annotations

import re

from docsvc.extract.context import DocContext

# A term counted from a date: "Laufzeit: 24 Monate (ab 01.05.2024)", "for two (2) years commencing on 1 May 2024".
DURATION_FROM_RE = re.compile(r"\b(?:years?|months?|jahre[n]?|monate[n]?)\W{0,3}(?:\(\s*)?(?:ab|from|beginning|"
                              r"starting|commencing|beginnend)(?:\s+(?:on|as\s+of|with))?\s+(?:the\s+|dem\s+)?$", re.I)
# "executed this Agreement as of the date first written above": the agreement is dated by the first date given.
_DATE_ABOVE_RE = re.compile(r"\bas\s+of\s+the\s+(?:day\s+and\s+year|date)\s+first\s+(?:above\s+)?(?:written|set\s+"
                            r"forth|stated|mentioned)(?:\s+above)?", re.I)


def executed_as_of_date_above(ctx: DocContext, after_position: int) -> bool:
    """Whether a sentence after ``after_position`` executes the contract as of the date first written above."""
    return any(_DATE_ABOVE_RE.search(s.text) for s in ctx.sentences[after_position + 1:] if "first" in s.text)
