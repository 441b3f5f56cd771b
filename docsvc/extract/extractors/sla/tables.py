"""SLA tables: priority rows × metric columns, transposed tables (priorities or service classes as columns),
and one-row-per-service-level tables ("Service Level | Target | Measurement").

Every value cell becomes one entry (metric × priority). Whether hours and days count only inside a service
window is decided per value: by the unit as written ("4 Business Hours"), else by the table's coverage line for
that priority ("Servicezeit | Mo–Fr 08–18 | 24/7"), else by the text around the table ("Both are measured
during Business Hours only").
"""

from __future__ import annotations

import re
from typing import Any

from docsvc.extract.context import DocContext
from docsvc.extract.extractors.sla.acronyms import defined_metrics, expand
from docsvc.extract.extractors.sla.column_roles import (
    amount_column,
    header_metric,
    header_plans,
    header_priorities,
    holds_windows,
    level_column_rows,
    measured_row_under,
    objective_of,
    window_column,
    with_other_objectives,
)
from docsvc.extract.extractors.sla.corner_tables import parse_corner
from docsvc.extract.extractors.sla.credit_tables import is_credit_table
from docsvc.extract.extractors.sla.labelled_cells import read_labelled_cells
from docsvc.extract.extractors.sla.mark_tables import parse_marks
from docsvc.extract.extractors.sla.prose_cells import read_prose_cells
from docsvc.extract.extractors.sla.services import service_of
from docsvc.extract.extractors.sla.stacked_tables import carried_labels, is_stacked, parse_stacked
from docsvc.extract.extractors.sla.table_context import business_by_context, table_context
from docsvc.extract.extractors.sla.table_sink import BARE_NUMBER_RE, SlaTable, fits
from docsvc.extract.extractors.sla.values import cell_target, header_unit, uptime_level
from docsvc.extract.extractors.sla.vocab import (
    ANY_METRIC_RE,
    COVER_HEADER_RE,
    CREDIT_HEADER_RE,
    PRIORITY_CODE_RE,
    PRIORITY_HEADER_RE,
    SUPPORT_ROW_RE,
    TARGET_HEADER_RE,
    cover_column,
    cover_in,
    is_business_kpi,
    is_observed,
    is_priority_cell,
    is_remedy,
    metric_of,
    period_of,
    priority_label,
    window_kind,
)
from docsvc.extract.extractors.tables.grid import bound_of, compose, is_threshold_header, read_grid
from docsvc.extract.negative_context import NOT_SLA, excluded, excluded_caption
from docsvc.extract.types import Table

_PERIOD_HEADER_RE = re.compile(r"measure|period|messung|messzeitraum|bemessung|zeitraum", re.I)
_SLA_TEXT_RE = re.compile(r"service\s*level|\bslas?\b|kpi|leistungskennzahl|dienstgüte|availab|verfügbar", re.I)
# Units that say business time themselves; a table using them leaves its plain hours and days calendar time.
_BUSINESS_UNIT_RE = re.compile(r"business\s+(?:hours?|days?)|working\s+(?:hours?|days?)|werktag|arbeitstag|"
                               r"geschäftstag|arbeitsstunde", re.I)


