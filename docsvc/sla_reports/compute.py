"""The SLA report as plain functions: each SLA term judged against outages, incidents or supplied measurements.

Conventions (stated in the report's ``method`` so a reader need not guess):
- Availability = (measured time − downtime) / measured time over the report period. Measured time is the whole
  period for round-the-clock terms and the working calendar's hours for terms with a business window.
  Overlapping outages count once. Planned maintenance is downtime unless the term's exclusions exclude it.
- Response and resolution are timed per incident opened in the period, in business time when the term's unit
  is business hours/days or its hours of cover are a business window, else in elapsed time. A term is met when
  no incident breached it; the achieved value is the worst time. An incident still open at the period's end
  is a breach once it has run past the target and otherwise waits for the next report.
- A business day is one working day of the calendar (10 business hours for 08:00-18:00).
- A measurement that matches a term is judged against it; one that matches none is reported, not judged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docsvc.calendars.calendar import BusinessClock, WorkingCalendar, parse_cover, working_windows
from docsvc.sla_reports.credits import credit_due
from docsvc.sla_reports.types import Cap, Fee, Incident, Measurement, Outage, Period, Term, Tier

Interval = tuple[dt.datetime, dt.datetime]
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "business_hours": 3600}
_NUMBERED_RE = re.compile(r"(?:p|prio|priority|priorität|sev|severity|s|level|stufe|kategorie|cat|category)?"
                          r"\s*[-.:#]?\s*(\d+)")


def priority_key(text: str | None) -> str | None:
    """"P1", "Priority 1", "Severity 1" and "1" are one priority; other wording compares case-insensitively."""
    if text is None or not text.strip():
        return None
    folded = text.casefold().strip()
    match = _NUMBERED_RE.fullmatch(folded)
    return match.group(1) if match else " ".join(re.findall(r"\w+", folded))


def service_key(text: str | None) -> str | None:
    return None if text is None or not text.strip() else " ".join(re.findall(r"\w+", text.casefold()))


def _applies(term: Term, service: str | None, priority: str | None) -> bool:
    """A term without a service (or priority) covers every one; an item without one is covered by any term."""
    ts, tp = service_key(term.service), priority_key(term.priority)
    return (ts is None or service is None or ts == service) and (tp is None or priority is None or tp == priority)


def union(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def overlap_seconds(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Seconds in both of two sorted, disjoint interval lists."""
    i = j = 0
    total = 0.0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            total += (hi - lo).total_seconds()
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return int(total)


def _dec(value: Decimal, places: str = "0.0001") -> str:
    return format(value.quantize(Decimal(places), rounding=ROUND_HALF_UP).normalize(), "f")


def is_business(term: Term) -> bool:
    return term.unit.startswith("business") or parse_cover(term.hours_of_cover) is not None


def _base(term: Term, period: Period) -> dict[str, Any]:
    notes = []
    if term.measurement_period and term.measurement_period != period.granularity:
        notes.append(f"the contract measures this term {term.measurement_period}; judged over the report's "
                     f"{period.granularity} period")
    if not term.reviewed:
        notes.append("this SLA term has not been reviewed; its extracted values were used")
    return {"term_id": term.key, "service": term.service, "metric": term.metric, "priority": term.priority,
            "target": {"value": _dec(term.target), "unit": term.unit}, "hours_of_cover": term.hours_of_cover,
            "basis": "business_hours" if is_business(term) else "all_hours", "unreviewed": not term.reviewed,
            "evidence": term.evidence, "notes": notes}


