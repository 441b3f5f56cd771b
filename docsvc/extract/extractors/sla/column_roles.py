"""Column roles of SLA tables beyond the three named metrics."""

from __future__ import annotations

import re
from collections.abc import Callable

from docsvc.extract.extractors.sla.values import cell_target, uptime_level
from docsvc.extract.extractors.sla.vocab import (
    BROKEN_WORD_RE,
    CREDIT_HEADER_RE,
    OTHER_METRIC_RE,
    PRIORITY_CODE_RE,
    PRIORITY_WORD_RE,
    is_durability,
    is_observed,
    metric_of,
    other_objective,
    window_kind,
)

_WINDOW_CELL = 40  # characters
_HEADER_CELL = 40  # characters: a column label, not a sentence that happens to mention a recovery objective
# A column that holds agreed levels without naming the metric; narrower than TARGET_HEADER_RE ("Value", "Level",
# "Standard" also head spec sheets), because the rows it reads name components, not metrics.
_TURNAROUND_COLUMN_RE = re.compile(r"\b(?:completion|turnaround|processing|delivery|fulfil?ment|target)\s+(?:targets?|"
                                   r"times?|deadlines?)\b|\btarget\b|bearbeitungszeit|erledigungsfrist|durchlaufzeit",
                                   re.I)
_LEVEL_COLUMN_RE = re.compile(
    r"^\W*(?:slos?|slas?|service[\s-]*levels?(?:\s+objectives?)?|(?:availability\s+|uptime\s+)?targets?|"
    r"zielwert|sollwert|zusage|garantie|guarantee|commitment)\W*$", re.I)


def header_metric(header: str) -> str | None:
    """The metric a column header names, also when a narrow PDF cell broke the word without a hyphen: rejoined
    lower-case fragments are tried only when the header as printed names none."""
    return metric_of(header) or metric_of(BROKEN_WORD_RE.sub("", header))


def objective_of(header: str) -> str | None:
    """"other" for a short column label naming a service level beyond the three metrics ("RTO", "RPO",
    "Recovery Point Objective", "Vor-Ort-Einsatz"): recovery-tier and business-process tables put their targets
    under such columns, with tier or process names as rows."""
    if len(header) > _HEADER_CELL:
        return None
    return "other" if OTHER_METRIC_RE.search(header) or OTHER_METRIC_RE.search(BROKEN_WORD_RE.sub("", header)) else None


# Currency only: bare numbers ("1", "2") are what severity columns hold.
_AMOUNT_RE = re.compile(r"\d\s*(?:[€$£]|eur\b|usd\b|chf\b|gbp\b)|(?:[€$£]|\b(?:eur|usd|chf|gbp))\s*\d", re.I)


def amount_column(grid: list[list[str]], header: int, col: int) -> bool:
    """Most cells of ``col`` are amounts of money: an "Impact" column of money ("50.000 €") names no
    priority, though its header word does."""
    cells = [r[col] for r in grid[header + 1:] if col < len(r) and r[col]]
    return bool(cells) and sum(1 for c in cells if _AMOUNT_RE.search(c)) * 2 > len(cells)


def durability_row(cells: list[str], cell: str) -> bool:
    """The value ``cell`` or a label cell of its row names storage durability ("Durability of objects |
    99.9999999%"). Other value cells do not count: "99.99% availability | 99.999999999% durability" keeps its
    availability."""
    return is_durability(cell) or any(is_durability(c) for c in cells if "%" not in c)


