"""Column roles of SLA tables beyond the three named metrics."""

from __future__ import annotations

from docsvc.extract.extractors.sla.values import cell_target
from docsvc.extract.extractors.sla.vocab import (
    CREDIT_HEADER_RE,
    PRIORITY_CODE_RE,
    PRIORITY_WORD_RE,
    other_objective,
    window_kind,
)

_WINDOW_CELL = 40  # characters


def with_other_objectives(head: list[str], metric_cols: dict[int, str]) -> dict[int, str]:
    """Columns of a priority × metric table that hold "other" service levels: a status-update cadence ("Status
    Updates | Every business day"), and a workaround next to its own resolution column ("Workaround Target |
    Resolution Target"), which the resolution stems would otherwise read as a second resolution time."""
    out = dict(metric_cols)
    for j, c in enumerate(head):
        kind = other_objective(c) if j > 0 and not CREDIT_HEADER_RE.search(c) else None
        if kind == "status_update" and (j not in out or out[j] == "response_time"):
            out[j] = "other"
        elif kind == "interim" and out.get(j, "resolution_time") == "resolution_time" and _has_plain(
                head, metric_cols, "resolution_time"):
            out[j] = "other"
        elif kind == "interim" and out.get(j) == "response_time" and _has_plain(head, metric_cols, "resolution_time") \
                and _has_plain(head, metric_cols, "response_time"):
            out[j] = "other"  # "Initial Response | Operational State Response | Fix": the middle one is the workaround
    return out


def _has_plain(head: list[str], metric_cols: dict[int, str], metric: str) -> bool:
    """Some column of ``metric`` is no interim or status-update column."""
    return any(m == metric and other_objective(head[k]) is None for k, m in metric_cols.items())


def header_priorities(head: list[str], metric_cols: dict[int, str]) -> dict[int, str]:
    """Metric columns that also name their priority ("Critical response", "P1 Response Time"), as {column:
    priority}: a plan-per-row table ("Developer | 12 hours | 24 hours") then has one priority per column. Only when
    at least two metric columns do, so that a single "Urgent Response" header stays an ordinary metric column."""
    out: dict[int, str] = {}
    for j in metric_cols:
        found = PRIORITY_CODE_RE.search(head[j]) or PRIORITY_WORD_RE.search(head[j])
        if found:
            out[j] = " ".join(found.group(0).split()).strip(" -–:")
    return out if len(out) >= 2 else {}


def window_column(grid: list[list[str]], header: int, language: str, exclude: set[int]) -> int | None:
    """A column whose header does not say it but whose cells are service windows ("Hours": "Business hours",
    "24/7", "Extended (8am-8pm)"): the column's role is read from its values' type."""
    body = [r for r in grid[header + 1:] if any(r)]
    for j in range(1, max((len(r) for r in body), default=0)):
        if j in exclude:
            continue
        cells = [r[j] for r in body if j < len(r) and r[j]]
        # Short labels only: a description mentioning "during normal business hours" is no service window.
        windows = sum(1 for c in cells if len(c) <= _WINDOW_CELL and window_kind(c) is not None
                      and cell_target(c, language) is None)
        if cells and windows * 2 > len(cells):
            return j
    return None