def availability(term: Term, period: Period, calendar: WorkingCalendar, outages: Sequence[Outage]) -> dict[str, Any]:
    out = _base(term, period)
    measured = (working_windows(calendar, period.start, period.end) if is_business(term)
                else [(period.start.astimezone(dt.UTC), period.end.astimezone(dt.UTC))])
    mine = [o for o in outages if _applies(term, service_key(o.service), None)]
    counted = [(o.start, o.end) for o in mine if not (o.planned and term.excludes_planned)]
    measured_s = int(sum((hi - lo).total_seconds() for lo, hi in measured))
    down_s = overlap_seconds(union(counted), measured)
    planned_s = overlap_seconds(union((o.start, o.end) for o in mine if o.planned), measured)
    if measured_s == 0:
        out.update(achieved=None, met=None, margin=None, source="outages")
        out["notes"].append("the period holds no hours of cover")
        return out
    achieved = (Decimal(measured_s - down_s) / Decimal(measured_s)) * 100
    out.update(achieved={"value": _dec(achieved), "unit": "percent"}, met=achieved >= term.target,
               margin={"value": _dec(achieved - term.target), "unit": "percentage_points"}, source="outages",
               exact=achieved, details={"measured_minutes": _dec(Decimal(measured_s) / 60, "0.01"),
                                        "downtime_minutes": _dec(Decimal(down_s) / 60, "0.01"),
                                        "planned_minutes": _dec(Decimal(planned_s) / 60, "0.01"),
                                        "planned_excluded": term.excludes_planned, "outages": len(mine)})
    return out


def unit_seconds(unit: str, calendar: WorkingCalendar) -> int | None:
    return calendar.day_seconds if unit == "business_days" else UNIT_SECONDS.get(unit)


def target_seconds(term: Term, calendar: WorkingCalendar) -> int | None:
    per = unit_seconds(term.unit, calendar)
    return None if per is None else int(term.target * per)


def _in_unit(seconds: int | Decimal, term: Term, calendar: WorkingCalendar) -> Decimal:
    return Decimal(seconds) / Decimal(unit_seconds(term.unit, calendar) or 1)


Groups = dict[tuple[str | None, str | None], list[Incident]]
# An incident is timed up to this long after the period ends: one still open then has long breached any target,
# and a stamp in the year 9999 must not make the report walk millions of days.
HORIZON = dt.timedelta(days=400)


def timing(term: Term, period: Period, calendar: WorkingCalendar, groups: Groups,
           clock: BusinessClock) -> dict[str, Any]:
    """Response or resolution times of the incidents opened in the period that the term covers (``groups``:
    those incidents by service and priority key)."""
    out = _base(term, period)
    limit = target_seconds(term, calendar)
    if limit is None:
        out.update(achieved=None, met=None, margin=None, source="incidents")
        out["notes"].append(f"a {term.metric} target in {term.unit} cannot be timed")
        return out
    business = is_business(term)
    end_of_period = period.end.astimezone(dt.UTC)
    stamp = "responded" if term.metric == "response_time" else "resolved"
    judged, breaches, waiting, worst = 0, [], 0, -1
    horizon = end_of_period + HORIZON
    mine = [i for (service, priority), group in groups.items() if _applies(term, service, priority) for i in group]
    for incident in mine:
        done = incident.responded if stamp == "responded" else incident.resolved
        until = min(done if done is not None else end_of_period, horizon)
        took = (clock.between(incident.opened, until) if business
                else max(0, int((until - incident.opened).total_seconds())))
        if done is None and took <= limit:
            waiting += 1
            continue
        judged += 1
        worst = max(worst, took)
        if took > limit:
            breaches.append({"incident": incident.id, "took": _dec(_in_unit(took, term, calendar), "0.01"),
                             "over_by": _dec(_in_unit(took - limit, term, calendar), "0.01"),
                             "open": done is None})
    details = {"incidents": judged, "within_target": judged - len(breaches), "breaches": breaches[:100],
               "breach_count": len(breaches), "open_within_target": waiting}
    if judged == 0:
        out.update(achieved=None, met=True, margin=None, source="incidents", details=details)
        out["notes"].append("no incident of this kind was timed in the period")
        return out
    compliance = Decimal(judged - len(breaches)) / Decimal(judged) * 100
    details["compliance_percent"] = _dec(compliance)
    out.update(achieved={"value": _dec(_in_unit(worst, term, calendar), "0.01"), "unit": term.unit,
                         "of": "worst incident"},
               met=not breaches, margin={"value": _dec(_in_unit(limit - worst, term, calendar), "0.01"),
                                         "unit": term.unit},
               source="incidents", exact=compliance, details=details)
    return out


