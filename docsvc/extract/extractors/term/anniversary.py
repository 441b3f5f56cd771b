"""Terms stated as an anniversary: "shall expire on the third anniversary of the Effective Date", "continue in
effect until the fifth anniversary of the date hereof" give both the initial term (in years) and, with the start
date the record holds, the end date."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.term.durations import add_duration

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}
_ANNIVERSARY_RE = re.compile(
    r"\b(?:end|expire|terminate|continue|run|remain|lapse|cease)\w*\s+(?:[\w,]+\s+){0,5}?(?:on|until|at)\s+the\s+"
    r"(?P<n>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+anniversary\s+"
    r"(?:of\s+the\s+(?P<base>effective\s+date|commencement\s+date|date\s+(?:of\s+this\s+\w+|hereof))|thereof|hereof)",
    re.I,
)


def anniversary_end(ctx: DocContext, found: Mapping[str, Any]) -> tuple[date, Sentence] | None:
    """ "The Term ... will end on the first anniversary of the date of this Agreement" → that date."""
    if found.get("expiration_date"):
        return None
    for sent in ctx.with_cue("TERM_CLAUSE"):
        m = _ANNIVERSARY_RE.search(sent.text)
        if not m:
            continue
        field = "effective_date" if "effective" in (m.group("base") or "effective").lower() else "agreement_date"
        start = found.get(field) or found.get("effective_date")
        n = m.group("n").lower()
        years = _ORDINALS.get(n) or int("".join(ch for ch in n if ch.isdigit()))
        if isinstance(start, Mapping) and start.get("value") and years:
            end = add_duration(date.fromisoformat(str(start["value"])), f"P{years}Y")
            if end:
                return end, sent
    return None


def anniversary_years(ctx: DocContext) -> tuple[int, Sentence] | None:
    """ "... and expire on the third anniversary of the Effective Date" → a term of three years."""
    for sent in ctx.with_cue("TERM_CLAUSE"):
        m = _ANNIVERSARY_RE.search(sent.text)
        if m:
            n = m.group("n").lower()
            years = _ORDINALS.get(n) or int("".join(ch for ch in n if ch.isdigit()) or 0)
            if years:
                return years, sent
    return None