def sla_from_tables(ctx: DocContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    defined = defined_metrics(s.text for s in ctx.sentences) if ctx.tables else {}
    for table in ctx.tables:
        read = read_grid(table, ctx.language)
        if measured_row_under(read.rows, read.header, ctx.language):
            read = compose(read.rows, [read.header, read.header + 1])
        grid = read.rows
        if len(grid) == 1 and len(grid[0]) == 2:
            out += _single_pair(ctx, table, grid)  # "| Service Level | 99.95% |" with no body rows
            continue
        if len(grid) < 2 or max(len(r) for r in grid) < 2:
            continue
        header = read.header if read.header >= 0 else _header_row(grid)
        plans = header_plans(read.parts)
        if plans:  # the header keeps what each column measures; the plan names its service
            grid[header] = [plans[j][0] if j in plans else c for j, c in enumerate(grid[header])]
        if defined:  # "Maximum WT" after "Waiting time (WT) is ..."
            grid = [[expand(c, defined) for c in r] if i == header else r for i, r in enumerate(grid)]
        if is_credit_table(grid, header) and not _target_columns(grid[header]):
            continue
        if excluded_caption(table.caption or "", NOT_SLA) or excluded("", NOT_SLA, scope=table.section):
            continue  # "Berechnungsbeispiel", "Example"
        parts = table_context(ctx, table)
        explicit = any(_BUSINESS_UNIT_RE.search(c) for r in grid[header + 1:] for c in r[1:])
        t = SlaTable(table, grid, header, ctx.language, business_by_context(parts, explicit), " ".join(parts),
                   service_of(table.caption) or service_of(table.section), plans={j: p for j, (_, p) in plans.items()})
        _parse(t)
        read_labelled_cells(t)
        read_prose_cells(t)
        parse_marks(t)
        out += t.out
    return out


def _target_columns(head: list[str]) -> bool:
    """A credit column next to target columns ("Service Level | Target | Credit") leaves an SLA table; band
    columns ("Verfügbarkeit kleiner als", "Availability below") are thresholds, not targets."""
    return any((metric_of(c) or TARGET_HEADER_RE.search(c)) and not CREDIT_HEADER_RE.search(c)
               and not _threshold_column(c) and not is_observed(c) for c in head[1:])


def _threshold_column(header: str) -> bool:
    """A band bound of a credit table ("Availability below", "Response time greater than"). A maximum time is
    how a time target is written ("Maximum Response Time", "Max. Reaktionszeit"): no band."""
    if not is_threshold_header(header):
        return False
    return not (bound_of(header) == "upper" and metric_of(header) in ("response_time", "resolution_time"))


def _header_row(grid: list[list[str]]) -> int:
    """The first of the top rows holding labels rather than values."""
    for i, row in enumerate(grid[:3]):
        labels = [c for c in row if c]
        if len(labels) >= 2 and not any(cell_target(c, "en") for c in labels[1:] if len(c) < 40):
            return i
    return 0


def _parse(t: SlaTable) -> None:
    head = t.grid[t.header]
    if is_stacked(t.grid, t.header):
        parse_stacked(t)
        return
    # "Uptime Achieved" reports a result: no metric column, and alone it leaves the table no SLA table.
    observed = [j for j, c in enumerate(head) if j > 0 and is_observed(c)]
    metric_cols = {j: m for j, c in enumerate(head) if j > 0 and not CREDIT_HEADER_RE.search(c) and j not in observed
                   and not cover_column(c) and not _threshold_column(c)
                   and (m := header_metric(c) or objective_of(c))
                   and not holds_windows(t.grid, t.header, j, t.language)}
    if observed and not metric_cols and not any(TARGET_HEADER_RE.search(c) for c in head[1:]):
        return
    prio_cols = [j for j, c in enumerate(head) if j > 0 and is_priority_cell(c)]
    if not metric_cols:
        # Service classes named partly like priorities ("Basic | Advanced | Premium"): all of them are columns.
        prio_cols = sorted(set(prio_cols) | set(_class_columns(t))) if prio_cols else _class_columns(t)
    if metric_cols and header_priorities(head, metric_cols):
        _parse_metric_columns(t, with_other_objectives(head, metric_cols))  # "Critical response | High response"
    elif len(prio_cols) >= 2 and not _priority_rows(t):
        _parse_transposed(t, prio_cols)
    elif metric_cols:
        _parse_metric_columns(t, with_other_objectives(head, metric_cols))
    elif not _parse_matrix(t) and not parse_corner(t):
        _parse_rowwise(t)


def _parse_metric_columns(t: SlaTable, metric_cols: dict[int, str]) -> None:
    """Priority (or service) rows × metric columns."""
    head = t.grid[t.header]
    key = next((j for j, c in enumerate(head) if PRIORITY_HEADER_RE.search(c) and j not in metric_cols
                and not amount_column(t.grid, t.header, j)), 0)
    cover_col = next((j for j, c in enumerate(head) if cover_column(c)), None)
    if cover_col is None:
        cover_col = window_column(t.grid, t.header, t.language, exclude={key, *metric_cols})
    period_col = next((j for j, c in enumerate(head) if _PERIOD_HEADER_RE.search(c) and j not in metric_cols), None)
    # Priorities in a later column, grouped by a merged first-column label ("Development" over its severities):
    # that label names the service of each row of its group.
    groups = carried_labels(t.grid, t.header, 0) if key > 0 and 0 not in metric_cols and cover_col != 0 else {}
    col_priority = header_priorities(head, metric_cols)
    for i in range(t.header + 1, len(t.grid)):
        row = t.grid[i]
        label = row[key] if key < len(row) else ""
        if not label:
            continue
        # Under a priority header ("Störungskategorie") any label is the priority ("betriebsbehindernde Störung").
        by_header = key > 0 or bool(PRIORITY_HEADER_RE.search(head[key]))
        priority = priority_label(label, head[key]) if is_priority_cell(label) or by_header else None
        cover = row[cover_col] if cover_col is not None and cover_col < len(row) else None
        if cover_col == key or window_kind(label) is not None:
            cover, label = label, ""  # rows labelled by their service window ("Mo–Fr 8–18 Uhr", "24x7")
        period = period_of(row[period_col]) if period_col is not None and period_col < len(row) else None
        for j, metric in metric_cols.items():
            if j < len(row) and row[j]:
                unit = header_unit(head[j])
                t.add(metric, i, row[j], priority=col_priority.get(j, priority),
                      service=t.plans.get(j) or groups.get(i) or (label or None if col_priority or not priority
                                                                  else None),
                      cover=cover or cover_in(row[j]) or (head[j] if COVER_HEADER_RE.search(head[j]) else None),
                      period=period or period_of(head[j]), unit_hint=unit,
                      confidence=0.9 if priority else 0.8, col=j)


def _parse_transposed(t: SlaTable, prio_cols: list[int]) -> None:
    """Metric rows × priority (or service-class) columns, with an optional coverage row."""
    head = t.grid[t.header]
    covers: dict[int, str] = {}
    for row in t.grid[t.header + 1:]:
        if row and cover_column(row[0]):
            covers = {j: row[j] for j in prio_cols if j < len(row) and row[j]}
    # Unnamed service levels ("Ticket Update Cycle") count beside rows that name metrics, or in SLA text.
    named = sum(1 for r in t.grid[t.header + 1:] if r and r[0] and metric_of(r[0]))
    corner = (metric_of(head[0]) if head and head[0] else None) or _lead_in_metric(t) if not named else None
    for i in range(t.header + 1, len(t.grid)):
        row = t.grid[i]
        name = row[0] if row else ""
        # A time metric named before the window ("Response Time (within Support Hours)") is a metric row.
        if not name or cover_column(name) or CREDIT_HEADER_RE.search(name):
            continue
        # A "Support" row of a plan table ("Email (48h)", "Dedicated (1h)") states response times; rows of
        # channels under a corner cell naming the metric ("Reaktionszeit | Basic | Premium") state that metric.
        metric = metric_of(name) or ("response_time" if SUPPORT_ROW_RE.match(name) else None) or corner
        if metric is None and (is_business_kpi(name) or not (named >= 2 or _SLA_TEXT_RE.search(t.context)
                                                             or TARGET_HEADER_RE.search(name))):
            continue
        unit = header_unit(name)
        # A row naming its priority ("Priority 1 Response Time"): the columns are then plans, i.e. services.
        code = PRIORITY_CODE_RE.search(name) if metric else None
        for j in prio_cols:
            if j < len(row) and row[j]:
                t.add(metric, i, row[j], priority=code.group(0) if code else priority_label(head[j]),
                      cover=covers.get(j) or cover_in(row[j]) or cover_in(name),
                      period=period_of(name), unit_hint=unit, confidence=0.9 if metric else 0.6, col=j,
                      service=head[j] if code else name if corner and not metric_of(name) else None)


def _priority_rows(t: SlaTable) -> bool:
    """Most body rows are labelled by a priority ("PRIORITÄT 1 Die Produktion ...", "Urgent"): not metric rows."""
    labels = [r[0] for r in t.grid[t.header + 1:] if r and r[0]]
    hits = sum(1 for c in labels if (is_priority_cell(c) or PRIORITY_CODE_RE.match(c) or _by_header(t, c))
               and not metric_of(c))
    return bool(labels) and hits * 2 > len(labels)


_LEADING_CODE_RE = re.compile(r"^\s*(?:\d|[A-D])\s*[-–:.)]\s*\w")
_LABEL_CELL = 25  # characters: a row name ("Level 3", "Sev A"), not a description


def _by_header(t: SlaTable, label: str) -> bool:
    """Under a first-column header naming priorities ("Severity", "Schweregrad") a short row name that names no
    metric is a priority, whatever it is called ("Level 3", "Stufe Rot")."""
    head = t.grid[t.header]
    return bool(head and PRIORITY_HEADER_RE.search(head[0])) and len(label) <= _LABEL_CELL and not metric_of(label)


def _parse_matrix(t: SlaTable) -> bool:
    """Priority rows × service-class (plan, coverage) columns, one metric for the whole table, named by the table
    caption, its section or the text before it: "Severity levels and response times" over "Severity Level |
    Weekday | 24.7", "Service-Level-Ziele: Spontane Reaktion" over "Priorität | Online Support | Business ...".
    """
    head = t.grid[t.header]
    body = [(i, r) for i, r in enumerate(t.grid[t.header + 1:], t.header + 1) if r and r[0]]
    if len(head) < 2 or not body:
        return False
    by_header = bool(PRIORITY_HEADER_RE.search(head[0]))
    labelled = sum(1 for _, r in body if is_priority_cell(r[0]) or PRIORITY_CODE_RE.match(r[0])
                   or (by_header and (_LEADING_CODE_RE.match(r[0]) or _by_header(t, r[0]))))
    if labelled * 2 < len(body) or labelled == 0:
        return False
    cols = [j for j in range(1, len(head)) if head[j] and _value_column(t, body, j)]
    if not cols:
        return False
    table_text = " ".join([t.table.caption or "", t.table.section or "", head[0]])
    metric = metric_of(table_text) or metric_of(t.context)
    if metric is None or metric == "availability":
        return False
    for i, row in body:
        label = row[0]
        code = PRIORITY_CODE_RE.match(label) or (_LEADING_CODE_RE.match(label) if by_header else None)
        if code and not is_priority_cell(label):
            priority = priority_label(re.split(r"\s*[-–:.)]\s*\w", code.group(0))[0].strip(), head[0])
        else:
            priority = priority_label(label, head[0])
        for j in cols:
            if j < len(row) and row[j]:
                cover = head[j] if window_kind(head[j]) is not None else cover_in(row[j]) or cover_in(label)
                t.add(metric, i, row[j], priority=priority, service=None if cover == head[j] else head[j],
                      cover=cover, period=period_of(head[j]), confidence=0.8, col=j)
    return True


# A plan column's cell for a priority the plan does not offer ("Not available", "n/a", "–").
_NOT_OFFERED_RE = re.compile(r"^\W*(?:not\s+(?:available|offered|included|applicable)|n/?a|none|no|nicht\s+"
                             r"(?:verfügbar|enthalten|angeboten)|entfällt|keine?|[-–—])\W*$", re.I)


def _value_column(t: SlaTable, body: list[tuple[int, list[str]]], j: int) -> bool:
    """A column holding values in most rows, or in every row of the priorities its plan offers ("Trial | Not
    available" above "Trial | 1 business day")."""
    cells = [r[j] for _, r in body if j < len(r)]
    values = sum(1 for c in cells if cell_target(c, t.language))
    return values * 2 >= len(body) or (values > 0 and all(
        cell_target(c, t.language) or _NOT_OFFERED_RE.match(c) or not c for c in cells))


def _lead_in_metric(t: SlaTable) -> str | None:
    """The one time metric the text right before a table names ("The expected support specialist response time
    is shown in the table below"), for a table whose rows and columns name none (channels by plans)."""
    found = {m.lastgroup for m in ANY_METRIC_RE.finditer(t.context)}
    return found.pop() if len(found) == 1 and found <= {"response_time", "resolution_time"} else None


def _label_level_pairs(t: SlaTable) -> bool:
    """A two-column table of labels and uptime levels in an SLA part, its first pair taken for a header by the
    converter ("Service Level | 99.95%" over "DB Cluster, read | 99.99%"): one availability per row. False when
    the table is not one."""
    pairs = [(i, r) for i, r in enumerate(t.grid) if len(r) == 2 and r[0] and r[1]]
    levels = [(i, r) for i, r in pairs if (v := cell_target(r[1], t.language)) and v.unit == "percent"
              and uptime_level(v.value)]
    if len(t.grid[t.header]) != 2 or not levels or len(levels) * 2 <= len(pairs):
        return False
    for i, r in levels:
        generic = TARGET_HEADER_RE.search(r[0]) or _SLA_TEXT_RE.search(r[0])  # "Service Level | 99.95%"
        t.add(None, i, r[1], service=None if generic else r[0], period=period_of(r[1]), confidence=0.7)
    return True


def _class_columns(t: SlaTable) -> list[int]:
    """Columns named after service classes of any name ("Start | Plus | Premium", "Basic | Business"): short
    header labels that are no target, coverage, credit or period header, each holding a target in a metric row."""
    head = t.grid[t.header]
    names = _class_names(head)
    candidates = [j for j, c in enumerate(head) if j > 0 and 0 < len(c) <= 30 and not BARE_NUMBER_RE.match(c)
                  and not ((TARGET_HEADER_RE.search(c) and j not in names) or COVER_HEADER_RE.search(c)
                           or CREDIT_HEADER_RE.search(c) or _PERIOD_HEADER_RE.search(c)
                           or PRIORITY_HEADER_RE.search(c))]
    metric_rows = [r for r in t.grid[t.header + 1:] if r and metric_of(r[0])]
    cols = [j for j in candidates if any(j < len(r) and cell_target(r[j], t.language) for r in metric_rows)]
    # A class without targets ("Basic | Nicht zutreffend") may sit among those with targets.
    rest = [j for j in candidates if j not in cols]
    without = all(not re.search(r"\d", r[j]) for j in rest for r in metric_rows if j < len(r))
    return cols if len(cols) >= 2 and (not rest or without) else []


def _class_names(head: list[str]) -> set[int]:
    """Columns headed by one target word and a name of their own ("SLA „KUPFER“ | SLA „SILBER“", "Service Level
    A | Service Level B"): the shared word says the columns hold targets, the names tell service classes apart."""
    rest = {j: re.sub(r"\W+", " ", TARGET_HEADER_RE.sub(" ", c)).strip() for j, c in enumerate(head)
            if j > 0 and TARGET_HEADER_RE.search(c)}
    named = {j: r for j, r in rest.items() if r and not TARGET_HEADER_RE.search(r)}
    return set(named) if len(named) >= 2 and len(set(named.values())) == len(named) else set()


def _parse_rowwise(t: SlaTable) -> None:
    """One row per service level: a name cell and a target cell ("Severity 1 Response | 15 minutes")."""
    head = t.grid[t.header]
    named_cols = [j for j, c in enumerate(head)
                  if j > 0 and TARGET_HEADER_RE.search(c) and not CREDIT_HEADER_RE.search(c)]
    # The header word alone can mislead ("Feature | Specification | Business Value"): the value column is the
    # first so named whose cells hold targets.
    value_col = next((j for j in named_cols if any(j < len(r) and cell_target(r[j], t.language)
                                                   for r in t.grid[t.header + 1:])), None)
    period_col = next((j for j, c in enumerate(head) if j > 0 and _PERIOD_HEADER_RE.search(c)), None)
    first = t.header + 1 if named_cols else 0
    rows = range(first, len(t.grid))
    named = sum(1 for i in rows if t.grid[i] and metric_of(t.grid[i][0]))
    if named == 0:
        sla_text = bool(_SLA_TEXT_RE.search(t.context))
        if value_col is None and sla_text and _label_level_pairs(t):
            return
        level_column_rows(t.grid, t.header, value_col, t.language, lambda i, cell, name: t.add(
            None, i, cell, service=name, period=period_of(cell), confidence=0.75), sla_text=sla_text)
        return
    # "Other" service levels (replacement times, loss rates) only count in a table that is clearly an SLA table.
    allow_other = value_col is not None and (named >= 2 or bool(_SLA_TEXT_RE.search(t.context)))
    for i in rows:
        row = t.grid[i]
        if len(row) < 2 or not row[0]:
            continue
        name = row[0]
        metric = metric_of(name)
        # "Customer satisfaction | 90 %" reports; "Service credit | 5 % of the monthly fee" is owed
        if metric is None and (not allow_other or is_business_kpi(name) or is_remedy(name)):
            continue
        cols = [value_col] if value_col is not None else list(range(1, len(row)))
        # The first value that fits the row's metric: "Availability | Alert within 15 minutes | 98%" commits to 98%.
        cell = next((row[j] for j in cols if j < len(row) and (v := cell_target(row[j], t.language))
                     and fits(metric, v)), None)
        if cell is None:
            continue
        code = PRIORITY_CODE_RE.search(name)
        period = period_of(row[period_col]) if period_col is not None and period_col < len(row) else None
        # An availability row names its service ("Portal availability"), or none: then the table's section does.
        service = name if metric is None or (metric == "availability" and service_of(name)) else None
        t.add(metric, i, cell, priority=code.group(0) if code else None, service=service, cover=cover_in(cell),
              period=period or period_of(name) or period_of(cell), confidence=0.85 if metric else 0.6)


def _single_pair(ctx: DocContext, table: Table, grid: list[list[str]]) -> list[dict[str, Any]]:
    """A one-row table of a label and a level ("Service Level | 99.95%", "Uptime | 99.9 %"), which converters
    give as a header row without a body: the level is the availability when the label names it or a service level."""
    label, cell = grid[0]
    if not (metric_of(label) == "availability" or (TARGET_HEADER_RE.search(label) and _SLA_TEXT_RE.search(label))):
        return []
    t = SlaTable(table, grid, 0, ctx.language, False, "", service_of(table.caption) or service_of(table.section))
    value = cell_target(cell, ctx.language)
    if value is not None and value.unit == "percent" and uptime_level(value.value):
        t.add("availability", 0, cell, period=period_of(cell), confidence=0.7)
    return t.out
