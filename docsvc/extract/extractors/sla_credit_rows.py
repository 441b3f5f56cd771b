"""Credit tables that reach us as text lines, tiers side by side:

    % Of SLA Achieved        100%  95%  90%  85%
    Monthly Rebate % applied   0%  10%  20%  30%

A line labelled as a credit followed only by percentages gives one tier per percentage; a line of SLA levels
just before it (same block or the previous one) gives each tier its band.
"""

from __future__ import annotations

import re
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.normalize.numbers import NUMBER_PATTERN, find_percentages, to_float
from docsvc.extract.types import BlockKind

_SERIES = rf"(?:(?:{NUMBER_PATTERN})\s?%\s*){{2,}}"
_CREDIT_LINE_RE = re.compile(
    rf"(?P<label>[^\W\d][^\d]{{0,60}}?(?:rebate|credit|gutschrift|minderung|reduction)[^\d]{{0,40}}?)"
    rf"(?P<series>{_SERIES})",
    re.I,
)
_CREDIT_WORD_RE = re.compile(r"rebate|credit|gutschrift|minderung|reduction", re.I)
_BAND_LINE_RE = re.compile(
    rf"(?P<label>[^\d]{{0,60}}?(?:availab|uptime|\bsla\b|service\s+level|achieved|verfügbar|erreicht)[^\d]{{0,40}}?)"
    rf"(?P<series>{_SERIES})",
    re.I,
)


def credits_from_text_rows(ctx: DocContext) -> list[dict[str, Any]]:
    first_sentence: dict[int, Sentence] = {}
    for s in ctx.sentences:
        first_sentence.setdefault(s.block.index, s)
    out: list[dict[str, Any]] = []
    previous = ""
    for block in ctx.doc.blocks:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue
        # Cheap test first: the line regexes backtrack badly over long prose.
        credit = _CREDIT_LINE_RE.search(block.text) if _has_tiers(block.text) else None
        if credit and block.index in first_sentence:
            band = _BAND_LINE_RE.search(block.text, 0, credit.start()) or _BAND_LINE_RE.search(previous)
            out += _tiers(credit, band, ctx.language, first_sentence[block.index])
        previous = block.text
    return out


def _has_tiers(text: str) -> bool:
    return text.count("%") >= 4 and bool(_CREDIT_WORD_RE.search(text))


def _tiers(credit: re.Match[str], band: re.Match[str] | None, language: str,
           source: Sentence) -> list[dict[str, Any]]:
    if not band:
        return []  # a bare row of percentages labelled "credit" is too weak without the SLA levels it pays for
    credits = [to_float(v) for v, _, _ in find_percentages(credit.group("series"), language)]
    bands = [to_float(v) for v, _, _ in find_percentages(band.group("series"), language)]
    out = []
    for i, pct in enumerate(credits):
        if pct <= 0:
            continue
        lower = bands[i] if len(bands) == len(credits) else None
        upper = bands[i - 1] if lower is not None and i > 0 and bands[i - 1] > lower else None
        out.append({
            "credit_percent": pct,
            "metric": "availability" if re.search(r"availab|uptime|verfügbar", band.group("label"), re.I) else None,
            "threshold": {"upper": upper, "lower": lower, "unit": "percent", "text": f"{lower:g}%"}
            if lower is not None else None,
            "basis": None,
            "confidence": 0.7,
            "evidence": source.evidence(),
        })
    return out
