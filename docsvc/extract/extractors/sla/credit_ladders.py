"""Credit ladders written on one line, band and credit joined by a colon, an equals sign or an arrow:

    Service credits: <99.9%: 10%; <99.5%: 25%; <99.0%: 50%
    Gutschrift: unter 99,5 % = 5 %, unter 99 % = 15 %
    {"<99.9%": "10%", "<99.5%": "25%"}            (a machine-format config pasted into the text)

Neither a sentence (no "credit of" before the figure, no "of the fee" after it) nor a table, so neither reader sees
it. The pairing is read from the punctuation alone: a percentage band, a joining sign, a percentage. At least two
such pairs must stand in the line (a ladder), and a credit word must stand in the line or just before it, so that
"Verfügbarkeit: 99,5 %" or a ratio "1:2" never reads as a tier.

Tiers also come as prose items, the remedy first and its band in a condition after it, with no credit word at all:

    1. 5% der Monatsgebühr, wenn die Betriebszeit unter 99,8%, aber über 99,0% liegt
    - 10% of the monthly fee if uptime falls below 99.9% but is at least 99.0%

A share of a fee followed by a condition on an availability level is a tier whatever the wording around it.
"""

from __future__ import annotations

import re
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.sla.bands import CONDITION_RE, FEE_SHARE_RE
from docsvc.extract.extractors.sla.credit_tables import basis_of, parse_threshold
from docsvc.extract.extractors.sla.vocab import metric_of
from docsvc.extract.types import Block, BlockKind

_LEVEL = r"\d{2,3}(?:[.,]\d+)?\s*%"
# "99.5-99.9%": the lower end of a range may leave its percent sign to the upper end.
_RANGE_START = r"\d{2,3}(?:[.,]\d+)?(?=\s*(?:-|–|to|bis)\s*(?:<=?|≤)?\s*\d{2,3}(?:[.,]\d+)?\s*%)"
# A band: an optional comparator, a level, optionally "– 99.9%" as its other end; quotes of a pasted config allowed.
_PAIR_RE = re.compile(
    r"[\"'“]?(?P<band>(?:(?:<=?|≤|>=?|≥|below|under|less\s+than|lower\s+than|at\s+least|unter(?:halb)?|"
    rf"weniger\s+als|kleiner\s+als|mindestens|ab)\s*)?(?:{_LEVEL}|{_RANGE_START})(?:\s*(?:-|–|to|bis)\s*(?:<=?|≤)?\s*{_LEVEL})?)"
    r"[\"'”]?\s*(?::|=>|->|=|→|⇒)\s*[\"'“]?(?P<credit>\d{1,3}(?:[.,]\d+)?)\s*%(?P<tail>[^;,|}\n]{0,60})",
    re.I,
)
# The same ladder without a joining sign, each band opened by a comparator: "Gutschriften: <99,9 % 5 %, <99,0 % 10 %",
# "credits: below 99.9% 5%, below 99.5% 12%", or a flattened table "<99,75% 2,5 % <99,0% 5,0% <98,0% 7,5%".
_COMPARATOR = r"(?:<=?|≤|\b(?:below|under|less\s+than|lower\s+than|unter(?:halb)?|weniger\s+als|kleiner\s+als)\b)"
_BARE_PAIR_RE = re.compile(
    rf"(?:^|[,;:]\s*|\s)(?P<band>{_COMPARATOR}\s*{_LEVEL})\s+(?P<credit>\d{{1,3}}(?:[.,]\d+)?)\s*%"
    rf"(?P<tail>(?:(?!\s*{_COMPARATOR})[^;,|}}\n]){{0,60}})",  # the tail ends where the next band begins
    re.I,
)
_CREDIT_WORD_RE = re.compile(r"credit|rebate|refund|gutschrift|minderung|erstattung|rückvergütung", re.I)
_AVAILABILITY_RE = re.compile(r"availab|uptime|verfügbar|betriebszeit", re.I)
_MIN_LEVEL = 50.0  # a band below this is no service level (and "1:2" ratios never get here: "%" is required)


def credits_from_ladders(ctx: DocContext) -> tuple[list[dict[str, Any]], set[int]]:
    """One tier per "band: credit" pair of a one-line ladder; and the blocks read as ladders (the sentence reader
    leaves them alone: it would take a band's level for a credit)."""
    first_sentence: dict[int, Sentence] = {}
    for s in ctx.sentences:
        first_sentence.setdefault(s.block.index, s)
    out: list[dict[str, Any]] = []
    read: set[int] = set()
    previous = ""
    for block in ctx.doc.blocks:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue
        text = block.text
        pairs = list(_PAIR_RE.finditer(text)) if text.count("%") >= 4 else []
        if len(pairs) < 2 and text.count("%") >= 4:
            pairs = list(_BARE_PAIR_RE.finditer(text))
        context = " ".join([block.section or "", previous, text[:pairs[0].start()] if pairs else ""])
        if len(pairs) >= 2 and block.index in first_sentence and _CREDIT_WORD_RE.search(context):
            tiers = _tiers(pairs, ctx.language, context, first_sentence[block.index])
            if tiers:
                out += tiers
                read.add(block.index)
        previous = text
    for run, lead_in in _listed_runs(ctx):
        context = " ".join([run[0][0].section or "", lead_in, *(b.text for b, _ in run)])
        if _CREDIT_WORD_RE.search(context) and all(b.index in first_sentence for b, _ in run):
            for b, m in run:
                tiers = _tiers([m], ctx.language, context, first_sentence[b.index])
                out += tiers
                read.update([b.index] if tiers else [])
    return out, read


