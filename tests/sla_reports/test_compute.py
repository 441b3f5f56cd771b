"""Golden SLA-report figures worked by hand (the working is in each test's comments).

All cases use England and Wales: Europe/London (BST = UTC+1 in August 2026) and the English bank holidays; the
cover is Mon-Fri 08:00-18:00 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from docsvc.calendars.calendar import CalendarError, WorkingCalendar, business_seconds, default_calendar, parse_cover
from docsvc.sla_reports.compute import compute_report, priority_key
from docsvc.sla_reports.types import (
    Cap,
    Fee,
    Incident,
    Measurement,
    Outage,
    ReportInputError,
    Term,
    Tier,
    period_of,
)

LONDON = WorkingCalendar(timezone="Europe/London", country="GB", subdivision="ENG")
AUGUST = period_of("2026-08", "Europe/London")
FEE = Fee(monthly=Decimal("2150.00"), currency="GBP", items=("Service management fee", "Device rental"))
TIERS = (Tier("availability", upper=Decimal("99.5"), lower=Decimal("99.0"), percent=Decimal("5")),
         Tier("availability", upper=Decimal("99.0"), lower=Decimal("98.0"), percent=Decimal("10")),
         Tier("availability", upper=Decimal("98.0"), lower=None, percent=Decimal("20")),
         Tier("resolution_time", percent=Decimal("5")))
CAP = Cap(percent=Decimal("15"))


def bst(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A London summer-time wall clock in August 2026 as the UTC instant a ticket system would send."""
    return dt.datetime(2026, 8, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def availability_term(**overrides: object) -> Term:
    values: dict[str, object] = {"key": "avail", "metric": "availability", "target": Decimal("99.5"),
                                 "unit": "percent", "service": "Managed Print", "measurement_period": "monthly",
                                 "hours_of_cover": "Mon-Fri 08:00-18:00", "excludes_planned": True,
                                 "evidence": {"page": 4, "quote": "99.5% during business hours"}}
    return Term(**(values | overrides))  # type: ignore[arg-type]


def report(terms: list[Term], *, incidents: list[Incident] = [], outages: list[Outage] = [],  # noqa: B006
           measurements: list[Measurement] = [], cap: Cap | None = CAP) -> dict:  # noqa: B006
    return compute_report(period=AUGUST, calendar=LONDON, terms=terms, tiers=TIERS, cap=cap, fee=FEE,
                          incidents=incidents, outages=outages, measurements=measurements)


OUTAGES = [
    # Wed 12 Aug 17:00-19:30 unplanned: only 17:00-18:00 is inside the cover → 60 min
    Outage(bst(12, 17), bst(12, 19, 30), "Managed Print"),
    # Tue 18 Aug 07:00-09:00 planned maintenance: 08:00-09:00 inside the cover → 60 min, excluded by the contract
    Outage(bst(18, 7), bst(18, 9), "Managed Print", planned=True),
    # Mon 31 Aug 10:00-12:00 unplanned on the Summer bank holiday → 0 min
    Outage(bst(31, 10), bst(31, 12), "Managed Print"),
    # Thu 20 Aug 10:00-10:45 unplanned, and 10:30-10:45 reported twice (overlap counts once) → 45 min
    Outage(bst(20, 10), bst(20, 10, 45), "Managed Print"),
    Outage(bst(20, 10, 30), bst(20, 10, 45), "Managed Print"),
    # another service's outage does not count
    Outage(bst(20, 11), bst(20, 15), "WAN"),
]


def test_availability_month_with_planned_and_unplanned_outages_across_the_cover_and_a_holiday() -> None:
    # August 2026 has 21 weekdays (3-7, 10-14, 17-21, 24-28, 31); 31 August is the Summer bank holiday → 20
    # working days × 10 h = 200 h = 12,000 min measured. Downtime 60 + 45 = 105 min (planned excluded, holiday
    # and out-of-hours parts not counted). Availability = (12,000 − 105) / 12,000 = 99.125 % < 99.5 % → missed
    # by 0.375 points; the 99.0 ≤ x < 99.5 tier gives 5 % of the £2,150 monthly fee = £107.50.
    out = report([availability_term()], outages=OUTAGES)
    term = out["terms"][0]
    assert term["details"] | {"outages": None} == {
        "measured_minutes": "12000", "downtime_minutes": "105", "planned_minutes": "60", "planned_excluded": True,
        "outages": None}
    assert term["achieved"] == {"value": "99.125", "unit": "percent"}
    assert term["met"] is False and term["margin"] == {"value": "-0.375", "unit": "percentage_points"}
    assert term["evidence"]["page"] == 4 and term["basis"] == "business_hours"
    assert out["credit"]["percent_due"] == "5" and out["credit"]["amount_due"] == "107.50"
    assert out["summary"] | {"outages": 0} == {"terms": 1, "met": 0, "missed": 1, "not_judged": 0, "incidents": 0,
                                                "incidents_without_term": 0, "outages": 0}


def test_planned_maintenance_counts_when_the_contract_does_not_exclude_it() -> None:
    # the same month with planned maintenance counted: 105 + 60 = 165 min down;
    # (12,000 − 165) / 12,000 = 98.625 % → the 98.0 ≤ x < 99.0 tier, 10 % of £2,150 = £215.00
    out = report([availability_term(excludes_planned=False)], outages=OUTAGES)
    assert out["terms"][0]["achieved"]["value"] == "98.625"
    assert out["credit"]["amount_due"] == "215.00"


def test_round_the_clock_availability_counts_every_minute() -> None:
    # 24x7: August has 31 × 1,440 = 44,640 min. Downtime: 12 Aug 150 min + 20 Aug 45 min + 31 Aug 120 min
    # = 315 min (planned excluded). (44,640 − 315) / 44,640 = 99.29435... % → 99.2944 (4 places)
    out = report([availability_term(hours_of_cover="24x7")], outages=OUTAGES)
    assert out["terms"][0]["details"]["measured_minutes"] == "44640"
    assert out["terms"][0]["achieved"]["value"] == "99.2944" and out["terms"][0]["basis"] == "all_hours"


def test_incident_opened_friday_1730_is_timed_in_business_hours() -> None:
    # Opened Fri 14 Aug 17:30; responded Mon 17 Aug 09:00 → Fri 17:30-18:00 (30 min) + Mon 08:00-09:00 (60 min)
    # = 1.5 business hours ≤ 2 → met with 0.5 h to spare (elapsed it would be 63.5 h).
    # Resolved Mon 17 Aug 16:00 → 30 min + 8 h = 8.5 business hours > 8 → missed by 0.5 h.
    incident = Incident("INC-1", bst(14, 17, 30), "Managed Print", "P1", responded=bst(17, 9), resolved=bst(17, 16))
    response = Term("resp", "response_time", Decimal("2"), "business_hours", "Managed Print", "Priority 1")
    resolution = Term("res", "resolution_time", Decimal("8"), "business_hours", "Managed Print", "P1")
    out = report([response, resolution], incidents=[incident])
    by_id = {t["term_id"]: t for t in out["terms"]}
    assert by_id["resp"]["met"] is True and by_id["resp"]["achieved"]["value"] == "1.5"
    assert by_id["resp"]["margin"] == {"value": "0.5", "unit": "business_hours"}
    assert by_id["res"]["met"] is False and by_id["res"]["achieved"]["value"] == "8.5"
    assert by_id["res"]["details"]["breaches"] == [{"incident": "INC-1", "took": "8.5", "over_by": "0.5",
                                                    "open": False}]
    # the resolution tier (5 %, no band) applies: 5 % of £2,150 = £107.50
    assert out["credit"]["amount_due"] == "107.50"
    # the same incident timed round the clock: 63.5 h to respond
    elapsed = Term("resp24", "response_time", Decimal("2"), "hours", "Managed Print", "P1", hours_of_cover="24x7")
    assert report([elapsed], incidents=[incident])["terms"][0]["achieved"]["value"] == "63.5"


def test_business_days_and_open_incidents() -> None:
    # 1 business day = 10 h. Opened Thu 27 Aug 16:00, never resolved: Thu 2 h + Fri 28 Aug 10 h = 12 h by the
    # end of August (Mon 31 is a holiday) = 1.2 business days > 1 → a breach while still open, over by 0.2.
    # Opened Fri 28 Aug 17:00, unresolved: 1 h < 10 h → waits for September's report.
    late = Incident("INC-2", bst(27, 16), "Managed Print", "P2")
    waiting = Incident("INC-3", bst(28, 17), "Managed Print", "P2")
    term = Term("res2", "resolution_time", Decimal("1"), "business_days", "Managed Print", "P2")
    out = report([term], incidents=[late, waiting])["terms"][0]
    assert out["details"]["breaches"] == [{"incident": "INC-2", "took": "1.2", "over_by": "0.2", "open": True}]
    assert out["details"]["open_within_target"] == 1 and out["met"] is False


def test_credit_tiers_with_a_cap() -> None:
    # availability measured at 97.5 % → the "below 98.0" tier: 20 %; resolution missed → 5 %; total 25 %, capped
    # at 15 % → 15 % of £2,150 = £322.50
    resolution = Term("res", "resolution_time", Decimal("4"), "hours", "Managed Print", "P1")
    incident = Incident("INC-9", bst(10, 9), "Managed Print", "P1", bst(10, 9, 5), bst(10, 14))  # 5 h > 4 h
    out = report([availability_term(), resolution], incidents=[incident],
                 measurements=[Measurement("availability", Decimal("97.5"), "Managed Print", unit="percent")])
    credit = out["credit"]
    assert [line["percent"] for line in credit["lines"]] == ["20", "5"]
    assert credit["percent_total"] == "25" and credit["percent_due"] == "15" and credit["capped"] is True
    assert credit["fee"]["period"] == "2150" and credit["amount_due"] == "322.50"
    # without a cap the full 25 % is due: £537.50; with a money cap of £300 the amount stops there
    assert report([availability_term(), resolution], incidents=[incident], cap=None, measurements=[
        Measurement("availability", Decimal("97.5"), "Managed Print", unit="percent")])["credit"]["amount_due"] == \
        "537.50"
    assert report([availability_term(), resolution], incidents=[incident], cap=Cap(amount=Decimal("300")),
                  measurements=[Measurement("availability", Decimal("97.5"), "Managed Print",
                                            unit="percent")])["credit"]["amount_due"] == "300.00"


def test_a_metric_without_a_target_is_reported_not_judged() -> None:
    out = report([availability_term()], measurements=[
        Measurement("first_time_fix", Decimal("87.5"), "Managed Print", unit="percent")])
    assert out["unjudged"] == [{"service": "Managed Print", "metric": "first_time_fix", "priority": None,
                                "value": "87.5", "unit": "percent",
                                "note": "no SLA term sets a target for this metric: reported, not judged"}]
    # no outages: 100 % against 99.5 % → met, no credit
    assert out["terms"][0]["met"] is True and out["credit"]["lines"] == [] and out["credit"]["amount_due"] is None
    assert out["summary"]["not_judged"] == 0


def test_unreviewed_terms_are_used_and_flagged() -> None:
    out = report([availability_term(reviewed=False)], outages=OUTAGES)
    assert out["terms"][0]["unreviewed"] is True and out["unreviewed"] is True
    assert "some SLA terms used have not been reviewed" in out["warnings"]
    assert out["terms"][0]["achieved"]["value"] == "99.125"


def test_calendar_pieces() -> None:
    assert parse_cover("Mon-Fri 08:00-18:00") == ((0, 1, 2, 3, 4), 480, 1080)
    assert parse_cover("24x7") is None and parse_cover("Sat-Sun") == ((5, 6), 480, 1080)
    assert priority_key("Priority 1") == priority_key("P1") == priority_key("sev 1") == "1"
    assert priority_key("Kritisch") == "kritisch"
    calendar, notes = default_calendar(covers=["24x7", "Mon-Fri 07:00-19:00"], governing_law="Germany")
    assert (calendar.timezone, calendar.country, calendar.start, calendar.end) == ("Europe/Berlin", "DE", 420, 1140)
    assert notes == []
    # German Unity Day (Sat 3 Oct 2026) is no working day anyway; Christmas Day 2026 (Friday) is a holiday:
    # Thu 24 Dec 18:00 → Mon 28 Dec 08:30 (Berlin, winter) is 30 business minutes
    start = dt.datetime(2026, 12, 24, 17, tzinfo=dt.UTC)
    assert business_seconds(WorkingCalendar(timezone="Europe/Berlin", country="DE"), start,
                            dt.datetime(2026, 12, 28, 7, 30, tzinfo=dt.UTC)) == 30 * 60
    _, notes = default_calendar(covers=[], governing_law="Atlantis")
    assert len(notes) == 2
    with pytest.raises(CalendarError):
        WorkingCalendar(timezone="Mars/Olympus")
    with pytest.raises(CalendarError):
        WorkingCalendar(country="XX")
    with pytest.raises(CalendarError):
        WorkingCalendar(start=600, end=540)
    with pytest.raises(ReportInputError):
        period_of("2026-13", "UTC")
    assert period_of("2026-Q4", "UTC").months == 3
