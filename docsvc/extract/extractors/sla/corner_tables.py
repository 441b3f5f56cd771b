"""Tables whose metric is named once, in the corner cell over the row labels, with plans or environments as the
value columns::

    Availability Type | Non-Prod | Prod          Reaktionszeit | Basic   | Premium
    Synthetic         | 99.0%    | 99.5%         E-Mail        | 8 Std.  | 4 Std.
    Router            | 99.0%    | 99.5%         Telefon       | 4 Std.  | 1 Std.

The rows name services (or channels), not priorities, and no column header names a metric, so neither the
priority-row nor the transposed reading applies. Every value cell that fits the corner's metric is one entry:
the row label is its service, the column header its plan.
"""

from __future__ import annotations

from docsvc.extract.extractors.sla.stacked_tables import TableSink
from docsvc.extract.extractors.sla.values import cell_target
from docsvc.extract.extractors.sla.vocab import (
    COVER_HEADER_RE,
    CREDIT_HEADER_RE,
    metric_of,
    period_of,
    priority_label,
)
from docsvc.extract.extractors.tables.grid import is_threshold_header

_UNITS = {
    "availability": {"percent"},
    "response_time": {"minutes", "hours", "business_hours", "days", "business_days"},
    "resolution_time": {"minutes", "hours", "business_hours", "days", "business_days"},
}


def parse_corner(t: TableSink) -> bool:
    """Read a corner-metric table into ``t``; False when ``t`` is not one."""
    head = t.grid[t.header]
    metric = metric_of(head[0]) if head and head[0] else None
    if metric not in _UNITS or CREDIT_HEADER_RE.search(head[0]):
        return False
    if any(metric_of(c) or CREDIT_HEADER_RE.search(c) or COVER_HEADER_RE.search(c) or is_threshold_header(c)
           for c in head[1:] if c):
        return False
    body = [(i, r) for i, r in enumerate(t.grid[t.header + 1:], t.header + 1) if r and r[0]]
    if not body or any(metric_of(r[0]) for _, r in body):
        return False  # rows naming metrics of their own are read row by row

    def fits(cell: str) -> bool:
        target = cell_target(cell, t.language)
        return target is not None and target.unit in _UNITS[metric]

    cols = [j for j in range(1, len(head)) if head[j]
            and sum(1 for _, r in body if j < len(r) and fits(r[j])) * 2 >= len(body)]
    if not cols:
        return False
    for i, row in body:
        for j in cols:
            if j < len(row) and row[j] and fits(row[j]):
                t.add(metric, i, row[j], priority=priority_label(head[j]), service=row[0],
                      period=period_of(head[0]) or period_of(head[j]), confidence=0.8, col=j)
    return True
