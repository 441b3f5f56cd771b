"""Stacked SLA matrices: each priority spans a group of rows, one row per metric, the plans (or one target) as
columns::

    Severity | Type              | Standard | Silver  | Gold
    Critical | Initial Response  | 12 hours | 8 hours | 4 hours
             | Restore Operation | 24 hours | 16 hours| 12 hours
             | Software Fix      | 8 bus.d. | ...
    High     | Initial Response  | ...

The priority cell is written once per group (a merged cell reaches the grid as an empty cell below it), so the
label is carried down. Read as an ordinary priority-row table, only the first row of each group would count.
"""

from __future__ import annotations

from typing import Protocol

from docsvc.extract.extractors.sla.vocab import (
    COVER_HEADER_RE,
    CREDIT_HEADER_RE,
    PRIORITY_CODE_RE,
    PRIORITY_HEADER_RE,
    is_priority_cell,
    metric_of,
    other_objective,
    priority_label,
)


class TableSink(Protocol):
    """What a table reader fills: the grid it reads and the entry collector (``sla.table_sink.SlaTable``)."""

    grid: list[list[str]]
    header: int
    language: str

    def add(self, metric: str | None, row: int, cell: str, *, priority: str | None = ...,
            service: str | None = ..., cover: str | None = ..., period: str | None = ...,
            unit_hint: str = ..., confidence: float = ..., col: int = ...) -> None: ...


def _is_priority(label: str) -> bool:
    return is_priority_cell(label) or bool(PRIORITY_CODE_RE.match(label))


def is_stacked(grid: list[list[str]], header: int) -> bool:
    """First column: priority labels, written once per group of rows (later rows of a group left empty);
    second column: metric names. Each priority must own at least two metric rows, or it is a plain table."""
    head = grid[header]
    body = [r for r in grid[header + 1:] if len(r) >= 3 and any(r)]
    if len(head) < 3 or len(body) < 4 or metric_of(head[1]) or CREDIT_HEADER_RE.search(head[1]):
        return False
    labels = [r[0] for r in body if r[0]]
    blanks = sum(1 for r in body if not r[0])
    if len(labels) < 2 or blanks < len(labels) or not all(_is_priority(c) for c in labels):
        return False
    named = sum(1 for r in body if r[1] and (metric_of(r[1]) or other_objective(r[1])))
    return named * 4 >= len(body) * 3


def carried_labels(grid: list[list[str]], header: int, col: int) -> dict[int, str]:
    """Row index -> the group label of column ``col`` carried down over the empty cells below it ("Environment:
    Development" over its Critical/High/Low rows), or {} when the column holds no such groups."""
    out: dict[int, str] = {}
    label = ""
    blanks = 0
    for i in range(header + 1, len(grid)):
        cell = grid[i][col] if col < len(grid[i]) else ""
        if cell:
            label = cell
        else:
            blanks += 1
        if label:
            out[i] = label
    return out if blanks and len(set(out.values())) >= 2 else {}


def parse_stacked(t: TableSink) -> None:
    """One entry per value cell: the metric from the row name, the priority carried down from the group's first
    row, the plan from the column header. A workaround or status-update row beside a final-fix row of the same
    table is an "other" objective (the resolution stems would read "Restore Operation" as a second resolution)."""
    head = t.grid[t.header]
    body = list(enumerate(t.grid[t.header + 1:], t.header + 1))
    names = {r[1] for _, r in body if len(r) > 1 and r[1]}
    final_fix = any(metric_of(n) == "resolution_time" and other_objective(n) is None for n in names)
    cols = [j for j in range(2, len(head)) if head[j] and not CREDIT_HEADER_RE.search(head[j])
            and not COVER_HEADER_RE.search(head[j])]
    single = len(cols) == 1  # one target column: it names no plan
    priority = None
    for i, row in body:
        if row and row[0]:
            priority = priority_label(row[0], head[0] if PRIORITY_HEADER_RE.search(head[0]) else "")
        name = row[1] if len(row) > 1 else ""
        if not name or priority is None:
            continue
        metric = metric_of(name)
        kind = other_objective(name)
        if kind == "status_update" or (kind == "interim" and final_fix):
            metric = "other"
        elif metric is None:
            continue
        for j in cols:
            if j < len(row) and row[j]:
                t.add(metric, i, row[j], priority=priority, service=None if single else head[j],
                      confidence=0.85, col=j)
