"""Cells that say what they measure: "Reaktion: 4 Std.; Entstörung: 1 Werktag", "Response: 1 hour / Resolution:
4 hours", or a support code "24x7x4" (its last part the response time). Such a cell is a service level wherever it
stands: under a column no reader takes for a metric column ("Leistung", "Details") or in a row the table's layout
reader skipped, so it is read after them, on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from docsvc.extract.extractors.sla.table_sink import SlaTable
from docsvc.extract.extractors.sla.value_lists import part_labels
from docsvc.extract.extractors.sla.values import cell_target, service_code
from docsvc.extract.extractors.sla.vocab import is_priority_cell, metric_of, priority_label, window_kind


def read_labelled_cells(t: SlaTable) -> None:
    """Add the metric-labelled parts of every body cell no reader has taken a value from."""
    head = t.grid[t.header]
    for i, j, row in untaken_cells(t):
        cell = row[j]
        name = row[0]
        if service_code(cell):  # "Hardware Premium | 24x7x4": the code's last part is the response time
            t.add("response_time", i, cell, service=name or None, confidence=0.75, col=j)
            continue
        labels = part_labels(cell)
        if not labels or labels[0].start() != 0:
            continue
        # Every label names a metric and every part holds a value: no prose that merely mentions one.
        parts = [cell[m.end():labels[k + 1].start() if k + 1 < len(labels) else len(cell)]
                 for k, m in enumerate(labels)]
        if not all(metric_of(m.group("label")) for m in labels) or not all(
                cell_target(p, t.language) for p in parts):
            continue
        priority = priority_label(name, head[0] if head else "") if is_priority_cell(name) else None
        # The row's service window ("Mo–Fr 8–17 Uhr" beside "Reaktion: 4 Std.") puts its hours in that window.
        cover = next((c for k, c in enumerate(row) if k != j and c and len(c) <= 60
                      and window_kind(c) is not None), None)
        t.add(None, i, cell, priority=priority, service=None if priority else name or None, cover=cover,
              confidence=0.8, col=j)


def untaken_cells(t: SlaTable) -> Iterator[tuple[int, int, list[str]]]:
    """(row, column, row cells) of every non-empty body cell no reader has taken a value from."""
    taken = {(e["_order"][1], column_of(e["_order"][2])) for e in t.out}
    for i in range(t.header + 1, len(t.grid)):
        row = t.grid[i]
        for j in range(1, len(row)):
            if (i, j) not in taken and row[j]:
                yield i, j, row


def column_of(col: int) -> int:
    """The table column of an entry's order key (parts of a cell are numbered ``col * 100 + k``)."""
    while col >= 100:
        col //= 100
    return col
