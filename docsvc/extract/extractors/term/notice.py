"""Termination notice period: the notice either party gives to end the contract without cause.

"Either party may terminate this Agreement for convenience upon ninety (90) days' written notice", "Jede Partei
kann den Vertrag mit einer Frist von drei Monaten zum Monatsende ordentlich kündigen". A notice for termination
for cause (breach, insolvency) is no termination notice period. One sentence often offers both ways out, "90 days
written notice or immediate termination for security breach": the cause words only count in the alternative that
holds the notice period, so the sentence is cut at "or" and semicolons before the cause words are looked for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from docsvc.extract.context import Row, Sentence
from docsvc.extract.extractors.term.durations import Span, is_whole

TERMINATE_RE = re.compile(r"terminat\w*|cancel\w*|kündig\w*|kündbar|beenden", re.I)
_CONVENIENCE_RE = re.compile(r"for\s+convenience|without\s+cause|at\s+any\s+time|for\s+any\s+(?:or\s+no\s+)?reason|"
                             r"ordentlich\w*|jederzeit|ohne\s+(?:angabe\s+(?:von|eines)\s+)?gr(?:und|ünde)", re.I)
_CAUSE_RE = re.compile(r"breach|insolv|bankrupt|wichtige[nm]?\s+grund|außerordentlich|default|fails?\s+to|material|"
                       r"force\s+majeure|chronic|service\s+level|\bsla\b|price|fee|charge|entgelt|preis", re.I)
# Where one alternative of a sentence ends: "... notice; or (b) ...", "... notice or immediately upon breach".
_ALTERNATIVE_RE = re.compile(r";|\bor\b|\boder\b", re.I)


class NoticeClause(Protocol):
    """An analysed sentence of the term extractor: normalised text and the durations in it."""

    @property
    def text(self) -> str: ...
    @property
    def spans(self) -> Sequence[Span]: ...
    @property
    def position(self) -> int: ...
    @property
    def source(self) -> Sentence | Row: ...


@dataclass(frozen=True, slots=True)
class Notice:
    iso: str
    confidence: float
    position: int
    source: Sentence | Row


def _alternative(text: str, start: int, end: int) -> str:
    """The part of ``text`` between the alternative breaks around ``text[start:end]``."""
    left = max((m.end() for m in _ALTERNATIVE_RE.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _ALTERNATIVE_RE.finditer(text, end)), len(text))
    return text[left:right]


def termination_notice(clauses: Sequence[NoticeClause], renewal: object | None) -> Notice | None:
    best: Notice | None = None
    for clause in clauses:
        if clause is renewal or not TERMINATE_RE.search(clause.text):
            continue
        notice = [s for s in clause.spans if s.notice and is_whole(s.duration)
                  and not _CAUSE_RE.search(_alternative(clause.text, s.duration.start, s.duration.end))]
        # A cause stated anywhere else still rules out the sentence when it names no alternative at all.
        if not notice or (_CAUSE_RE.search(clause.text) and not _ALTERNATIVE_RE.search(clause.text)):
            continue
        confidence = 0.75 if _CONVENIENCE_RE.search(clause.text) else 0.55
        if best is None or confidence > best.confidence:
            best = Notice(notice[0].duration.iso, confidence, clause.position, clause.source)
    return best