def _measured(term: Term, period: Period, calendar: WorkingCalendar, m: Measurement) -> dict[str, Any]:
    out = _base(term, period)
    out["source"] = "measurement"
    unit = m.unit or term.unit
    if term.metric == "availability" or term.unit == "percent":
        if unit != "percent":
            out.update(achieved={"value": _dec(m.value), "unit": unit}, met=None, margin=None)
            out["notes"].append(f"measured in {unit}, the target is in percent: not judged")
            return out
        out.update(achieved={"value": _dec(m.value), "unit": "percent"}, met=m.value >= term.target,
                   margin={"value": _dec(m.value - term.target), "unit": "percentage_points"}, exact=m.value)
        return out
    limit, per = target_seconds(term, calendar), unit_seconds(unit, calendar)
    if limit is None or per is None or unit.startswith("business") != term.unit.startswith("business"):
        out.update(achieved={"value": _dec(m.value), "unit": unit}, met=None, margin=None)
        out["notes"].append(f"measured in {unit}, the target is in {term.unit}: not judged")
        return out
    took = m.value * per
    out.update(achieved={"value": _dec(m.value), "unit": unit}, met=took <= limit,
               margin={"value": _dec(_in_unit(limit - took, term, calendar), "0.01"), "unit": term.unit})
    return out


def _matches(term: Term, m: Measurement) -> bool:
    return (term.metric == m.metric and service_key(term.service) == service_key(m.service)
            and priority_key(term.priority) == priority_key(m.priority))


def compute_report(*, period: Period, calendar: WorkingCalendar, terms: Sequence[Term], tiers: Sequence[Tier],
                   cap: Cap | None, fee: Fee, incidents: Sequence[Incident], outages: Sequence[Outage],
                   measurements: Sequence[Measurement]) -> dict[str, Any]:
    """The report as JSON-ready data; see the module docstring for how each figure is computed."""
    start, end = period.start.astimezone(dt.UTC), period.end.astimezone(dt.UTC)
    in_period = [i for i in incidents if start <= i.opened < end]
    groups: Groups = {}
    for incident in in_period:
        groups.setdefault((service_key(incident.service), priority_key(incident.priority)), []).append(incident)
    clock = BusinessClock(calendar, start, end + HORIZON)
    results: list[dict[str, Any]] = []
    used: set[int] = set()
    for term in terms:
        supplied = next((n for n, m in enumerate(measurements) if _matches(term, m)), None)
        if supplied is not None:
            used.add(supplied)
            results.append(_measured(term, period, calendar, measurements[supplied]))
        elif term.metric == "availability":
            results.append(availability(term, period, calendar, outages))
        elif term.metric in ("response_time", "resolution_time"):
            results.append(timing(term, period, calendar, groups, clock))
        else:
            out = _base(term, period)
            out.update(achieved=None, met=None, margin=None, source="none")
            out["notes"].append("no measurement was supplied for this term")
            results.append(out)
    unjudged = [{"service": m.service, "metric": m.metric, "priority": m.priority, "value": _dec(m.value),
                 "unit": m.unit, "note": "no SLA term sets a target for this metric: reported, not judged"}
                for n, m in enumerate(measurements) if n not in used]
    timed = [t for t in terms if t.metric in ("response_time", "resolution_time")]
    covered = sum(len(group) for (service, priority), group in groups.items()
                  if any(_applies(t, service, priority) for t in timed))
    credit = credit_due(results, tiers=tiers, cap=cap, fee=fee, months=period.months)
    for result in results:
        result.pop("exact", None)
    warnings = sorted({"some SLA terms used have not been reviewed" for r in results if r["unreviewed"]}
                      | set(credit.pop("warnings")))
    return {
        "period": {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
                   "granularity": period.granularity},
        "terms": results, "unjudged": unjudged, "credit": credit,
        "summary": {"terms": len(results), "met": sum(r["met"] is True for r in results),
                    "missed": sum(r["met"] is False for r in results),
                    "not_judged": sum(r["met"] is None for r in results),
                    "incidents": len(in_period), "incidents_without_term": len(in_period) - covered,
                    "outages": len(outages)},
        "warnings": warnings, "unreviewed": bool(warnings),
    }
