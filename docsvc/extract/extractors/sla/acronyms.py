"""Metric names a document abbreviates and then uses as column headers: "Waiting time (WT) is the time between
... " over a table headed "Maximum WT", "Mean Time To Repair (MTTR)", "Reaktionszeit (RZ)".

Only definitions whose long form names an SLA metric are kept, so an abbreviation of anything else (a product,
a party) never turns a column into a target column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docsvc.extract.extractors.sla.vocab import metric_of

# "Waiting time (WT)", "Initial Response Time („IRT“)": a bracketed capital abbreviation after up to five words.
_ABBREVIATION_RE = re.compile(r"\(\s*[\"“„']?([A-Z][A-Z0-9]{1,5})[\"”“']?\s*\)")
_LONG_FORM_WORDS = 5


def defined_metrics(texts: Iterable[str]) -> dict[str, str]:
    """{abbreviation: long form} for the abbreviations whose long form names a metric."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for text in texts:
        if "(" not in text:
            continue
        for m in _ABBREVIATION_RE.finditer(text):
            if m.group(1) in seen:
                continue
            seen.add(m.group(1))
            words = text[max(0, m.start() - 80):m.start()].split()[-_LONG_FORM_WORDS:]
            # the shortest tail of the words before the bracket that still names a metric
            for k in range(len(words) - 1, -1, -1):
                phrase = " ".join(words[k:])
                if metric_of(phrase):
                    out[m.group(1)] = phrase
                    break
    return out


def expand(cell: str, defined: dict[str, str]) -> str:
    """``cell`` with each defined abbreviation written out ("Maximum WT" -> "Maximum Waiting time")."""
    if not defined or not cell:
        return cell
    return re.sub(r"\b[A-Z][A-Z0-9]{1,5}\b", lambda m: defined.get(m.group(0), m.group(0)), cell)
