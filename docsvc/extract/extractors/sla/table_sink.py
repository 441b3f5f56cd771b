"""The table being read and the entries it yields: each value cell a reader hands over becomes one entry
(metric × priority) when its unit fits the metric. Cells listing several priorities, service classes or values
("Priorität 1: 1 Stunde Priorität 2: 2 Stunden", "24h / 12h / 4h") are split into one entry per value first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docsvc.extract.context import Row
from docsvc.extract.extractors.sla.column_roles import durability_row
from docsvc.extract.extractors.sla.value_lists import (
    ListedValue,
    is_option_list,
    listed_names,
    listed_values,
    name_values,
    part_labels,
    spanned_names,
    value_then_label,
)
from docsvc.extract.extractors.sla.values import TargetValue, cell_target, uptime_level
from docsvc.extract.extractors.sla.vocab import (
    BROKEN_WORD_RE,
    PRIORITY_CODE_RE,
    cover_in,
    hours_of_cover,
    is_system_response,
    metric_of,
    period_of,
    priority_label,
    window_kind,
)
from docsvc.extract.types import Table

BARE_NUMBER_RE = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")
_UNITS_FOR = {
    "availability": {"percent"},
    "response_time": {"seconds", "minutes", "hours", "business_hours", "days", "business_days"},
    "resolution_time": {"seconds", "minutes", "hours", "business_hours", "days", "business_days"},
}


@dataclass
class SlaTable:
    """A table being read: its grid, what its context says about service windows, and the entries read so far."""

    table: Table
    grid: list[list[str]]
    header: int  # index of the header row
    language: str
    business_text: bool  # the surrounding text puts time targets inside a service window
    context: str
    service: str | None = None  # named by the table's caption or section heading
    plans: dict[int, str] = field(default_factory=dict)  # column -> plan named in a row of a multi-row header
    out: list[dict[str, Any]] = field(default_factory=list)

    def add(self, metric: str | None, row: int, cell: str, *, priority: str | None = None,
            service: str | None = None, cover: str | None = None, period: str | None = None,
            unit_hint: str = "", confidence: float = 0.85, col: int = 0) -> None:
        """Read one value cell; keep it when its unit fits the metric. A cell listing several priorities with
        their values ("Priorität 1: Weniger als 1 Stunde Priorität 2: Weniger als 2 Stunden") gives one entry
        each, the row or column label becoming the service."""
        codes = list(PRIORITY_CODE_RE.finditer(cell))
        if len(codes) >= 2 and cell[:codes[0].start()].strip(" :;,-–") == "":
            for k, code in enumerate(codes):
                part = cell[code.end():codes[k + 1].start() if k + 1 < len(codes) else len(cell)]
                self.add(metric, row, part, priority=code.group(0).strip(" :-–"), service=service or priority,
                         cover=cover, period=period, unit_hint=unit_hint, confidence=confidence, col=col * 100 + k)
            return
        labels = part_labels(cell)
        if len(labels) >= 2 and labels[0].start() == 0:
            # "Premium: Weniger als 15 Minuten Advanced: Innerhalb einer Stunde": one value per service class.
            # A label naming a metric ("Reaktionszeit: 4 Stunden, Entstörzeit: 1 Werktag") says what its part
            # measures, whatever the column is called; any other label names a service class.
            for k, found in enumerate(labels):
                part = cell[found.end():labels[k + 1].start() if k + 1 < len(labels) else len(cell)]
                named = metric_of(found.group("label"))
                self.add(named or metric, row, part, priority=priority,
                         service=service if named else found.group("label"), cover=cover,
                         period=period, unit_hint=unit_hint, confidence=confidence, col=col * 100 + k)
            return
        if codes == [] or len(codes) == 1:
            pairs = value_then_label(cell, self.language)
            if pairs:
                for k, (part, label) in enumerate(pairs):
                    self.add(metric, row, part, priority=label, service=service or priority, cover=cover,
                             period=period, unit_hint=unit_hint, confidence=confidence, col=col * 100 + k)
                return
        if is_option_list(cell):
            return  # "[99.0% / 99.5%]": alternatives for the drafter, no commitment
        listed = listed_values(cell, self.language)
        if listed:
            self._add_listed(metric, row, col, listed, priority=priority, service=service,
                             cover=cover or cover_in(cell), period=period, confidence=confidence)
            return
        business = self.business_text if cover is None else window_kind(cover) is True
        # "Geschäftstage/ 3 Tage", also as a narrow PDF cell broke it: "Geschäftstag e/ 3 Tage"
        business = business or bool(_BUSINESS_DAY_PREFIX_RE.match(BROKEN_WORD_RE.sub("", cell)))
        if unit_hint and BARE_NUMBER_RE.match(cell):
            cell = f"{cell} {unit_hint}"
        target = cell_target(cell, self.language, business=business)
        if target is None or not fits(metric, target):
            return
        # A response in under a second is latency ("API response (p95) | < 200 ms"): an "other" target; so is one
        # in seconds of an API, a query or a percentile ("API Response Time (p99) | < 2000ms").
        latency = metric == "response_time" and target.unit == "seconds" and (
            target.value < 1 or is_system_response(self.table.row_text(row)))
        if target.unit == "percent" and durability_row([c.text for c in self.table.rows[row]], cell):
            return  # "Object durability | 99.999999999%": data loss, not uptime, even under an availability header
        if metric is None and target.unit == "percent" and uptime_level(target.value):
            metric = "availability"  # "BroadWorks Platform | 99.95%": a bare service level this high is uptime
        metric = "other" if metric is None or latency else metric
        cover_text = hours_of_cover(cover) if cover else hours_of_cover(cell)
        self.out.append({
            "service": service or self.service,
            "metric": metric,
            "priority": priority,
            "target": {"value": target.value, "unit": target.unit},
            "measurement_period": period or period_of(cell),
            "hours_of_cover": cover_text,
            "exclusions": [],
            "confidence": confidence,
            "evidence": Row(self.table, row).evidence(),
            "_order": (self.table.index, row, col),
            "_cell": (self.table.row_text(row), col),  # the same row repeated (next page) counts once
        })

    def _add_listed(self, metric: str | None, row: int, col: int, listed: list[ListedValue], *,
                    priority: str | None, service: str | None, cover: str | None, period: str | None,
                    confidence: float) -> None:
        """One entry per value of "24h / 12h / 4h", named by a slash list or the empty columns the cell spans."""
        head, cells = self.grid[self.header], self.grid[row]
        header = head[col] if 0 < col < len(head) else ""
        names = listed_names(header, len(listed)) or listed_names(cells[0] if cells and col > 0 else "", len(listed))
        spanned = spanned_names(head, cells, col, len(listed)) if not names else []
        as_priority = bool(spanned) and priority == priority_label(head[col])  # the columns are priorities/classes
        names = names or spanned
        for k, (part_metric, part_priority, part_service) in enumerate(
                name_values(listed, names, metric, None if as_priority else priority, service, as_priority)):
            self.add(part_metric, row, listed[k].text, priority=part_priority, service=part_service, cover=cover,
                     period=period, confidence=confidence, col=col * 100 + k)


# A cell that opens with its business-day window: "Geschäftstage/ 3 Tage", "Business days: 2 days".
_BUSINESS_DAY_PREFIX_RE = re.compile(
    r"^\s*(?:gesch[äa]ftstage?|werktage?|arbeitstage?|business\s+days?|working\s+days?)\s*[/:–-]", re.I)


def fits(metric: str | None, target: TargetValue) -> bool:
    """The value's unit suits the metric: a percentage is no response time, hours are no availability."""
    if metric is None:
        return True
    return target.unit in _UNITS_FOR.get(metric, {target.unit})
