"""Wording cues of SLA prose shared by the sentence reader: bounds before a latency, commitments about a
system's speed, bullet glyphs that open a list item inside a paragraph, and amendments ("from 99.90% to 99.95%")."""

from __future__ import annotations

import re

from docsvc.extract.extractors.sla.values import TargetValue
from docsvc.extract.extractors.sla.vocab import is_system_response

LATENCY_BOUND_RE = re.compile(r"(?:<=?|≤|under|below|less\s+than(?:\s+or\s+equal\s+to)?|not\s+(?:to\s+)?(?:be\s+)?"
                               r"(?:above|exceed)\w*|at\s+most|no\s+(?:greater|more|longer)\s+than|in\s+excess\s+of|"
                               r"(?:an\s+)?average\s+of|max(?:imum|\.)?|höchstens|maximal|unter|weniger\s+als)\s*(?:of\s+)?$",
                               re.I)
# A commitment about a system's speed in contract prose ("latency ... shall be less than or equal to three seconds",
# "will process transactions in an average of 2.5 seconds"): its bounded seconds are "other" targets even
# outside an SLA part.
_SYSTEM_PROMISE_RE = re.compile(r"\b(?:shall|will|must)\b(?:[^.;]|\.\d){0,200}\bseconds?\b|"
                                r"\bseconds?\b(?:[^.;]|\.\d){0,120}\b(?:shall|will|must)\b", re.I)
_FROM_RE = re.compile(r"\b(?:from|von)\s*$", re.I)
_TO_RE = re.compile(r"^\s*(?:to|auf)\b", re.I)
# A sentence opened by a bullet glyph is a list item even where the parser saw one paragraph: text pasted from Word
# keeps its second-level bullet as a letter "o" ("o Within 48 hours for issues classified as Medium priority.").
_GLYPH = r"[•▪●◦‣■□➢►]|o(?=\s+[A-Z0-9])"
GLYPH_LED_RE = re.compile(rf"^\s*(?:{_GLYPH})")
BULLET_LED_RE = re.compile(rf"^\s*(?:[-–*]|\(?[a-z0-9]{{1,4}}[.)]|{_GLYPH})")


def system_promise(text: str) -> bool:
    """A commitment ("shall", "will", "must") with a number of seconds about a system's speed (latency, queries,
    transactions, an API): "the latency ... shall be less than or equal to three seconds"."""
    return bool(_SYSTEM_PROMISE_RE.search(text)) and is_system_response(text)


def drop_replaced(text: str, targets: list[TargetValue]) -> list[TargetValue]:
    """An amendment "from 99.90% to 99.95%" puts only the new value in force."""
    out = []
    for i, t in enumerate(targets):
        nxt = targets[i + 1] if i + 1 < len(targets) else None
        if nxt and nxt.unit == t.unit and _FROM_RE.search(text[:t.start]) and _TO_RE.match(text[t.end:nxt.start]):
            continue
        out.append(t)
    return out
