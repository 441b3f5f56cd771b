"""SLA targets in contract and support-policy prose: priority lines under a response-times heading, items opened
by a named priority, metric nouns written right before their value, workarounds beside a final resolution."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _keys(*args: Any, **kwargs: Any) -> list[tuple[str, str | None, float, str]]:
    entries = extract_sla(make_context(*args, **kwargs), {}).get("sla", [])
    return [(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def test_priority_lines_under_a_response_times_heading() -> None:
    heading = "4.2 Response Times"
    assert _keys([heading, "Priority 1 tickets: 3 hours", "Priority 2 tickets: 6 hours"], headings=[heading]) == [
        ("response_time", "Priority 1", 3.0, "hours"),
        ("response_time", "Priority 2", 6.0, "hours"),
    ]


def test_item_opened_by_a_named_priority_with_metric_nouns_before_values() -> None:
    # a status-update cadence is an "other" objective (the corpus label convention), never a resolution time
    assert _keys(["Urgent: first response 2 hours, progress updates every 4 hours, target resolution 12 hours."]) == [
        ("response_time", "Urgent", 2.0, "hours"),
        ("other", "Urgent", 4.0, "hours"),
        ("resolution_time", "Urgent", 12.0, "hours"),
    ]


def test_workaround_beside_final_resolution_is_other() -> None:
    assert _keys(["Severity 3 - Initial Response within 4 hours; Workaround within 3 days; "
                  "Final resolution within 20 business days."]) == [
        ("response_time", "Severity 3", 4.0, "hours"),
        ("other", "Severity 3", 3.0, "days"),
        ("resolution_time", "Severity 3", 20.0, "business_days"),
    ]


def test_workaround_alone_stays_the_resolution_target() -> None:
    assert _keys(["Vendor shall provide a workaround for each Severity 1 Error within 36 hours."]) == [
        ("resolution_time", "Severity 1", 36.0, "hours"),
    ]


def test_returning_calls_is_a_response() -> None:
    assert _keys(["The help desk is staffed from 9:00 a.m. to 5:00 p.m. Central Time and shall return all "
                  "calls within three (3) business hours."]) == [
        ("response_time", None, 3.0, "business_hours"),
    ]


def test_replies_to_emails_are_support_responses() -> None:
    assert _keys(["Our target is to respond to emails within 2 business days."]) == [
        ("response_time", None, 2.0, "business_days"),
    ]


def test_support_row_of_a_plan_table_states_response_times() -> None:
    entries = extract_sla(make_context(["Plans"], [[
        ["", "Hobby", "Team", "Corporate"],
        ["Price", "$0", "$25/mo", "Contact us"],
        ["Uptime SLA", "–", "99.5%", "99.95%"],
        ["Support", "Forum", "Email (36h)", "Phone (2h)"],
    ]]), {}).get("sla", [])
    assert [(e["metric"], e["priority"], e["target"]["value"]) for e in entries] == [
        ("availability", "Team", 99.5), ("availability", "Corporate", 99.95),
        ("response_time", "Team", 36.0), ("response_time", "Corporate", 2.0),
    ]


def test_on_site_and_hardware_replacement_times_are_other() -> None:
    assert _keys(["Defective hardware components will be replaced within 6 hours of detection."]) == [
        ("other", None, 6.0, "hours"),
    ]
    assert _keys(["Vendor shall respond to Severity 1 incidents within 30 minutes and send an on-site technician "
                  "within 8 hours."]) == [
        ("response_time", "Severity 1", 30.0, "minutes"),
        ("other", "Severity 1", 8.0, "hours"),
    ]
    assert _keys(["On-site response time for P2 incidents is 10 hours."]) == [("response_time", "P2", 10.0, "hours")]
