"""Column roles of SLA tables beyond the three named metrics."""

from __future__ import annotations

from docsvc.extract.extractors.sla.vocab import CREDIT_HEADER_RE, other_objective


def with_other_objectives(head: list[str], metric_cols: dict[int, str]) -> dict[int, str]:
    """Columns of a priority × metric table that hold "other" service levels: a status-update cadence ("Status
    Updates | Every business day"), and a workaround next to its own resolution column ("Workaround Target |
    Resolution Target"), which the resolution stems would otherwise read as a second resolution time."""
    out = dict(metric_cols)
    for j, c in enumerate(head):
        kind = other_objective(c) if j > 0 and not CREDIT_HEADER_RE.search(c) else None
        if kind == "status_update" and (j not in out or out[j] == "response_time"):
            out[j] = "other"
        elif kind == "interim" and out.get(j, "resolution_time") == "resolution_time" and any(
                m == "resolution_time" and other_objective(head[k]) is None for k, m in metric_cols.items()):
            out[j] = "other"
    return out