def level_column_rows(grid: list[list[str]], header: int, col: int | None, language: str,
                      add: Callable[[int, str, str], None], *, sla_text: bool = False) -> None:
    """Component rows under a bare level column ("Component | SLO | Monitoring", "Storage | 99.95 %"): no row
    names a metric, so only uptime-like percentages are read, and only when most rows hold one, i.e. the column
    is a list of availability objectives and not a mixed KPI sheet ("Error rate | < 0.1 %"). In a table the text
    calls an SLA, a column of turnaround times ("Operation | Completion Target" over "Data Export Request | 48
    hours") holds "other" service levels, one per operation."""
    if col is None:
        return
    body = [(i, r) for i, r in enumerate(grid[header + 1:], header + 1) if r and r[0] and col < len(r) and r[col]]
    if sla_text and _TURNAROUND_COLUMN_RE.search(grid[header][col]):
        times = [(i, r) for i, r in body if (v := cell_target(r[col], language)) and v.unit != "percent"]
        if times and len(times) * 2 > len(body):
            for i, r in times:
                add(i, r[col], r[0])
            return
    if not _LEVEL_COLUMN_RE.match(grid[header][col]):
        return
    levels = [(i, r) for i, r in body
              if (v := cell_target(r[col], language)) and v.unit == "percent" and uptime_level(v.value)]
    if not levels or len(levels) * 2 <= len(body):
        return
    for i, r in levels:
        add(i, r[col], r[0])


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
        if j not in exclude and holds_windows(grid, header, j, language):
            return j
    return None


def holds_windows(grid: list[list[str]], header: int, col: int, language: str) -> bool:
    """Most body cells of ``col`` are service windows and none is a target value: "Verfügbarkeit" /
    "Availability" over "24/7" and "Mo-Fr 08-18" says when support is reachable, not an uptime level, so the
    header word must not make it a metric column."""
    cells = [r[col] for r in grid[header + 1:] if any(r) and col < len(r) and r[col]]
    if any(cell_target(c, language) for c in cells):
        return False
    # Short labels only: a description mentioning "during normal business hours" is no service window.
    windows = sum(1 for c in cells if len(c) <= _WINDOW_CELL and window_kind(c) is not None)
    return bool(cells) and windows * 2 > len(cells)



_PLAN_CELL = 30  # characters: a plan name ("Basic Care"), not a note
_NOTE_RE = re.compile(r"\s*\([^()]*\)")


def header_plans(parts: tuple[tuple[str, ...], ...]) -> dict[int, tuple[str, str]]:
    """Columns of a composed multi-row header whose labels split into what the column measures and whose plan
    it is ("Reaktionszeit je Servicestufe" over "Bronze"; "Basic Care" over "First Response Time"), as {column:
    (metric label, plan)}. The plan is told apart by structure: the label of the column's stack that names no
    metric, among at least two metric columns with different such labels. A spanning "Target times", a window
    ("Business hours") or a value names no plan; a code may ("Reaktionszeiten mit Code" over "8 | 4 | 2")."""
    out: dict[int, tuple[str, str]] = {}
    for j, stack in enumerate(parts):
        measured = [p for p in stack if header_metric(p) or objective_of(p)]
        # A note in brackets is no part of the plan's name: "Premium Support (additional fees required)".
        rest = [name for p in stack if p not in measured if (name := _NOTE_RE.sub("", p).strip())]
        if j == 0 or not measured or len(rest) != 1 or len(rest[0]) > _PLAN_CELL or window_kind(rest[0]) \
                or cell_target(rest[0], "en") or _not_a_plan(rest[0]):
            continue
        out[j] = (" ".join(measured), rest[0])
    return out if len({plan for _, plan in out.values()}) >= 2 else {}


def _not_a_plan(label: str) -> bool:
    """A sub-label saying what kind of figure the column holds ("Achieved", "SLA Met", "Target", "Credit")."""
    return bool(CREDIT_HEADER_RE.search(label) or _LEVEL_COLUMN_RE.match(label) or is_observed(label))


def measured_row_under(grid: list[list[str]], header: int, language: str) -> bool:
    """The row under the header row repeats what the columns measure under different column names ("Basic |
    Premium" over "First Response | First Response") and holds no value: a second header row (its first cell
    then names the row labels, "Severity"); the upper row says whose the columns are, the lower what they hold."""
    if header < 0 or header + 2 >= len(grid):
        return False
    upper, lower = grid[header], grid[header + 1]
    if any(cell_target(c, language) for c in lower if c):
        return False
    return any(lower[j] and lower[j] == lower[j - 1] and (header_metric(lower[j]) or objective_of(lower[j]))
               and upper[j] and upper[j - 1] and upper[j] != upper[j - 1]
               for j in range(2, min(len(upper), len(lower))))
