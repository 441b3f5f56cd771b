"""Maintenance-exhibit tables (priority groups of metric rows x plan columns, environment groups) and the wording
around SLA values that says when a value is no target (hedges, clock starts, remedy conditions)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.services import service_of
from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = extract_sla(make_context(*args, **kwargs), {}).get("sla", [])
    return entries


def _keys(entries: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None, float, str]]:
    return [(e["metric"], e["priority"], e["service"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def test_priority_groups_of_metric_rows_by_plan_columns() -> None:
    entries = _sla(
        ["Support levels per plan:"],
        [[
            ["Priority", "Measure", "Bronze", "Platinum"],
            ["Urgent", "First Response", "6 hours", "1 hour"],
            ["", "Restore Operation", "1 day", "12 hours"],
            ["", "Permanent Fix", "10 business days", "5 business days"],
            ["Normal", "First Response", "2 business days", "4 hours"],
            ["", "Permanent Fix", "20 business days", "10 business days"],
        ]],
    )
    assert _keys(entries) == [
        ("response_time", "Urgent", "Bronze", 6.0, "hours"),
        ("response_time", "Urgent", "Platinum", 1.0, "hours"),
        ("other", "Urgent", "Bronze", 1.0, "days"),
        ("other", "Urgent", "Platinum", 12.0, "hours"),
        ("resolution_time", "Urgent", "Bronze", 10.0, "business_days"),
        ("resolution_time", "Urgent", "Platinum", 5.0, "business_days"),
        ("response_time", "Normal", "Bronze", 2.0, "business_days"),
        ("response_time", "Normal", "Platinum", 4.0, "hours"),
        ("resolution_time", "Normal", "Bronze", 20.0, "business_days"),
        ("resolution_time", "Normal", "Platinum", 10.0, "business_days"),
    ]


def test_restore_row_without_a_final_fix_row_stays_resolution() -> None:
    entries = _sla(
        ["Service levels:"],
        [[
            ["Severity", "Target", "Value"],
            ["Sev 1", "Response", "30 minutes"],
            ["", "Restore Service", "4 hours"],
            ["Sev 2", "Response", "2 hours"],
            ["", "Restore Service", "1 business day"],
        ]],
    )
    assert [(m, p, v, u) for m, p, _, v, u in _keys(entries)] == [
        ("response_time", "Sev 1", 30.0, "minutes"),
        ("resolution_time", "Sev 1", 4.0, "hours"),
        ("response_time", "Sev 2", 2.0, "hours"),
        ("resolution_time", "Sev 2", 1.0, "business_days"),
    ]


def test_environment_groups_keep_equal_values_of_each_group() -> None:
    # Without the group label as service, the second group's equal rows would be folded into the first's.
    entries = _sla(
        ["Non-production service levels:"],
        [[
            ["Stage", "Severity", "Initial Response", "Fix"],
            ["Sandbox", "Critical", "3 days", "12 days"],
            ["", "Minor", "6 days", "30 days"],
            ["Staging", "Critical", "3 days", "12 days"],
            ["", "Minor", "6 days", "30 days"],
        ]],
    )
    assert _keys(entries) == [
        ("response_time", "Critical", "Sandbox", 3.0, "days"),
        ("resolution_time", "Critical", "Sandbox", 12.0, "days"),
        ("response_time", "Minor", "Sandbox", 6.0, "days"),
        ("resolution_time", "Minor", "Sandbox", 30.0, "days"),
        ("response_time", "Critical", "Staging", 3.0, "days"),
        ("resolution_time", "Critical", "Staging", 12.0, "days"),
        ("response_time", "Minor", "Staging", 6.0, "days"),
        ("resolution_time", "Minor", "Staging", 30.0, "days"),
    ]


def test_abbreviated_business_hours_in_a_cell() -> None:
    entries = _sla(
        ["Support response targets:"],
        [[
            ["Severity", "Response Time", "Resolution Target"],
            ["Critical", "2 hours (24/7)", "6 hours"],
            ["Major", "3 hours (Bus. Hrs)", "2 business days"],
        ]],
    )
    assert ("response_time", "Major", None, 3.0, "business_hours") in _keys(entries)
    assert ("response_time", "Critical", None, 2.0, "hours") in _keys(entries)


def test_generally_is_a_hedge() -> None:
    entries = _sla([
        "Severity 4: Initial Response within 2 Business Days; resolution as agreed, generally within 15 Business Days.",
    ])
    assert [(e["metric"], e["target"]["value"]) for e in entries] == [("response_time", 2.0)]
    # In contract language "generally shall" still promises.
    entries = _sla(["The Portal generally shall be available at least 97% of the time in any calendar month."])
    assert [(e["metric"], e["target"]["value"]) for e in entries] == [("availability", 97.0)]


def test_clock_start_day_is_no_target() -> None:
    entries = _sla([
        "Urgent tickets receive a response within 6 hours. For tickets received outside support hours, the "
        "response period begins at the start of the next business day.",
    ])
    assert [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries] == [
        ("response_time", 6.0, "hours"),
    ]


def test_remedy_condition_restating_the_uptime_target_counts_once() -> None:
    entries = _sla(
        [
            "1. Uptime",
            "Provider guarantees 99.8% platform uptime in each calendar month.",
            "2. Service Credits",
            "If we fail to meet the 99.8% uptime guarantee in any given month, you may be eligible for service "
            "credits according to the following schedule:",
        ],
        headings=["1. Uptime", "2. Service Credits"],
    )
    assert [(e["metric"], e["target"]["value"]) for e in entries] == [("availability", 99.8)]


def test_section_headings_of_procedure_name_no_service() -> None:
    assert service_of("1.2 Uptime Calculation") is None
    assert service_of("2.1 Credit Eligibility") is None
    assert service_of("5.1 Guaranteed Response Times") is None
    assert service_of("3.2 Managed Firewall") == "Managed Firewall"


def test_biz_abbreviation_puts_hours_and_days_into_business_time() -> None:
    entries = _sla([
        "- Starter: 99.0% uptime; Response: 36h biz hours; email only",
        "- Growth: 99.5% uptime; Response: 6h (biz); phone",
        "- Low (P4): resolved within 3 biz days",
    ])
    keys = [(m, v, u) for m, _, _, v, u in _keys(entries)]
    assert ("response_time", 36.0, "business_hours") in keys
    assert ("response_time", 6.0, "business_hours") in keys
    assert ("resolution_time", 3.0, "business_days") in keys


def test_plan_rows_with_priority_named_in_metric_headers() -> None:
    entries = _sla(
        ["Support plans"],
        [[
            ["Plan", "Urgent response", "Normal response", "Monthly price"],
            ["Team", "8 hours", "3 business days", "$49"],
            ["Scale", "2 hours", "16 hours", "$290"],
        ]],
    )
    assert _keys(entries) == [
        ("response_time", "Urgent", "Team", 8.0, "hours"),
        ("response_time", "Normal", "Team", 3.0, "business_days"),
        ("response_time", "Urgent", "Scale", 2.0, "hours"),
        ("response_time", "Normal", "Scale", 16.0, "hours"),
    ]


def test_priority_items_with_dash_under_a_metric_lead_in() -> None:
    entries = _sla(["Initial response targets:", "- Emergency – 45 minutes", "- Minor – 3 business days"])
    assert [(m, p, v, u) for m, p, _, v, u in _keys(entries)] == [
        ("response_time", "Emergency", 45.0, "minutes"),
        ("response_time", "Minor", 3.0, "business_days"),
    ]


def test_abbreviated_business_day_with_dot() -> None:
    entries = _sla(
        ["Severity targets"],
        [[
            ["Severity", "Definition", "Target response"],
            ["Sev 1", "Down", "20 min"],
            ["Sev 3", "Question", "2 bus. days"],
        ]],
    )
    assert [(p, v, u) for _, p, _, v, u in _keys(entries)] == [
        ("Sev 1", 20.0, "minutes"),
        ("Sev 3", 2.0, "business_days"),
    ]


def test_interim_response_column_between_response_and_fix_is_other() -> None:
    entries = _sla(
        ["Service levels:"],
        [[
            ["Severity", "Initial Response", "Operational State Response", "Fix"],
            ["Critical", "2 hours", "1 day", "7 days"],
        ]],
    )
    assert [(m, v, u) for m, _, _, v, u in _keys(entries)] == [
        ("response_time", 2.0, "hours"), ("other", 1.0, "days"), ("resolution_time", 7.0, "days"),
    ]
