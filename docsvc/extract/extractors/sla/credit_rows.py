"""Credit tables that reach us as text lines, tiers side by side:

    % Of SLA Achieved        100%  95%  90%  85%
    Monthly Rebate % applied   0%  10%  20%  30%

A line labelled as a credit followed only by percentages gives one tier per percentage; a line of SLA levels
just before it (same block or the previous one) gives each tier its band.

Tiers one per line under a header line naming the band and the credit are read too:

    Monthly Uptime Percentage      Service Credit
    99.0% – 99.99%                 25% of monthly fee
    < 95.0%                        100% of monthly fee
"""

from __future__ import annotations

import re
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.sla.credit_tables import basis_of, parse_threshold
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


# Header of a one-tier-per-line credit table: a credit word and what the bands measure, no figures.
_BAND_HEADER_RE = re.compile(r"^(?=[^\d]*(?:credit|rebate|gutschrift|minderung))(?=[^\d]*(?:availab|uptime|verfügbar|"
                             r"service\s+level|achieved|erreicht))[^\d]{5,120}$", re.I)
# What may follow the credit percentage on its line: its basis ("of monthly fee", "der Monatsgebühr").
_CREDIT_TAIL_RE = re.compile(r"^\s*(?:(?:of|der|des|vom|von)\s+[^\d%]{3,60})?$", re.I)


def credits_from_band_lines(ctx: DocContext) -> list[dict[str, Any]]:
    """Tiers written one per line ("99.0% – 99.99%  25% of monthly fee") under a band/credit header line."""
    first_sentence: dict[int, Sentence] = {}
    for s in ctx.sentences:
        first_sentence.setdefault(s.block.index, s)
    out: list[dict[str, Any]] = []
    blocks = [b for b in ctx.doc.blocks if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER)]
    for i, header in enumerate(blocks):
        if len(header.text) > 160 or not _BAND_HEADER_RE.match(header.text.strip()):
            continue
        metric = "availability" if re.search(r"availab|uptime|verfügbar", header.text, re.I) else None
        for line in blocks[i + 1:]:
            tier = _band_line(line.text, ctx.language)
            if tier is None or line.index not in first_sentence:
                break
            band, pct, tail = tier
            if pct > 0:
                out.append({
                    "credit_percent": pct,
                    "metric": metric,
                    "threshold": parse_threshold(band, ctx.language),
                    "basis": basis_of(f"%{tail}"),
                    "confidence": 0.75,
                    "evidence": first_sentence[line.index].evidence(),
                })
    return out


def _band_line(text: str, language: str) -> tuple[str, float, str] | None:
    """(band text, credit percent, text after it) when the line is a band followed by its credit percentage."""
    found = find_percentages(text, language)
    if len(found) < 2 or len(text) > 160:
        return None
    value, start, end = found[-1]
    if not _CREDIT_TAIL_RE.match(text[end:]):
        return None
    return text[:start].strip(" \t|:–-"), to_float(value), text[end:]


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
