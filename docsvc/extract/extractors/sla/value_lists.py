"""Several targets in one table cell, separated by slashes: "24h / 12h / 4h", "4h/8h/NBD", "99,5 % | 99,9 %",
"24 / 12 / 4 Stunden" (the unit written once), or commas ("24h, 12h, 4h").

Such a cell states one value per plan, priority or metric. The names usually stand in the same order as a slash
list in the column header ("Response time (Basic / Pro / Enterprise)", "Reaktion / Entstörung") or in the row
label ("P1 / P2"), or in brackets after each value ("24h (Starter) / 12h (Growth)"). Without names every value is
still a commitment of its own, so none is dropped.

A square-bracketed list ("[99.0% / 99.5%]") is a drafting option to choose from, not a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docsvc.extract.extractors.sla.values import find_targets, prepare
from docsvc.extract.extractors.sla.vocab import (
    PRIORITY_CODE_RE,
    PRIORITY_WORD_RE,
    is_priority_cell,
    metric_of,
    priority_label,
)

# Only a separator (and a bracketed name of the value before it) may stand between two listed values.
_GAP_RE = re.compile(r"^\s*(?:\((?P<label>[^()]{1,30})\))?\s*[/|,;]\s*$")
# Figures sharing the unit written after the last: "24 / 12 / 4 h", "99,5 / 99,9 %". Spaced slashes or three
# figures, so that "1/2 hour" stays half an hour.
_SHARED_UNIT_RE = re.compile(
    r"(?<![\d.,])(?P<nums>\d+(?:[.,]\d+)?(?:\s+/\s+\d+(?:[.,]\d+)?)+|\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?){2,})"
    r"\s*(?P<unit>%|[A-Za-zÄÖÜäöü][\w.]*)")
_LAST_LABEL_RE = re.compile(r"^\s*\((?P<label>[^()]{1,30})\)\s*\.?\s*$")
# What may open or close the list: "within", "max.", "<", "bis zu", an opening bracket.
_EDGE_RE = re.compile(r"^[\s(<≤~:–-]*(?:within|up\s+to|max\.?|innerhalb(?:\s+von)?|bis\s+zu|binnen)?[\s(<≤~:–-]*$",
                      re.I)
_OPTIONS_RE = re.compile(r"^\s*\[[^\]]*[/|][^\]]*\]\s*$")
_BRACKETED_RE = re.compile(r"\(([^()]*[/|,;][^()]*)\)")
_MAX_NAME = 40  # characters; longer parts are prose, not names


@dataclass(frozen=True, slots=True)
class ListedValue:
    text: str  # the value as written in the prepared cell text ("12h")
    label: str | None  # the name bracketed after it ("Growth"), if any


def is_option_list(cell: str) -> bool:
    """"[99.0% / 99.5%]": alternatives left for the drafter to choose."""
    return bool(_OPTIONS_RE.match(cell))


def listed_values(cell: str, language: str) -> list[ListedValue]:
    """The values of a slash-separated list of two or more targets, else []."""
    prepared = _SHARED_UNIT_RE.sub(_unit_to_each, prepare(cell, language))
    targets = find_targets(prepared, language)
    if len(targets) < 2 or not _EDGE_RE.match(prepared[:targets[0].start]):
        return []
    labels: list[str | None] = []
    for prev, nxt in zip(targets, targets[1:], strict=False):
        gap = _GAP_RE.match(prepared[prev.end:nxt.start])
        if gap is None:
            return []
        labels.append(gap.group("label"))
    tail = prepared[targets[-1].end:]
    last = _LAST_LABEL_RE.match(tail)
    if last is None and not _EDGE_RE.match(tail.replace(")", " ").replace(".", " ")):
        return []
    labels.append(last.group("label") if last else None)
    if any(labels) and not all(labels):
        labels = [None] * len(targets)  # names for some values only: no reliable order
    return [ListedValue(prepared[t.start:t.end], label) for t, label in zip(targets, labels, strict=True)]


def _unit_to_each(m: re.Match[str]) -> str:
    unit = m.group("unit")
    return " / ".join(f"{n.strip()} {unit}" for n in m.group("nums").split("/"))


def listed_names(text: str, count: int) -> list[str]:
    """``count`` names listed with slashes in a header or row label, in order: "Response (Basic / Pro / Ent)",
    "Reaktion / Entstörung", "P1 / P2"; else []."""
    bracketed = _BRACKETED_RE.search(text)
    source = bracketed.group(1) if bracketed else text
    names = [" ".join(p.split()).strip(" :") for p in re.split(r"[/|]", source)]
    if len(names) != count and count > 2:
        names = [" ".join(p.split()).strip(" :") for p in re.split(r"[,;]|\band\b|\bund\b", source)]
    if len(names) != count or not all(0 < len(n) <= _MAX_NAME for n in names):
        return []
    return names


def names_are_metrics(names: list[str]) -> bool:
    """Every listed name is a metric ("Response / Resolution"), so the values differ by metric, not by plan."""
    return bool(names) and all(metric_of(n) for n in names)


# A capitalised one-word label and a colon inside a cell ("Premium:", "Advanced:"), starting one part. One word:
# German capitalises every noun, so "15 Minuten Advanced:" cannot tell where a longer label would start.
_PART_LABEL_RE = re.compile(r"(?:^|(?<=\s))(?P<label>[A-ZÄÖÜ][\w+-]*):(?=\s)")
_LABEL_AFTER_RE = re.compile(rf"^\s*(?:for|für|bei)\s+(?P<label>(?:{PRIORITY_CODE_RE.pattern})|[\w-]+)", re.I)


def part_labels(cell: str) -> list[re.Match[str]]:
    """"Premium: Weniger als 15 Minuten Advanced: Innerhalb einer Stunde": the labels opening each part."""
    return list(_PART_LABEL_RE.finditer(cell))


def value_then_label(cell: str, language: str) -> list[tuple[str, str]]:
    """"30 minutes for Urgent 4 hours for High": (value text, priority) per value when every value is followed by
    the priority it is for."""
    prepared = prepare(cell, language)
    targets = find_targets(prepared, language)
    if len(targets) < 2 or prepared[:targets[0].start].strip():
        return []
    out = []
    for k, tv in enumerate(targets):
        tail = prepared[tv.end:targets[k + 1].start if k + 1 < len(targets) else len(prepared)]
        m = _LABEL_AFTER_RE.match(tail)
        if not m or not (is_priority_cell(m.group("label")) or PRIORITY_WORD_RE.search(m.group("label"))):
            return []
        out.append((prepared[tv.start:tv.end], m.group("label")))
    return out


def spanned_names(head: list[str], cells: list[str], col: int, count: int) -> list[str]:
    """A cell whose list has as many values as the empty cells it spans to its right have headers (a merged cell
    "24h / 12h / 4h" under "Basic | Standard | Premium"): those headers, in order; else []."""
    if col <= 0 or col + count > len(head) or not all(head[col:col + count]):
        return []
    if any(j < len(cells) and cells[j] for j in range(col + 1, col + count)):
        return []
    return head[col:col + count]


def name_values(listed: list[ListedValue], names: list[str], metric: str | None, priority: str | None,
                service: str | None, as_priority: bool = False) -> list[tuple[str | None, str | None, str | None]]:
    """(metric, priority, service) of each listed value: a listed metric name sets the metric, a priority label
    (or any name, ``as_priority``: spanned class columns) the priority when the row gave none, any other name the
    plan or service."""
    by_metric = names_are_metrics(names)
    out: list[tuple[str | None, str | None, str | None]] = []
    for k, value in enumerate(listed):
        name = value.label or (names[k] if names else None)
        if name and by_metric and not value.label:
            out.append((metric_of(name), priority, service))
        elif name and priority is None and (as_priority or is_priority_cell(name)):
            out.append((metric, priority_label(name), service))
        else:
            out.append((metric, priority, name or service))
    return out
