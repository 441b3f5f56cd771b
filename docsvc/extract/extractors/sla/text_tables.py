"""SLA tables that reach us as text: borderless or ASCII tables read as a header line followed by row lines.

    Program Error   Response               Correction
    Serious         Within 1 business day  Within 8 business days

The header gives the metric of each column in order; each row starts with a priority label. Rows that PDF
extraction ran together ("1 15 minutes 1 hour 2 30 minutes 2 hours") split at the priority labels between
values. Values fill the columns left to right, skipping a column whose unit does not fit (a coverage column
holding "24x7" has no value).
"""

from __future__ import annotations

import re
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.sla.services import service_of
from docsvc.extract.extractors.sla.values import TargetValue, find_targets, prepare
from docsvc.extract.extractors.sla.vocab import PRIORITY_CODE_RE, PRIORITY_HEADER_RE, is_priority_cell, priority_label
from docsvc.extract.types import Block, BlockKind

_COLUMN_RE = re.compile(
    r"(?P<response_time>respon[sd]|reaction|acknowledg|reaktion)|"
    r"(?P<resolution_time>resol[uv]|\bfix|restor|repair|work-?\s?around|correct|closure|wiederherstell|entstör|behebung|"
    r"lösung)|"
    r"(?P<availability>availab|uptime|verfügbar)|"
    r"(?P<cover>coverage|service\s+hours|support\s+hours|servicezeit|supportzeit)|"
    r"(?P<other>escalat|update|eskalation|aktualisier|on-?site|vor-ort)",
    re.I,
)
_FILLER_TAIL_RE = re.compile(r"\s*(?:\b(?:within|in\s+under|under|less\s+than|up\s+to|max\.?|every|"
                             r"innerhalb(?:\s+von)?|bis\s+zu)|<=?|≤)\s*$", re.I)
_RULE_RE = re.compile(r"-{5,}|={5,}|_{5,}")
# Words between a label and its value, or between two values, that are not labels.
_FILLER_RE = re.compile(r"^[\s:–—|/-]*(?:within|in\s+under|under|less\s+than|up\s+to|max\.?|every|innerhalb(?:\s+von)?|"
                        r"bis\s+zu|<|≤)?[\s:–—|/-]*$", re.I)
# A header line labels columns; a sentence ("... within the response times set forth below.") does not.
_PROSE_RE = re.compile(r"\.\s*$|\b(?:shall|will|must|may|is|are|be|wird|werden|ist|sind|muss)\b", re.I)
# "Definition: Minor feature issue, workaround available": a field and its value, whatever words the value uses.
_FIELD_LINE_RE = re.compile(r"^\s*[^\W\d][\w ]{1,30}:\s+\S.*,")
_MAX_ROWS_GAP = 3  # page furniture (running headers, page numbers) between rows
_TIME_UNITS = {"seconds", "minutes", "hours", "business_hours", "days", "business_days"}


def sla_from_text_tables(ctx: DocContext) -> list[dict[str, Any]]:
    first_sentence: dict[int, Sentence] = {}
    for s in ctx.sentences:
        first_sentence.setdefault(s.block.index, s)
    lines = _lines(ctx.doc.blocks)
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(lines):
        columns = _header_columns(lines[i][1], ctx.language)
        if not columns:
            i += 1
            continue
        header, gap, j = lines[i][1], 0, i + 1
        while j < len(lines) and gap <= _MAX_ROWS_GAP:
            block, text = lines[j]
            rows = _rows(text, ctx.language)
            if rows and block.index in first_sentence:
                gap = 0
                for label, values in rows:
                    out += _entries(columns, priority_label(label, header), values, first_sentence[block.index])
            elif block.kind == BlockKind.HEADING or len(text) > 250 or _header_columns(text, ctx.language):
                break
            else:
                gap += 1
            j += 1
        i = j
    return out


def _lines(blocks: tuple[Block, ...]) -> list[tuple[Block, str]]:
    """Body blocks as lines; an ASCII table ruled with "-----" splits into its header and rows."""
    out = []
    for b in blocks:
        if b.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue
        parts = _RULE_RE.split(b.text) if "-----" in b.text or "=====" in b.text or "_____" in b.text else [b.text]
        out += [(b, part.strip()) for part in parts if part.strip()]
    return out


def _header_columns(text: str, language: str) -> list[str]:
    """Metrics (or "cover") of a header line's columns, in order; [] when the line is no SLA table header."""
    if len(text) > 150 or _PROSE_RE.search(text) or _FIELD_LINE_RE.match(text):
        return []
    columns: list[str] = []
    for m in _COLUMN_RE.finditer(text):
        metric = m.lastgroup or "other"
        if not columns or columns[-1] != metric:
            columns.append(metric)
    timed = {"response_time", "resolution_time"} & set(columns)
    # One time column is enough after a priority column ("Priorität  Beschreibung  Reaktionszeit").
    enough = len(columns) >= 2 or bool(PRIORITY_HEADER_RE.match(text))
    if not enough or not timed or find_targets(prepare(text, language), language):
        return []
    return columns


def _rows(text: str, language: str) -> list[tuple[str, list[TargetValue]]]:
    """(priority label, values) for each row in a line; [] when the line does not start with a label."""
    prepared = prepare(text, language)
    targets = find_targets(prepared, language)
    if not targets:
        return []
    label = _FILLER_TAIL_RE.sub("", prepared[:targets[0].start]).strip(" :–-|")
    if not is_priority_cell(label):
        # A description cell run into the label ("P2 – Hoch Wichtige Funktionen gestört"): keep the code.
        code = PRIORITY_CODE_RE.match(label)
        if code is None:
            return []
        label = code.group(0)
    rows: list[tuple[str, list[TargetValue]]] = [(label, [targets[0]])]
    for prev, t in zip(targets, targets[1:], strict=False):
        gap = prepared[prev.end:t.start]
        if _FILLER_RE.match(gap):
            rows[-1][1].append(t)
        elif is_priority_cell(gap.strip(" :–-|")):
            rows.append((gap.strip(" :–-|"), [t]))
        else:
            return []  # prose, not a table row
    return rows


def _entries(columns: list[str], priority: str, values: list[TargetValue], source: Sentence) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    col = 0
    for v in values:
        while col < len(columns) and not _fits(columns[col], v):
            col += 1
        if col == len(columns):
            break
        metric = columns[col]
        col += 1
        out.append({
            "service": service_of(source.section),
            "metric": metric,
            "priority": priority,
            "target": {"value": v.value, "unit": v.unit},
            "measurement_period": None,
            "hours_of_cover": None,
            "exclusions": [],
            "confidence": 0.7,
            "evidence": source.evidence(),
            "_order": (source.block.index, source.start, v.start),
        })
    return out


def _fits(column: str, v: TargetValue) -> bool:
    """Percentages go to an availability column, durations to time columns; a coverage column takes neither."""
    if column == "cover":
        return False
    return (v.unit == "percent") == (column == "availability") and (v.unit == "percent" or v.unit in _TIME_UNITS)