# A tier per list item: "99.5-99.9%: 10% monthly fee credit", "< 99,0 %: 20 % Gutschrift". One pair alone would be
# "Uptime 99.9%: 5% credit per hour", a promise with its remedy; a run of two or more items opened by a band is a
# ladder even when no item names the metric.
_ITEM_START_RE = re.compile(r"^\s*(?:[-•*–]\s*)?")
_MAX_ITEM = 120


def _listed_runs(ctx: DocContext) -> list[tuple[list[tuple[Block, re.Match[str]]], str]]:
    """Runs of consecutive short blocks each opened by a "band: credit" pair, with the text of the block before."""
    runs: list[tuple[list[tuple[Block, re.Match[str]]], str]] = []
    run: list[tuple[Block, re.Match[str]]] = []
    lead_in = previous = ""
    for block in [*ctx.doc.blocks, None]:
        m = None
        body = block is not None and block.kind not in (BlockKind.HEADER, BlockKind.FOOTER)
        if block is not None and body and len(block.text) <= _MAX_ITEM:
            start = _ITEM_START_RE.match(block.text)
            m = _PAIR_RE.match(block.text, start.end() if start else 0)
            if m is not None and len(_PAIR_RE.findall(block.text)) > 1:
                m = None  # a one-line ladder, read above
        if m is not None and block is not None:
            lead_in = lead_in if run else previous
            run.append((block, m))
        else:
            if len(run) >= 2:
                runs.append((run, lead_in))
            run = []
        if block is not None and body:
            previous = block.text
    return runs


def _tiers(pairs: list[re.Match[str]], language: str, context: str, source: Sentence) -> list[dict[str, Any]]:
    metric = metric_of(context) or ("availability" if _AVAILABILITY_RE.search(context) else None)
    out = []
    for m in pairs:
        threshold = parse_threshold(re.sub(_RANGE_START, r"\g<0>%", m.group("band")), language)
        bounds = (threshold or {}).get("upper"), (threshold or {}).get("lower")
        levels = [v for v in bounds if v is not None]
        credit = float(m.group("credit").replace(",", "."))
        if not levels or min(levels) < _MIN_LEVEL or not 0 < credit <= 100:
            continue
        out.append({
            "credit_percent": credit,
            "metric": metric,
            "threshold": threshold,
            "basis": basis_of(f"%{m.group('tail')}"),
            "confidence": 0.7,
            "evidence": source.evidence(),
        })
    return out


# A condition on a service level: the band's levels are availability-like percentages.
_BAND_LEVEL_MIN = 80.0


def credits_from_fee_lines(ctx: DocContext) -> dict[int, list[dict[str, Any]]]:
    """Tiers stated as a share of a fee with an availability band as its condition, by sentence position (the
    sentence reader's own reading of a sentence wins where it finds one)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for s in ctx.body():
        text = s.text
        shares = list(FEE_SHARE_RE.finditer(text))
        tiers = []
        for k, m in enumerate(shares):
            end = shares[k + 1].start() if k + 1 < len(shares) else len(text)
            condition = CONDITION_RE.search(text, m.end(), min(end, m.end() + 60))
            share = share_percent(m.group("share"))
            if condition is None or share is None or not _AVAILABILITY_RE.search(text[condition.start():end]):
                continue
            threshold = parse_threshold(text[condition.start():end], ctx.language)
            levels = [v for v in ((threshold or {}).get("upper"), (threshold or {}).get("lower")) if v is not None]
            if not levels or min(levels) < _BAND_LEVEL_MIN:
                continue
            tiers.append({
                "credit_percent": share,
                "metric": "availability",
                "threshold": threshold,
                "basis": basis_of(text[m.start():condition.start()].replace(m.group("share"), "%", 1)),
                "confidence": 0.7,
                "evidence": s.evidence(),
            })
        if tiers:
            out[s.position] = tiers
    return out


def share_percent(share: str) -> float | None:
    """"5 %" → 5.0; "1/30" → 3.333 (a fraction of the fee is that share of it in percent)."""
    numbers = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", share)]
    if "/" in share:
        value = round(100 * numbers[0] / numbers[1], 3) if numbers[1] else 0.0
    else:
        value = numbers[0]
    return value if 0 < value <= 100 else None
