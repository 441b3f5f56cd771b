"""Feature matrices whose row names carry the target and whose cells only say which plan has it::

    Leistung                                    | Basis | Komfort | Premium
    Vor-Ort-Service innerhalb von 3 Werktagen   |   ✗   |    ✓    |    ✓
    On-site within 4 hours                      |   –   |    –    |    ✓

No cell holds a value, so no other table reader finds one. A row counts when its name states a service level
(a metric or an "other" objective, and a value) and each of its plan cells is a mark: one entry per plan marked
as having it, the plan as the entry's service. The mark words are data (``table_headers.json``).
"""

from __future__ import annotations

from docsvc.extract.extractors.sla.stacked_tables import TableSink
from docsvc.extract.extractors.sla.values import cell_target
from docsvc.extract.extractors.sla.vocab import OTHER_METRIC_RE, metric_of, period_of
from docsvc.extract.extractors.tables.grid import header_words

_PLAN_CELL = 40  # characters: a column label, not a sentence


def _mark(cell: str) -> bool | None:
    """True for a cell saying "has it" ("✓", "ja"), False for "has not" ("✗", "–", "no"), None otherwise."""
    words = header_words()
    text = cell.strip()
    if words["mark_yes"].fullmatch(text):
        return True
    if words["mark_no"].fullmatch(text):
        return False
    return None


def parse_marks(t: TableSink) -> None:
    """Read the marked rows of a plan feature matrix into ``t``; other rows and other tables are left alone."""
    head = t.grid[t.header]
    cols = [j for j in range(1, len(head)) if head[j] and len(head[j]) <= _PLAN_CELL]
    if len(cols) < 2:
        return
    for i in range(t.header + 1, len(t.grid)):
        row = t.grid[i]
        label = row[0] if row else ""
        marks = [(j, _mark(row[j]) if j < len(row) and row[j] else False) for j in cols]
        if not label or any(m is None for _, m in marks) or not any(m for _, m in marks):
            continue
        metric = metric_of(label) or ("other" if OTHER_METRIC_RE.search(label) else None)
        if metric is None or cell_target(label, t.language) is None:
            continue
        for j, has in marks:
            if has:
                t.add(metric, i, label, service=head[j], period=period_of(label), confidence=0.75, col=j)
